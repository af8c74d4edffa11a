"""The self-assessment one question at a time, in headless Chromium at 375 and 1280 px.

Which questions are asked and what the checklist says come from Python (`partial=True`);
every check here compares with CPython's `quiz`.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

import quiz
from tests.support import ROOT
from tests.support import answers as visitor
from tests.support.browser import Contexts, loading_quiz
from tests.support.cases import personas

pytestmark = pytest.mark.browser

WIDTHS = [375, 1280]
QUESTIONS: list[dict[str, Any]] = quiz.questions()["questions"]
SCREENSHOTS = "build/screenshots"
IN_VIEW = """el => { const r = el.getBoundingClientRect();
  return r.top >= 0 && r.top < innerHeight && r.bottom > 0; }"""


# --- Helpers --------------------------------------------------------------------------


def _open(new_context: Contexts, site_server: str, width: int) -> Any:
    context = new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(site_server + "zelftest/")
    page.evaluate("() => window.prospectQuiz.ready")
    visitor.settle(page)
    return page


def _step(page: Any) -> str:
    return str(page.get_attribute("[data-quiz]", "data-quiz-step"))


def _wait_step(page: Any, step: str) -> None:
    page.wait_for_selector(f'[data-quiz][data-quiz-step="{step}"]', state="attached")
    visitor.settle(page)


def _tab_to(page: Any, selector: str) -> None:
    """Press Tab until the focused element matches `selector`."""
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def _assert_checklist(page: Any, answers: dict[str, Any]) -> None:
    """The live checklist and the count say what CPython's partial evaluation says."""
    visitor.settle(page)
    expected = quiz.evaluate(answers, partial=True)
    states = {True: "met", False: "unmet", None: "open"}
    shown = {
        c: page.get_attribute(f'[data-check="{c}"]', "data-state") for c in expected["criteria"]
    }
    assert shown == {
        c: "unasked" if v["asked"] is False else states[v["met"]]
        for c, v in expected["criteria"].items()
    }, answers
    assert page.locator("[data-check]").count() == len(expected["criteria"])
    assert f"van {len(expected['asked'])}" in page.inner_text(".cf-quiz__count")
    for question in QUESTIONS:
        if question["id"] not in expected["asked"]:
            assert page.locator(f'[data-question="{question["id"]}"]').is_hidden()


def _assert_heading_focused(page: Any, question: str) -> None:
    focused = page.evaluate(
        "() => document.activeElement.closest('[data-question]')?.dataset.question"
    )
    assert focused == question
    assert page.evaluate("() => document.activeElement.matches('.cf-quiz__label')")
    assert page.locator(f'[data-question="{question}"]').is_visible()
    assert page.locator("[data-question]:visible").count() == 1


# --- Tests ----------------------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_keyboard_only_back_and_forth_skipping_by_ask_when(  # noqa: PLR0915 - one walk
    new_context: Contexts, site_server: str, width: int
) -> None:
    page = _open(new_context, site_server, width)
    assert _step(page) == "b2b"
    assert page.inner_text(".cf-quiz__count") == f"Vraag 1 van {len(QUESTIONS)}"
    given: dict[str, Any] = {}
    visited = ["b2b"]
    _assert_checklist(page, given)

    _tab_to(page, '[data-question="b2b"] input')
    page.keyboard.press("ArrowDown")  # from "Ja" to "Nee": a radio group checks as it moves
    given["b2b"] = False
    _assert_checklist(page, given)  # budget is no longer asked: "van 7"
    # ... and the checklist does not call it "niet voldaan": nobody asked about budget.
    budget = page.locator('[data-check="budget"]')
    assert budget.get_attribute("data-state") == "unasked"
    assert budget.locator(".cf-quiz__check-state").text_content() == "niet gevraagd"
    assert "1 niet gevraagd" in (page.text_content(".cf-quiz__checks-count") or "")
    page.screenshot(path=f"{SCREENSHOTS}/stepper-start-{width}.png", full_page=True)

    def forward(expected: str) -> None:
        page.keyboard.press("Enter")
        _wait_step(page, expected)
        visited.append(expected)
        _assert_heading_focused(page, expected)
        assert page.inner_text("[data-quiz-announce]") == page.inner_text(".cf-quiz__count")

    forward("branche")
    _tab_to(page, '[data-question="branche"] input')
    page.keyboard.press("Space")
    given["branche"] = "zakelijke-dienstverlening"
    _assert_checklist(page, given)
    forward("medewerkers")
    _tab_to(page, "#cf-q-medewerkers")
    page.keyboard.type("25")
    given["medewerkers"] = "25"
    _assert_checklist(page, given)
    page.screenshot(path=f"{SCREENSHOTS}/stepper-mid-{width}.png", full_page=True)
    forward("functie")
    _tab_to(page, '[data-question="functie"] input')
    page.keyboard.press("Space")
    given["functie"] = "eigenaar"
    _assert_checklist(page, given)  # an owner decides: beslissing is no longer asked
    forward("behoefte")
    _tab_to(page, '[data-question="behoefte"] input')
    page.keyboard.press("Space")
    given["behoefte"] = "nu"
    _assert_checklist(page, given)
    forward("contact")
    _tab_to(page, '[data-question="contact"] input')
    page.keyboard.press("Space")
    given["contact"] = ["nieuwsbrief"]
    _assert_checklist(page, given)

    # Back to the previous question, keyboard only: the answer is still there.
    _tab_to(page, "[data-quiz-back]")
    page.keyboard.press("Enter")
    _wait_step(page, "behoefte")
    _assert_heading_focused(page, "behoefte")
    assert page.is_checked('[data-question="behoefte"] input[value="nu"]')
    forward("contact")

    # The last question: Enter shows the result, focused; the steps skipped were never shown.
    expected = quiz.evaluate(given)
    page.keyboard.press("Enter")
    page.wait_for_selector(
        f'[data-quiz-result]:not([hidden]) [data-outcome="{expected["outcome"]}"]'
    )
    assert _step(page) == "result"
    assert page.evaluate("() => document.activeElement.matches('[data-quiz-result]')")
    # The result gives budget the engine's reason for a question not asked.
    verdict = page.locator('[data-quiz-result] [data-criterion="budget"]')
    assert verdict.get_attribute("data-state") == "unasked"
    assert expected["criteria"]["budget"]["reason"] in verdict.inner_text()
    assert "(niet gevraagd)" in verdict.inner_text()
    assert "budget" not in visited
    assert "beslissing" not in visited
    assert visited == [*quiz.evaluate(given, partial=True)["asked"], "contact"]
    assert page.locator("[data-question]:visible").count() == 0


@pytest.mark.parametrize("width", WIDTHS)
def test_next_on_an_unanswered_question_shows_the_definitions_message(
    new_context: Contexts, site_server: str, width: int
) -> None:
    page = _open(new_context, site_server, width)
    message = next(e["message"] for e in quiz.evaluate({})["errors"] if e["question"] == "b2b")
    page.click("button[type=submit]")
    error = page.locator('[data-error-for="b2b"]')
    error.wait_for()
    assert error.inner_text() == message
    assert _step(page) == "b2b"
    assert page.get_attribute('[data-question="b2b"] fieldset', "aria-invalid") == "true"
    assert (
        page.evaluate("() => document.activeElement.closest('[data-question]').dataset.question")
        == "b2b"
    )
    page.screenshot(path=f"{SCREENSHOTS}/stepper-error-{width}.png", full_page=True)


@pytest.mark.parametrize("width", WIDTHS)
def test_a_reload_mid_way_resumes_at_the_first_unanswered_question(
    new_context: Contexts, site_server: str, width: int
) -> None:
    page = _open(new_context, site_server, width)
    for question, value in [("b2b", "true"), ("branche", "industrie")]:
        page.click(f'[data-question="{question}"] input[value="{value}"]')
        page.click("button[type=submit]")
        visitor.settle(page)
    _wait_step(page, "medewerkers")
    page.reload()
    page.evaluate("() => window.prospectQuiz.ready")
    _wait_step(page, "medewerkers")
    assert page.inner_text(".cf-quiz__count") == f"Vraag 3 van {len(QUESTIONS)}"
    assert page.is_checked('[data-question="b2b"] input[value="true"]')
    _assert_checklist(page, {"b2b": True, "branche": "industrie"})


# The examples whose answers skip a question (ask_when), and the first one.
STEPPING = [
    p
    for i, p in enumerate(personas())
    if i == 0 or quiz.evaluate(p["answers"], partial=True)["asked"] != [q["id"] for q in QUESTIONS]
]


@pytest.mark.parametrize("persona", STEPPING, ids=lambda p: str(p["name"]))
def test_a_visitor_stepping_through_gets_the_engines_result(
    new_context: Contexts, site_server: str, persona: dict[str, Any]
) -> None:
    # The way the benchmarks' visitor walks the stepper: answer what is on screen, go on.
    page = _open(new_context, site_server, 1280)
    given = persona["answers"]
    shown = []
    for step in visitor.through_stepper(page, given, QUESTIONS):
        shown.append(_step(page))
        step(page)
    asked = quiz.evaluate(given, partial=True)["asked"]
    outcome = quiz.evaluate({q: given[q] for q in asked})["outcome"]
    assert _step(page) == "result"
    assert shown == asked
    page.wait_for_selector(f'[data-quiz-result]:not([hidden]) [data-outcome="{outcome}"]')


@pytest.mark.parametrize("width", WIDTHS)
def test_an_example_lands_on_its_result_also_while_python_loads(
    new_context: Contexts, site_server: str, width: int
) -> None:
    page, python = loading_quiz(new_context, site_server, width)
    assert "wordt geladen" in page.inner_text("[data-quiz-status]")
    button = page.locator("[data-quiz-example]").last
    answers = json.loads(button.get_attribute("data-quiz-example") or "{}")
    expected = quiz.evaluate(answers)["outcome"]
    button.click()
    pending = page.locator("[data-quiz-result][data-quiz-pending]")
    pending.wait_for()
    assert "Even rekenen" in pending.inner_text()
    assert page.evaluate("() => document.activeElement.matches('[data-quiz-result]')")
    assert page.evaluate(IN_VIEW, page.locator("[data-quiz-result]").element_handle())
    page.screenshot(path=f"{SCREENSHOTS}/stepper-pending-{width}.png")
    assert python.held, "the test held no Pyodide file"
    python.release()
    page.wait_for_selector(f'[data-quiz-result]:not([hidden]) [data-outcome="{expected}"]')
    assert page.locator("[data-quiz-result][data-quiz-pending]").count() == 0
    assert page.evaluate("() => document.activeElement.matches('[data-quiz-result]')")
    assert page.evaluate(IN_VIEW, page.locator("[data-quiz-result]").element_handle())
    assert page.inner_text("[data-quiz-status]") == ""

    # Once Python is ready, another example lands on its result too.
    other = page.locator("[data-quiz-example]").first
    outcome = quiz.evaluate(json.loads(other.get_attribute("data-quiz-example") or "{}"))["outcome"]
    page.evaluate("() => window.scrollTo(0, 0)")
    other.click()
    page.wait_for_selector(f'[data-quiz-result]:not([hidden]) [data-outcome="{outcome}"]')
    assert page.evaluate("() => document.activeElement.matches('[data-quiz-result]')")
    assert page.evaluate(IN_VIEW, page.locator("[data-quiz-result]").element_handle())
    page.screenshot(path=f"{SCREENSHOTS}/stepper-result-{width}.png")
    page.context.unroute_all(behavior="ignoreErrors")


# What changes under a pressed pointer (tests/support/watch_press.js).
WATCH_PRESS = (ROOT / "tests/support/watch_press.js").read_text(encoding="utf-8")


@pytest.mark.parametrize("force", [False, True], ids=["held", "re-rendered"])
def test_a_held_press_on_next_goes_on_while_python_answers_under_it(
    new_context: Contexts, site_server: str, force: bool
) -> None:
    page = _open(new_context, site_server, 1280)
    for question, value in [("b2b", "true"), ("branche", "industrie")]:
        page.click(f'[data-question="{question}"] input[value="{value}"]')
        page.click("button[type=submit]")
        _wait_step(page, {"b2b": "branche", "branche": "medewerkers"}[question])
    field = page.locator("#cf-q-medewerkers")
    field.click()
    field.press_sequentially("60", delay=90)  # no change event yet: the press blurs the field
    page.evaluate(f"({WATCH_PRESS})()")
    box = page.locator("[data-quiz] button[type=submit]").bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.wait_for_timeout(120)  # a person's hold, not a wait for the page
    if force:
        # Another answer event while the pointer is down, and Python's reply to it: the
        # worker answers in order, so once this evaluation is back the page has its reply.
        page.evaluate(
            "() => document.querySelector('#cf-q-medewerkers')"
            ".dispatchEvent(new Event('input', {bubbles: true}))"
        )
    page.evaluate("() => window.prospectQuiz.evaluate({})")
    page.mouse.up()
    _wait_step(page, "functie")
    assert page.evaluate("() => window.__duringPress") == []
    _assert_checklist(page, {"b2b": True, "branche": "industrie", "medewerkers": "60"})


def test_a_slow_load_keeps_the_stepper_and_the_press_made_meanwhile(
    new_context: Contexts, site_server: str
) -> None:
    # A slow host: Python is held past the page's notice (12 s). The notice offers booking,
    # but the stepper stays one question at a time, and the press made while Python loaded
    # goes on to the next question once it is ready (not to the whole long form).
    page, python = loading_quiz(new_context, site_server, 375)
    # The first steps have their replies in the page; the number question needs Python.
    for question, value, following in [("b2b", "true", "branche"),
                                       ("branche", "industrie", "medewerkers")]:  # fmt: skip
        page.click(f'[data-question="{question}"] input[value="{value}"]')
        page.click("[data-quiz] button[type=submit]")
        _wait_step(page, following)
    page.locator("#cf-q-medewerkers").press_sequentially("60", delay=90)
    page.click("[data-quiz] button[type=submit]")
    alert = page.wait_for_selector(".cf-quiz__failed[role=alert]", timeout=30_000)
    assert alert is not None
    assert "te langzaam" in alert.inner_text()
    assert page.get_attribute("[data-quiz-fallback]", "href", timeout=1000) is not None
    assert _step(page) == "medewerkers"
    assert page.locator("[data-question]:visible").count() == 1
    page.screenshot(path=f"{SCREENSHOTS}/stepper-slow-375.png", full_page=True)
    assert python.held, "the test held no Pyodide file"
    python.release()
    _wait_step(page, "functie")
    _assert_heading_focused(page, "functie")
    assert page.locator(".cf-quiz__failed").count() == 0
