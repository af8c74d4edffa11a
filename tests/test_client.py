"""The page's worker client in Chromium: when the worker fails, nothing waits forever.

A request already sent to the worker is rejected with the Dutch failure when the worker
ends, and so is every request after it; the form then offers the e-mail instead.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser

from tests.support.browser import fresh_context

pytestmark = pytest.mark.browser

CANNOT_LOAD = "De zelftest kon niet worden geladen."

# Before the page's scripts: keeps the worker at hand and, once asked to, holds back the
# requests the page sends it (a worker that no longer answers), so that a request is
# pending when the worker fails.
WORKER_SPY = """
(() => {
  const Real = window.Worker;
  window.Worker = class extends Real {
    constructor(...args) {
      super(...args);
      window.__quizWorker = this;
    }
    postMessage(message, transfer) {
      if (window.__holdRequests && message && message.type === "request") return;
      super.postMessage(message, transfer);
    }
  };
})();
"""

SETTLED = """async (answers) => {
  const settle = (call) =>
    call.then((reply) => ({ ok: reply }), (error) => ({ error: error.message }));
  window.__holdRequests = true;
  const pending = settle(window.prospectQuiz.evaluate(answers));
  // The request is on its way (held): now the worker fails.
  await new Promise((resolve) => setTimeout(resolve, 50));
  window.__quizWorker.dispatchEvent(new ErrorEvent("error", { message: "worker lost" }));
  const timeout = new Promise((resolve) => setTimeout(() => resolve({ timeout: true }), 5000));
  const first = await Promise.race([pending, timeout]);
  const later = await Promise.race([settle(window.prospectQuiz.evaluate(answers)), timeout]);
  return { first, later };
}"""


def test_a_failed_worker_rejects_pending_and_later_requests_in_dutch(
    chromium: Browser, site_server: str
) -> None:
    with fresh_context(chromium) as context:
        context.add_init_script(WORKER_SPY)
        page = context.new_page()
        page.goto(site_server + "zelftest/")
        page.evaluate("() => window.prospectQuiz.ready")
        settled: dict[str, Any] = page.evaluate(SETTLED, {"b2b": True})
        assert settled["first"] == {"error": CANNOT_LOAD}, settled
        assert settled["later"] == {"error": CANNOT_LOAD}, settled
        # The visitor is told, and offered the e-mail with the answers instead.
        alert = page.locator(".cf-quiz__failed[role=alert]")
        alert.wait_for()
        assert CANNOT_LOAD in alert.inner_text()
        href = page.locator("[data-quiz-fallback]").get_attribute("href") or ""
        assert href.startswith("mailto:")
