"""A visitor as they feel it: a phone-sized, slowed-down Chromium on a throttled link,
going through the stepper at human pace, cold.

What is recorded, all inside the page (`performance.now()`, navigation start is 0):
- every press of "Volgende" (the form's submit, capture phase) and the moment the page
  answered it: the next question on screen (the stepper's `data-quiz-step` changed), or,
  at the end, an outcome in the result section; a press made before Python was ready, and
  "Even rekenen…" while it waits, count as waiting for Python;
- Interaction to Next Paint: the Event Timing API (`PerformanceObserver('event')`,
  `durationThreshold` 16), the longest entry of each interaction (`interactionId`), the
  worst interaction of the walk;
- Cumulative Layout Shift: `layout-shift` entries without recent input, in session
  windows (gap < 1 s, window ≤ 5 s), the largest window, from navigation start to the
  result (the stepper replacing the long form included).

CPU throttling (`Emulation.setCPUThrottlingRate`) slows the page's main thread only:
Chromium refuses it for workers ("Operation is only supported for pages, not workers"),
so Python's boot in the worker runs at the machine's speed.
"""

from __future__ import annotations

import time
from typing import Any

from playwright.sync_api import Browser, Page

import quiz
from tests.support.answers import asked_steps, fillable, settle, steps
from tests.support.browser import connection_script, fresh_context

from . import _answers

PHONE = {"width": 390, "height": 844}
CPU_SLOWDOWN = 4
ANSWER_INTERVAL_SECONDS = 2.0  # "one question per 2 s from the moment it is visible"
TIMEOUT_MS = 180_000

# Runs before any script of the page.
PROBE = """
(() => {
  const marks = { presses: [], shifts: [], events: [], ready: null, firstQuestion: null,
    pendingShown: null, outcomeShown: null };
  window.__visitor = marks;
  const po = (type, options, each) => {
    try {
      new PerformanceObserver((list) => list.getEntries().forEach(each))
        .observe({ type, buffered: true, ...options });
    } catch (error) {
      marks[type + "Error"] = String(error);
    }
  };
  const named = (node) => {
    if (!node || node.nodeType !== 1) return String(node && node.nodeName);
    const name = typeof node.className === "string" && node.className.split(" ")[0];
    return node.tagName.toLowerCase() + (node.id ? "#" + node.id : "") + (name ? "." + name : "");
  };
  po("layout-shift", {}, (e) => {
    const sources = e.sources.map((s) => named(s.node));
    if (!e.hadRecentInput) marks.shifts.push([e.startTime, e.value, sources]);
  });
  // What kept the main thread busy (for the worst interaction's neighbourhood).
  marks.frames = [];
  po("long-animation-frame", {}, (e) => marks.frames.push([e.startTime, e.duration,
    e.blockingDuration, e.scripts.map((s) => [s.invoker, s.sourceURL.split("/").pop(),
      Math.round(s.duration)])]));
  po("event", { durationThreshold: 16 }, (e) => {
    if (e.interactionId) marks.events.push([e.interactionId, e.name, e.startTime, e.duration,
      e.processingStart - e.startTime, e.processingEnd - e.processingStart]);
  });
  const NativeWorker = window.Worker;
  window.Worker = class extends NativeWorker {
    constructor(url, options) {
      super(url, options);
      this.addEventListener("message", ({ data }) => {
        if (marks.ready === null && data && data.type === "ready") marks.ready = performance.now();
      });
    }
  };
  let step = null;
  const watch = () => {
    const root = document.querySelector("[data-quiz]");
    if (!root) return;
    const now = performance.now();
    const current = root.dataset.quizStep || null;
    if (current && current !== step) {
      step = current;
      const question = current !== "result" && current !== "all";
      if (marks.firstQuestion === null && question) marks.firstQuestion = now;
      const press = marks.presses[marks.presses.length - 1];
      if (press && press.answered === null && current !== press.from) press.answered = now;
    }
    const box = root.querySelector("[data-quiz-result]");
    if (box && !box.hidden) {
      if ("quizPending" in box.dataset && marks.pendingShown === null) marks.pendingShown = now;
      const outcome = box.querySelector("[data-outcome]");
      if (outcome && marks.outcomeShown === null) marks.outcomeShown = now;
    }
  };
  new MutationObserver(watch).observe(document, { subtree: true, childList: true, attributes: true,
    attributeFilter: ["data-quiz-step", "hidden", "data-quiz-pending"] });
  document.addEventListener("submit", () => {
    const root = document.querySelector("[data-quiz]");
    marks.presses.push({ at: performance.now(), from: root.dataset.quizStep, answered: null,
      pythonReady: marks.ready !== null });
  }, true);
})();
"""


def answer_set() -> dict[str, Any]:
    """The first answer set of the case table a visitor can click in that has an outcome."""
    questions = quiz.questions()["questions"]
    return next(
        a
        for a in _answers.case_answers()
        if fillable(a, questions) and _answers.reference(a)["outcome"] is not None
    )


def throttle(page: Page, network: tuple[float, float, float] | None, cpu: float = 1) -> None:
    """The link (bytes/s down, up, latency in ms; None: as it is) and the main thread's
    CPU slowdown of one page, through the DevTools Protocol (the throttle benchmark's
    boots and paints use it with the CPU as it is)."""
    cdp = page.context.new_cdp_session(page)
    if network is not None:
        down, up, latency = network
        cdp.send("Network.enable")
        cdp.send(
            "Network.emulateNetworkConditions",
            {"offline": False, "latency": latency, "downloadThroughput": down,
             "uploadThroughput": up},
        )  # fmt: skip
    if cpu != 1:
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": cpu})


def walk(
    browser: Browser,
    url: str,
    network: tuple[float, float, float] | None,
    connection: str,
    *,
    cpu: float = CPU_SLOWDOWN,
    interval: float = ANSWER_INTERVAL_SECONDS,
) -> dict[str, Any]:
    """One cold visit through the stepper to the result: what the visitor waited for,
    the worst interaction and the layout shift."""
    questions = quiz.questions()["questions"]
    given = answer_set()
    with fresh_context(browser, viewport=PHONE, device_scale_factor=2, is_mobile=True,
                       has_touch=True) as context:  # fmt: skip
        context.add_init_script(connection_script(connection))
        context.add_init_script(PROBE)
        page = context.new_page()
        throttle(page, network, cpu)
        page.goto(url, timeout=TIMEOUT_MS, wait_until="commit")
        page.wait_for_function(
            "() => window.__visitor.firstQuestion !== null", timeout=TIMEOUT_MS, polling=50
        )
        by_id = {q["id"]: q for q in questions}
        gave_up = False
        while True:
            settle(page)
            shown = time.monotonic()
            current = page.get_attribute("[data-quiz]", "data-quiz-step")
            if current == "all":
                # Python took longer than the page's patience (client.mjs: 12 s): the
                # stepper gave way to the long form. The visitor answers the rest there.
                gave_up = True
                for step in asked_steps(page, given, questions):
                    step(page)
                page.click("[data-quiz] button[type=submit]")
                break
            if current is None or current not in by_id:
                break
            # Reading and choosing take `interval`, the choice's own clicks included; then
            # "Volgende" (on the last question the submit button).
            for step in steps({current: given.get(current)}, [by_id[current]]):
                step(page)
            time.sleep(max(0.0, interval - (time.monotonic() - shown)))
            page.click("[data-quiz] button[type=submit]")
            page.wait_for_selector(
                f'[data-quiz]:not([data-quiz-step="{current}"])', state="attached",
                timeout=TIMEOUT_MS,
            )  # fmt: skip
        page.wait_for_function(
            "() => window.__visitor.outcomeShown !== null", timeout=TIMEOUT_MS, polling=50
        )
        time.sleep(0.5)  # the last interaction's entry and shifts come in
        marks: dict[str, Any] = page.evaluate("() => window.__visitor")
        boot = page.evaluate("() => window.prospectQuiz.boot")
    return summarize(marks) | {"boot": boot, "long_form": gave_up}


def summarize(marks: dict[str, Any]) -> dict[str, Any]:
    presses = marks["presses"]
    last = presses[-1]
    waits = []
    for press in presses[:-1]:
        answered = press["answered"]
        waits.append(None if answered is None else answered - press["at"])
    # The last press leads to the result: from it to the outcome on screen.
    # (In the long form the outcome can show before that press: no wait then.)
    waits.append(max(0.0, marks["outcomeShown"] - last["at"]))
    before_ready = [
        w for p, w in zip(presses, waits, strict=True) if w is not None and not p["pythonReady"]
    ]
    pending = marks["outcomeShown"] - marks["pendingShown"] if marks["pendingShown"] else 0.0
    worst: dict[int, list[Any]] = {}
    for entry in marks["events"]:
        if entry[0] not in worst or entry[3] > worst[entry[0]][3]:
            worst[entry[0]] = entry
    ranked = sorted(worst.values(), key=lambda e: -e[3])
    inp = ranked[0] if ranked else None
    return {
        "presses": len(presses),
        "waits_ms": waits,
        # Waiting for Python: presses made before it was ready, plus "Even rekenen…".
        "python_wait_ms": sum(before_ready) + (pending if last["pythonReady"] else 0.0),
        "all_waits_ms": sum(w for w in waits if w is not None),
        "pending_ms": pending,
        "ready_ms": marks["ready"],
        "first_question_ms": marks["firstQuestion"],
        "outcome_ms": marks["outcomeShown"],
        "inp_ms": inp[3] if inp else 0.0,
        "inp_event": inp[1] if inp else None,
        "interactions": len(worst),
        # The worst three: [id, event, start, duration, input delay, processing] (ms).
        "worst_interactions": ranked[:3],
        "worst_frames": _frames_near(marks.get("frames", []), inp),
        "cls": cls(marks["shifts"]),
        "shifts": marks["shifts"],
        "errors": {k: v for k, v in marks.items() if k.endswith("Error")},
    }


def _frames_near(frames: list[list[Any]], interaction: list[Any] | None) -> list[list[Any]]:
    """The long animation frames overlapping an interaction (what delayed its paint)."""
    if interaction is None:
        return []
    start, end = interaction[2], interaction[2] + interaction[3]
    return [f for f in frames if f[0] < end and f[0] + f[1] > start]


def cls(shifts: list[list[float]]) -> float:
    """The largest session window of layout shifts (gap < 1 s, at most 5 s long)."""
    best = current = 0.0
    start = previous = -1e9
    for at, value, *_ in sorted(shifts):
        if at - previous >= 1000 or at - start >= 5000:
            start, current = at, 0.0
        current += value
        previous = at
        best = max(best, current)
    return best


def page_cls(browser: Browser, url: str, *, cpu: float = CPU_SLOWDOWN) -> float:
    """CLS of a cold load of a page on a phone, read after the load event settles."""
    with fresh_context(browser, viewport=PHONE, device_scale_factor=2, is_mobile=True,
                       has_touch=True) as context:  # fmt: skip
        context.add_init_script(PROBE)
        page = context.new_page()
        throttle(page, None, cpu)
        page.goto(url, timeout=TIMEOUT_MS, wait_until="load")
        time.sleep(3.0)
        shifts: list[list[float]] = page.evaluate("() => window.__visitor.shifts")
    return cls(shifts)
