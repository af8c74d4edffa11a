"""Run every benchmark: `.venv/bin/python -m benchmarks` (or `make bench`).

Builds the site into a temporary folder, serves it on 127.0.0.1, measures it in headless
Chromium and with Lighthouse, builds generated sites of 100 and 1,000 posts, writes the
raw results to benchmarks/results/ and the table to benchmarks/README.md.
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

import quiz

from . import (
    _answers,
    _browser,
    _bytes,
    _lighthouse,
    _machine,
    _report,
    _runs,
    _scale,
    _server,
    _site,
)

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
README = HERE / "README.md"
# The self-assessment's two boot paths, and the connection reported to make the page pick it.
# The evaluations run in the first one's page.
PATHS = {"lean": "slow", "snapshot": "fast"}
LIGHTHOUSE_PATHS = {"home": _site.HOME_PATH, "article": _site.ARTICLE_PATH, "quiz": _site.QUIZ_PATH}


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
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
            if _server.has_header_rules(site.root)
            else "none declared by the site (no `_headers`); the server sends "
            "`Cache-Control: public, max-age=0, must-revalidate` + ETag, the default of "
            "Netlify and Cloudflare Pages, so a repeat visit revalidates every file (304)"
        )
        with _server.serve(site.root) as base:
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
    _add_notes(results, args)
    summary = _report.summarize(results)
    results["summary"] = summary
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    text = json.dumps(results, indent=1, ensure_ascii=False, default=str)
    (RESULTS / f"{stamp}.json").write_text(text, encoding="utf-8")
    (RESULTS / "latest.json").write_text(text, encoding="utf-8")
    section = _report.results_section(results, summary)
    print(section)
    if args.readme:
        readme = README.read_text(encoding="utf-8") if README.is_file() else ""
        README.write_text(_report.replace_section(readme, section), encoding="utf-8")
        _say(f"wrote {README.relative_to(_site.ROOT)}")
    _say(f"raw results in {(RESULTS / f'{stamp}.json').relative_to(_site.ROOT)}")
    return 0


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
        run = _browser_run(attempt.result, sets, references, site, cache)
        run["foreign_cpu"] = attempt.foreign_cpu
        results["browser_runs"].append(run)


def _browser_run(
    loads: dict[str, Any],
    sets: list[Any],
    references: list[dict[str, Any]],
    site: _site.BuiltSite,
    cache: _bytes.SizeCache,
) -> dict[str, Any]:
    """The figures of one run; every ratio within this run."""
    baseline: _browser.PageLoad = loads["baseline"]["cold"]
    baseline_repeat: _browser.PageLoad = loads["baseline"]["repeat"]
    article: _browser.PageLoad = loads["article"]
    latency = loads["latency"]
    stock_ms = _ready(baseline)
    stock_bytes = _bytes.page_bytes(site, baseline.requests, cache)
    stock = stock_bytes["stock_pyodide"]
    article_bytes = _bytes.page_bytes(site, article.requests, cache)
    run: dict[str, Any] = {
        "baseline_ready_ms": stock_ms,
        "baseline_repeat_ms": _ready(baseline_repeat),
        "baseline_repeat_ratio": _ready(baseline_repeat) / stock_ms,
        "stock_gzip": stock["gzip"],
        "stock_brotli": stock["brotli"],
        "result_latency_ms": latency["latency_ms"],
        "result_next_frame_ms": latency["next_frame_ms"],
        "article_tbt_ms": article.total_blocking_ms,
        "article_long_tasks": len(article.long_tasks),
        "article_longest_task_ms": max((d for _, d in article.long_tasks), default=0.0),
        "article_gzip": article_bytes["total"]["gzip"],
        "article_brotli": article_bytes["total"]["brotli"],
        "article_pyodide_raw": article_bytes["pyodide"]["raw"],
    }
    detail: dict[str, Any] = {
        "baseline": baseline.as_json(),
        "baseline_repeat": baseline_repeat.as_json(),
        "article": article.as_json(),
        "latency": latency,
        "bytes": {"stock": stock_bytes, "article": article_bytes},
    }
    boot_paths = []
    for path in PATHS:
        cold: _browser.PageLoad = loads[path]["cold"]
        repeat: _browser.PageLoad = loads[path]["repeat"]
        cold_ms, repeat_ms = _ready(cold), _ready(repeat)
        page_bytes = _bytes.page_bytes(site, cold.requests, cache)
        total = page_bytes["total"]
        run |= {
            f"{path}_cold_ms": cold_ms,
            f"{path}_repeat_ms": repeat_ms,
            f"{path}_cold_ratio": cold_ms / stock_ms,
            f"{path}_repeat_ratio": repeat_ms / cold_ms,
            f"{path}_tbt_ms": cold.total_blocking_ms,
            f"{path}_long_tasks": len(cold.long_tasks),
            f"{path}_longest_task_ms": max((d for _, d in cold.long_tasks), default=0.0),
            f"{path}_gzip": total["gzip"],
            f"{path}_brotli": total["brotli"],
            f"{path}_gzip_ratio": total["gzip"] / stock["gzip"],
            f"{path}_brotli_ratio": total["brotli"] / stock["brotli"],
            f"{path}_pyodide_gzip": page_bytes["pyodide"]["gzip"],
            f"{path}_pyodide_brotli": page_bytes["pyodide"]["brotli"],
        }
        boot_paths.append(f"{path}: {cold.boot_path}/{repeat.boot_path}")
        detail[f"{path}_cold"] = cold.as_json()
        detail[f"{path}_repeat"] = repeat.as_json()
        detail["bytes"][path] = page_bytes
        if loads[path]["evaluations"] is not None:
            run |= _evaluation_figures(loads[path]["evaluations"], sets, references)
            detail["eval_times_ms"] = loads[path]["evaluations"]["times"]
    boot_paths.append(f"Chromium's own report: {latency['boot_path']}")
    run["boot_paths"] = "; ".join(boot_paths)
    run["detail"] = detail
    return run


def _evaluation_figures(
    evaluations: dict[str, Any], sets: list[Any], references: list[dict[str, Any]]
) -> dict[str, float]:
    times = evaluations["times"]
    triples = zip(evaluations["results"], references, sets, strict=True)
    differ = [(got, want, answers) for got, want, answers in triples if got != want]
    # Same verdict (no outcome, some error) in other words, or a different verdict.
    wording = [
        answers
        for got, want, answers in differ
        if got["outcome"] is None and want["outcome"] is None and got["errors"] and want["errors"]
    ]
    return {
        "eval_count": len(times),
        "eval_p50_ms": _report.percentile(times, 0.50),
        "eval_p95_ms": _report.percentile(times, 0.95),
        "eval_max_ms": max(times),
        "eval_mismatches": len(differ) - len(wording),
        "eval_wording_differs": len(wording),
        "eval_wording_min_depth": min((_depth(a) for a in wording), default=0),
    }


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
        if outcome is not None and _answers.fillable(answers, questions):
            by_outcome.setdefault(outcome, []).append(answers)
    ordered = []
    for index in range(max(len(v) for v in by_outcome.values())):
        ordered += [v[index] for v in by_outcome.values() if index < len(v)]
    return ordered


def _add_notes(results: dict[str, Any], args: argparse.Namespace) -> None:
    meta = results["meta"]
    notes = meta["notes"]
    runs = results["browser_runs"]
    meta["scale_runs_text"] = (
        ", ".join(f"{len(b)} per variant at {int(s):,} posts" for s, b in results["scale"].items())
        or "not run"
    )
    if runs:
        mismatches = sum(r["eval_mismatches"] for r in runs)
        wording = max(r["eval_wording_differs"] for r in runs)
        depth = min(r["eval_wording_min_depth"] for r in runs)
        answer_sets = meta["answer_sets"]
        notes.append(
            f"Evaluation: {answer_sets['count']:,} answer sets ({answer_sets['with_outcome']} "
            f"with an outcome, {answer_sets['with_errors']} with errors: the case table, then "
            "generated valid and invalid ones), timed in the page around "
            "`prospectQuiz.evaluate` (postMessage round trip included), one after the other. "
            f"Compared with CPython's `quiz.evaluate`: {mismatches} results in all runs gave "
            "another verdict"
            + (
                f"; {wording} per run gave the same verdict (no outcome, an error) in other "
                f"words (answer sets nested at least {depth} levels deep: the browser reports "
                "them as unreadable, CPython names the question)."
                if wording
                else "."
            )
        )
        wrong = [
            r["detail"]["latency"]
            for r in runs
            if r["detail"]["latency"]["outcome"] != r["detail"]["latency"]["expected_outcome"]
        ]
        notes.append(
            "Result latency: Playwright answers every question of a case-table answer set, "
            "one per second, after `prospectQuiz.ready`; the page records the last `input` "
            "event and, with a MutationObserver, the moment the result section is visible "
            "with an outcome. 'Next frame' is a requestAnimationFrame + setTimeout after it."
            + (f" {len(wrong)} runs showed an unexpected outcome." if wrong else "")
        )
        notes.append(
            'Time to ready: `performance.now()` in the page when its worker posts "ready" '
            "(what resolves `prospectQuiz.ready`); 0 is navigation start. The baseline page "
            f"(`{_site.BASELINE_PATH}`) starts a module worker the same way and only calls "
            "`loadPyodide()` on the stock npm files"
            + (
                " (`pyodide.mjs`, `pyodide.asm.mjs` and `pyodide.asm.wasm` are byte for byte "
                "the ones the site ships)."
                if meta["runtime_is_stock"]
                else "."
            )
            + " The self-assessment boots from its memory snapshot only when the browser "
            "reports a fast connection (4g, downlink ≥ 10 Mbit/s, no Save-Data), else 'lean'; "
            "each path is measured with `navigator.connection` faked accordingly (fast: 4g, "
            "10 Mbit/s; slow: 3g, Save-Data). The evaluations run in the lean page; the "
            "visitor of the result latency gets what headless Chromium itself reports."
        )
        notes.append(
            "Bytes: unique same-origin requests of a cold load (until ready, or network idle "
            "for the article), each file compressed with gzip -9 and brotli -q 11; files a "
            "host would not shrink (zip, wheel) count raw. The stock download is what the "
            "baseline page requests from `node_modules/pyodide` (the 5 runtime files)."
        )
        notes.append(
            "Long tasks: PerformanceObserver('longtask') from navigation start until ready "
            "+ 1 s; TBT is the sum of each task's time over 50 ms."
        )
    if results["scale"]:
        notes.append(
            "Build scale: `mkdocs build --strict` of a generated project (the real pages and "
            "posts plus copies of them as generated posts), timed as CPU time (user + system "
            "of the build process, which other processes on a shared machine hardly change; "
            "the target is judged on it) and wall-clock time, with the social plugin "
            "switched off in both variants (it renders a PNG card per page and would dominate "
            "the time); the RSS and blog plugins stay on. 'Without' drops "
            f"`{_scale.QUIZ_HOOK}` from `hooks`. Overhead is with/without − 1 per run, "
            "median over runs; in each run the two variants build at the same time, one "
            "process per core, so that the machine's drift (identical builds differ by up to "
            "±10% from one minute to the next on this VM) hits both alike."
            + (
                f" Each size was built {args.scale_runs} times per variant, not 5, to keep "
                "the whole benchmark under about 25 minutes."
                if args.scale_runs < 5
                else ""
            )
        )
    if results["lighthouse"]:
        notes.append(
            "Lighthouse: default settings (mobile form factor, simulated slow 4G and 4x CPU "
            "slowdown), a fresh Chromium profile per run, served by the benchmark server with "
            "compression. Scored audits below 1 in at least half of the runs: "
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
