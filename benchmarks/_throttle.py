"""Snapshot or lean boot under network throttling: which gives the earlier ready time?

`python -m benchmarks throttle`: how it measures is described in benchmarks/README.md;
this module returns the section of figures that goes between its `throttle:` markers.
"""

from __future__ import annotations

import json
import platform
import statistics
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, BrowserContext, sync_playwright

from tests.support.browser import CHROMIUM, connection_script, fresh_context, launch
from tests.support.server import serve

from ._site import BASELINE_DIR, build

MARKER = "throttle"
# DevTools-like presets: throughput in bytes per second, latency in ms.
PROFILES = {
    "4G-like (9 Mbit/s down, 1.5 up, 60 ms)": (9e6 / 8, 1.5e6 / 8, 60),
    "3G-like (1.6 Mbit/s down, 0.75 up, 300 ms)": (1.6e6 / 8, 0.75e6 / 8, 300),
}
# The connection (tests.support.browser.CONNECTIONS) that makes the page pick each path.
PATHS = {"snapshot": "fast", "lean": "save-data"}
READY_JS = """async () => {
  await window.prospectQuiz.ready;
  return [performance.now(), window.prospectQuiz.boot];
}"""
BASELINE_JS = "async () => [await window.stockReady, 'stock']"


def _measure(
    browser: Browser, url: str, profile: tuple[float, float, float], connection: str | None
) -> tuple[int | None, str]:
    down, up, latency = profile
    with fresh_context(browser) as context:
        if connection is not None:
            context.add_init_script(connection_script(connection))
        return _timed(context, url, down, up, latency)


def _timed(
    context: BrowserContext, url: str, down: float, up: float, latency: float
) -> tuple[int | None, str]:
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": latency, "downloadThroughput": down,
         "uploadThroughput": up},
    )  # fmt: skip
    try:
        page.goto(url, timeout=180_000)
        script = BASELINE_JS if BASELINE_DIR in url else READY_JS
        ms, path = page.evaluate(script)
        return round(ms), str(path)
    except Exception as error:  # a run that never got ready is a result too
        return None, f"failed: {str(error).splitlines()[0][:80]}"


def run(runs: int) -> str:
    """Build, serve with brotli, measure every profile and path `runs` times: the section."""
    started = time.time()
    results: dict[str, dict[str, list[Any]]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        site = build(Path(scratch) / "site")
        with serve(site.root, compress=True) as served, sync_playwright() as playwright:
            base = served.base
            browser = launch(playwright)
            for name, profile in PROFILES.items():
                rows = results.setdefault(name, {})
                for _ in range(runs):  # interleaved, so drift hits every path alike
                    for path, connection in PATHS.items():
                        rows.setdefault(path, []).append(
                            _measure(browser, base + "zelftest/", profile, connection)
                        )
                    rows.setdefault("stock", []).append(
                        _measure(browser, base + BASELINE_DIR + "/", profile, None)
                    )
            browser.close()
    return _section(results, runs, time.time() - started)


def _median(runs: list[Any]) -> str:
    times = [ms for ms, _ in runs if ms is not None]
    failed = len(runs) - len(times)
    if not times:
        return "never ready"
    text = f"{statistics.median(times) / 1000:.1f} s"
    return text + (f" ({failed} of {len(runs)} runs never ready)" if failed else "")


def _section(results: dict[str, dict[str, list[Any]]], runs: int, seconds: float) -> str:
    version = [CHROMIUM, "--version"]
    chromium = subprocess.run(version, capture_output=True, text=True, check=False).stdout
    lines = [
        f"Run of {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {platform.node()}, "
        f"{chromium.strip()}, median of {runs} cold runs per cell ({seconds / 60:.1f} minutes). "
        "Throttling by `Network.emulateNetworkConditions`; the site served with brotli.",
        "",
        "| Network | Snapshot path | Lean path | Stock `loadPyodide()` | Earlier ready |",
        "|---|---|---|---|---|",
    ]
    for name, rows in results.items():
        snapshot, lean = _median(rows["snapshot"]), _median(rows["lean"])
        times = {
            path: statistics.median([ms for ms, _ in rows[path] if ms is not None] or [1e12])
            for path in ("snapshot", "lean")
        }
        winner = min(times, key=lambda path: times[path])
        lines.append(f"| {name} | {snapshot} | {lean} | {_median(rows['stock'])} | {winner} |")
    paths = {p: sorted({str(r[1]) for rs in results.values() for r in rs[p]}) for p in PATHS}
    lines += ["", f"Boot paths the worker reported: {json.dumps(paths)}."]
    return "\n".join(lines)
