"""Marketers see their edits: `mkdocs serve` rebuilds the form, the checklist and the
browser's rules from the definition, and a broken edit is reported without stopping it."""

from __future__ import annotations

import io
import re
import socket
import subprocess
import sys
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import wait_for
from tests.support.site import build_env, make_variant_project

pytestmark = pytest.mark.site  # builds the site, under `mkdocs serve`

OLD_LABEL = "Hoeveel medewerkers heeft jouw bedrijf?"
NEW_LABEL = "Hoeveel mensen werken er bij jouw bedrijf?"
OLD_CRITERION = "label: Heeft een actuele behoefte"
NEW_CRITERION = "label: Heeft een behoefte die nu speelt"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except OSError:
        return 0, b""


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path, Path, subprocess.Popen[bytes]]]:
    """`mkdocs serve` on a copy of the project: (base URL, definition, log, process)."""
    config = make_variant_project(tmp_path / "project", "")
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as sink:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--livereload", "-a", f"127.0.0.1:{port}"],
            cwd=config.parent,
            stdout=sink,
            stderr=subprocess.STDOUT,
            env=build_env(),
        )
        base = f"http://127.0.0.1:{port}/"
        try:
            wait_for(lambda: _get(base + "zelftest/")[0] == 200, "the server to start")
            yield base, config.parent / "docs" / "zelftest" / "definitie.yml", log, server
        finally:
            server.terminate()
            server.wait(timeout=30)


def _page(base: str, path: str) -> str:
    return _get(base + path)[1].decode("utf-8", "replace")


def _wheel_text(base: str) -> str:
    page = _page(base, "zelftest/")
    match = re.search(r"assets/quiz/py/[^&\"]+?\.whl", page)
    assert match is not None
    status, body = _get(base + match[0])
    assert status == 200
    with zipfile.ZipFile(io.BytesIO(body)) as wheel:
        return wheel.read("quiz/definition.json").decode("utf-8")


def test_definition_edits_show_up_and_broken_edits_keep_the_server(
    served: tuple[str, Path, Path, subprocess.Popen[bytes]],
) -> None:
    base, definition, log, server = served
    assert OLD_LABEL in _page(base, "zelftest/")
    assert OLD_LABEL in _wheel_text(base)
    text = definition.read_text(encoding="utf-8")

    # A good edit: the form, the article's checklist and the browser's rules follow.
    definition.write_text(
        text.replace(OLD_LABEL, NEW_LABEL).replace(OLD_CRITERION, NEW_CRITERION), "utf-8"
    )
    wait_for(lambda: NEW_LABEL in _page(base, "zelftest/"), "the new label in the form")
    wait_for(
        lambda: NEW_CRITERION.removeprefix("label: ") in _page(base, "blog/wat-is-een-prospect/"),
        "the new criterion in the article's checklist",
    )
    assert NEW_LABEL in _wheel_text(base)

    # A broken edit: file:line in the terminal, the server keeps serving.
    broken = text.replace("        at_least: 5\n", "        at_least: vijf\n")
    assert broken != text
    definition.write_text(broken, "utf-8")
    line = broken.splitlines().index("        at_least: vijf") + 1
    wait_for(
        lambda: f"definitie.yml:{line}:" in log.read_text(encoding="utf-8"),
        "the file:line message in the terminal",
    )
    assert "Traceback" not in log.read_text(encoding="utf-8")
    assert _get(base + "zelftest/")[0] == 200, "the server stopped serving"
    assert server.poll() is None, "the server stopped"

    # Fixed again: the server picks it up and serves the pages.
    definition.write_text(text, "utf-8")
    wait_for(lambda: OLD_LABEL in _page(base, "zelftest/"), "the restored label")
