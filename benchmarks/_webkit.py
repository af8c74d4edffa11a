"""`python -m benchmarks webkit`: Python's readiness in WebKit beside Chromium's, same run.

Target: WebKit's lean ready within 1.5x Chromium's on the same machine. Each run opens the
self-assessment cold (nothing cached, storage empty) once in WebKitGTK, through
WebKitWebDriver and the tests' own browser (tests/support/webkit_shell.py on Xvfb, storage
in memory), and once in headless Chromium whose pages see no `navigator.connection`, as
WebKit's and Firefox's do: both take the lean boot, fetch the same files ahead and prefetch
the snapshot after. Ready is when a worker of the page posts "ready", from navigation start
(`performance.now()` in the page, recorded by the same init script in both engines,
benchmarks/_browser.py). The engines alternate which goes first; medians of `--runs`.
"""

from __future__ import annotations

import os
import statistics
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.support.engines import Engine, launch
from tests.support.server import serve

from . import _browser, _site

MARKER = "webkit"
TARGET = 1.5
READY = "() => window.__bench !== undefined && window.__bench.ready !== null"


def run(runs: int) -> str:
    """Measure, and return the README section."""
    from playwright.sync_api import sync_playwright

    load_before = os.getloadavg()[0]
    times: dict[str, list[float]] = {"webkit": [], "chromium": []}
    with tempfile.TemporaryDirectory(prefix="bench-webkit-") as scratch:
        site = _site.build(Path(scratch) / "site")
        with (
            serve(site.root, compress=True) as served,
            sync_playwright() as playwright,
            launch("webkit", init_script=_browser.INIT_SCRIPT) as webkit,
        ):
            chromium = _browser.Browser(playwright, served.base)
            try:
                visits: dict[str, Callable[[], float]] = {
                    "webkit": lambda: _webkit_ready(webkit, served.base),
                    "chromium": lambda: _chromium_ready(chromium),
                }
                for visit in visits.values():  # warm-up: the server's compression cache
                    visit()
                for index in range(runs):
                    order = list(visits) if index % 2 == 0 else list(visits)[::-1]
                    for name in order:
                        times[name].append(visits[name]())
                versions = {"webkit": str(getattr(webkit, "version", "?")),
                            "chromium": chromium.version}  # fmt: skip
            finally:
                chromium.close()
    return _section(times, versions, (load_before, os.getloadavg()[0]))


def _webkit_ready(webkit: Engine, base: str) -> float:
    with webkit.tab() as tab:  # a browser of its own: empty cache and storage
        tab.goto(base + _site.QUIZ_PATH)
        tab.wait(READY, "the worker's ready", timeout=_browser.READY_TIMEOUT_MS / 1000)
        marks = tab.run("() => window.__bench")
    return _lean(marks["ready"], marks["path"], "webkit")


def _chromium_ready(chromium: _browser.Browser) -> float:
    with chromium.context(connection="not-reported") as (context, requested):
        load = chromium.load(context.new_page(), _site.QUIZ_PATH, requested, wait_ready=True)
    return _lean(load.ready_ms, load.boot_path, "chromium")


def _lean(ready_ms: Any, path: Any, engine: str) -> float:
    if path != "lean" or ready_ms is None:
        raise RuntimeError(f"{engine}: expected a lean boot, got {path!r} (ready {ready_ms})")
    return float(ready_ms) / 1000


def _section(
    times: dict[str, list[float]], versions: dict[str, str], load: tuple[float, float]
) -> str:
    webkit = statistics.median(times["webkit"])
    chromium = statistics.median(times["chromium"])
    ratio = webkit / chromium
    per_run = ", ".join(f"{w:.2f}/{c:.2f}" for w, c in zip(*times.values(), strict=True))
    return "\n".join([
        f"Runs: {len(times['webkit'])} per engine (medians; the engines alternate which goes "
        f"first; this machine, load average {load[0]:.1f} before and {load[1]:.1f} after; "
        "the built site served with compression).",
        "",
        "| measure | result | target |",
        "|---|---|---|",
        f"| Python ready, lean boot, cold: WebKitGTK {versions['webkit']} (the tests' "
        f"browser on Xvfb) | {webkit:.2f} s | |",
        f"| the same in headless Chromium {versions['chromium']} (no `navigator.connection`) "
        f"| {chromium:.2f} s | |",
        f"| WebKit / Chromium | {ratio:.2f}x {'(met)' if ratio <= TARGET else '(not met)'} "
        f"| ≤ {TARGET}x |",
        f"| each run, WebKit/Chromium (s) | {per_run} | |",
    ])  # fmt: skip
