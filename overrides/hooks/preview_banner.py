"""MkDocs hook: under `mkdocs serve`, mistakes the hooks report stay on screen, not in the way.

The other hooks report a marketer's mistake through `quiz_build.preview.report`: a build
stops with it, `mkdocs serve` logs it and goes on. This hook tells `preview` the command,
starts each build with no problems, and puts the banner (partials/preview-banner.html)
right after `<body>` of every page while there are any. Its stylesheet is linked under
`mkdocs serve` only and left out of a build.
"""

from __future__ import annotations

import re
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from quiz_build import preview

STYLESHEET = "assets/stylesheets/preview.css"  # in overrides/
_BODY = re.compile(r"<body\b[^>]*>")

# The theme's template environment of the current build (set in on_env).
_state: dict[str, Environment] = {}


# --- Hooks ----------------------------------------------------------------------------


def on_startup(*, command: str, dirty: bool) -> None:
    preview.start(command)


@event_priority(100)  # before every other hook's on_config: they may report
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    preview.new_build()
    if preview.serving():
        config.extra_css.append(STYLESHEET)
    return config


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Leave the banner's stylesheet out of a built site."""
    stylesheet = files.get_file_from_path(STYLESHEET)
    if stylesheet is not None and not preview.serving():
        files.remove(stylesheet)
    return files


def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    _state["env"] = env
    return env


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    return _with_banner(output)


def on_post_template(output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
    """Theme pages such as 404.html (`mkdocs serve` answers a missing page with it)."""
    return _with_banner(output_content)


# --- Helper functions -----------------------------------------------------------------


def _with_banner(html: str) -> str:
    problems = preview.problems()
    body = _BODY.search(html) if problems else None
    if body is None:
        return html
    banner: Any = (
        _state["env"].get_template("partials/preview-banner.html").render(problems=problems)
    )
    return f"{html[: body.end()]}\n{banner}{html[body.end() :]}"
