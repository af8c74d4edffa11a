"""Accessibility: axe-core finds nothing on any page, nor in any state of the self-assessment.

axe-core comes bundled with axe-playwright-python (offline). Every rule axe runs by default
counts, whatever its impact: WCAG 2.x A and AA and axe's best practices. The theme's own
gaps are fixed in overrides/ and docs/assets/ (see docs/assets/javascripts/a11y.js).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

import quiz
from tests.support import answers as visitor
from tests.support.browser import Contexts, fresh_context
from tests.support.server import serve
from tests.support.site import VariantSite

pytestmark = pytest.mark.browser

AXE = Axe()
# The quiz's interactive elements, in the order a keyboard reaches them.
FOCUSABLE = "a[href], button, input, select, textarea, [tabindex]"
# a11y.js names the search dialog once Material's `document$` has fired: the page is set up.
SET_UP = ".md-search[role=dialog][aria-label]"
SETTLED = """() => Promise.all(document.getAnimations()
  .filter((a) => a.effect && a.effect.getComputedTiming().endTime !== Infinity)
  .map((a) => a.finished.catch(() => null)))"""


# --- Helpers --------------------------------------------------------------------------


def violations(page: Any, where: str) -> list[str]:
    """axe's violations once transitions have ended (Material fades the tabs out on
    scroll; half-faded text is no real contrast problem), one readable line per rule."""
    page.evaluate(SETTLED)
    found = AXE.run(page).response["violations"]
    return [
        f"{where}: {v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(str(node["target"]) for node in v["nodes"][:5])
        for v in found
    ]


def page_paths(site: Path) -> list[str]:
    """The URL path of every HTML page in a built site, 404.html included."""
    paths = []
    for file in sorted(site.rglob("*.html")):
        relative = file.relative_to(site).as_posix()
        paths.append(relative.removesuffix("index.html"))
    return paths


def open_page(page: Any, url: str) -> None:
    response = page.goto(url)
    assert response is not None
    page.wait_for_selector(SET_UP, state="attached")


@pytest.fixture(scope="module")
def quiz_page(chromium: Any, site_server: str) -> Iterator[Any]:
    """One self-assessment page with Python ready, shared by the tests of the quiz states."""
    with fresh_context(chromium) as context:
        page = context.new_page()
        open_page(page, site_server + "zelftest/")
        page.evaluate("() => window.prospectQuiz.ready")
        yield page


def show_example(page: Any, index: int, outcome: str) -> None:
    page.click("[data-quiz-clear]")
    page.locator(".cf-quiz__example").nth(index).click()
    page.wait_for_selector(f'[data-quiz-result]:not([hidden]) [data-outcome="{outcome}"]')


def example_index(page: Any, outcome: str) -> int:
    """The first example button whose answers give `outcome` (as CPython judges them)."""
    buttons = page.locator(".cf-quiz__example")
    for index in range(buttons.count()):
        answers = json.loads(buttons.nth(index).get_attribute("data-quiz-example"))
        if quiz.evaluate(answers)["outcome"] == outcome:
            return index
    raise AssertionError(f"no example with outcome {outcome}")


# --- Every page -----------------------------------------------------------------------


def test_no_violation_on_any_page(
    new_context: Contexts, built_site: Path, site_server: str
) -> None:
    paths = page_paths(built_site)
    assert {"", "404.html", "blog/", "blog/archive/2025/", "zelftest/"} <= set(paths)
    assert any(p.startswith("blog/category/") for p in paths)
    page = new_context().new_page()
    found: list[str] = []
    for path in paths:
        open_page(page, site_server + path)
        found += violations(page, path or "/")
    # The search dialog, open with results (rendered by Material's JavaScript).
    open_page(page, site_server + "blog/")
    page.click("input[data-md-component=search-query]")
    page.keyboard.type("prospect")
    page.wait_for_selector(".md-search-result__item")
    found += violations(page, "blog/ with search results")
    assert found == []


@pytest.mark.parametrize("width", [375, 1280])
def test_the_themes_skip_link_takes_the_focus_to_the_articles_heading(
    new_context: Contexts, site_server: str, width: int
) -> None:
    """ "Ga naar inhoud" puts the focus on the article's heading, so the next Tab goes on
    in the article (not into the navigation tabs the theme slides out of sight), and it
    jumps without an entry in the history (docs/assets/javascripts/a11y.js)."""
    page = new_context().new_page()
    page.set_viewport_size({"width": width, "height": 800})
    open_page(page, site_server + "blog/wat-is-een-prospect/")
    history = page.evaluate("() => history.length")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.matches('.md-skip')")
    page.keyboard.press("Enter")
    target = page.evaluate("() => document.querySelector('.md-skip').hash.slice(1)")
    assert page.evaluate("() => document.activeElement.id") == target
    assert page.evaluate("() => document.activeElement.matches('.md-content h1')")
    page.keyboard.press("Tab")
    where = page.evaluate("() => document.activeElement.outerHTML.slice(0, 120)")
    assert page.evaluate("() => !!document.activeElement.closest('.md-content')"), where
    assert page.evaluate("() => history.length") == history


def test_no_violation_with_the_newsletter_form(
    new_context: Contexts, variant_site: VariantSite
) -> None:
    """The signup form appears only when configured: the variant build has it."""
    page = new_context().new_page()
    found: list[str] = []
    with serve(variant_site.site) as served:
        base = served.base
        for path in ("", "blog/wat-is-een-prospect/"):
            open_page(page, base + path)
            assert page.locator("form[data-cf-newsletter]").count() == 1
            found += violations(page, path or "/")
        page.click("form[data-cf-newsletter] button[type=submit]")  # empty: both invalid
        page.wait_for_selector(".cf-newsletter__error:not(:empty)")
        found += violations(page, "newsletter with errors")
        # A lead's result on the self-assessment offers the signup form too.
        open_page(page, base + "zelftest/")
        page.evaluate("() => window.prospectQuiz.ready")
        show_example(page, example_index(page, "lead"), "lead")
        page.wait_for_selector("[data-quiz-newsletter]:not([hidden]) form")
        found += violations(page, "zelftest/ with a lead result and the newsletter")
    assert found == []


# --- The self-assessment in its states ------------------------------------------------


def one_at_a_time(page: Any, stepping: bool) -> None:
    """The stepper (one question at a time) or the long form ("Toon alle vragen")."""
    current = "all" if stepping else "step"
    toggle = page.locator(f'[data-quiz-mode="{current}"]')
    if toggle.count():
        toggle.click()
    page.wait_for_selector(f'[data-quiz-mode="{"step" if stepping else "all"}"]')
    visitor.settle(page)


def test_no_violation_in_the_stepper(quiz_page: Any) -> None:
    """At the start, with an error on the first question, and mid-way with the checklist
    partly filled in."""
    page = quiz_page
    page.click("[data-quiz-clear]")
    one_at_a_time(page, stepping=True)
    page.wait_for_selector('[data-quiz][data-quiz-step="b2b"]', state="attached")
    found = violations(page, "zelftest/ stepper at the start")
    page.click(".cf-quiz__form button[type=submit]")
    page.wait_for_selector('[data-error-for="b2b"]:not(:empty)')
    assert page.locator("[aria-invalid=true]").count() == 1
    found += violations(page, "zelftest/ stepper with an error")
    for question, value in [("b2b", "false"), ("branche", "consumentenmarkt")]:
        page.click(f'[data-question="{question}"] input[value="{value}"]')
        visitor.settle(page)
        page.click(".cf-quiz__form button[type=submit]")
    page.wait_for_selector('[data-quiz][data-quiz-step="medewerkers"]', state="attached")
    visitor.settle(page)
    assert page.locator('[data-check][data-state="unmet"]').count() >= 1
    assert page.locator('[data-check][data-state="open"]').count() >= 1
    found += violations(page, "zelftest/ stepper mid-way")
    page.click("[data-quiz-checklist] summary")  # the other state of the checklist
    found += violations(page, "zelftest/ stepper mid-way, checklist toggled")
    page.click("[data-quiz-checklist] summary")
    assert found == []


def test_no_violation_with_field_errors(quiz_page: Any) -> None:
    page = quiz_page
    page.click("[data-quiz-clear]")
    one_at_a_time(page, stepping=False)
    page.click(".cf-quiz__form button[type=submit]")
    page.wait_for_selector("[data-error-for]:not(:empty)")
    # The long form shows every error CPython reports for empty answers.
    expected = {e["question"] for e in quiz.evaluate({})["errors"] if e["question"]}
    shown = page.eval_on_selector_all(
        "[data-error-for]:not(:empty)", "els => els.map((el) => el.dataset.errorFor)"
    )
    assert set(shown) == expected
    assert page.locator("[aria-invalid=true]").count() >= len(expected)
    found = violations(page, "zelftest/ with field errors")
    one_at_a_time(page, stepping=True)
    assert found == []


def test_no_violation_with_a_result(quiz_page: Any) -> None:
    page = quiz_page
    show_example(page, example_index(page, "lead"), "lead")
    assert page.locator("[data-quiz-result] .cf-result__links a").count() >= 1
    found = violations(page, "zelftest/ with a lead result")
    show_example(page, example_index(page, "buiten-doelgroep"), "buiten-doelgroep")
    found += violations(page, "zelftest/ with a buiten-doelgroep result")
    assert found == []


def test_no_violation_with_a_prospect_result_and_booking(quiz_page: Any) -> None:
    page = quiz_page
    show_example(page, example_index(page, "prospect"), "prospect")
    page.wait_for_function("() => document.querySelector('[data-quiz-book]')?.href")
    found = violations(page, "zelftest/ with booking")
    page.fill("#cf-contact-email", "geen adres")  # a contact field error
    page.wait_for_selector("[data-contact-error=email]:not(:empty)")
    found += violations(page, "zelftest/ with a contact field error")
    page.fill("#cf-contact-email", "")
    assert found == []


# --- Focus and announcements ----------------------------------------------------------

FOCUS_STYLE = """el => {
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  return {
    name: el.outerHTML.slice(0, 80),
    visible: el.matches(":focus-visible") && (outline || style.boxShadow !== "none"),
  };
}"""


def test_focus_is_visible_on_every_interactive_element(quiz_page: Any) -> None:
    page = quiz_page
    hidden: list[str] = []
    # With a lead result (links to articles) and a prospect result (contact fields, booking),
    # in the long form (every question's controls) and in the stepper (its own controls).
    for outcome, stepping in (("lead", False), ("prospect", False), ("prospect", True)):
        one_at_a_time(page, stepping)
        show_example(page, example_index(page, outcome), outcome)
        page.wait_for_function(
            "() => !document.querySelector('[data-quiz-book]')"
            " || document.querySelector('[data-quiz-book]').href"
        )
        hidden += _unfocused_by_tab(page) + _unfocused_by_focus(page)
    page.click("[data-quiz-back]")  # the stepper's last question: "Vorige", "Volgende"
    page.wait_for_selector('[data-quiz]:not([data-quiz-step="result"])', state="attached")
    hidden += _unfocused_by_tab(page)
    assert hidden == []


def _unfocused_by_tab(page: Any) -> list[str]:
    """Tab through the quiz the way a visitor's keyboard does (one stop per radio group)."""
    hidden: list[str] = []
    page.locator(".cf-quiz__example").first.focus()
    page.keyboard.press("Shift+Tab")
    reached = 0
    for _ in range(100):
        page.keyboard.press("Tab")
        active = page.evaluate_handle("() => document.activeElement")
        if not page.evaluate("el => Boolean(el.closest('[data-quiz]'))", active):
            if reached:
                break
            continue
        reached += 1
        style = page.evaluate(FOCUS_STYLE, active)
        if not style["visible"]:
            hidden.append(f"Tab: {style['name']}")
    assert reached >= 10
    return hidden


def _unfocused_by_focus(page: Any) -> list[str]:
    """Every element, also the radio buttons Tab skips (arrow keys move within a group),
    and the result box, which takes focus when the form is submitted."""
    hidden: list[str] = []
    elements = page.locator(f"[data-quiz] :is({FOCUSABLE})")
    assert elements.count() >= 20  # examples, every choice, the number field, buttons
    for index in range(elements.count()):
        element = elements.nth(index)
        if not element.is_visible():
            continue
        page.keyboard.press("Shift")  # keyboard modality: focus() shows as :focus-visible
        element.focus()
        style = page.evaluate(FOCUS_STYLE, element.element_handle())
        if not style["visible"]:
            hidden.append(style["name"])
    return hidden


def test_result_and_status_are_announced(quiz_page: Any) -> None:
    page = quiz_page
    result = page.locator("[data-quiz-result]")
    assert result.get_attribute("aria-live") in ("polite", "assertive")
    assert page.locator("[data-quiz-status]").get_attribute("role") == "status"
    form = page.locator(".cf-quiz__form")
    described = (form.get_attribute("aria-describedby") or "").split()
    assert page.locator("[data-quiz-status]").get_attribute("id") in described
