"""The benchmarks: `python -m benchmarks` (every measurement against the targets),
`python -m benchmarks throttle` (snapshot or lean boot under network throttling),
`python -m benchmarks leads` (the lead list page) and `python -m benchmarks webkit`
(Python's readiness in WebKit beside Chromium's).

What they measure and how: benchmarks/README.md. Raw results go to benchmarks/results/;
the figures replace the marked sections of the README.
"""

from __future__ import annotations

import argparse
import dataclasses
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

import quiz
from tests.support import ROOT
from tests.support.answers import fillable
from tests.support.server import HeaderRules, serve

from . import (
    _answers,
    _browser,
    _bytes,
    _leads,
    _lighthouse,
    _machine,
    _report,
    _runs,
    _scale,
    _site,
    _throttle,
    _webkit,
)
from ._figures import BrowserFigures, EvaluationFigures, PathFigures

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
README = HERE / "README.md"
# The self-assessment's two boot paths, and the connection reported to make the page pick it.
# The evaluations run in the first one's page.
# "prefetch": a lean boot on a link not known to be slow, which downloads the snapshot for
# the next visit once idle; its repeat visit restores that snapshot.
PATHS = {"lean": "save-data", "snapshot": "fast", "prefetch": "measured-4g"}
LIGHTHOUSE_PATHS = {"home": _site.HOME_PATH, "article": _site.ARTICLE_PATH, "quiz": _site.QUIZ_PATH}


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    if args.command == "throttle":
        section = _throttle.run(args.runs)
        _publish(_throttle.MARKER, section, args.readme)
        return 0
    if args.command == "leads":
        section = _leads.run(args.runs, args.large)
        _publish(_leads.MARKER, section, args.readme)
        return 0
    if args.command == "webkit":
        section = _webkit.run(args.runs)
        _publish(_webkit.MARKER, section, args.readme)
        return 0
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
        _say("building the site (mkdocs build --strict) into a temporary folder")
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
                _browser_benchmarks(results, site, base, args, runner)
            if args.lighthouse_runs:
                _lighthouse_benchmarks(results, base, args, runner)
        if args.scale_sizes:
            _scale_benchmarks(results, scratch, args, runner)
    meta["load_after"] = _load_average()
    meta["attempts"] = runner.log
    meta["quiet_wait_seconds"] = round(waiter.waited, 1)
    meta["runtime_minutes"] = (time.perf_counter() - started) / 60
    _add_notes(results)
    summary = _report.summarize(results)
    results["summary"] = summary
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    text = json.dumps(results, indent=1, ensure_ascii=False, default=str)
    (RESULTS / f"{stamp}.json").write_text(text, encoding="utf-8")
    (RESULTS / "latest.json").write_text(text, encoding="utf-8")
    _publish(_report.RESULTS_MARKER, _report.results_section(results, summary), args.readme)
    _say(f"raw results in {(RESULTS / f'{stamp}.json').relative_to(ROOT)}")
    return 0


def _publish(marker: str, section: str, write_readme: bool) -> None:
    """Print a section of figures and, unless told not to, put it into the README."""
    print(section)
    if write_readme:
        readme = README.read_text(encoding="utf-8")
        README.write_text(_report.replace_section(readme, marker, section), encoding="utf-8")
        _say(f"wrote {README.relative_to(ROOT)} ({marker})")


# --- The benchmarks -------------------------------------------------------------------


def _browser_benchmarks(
    results: dict[str, Any],
    site: _site.BuiltSite,
    base: str,
    args: argparse.Namespace,
    runner: _runs.Runner,
) -> None:
    from playwright.sync_api import sync_playwright

    questions: list[dict[str, Any]] = quiz.questions()["questions"]
    sets = _answers.answer_sets(args.answer_sets)
    references = [_answers.reference(answers) for answers in sets]
    visitor_sets = _visitor_sets(questions)
    meta = results["meta"]
    meta["answer_sets"] = {
        "count": len(sets),
        "with_outcome": sum(r["outcome"] is not None for r in references),
        "with_errors": sum(bool(r["errors"]) for r in references),
    }
    with sync_playwright() as playwright:
        browser = _browser.Browser(playwright, base)
        meta["chromium"] = browser.version
        try:
            _say("warming up (server compression caches, browser)")
            browser.baseline_cold_and_repeat()
            for connection in PATHS.values():
                browser.quiz_visits(sets[:20], connection)
            browser.article()

            def one_run(index: int) -> dict[str, Any]:
                # Alternate the order of the pages, so that drift favours none of them.
                loads: dict[str, Any] = {}
                first = next(iter(PATHS))
                steps = [("baseline", browser.baseline_cold_and_repeat)] + [
                    (
                        path,
                        lambda c=connection, e=sets if path == first else []: browser.quiz_visits(
                            e, c
                        ),
                    )
                    for path, connection in PATHS.items()
                ]
                for name, step in steps if index % 2 == 0 else steps[::-1]:
                    loads[name] = step()
                loads["article"] = browser.article()
                answers = visitor_sets[index % len(visitor_sets)]
                loads["latency"] = browser.result_latency(answers, questions)
                loads["latency"]["expected_outcome"] = _answers.reference(answers)["outcome"]
                return loads

            kept = runner.repeat("browser", args.runs, args.extra_runs, one_run, _say)
        finally:
            browser.close()
    _say("computing gzip-9 and brotli-11 sizes of every requested file")
    cache = _bytes.SizeCache(RESULTS / "size-cache.json")
    for attempt in kept:
        figures, details = _browser_run(attempt.result, sets, references, site, cache)
        figures = dataclasses.replace(figures, foreign_cpu=attempt.foreign_cpu)
        results["browser_runs"].append({**figures.to_dict(), **details})


def _browser_run(
    loads: dict[str, Any],
    sets: list[Any],
    references: list[dict[str, Any]],
    site: _site.BuiltSite,
    cache: _bytes.SizeCache,
) -> tuple[BrowserFigures, dict[str, Any]]:
    """The figures of one run (every ratio within this run), and what they were taken from:
    the boot paths the pages reported and the raw measurements."""
    baseline: _browser.PageLoad = loads["baseline"]["cold"]
    baseline_repeat: _browser.PageLoad = loads["baseline"]["repeat"]
    article: _browser.PageLoad = loads["article"]
    latency = loads["latency"]
    stock_ms = _ready(baseline)
    stock_bytes = _bytes.page_bytes(site, baseline.requests, cache)
    stock = stock_bytes["stock_pyodide"]
    article_bytes = _bytes.page_bytes(site, article.requests, cache)
    detail: dict[str, Any] = {
        "baseline": baseline.as_json(),
        "baseline_repeat": baseline_repeat.as_json(),
        "article": article.as_json(),
        "latency": latency,
        "bytes": {"stock": stock_bytes, "article": article_bytes},
    }
    paths: dict[str, PathFigures] = {}
    evaluation: EvaluationFigures | None = None
    boot_paths = []
    for path in PATHS:
        cold: _browser.PageLoad = loads[path]["cold"]
        repeat: _browser.PageLoad = loads[path]["repeat"]
        cold_ms, repeat_ms = _ready(cold), _ready(repeat)
        page_bytes = _bytes.page_bytes(site, cold.requests, cache)
        total = page_bytes["total"]
        paths[path] = PathFigures(
            cold_ms=cold_ms,
            repeat_ms=repeat_ms,
            cold_ratio=cold_ms / stock_ms,
            repeat_ratio=repeat_ms / cold_ms,
            repeat_stock_ratio=repeat_ms / stock_ms,
            tbt_ms=cold.total_blocking_ms,
            long_tasks=len(cold.long_tasks),
            longest_task_ms=_longest(cold),
            gzip=total["gzip"],
            brotli=total["brotli"],
            gzip_ratio=total["gzip"] / stock["gzip"],
            brotli_ratio=total["brotli"] / stock["brotli"],
            pyodide_gzip=page_bytes["pyodide"]["gzip"],
            pyodide_brotli=page_bytes["pyodide"]["brotli"],
        )
        prefetched = loads[path].get("prefetched")
        boot_paths.append(
            f"{path}: {cold.boot_path}/{repeat.boot_path}"
            + (f" (snapshot for next visit: {prefetched})" if prefetched else "")
        )
        detail[f"{path}_cold"] = cold.as_json()
        detail[f"{path}_repeat"] = repeat.as_json()
        detail["bytes"][path] = page_bytes
        if loads[path]["evaluations"] is not None:
            evaluation = _evaluation_figures(loads[path]["evaluations"], sets, references)
            detail["eval_times_ms"] = loads[path]["evaluations"]["times"]
    boot_paths.append(f"Chromium's own report: {latency['boot_path']}")
    figures = BrowserFigures(
        baseline_ready_ms=stock_ms,
        baseline_repeat_ms=_ready(baseline_repeat),
        baseline_repeat_ratio=_ready(baseline_repeat) / stock_ms,
        stock_gzip=stock["gzip"],
        stock_brotli=stock["brotli"],
        result_latency_ms=latency["latency_ms"],
        result_next_frame_ms=latency["next_frame_ms"],
        article_tbt_ms=article.total_blocking_ms,
        article_long_tasks=len(article.long_tasks),
        article_longest_task_ms=_longest(article),
        article_gzip=article_bytes["total"]["gzip"],
        article_brotli=article_bytes["total"]["brotli"],
        article_pyodide_raw=article_bytes["pyodide"]["raw"],
        article_quiz_script_gzip=article_bytes["quiz_script"]["gzip"],
        article_quiz_script_brotli=article_bytes["quiz_script"]["brotli"],
        paths=paths,
        evaluation=evaluation,
    )
    return figures, {"boot_paths": "; ".join(boot_paths), "detail": detail}


def _evaluation_figures(
    evaluations: dict[str, Any], sets: list[Any], references: list[dict[str, Any]]
) -> EvaluationFigures:
    times = evaluations["times"]
    triples = zip(evaluations["results"], references, sets, strict=True)
    differ = [(got, want, answers) for got, want, answers in triples if got != want]
    # Same verdict (no outcome, some error) in other words, or a different verdict.
    wording = [
        answers
        for got, want, answers in differ
        if got["outcome"] is None and want["outcome"] is None and got["errors"] and want["errors"]
    ]
    return EvaluationFigures(
        count=len(times),
        p50_ms=_report.percentile(times, 0.50),
        p95_ms=_report.percentile(times, 0.95),
        max_ms=max(times),
        mismatches=len(differ) - len(wording),
        wording_differs=len(wording),
        wording_min_depth=min((_depth(a) for a in wording), default=0),
    )


def _lighthouse_benchmarks(
    results: dict[str, Any], base: str, args: argparse.Namespace, runner: _runs.Runner
) -> None:
    results["meta"]["lighthouse"] = _lighthouse.version()
    for page, path in LIGHTHOUSE_PATHS.items():

        def one_run(_index: int, url: str = base + path) -> dict[str, Any]:
            return _lighthouse.run(url)

        kept = runner.repeat(f"lighthouse {page}", args.lighthouse_runs, 1, one_run, _say)
        results["lighthouse"][page] = [
            {**attempt.result, "foreign_cpu": attempt.foreign_cpu} for attempt in kept
        ]


def _scale_benchmarks(
    results: dict[str, Any], scratch: Path, args: argparse.Namespace, runner: _runs.Runner
) -> None:
    shared_cache = scratch / "scale-cache"
    shared_cache.mkdir()
    sizes = sorted(args.scale_sizes)
    for position, size in enumerate(sizes):
        project = _scale.make_project(scratch / f"scale-{size}", size)
        # One staging cache for all sizes: the wheel and lock file are built once, in the
        # warm-up, as on a developer's machine after the first build.
        (project.folder / ".cache").symlink_to(shared_cache)
        if position == 0:
            _say(f"scale: warm-up builds of {size} posts")
            _scale.build_both(project, scratch)

        def pair(_index: int, project: _scale.ScaleProject = project) -> dict[str, Any]:
            timing = _scale.build_both(project, scratch)
            return {
                "with": timing["with"].wall,
                "without": timing["without"].wall,
                "with_cpu": timing["with"].cpu,
                "without_cpu": timing["without"].cpu,
            }

        runs = args.scale_runs
        extra = 2 if position == 0 else 1
        kept = runner.repeat(f"scale {size} posts", runs, extra, pair, _say)
        results["scale"][str(size)] = [
            {**attempt.result, "foreign_cpu": attempt.foreign_cpu} for attempt in kept
        ]


# --- Helper functions -----------------------------------------------------------------


def _ready(load: _browser.PageLoad) -> float:
    if load.ready_ms is None:
        raise RuntimeError("a page never reported ready")
    return load.ready_ms


def _longest(load: _browser.PageLoad) -> float:
    return max((duration for _, duration in load.long_tasks), default=0.0)


def _depth(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    return 0


def _visitor_sets(questions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Answer sets from the case table a visitor can click in, alternating the outcomes."""
    by_outcome: dict[str, list[dict[str, Any]]] = {}
    for answers in _answers.case_answers():
        outcome = _answers.reference(answers)["outcome"]
        if outcome is not None and fillable(answers, questions):
            by_outcome.setdefault(outcome, []).append(answers)
    ordered = []
    for index in range(max(len(v) for v in by_outcome.values())):
        ordered += [v[index] for v in by_outcome.values() if index < len(v)]
    return ordered


def _add_notes(results: dict[str, Any]) -> None:
    """The figures under the table; what they mean is explained in the README."""
    meta = results["meta"]
    notes = meta["notes"]
    runs = results["browser_runs"]
    meta["scale_runs_text"] = (
        ", ".join(f"{len(b)} per variant at {int(s):,} posts" for s, b in results["scale"].items())
        or "not run"
    )
    if runs:
        sets = meta["answer_sets"]
        evaluations = [
            figures.evaluation
            for figures in map(BrowserFigures.from_dict, runs)
            if figures.evaluation is not None
        ]
        wording = max((e.wording_differs for e in evaluations), default=0)
        notes.append(
            f"Evaluation: {sets['count']:,} answer sets ({sets['with_outcome']} with an "
            f"outcome, {sets['with_errors']} with errors); another verdict than CPython's: "
            f"{sum(e.mismatches for e in evaluations)} in all runs; the same verdict in other "
            f"words: {wording} per run"
            + (
                f" (nested at least {min(e.wording_min_depth for e in evaluations)} deep)."
                if wording
                else "."
            )
        )
        latencies = [r["detail"]["latency"] for r in runs]
        wrong = sum(x["outcome"] != x["expected_outcome"] for x in latencies)
        notes.append(f"Result latency: {wrong} of {len(runs)} runs showed an unexpected outcome.")
        same = "yes" if meta["runtime_is_stock"] else "no"
        notes.append(f"Baseline runtime files byte for byte the site's: {same}.")
    if results["lighthouse"]:
        notes.append(
            "Lighthouse audits below 1 in at least half of the runs: "
            + _losing_audits(results["lighthouse"])
            + "."
        )


def _losing_audits(lighthouse: dict[str, list[dict[str, Any]]]) -> str:
    parts = []
    for page, runs in lighthouse.items():
        counts: dict[str, int] = {}
        for run in runs:
            for audit in run["losing_audits"]:
                key = f"{audit['category']} `{audit['audit']}`"
                counts[key] = counts.get(key, 0) + 1
        common = [f"{key} ({n}/{len(runs)})" for key, n in counts.items() if 2 * n >= len(runs)]
        parts.append(f"{_report.LIGHTHOUSE_PAGES[page]}: {', '.join(common) or 'none'}")
    return "; ".join(parts)


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


def _say(text: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    commands = parser.add_subparsers(dest="command", metavar="[throttle|leads|webkit]")
    leads = commands.add_parser(
        "leads", help="the lead list page (/leadlijst/)", description=_leads.__doc__
    )
    leads.add_argument("--runs", type=int, default=3, help="runs of 10,000 leads (default 3)")
    leads.add_argument("--large", type=int, default=100_000, help="the large list's leads")
    leads.add_argument(
        "--no-readme", dest="readme", action="store_false",
        help="do not rewrite the leads section of benchmarks/README.md",
    )  # fmt: skip
    webkit = commands.add_parser(
        "webkit", help="Python's readiness in WebKit beside Chromium's",
        description=_webkit.__doc__,
    )  # fmt: skip
    webkit.add_argument("--runs", type=int, default=5, help="cold visits per engine (default 5)")
    webkit.add_argument(
        "--no-readme", dest="readme", action="store_false",
        help="do not rewrite the webkit section of benchmarks/README.md",
    )  # fmt: skip
    throttle = commands.add_parser(
        "throttle",
        help="snapshot or lean boot under network throttling",
        description=_throttle.__doc__,
    )
    throttle.add_argument("--runs", type=int, default=3, help="runs per cell (default 3)")
    throttle.add_argument(
        "--no-readme", dest="readme", action="store_false",
        help="do not rewrite the throttle section of benchmarks/README.md",
    )  # fmt: skip
    parser.add_argument("--runs", type=int, default=5, help="browser runs (default 5)")
    parser.add_argument("--answer-sets", type=int, default=1000, help="evaluations per run")
    parser.add_argument("--lighthouse-runs", type=int, default=5, help="per page (default 5)")
    parser.add_argument(
        "--scale-sizes", type=lambda s: [int(x) for x in s.split(",") if x], default=[100, 1000],
        help="post counts of the generated sites, comma-separated ('' skips; default 100,1000)",
    )  # fmt: skip
    parser.add_argument(
        "--scale-runs", type=int, default=5, help="builds per variant and size (default 5)"
    )
    parser.add_argument(
        "--extra-runs", type=int, default=2,
        help="browser runs allowed on top of --runs to replace disturbed ones (default 2)",
    )  # fmt: skip
    parser.add_argument(
        "--budget-minutes", type=float, default=24,
        help="no repeat of a disturbed run starts after this (default 24)",
    )  # fmt: skip
    parser.add_argument(
        "--quiet-wait", type=float, default=30,
        help="seconds to wait at most for a quiet machine before each run (default 30)",
    )  # fmt: skip
    parser.add_argument(
        "--quiet-budget", type=float, default=180,
        help="seconds of such waiting in all (default 180)",
    )  # fmt: skip
    parser.add_argument(
        "--no-readme", dest="readme", action="store_false",
        help="do not rewrite the table in benchmarks/README.md",
    )  # fmt: skip
    return parser.parse_args(argv)


if __name__ == "__main__":
    sys.exit(main())
