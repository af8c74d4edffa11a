"""The browser runs of the full benchmark: the baseline, the self-assessment on each boot
path, an article page and a visitor, and the figures of each run (`BrowserFigures`)."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import quiz
from tests.support.answers import fillable

from . import _answers, _browser, _bytes, _report, _runs, _site
from ._figures import BrowserFigures, EvaluationFigures, PathFigures

# The self-assessment's boot paths, and the connection reported to make the page pick it.
# The evaluations run in the first one's page.
# "prefetch": a lean boot on a link not known to be slow, which downloads the snapshot for
# the next visit once idle; its repeat visit restores that snapshot.
PATHS = {"lean": "save-data", "snapshot": "fast", "prefetch": "measured-4g"}


def run(
    results: dict[str, Any],
    site: _site.BuiltSite,
    base: str,
    *,
    runs: int,
    extra_runs: int,
    answer_sets: int,
    runner: _runs.Runner,
    size_cache: Path,
) -> None:
    """`runs` kept browser runs (up to `extra_runs` more for disturbed ones), their figures
    appended to `results["browser_runs"]`; the compressed sizes of files are kept in
    `size_cache` between runs."""
    from playwright.sync_api import sync_playwright

    questions: list[dict[str, Any]] = quiz.questions()["questions"]
    sets = _answers.answer_sets(answer_sets)
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
            _runs.say("warming up (server compression caches, browser)")
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

            kept = runner.repeat("browser", runs, extra_runs, one_run, _runs.say)
        finally:
            browser.close()
    _runs.say("computing gzip-9 and brotli-11 sizes of every requested file")
    cache = _bytes.SizeCache(size_cache)
    for attempt in kept:
        figures, details = _figures(attempt.result, sets, references, site, cache)
        figures = dataclasses.replace(figures, foreign_cpu=attempt.foreign_cpu)
        results["browser_runs"].append({**figures.to_dict(), **details})


def _figures(
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
