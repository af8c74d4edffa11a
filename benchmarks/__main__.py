"""The benchmarks: `python -m benchmarks` (every measurement against the targets),
`python -m benchmarks throttle` (snapshot or lean boot under network throttling),
`python -m benchmarks leads` (the lead list page) and `python -m benchmarks webkit`
(Python's readiness in WebKit beside Chromium's).

What they measure and how: benchmarks/README.md. Raw results go to benchmarks/results/;
the figures replace the marked sections of the README.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from tests.support import ROOT
from tests.support.server import HeaderRules, serve

from . import (
    _cli,
    _leads,
    _lighthouse,
    _machine,
    _quiz_runs,
    _report,
    _runs,
    _scale,
    _site,
    _throttle,
    _webkit,
)
from ._runs import say

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
README = HERE / "README.md"


def main(argv: list[str] | None = None) -> int:
    args = _cli.parse(argv, __doc__)
    if args.command == "throttle":
        _publish(_throttle.MARKER, _throttle.run(args.runs), args.readme)
    elif args.command == "leads":
        _publish(_leads.MARKER, _leads.run(args.runs, args.large), args.readme)
    elif args.command == "webkit":
        _publish(_webkit.MARKER, _webkit.run(args.runs), args.readme)
    else:
        _full_run(args)
    return 0


def _full_run(args: argparse.Namespace) -> None:
    """Every measurement against the targets: the browser runs, Lighthouse, the build's
    scale; the raw results to benchmarks/results/, the table to the README."""
    started = time.perf_counter()
    subreaper = _machine.become_subreaper()
    waiter = _machine.QuietWaiter(per_wait=args.quiet_wait, budget=args.quiet_budget)
    runner = _runs.Runner(time.monotonic() + 60 * args.budget_minutes, waiter)
    RESULTS.mkdir(exist_ok=True)
    results: dict[str, Any] = {
        "meta": _machine_info(),
        "browser_runs": [],
        "scale": {},
        "lighthouse": {},
    }
    meta = results["meta"]
    meta.update(
        runs=args.runs,
        lighthouse_runs=args.lighthouse_runs,
        load_before=_load_average(),
        subreaper=subreaper,
        notes=[],
    )
    with tempfile.TemporaryDirectory(prefix="bench-") as scratch_name:
        scratch = Path(scratch_name)
        say("building the site (mkdocs build --strict) into a temporary folder")
        site = _site.build(scratch / "site")
        meta["site_build_seconds"] = round(site.build_seconds, 2)
        meta["runtime_is_stock"] = _site.runtime_matches_stock(site)
        meta["caching"] = (
            "the site's own `_headers` file, applied by the benchmark server"
            if HeaderRules.read(site.root).rules
            else "none declared by the site (no `_headers`): the hosts' default"
        )
        with serve(site.root, compress=True) as served:
            base = served.base
            if args.runs:
                _quiz_runs.run(
                    results,
                    site,
                    base,
                    runs=args.runs,
                    extra_runs=args.extra_runs,
                    answer_sets=args.answer_sets,
                    runner=runner,
                    size_cache=RESULTS / "size-cache.json",
                )
            if args.lighthouse_runs:
                _lighthouse.benchmark(results, base, args.lighthouse_runs, runner)
        if args.scale_sizes:
            _scale.benchmark(results, scratch, args.scale_sizes, args.scale_runs, runner)
    meta["load_after"] = _load_average()
    meta["attempts"] = runner.log
    meta["quiet_wait_seconds"] = round(waiter.waited, 1)
    meta["runtime_minutes"] = (time.perf_counter() - started) / 60
    _report.add_notes(results)
    summary = _report.summarize(results)
    results["summary"] = summary
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    text = json.dumps(results, indent=1, ensure_ascii=False, default=str)
    (RESULTS / f"{stamp}.json").write_text(text, encoding="utf-8")
    (RESULTS / "latest.json").write_text(text, encoding="utf-8")
    _publish(_report.RESULTS_MARKER, _report.results_section(results, summary), args.readme)
    say(f"raw results in {(RESULTS / f'{stamp}.json').relative_to(ROOT)}")


def _publish(marker: str, section: str, write_readme: bool) -> None:
    """Print a section of figures and, unless told not to, put it into the README."""
    print(section)
    if write_readme:
        readme = README.read_text(encoding="utf-8")
        README.write_text(_report.replace_section(readme, marker, section), encoding="utf-8")
        say(f"wrote {README.relative_to(ROOT)} ({marker})")


# --- What ran the benchmarks ----------------------------------------------------------


def _machine_info() -> dict[str, Any]:
    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    pyodide_package = json.loads((_site.PYODIDE / "package.json").read_text(encoding="utf-8"))
    return {
        "date": datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "platform": platform.platform(),
        "node": _command_output(["node", "--version"]),
        "pyodide": pyodide_package["version"],
        "python": platform.python_version(),
        "mkdocs": importlib.metadata.version("mkdocs"),
        "material": importlib.metadata.version("mkdocs-material"),
        "chromium": "not run",
        "lighthouse": "not run",
    }


def _command_output(command: list[str]) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError:
        return "not found"
    return done.stdout.strip() or done.stderr.strip()


def _load_average() -> str:
    return ", ".join(f"{x:.1f}" for x in os.getloadavg())


if __name__ == "__main__":
    sys.exit(main())
