"""The commands in README.md, HANDLEIDING.md, ARCHITECTURE.md and HOSTING.md still work.

Every command the documentation shows (lines of ```sh blocks, and inline code that starts
with `make `, `.venv/bin/` or `python -m `) is either run here, in a temporary copy of the
checkout, or listed in NOT_RUN with the reason. A new command in the documentation that is
in neither list fails the first test, so nobody documents a command without deciding how
it is checked; one that is listed but no longer documented fails it too.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support import ROOT

DOCS = ("README.md", "HANDLEIDING.md", "ARCHITECTURE.md", "HOSTING.md")

_FENCE = re.compile(r"^[ \t]*```(?P<lang>\w*)[ \t]*\n(?P<body>.*?)^[ \t]*```", re.M | re.S)
_INLINE = re.compile(r"(?<!`)`(?P<code>(?:make\s|\.venv/bin/|python\s+-m\s)[^`]+)`(?!`)")


def _shell_lines(body: str) -> list[str]:
    """The commands of a shell block: continuation lines joined, comments dropped."""
    commands: list[str] = []
    for line in re.sub(r"\s*\\\n\s*", " ", body).splitlines():
        command = re.sub(r"\s+#.*$", "", line).strip()
        if command and not command.startswith("#"):
            commands.append(command)
    return commands


def documented_commands() -> dict[str, list[str]]:
    """Command -> the documents that show it."""
    found: dict[str, list[str]] = {}
    for name in DOCS:
        text = (ROOT / name).read_text(encoding="utf-8")
        commands: list[str] = []
        for fence in _FENCE.finditer(text):
            if fence["lang"] in {"sh", "bash", "shell", "console"}:
                commands += _shell_lines(fence["body"])
        # Inline code outside the fenced blocks (a span may wrap over a line break).
        prose = _FENCE.sub("", text)
        commands += [" ".join(m["code"].split()) for m in _INLINE.finditer(prose)]
        for command in commands:
            found.setdefault(command, [])
            if name not in found[command]:
                found[command].append(name)
    return found


# --- What is run, and what is not ------------------------------------------------------

PY = ".venv/bin/python"


def _json_out(result: subprocess.CompletedProcess[str], _copy: Path) -> None:
    json.loads(result.stdout)


def _new_post(result: subprocess.CompletedProcess[str], copy: Path) -> None:
    path = copy / result.stdout.strip().splitlines()[-1]
    assert path.is_file(), result.stdout
    text = path.read_text(encoding="utf-8")
    assert "# Wat is acquisitie?" in text
    assert "\ncategories: [Sales]\n" in text


def _schema_unchanged(_result: subprocess.CompletedProcess[str], copy: Path) -> None:
    schema = "docs/zelftest/definitie.schema.json"
    assert (copy / schema).read_bytes() == (ROOT / schema).read_bytes()


def _nothing(_result: subprocess.CompletedProcess[str], _copy: Path) -> None:
    pass


def _asks_for_a_title(result: subprocess.CompletedProcess[str], _copy: Path) -> None:
    assert 'make post TITEL="' in result.stderr


def _lists_the_targets(result: subprocess.CompletedProcess[str], _copy: Path) -> None:
    for target in ("serve", "build", "post", "check", "test", "unit", "bench"):
        assert f"make {target} " in result.stdout, target


# Command -> a check of its output beyond exit status 0.
RUN: dict[str, Callable[[subprocess.CompletedProcess[str], Path], None]] = {
    "make check": _nothing,
    'make post TITEL="Wat is acquisitie?" CATEGORIE=Sales': _new_post,
    "make schema": _schema_unchanged,
    f"{PY} -m quiz check": _nothing,
    f"{PY} -m quiz check docs/zelftest/definitie.yml": _nothing,
    f"{PY} -m quiz questions": _json_out,
    f'echo \'{{"b2b": true, "medewerkers": 25}}\' | {PY} -m quiz evaluate --partial': _json_out,
    f"{PY} -m quiz_build schema": _schema_unchanged,
    "python -m quiz_build schema --check": _nothing,
    "make install": _nothing,
    "make post": _asks_for_a_title,
    "make help": _lists_the_targets,
}
# Exit status other than 0.
STATUS = {"make post": 2}

NOT_RUN = {
    "make serve": "a server that runs until stopped; tests/test_marketer_serve.py and "
    "tests/test_serve.py run the same `mkdocs serve`",
    "make test": "the whole suite, this test included",
    "make unit": "a part of the suite this test belongs to",
    "make lint": "the first step of `make test`, which runs it on this very checkout",
    "make build": "every site test builds the site with the same `mkdocs build --strict` "
    "(tests/support/site.py)",
    "python -m quiz evaluate": "named in prose; the full form with answers on stdin is run",
    "make bench": "the benchmarks take many minutes; `make bench` runs them",
    "python -m benchmarks throttle": "a benchmark, run by `make bench`",
    "python -m benchmarks leads": "a benchmark, run by `make bench`",
    f"{PY.replace('python', 'pytest')} tests/test_cli.py -q": "a test file of this suite",
    "sed -n 's/^  Content-Security-Policy: //p' site/_headers | sed 's/.*/add_header "
    'Content-Security-Policy "&" always;/\' > /etc/nginx/snippets/closeforce-csp.conf': (
        "writes into /etc/nginx; test_nginx_snippet below runs it on a site's _headers"
    ),
}


def test_every_documented_command_is_run_or_excused() -> None:
    documented = documented_commands()
    unclassified = {c: docs for c, docs in documented.items() if c not in RUN | NOT_RUN}
    assert not unclassified, (
        "documented commands this test neither runs nor excuses (add them to RUN or "
        f"NOT_RUN): {unclassified}"
    )
    stale = sorted((set(RUN) | set(NOT_RUN)) - set(documented))
    assert not stale, f"listed here, but no longer in {DOCS}: {stale}"


@pytest.fixture(scope="module")
def checkout_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tracked files of the checkout in a temp folder (times kept, so make sees the
    installation as current), with .venv/ and node_modules/ linked."""
    copy = tmp_path_factory.mktemp("checkout")
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy / name)
    for linked in (".venv", "node_modules"):
        if (ROOT / linked).exists():
            (copy / linked).symlink_to(ROOT / linked)
    return copy


def _run(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    # Installing is not what is tested here: make must never reinstall into the shared
    # .venv from the copy (`-o`: treat the stamp as up to date).
    if command.startswith("make "):
        stamps = "-o .venv/bin/.installed -o node_modules/.installed"
        command = f"make --no-print-directory {stamps} {command[5:]}"
    elif command.startswith("python "):
        command = f"{PY} {command[7:]}"
    env = {k: v for k, v in os.environ.items() if k != "QUIZ_DEFINITION"}
    return subprocess.run(
        ["sh", "-c", command], cwd=cwd, capture_output=True, text=True, env=env, check=False
    )


@pytest.mark.parametrize("command", sorted(RUN))
def test_documented_command_works(command: str, checkout_copy: Path) -> None:
    result = _run(command, checkout_copy)
    output = f"{command}\n{result.stdout}\n{result.stderr}"
    assert result.returncode == STATUS.get(command, 0), output
    assert "Traceback" not in result.stderr
    RUN[command](result, checkout_copy)


def test_nginx_snippet(tmp_path: Path) -> None:
    """HOSTING.md's sed pipeline turns a `_headers` file into one nginx add_header line."""
    command = next(c for c in NOT_RUN if c.startswith("sed "))
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "_headers").write_text(
        "/*\n  Content-Security-Policy: default-src 'self'; script-src 'self'\n"
        "  X-Frame-Options: DENY\n",
        encoding="utf-8",
    )
    target = tmp_path / "closeforce-csp.conf"
    result = subprocess.run(
        ["sh", "-c", command.replace("/etc/nginx/snippets/closeforce-csp.conf", str(target))],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert target.read_text(encoding="utf-8") == (
        "add_header Content-Security-Policy \"default-src 'self'; script-src 'self'\" always;\n"
    )
