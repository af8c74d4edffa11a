"""Building the site: the project as it is, or a variant of it in a temporary folder."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import quiz.browser

from . import ROOT

SITE_URL = "https://www.closeforce.nl/"  # site_url in mkdocs.yml


# The browser storage keys of the self-assessment, from their one source (written into
# every page by the build): {"ANSWERS_KEY": "...", "UTM_KEY": "..."}.
STORAGE_KEYS = {"ANSWERS_KEY": quiz.browser.ANSWERS_KEY, "UTM_KEY": quiz.browser.UTM_STORAGE_KEY}
ANSWERS_KEY = quiz.browser.ANSWERS_KEY  # localStorage: the answers
# What Material itself keeps in localStorage (the palette, ...): "<site path>.__<name>".
MATERIAL_STORAGE_KEY = re.compile(r"^/.*\.__\w+$")

# The variant build of the test suite (`variant_site`): the newsletter configured, and one
# draft post added.
NEWSLETTER_ACTION = "https://nieuwsbrief.example.com/subscribe?list=42&lang=nl"
DRAFT_SLUG = "concept-dat-niet-verschijnt"
DRAFT_MARKER = "Vd7kq3 conceptmarkering"
DRAFT_POST = f"""\
---
date: 2025-09-01
authors: [mitchel]
slug: {DRAFT_SLUG}
draft: true
description: Dit concept mag nergens verschijnen ({DRAFT_MARKER}).
---

# Concept: {DRAFT_MARKER}

Deze tekst is een concept en hoort niet op de gepubliceerde site ({DRAFT_MARKER}).
"""
VARIANT_CONFIG = (
    "extra:\n"
    "  newsletter:\n"
    f"    action: {NEWSLETTER_ACTION}\n"
    "    hidden_fields:\n"
    "      locale: nl\n"
)


# The statistics variant (`stats_site`): Umami on the site's own domain, asking first, and
# a booking calendar (so that "Plan een afspraak" leaves the page, as it does for real).
STATS_WEBSITE = "4f1c2a9e-7b3d-4c5e-8f60-1a2b3c4d5e6f"
STATS_COLLECT = "/stats/api/send"
STATS_BOOKING_URL = "https://cal.example.com/closeforce/kennismaking"
STATS_CONFIG = (
    "extra:\n"
    "  analytics:\n"
    "    provider: umami\n"
    f"    collect: {STATS_COLLECT}\n"
    f"    website: {STATS_WEBSITE}\n"
    "  booking:\n"
    "    provider: calcom\n"
    f"    url: {STATS_BOOKING_URL}\n"
    "    email: info@closeforce.nl\n"
)


@dataclass(frozen=True)
class VariantSite:
    """A build of a temporary copy of the project with extra configuration or content."""

    site: Path
    docs: Path


def build_command(config_file: Path, site_dir: Path) -> list[str]:
    """`mkdocs build --strict` of `config_file` into `site_dir`."""
    return [
        *(sys.executable, "-m", "mkdocs", "build", "--strict", "--clean"),
        *("--config-file", str(config_file), "--site-dir", str(site_dir)),
    ]


def build_env() -> dict[str, str]:
    """The environment of a build: this one, without MkDocs' banner about version 2."""
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}


def build_site(config_file: Path, site_dir: Path) -> subprocess.CompletedProcess[str]:
    """Run `mkdocs build --strict` for `config_file` into `site_dir`; never raises."""
    return subprocess.run(
        build_command(config_file, site_dir),
        capture_output=True,
        text=True,
        env=build_env(),
        cwd=config_file.parent,
        check=False,
    )


class BuildError(RuntimeError):
    """`mkdocs build --strict` failed; the message holds its output."""


def build(config_file: Path, site_dir: Path) -> Path:
    """Build like `build_site`; returns `site_dir`, raises BuildError with the log."""
    result = build_site(config_file, site_dir)
    if result.returncode != 0:
        raise BuildError(
            f"mkdocs build --strict of {config_file} failed ({result.returncode}):\n{result.stderr}"
        )
    return site_dir


def make_variant_project(
    target: Path,
    extra_config: str,
    add_docs: dict[str, str] | None = None,
    *,
    share_cache: bool = True,
    own_overrides: bool = False,
) -> Path:
    """A copy of the project in `target`: its own mkdocs.yml and docs/, the rest linked.

    `extra_config` is YAML merged over the real mkdocs.yml (MkDocs' INHERIT; lists are
    replaced, mappings merged). `add_docs` maps paths under docs/ to file contents.
    With `share_cache` the project's .cache/ (social cards, fonts) is linked, not rebuilt.
    With `own_overrides` overrides/ is copied too, so that a test may edit it.
    Returns the path of the variant's mkdocs.yml.
    """
    target.mkdir(parents=True, exist_ok=True)
    copied = {"docs"} | ({"overrides"} if own_overrides else set())
    own = copied | {"mkdocs.yml", "site"} | (set() if share_cache else {".cache"})
    for entry in ROOT.iterdir():
        if entry.name not in own:
            (target / entry.name).symlink_to(entry)
    for name in sorted(copied):
        shutil.copytree(ROOT / name, target / name)
    for relative, text in (add_docs or {}).items():
        path = target / "docs" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    config = target / "mkdocs.yml"
    config.write_text(f"INHERIT: {ROOT / 'mkdocs.yml'}\n{extra_config}", encoding="utf-8")
    return config
