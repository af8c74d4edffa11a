"""The command line of `python -m benchmarks`: its commands and their options."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from . import _leads, _throttle, _webkit

# The commands beside the full run, each of which writes its own section of the README:
# name, what it measures, its module (whose docstring is its --help), what --runs counts.
COMMANDS = (
    ("leads", "the lead list page (/leadlijst/)", _leads, 3, "runs of 10,000 leads"),
    ("webkit", "Python's readiness in WebKit beside Chromium's", _webkit, 5,
     "cold visits per engine"),
    ("throttle", "snapshot or lean boot under network throttling", _throttle, 3,
     "runs per cell"),
)  # fmt: skip
# The full run's options: flag, type, default, help.
OPTIONS: tuple[tuple[str, Callable[[str], Any], Any, str], ...] = (
    ("--runs", int, 5, "browser runs (default 5)"),
    ("--answer-sets", int, 1000, "evaluations per run"),
    ("--lighthouse-runs", int, 5, "per page (default 5)"),
    ("--scale-sizes", lambda s: [int(x) for x in s.split(",") if x], [100, 1000],
     "post counts of the generated sites, comma-separated ('' skips; default 100,1000)"),
    ("--scale-runs", int, 5, "builds per variant and size (default 5)"),
    ("--extra-runs", int, 2,
     "browser runs allowed on top of --runs to replace disturbed ones (default 2)"),
    ("--budget-minutes", float, 24, "no repeat of a disturbed run starts after this (default 24)"),
    ("--quiet-wait", float, 30,
     "seconds to wait at most for a quiet machine before each run (default 30)"),
    ("--quiet-budget", float, 180, "seconds of such waiting in all (default 180)"),
)  # fmt: skip


def parse(argv: list[str] | None, description: str | None) -> argparse.Namespace:
    """The options of a run; `command` is None for the full run, else one of COMMANDS."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=description)
    commands = parser.add_subparsers(dest="command", metavar="[throttle|leads|webkit]")
    for name, help_, module, runs, runs_help in COMMANDS:
        command = commands.add_parser(name, help=help_, description=module.__doc__)
        command.add_argument("--runs", type=int, default=runs, help=f"{runs_help} (default {runs})")
        if name == "leads":
            command.add_argument(
                "--large", type=int, default=100_000, help="the large list's leads"
            )
        _no_readme(command, f"the {name} section of benchmarks/README.md")
    for flag, kind, default, help_ in OPTIONS:
        parser.add_argument(flag, type=kind, default=default, help=help_)
    _no_readme(parser, "the table in benchmarks/README.md")
    return parser.parse_args(argv)


def _no_readme(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "--no-readme", dest="readme", action="store_false", help=f"do not rewrite {what}"
    )
