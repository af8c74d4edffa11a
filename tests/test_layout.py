"""Layout in headless Chromium at phone, tablet and desktop widths, in light and dark.

For home, blog, an article, the self-assessment and the 404 page: no horizontal
scrolling and no element wider than the viewport, every button and every control of the
self-assessment at least 44 by 44 px, cards and their grids centred (equal margins within
2 px), and the hero's first action visible without scrolling on a 375 by 667 screen.
The self-assessment also in its other states: without JavaScript (the long form), mid-way
through the stepper (question 3, the checklist partly filled) and with a result.
Every run writes full-page screenshots to build/screenshots/ for a person to look at.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import quiz
from tests.support import ROOT
from tests.support import answers as visitor
from tests.support.browser import Contexts

pytestmark = pytest.mark.browser

PAGES = {
    "home": "",
    "blog": "blog/",
    "article": "blog/wat-is-een-prospect/",
    "zelftest": "zelftest/",
    "404": "404.html",
}
WIDTHS = (320, 375, 768, 1280, 1440)
SCREENSHOT_WIDTHS = (320, 375, 768, 1280)
SCREENSHOTS = ROOT / "build" / "screenshots"
TOUCH_PX = 44
# Material's drawer and search overlay sit off-canvas or hidden until opened.
OFF_CANVAS = ".md-sidebar--primary, .md-search, [hidden], .md-skip, .cf-visually-hidden"
# What a visitor taps: buttons, the header's icons, and the self-assessment's controls
# (a choice is its whole label; a number field is the field).
TAPPABLE = (
    "button, .md-button, input[type=submit], .md-header__button, .cf-quiz__choice, "
    ".cf-quiz input:not([type=radio]):not([type=checkbox]):not([type=hidden])"
)
# Cards, and the grids and bands that hold them: each must sit in the middle. The
# self-assessment's stage holds the form and (on wide screens beside it) the checklist.
CENTRED = ".cf-grid, .cf-steps, .cf-hero, .cf-closing, .cf-quiz__stage, .md-content__inner"
CARDS = ".cf-card, .cf-quiz__question"
# The stepper shows one question card at a time; without JavaScript the form shows them all.
MIN_CARDS = {"home": 9, "blog": 5, "article": 1, "zelftest": 1}
# What must be on screen (not hidden, inside the viewport's width) on a page.
LAID_OUT = {
    "zelftest": ["[data-quiz-step]", ".cf-quiz__question", "[data-quiz-checklist]"],
    "zelftest-zonder-js": [".cf-quiz__stage", ".cf-quiz__question"],
    "zelftest-uitkomst": ["[data-quiz-step]", "[data-quiz-checklist]", "[data-quiz-result]"],
}

MEASURE = """({offCanvas, tappable, centred, cards, laidOut}) => {
  const width = document.documentElement.clientWidth;
  const shown = (el) => {
    if (el.closest(offCanvas)) return false;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return style.visibility !== "hidden" && style.display !== "none"
      && box.width > 0 && box.height > 0;
  };
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + (el.classList.length ? "." + [...el.classList].join(".") : "");
  const all = [...document.body.querySelectorAll("*")].filter(shown);
  return {
    width,
    scrollWidth: document.documentElement.scrollWidth,
    tooWide: all.filter((el) => el.getBoundingClientRect().width > width + 0.5).map(name),
    small: [...document.querySelectorAll(tappable)].filter(shown).map((el) => {
      const box = el.getBoundingClientRect();
      const text = el.textContent.trim().slice(0, 40);
      return {name: name(el), text, w: box.width, h: box.height};
    }).filter((b) => b.w < %d || b.h < %d),
    // Text never touches the screen's edges (the hero band may).
    atEdge: [...document.querySelectorAll(".md-content p, .md-content h1, .md-content h2")]
      .filter(shown).filter((el) => !el.closest(".cf-hero")).filter((el) => {
        const box = el.getBoundingClientRect();
        return box.left < 8 || width - box.right < 8;
      }).map(name),
    offCentre: [...document.querySelectorAll(centred)].filter(shown).map((el) => {
      const box = el.getBoundingClientRect();
      return {name: name(el), left: box.left, right: width - box.right};
    }).filter((b) => Math.abs(b.left - b.right) > 2),
    cards: [...document.querySelectorAll(cards)].filter(shown)
      .filter((card) => parseFloat(getComputedStyle(card).borderTopWidth) > 0).length,
    outside: [...document.querySelectorAll(cards)].filter(shown).filter((card) => {
      const box = card.getBoundingClientRect();
      return box.left < -0.5 || box.right > width + 0.5;
    }).map(name),
    // A card alone in its row (phones) is as wide as its grid: then it must be centred,
    // in the page or, for the self-assessment's questions, in the form's column.
    cardsOffCentre: [...document.querySelectorAll(cards)].filter(shown).map((card) => {
      const box = card.getBoundingClientRect();
      const row = card.closest("ul, ol") || card.parentElement;
      const single = box.width >= 0.9 * row.getBoundingClientRect().width;
      const column = card.closest(".cf-quiz__form")?.getBoundingClientRect()
        ?? {left: 0, right: width};
      return {name: name(card), single, left: box.left - column.left,
        right: column.right - box.right};
    }).filter((b) => b.single && Math.abs(b.left - b.right) > 2),
    missing: laidOut.filter((selector) => ![...document.querySelectorAll(selector)]
      .filter(shown).some((el) => {
        const box = el.getBoundingClientRect();
        return box.left >= -0.5 && box.right <= width + 0.5;
      })),
  };
}""" % (TOUCH_PX, TOUCH_PX)  # noqa: UP031 - braces of the JavaScript


# Transitions (the progress bar's) have ended: the screenshot shows the state, not a frame
# of its animation.
SETTLED = """() => Promise.all(document.getAnimations()
  .filter((a) => a.effect && a.effect.getComputedTiming().endTime !== Infinity)
  .map((a) => a.finished.catch(() => null)))"""


def _open(
    new_context: Contexts,
    url: str,
    width: int,
    scheme: str,
    *,
    height: int = 800,
    script: bool = True,
) -> Any:
    context = new_context(
        viewport={"width": width, "height": height},
        color_scheme=scheme,
        service_workers="block",
        java_script_enabled=script,
    )
    page = context.new_page()
    response = page.goto(url)
    assert response is not None
    if script:
        # a11y.js names the search dialog once Material's `document$` has fired.
        page.wait_for_selector(".md-search[role=dialog][aria-label]", state="attached")
        if page.locator("[data-quiz]").count():
            page.wait_for_selector("[data-quiz][data-quiz-step]", state="attached")  # stepper
    page.evaluate("() => document.fonts.ready.then(() => true)")
    return page


def _measure(page: Any, name: str) -> Any:
    return page.evaluate(
        MEASURE,
        {
            "offCanvas": OFF_CANVAS,
            "tappable": TAPPABLE,
            "centred": CENTRED,
            "cards": CARDS,
            "laidOut": LAID_OUT.get(name, []),
        },
    )


def _assert_laid_out(found: Any, min_cards: int) -> None:
    assert found["scrollWidth"] <= found["width"], "horizontal scrolling"
    assert found["tooWide"] == []
    assert found["small"] == [], f"under {TOUCH_PX} px"
    assert found["offCentre"] == []
    assert found["atEdge"] == []
    assert found["outside"] == []
    assert found["cardsOffCentre"] == []
    assert found["missing"] == []
    # Cards are drawn as cards: the blog lists every post, the home page its steps,
    # services and latest posts, the self-assessment its questions.
    assert found["cards"] >= min_cards


@pytest.fixture(scope="module")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_layout(
    new_context: Contexts, site_server: str, screenshots: Path, name: str, width: int
) -> None:
    page = _open(new_context, site_server + PAGES[name], width, "light")
    found = _measure(page, name)
    scheme = page.evaluate("() => document.body.dataset.mdColorScheme")
    if width in SCREENSHOT_WIDTHS:
        page.screenshot(path=screenshots / f"{name}-{width}-light.png", full_page=True)
    assert scheme == "default"
    _assert_laid_out(found, MIN_CARDS.get(name, 0))


@pytest.mark.parametrize("width", SCREENSHOT_WIDTHS)
def test_self_assessment_without_javascript_is_the_long_form(
    new_context: Contexts, site_server: str, screenshots: Path, width: int
) -> None:
    page = _open(new_context, site_server + PAGES["zelftest"], width, "light", script=False)
    found = _measure(page, "zelftest-zonder-js")
    page.screenshot(path=screenshots / f"zelftest-{width}-zonder-js.png", full_page=True)
    _assert_laid_out(found, len(quiz.questions()["questions"]))


@pytest.mark.parametrize("width", SCREENSHOT_WIDTHS)
def test_self_assessment_mid_way(
    new_context: Contexts, site_server: str, screenshots: Path, width: int
) -> None:
    """The stepper at question 3, the checklist partly filled in."""
    page = _open(new_context, site_server + PAGES["zelftest"], width, "light")
    page.evaluate("() => window.prospectQuiz.ready")
    for question, value in [("b2b", "false"), ("branche", "consumentenmarkt")]:
        visitor.settle(page)
        page.click(f'[data-question="{question}"] input[value="{value}"]')
        page.click(".cf-quiz__form button[type=submit]")
    page.wait_for_selector('[data-quiz][data-quiz-step="medewerkers"]', state="attached")
    visitor.settle(page)
    states = page.eval_on_selector_all("[data-check]", "els => els.map((el) => el.dataset.state)")
    count = page.inner_text(".cf-quiz__count")
    page.evaluate(SETTLED)
    found = _measure(page, "zelftest")
    page.screenshot(path=screenshots / f"zelftest-{width}-vraag-3.png", full_page=True)
    assert count.startswith("Vraag 3 van")
    assert "open" in states
    assert set(states) - {"open"}, "the checklist shows what the answers decide"
    _assert_laid_out(found, 1)


# From the buttons under the question to the checklist below them (a phone's width).
ROOM_BELOW_BUTTONS = """() => {
  const buttons = [...document.querySelectorAll(".cf-quiz__actions .md-button")]
    .filter((b) => b.offsetParent !== null);
  const bottom = Math.max(...buttons.map((b) => b.getBoundingClientRect().bottom));
  return document.querySelector("[data-quiz-checklist]").getBoundingClientRect().top - bottom;
}"""


@pytest.mark.parametrize("width", [320, 375])
def test_no_empty_room_below_the_buttons_once_the_visitor_has_gone_a_step(
    new_context: Contexts, site_server: str, width: int
) -> None:
    """Until the visitor goes a step the status keeps the room of its loading line, so that
    Python arriving moves nothing (test_layout_shift); after it, an empty status takes
    none, and on a phone the checklist follows the buttons."""
    page = _open(new_context, site_server + PAGES["zelftest"], width, "light")
    page.evaluate("() => window.prospectQuiz.ready")
    visitor.settle(page)
    kept = page.evaluate(ROOM_BELOW_BUTTONS)
    page.click('[data-question="b2b"] input[value="true"]')
    page.click(".cf-quiz__form button[type=submit]")
    page.wait_for_selector('[data-quiz][data-quiz-step="branche"]', state="attached")
    visitor.settle(page)
    assert page.inner_text("[data-quiz-status]") == ""
    room = page.evaluate(ROOM_BELOW_BUTTONS)
    assert room <= 40, f"{room} px of empty room below the buttons (before the step: {kept})"
    page.click("[data-quiz-back]")
    page.wait_for_selector('[data-quiz][data-quiz-step="b2b"]', state="attached")
    assert page.evaluate(ROOM_BELOW_BUTTONS) <= 40, "back at question 1"


@pytest.mark.parametrize("width", SCREENSHOT_WIDTHS)
def test_self_assessment_with_a_result(
    new_context: Contexts, site_server: str, screenshots: Path, width: int
) -> None:
    page = _open(new_context, site_server + PAGES["zelftest"], width, "light")
    page.evaluate("() => window.prospectQuiz.ready")
    page.locator("[data-quiz-example]").first.click()
    page.wait_for_selector("[data-quiz-result]:not([hidden]) [data-outcome]")
    page.evaluate(SETTLED)
    found = _measure(page, "zelftest-uitkomst")
    page.screenshot(path=screenshots / f"zelftest-{width}-uitkomst.png", full_page=True)
    _assert_laid_out(found, 0)  # no question left to show; the result is laid out


@pytest.mark.parametrize("width", SCREENSHOT_WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_dark_scheme_follows_the_system(
    new_context: Contexts, site_server: str, screenshots: Path, name: str, width: int
) -> None:
    page = _open(new_context, site_server + PAGES[name], width, "dark")
    scheme = page.evaluate("() => document.body.dataset.mdColorScheme")
    background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    page.screenshot(path=screenshots / f"{name}-{width}-dark.png", full_page=True)
    assert scheme == "slate"
    assert background == "rgb(12, 22, 36)"  # --cf-bg of the dark scheme
    # The browser's own controls (radio buttons, check boxes, fields) are drawn dark too.
    assert page.evaluate("() => getComputedStyle(document.body).colorScheme") == "dark"


@pytest.mark.parametrize("forced", ["none", "active"])
def test_the_choices_are_the_sites_own_except_in_forced_colours(
    new_context: Contexts, site_server: str, forced: str
) -> None:
    """The site draws its radio buttons and tick boxes (extra.css, cf-control); forced colours
    (Windows' contrast themes) drop the backgrounds that show a choice, so there the
    system's own controls come back."""
    context = new_context(viewport={"width": 375, "height": 800}, forced_colors=forced)
    page = context.new_page()
    page.goto(site_server + PAGES["zelftest"])
    drawn = page.eval_on_selector_all(
        "input.cf-control", "els => [...new Set(els.map((e) => getComputedStyle(e).appearance))]"
    )
    assert drawn == (["auto"] if forced == "active" else ["none"])


def test_hero_action_is_visible_without_scrolling(new_context: Contexts, site_server: str) -> None:
    page = _open(new_context, site_server, 375, "light", height=667)
    primary = page.locator(".cf-hero .md-button--primary")
    box = primary.bounding_box()
    href = primary.get_attribute("href")
    assert box is not None
    assert box["y"] >= 0
    assert box["y"] + box["height"] <= 667
    assert href is not None
    assert href.rstrip("/").endswith("zelftest")


@pytest.mark.parametrize("width", [768, 1280, 1440])
def test_articles_keep_a_comfortable_measure(
    new_context: Contexts, site_server: str, width: int
) -> None:
    """At most about 75 characters a line in an article's paragraphs."""
    page = _open(new_context, site_server + PAGES["article"], width, "light")
    # Characters per line: the column's width over the average width of a character of
    # the article's own text (all paragraphs together, so short lines do not skew it).
    per_line = page.evaluate(
        """() => {
          const context = document.createElement("canvas").getContext("2d");
          const paragraphs = [...document.querySelectorAll("article.md-content__inner > p")];
          const style = getComputedStyle(paragraphs[0]);
          context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
          const text = paragraphs.map((p) => p.textContent.trim()).join(" ");
          const average = context.measureText(text).width / text.length;
          return paragraphs.map((p) => p.clientWidth / average);
        }"""
    )
    assert len(per_line) > 10
    assert max(per_line) <= 75, per_line
    assert min(per_line) >= 45, per_line  # not a narrow strip either
