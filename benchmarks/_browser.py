"""Browser benchmarks in headless Debian Chromium, driven by Playwright.

Every time is taken inside the page with `performance.now()` (navigation start is 0), never
from Python: Python only drives the browser and collects what the page recorded.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import BrowserContext, Page, Playwright

from tests.support import answers
from tests.support.browser import connection_script, fresh_context, launch

from . import _site

READY_TIMEOUT_MS = 60_000
SETTLE_SECONDS = 1.0  # after ready: long tasks that still belong to the page load
ANSWER_INTERVAL_SECONDS = 1.0  # "a visitor answering one question per second"
LONG_TASK_BUDGET_MS = 50.0

# Runs before any script of the page. Records long tasks from navigation start on, and the
# moment a worker of the page reports "ready" (the message that resolves
# `prospectQuiz.ready` in the site and `stockReady` in the baseline page).
INIT_SCRIPT = """
(() => {
  const marks = { longTasks: [], ready: null, path: null };
  window.__bench = marks;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) marks.longTasks.push([e.startTime, e.duration]);
    }).observe({ type: "longtask", buffered: true });
  } catch (error) {
    marks.longTaskError = String(error);
  }
  const NativeWorker = window.Worker;
  window.Worker = class extends NativeWorker {
    constructor(url, options) {
      super(url, options);
      this.addEventListener("message", (event) => {
        const data = event.data;
        if (marks.ready === null && data && data.type === "ready") {
          marks.ready = performance.now();
          marks.path = data.path || null;
        }
      });
    }
  };
})();
"""

# Installed once the form is bound: the last `input` or `submit` event (capture phase,
# before the page's own handler) and the first change of the result section after it that leaves
# the section visible with an outcome, plus the animation frame after that.
_LATENCY_PROBE = """
() => {
  const box = document.querySelector("[data-quiz-result]");
  const probe = { lastInput: null, inputs: 0, shown: null, frame: null };
  window.__latency = probe;
  // An answer typed or ticked, or "Volgende" in the stepper (a submit of the form).
  for (const type of ["input", "submit"]) {
    document.addEventListener(type, () => {
      probe.lastInput = performance.now();
      probe.inputs += 1;
      probe.shown = null;
      probe.frame = null;
    }, true);
  }
  new MutationObserver(() => {
    if (probe.lastInput === null || probe.shown !== null) return;
    if (box.hidden || !box.querySelector("[data-outcome]")) return;
    probe.shown = performance.now();
    requestAnimationFrame(() => setTimeout(() => { probe.frame = performance.now(); }, 0));
  }).observe(box, { childList: true, subtree: true, attributes: true });
}
"""

_EVALUATE_ALL = """
async (sets) => {
  await window.prospectQuiz.ready;
  const times = [];
  const results = [];
  for (const answers of sets) {
    const start = performance.now();
    const result = await window.prospectQuiz.evaluate(answers);
    times.push(performance.now() - start);
    results.push(result);
  }
  return { times, results };
}
"""


@dataclass
class PageLoad:
    """One navigation: when the worker was ready, the long tasks, what was requested."""

    ready_ms: float | None
    long_tasks: list[tuple[float, float]]
    requests: list[str] = field(default_factory=list)
    boot_path: str | None = None  # what the worker reported: "snapshot", "lean", ...

    @property
    def total_blocking_ms(self) -> float:
        return sum(max(0.0, d - LONG_TASK_BUDGET_MS) for _, d in self.long_tasks)

    def as_json(self) -> dict[str, Any]:
        return {
            "ready_ms": self.ready_ms,
            "long_tasks": self.long_tasks,
            "total_blocking_ms": self.total_blocking_ms,
            "boot_path": self.boot_path,
            "requests": self.requests,
        }


class Browser:
    """One Chromium for all runs; each measurement gets its own context (profile)."""

    def __init__(self, playwright: Playwright, base_url: str) -> None:
        self.browser = launch(playwright)
        self.base = base_url
        self.version = self.browser.version

    def close(self) -> None:
        self.browser.close()

    @contextmanager
    def context(
        self, *, connection: str | None = None
    ) -> Iterator[tuple[BrowserContext, list[str]]]:
        """A fresh context (empty cache and storage) and the site paths it requested.

        `connection` (a name of tests.support.browser.CONNECTIONS) fakes
        `navigator.connection`; None keeps what Chromium reports.
        """
        with fresh_context(self.browser) as context:
            context.add_init_script(INIT_SCRIPT)
            if connection is not None:
                context.add_init_script(connection_script(connection))
            requested: list[str] = []

            def record(request: Any) -> None:
                if request.url.startswith(self.base):
                    requested.append(urlsplit(request.url).path)

            context.on("request", record)
            yield context, requested

    def load(self, page: Page, path: str, requested: list[str], *, wait_ready: bool) -> PageLoad:
        """Navigate to `path`; wait for the worker's "ready" (or network idle) and settle."""
        first = len(requested)
        if wait_ready:
            page.goto(self.base + path)
            page.wait_for_function("() => window.__bench.ready !== null", timeout=READY_TIMEOUT_MS)
        else:
            page.goto(self.base + path, wait_until="networkidle")
        time.sleep(SETTLE_SECONDS)
        marks = page.evaluate("() => window.__bench")
        if "longTaskError" in marks:
            raise RuntimeError(f"PerformanceObserver('longtask'): {marks['longTaskError']}")
        return PageLoad(
            ready_ms=marks["ready"],
            long_tasks=[(float(s), float(d)) for s, d in marks["longTasks"]],
            requests=requested[first:],
            boot_path=marks["path"],
        )

    # --- the measurements of one run ---

    def baseline_cold_and_repeat(self) -> dict[str, PageLoad]:
        """Stock `loadPyodide()` in a module worker: fresh context, then a repeat visit."""
        with self.context() as (context, requested):
            page = context.new_page()
            cold = self.load(page, _site.BASELINE_PATH, requested, wait_ready=True)
            page.evaluate("() => window.stockReady")  # fails loudly if the boot failed
            repeat = self.load(page, _site.BASELINE_PATH, requested, wait_ready=True)
            return {"cold": cold, "repeat": repeat}

    def quiz_visits(self, answer_sets: list[Any], connection: str | None) -> dict[str, Any]:
        """The self-assessment: cold load, a repeat visit, then evaluations in that page.

        Between the two visits the page is given time to finish what it does once idle
        (after a lean boot on a link that is not slow: download the snapshot for the next
        visit); `prefetched` is what it reported. The page downloads the snapshot only for a
        browser that kept the mark of an earlier visit (worker.mjs, cacheIsKept: a visitor who
        comes once, or a private window, never downloads it): when the first visit says "not
        kept", a second, unmeasured visit downloads it, and the third is the repeat measured.
        """
        with self.context(connection=connection) as (context, requested):
            page = context.new_page()
            cold = self.load(page, _site.QUIZ_PATH, requested, wait_ready=True)
            prefetched = self._prefetched(page)
            if prefetched == "not kept":
                self.load(page, _site.QUIZ_PATH, requested, wait_ready=True)
                prefetched = f"not kept, on the next visit {self._prefetched(page)}"
            repeat = self.load(page, _site.QUIZ_PATH, requested, wait_ready=True)
            evaluated = page.evaluate(_EVALUATE_ALL, answer_sets) if answer_sets else None
            return {
                "cold": cold,
                "repeat": repeat,
                "evaluations": evaluated,
                "prefetched": prefetched,
            }

    @staticmethod
    def _prefetched(page: Any) -> str | None:
        """What a lean boot did about the snapshot for the next visit, once it is done."""
        page.evaluate("() => window.prospectQuiz.ready")
        if page.evaluate("() => window.prospectQuiz.boot") != "lean":
            return None
        page.wait_for_function(
            "() => window.prospectQuiz.prefetched !== null", timeout=READY_TIMEOUT_MS
        )
        return str(page.evaluate("() => window.prospectQuiz.prefetched"))

    def article(self) -> PageLoad:
        """An article page, fresh context, until the network is idle."""
        with self.context() as (context, requested):
            page = context.new_page()
            return self.load(page, _site.ARTICLE_PATH, requested, wait_ready=False)

    def result_latency(
        self, given: dict[str, Any], questions: list[dict[str, Any]]
    ) -> dict[str, Any]:
        """Answer one question per second; time from the last input to the result shown."""
        with self.context() as (context, requested):
            page = context.new_page()
            self.load(page, _site.QUIZ_PATH, requested, wait_ready=True)
            page.evaluate("() => window.prospectQuiz.ready")
            page.evaluate(_LATENCY_PROBE)
            answers.show_all(page)  # the long form: every step's field is on screen
            for step in answers.asked_steps(page, given, questions):
                time.sleep(ANSWER_INTERVAL_SECONDS)
                step(page)
            page.wait_for_function(
                "() => window.__latency.shown !== null && window.__latency.frame !== null",
                timeout=10_000,
            )
            probe = page.evaluate("() => window.__latency")
            boot_path = page.evaluate("() => window.__bench.path")
            outcome = page.get_attribute("[data-quiz-result] [data-outcome]", "data-outcome")
            return {
                "latency_ms": probe["shown"] - probe["lastInput"],
                "next_frame_ms": probe["frame"] - probe["lastInput"],
                "inputs": probe["inputs"],
                "outcome": outcome,
                "boot_path": boot_path,
            }
