"""The first minutes of a visitor, in headless Chromium at 375 and 1280 px: sharing and
copying without surprise, wiping everything, examples that give the visitor's own answers
back, and the keyboard path past the examples.

Presses are a person's: the pointer moves onto the control, holds it about 120 ms and lets
go. What the page says comes from CPython's `quiz` where it is the engine's.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Dialog, Page

import quiz
from tests.support import answers as visitor
from tests.support.browser import fresh_context

pytestmark = pytest.mark.browser

WIDTHS = [375, 1280]
QUESTIONS: list[dict[str, Any]] = quiz.questions()["questions"]
EXAMPLES = {example.id: example for example in quiz.default_definition().examples}
SCREENSHOTS = Path(__file__).resolve().parents[1] / "build" / "screenshots"
HOLD_MS = 120  # how long a person holds a button down


def press(page: Page, selector: str) -> None:
    """Press and release a control like a person: the pointer on it, held, let go."""
    page.locator(selector).first.click(delay=HOLD_MS)


@pytest.fixture
def context(chromium: Browser, site_server: str) -> Iterator[BrowserContext]:
    with fresh_context(chromium, permissions=["clipboard-read", "clipboard-write"]) as opened:
        opened.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_server[:-1])
        yield opened


def open_quiz(context: BrowserContext, url: str, width: int) -> Page:
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(url)
    page.evaluate("() => window.prospectQuiz.ready")
    visitor.settle(page)
    return page


def through_to_result(page: Page, answers: dict[str, Any]) -> None:
    """Answer in the long form and ask for the result, as a visitor who knows them all."""
    visitor.show_all(page)
    visitor.fill(page, answers, QUESTIONS)
    press(page, "button[type=submit]")
    outcome = quiz.evaluate(answers)["outcome"]
    page.wait_for_selector(f'[data-quiz-result]:not([hidden]) [data-outcome="{outcome}"]')
    visitor.settle(page)


def top_of(page: Page, selector: str) -> float:
    return float(
        page.evaluate("s => document.querySelector(s).getBoundingClientRect().top", selector)
    )


# --- Sharing and copying ------------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_sharing_copies_the_link_without_a_jump_a_notice_or_a_history_entry(
    context: BrowserContext, site_server: str, width: int
) -> None:
    page = open_quiz(context, site_server + "zelftest/", width)
    answers = EXAMPLES["nieuwsbrief-lead"].answers
    through_to_result(page, answers)
    share = "[data-quiz-share]"
    page.locator(share).scroll_into_view_if_needed()
    before = top_of(page, share)
    history = page.evaluate("() => history.length")
    page.evaluate("() => navigator.clipboard.writeText('')")
    press(page, share)
    mark = page.locator(f"{share} + [data-quiz-copied]")
    mark.wait_for(state="visible")
    assert mark.inner_text() == "✓ Gekopieerd"
    # still said to a screen reader, in a sentence
    page.wait_for_selector("[data-quiz-announce]:has-text('de link naar je uitkomst')")
    assert page.evaluate("() => history.length") == history, "no history entry"
    assert page.locator("[data-quiz-shared-notice]").count() == 0, "no notice to the sharer"
    assert abs(top_of(page, share) - before) < 2, "the page stays where it was"
    assert "#" not in page.url
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied == page.get_attribute(share, "data-url")
    assert copied.startswith(site_server + "zelftest/#antwoorden=1.")
    page.screenshot(path=str(SCREENSHOTS / f"journey-shared-{width}.png"))
    # Back leaves the page, as it would have without sharing.
    page.go_back()
    page.wait_for_url(lambda url: "zelftest" not in url)


@pytest.mark.parametrize("width", WIDTHS)
def test_copying_the_answers_says_so_beside_the_button(
    context: BrowserContext, site_server: str, width: int
) -> None:
    page = open_quiz(context, site_server + "zelftest/", width)
    through_to_result(page, EXAMPLES["it-manager-offerte"].answers)
    press(page, "[data-quiz-copy]")
    mark = page.locator("[data-quiz-copy] + [data-quiz-copied]")
    mark.wait_for(state="visible")
    assert mark.inner_text() == "✓ Gekopieerd"
    assert mark.get_attribute("aria-hidden") == "true", "the status line says it, once"
    page.wait_for_selector("[data-quiz-announce]:has-text('je antwoorden staan klaar')")
    # beside the button: on the same row at 1280 px, right under or beside it at 375 px
    button = page.locator("[data-quiz-copy]").bounding_box()
    seen = mark.bounding_box()
    assert button is not None
    assert seen is not None
    assert seen["y"] < button["y"] + button["height"] + 40
    page.locator(".cf-result__booking").screenshot(
        path=str(SCREENSHOTS / f"journey-copied-{width}.png")
    )


# --- Wiping -------------------------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_wiping_resets_the_checklist_and_removes_the_shared_notice(
    context: BrowserContext, site_server: str, width: int
) -> None:
    page = open_quiz(context, site_server + "zelftest/", width)
    through_to_result(page, EXAMPLES["it-manager-offerte"].answers)
    link = page.get_attribute("[data-quiz-share]", "data-url") or ""
    page.goto("about:blank")
    page.goto(link)
    page.evaluate("() => window.prospectQuiz.ready")
    page.wait_for_selector("[data-quiz-shared-notice=applied]")
    page.wait_for_selector('[data-check="doelgroep"][data-state="met"]', state="attached")
    press(page, "[data-quiz-clear]")
    page.wait_for_selector("[data-quiz-result]", state="hidden")
    visitor.settle(page)
    assert page.locator("[data-quiz-shared-notice]").count() == 0
    states = page.eval_on_selector_all("[data-check]", "els => els.map(e => e.dataset.state)")
    assert states == ["open"] * len(quiz.questions()["criteria"])
    expected = quiz.evaluate({}, partial=True)["criteria"]
    assert all(v["met"] is None for v in expected.values()), "what Python says as well"
    summary = page.text_content(".cf-quiz__checks-count") or ""
    assert summary == f"0 voldaan, 0 niet voldaan, {len(expected)} open"
    assert page.get_attribute("[data-quiz]", "data-quiz-step") == QUESTIONS[0]["id"]
    page.screenshot(path=str(SCREENSHOTS / f"journey-wiped-{width}.png"))


# --- Examples -----------------------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_an_example_gives_the_visitors_own_answers_back(
    context: BrowserContext, site_server: str, width: int
) -> None:
    page = open_quiz(context, site_server + "zelftest/", width)
    own = {**EXAMPLES["it-manager-offerte"].answers, "budget": "nee", "contact": ["niets"]}
    through_to_result(page, own)
    stored = "() => JSON.parse(localStorage.getItem('closeforce.zelftest')).answers"
    mine = page.evaluate(stored)
    student = EXAMPLES["student"]
    press(page, f'[data-quiz-example]:has-text("{student.label}")')
    press(page, "[data-quiz-confirm-yes]")  # the page asks first (see the test below)
    page.wait_for_selector('[data-quiz-result]:not([hidden]) [data-outcome="buiten-doelgroep"]')
    assert page.locator("[data-quiz-confirm]").count() == 0
    back = page.locator("[data-quiz-own-answers]")
    back.wait_for(state="visible")
    assert back.inner_text() == "Zet mijn eigen antwoorden terug"
    page.screenshot(path=str(SCREENSHOTS / f"journey-example-{width}.png"))
    # A second example still keeps the visitor's own answers, not the first example's; it
    # replaces only an example, so it comes without a question.
    press(page, f'[data-quiz-example]:has-text("{EXAMPLES["inkoper-demo"].label}")')
    page.wait_for_selector('[data-quiz-result]:not([hidden]) [data-outcome="prospect"]')
    assert page.locator("[data-quiz-confirm]").count() == 0
    press(page, "[data-quiz-own-answers]")
    outcome = quiz.evaluate(own)["outcome"]
    page.wait_for_selector(f'[data-quiz-result]:not([hidden]) [data-outcome="{outcome}"]')
    assert page.evaluate(stored) == mine, "saved again as the visitor gave them"
    assert page.locator("[data-quiz-own]").count() == 0


def test_an_example_on_an_empty_form_offers_nothing_to_restore(
    context: BrowserContext, site_server: str
) -> None:
    page = open_quiz(context, site_server + "zelftest/", 1280)
    press(page, f'[data-quiz-example]:has-text("{EXAMPLES["student"].label}")')
    page.wait_for_selector('[data-quiz-result]:not([hidden]) [data-outcome="buiten-doelgroep"]')
    assert page.locator("[data-quiz-own-answers]").count() == 0
    assert page.locator("[data-quiz-confirm]").count() == 0, "nothing of theirs to ask about"


FOCUSED = "s => document.activeElement.matches(s)"


@pytest.mark.parametrize("width", WIDTHS)
def test_an_example_asks_before_it_replaces_the_visitors_own_answers(
    context: BrowserContext, site_server: str, width: int
) -> None:
    page = open_quiz(context, site_server + "zelftest/", width)
    dialogs: list[str] = []

    def dialog(shown: Dialog) -> None:
        dialogs.append(shown.message)
        shown.dismiss()

    page.on("dialog", dialog)
    own = EXAMPLES["it-manager-offerte"].answers
    through_to_result(page, own)
    stored = "() => JSON.parse(localStorage.getItem('closeforce.zelftest')).answers"
    mine = page.evaluate(stored)
    outcome = quiz.evaluate(own)["outcome"]
    student = EXAMPLES["student"]
    example = f'[data-quiz-example-id="{student.id}"]'

    # Escape: nothing changes, the focus is back on the example.
    press(page, example)
    ask = page.locator("[data-quiz-confirm]")
    ask.wait_for(state="visible")
    assert ask.get_attribute("role") == "group"
    label = page.locator("#" + (ask.get_attribute("aria-labelledby") or "-"))
    assert label.inner_text() == (
        "Je hebt al eigen antwoorden gegeven. Wil je ze vervangen door het voorbeeld "
        f'"{student.label}"? Je kunt ze daarna terugzetten.'
    )
    assert page.evaluate(FOCUSED, "[data-quiz-confirm-yes]"), "the focus moves to the question"
    assert page.locator("[data-quiz-confirm-yes]").inner_text() == "Ja, toon het voorbeeld"
    page.screenshot(path=str(SCREENSHOTS / f"journey-example-ask-{width}.png"))
    page.keyboard.press("Escape")
    ask.wait_for(state="detached")
    assert page.evaluate(FOCUSED, example)
    assert page.evaluate(stored) == mine
    assert page.locator(f'[data-quiz-result]:not([hidden]) [data-outcome="{outcome}"]').count()

    # "Nee": the same.
    press(page, example)
    press(page, "[data-quiz-confirm-no]")
    ask.wait_for(state="detached")
    assert page.evaluate(FOCUSED, example)
    visitor.settle(page)
    assert page.evaluate(stored) == mine
    assert page.locator(f'[data-quiz-result]:not([hidden]) [data-outcome="{outcome}"]').count()

    # "Ja, toon het voorbeeld": the example's result, and the way back.
    press(page, example)
    press(page, "[data-quiz-confirm-yes]")
    page.wait_for_selector('[data-quiz-result]:not([hidden]) [data-outcome="buiten-doelgroep"]')
    page.locator("[data-quiz-own-answers]").wait_for(state="visible")
    assert ask.count() == 0
    assert dialogs == [], "no browser dialog"


# --- Keyboard -----------------------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_the_first_question_is_at_most_three_tabs_past_the_pages_skip_link(
    context: BrowserContext, site_server: str, width: int
) -> None:
    """The self-assessment's own skip link ("Direct naar de vragen") comes before the six
    example buttons; from it the first question is at most three Tabs away."""
    page = open_quiz(context, site_server + "zelftest/", width)
    first = f'[data-question="{QUESTIONS[0]["id"]}"] input'
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.matches('.cf-quiz__skip')"):
            break
        assert not page.evaluate("() => document.activeElement.matches('[data-quiz-example]')")
    assert page.evaluate("() => document.activeElement.matches('.cf-quiz__skip')")
    skip = page.locator(".cf-quiz__skip")
    assert skip.is_visible(), "the skip link shows when it has the focus"
    assert skip.inner_text() == "Direct naar de vragen"
    page.screenshot(path=str(SCREENSHOTS / f"journey-skip-{width}.png"))
    history = page.evaluate("() => history.length")
    page.keyboard.press("Enter")
    tabs = 0
    while tabs < 3 and not page.evaluate("s => document.activeElement.matches(s)", first):
        page.keyboard.press("Tab")
        tabs += 1
    assert page.evaluate("s => document.activeElement.matches(s)", first), (
        f"after {tabs} Tabs the focus is on "
        + page.evaluate("() => document.activeElement.outerHTML.slice(0, 120)")
    )
    assert page.locator(first).first.is_visible()
    assert page.evaluate("() => history.length") == history
    # Space answers the question the focus reached, as on any radio button.
    page.keyboard.press("Space")
    assert page.is_checked(first)


UNCOVERED = """(s) => {
  const el = document.querySelector(s), r = el.getBoundingClientRect();
  const at = document.elementFromPoint(r.left + Math.min(8, r.width / 2), r.top + r.height / 2);
  return r.top >= 0 && r.bottom <= innerHeight && (at === el || el.contains(at));
}"""


@pytest.mark.parametrize("width", WIDTHS)
def test_the_first_question_is_at_most_three_tabs_past_the_themes_skip_link(
    context: BrowserContext, site_server: str, width: int
) -> None:
    """The theme's skip link ("Ga naar inhoud", the first Tab on the page) takes the focus
    along to the questions: it used to leave it on the page's body, and at 1280 px the next
    Tab now and then went into the navigation tabs the theme had slid out of sight; later the
    theme's second jump to the anchor took it back from the first question."""
    page = open_quiz(context, site_server + "zelftest/", width)
    first = f'[data-question="{QUESTIONS[0]["id"]}"] input'
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED, ".md-skip")
    assert page.locator(".md-skip").is_visible(), "the skip link shows when it has the focus"
    history = page.evaluate("() => history.length")
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => !({FOCUSED})('.md-skip')")
    tabs = 0
    while tabs < 3 and not page.evaluate(FOCUSED, first):
        page.keyboard.press("Tab")
        tabs += 1
    where = page.evaluate("() => document.activeElement.outerHTML.slice(0, 120)")
    assert page.evaluate(FOCUSED, first), f"after {tabs} Tabs the focus is on {where}"
    assert page.evaluate(UNCOVERED, first), "in view, not under the theme's sticky header"
    # No jump to the anchor: the theme would answer it with jumps of its own, which now and
    # then took the focus back to the list after the Tab above.
    assert page.evaluate("() => history.length") == history, "no entry in the history"
    page.screenshot(path=str(SCREENSHOTS / f"journey-theme-skip-{width}.png"))
