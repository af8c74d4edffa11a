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

import quiz
from tests.support.answers import asked_steps, fillable, through_stepper
from tests.support.browser import CHROMIUM, connection_script, fresh_context, launch
from tests.support.server import serve

from . import _answers, _scale
from . import _visitor as phone
from ._browser import _LATENCY_PROBE
from ._site import ARTICLE_PATH, BASELINE_DIR, QUIZ_PATH, build

MARKER = "throttle"
# DevTools-like presets: throughput in bytes per second, latency in ms.
PROFILES = {
    "4G-like (9 Mbit/s down, 1.5 up, 60 ms)": (9e6 / 8, 1.5e6 / 8, 60),
    "3G-like (1.6 Mbit/s down, 0.75 up, 300 ms)": (1.6e6 / 8, 0.75e6 / 8, 300),
}
# The connection (tests.support.browser.CONNECTIONS) that makes the page pick each path.
PATHS = {"snapshot": "fast", "lean": "save-data"}
# What a visitor's browser reports on each link: the lean boot (a snapshot does not pay
# below 10 Mbit/s), with Python's files fetched ahead on 4G and not on 3G (connection.mjs).
VISITOR_CONNECTIONS = {"4G-like": "measured-4g", "3G-like": "slow-3g"}
# A visitor on a phone (390 px) with the CPU slowed 4x, one answer per 2 s.
PHONE_PROFILES = {
    "4G-like (9 Mbit/s down, 1.5 up, 150 ms)": (9e6 / 8, 1.5e6 / 8, 150),
    "3G-like (1.6 Mbit/s down, 0.75 up, 300 ms)": (1.6e6 / 8, 0.75e6 / 8, 300),
}
PYTHON_WAIT_MAX_MS = {"4G-like": 300.0, "3G-like": 1000.0}
INP_MAX_MS = 200.0
CLS_MAX = 0.05
LEAN_MAX_RATIO = 0.70
READY_JS = """async () => {
  await window.prospectQuiz.ready;
  return [performance.now(), window.prospectQuiz.boot];
}"""
BASELINE_JS = "async () => [await window.stockReady, 'stock']"
LCP_PROFILE = "3G-like (1.6 Mbit/s down, 0.75 up, 300 ms)"
VISITOR_PROFILE = "4G-like (9 Mbit/s down, 1.5 up, 60 ms)"
ANSWER_INTERVAL_SECONDS = 1.5  # "one answer per 1.5 s"
LCP_MAX_RATIO = 1.10
RESULT_LATENCY_MAX_MS = 100.0
SETTLE_SECONDS = 1.0
# Records the largest contentful paint and the long tasks from navigation start on.
_PAINT_SCRIPT = """
(() => {
  const marks = { lcp: null, longTasks: [] };
  window.__paint = marks;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) marks.lcp = e.startTime;
  }).observe({ type: "largest-contentful-paint", buffered: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) marks.longTasks.push(e.duration);
  }).observe({ type: "longtask", buffered: true });
})();
"""


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
    phone.throttle(page, (down, up, latency))
    try:
        page.goto(url, timeout=180_000)
        script = BASELINE_JS if BASELINE_DIR in url else READY_JS
        ms, path = page.evaluate(script)
        return round(ms), str(path)
    except Exception as error:  # a run that never got ready is a result too
        return None, f"failed: {str(error).splitlines()[0][:80]}"


def _paint(
    browser: Browser, url: str, profile: tuple[float, float, float] | None
) -> dict[str, Any]:
    """LCP and long tasks of one cold load (until the load event, then settled)."""
    with fresh_context(browser) as context:
        context.add_init_script(connection_script("slow-3g" if profile else "measured-4g"))
        context.add_init_script(_PAINT_SCRIPT)
        page = context.new_page()
        if profile is not None:
            phone.throttle(page, profile)
        page.goto(url, timeout=180_000, wait_until="load")
        time.sleep(SETTLE_SECONDS)
        marks: dict[str, Any] = page.evaluate("() => window.__paint")
        return marks


def _visitor(browser: Browser, url: str, profile: tuple[float, float, float]) -> dict[str, Any]:
    """A cold visit on a throttled link, answering one question per 1.5 s through the
    stepper from the moment the page has loaded: time from the last answer ("Volgende" on
    the last question) to the result on screen."""
    questions = quiz.questions()["questions"]
    given = next(a for a in _answers.case_answers() if fillable(a, questions)
                 and _answers.reference(a)["outcome"] is not None)  # fmt: skip
    with fresh_context(browser) as context:
        context.add_init_script(connection_script("measured-4g"))
        page = context.new_page()
        phone.throttle(page, profile)
        page.goto(url, timeout=180_000, wait_until="load")
        page.evaluate(_LATENCY_PROBE)
        for step in through_stepper(page, given, questions):
            time.sleep(ANSWER_INTERVAL_SECONDS)
            step(page)
        if page.get_attribute("[data-quiz]", "data-quiz-step") == "all":
            # Python took longer than the page's patience (12 s): the long form is back.
            for step in asked_steps(page, given, questions):
                step(page)
            page.click("[data-quiz] button[type=submit]")
        answered = page.evaluate("() => performance.now()")
        page.wait_for_function("() => window.__latency.shown !== null", timeout=120_000, polling=50)
        probe = page.evaluate("() => window.__latency")
        ready = page.evaluate(
            "async () => { await window.prospectQuiz.ready; return window.prospectQuiz.boot; }"
        )
        return {
            "latency_ms": probe["shown"] - probe["lastInput"],
            "answers": probe["inputs"],
            "answered_at_ms": answered,
            "boot": ready,
        }


def run(runs: int) -> str:
    """Build, serve with brotli, measure every profile and path `runs` times: the section."""
    started = time.time()
    results: dict[str, dict[str, list[Any]]] = {}
    extra: dict[str, list[Any]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        site = build(Path(scratch) / "site")
        # The same project built with and without the self-assessment (its hook dropped,
        # so the marker stays an HTML comment): the pages to compare LCP and long tasks with.
        project = _scale.make_project(Path(scratch) / "pair", 0)
        _scale.build_both(project, Path(scratch))
        with (
            serve(site.root, compress=True) as served,
            serve(Path(scratch) / "site-with", compress=True) as with_quiz,
            serve(Path(scratch) / "site-without", compress=True) as without_quiz,
            sync_playwright() as playwright,
        ):
            base = served.base
            browser = launch(playwright)
            for _ in range(runs):
                for name, server in (("with", with_quiz), ("without", without_quiz)):
                    lcp_url = server.base + QUIZ_PATH
                    extra.setdefault(f"lcp_{name}", []).append(
                        _paint(browser, lcp_url, PROFILES[LCP_PROFILE])
                    )
                    extra.setdefault(f"article_{name}", []).append(
                        _paint(browser, server.base + ARTICLE_PATH, None)
                    )
                extra.setdefault("visitor", []).append(
                    _visitor(browser, base + QUIZ_PATH, PROFILES[VISITOR_PROFILE])
                )
            for _ in range(runs):
                for name, profile in PHONE_PROFILES.items():
                    link = name.split(" ", 1)[0]
                    extra.setdefault(f"phone {link}", []).append(
                        phone.walk(browser, base + QUIZ_PATH, profile,
                                      VISITOR_CONNECTIONS[link])
                    )  # fmt: skip
                for page_name, path in (("home", ""), ("quiz", QUIZ_PATH)):
                    extra.setdefault(f"cls {page_name}", []).append(
                        phone.page_cls(browser, base + path)
                    )
            for name, profile in PROFILES.items():
                rows = results.setdefault(name, {})
                link = name.split(" ", 1)[0]
                paths = PATHS | {"visitor": VISITOR_CONNECTIONS[link]}
                for _ in range(runs):  # interleaved, so drift hits every path alike
                    for path, connection in paths.items():
                        rows.setdefault(path, []).append(
                            _measure(browser, base + "zelftest/", profile, connection)
                        )
                    rows.setdefault("stock", []).append(
                        _measure(browser, base + BASELINE_DIR + "/", profile, None)
                    )
            browser.close()
    return (
        _section(results, runs, time.time() - started)
        + "\n\n"
        + _targets(extra)
        + "\n\n"
        + _phone_targets(extra, results)
    )


def _phone_targets(extra: dict[str, list[Any]], results: dict[str, dict[str, list[Any]]]) -> str:
    """The slowed phone's targets: waiting for Python, INP and CLS on a slowed phone, lean on slow
    links against the stock boot."""
    lines = ["| Measure | Result | Target | Met? |", "|---|---|---|---|"]
    for name in PHONE_PROFILES:
        link = name.split(" ", 1)[0]
        walks = extra[f"phone {link}"]
        waits = [w["python_wait_ms"] for w in walks]
        long_form = sum(bool(w.get("long_form")) for w in walks)
        wait = statistics.median(waits)
        limit = PYTHON_WAIT_MAX_MS[link]
        detail = "; ".join(
            f"ready {w['ready_ms'] / 1000:.1f} s, first question "
            f"{w['first_question_ms'] / 1000:.1f} s, waits {_listed(w['waits_ms'])} ms"
            for w in walks
        ) + (f"; in {long_form} run(s) Python took over 12 s and the long form came back"
             if long_form else "")  # fmt: skip
        lines.append(
            f"| Waiting for Python, a visitor on a 390 px phone, CPU slowed {phone.CPU_SLOWDOWN}×"
            f" (main thread), {name}, cold, one answer per {phone.ANSWER_INTERVAL_SECONDS:.0f} s"
            f' through the stepper: presses made before Python was ready plus "Even rekenen…"'
            f" | {wait:,.0f} ms (runs: {', '.join(f'{x:,.0f}' for x in waits)}; {detail}) "
            f"| ≤ {limit:,.0f} ms | {_met(wait <= limit)} |"
        )
        inps = [w["inp_ms"] for w in walks]
        inp = statistics.median(inps)
        worst = max(walks, key=lambda w: w["inp_ms"])
        lines.append(
            f"| Interaction to Next Paint, worst interaction of that walk ({link}) "
            f"| {inp:,.0f} ms (runs: {', '.join(f'{x:,.0f}' for x in inps)}; worst: "
            f"{worst['inp_event']}, input delay {worst['worst_interactions'][0][4]:.0f} ms, "
            f"processing {worst['worst_interactions'][0][5]:.0f} ms) "
            f"| ≤ {INP_MAX_MS:.0f} ms | {_met(inp <= INP_MAX_MS)} |"
        )
        shifts = [w["cls"] for w in walks]
        lines.append(
            f"| Cumulative Layout Shift of that walk, landing to result ({link}) "
            f"| {statistics.median(shifts):.3f} (runs: {', '.join(f'{x:.3f}' for x in shifts)}) "
            f"| ≤ {CLS_MAX} | {_met(statistics.median(shifts) <= CLS_MAX)} |"
        )
    for page_name, label in (("home", "home page"), ("quiz", "self-assessment")):
        values = extra[f"cls {page_name}"]
        value = statistics.median(values)
        lines.append(
            f"| Cumulative Layout Shift, {label}, 390 px, CPU slowed {phone.CPU_SLOWDOWN}×, "
            f"cold load + 3 s | {value:.3f} (runs: {', '.join(f'{x:.3f}' for x in values)}) "
            f"| ≤ {CLS_MAX} | {_met(value <= CLS_MAX)} |"
        )
    for name, rows in results.items():
        link = name.split(" ", 1)[0]
        ratios = [
            lean[0] / stock[0]
            for lean, stock in zip(rows["visitor"], rows["stock"], strict=True)
            if lean[0] and stock[0]
        ]
        if not ratios:
            continue
        ratio = statistics.median(ratios)
        lines.append(
            f"| Lean boot as a visitor's browser reports the link ({VISITOR_CONNECTIONS[link]}), "
            f"{name}, cold, against the stock boot of the same iteration "
            f"| {_median(rows['visitor'])} = {ratio:.2f}× (runs: "
            f"{', '.join(f'{x:.2f}' for x in ratios)}) | ≤ {LEAN_MAX_RATIO:.2f}× "
            f"| {_met(ratio <= LEAN_MAX_RATIO)} |"
        )
    return "\n".join(lines)


def _targets(extra: dict[str, list[Any]]) -> str:
    """The targets measured here (benchmarks/README.md says why each is what it is): LCP on
    3G, long tasks on an article, a visitor."""
    lcp = {k: statistics.median(r["lcp"] for r in extra[f"lcp_{k}"]) for k in ("with", "without")}
    ratios = [
        a["lcp"] / b["lcp"] for a, b in zip(extra["lcp_with"], extra["lcp_without"], strict=True)
    ]
    lcp_ratio = statistics.median(ratios)
    tasks = {
        k: statistics.median(len(r["longTasks"]) for r in extra[f"article_{k}"])
        for k in ("with", "without")
    }
    longest = {
        k: max((max(r["longTasks"], default=0) for r in extra[f"article_{k}"]), default=0)
        for k in ("with", "without")
    }
    visits = extra["visitor"]
    latency = statistics.median(v["latency_ms"] for v in visits)
    lines = [
        "| Measure | Result | Target | Met? |",
        "|---|---|---|---|",
        f"| Largest contentful paint of the self-assessment page, {LCP_PROFILE}, cold, "
        f"with / without the self-assessment | {lcp['with']:,.0f} ms / {lcp['without']:,.0f} ms "
        f"= {lcp_ratio:.2f}× (runs: {min(ratios):.2f}–{max(ratios):.2f}) "
        f"| ≤ {LCP_MAX_RATIO:.2f}× | {_met(lcp_ratio <= LCP_MAX_RATIO)} |",
        f"| Long tasks on an article page, cold, unthrottled, with / without the "
        f"self-assessment (median count; longest in any run) | {tasks['with']:.0f} / "
        f"{tasks['without']:.0f}; {longest['with']:.0f} ms / {longest['without']:.0f} ms "
        f"| no more with than without | {_met(tasks['with'] <= tasks['without'])} |",
        f"| Result latency, a visitor answering one question per "
        f"{ANSWER_INTERVAL_SECONDS} s from the page's load event, {VISITOR_PROFILE}, cold: "
        f"last answer → result visible | {latency:,.0f} ms (runs: "
        f"{', '.join(f'{v["latency_ms"]:,.0f}' for v in visits)}; boot: "
        f"{', '.join(sorted({str(v['boot']) for v in visits}))}; {visits[0]['answers']} answers) "
        f"| ≤ {RESULT_LATENCY_MAX_MS:.0f} ms | {_met(latency <= RESULT_LATENCY_MAX_MS)} |",
    ]
    return "\n".join(lines)


def _listed(values: list[float | None]) -> str:
    return ", ".join("–" if v is None else f"{v:.0f}" for v in values)


def _met(value: bool) -> str:
    return "**met**" if value else "**not met**"


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
        "| Network | Snapshot path | Lean path (Save-Data) | Lean path (link as reported) "
        "| Stock `loadPyodide()` | Earlier ready |",
        "|---|---|---|---|---|---|",
    ]
    for name, rows in results.items():
        snapshot, lean = _median(rows["snapshot"]), _median(rows["lean"])
        reported = _median(rows["visitor"])
        times = {
            path: statistics.median([ms for ms, _ in rows[path] if ms is not None] or [1e12])
            for path in ("snapshot", "lean")
        }
        winner = min(times, key=lambda path: times[path])
        lines.append(
            f"| {name} | {snapshot} | {lean} | {reported} | {_median(rows['stock'])} | {winner} |"
        )
    paths = {p: sorted({str(r[1]) for rs in results.values() for r in rs[p]}) for p in PATHS}
    lines += ["", f"Boot paths the worker reported: {json.dumps(paths)}."]
    return "\n".join(lines)
