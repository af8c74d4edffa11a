"""The stepper's first steps answered before Python is ready: the replies the build puts in
the page are CPython's engine's replies, and the page finds them by the text it sends."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import pytest

import quiz
import quiz_build
from quiz.browser import handle
from tests.support import answers as visitor
from tests.support.browser import Contexts, loading_quiz

QUESTIONS: list[dict[str, Any]] = quiz.questions()["questions"]
SCREENSHOTS = "build/screenshots"


def _page_config(site: Path) -> dict[str, Any]:
    text = (site / "zelftest" / "index.html").read_text(encoding="utf-8")
    match = re.search(r'data-quiz-config="([^"]*)"', text)
    assert match, "no form on the self-assessment page"
    config: dict[str, Any] = json.loads(html.unescape(match[1]))
    return config


def test_every_prepared_reply_is_the_engines_reply(built_site: Path) -> None:
    prepared = _page_config(built_site)["prepared"]
    sets = quiz_build.first_step_answers(quiz.default_definition())
    # The leading questions that can be listed: yes/no and single choice, before the number.
    leading = [q["id"] for q in QUESTIONS[:2]]
    assert [q["type"] for q in QUESTIONS[:3]] == ["boolean", "single", "number"]
    assert {tuple(a) for a in sets} == {(), (leading[0],), (leading[1],), tuple(leading)}
    assert len(prepared) == 2 * (2 + 1) * (len(QUESTIONS[1]["options"]) + 1)
    for key, reply in prepared.items():
        kind, payload = key.split(" ", 1)
        assert kind in ("evaluate", "partial")
        assert reply == handle(kind, payload), key
        answers = json.loads(payload)
        expected = quiz.evaluate(answers, partial=kind == "partial")
        assert json.loads(reply) == json.loads(json.dumps(expected)), key


def test_no_prepared_reply_for_a_typed_number() -> None:
    sets = quiz_build.first_step_answers(quiz.default_definition())
    assert all("medewerkers" not in answers for answers in sets)


def _press(page: Any, selector: str) -> None:
    """Press like a person: down, hold, up (in view first, clear of the sticky header)."""
    target = page.locator(selector)
    target.evaluate("el => el.scrollIntoView({ block: 'center' })")
    box = target.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.wait_for_timeout(120)  # a person's hold, not a wait for the page
    page.mouse.up()


def _checklist(page: Any) -> dict[str, str | None]:
    return {
        c: page.get_attribute(f'[data-check="{c}"]', "data-state")
        for c in quiz.evaluate({}, partial=True)["criteria"]
    }


@pytest.mark.parametrize("width", [375, 1280])
def test_the_first_steps_go_on_before_python_is_ready(
    new_context: Contexts, site_server: str, width: int
) -> None:
    page, python = loading_quiz(new_context, site_server, width)
    page.wait_for_selector('[data-quiz][data-quiz-step="b2b"]')
    states = {True: "met", False: "unmet", None: "open"}

    # An unanswered question: Python's message, from the prepared reply.
    _press(page, "[data-quiz] button[type=submit]")
    message = next(e["message"] for e in quiz.evaluate({})["errors"] if e["question"] == "b2b")
    page.wait_for_selector(f'[data-error-for="b2b"]:text-is("{message}")')

    given: dict[str, Any] = {}
    for question, value, shown in [("b2b", True, "true"), ("branche", "industrie", "industrie")]:
        _press(page, f'[data-question="{question}"] input[value="{shown}"]')
        _press(page, "[data-quiz] button[type=submit]")
        given[question] = value
        following = quiz.evaluate(given, partial=True)["asked"]
        after = following[following.index(question) + 1]
        page.wait_for_selector(f'[data-quiz][data-quiz-step="{after}"]')
        expected = quiz.evaluate(given, partial=True)
        assert _checklist(page) == {c: states[v["met"]] for c, v in expected["criteria"].items()}
        assert f"van {len(expected['asked'])}" in page.inner_text(".cf-quiz__count")
        focused = page.evaluate(
            "() => document.activeElement.closest('[data-question]')?.dataset.question"
        )
        assert focused == after
    assert page.evaluate("() => window.prospectQuiz.boot") is None  # Python is still held
    assert python.held, "the test held no Pyodide file"
    page.screenshot(path=f"{SCREENSHOTS}/prepared-steps-{width}.png")

    # A typed number has no prepared reply: Python decides, so nothing moves without it;
    # the press is not lost: the stepper goes on once Python has answered.
    field = page.locator("#cf-q-medewerkers")
    field.click()
    field.press_sequentially("60", delay=90)
    _press(page, "[data-quiz] button[type=submit]")
    # A prepared reply would have moved on within this time (a negative check; it can
    # only pass wrongly on a very slow machine, never fail wrongly).
    page.wait_for_timeout(300)
    assert page.get_attribute("[data-quiz]", "data-quiz-step") == "medewerkers"
    python.release()
    page.wait_for_selector('[data-quiz][data-quiz-step="functie"]')
    visitor.settle(page)
    focused = page.evaluate(
        "() => document.activeElement.closest('[data-question]')?.dataset.question"
    )
    assert focused == "functie"
    given["medewerkers"] = "60"
    expected = quiz.evaluate(given, partial=True)
    assert _checklist(page) == {c: states[v["met"]] for c, v in expected["criteria"].items()}
    page.context.unroute_all(behavior="ignoreErrors")
