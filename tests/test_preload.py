"""Python's largest files download with the page on a link not reported slow, and the
worker uses those downloads; on 3G or with Save-Data the page's first render goes first."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.browser import Contexts

pytestmark = pytest.mark.browser

PRELOADED = ("pyodide.asm.wasm", "pyodide.asm.mjs", "python_stdlib.")


def _visit(new_context: Contexts, site_server: str, connection: str) -> tuple[Any, list[str]]:
    context = new_context(connection=connection)
    order: list[str] = []
    context.on("request", lambda request: order.append(request.url.rsplit("/", 1)[1]))
    page = context.new_page()
    page.goto(site_server + "zelftest/")
    page.evaluate("() => window.prospectQuiz.ready")
    return page, order


def _first(order: list[str], prefix: str) -> int:
    return next(i for i, name in enumerate(order) if name.startswith(prefix))


@pytest.mark.parametrize("connection", ["measured-4g", "not-reported"])
def test_pythons_files_are_fetched_before_the_worker_starts(
    new_context: Contexts, site_server: str, connection: str
) -> None:
    page, order = _visit(new_context, site_server, connection)
    links = page.eval_on_selector_all(
        "link[data-quiz-preload]", "links => links.map((l) => [l.href, l.fetchPriority])"
    )
    assert sorted(href.rsplit("/", 1)[1].split(".")[0] for href, _ in links) == [
        "pyodide",
        "pyodide",
        "python_stdlib",
    ]
    assert {priority for _, priority in links} == {"low"}
    for name in PRELOADED:
        assert _first(order, name) < _first(order, "worker.mjs"), (name, order)
    # Python started from them: the page works.
    assert page.evaluate("() => window.prospectQuiz.boot") == "lean"
    assert page.evaluate("() => window.prospectQuiz.evaluate({}).then((r) => r.outcome)") is None


def test_the_snapshot_is_fetched_with_the_page_when_it_will_be_restored(
    new_context: Contexts, site_server: str
) -> None:
    page, order = _visit(new_context, site_server, "fast")
    links = page.eval_on_selector_all(
        "link[data-quiz-preload]", "links => links.map((l) => [l.href, l.fetchPriority])"
    )
    assert [p for href, p in links if "snapshot." in href] == ["high"]
    assert _first(order, "snapshot.") < _first(order, "worker.mjs"), order
    assert page.evaluate("() => window.prospectQuiz.boot") == "snapshot"


@pytest.mark.parametrize("connection", ["slow-3g", "save-data"])
def test_on_a_slow_or_metered_link_nothing_is_fetched_ahead(
    new_context: Contexts, site_server: str, connection: str
) -> None:
    page, order = _visit(new_context, site_server, connection)
    assert page.locator("link[data-quiz-preload]").count() == 0
    assert _first(order, "worker.mjs") < _first(order, "pyodide.asm.wasm"), order
    assert page.evaluate("() => window.prospectQuiz.boot") == "lean"
