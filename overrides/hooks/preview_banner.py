"""MkDocs hook: under `mkdocs serve`, mistakes the hooks report stay on screen, not in the way.

The other hooks report a marketer's mistake through `preview.report` (preview.py beside
them): a build stops with it, `mkdocs serve` logs it and goes on. This hook tells `preview`
the command, starts each build with no problems, and puts the banner
(partials/preview-banner.html) right after `<body>` of every page while there are any.
Its stylesheet is linked under `mkdocs serve` only and left out of a build.

A rebuild can also fail outside these hooks (a post's front matter the blog plugin cannot
read, a broken mkdocs.yml). MkDocs then holds every request until the next good rebuild,
so `on_serve` wraps the server's rebuild: the failure goes to the terminal and onto the
banner of the last good pages, which the server goes on serving.
"""

from __future__ import annotations

import atexit
import logging
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

import preview
import quiz_build

STYLESHEET = "assets/stylesheets/preview.css"  # in overrides/
_BODY = re.compile(r"<body\b[^>]*>")
_BANNER = re.compile(r'\n?<div class="cf-preview[^"]*" role="alert".*?</div>', re.S)
log = logging.getLogger("mkdocs.hooks.preview")

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


def on_serve(
    server: LiveReloadServer, *, config: MkDocsConfig, builder: Callable[..., Any]
) -> LiveReloadServer:
    rebuild = server.builder
    site = Path(config.site_dir)
    # MkDocs empties the site folder before it reads the pages, so the last good pages are
    # kept aside (hard links: no copying) after every rebuild that succeeds.
    last_good = Path(tempfile.mkdtemp(prefix="closeforce-preview-"))
    atexit.register(shutil.rmtree, last_good, ignore_errors=True)
    _mirror(site, last_good)

    def rebuild_or_show_why() -> None:
        errors = _Errors()
        logging.getLogger("mkdocs").addHandler(errors)
        try:
            rebuild()
        except Exception as error:  # shown on every page and in the terminal, not swallowed
            # MkDocs logs what went wrong and then raises a bare "Aborted with a BuildError!".
            why = "\n".join(errors.messages) or str(error).strip()
            message = f"De site kon niet opnieuw worden gebouwd. {why}"
            log.error(message)
            _mirror(last_good, site)
            _put_on_every_page(site, message)
        else:
            _mirror(site, last_good)
        finally:
            logging.getLogger("mkdocs").removeHandler(errors)

    server.builder = rebuild_or_show_why
    return server


def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    _state["env"] = env
    return env


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    return _with_banner(output)


def on_post_template(output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
    """Theme pages such as 404.html (`mkdocs serve` answers a missing page with it)."""
    return _with_banner(output_content)


# --- Helper functions -----------------------------------------------------------------


class _Errors(logging.Handler):
    """The errors MkDocs and its plugins log during one rebuild."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage().strip())


def _mirror(source: Path, target: Path) -> None:
    """Make `target` hold exactly the files of `source`, as hard links where possible."""
    shutil.rmtree(target, ignore_errors=True)
    quiz_build.link_tree(source, target)


def _put_on_every_page(site: Path, message: str) -> None:
    """The banner with `message` on every page in `site` (a new file each: the kept copies
    share the old ones)."""
    for page in site.rglob("*.html"):
        html = _with_banner(_BANNER.sub("", page.read_text(encoding="utf-8"), count=1), [message])
        written = page.with_name(f".{page.name}.banner")
        written.write_text(html, encoding="utf-8")
        written.replace(page)


def _with_banner(html: str, problems: list[str] | None = None) -> str:
    warnings = preview.warnings() if problems is None else []
    problems = preview.problems() if problems is None else problems
    body = _BODY.search(html) if problems or warnings else None
    if body is None:
        return html
    template = _state["env"].get_template("partials/preview-banner.html")
    banner: Any = template.render(problems=problems, warnings=warnings)
    return f"{html[: body.end()]}\n{banner}{html[body.end() :]}"
