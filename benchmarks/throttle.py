"""Snapshot or lean boot under network throttling: which gives the earlier ready time?

`python -m benchmarks.throttle` builds the site, serves it compressed (brotli) with its
`_headers`, and in headless Chromium throttles the network through the Chrome DevTools
Protocol (`Network.emulateNetworkConditions`). For each profile it measures, in fresh
contexts (cold cache), navigation start to `prospectQuiz.ready` for the snapshot path, the
lean path (`navigator.connection` faked as Save-Data) and the stock `loadPyodide()` boot.
The table goes into benchmarks/README.md between the `throttle:` markers.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

from ._browser import CHROMIUM, CHROMIUM_ARGS
from ._server import serve
from ._site import BASELINE_DIR, build

README = Path(__file__).with_name("README.md")
START, END = "<!-- throttle:start -->", "<!-- throttle:end -->"
# DevTools-like presets: throughput in bytes per second, latency in ms.
PROFILES = {
    "4G-like (9 Mbit/s down, 1.5 up, 60 ms)": (9e6 / 8, 1.5e6 / 8, 60),
    "3G-like (1.6 Mbit/s down, 0.75 up, 300 ms)": (1.6e6 / 8, 0.75e6 / 8, 300),
}
CONNECTION = "Object.defineProperty(navigator, 'connection', {{value: {}}})"
PATHS = {  # how the page's policy (main.mjs, snapshotPays) is made to pick each path
    "snapshot": CONNECTION.format("{effectiveType: '4g', downlink: 10}"),
    "lean": CONNECTION.format("{saveData: true}"),
}
READY_JS = """async () => {
  await window.prospectQuiz.ready;
  return [performance.now(), window.prospectQuiz.boot];
}"""
BASELINE_JS = "async () => [await window.stockReady, 'stock']"


def _measure(browser: Any, url: str, profile: tuple[float, float, float], init: str) -> Any:
    down, up, latency = profile
    context = browser.new_context()
    if init:
        context.add_init_script(init)
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
        return round(ms), path
    except Exception as error:  # a run that never got ready is a result too
        return None, f"failed: {str(error).splitlines()[0][:80]}"
    finally:
        context.close()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.throttle")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    started = time.time()
    results: dict[str, dict[str, list[Any]]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        site = build(Path(scratch) / "site")
        with serve(site.root) as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for name, profile in PROFILES.items():
                rows = results.setdefault(name, {})
                for _ in range(args.runs):  # interleaved, so drift hits every path alike
                    for path, init in PATHS.items():
                        rows.setdefault(path, []).append(
                            _measure(browser, base + "zelftest/", profile, init)
                        )
                    rows.setdefault("stock", []).append(
                        _measure(browser, base + BASELINE_DIR + "/", profile, "")
                    )
            browser.close()
    _write(results, args.runs, time.time() - started)


def _median(runs: list[Any]) -> str:
    times = [ms for ms, _ in runs if ms is not None]
    failed = len(runs) - len(times)
    if not times:
        return "never ready"
    text = f"{statistics.median(times) / 1000:.1f} s"
    return text + (f" ({failed} of {len(runs)} runs never ready)" if failed else "")


def _write(results: dict[str, dict[str, list[Any]]], runs: int, seconds: float) -> None:
    version = [CHROMIUM, "--version"]
    chromium = subprocess.run(version, capture_output=True, text=True, check=False).stdout
    lines = [
        START,
        "",
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
    lines += ["", f"Boot paths the worker reported: {json.dumps(paths)}.", "", END]
    text = README.read_text(encoding="utf-8")
    if START in text:
        text = text[: text.index(START)] + "\n".join(lines) + text[text.index(END) + len(END) :]
    else:
        text += "\n## Snapshot or lean under throttling (issue 6)\n\n" + "\n".join(lines) + "\n"
    README.write_text(text, encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
