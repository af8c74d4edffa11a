"""MkDocs hook: the self-assessment in the site. Glue only; the rules live in `quiz/`, the
making of the browser files in `quiz_build/`.

- reads and checks the definition and `extra.booking` on every build (so `mkdocs serve`
  picks up edits); a mistake stops `mkdocs build`, while `mkdocs serve` reports it
  (`preview`, beside the hooks) and goes on with the last good definition, or, when there
  never was one, shows a notice where the form would be,
- replaces the markers `<!-- zelftest -->` (the form), `<!-- zelftest:kenmerken -->` (the
  checklist of criteria) and `<!-- zelftest:leadlijst -->` (the lead list: a marketer's
  file judged by the same rules) in any page with templates from `overrides/partials/`,
- puts the browser files into the site: the quiz wheel, its lock file, the memory snapshot,
  the trimmed standard library and the pinned Pyodide runtime (made once per version of
  the rules and runtime, staged in `.cache/quiz-assets/` by `quiz_build.stage_assets`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

import preview
import quiz
import quiz.browser
import quiz_build

# Paths relative to the project (the folder of mkdocs.yml) and to docs_dir.
DEFINITION = Path("zelftest") / "definitie.yml"
PYODIDE = Path("node_modules") / "pyodide"
STAGING = Path(".cache") / "quiz-assets"
MARKER = re.compile(r"<!--\s*zelftest(?::(?P<part>[a-z-]+))?\s*-->")

log = logging.getLogger("mkdocs.hooks.quiz_site")


@dataclass(frozen=True)
class _Good:
    """A definition (with its plain data) and booking settings that passed their checks."""

    definition: quiz.Definition | None = None
    data: Any = None
    booking: quiz.BookingConfig | None = None


@dataclass
class _Build:
    """What one build knows, from on_config on; the page hooks read it."""

    project: Path
    # None while `mkdocs serve` has never read a good one.
    good: _Good = field(default_factory=_Good)
    staged: quiz_build.Staged | None = None
    env: Environment | None = None
    # Python's replies to the first steps, made on the first page with the form.
    prepared: dict[str, str] | None = None


@dataclass
class _Process:
    """What MkDocs' calls to this module share: the current build, and the last good
    definition and settings, which `mkdocs serve` keeps across rebuilds."""

    build: _Build = field(default_factory=lambda: _Build(Path()))
    last_good: _Good = field(default_factory=_Good)


# MkDocs calls a hook's functions, so what one event learns for the next lives here.
_process = _Process()

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
    last_good = _process.last_good
    definition_file = Path(config.docs_dir) / DEFINITION
    try:
        data, lines = quiz_build.read_data(definition_file, _shown(definition_file))
        definition = quiz.build_definition(data, source=_shown(definition_file), lines=lines)
    except quiz.ExamplesChanged as changed:
        # The rules are sound and the preview shows them at once; the examples that now
        # disagree are a warning there, and stop a build.
        preview.warn(
            "Je nieuwe regels staan in de voorvertoning, maar niet elk voorbeeld klopt er nog "
            f"mee (make build en make check stoppen hierop):\n{changed}"
        )
        # The browser files are made from the data with each example's `expected` set to
        # what the new rules give, so that they check out as the rules they carry.
        data = _expecting_current_outcomes(data, changed.definition)
        definition = quiz.build_definition(data, source=_shown(definition_file), lines=lines)
        last_good = replace(last_good, definition=definition, data=data)
    except quiz.DefinitionError as error:
        preview.report(f"De zelftest-definitie klopt niet:\n{error}")
    else:
        # Warnings (a number typed where a placeholder belongs) are shown, but the
        # definition works, so they are logged at INFO level: `mkdocs build --strict` fails
        # on warnings.
        for warning in definition.warnings:
            log.info("Zelftest-definitie, waarschuwing: %s", warning)
        last_good = replace(last_good, definition=definition, data=data)
    try:
        booking = quiz.booking_config(config.extra.get("booking"))
    except quiz.BookingConfigError as error:
        preview.report(f"mkdocs.yml: {error}")
    else:
        last_good = replace(last_good, booking=booking)
    # Only `mkdocs serve` gets here after a report: it goes on with what was good last.
    _process.last_good = last_good
    _process.build = _Build(Path(config.config_file_path).parent, last_good)
    # Only the small loader is on every page, so that instant navigation to a page with the
    # form finds it bound; it imports the form, and the form Pyodide, only where one is.
    config.extra_css.append("assets/quiz/quiz.css")
    script = ExtraScriptValue("assets/quiz/loader.mjs")
    script.type = "module"
    config.extra_javascript.append(script)
    return config


def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    """What every page's scripts need to know (storage and utm keys, from `quiz.browser`),
    for `main.html`, which writes it into each page's head."""
    env.globals["quiz_page_settings"] = json.dumps(quiz.browser.page_settings())
    return env


def on_pre_build(config: MkDocsConfig) -> None:
    """Build the wheel, lock file and runtime once per version of the rules and runtime."""
    build = _process.build
    if _ready(build) is None:
        return
    try:
        build.staged = quiz_build.stage_assets(
            build.good.data, build.project / PYODIDE, build.project / STAGING
        )
    except RuntimeError as error:
        raise PluginError(str(error)) from None


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Replace the self-assessment markers with the rendered form or checklist."""
    build = _process.build
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
        good = _ready(build)
        if good is None:
            return UNAVAILABLE
        if part == "kenmerken":
            return _render_criteria(build, good[0])
        if part == "leadlijst":
            return _render_lead_list(build, good[0], page)
        forms += 1
        if forms > 1:
            preview.report(f"docs/{page.file.src_uri}: de zelftest staat twee keer op deze pagina.")
            return ""
        return _render_form(build, *good, page, config)

    if build.env is None:  # pages are rendered before on_env: use the theme's own loader
        build.env = config.theme.get_env()
    return MARKER.sub(render, html)


def on_post_build(config: MkDocsConfig) -> None:
    """Put the staged wheel, lock file, snapshot and runtime (43 MB) into the site."""
    staged = _process.build.staged
    if staged is not None:  # None: `mkdocs serve` without a good definition yet
        staged.link_into(Path(config.site_dir))


# --- Helper functions -----------------------------------------------------------------


def _ready(build: _Build) -> tuple[quiz.Definition, quiz.BookingConfig] | None:
    """A good definition and booking settings: always in a build, not yet in every preview."""
    good = build.good
    if good.definition is None or good.booking is None:
        return None
    return good.definition, good.booking


def _render_form(
    build: _Build,
    definition: quiz.Definition,
    booking: quiz.BookingConfig,
    page: Page,
    mkdocs_config: MkDocsConfig,
) -> str:
    assert build.env is not None  # set in on_page_content
    assert build.staged is not None  # on_pre_build staged the files for a good definition
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
        },
        # The result names the newsletter only when its signup is on this page.
        "newsletter": with_newsletter and newsletter,
        "contact": _contact_line(mkdocs_config),
        "assets": build.staged.assets,
        "booking": {"provider": booking.provider, "url": booking.url, "email": booking.email},
        "formHash": _form_hash(public),
        # Python's largest files, fetched with the page on a link not reported slow (start.mjs).
        "preload": _preloaded(build.staged.assets),
        # Python's replies to the first steps, until Python itself is ready (client.mjs).
        "prepared": _prepared(build, definition),
    }
    template = build.env.get_template("partials/quiz-form.html")
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


def _render_lead_list(build: _Build, definition: quiz.Definition, page: Page) -> str:
    """The lead list: the same rules in the page's own worker, with its own trimmed stdlib
    (csv, zipfile, xml) and no snapshot (that holds the self-assessment only)."""
    from quiz import leads  # the lead page's part of the runtime

    assert build.env is not None  # set in on_page_content
    assert build.staged is not None  # on_pre_build staged the files for a good definition
    public = quiz.questions(definition)
    staged = build.staged.assets
    assets = {**staged, "stdlib": staged["leadsStdlib"], "snapshot": ""}
    settings = {
        "base": get_relative_url(".", page.url),
        "assets": assets,
        "questions": [
            # The options let the marketer say by hand which option a cell text means.
            {
                "id": q["id"],
                "label": q["label"],
                "type": q["type"],
                "options": [
                    {"value": o["value"], "label": o["label"]} for o in q.get("options", [])
                ],
            }
            for q in public["questions"]
        ],
        "criteria": public["criteria"],
        "outcomes": [{"id": o["id"], "label": o["label"]} for o in public["outcomes"]],
        "maxBytes": leads.MAX_BYTES,
    }
    template = build.env.get_template("partials/lead-list.html")
    return str(
        template.render(
            quiz=public,
            config_json=json.dumps(settings, ensure_ascii=False),
            base_url=get_relative_url(".", page.url),
            max_megabytes=leads.MAX_BYTES // 1_000_000,
        )
    )


def _render_criteria(build: _Build, definition: quiz.Definition) -> str:
    assert build.env is not None  # set in on_page_content
    template = build.env.get_template("partials/quiz-criteria.html")
    return str(template.render(quiz=quiz.questions(definition)))


def _preloaded(assets: dict[str, str]) -> list[str]:
    """Python's largest files, which every boot needs (lean or snapshot): the runtime's
    wasm and its large module, and the trimmed standard library."""
    runtime = assets["pyodide"]
    return [runtime + "pyodide.asm.wasm", runtime + "pyodide.asm.mjs", assets["stdlib"]]


def _prepared(build: _Build, definition: quiz.Definition) -> dict[str, str]:
    """The engine's replies to the first steps, made once per definition."""
    if build.prepared is None:
        build.prepared = quiz_build.prepared_replies(definition)
    return dict(build.prepared)


def _contact_line(mkdocs_config: MkDocsConfig) -> str:
    """The company's contact line on a printed result, from `extra.company`."""
    company = mkdocs_config.extra.get("company") or {}
    parts = [company.get("name") or mkdocs_config.site_name]
    parts += [str(company[key]) for key in ("address", "phone", "email") if company.get(key)]
    parts += [f"KvK {company['kvk']}"] if company.get("kvk") else []
    return " · ".join(parts)


def _form_hash(public: dict[str, Any]) -> str:
    """Changes when the questions change: stored answers from older forms are discarded."""
    return hashlib.sha256(json.dumps(public["questions"], sort_keys=True).encode()).hexdigest()[:12]


def _expecting_current_outcomes(data: Any, definition: quiz.Definition) -> Any:
    """A copy of the definition's data whose examples expect the outcome they now get."""
    copy = json.loads(json.dumps(data))
    for example in copy.get("examples") or []:
        example["expected"] = quiz.evaluate(example.get("answers") or {}, definition)["outcome"]
    return copy


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
