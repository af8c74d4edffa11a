"""The snapshot fetched for the next visit after a lean boot, in headless Chromium.

After a lean boot on a link not known to be slow or metered, the worker downloads the
memory snapshot at low priority into Cache Storage, once the browser has shown that it keeps
that storage (a mark left by an earlier visit is still there); the next visit restores it.
A first visit, or a private window, downloads nothing. These tests
check that this path gives the CPython results, that a broken download leaves nothing
behind, that a snapshot of an earlier build is replaced, and that slow or metered links
download nothing.
"""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Route

import quiz
from tests.support.browser import Contexts
from tests.support.cases import cases, personas

pytestmark = pytest.mark.browser

CACHE = "closeforce-zelftest"  # the cache name in overrides/assets/quiz/worker.mjs
PREFETCH_TIMEOUT_MS = 60_000

CACHED_URLS = f"async () => (await (await caches.open('{CACHE}')).keys()).map((r) => r.url)"


def _visit(context: BrowserContext, url: str) -> tuple[Any, str]:
    """Open the self-assessment; return the page and its boot path, once ready."""
    page = context.new_page()
    page.goto(url + "zelftest/")
    page.evaluate("() => window.prospectQuiz.ready")
    return page, page.evaluate("() => window.prospectQuiz.boot")


def _prefetched(page: Any) -> str:
    """What the worker did about the snapshot after a lean boot, once it is done."""
    page.wait_for_function(
        "() => window.prospectQuiz.prefetched !== null", timeout=PREFETCH_TIMEOUT_MS
    )
    return str(page.evaluate("() => window.prospectQuiz.prefetched"))


def _lean_without_snapshot(
    context: BrowserContext, url: str, prefetched: str
) -> tuple[Any, list[str]]:
    """A visit that boots lean and neither downloads nor keeps a snapshot, for the reason
    `prefetched`: the page and the URLs it requested."""
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    page, boot = _visit(context, url)
    assert boot == "lean"
    assert _prefetched(page) == prefetched
    assert page.evaluate(CACHED_URLS) == []
    assert [u for u in requested if "/snapshot." in u] == []
    return page, requested


def _first_visit(context: BrowserContext, url: str) -> None:
    """A first visit: it leaves its mark and downloads no snapshot (none may be kept)."""
    page, _ = _lean_without_snapshot(context, url, "not kept")
    page.close()


def _snapshot_url(built_site: Path, url: str) -> str:
    (snapshot,) = built_site.glob("assets/quiz/py/snapshot.*.bin")
    return url + snapshot.relative_to(built_site).as_posix()


def _assert_cpython_results(page: Any) -> None:
    answers = [c["answers"] for c in cases() + personas()]
    text = json.dumps(answers)
    in_browser = page.evaluate(
        "text => Promise.all(JSON.parse(text).map(a => window.prospectQuiz.evaluate(a)))", text
    )
    assert in_browser == [quiz.evaluate(a) for a in json.loads(text)]


@contextmanager
def _cutting_server(body: bytes) -> Iterator[str]:
    """A server that promises `body` (Content-Length) but closes after half of it."""

    class Cut(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Access-Control-Allow-Origin", "*")
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Cut)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/snapshot.bin"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("connection", ["measured-4g", "not-reported"])
def test_after_a_lean_boot_the_snapshot_is_fetched_and_the_next_visit_restores_it(
    new_context: Contexts, site_server: str, built_site: Path, connection: str
) -> None:
    context = new_context(connection=connection)
    _first_visit(context, site_server)
    page, boot = _visit(context, site_server)  # a returning visitor: the cache is kept
    assert boot == "lean"
    assert _prefetched(page) == "stored"
    assert page.evaluate(CACHED_URLS) == [_snapshot_url(built_site, site_server)]
    page.close()

    page, boot = _visit(context, site_server)
    assert boot == "snapshot"
    _assert_cpython_results(page)


def test_a_download_cut_off_half_way_leaves_no_cache_entry(
    new_context: Contexts, site_server: str, built_site: Path
) -> None:
    snapshot_url = _snapshot_url(built_site, site_server)
    body = Path(built_site, snapshot_url.removeprefix(site_server)).read_bytes()
    cut: list[str] = []

    with _cutting_server(body) as cutter:

        def half(route: Route) -> None:
            cut.append(route.request.url)
            route.continue_(url=cutter)

        context = new_context(connection="measured-4g")
        _first_visit(context, site_server)
        context.route(snapshot_url, half)
        page, boot = _visit(context, site_server)
        assert boot == "lean"
        outcome = _prefetched(page)
        assert cut == [snapshot_url]
        assert outcome.startswith("failed"), outcome
        assert page.evaluate(CACHED_URLS) == []
        page.close()
        context.unroute_all(behavior="ignoreErrors")

    # The next visit boots lean again, correctly, and this time completes the download.
    page, boot = _visit(context, site_server)
    assert boot == "lean"
    _assert_cpython_results(page)
    assert _prefetched(page) == "stored"


def test_a_snapshot_of_an_earlier_build_is_replaced(
    new_context: Contexts, site_server: str, built_site: Path
) -> None:
    current = _snapshot_url(built_site, site_server)
    stale = current.rsplit("/", 1)[0] + "/snapshot.000000000000.bin"
    context = new_context(connection="measured-4g")
    _first_visit(context, site_server)
    page = context.new_page()
    page.goto(site_server)  # the site's origin, without the self-assessment
    page.evaluate(
        f"async (url) => (await caches.open('{CACHE}')).put(url, new Response('oud'))", stale
    )
    assert page.evaluate(CACHED_URLS) == [stale]
    page.close()

    page, boot = _visit(context, site_server)
    assert boot == "lean"  # the stale entry is not the page's snapshot: never restored
    assert _prefetched(page) == "stored"
    assert page.evaluate(CACHED_URLS) == [current]
    page.close()

    page, boot = _visit(context, site_server)
    assert boot == "snapshot"
    _assert_cpython_results(page)


@pytest.mark.parametrize("connection", ["slow-3g", "save-data"])
def test_slow_or_metered_links_download_no_snapshot(
    new_context: Contexts, site_server: str, connection: str
) -> None:
    context = new_context(connection=connection)
    _, requested = _lean_without_snapshot(context, site_server, "not wanted")
    assert any("/pyodide.asm.wasm" in url for url in requested)  # the recording works
