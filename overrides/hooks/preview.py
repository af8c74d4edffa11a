"""A marketer's mistake found by a hook: `mkdocs build` stops with it, `mkdocs serve` shows it.

A hook that raises under `mkdocs serve` leaves the server holding every request until the
file is fixed: the preview looks frozen. So while serving, a hook calls `report` instead
of raising: the message goes to the terminal as an error and onto a banner at the top of
every page (the hook preview_banner.py), and the hook carries on with what it still has
(the last good definition, the page text unchanged). Every other command (`mkdocs build`,
`make build`) fails with the same message.

Shared by the hooks beside it as `import preview`: MkDocs puts a hook's folder on sys.path
while it loads the hook, and keeps one copy of this module (its session) per process.
"""

from __future__ import annotations

import logging

from mkdocs.exceptions import PluginError

log = logging.getLogger("mkdocs.hooks.preview")


class _Session:
    """What one MkDocs process knows: its command, and the problems of the current build."""

    def __init__(self) -> None:
        self.serving = False
        self.problems: list[str] = []
        self.warnings: list[str] = []


_session = _Session()


def start(command: str) -> None:
    """Remember the MkDocs command (from `on_startup`): only `serve` reports instead of raising.

    `mkdocs serve --clean` starts as `build`: it stops, as a build does.
    """
    _session.serving = command == "serve"
    _session.problems.clear()
    _session.warnings.clear()


def new_build() -> None:
    """Forget the problems of the previous build (`mkdocs serve` rebuilds in one process)."""
    _session.problems.clear()
    _session.warnings.clear()


def serving() -> bool:
    """True while `mkdocs serve` runs: problems go to the banner instead of stopping."""
    return _session.serving


def report(message: str) -> None:
    """Stop the build with `message` (Dutch: file, line, what to fix); when serving, show it.

    Returns only when serving; the caller then carries on with what it still has.
    """
    if not _session.serving:
        raise PluginError(message)
    log.error(message)
    if message not in _session.problems:
        _session.problems.append(message)


def warn(message: str) -> None:
    """Like `report`, for a mistake the preview can run with: a build stops on it, while
    `mkdocs serve` goes on with the new files and shows `message` as a warning (the amber
    part of the banner) instead of keeping the last good version."""
    if not _session.serving:
        raise PluginError(message)
    log.warning(message)
    if message not in _session.warnings:
        _session.warnings.append(message)


def warnings() -> list[str]:
    """The warnings reported in the current build, in order."""
    return list(_session.warnings)


def problems() -> list[str]:
    """The messages reported in the current build, in order."""
    return list(_session.problems)
