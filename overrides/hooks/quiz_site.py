"""MkDocs hook: the self-assessment in the site. Glue only; the rules live in `quiz/`, the
making of the browser files in `quiz_build/`.

- reads and checks the definition and `extra.booking` on every build (so `mkdocs serve`
  picks up edits); a mistake stops `mkdocs build`, while `mkdocs serve` reports it
  (`preview`, beside the hooks) and goes on with the last good definition, or, when there never
  was one, shows a notice where the form would be,
- replaces the markers `<!-- zelftest -->` (the form), `<!-- zelftest:kenmerken -->` (the
  checklist of criteria) and `<!-- zelftest:leadlijst -->` (the lead list: a marketer's
  file judged by the same rules) in any page with templates from `overrides/partials/`,
- puts the browser files into the site: the quiz wheel, its lock file, the memory snapshot,
  the trimmed standard library and the pinned Pyodide runtime (made once per version of
  the rules and runtime, staged in `.cache/quiz-assets/`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

import preview
import quiz
import quiz_build

# Paths relative to the project (the folder of mkdocs.yml) and to docs_dir.
DEFINITION = Path("zelftest") / "definitie.yml"
PYODIDE = Path("node_modules") / "pyodide"
STAGING = Path(".cache") / "quiz-assets"
STAGING_TTL_S = 600
MARKER = re.compile(r"<!--\s*zelftest(?::(?P<part>[a-z-]+))?\s*-->")

log = logging.getLogger("mkdocs.hooks.quiz_site")

# State of the current build; set in on_config and on_env, read by the page hooks.
# "definition" is None when `mkdocs serve` has never read a good one.
_state: dict[str, Any] = {}
# The last good definition, its data and booking settings: `mkdocs serve` keeps them.
_last_good: dict[str, Any] = {}
# Where the form would be while the preview has no good definition.
UNAVAILABLE = (
    '<div class="admonition warning" role="note">'
    '<p class="admonition-title">De zelftest is hier nog niet te zien</p>'
    "<p>De zelftest-definitie of de instellingen in mkdocs.yml kloppen niet: zie de melding "
    "bovenaan de pagina.</p></div>"
)


# --- Hooks ----------------------------------------------------------------------------


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Load the definition and the booking settings; report them when they are broken."""
    _state.clear()
    _state.update(definition=None, project=Path(config.config_file_path).parent)
    definition_file = Path(config.docs_dir) / DEFINITION
    try:
        data, lines = quiz_build.read_data(definition_file, _shown(definition_file))
        definition = quiz.build_definition(data, source=_shown(definition_file), lines=lines)
    except quiz.DefinitionError as error:
        preview.report(f"De zelftest-definitie klopt niet:\n{error}")
    else:
        # Warnings (a number typed where a placeholder belongs) are shown, but the
        # definition works, so they are logged at INFO level: `mkdocs build --strict` fails
        # on warnings.
        for warning in definition.warnings:
            log.info("Zelftest-definitie, waarschuwing: %s", warning)
        _last_good.update(definition=definition, data=data)
    try:
        booking = quiz.booking_config(config.extra.get("booking"))
    except quiz.BookingConfigError as error:
        preview.report(f"mkdocs.yml: {error}")
    else:
        _last_good.update(booking=booking)
    # Only `mkdocs serve` gets here after a report: it goes on with what was good last.
    _state.update(_last_good)
    # Only the small loader is on every page, so that instant navigation to a page with the
    # form finds it bound; it imports the form, and the form Pyodide, only where one is.
    config.extra_css.append("assets/quiz/quiz.css")
    script = ExtraScriptValue("assets/quiz/loader.mjs")
    script.type = "module"
    config.extra_javascript.append(script)
    return config


def on_pre_build(config: MkDocsConfig) -> None:
    """Build the wheel, lock file and runtime once per version of the rules and runtime."""
    if not _ready():
        return
    data, project = _state["data"], _state["project"]
    runtime = project / PYODIDE
    staging = project / STAGING / quiz_build.assets_key(data, runtime)
    if not (staging / "assets.json").is_file():
        scratch = Path(tempfile.mkdtemp(prefix="build-", dir=_ensure(project / STAGING)))
        try:
            assets = quiz_build.build_assets(data, runtime, scratch)
        except RuntimeError as error:
            raise PluginError(str(error)) from None
        (scratch / "assets.json").write_text(json.dumps(assets.as_json()), encoding="utf-8")
        shutil.rmtree(staging, ignore_errors=True)
        scratch.rename(staging)
    _prune(project / STAGING, keep=staging)
    _state["staging"] = staging
    _state["assets"] = json.loads((staging / "assets.json").read_text(encoding="utf-8"))


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Replace the self-assessment markers with the rendered form or checklist."""
    forms = 0

    def render(match: re.Match[str]) -> str:
        nonlocal forms
        part = match["part"]
        if part not in (None, "kenmerken", "leadlijst"):
            preview.report(
                f"docs/{page.file.src_uri}: onbekende markering '{match[0]}'. Gebruik "
                "<!-- zelftest -->, <!-- zelftest:kenmerken --> of <!-- zelftest:leadlijst -->."
            )
            return ""
        if not _ready():
            return UNAVAILABLE
        if part == "kenmerken":
            return _render_criteria()
        if part == "leadlijst":
            return _render_lead_list(page)
        forms += 1
        if forms > 1:
            preview.report(f"docs/{page.file.src_uri}: de zelftest staat twee keer op deze pagina.")
            return ""
        return _render_form(page, config)

    if "env" not in _state:  # pages are rendered before on_env: use the theme's own loader
        _state["env"] = config.theme.get_env()
    return MARKER.sub(render, html)


def on_post_build(config: MkDocsConfig) -> None:
    """Put the staged wheel, lock file, snapshot and runtime (43 MB) into the site.

    Hard links where the file system allows: the files never change (their names carry
    their hashes), and linking saves copying them on every build and every serve reload.
    """
    if "staging" not in _state:  # `mkdocs serve` without a good definition yet
        return
    shutil.copytree(
        _state["staging"] / "assets",
        Path(config.site_dir) / "assets",
        dirs_exist_ok=True,
        copy_function=_link_or_copy,
    )


# --- Helper functions -----------------------------------------------------------------


def _ready() -> bool:
    """A good definition and booking settings: always in a build, not yet in every preview."""
    return _state["definition"] is not None and "booking" in _state


def _render_form(page: Page, mkdocs_config: MkDocsConfig) -> str:
    definition = _state["definition"]
    public = quiz.questions(definition)
    # Posts and the home page show the newsletter already (partials/comments.html).
    with_newsletter = not (page.is_homepage or page.file.src_uri.startswith("blog/posts/"))
    newsletter = bool((mkdocs_config.extra.get("newsletter") or {}).get("action"))
    settings = {
        "base": get_relative_url(".", page.url),
        "labels": {
            "criteria": {c["id"]: c["label"] for c in public["criteria"]},
            "outcomes": {
                o["id"]: {"label": o["label"], "summary": o["summary"]} for o in public["outcomes"]
            },
            # "Wat zou je uitkomst veranderen?": every sentence, looked up by the page.
            "improvements": quiz.improvement_texts(definition),
        },
        # The result names the newsletter only when its signup is on this page.
        "newsletter": with_newsletter and newsletter,
        "contact": _contact_line(mkdocs_config),
        "assets": _state["assets"],
        "booking": _booking_settings(),
        "formHash": _form_hash(),
        # Python's largest files, fetched with the page on a link not reported slow (start.mjs).
        "preload": _preloaded(_state["assets"]),
        # Python's replies to the first steps, until Python itself is ready (client.mjs).
        "prepared": _prepared(),
    }
    template = _state["env"].get_template("partials/quiz-form.html")
    return str(
        template.render(
            quiz=public,
            definition=definition,
            config_json=json.dumps(settings, ensure_ascii=False),
            examples_json={e.id: json.dumps(e.answers) for e in definition.examples},
            config=mkdocs_config,
            page=page,
            base_url=get_relative_url(".", page.url),
            with_newsletter=with_newsletter,
        )
    )


def _render_lead_list(page: Page) -> str:
    """The lead list: the same rules in the page's own worker, with its own trimmed stdlib
    (csv, zipfile, xml) and no snapshot (that holds the self-assessment only)."""
    from quiz import leads  # the lead page's part of the runtime

    public = quiz.questions(_state["definition"])
    assets = {**_state["assets"], "stdlib": _state["assets"]["leadsStdlib"], "snapshot": ""}
    settings = {
        "base": get_relative_url(".", page.url),
        "assets": assets,
        "questions": [
            {"id": q["id"], "label": q["label"], "type": q["type"]} for q in public["questions"]
        ],
        "criteria": public["criteria"],
        "outcomes": [{"id": o["id"], "label": o["label"]} for o in public["outcomes"]],
        "maxBytes": leads.MAX_BYTES,
    }
    template = _state["env"].get_template("partials/lead-list.html")
    return str(
        template.render(
            quiz=public,
            config_json=json.dumps(settings, ensure_ascii=False),
            base_url=get_relative_url(".", page.url),
            max_megabytes=leads.MAX_BYTES // 1_000_000,
        )
    )


def _render_criteria() -> str:
    template = _state["env"].get_template("partials/quiz-criteria.html")
    return str(template.render(quiz=quiz.questions(_state["definition"])))


def _preloaded(assets: dict[str, Any]) -> list[str]:
    """Python's largest files, which every boot needs (lean or snapshot): the runtime's
    wasm and its large module, and the trimmed standard library."""
    runtime = assets["pyodide"]
    return [runtime + "pyodide.asm.wasm", runtime + "pyodide.asm.mjs", assets["stdlib"]]


def _prepared() -> dict[str, str]:
    """The engine's replies to the first steps, made once per definition."""
    definition = _state["definition"]
    if _state.get("prepared_for") is not definition:
        _state.update(prepared=quiz_build.prepared_replies(definition), prepared_for=definition)
    return dict(_state["prepared"])


def _contact_line(mkdocs_config: MkDocsConfig) -> str:
    """The company's contact line on a printed result, from `extra.company`."""
    company = mkdocs_config.extra.get("company") or {}
    parts = [company.get("name") or mkdocs_config.site_name]
    parts += [str(company[key]) for key in ("address", "phone", "email") if company.get(key)]
    parts += [f"KvK {company['kvk']}"] if company.get("kvk") else []
    return " · ".join(parts)


def _booking_settings() -> dict[str, str]:
    booking = _state["booking"]
    return {"provider": booking.provider, "url": booking.url, "email": booking.email}


def _form_hash() -> str:
    """Changes when the questions change: stored answers from older forms are discarded."""
    questions = quiz.questions(_state["definition"])["questions"]
    return hashlib.sha256(json.dumps(questions, sort_keys=True).encode()).hexdigest()[:12]


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:  # another file system, or links not allowed
        shutil.copy2(source, target)


def _ensure(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _prune(folder: Path, keep: Path) -> None:
    """Drop staged assets of earlier definitions (left alone for a while: parallel builds)."""
    for entry in folder.iterdir():
        if entry != keep and time.time() - entry.stat().st_mtime > STAGING_TTL_S:
            shutil.rmtree(entry, ignore_errors=True)


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
