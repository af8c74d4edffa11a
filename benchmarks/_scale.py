"""Build scale: generated sites of many posts, built with and without the self-assessment.

Each generated project lives in a temporary folder: a copy of `docs/` (the real pages and
posts) plus generated posts until the blog holds the requested number, copies of
`overrides/`, and two configurations made from the real `mkdocs.yml`:
- "with": the configuration as it is (the self-assessment hook included),
- "without": the same minus `overrides/hooks/quiz_site.py` in `hooks`.
The social plugin (one PNG card per page, the slowest part by far) is switched off in
both, so that the comparison is not drowned in image rendering. The two variants build at
the same time, one process per core, so that whatever else the machine does (this is a
shared VM whose speed drifts by ±10% from one minute to the next) hits both alike.
"""

from __future__ import annotations

import datetime
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from tests.support import ROOT

from . import _runs, _site

QUIZ_HOOK = "overrides/hooks/quiz_site.py"
DISABLED_PLUGINS = {"social", "material/social"}
_TOPICS = (
    "koude acquisitie", "warme leads", "de eerste afspraak", "een goed gesprek",
    "opvolging", "de juiste beslisser", "budgetvragen", "een belscript", "LinkedIn",
    "netwerken", "het intakegesprek", "de pijplijn", "klantbehoefte", "kwalificatie",
)  # fmt: skip


@dataclass(frozen=True)
class ScaleProject:
    """A generated project: its folder and the two configuration files."""

    folder: Path
    posts: int
    with_quiz: Path
    without_quiz: Path


def make_project(folder: Path, posts: int) -> ScaleProject:
    """Write a project with `posts` blog posts (real ones first, then generated)."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "docs", folder / "docs")
    shutil.copytree(ROOT / "overrides", folder / "overrides")
    (folder / "node_modules").symlink_to(ROOT / "node_modules")
    posts_dir = folder / "docs" / "blog" / "posts"
    real = sorted(posts_dir.glob("*.md"))
    bodies = [_split_front_matter(p.read_text(encoding="utf-8")) for p in real]
    for number in range(len(real), posts):
        front, body = bodies[number % len(bodies)]
        (posts_dir / f"gegenereerd-{number:04d}.md").write_text(
            _generated_post(number, front, body), encoding="utf-8"
        )
    config = _load_config(ROOT / "mkdocs.yml")
    config["plugins"] = [p for p in config["plugins"] if _plugin_name(p) not in DISABLED_PLUGINS]
    config.pop("watch", None)  # `mkdocs serve` only; names folders this copy does not have
    with_quiz = folder / "mkdocs-with-quiz.yml"
    without_quiz = folder / "mkdocs-without-quiz.yml"
    with_quiz.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False))
    if QUIZ_HOOK not in config.get("hooks", []):
        raise RuntimeError(f"{QUIZ_HOOK} staat niet in hooks van mkdocs.yml")
    config["hooks"] = [h for h in config["hooks"] if h != QUIZ_HOOK]
    without_quiz.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False))
    return ScaleProject(folder, posts, with_quiz, without_quiz)


def build_both(project: ScaleProject, scratch: Path) -> dict[str, _site.BuildTime]:
    """Both variants at the same time, one process each (2 cores): the same conditions."""
    with_quiz, without_quiz = _site.mkdocs_builds(
        [
            (project.with_quiz, scratch / "site-with"),
            (project.without_quiz, scratch / "site-without"),
        ],
        cwd=project.folder,
    )
    return {"with": with_quiz, "without": without_quiz}


def benchmark(
    results: dict[str, Any], scratch: Path, sizes: list[int], runs: int, runner: _runs.Runner
) -> None:
    """`runs` kept pairs of builds for each size of project, in `results["scale"]`."""
    shared_cache = scratch / "scale-cache"
    shared_cache.mkdir()
    for position, size in enumerate(sorted(sizes)):
        project = make_project(scratch / f"scale-{size}", size)
        # One staging cache for all sizes: the wheel and lock file are built once, in the
        # warm-up, as on a developer's machine after the first build.
        (project.folder / ".cache").symlink_to(shared_cache)
        if position == 0:
            _runs.say(f"scale: warm-up builds of {size} posts")
            build_both(project, scratch)

        def pair(_index: int, project: ScaleProject = project) -> dict[str, Any]:
            timing = build_both(project, scratch)
            return {
                "with": timing["with"].wall,
                "without": timing["without"].wall,
                "with_cpu": timing["with"].cpu,
                "without_cpu": timing["without"].cpu,
            }

        extra = 2 if position == 0 else 1
        kept = runner.repeat(f"scale {size} posts", runs, extra, pair, _runs.say)
        results["scale"][str(size)] = [
            {**attempt.result, "foreign_cpu": attempt.foreign_cpu} for attempt in kept
        ]


# --- Helper functions -----------------------------------------------------------------


def _load_config(path: Path) -> dict[str, Any]:
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(config, dict) or not isinstance(config.get("plugins"), list):
        raise RuntimeError(f"{path}: geen plugins-lijst gevonden")
    return config


def _plugin_name(entry: Any) -> str:
    return next(iter(entry)) if isinstance(entry, dict) else str(entry)


def _split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    match = re.match(r"^---\n(.*?)\n---\n(.*)$", text, re.DOTALL)
    if not match:
        return {}, text
    return yaml.safe_load(match[1]) or {}, match[2]


def _generated_post(number: int, front: dict[str, Any], body: str) -> str:
    topic = _TOPICS[number % len(_TOPICS)]
    title = f"Praktijkvoorbeeld {number}: {topic}"
    meta = {
        "date": datetime.date(2020 + number % 5, 1 + number % 12, 1 + number % 28),
        "authors": front.get("authors", []),
        "slug": f"praktijkvoorbeeld-{number:04d}",
        "categories": front.get("categories", []),
        "description": f"Gegenereerd artikel {number} over {topic}, voor de bouwbenchmark.",
    }
    # The first heading becomes the new title; the rest of the real article stays.
    body = re.sub(r"^# .*$", f"# {title}", body, count=1, flags=re.MULTILINE)
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n" + body
