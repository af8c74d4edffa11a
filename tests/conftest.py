"""Shared fixtures: strict builds of the site (once per session) and a local web server."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SITE_URL = "https://www.closeforce.nl/"

# The variant build (`variant_site`): the newsletter configured, and one draft post added.
NEWSLETTER_ACTION = "https://nieuwsbrief.example.com/subscribe?list=42&lang=nl"
DRAFT_SLUG = "concept-dat-niet-verschijnt"
DRAFT_MARKER = "Vd7kq3 conceptmarkering"
_DRAFT_POST = f"""\
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

# Chromium flags for an offline machine (see TECH-NOTES.md): no sandbox as root, and no
# background traffic to Google.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


@dataclass(frozen=True)
class VariantSite:
    """A build of a temporary copy of the project with extra configuration or content."""

    site: Path
    docs: Path


# --- Building ------------------------------------------------------------------------


def build_site(config_file: Path, site_dir: Path) -> subprocess.CompletedProcess[str]:
    """Run `mkdocs build --strict` for `config_file` into `site_dir`."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean"]
    return subprocess.run(
        [*command, "--config-file", str(config_file), "--site-dir", str(site_dir)],
        capture_output=True,
        text=True,
        env=env,
        cwd=config_file.parent,
        check=False,
    )


def _build_or_fail(config_file: Path, site_dir: Path) -> Path:
    result = build_site(config_file, site_dir)
    if result.returncode != 0:
        pytest.fail(
            f"mkdocs build --strict failed ({result.returncode}):\n{result.stderr}",
            pytrace=False,
        )
    return site_dir


def make_variant_project(
    target: Path,
    extra_config: str,
    add_docs: dict[str, str] | None = None,
    *,
    share_cache: bool = True,
) -> Path:
    """A copy of the project in `target`: its own mkdocs.yml and docs/, the rest linked.

    `extra_config` is YAML merged over the real mkdocs.yml (MkDocs' INHERIT; lists are
    replaced, mappings merged). `add_docs` maps paths under docs/ to file contents.
    With `share_cache` the project's .cache/ (social cards, fonts) is linked, not rebuilt.
    Returns the path of the variant's mkdocs.yml.
    """
    target.mkdir(parents=True, exist_ok=True)
    own = {"docs", "mkdocs.yml", "site"} | (set() if share_cache else {".cache"})
    for entry in ROOT.iterdir():
        if entry.name not in own:
            (target / entry.name).symlink_to(entry)
    shutil.copytree(ROOT / "docs", target / "docs")
    for relative, text in (add_docs or {}).items():
        path = target / "docs" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    config = target / "mkdocs.yml"
    config.write_text(f"INHERIT: {ROOT / 'mkdocs.yml'}\n{extra_config}", encoding="utf-8")
    return config


# --- Fixtures ------------------------------------------------------------------------


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's site, built once with `mkdocs build --strict` into a temp folder."""
    return _build_or_fail(ROOT / "mkdocs.yml", tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="session")
def variant_site(tmp_path_factory: pytest.TempPathFactory) -> VariantSite:
    """The site with `extra.newsletter` configured and a `draft: true` post added.

    Built from an empty .cache/, so the social cards and their fonts are made from scratch.
    """
    project = tmp_path_factory.mktemp("variant")
    config = make_variant_project(
        project / "project",
        "extra:\n"
        "  newsletter:\n"
        f"    action: {NEWSLETTER_ACTION}\n"
        "    hidden_fields:\n"
        "      locale: nl\n",
        {f"blog/posts/{DRAFT_SLUG}.md": _DRAFT_POST},
        # An empty cache: this build also shows that social cards build offline.
        share_cache=False,
    )
    return VariantSite(site=_build_or_fail(config, project / "site"), docs=config.parent / "docs")


class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {  # noqa: RUF012 - the base class declares it as a plain dict
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".wasm": "application/wasm",
        ".json": "application/json",
        ".svg": "image/svg+xml",
        ".xml": "application/xml",
    }

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep test output clean


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Browsers drop connections they no longer need (navigation, aborted fetches).
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@pytest.fixture(scope="session")
def serve_dir() -> Iterator[Callable[[Path], str]]:
    """Serve a folder over HTTP on 127.0.0.1 (random port); returns its base URL."""
    servers: list[_Server] = []

    def serve(directory: Path) -> str:
        handler = functools.partial(_Handler, directory=str(directory))
        server = _Server(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site_server(built_site: Path, serve_dir: Callable[[Path], str]) -> str:
    """Base URL of `built_site` served locally."""
    return serve_dir(built_site)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """Headless Debian Chromium driven by Playwright (a `playwright` Browser)."""
    # Imported here: only browser tests need Playwright.
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# --- `mkdocs serve` -------------------------------------------------------------------


def wait_for(check: Callable[[], bool], what: str, timeout: float = 90) -> None:
    """Poll `check` until it holds; fail the test naming `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for: {what}")


@dataclass(frozen=True)
class ServedProject:
    """A running `mkdocs serve`: its base URL, project folder and terminal (stderr) log."""

    base: str
    project: Path
    stderr: Path

    def get(self, path: str, timeout: float = 10) -> str:
        """The page at `path` as text, or "" when the server does not answer in time."""
        try:
            with urllib.request.urlopen(self.base + path, timeout=timeout) as response:
                return str(response.read().decode("utf-8"))
        except OSError:
            return ""

    def terminal(self) -> str:
        return self.stderr.read_text(encoding="utf-8")


@contextlib.contextmanager
def mkdocs_serve(project: Path, ready_path: str = "") -> Iterator[ServedProject]:
    """`mkdocs serve --livereload` in `project` on a free port, stopped afterwards."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    stderr = project.parent / f"serve-{port}.stderr"
    with stderr.open("w") as sink:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--livereload", "-a", f"127.0.0.1:{port}"],
            cwd=project,
            stdout=subprocess.DEVNULL,
            stderr=sink,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"},
        )
        served = ServedProject(f"http://127.0.0.1:{port}/", project, stderr)
        try:
            wait_for(lambda: "<html" in served.get(ready_path), "mkdocs serve to start")
            yield served
        finally:
            server.terminate()
            server.wait(timeout=30)
