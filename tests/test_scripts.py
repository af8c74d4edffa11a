"""Which of the self-assessment's scripts a page loads, measured in headless Chromium.

Every page gets only the small loader; the form, the worker client and Python come only
where the self-assessment is on the page.
"""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Any

import pytest

import quiz
from tests.support.browser import Contexts

pytestmark = pytest.mark.browser

ARTICLE = "blog/wat-is-een-prospect/"  # has the checklist of criteria, not the form
SELF_ASSESSMENT = "zelftest/"
SCRIPTS = "/assets/quiz/"
ARTICLE_BUDGET = 2048  # bytes of the self-assessment's JavaScript, gzip
# What a page with the form needs besides the loader (start.mjs starts the worker as soon
# as the form is parsed; worker.mjs runs Python).
MODULES = {
    "form.mjs",
    "fields.mjs",
    "protocol.mjs",
    "result.mjs",
    "share.mjs",
    "stepper.mjs",
    "dom.mjs",
    "client.mjs",
    "storage.mjs",
    "links.mjs",
    "track.mjs",
    "start.mjs",
    "connection.mjs",
    "worker.mjs",
}
NOT_HERE = "De zelftest staat niet op deze pagina."


@pytest.fixture
def context(new_context: Contexts) -> Any:
    """A browser context that records the scripts it fetches from /assets/quiz/."""
    context: Any = new_context()
    context.scripts = []

    def request(request: Any) -> None:
        path = request.url.split("?")[0]
        if SCRIPTS in path and path.endswith((".mjs", ".js")):
            context.scripts.append(path.split(SCRIPTS, 1)[1])  # e.g. pyodide/<hash>/pyodide.mjs

    context.on("request", request)
    return context


def _open(context: Any, url: str) -> tuple[Any, list[str]]:
    """A new page at `url`, and the list its workers' URLs are added to."""
    page = context.new_page()
    workers: list[str] = []
    page.on("worker", lambda worker: workers.append(worker.url))
    page.goto(url)
    return page, workers


def _gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6))


def test_an_article_loads_at_most_2_kb_gzip_and_starts_no_worker(
    context: Any, built_site: Path, site_server: str
) -> None:
    page, workers = _open(context, site_server + ARTICLE)
    # The loader would import the form when Material's document$ fires (DOMContentLoaded);
    # after that, nothing more may come.
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-quiz-criteria] li").count() == len(quiz.questions()["criteria"])
    assert page.locator("[data-quiz]").count() == 0

    fetched = sorted(set(context.scripts))
    assert "loader.mjs" in fetched
    assert set(fetched) <= {"loader.mjs", "storage.mjs"}, fetched
    sizes = {name: _gzip_size(built_site / SCRIPTS.strip("/") / name) for name in fetched}
    assert sum(sizes.values()) <= ARTICLE_BUDGET, sizes
    assert [url for url in workers if SCRIPTS in url] == []

    # The page's API answers, in Dutch, that there is no self-assessment here.
    for call in ("() => window.prospectQuiz.ready", "() => window.prospectQuiz.evaluate({})"):
        error = page.evaluate(f"async () => {{ try {{ await ({call})(); }} "
                              "catch (e) { return e.message; } }")  # fmt: skip
        assert error == NOT_HERE, call
    assert page.evaluate("() => window.prospectQuiz.boot") is None


def test_the_self_assessment_loads_its_modules_and_works(context: Any, site_server: str) -> None:
    page, workers = _open(context, site_server + SELF_ASSESSMENT)
    page.evaluate("() => window.prospectQuiz.ready")

    ours = {name for name in context.scripts if "/" not in name}
    assert ours == MODULES | {"loader.mjs"}
    assert any(name.endswith("/pyodide.mjs") for name in context.scripts)
    assert [url.rsplit("/", 1)[1] for url in workers if SCRIPTS in url] == ["worker.mjs"]
    assert page.evaluate("() => window.prospectQuiz.boot") in {"snapshot", "lean"}
    example = quiz.default_definition().examples[0]
    result = page.evaluate("a => window.prospectQuiz.evaluate(a)", example.answers)
    assert result == quiz.evaluate(example.answers)
    # The form itself is bound: an example fills it and the engine's outcome is shown.
    page.locator(".cf-quiz__example").first.click()
    page.wait_for_selector(f'[data-quiz-result]:not([hidden]) [data-outcome="{example.expected}"]')
