"""The self-assessment's journey in three engines: Chromium, Firefox ESR and WebKitGTK.

Each test says what a visitor does through the driver interface of tests/support/engines.py
and runs once per engine. Presses are a person's (press, hold about 120 ms, release, the
control scrolled to the middle of the screen); numbers are typed key by key with pauses.
Every outcome is compared with CPython's `quiz`. Screenshots go to
build/screenshots/<engine>/, named by the width the page really had (WebKit runs in the
tests' own shell, tests/support/webkit_shell.py, whose window is as narrow as asked).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import pytest

import quiz
from tests.support import ROOT, wait_for
from tests.support.cases import cases, personas
from tests.support.engines import ENGINES, PAINTED, Engine, Tab, launch
from tests.support.server import Served, serve

QUESTIONS: list[dict[str, Any]] = quiz.questions()["questions"]
BY_ID = {q["id"]: q for q in QUESTIONS}
SCREENSHOTS = ROOT / "build" / "screenshots"
WATCH_PRESS = (ROOT / "tests/support/watch_press.js").read_text(encoding="utf-8")
REPORT_PATH = "/__csp-report"
SENTINEL = "http://127.0.0.2:9"  # an image from another origin: img-src forbids it
SUBMIT = "[data-quiz] button[type=submit]"
STEP = "() => document.querySelector('[data-quiz]').dataset.quizStep"
SETTLED = "() => !document.querySelector('[data-quiz]').hasAttribute('data-quiz-busy')"
RESULT = """(outcome) => {
  const box = document.querySelector("[data-quiz-result]");
  return !box.hidden && !!box.querySelector(`[data-outcome="${outcome}"]`);
}"""


@pytest.fixture(scope="module")
def served(built_site: Path) -> Iterator[Served]:
    """The site with its `_headers`; CSP reports recorded (`report-uri`)."""
    with serve(built_site, report_path=REPORT_PATH) as server:
        yield server


@pytest.fixture(scope="module", params=ENGINES)
def engine(request: pytest.FixtureRequest, served: Served) -> Iterator[Engine]:
    """One engine for all tests of this module; the CSP reports start empty with it."""
    served.posts.clear()
    # Chromium: the session's browser (Playwright runs once per test session).
    chromium = request.getfixturevalue("chromium") if request.param == "chromium" else None
    with launch(request.param, chromium=chromium) as running:
        yield running


def _ready(tab: Tab) -> None:
    # One call that finds the script and awaits Python: two calls could straddle a page
    # that is still being replaced (seen in Firefox after a reload). Asked before the form
    # is bound, `ready` waits for it (test_ready_asked_before_the_form_is_bound_waits).
    ready = "async () => window.prospectQuiz ? (await window.prospectQuiz.ready, true) : false"
    tab.wait(ready, "the self-assessment's script and Python")


def _open(tab: Tab, url: str) -> None:
    tab.goto(url)
    _ready(tab)
    tab.wait(SETTLED, "Python's first answer")


def _answer(tab: Tab, question: str, value: Any) -> None:
    """Answer one question as a visitor: press the choices, type the number."""
    item = f'[data-question="{question}"]'
    kind = BY_ID[question]["type"]
    if kind == "number":
        tab.press(f"{item} input")
        tab.type(str(value))
    elif kind == "multi":
        for option in value:
            tab.press(f'{item} input[value="{option}"]')
    else:
        shown = str(value).lower() if isinstance(value, bool) else value
        tab.press(f'{item} input[value="{shown}"]')


def _first_two_steps(tab: Tab, base: str) -> None:
    """Open the self-assessment and answer its first two questions, pressing "Volgende"."""
    _open(tab, base + "zelftest/")
    for question, value in [("b2b", True), ("branche", "industrie")]:
        _answer(tab, question, value)
        tab.press(SUBMIT)
        tab.wait(f"() => ({STEP})() !== {json.dumps(question)}", f"the step after {question}")


def _walk(tab: Tab, answers: dict[str, Any]) -> list[str]:
    """Through the stepper: answer what is on screen, press "Volgende"; the steps shown."""
    shown: list[str] = []
    while True:
        tab.wait(SETTLED, "Python's answer")
        step = tab.run(STEP)
        if step not in BY_ID:
            return shown
        assert len(shown) <= len(QUESTIONS), shown
        shown.append(step)
        _answer(tab, step, answers[step])
        tab.press(SUBMIT)
        tab.wait(f"() => ({STEP})() !== {json.dumps(step)}", f"the step after {step}", timeout=60)


def _shot(tab: Tab, name: str, *, full_page: bool = True) -> None:
    tab.screenshot(SCREENSHOTS / tab.engine / f"{name}-{tab.width}.png", full_page=full_page)


def _no_console_errors(tab: Tab) -> None:
    errors = tab.console_errors()
    if errors is not None:  # None: WebKit under MiniBrowser passes no console messages
        assert errors == []


def test_a_console_error_of_the_page_is_seen(engine: Engine, served: Served) -> None:
    # What makes "no console error" above worth asserting: an error the page logs, and one
    # it throws, do come through in this engine.
    with engine.tab() as tab:
        tab.goto(served.base)
        tab.wait("() => document.readyState === 'complete'", "the home page loaded")
        assert tab.console_errors() == []
        tab.run("() => { console.error('cf-sentinel-logged'); }")
        tab.run("() => { setTimeout(() => { throw new Error('cf-sentinel-thrown'); }); }")
        wait_for(lambda: len(tab.console_errors() or []) >= 2, "both errors in the console")
        errors = " ".join(tab.console_errors() or [])
        assert "cf-sentinel-logged" in errors
        assert "cf-sentinel-thrown" in errors


# One example per outcome: the walk reaches each of them.
BY_OUTCOME = list({p["expected"]["outcome"]: p for p in personas()}.values())


def test_python_is_ready_and_the_case_table_equals_cpython(engine: Engine, served: Served) -> None:
    answers = [c["answers"] for c in cases()] + [p["answers"] for p in personas()]
    with engine.tab() as tab:
        _open(tab, served.base + "zelftest/")
        assert tab.run("() => window.prospectQuiz.boot") in {"lean", "snapshot"}
        in_browser = tab.run(
            "(all) => Promise.all(all.map((a) => window.prospectQuiz.evaluate(a)))", answers
        )
        assert in_browser == [quiz.evaluate(a) for a in answers]
        _no_console_errors(tab)


@pytest.mark.parametrize("width", [375, 1280])
def test_a_person_walks_the_stepper_to_each_outcome(
    engine: Engine, served: Served, width: int
) -> None:
    with engine.tab(width=width) as tab:
        _open(tab, served.base + "zelftest/")
        assert tab.run("() => innerWidth") == width  # a phone's width in every engine
        _shot(tab, "zelftest-start")
        for index, persona in enumerate(BY_OUTCOME):
            if index:
                tab.press("[data-quiz-clear]")
                tab.wait(f"() => ({STEP})() === {json.dumps(QUESTIONS[0]['id'])}", "a new start")
            given = persona["answers"]
            asked = quiz.evaluate(given, partial=True)["asked"]
            shown = _walk(tab, given)
            assert shown == asked, persona["name"]
            outcome = quiz.evaluate({q: given[q] for q in asked})["outcome"]
            tab.wait(RESULT, f"the result {outcome}", outcome)
            _shot(tab, f"zelftest-result-{outcome}", full_page=False)  # where one lands
        _no_console_errors(tab)


@pytest.mark.parametrize("force", [False, True], ids=["held", "re-rendered"])
def test_a_held_press_on_next_is_never_lost(engine: Engine, served: Served, force: bool) -> None:
    with engine.tab() as tab:
        _first_two_steps(tab, served.base)
        assert tab.run(STEP) == "medewerkers"
        tab.wait(SETTLED, "Python's answer")
        _answer(tab, "medewerkers", 60)  # typed: the press on "Volgende" blurs the field
        tab.run(f"() => ({WATCH_PRESS})()")

        def rerender() -> None:
            # Another answer event while the pointer is down, and Python's reply to it: the
            # worker answers in order, so once this evaluation is back, so is that reply.
            if force:
                tab.run(
                    "() => document.querySelector('#cf-q-medewerkers')"
                    ".dispatchEvent(new Event('input', {bubbles: true}))"
                )
            tab.run("() => window.prospectQuiz.evaluate({})")

        tab.press(SUBMIT, while_down=rerender)
        tab.wait(f"() => ({STEP})() === 'functie'", "the step after medewerkers", timeout=30)
        assert tab.run("() => window.__duringPress") == []


def test_an_example_lands_on_its_result(engine: Engine, served: Served) -> None:
    with engine.tab() as tab:
        _open(tab, served.base + "zelftest/")
        example = tab.run("() => document.querySelector('[data-quiz-example]').dataset.quizExample")
        outcome = quiz.evaluate(json.loads(example))["outcome"]
        tab.press("[data-quiz-example]")
        tab.wait(RESULT, f"the example's result {outcome}", outcome)
        # Focus and scrolling follow the result's render (a frame later in some engines).
        tab.wait("() => document.activeElement.matches('[data-quiz-result]')",
                 "the focus on the result")  # fmt: skip
        in_view = """() => { const r = document.querySelector("[data-quiz-result]")
          .getBoundingClientRect(); return r.top < innerHeight && r.bottom > 0; }"""
        tab.wait(in_view, "the result in view")


def test_the_share_link_gives_the_same_result_in_a_fresh_session(
    engine: Engine, served: Served
) -> None:
    persona = BY_OUTCOME[-1]
    given = persona["answers"]
    with engine.tab() as tab:
        _open(tab, served.base + "zelftest/")
        _walk(tab, given)
        outcome = persona["expected"]["outcome"]
        tab.wait(RESULT, f"the result {outcome}", outcome)
        link = tab.run("() => document.querySelector('[data-quiz-share]').dataset.url")
    assert "#antwoorden=" in link
    with engine.tab() as fresh:  # another session: nothing stored, only the link
        fresh.goto(link)
        _ready(fresh)
        fresh.wait(RESULT, f"the shared result {outcome}", outcome)
        _no_console_errors(fresh)


def test_a_reload_mid_way_resumes_where_the_visitor_was(engine: Engine, served: Served) -> None:
    with engine.tab() as tab:
        _first_two_steps(tab, served.base)
        # The engines differ in when their reload command returns: a mark on the old page
        # tells it apart from the new one.
        tab.run("() => { window.cfBeforeReload = true; }")
        tab.reload()
        tab.wait("() => !window.cfBeforeReload", "the reloaded page")
        _ready(tab)
        tab.wait("() => document.querySelector('[data-quiz]').dataset.quizStep === 'medewerkers'",
                 "the stepper back at medewerkers")  # fmt: skip
        checked = "() => document.querySelector('[data-question=b2b] input:checked')?.value"
        assert tab.run(checked) == "true"
        _no_console_errors(tab)


# --- Examples and the keyboard, in each engine -----------------------------------------

# W3C WebDriver's key values (Firefox and WebKit); Playwright names the keys.
W3C_KEYS = {"Tab": "\ue004", "Enter": "\ue007", "Escape": "\ue00c"}
FOCUSED = "(s) => document.activeElement.matches(s)"


def _key(tab: Tab, name: str) -> None:
    """A key pressed and released, as on a keyboard."""
    if tab.engine == "chromium":
        cast(Any, tab).page.keyboard.press(name)
    else:
        tab.type(W3C_KEYS[name])


def test_an_example_asks_before_it_replaces_the_visitors_own_answers(
    engine: Engine, served: Served
) -> None:
    with engine.tab() as tab:
        _open(tab, served.base + "zelftest/")
        _answer(tab, "b2b", True)  # an answer of their own
        tab.wait(SETTLED, "Python's answer")
        example = "[data-quiz-example]"
        answers = json.loads(
            tab.run("(s) => document.querySelector(s).dataset.quizExample", example)
        )
        outcome = quiz.evaluate(answers)["outcome"]
        mine = "() => document.querySelector('[data-question=b2b] input:checked')?.value"

        tab.press(example)
        tab.wait("() => !!document.querySelector('[data-quiz-confirm]')", "the question")
        assert tab.run(FOCUSED, "[data-quiz-confirm-yes]"), "the focus moves to the question"
        _shot(tab, "zelftest-example-ask", full_page=False)
        _key(tab, "Escape")
        tab.wait("() => !document.querySelector('[data-quiz-confirm]')", "the question gone")
        assert tab.run(FOCUSED, example), "the focus back on the example"
        assert tab.run(mine) == "true"

        tab.press(example)
        tab.wait("() => !!document.querySelector('[data-quiz-confirm-no]')", "the question")
        tab.press("[data-quiz-confirm-no]")
        tab.wait("() => !document.querySelector('[data-quiz-confirm]')", "the question gone")
        assert tab.run(FOCUSED, example)
        assert tab.run(mine) == "true"

        tab.press(example)
        tab.wait("() => !!document.querySelector('[data-quiz-confirm-yes]')", "the question")
        tab.press("[data-quiz-confirm-yes]")
        tab.wait(RESULT, f"the example's result {outcome}", outcome)
        tab.wait("() => !!document.querySelector('[data-quiz-own-answers]')", "the way back")
        _no_console_errors(tab)


@pytest.mark.parametrize("width", [375, 1280])
def test_the_first_question_is_at_most_three_tabs_past_the_themes_skip_link(
    engine: Engine, served: Served, width: int
) -> None:
    first = f'[data-question="{QUESTIONS[0]["id"]}"] input'
    with engine.tab(width=width) as tab:
        _open(tab, served.base + "zelftest/")
        _key(tab, "Tab")
        assert tab.run(FOCUSED, ".md-skip"), "the theme's skip link is the first Tab"
        history = tab.run("() => history.length")
        _key(tab, "Enter")
        tab.wait(f"() => !({FOCUSED})('.md-skip')", "the focus moved on")
        tabs = 0
        while tabs < 3 and not tab.run(FOCUSED, first):
            _key(tab, "Tab")
            tabs += 1
        where = tab.run("() => document.activeElement.outerHTML.slice(0, 120)")
        assert tab.run(FOCUSED, first), f"after {tabs} Tabs the focus is on {where}"
        assert tab.run("() => history.length") == history, "no jump to the anchor in the history"
        ring = "() => getComputedStyle(document.activeElement).outlineStyle"
        assert tab.run(ring) != "none", "the focus shows (a window with the focus, as a visitor's)"
        clear = """() => document.querySelector('[data-quiz-progress]').getBoundingClientRect().top
          >= document.querySelector('.md-header').getBoundingClientRect().bottom"""
        assert tab.run(clear), "the progress (Vraag 1 van …) is not under the sticky header"
        _shot(tab, "zelftest-skip", full_page=False)


# Where each choice is on the screen, in the screenshot's (device) pixels; "beside": a point
# just left of it, on its label's own background.
CHOICE_BOXES = """(question, values) => values.map((value) => {
  const input = document.querySelector(`[data-question="${question}"] input[value="${value}"]`);
  const r = input.getBoundingClientRect();
  const px = (v) => v * devicePixelRatio;
  return {checked: input.checked, box: [r.left, r.top, r.right, r.bottom].map(px),
          beside: [px(r.left - 3), px(r.top + r.height / 2)]};
})"""
SCROLL_TO = """(selector) => document.querySelector(selector)
  .scrollIntoView({block: "center", behavior: "instant"})"""


def _luminance(rgb: tuple[int, ...]) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _marks(shot: Path, choice: dict[str, Any]) -> tuple[float, float]:
    """How a choice stands out from what lies beside it (the label's own background): the
    strongest contrast inside its box, and the share of its pixels at 3:1 or more."""
    from PIL import Image

    with Image.open(shot) as image:
        rgb = image.convert("RGB")
        beside = cast(tuple[int, ...], rgb.getpixel(tuple(round(v) for v in choice["beside"])))
        left, top, right, bottom = (round(v) for v in choice["box"])
        pixels = [
            cast(tuple[int, ...], p)
            for p in rgb.crop((left, top, right, bottom)).get_flattened_data()
        ]
    contrasts = [_contrast(p, beside) for p in pixels]
    return max(contrasts), sum(c >= 3 for c in contrasts) / len(contrasts)


def test_every_choice_shows_its_ring_and_whether_it_is_chosen(
    engine: Engine, served: Served
) -> None:
    """WCAG 1.4.11 in every engine: the ring of a radio button or tick box at 3:1 or more
    against what lies beside it (WebKit's own light grey ring is 1.6:1), and a chosen one
    marked as such (the dot, the filled box)."""
    with engine.tab(width=375) as tab:
        _open(tab, served.base + "zelftest/")
        tab.press("[data-quiz-mode]")  # all questions: a radio group and the tick boxes
        tab.wait(f"() => ({STEP})() === 'all'", "the long form")
        for question, values in [
            ("b2b", ["true", "false"]),
            ("contact", ["nieuwsbrief", "offerte"]),
        ]:
            tab.press(f'[data-question="{question}"] input[value="{values[0]}"]')
            tab.wait(SETTLED, "Python's answer")
            tab.run(SCROLL_TO, f'[data-question="{question}"]')
            tab.run(PAINTED)
            before = tab.run(CHOICE_BOXES, question, values)
            shot = SCREENSHOTS / tab.engine / f"zelftest-choices-{question}-{tab.width}.png"
            tab.screenshot(shot, full_page=False)
            chosen, other = tab.run(CHOICE_BOXES, question, values)
            assert [chosen, other] == before, f"{question}: the page moved during its screenshot"
            assert (chosen["checked"], other["checked"]) == (True, False), question
            ring, unmarked = _marks(shot, other)
            assert ring >= 3, f"{question}: the ring of an unchosen choice is {ring:.1f}:1"
            _, marked = _marks(shot, chosen)  # the dot, the filled box: at least 5% more
            assert marked >= unmarked + 0.05, f"{question}: chosen {marked:.0%}, not {unmarked:.0%}"


def test_pages_under_the_policy_without_violations_or_console_errors(
    engine: Engine, served: Served
) -> None:
    # Runs after the other tests of its engine: their reports (the self-assessment, its
    # worker) count too, from the engine's start on.
    pages = {"home": "", "article": "blog/wat-is-een-prospect/"}
    for width in (375, 1280):
        for name, path in pages.items():  # a tab each: leaving a page aborts its requests
            with engine.tab(width=width) as tab:
                tab.goto(served.base + path)
                tab.wait("() => document.readyState === 'complete'", f"{name} loaded")
                _shot(tab, name)
                _no_console_errors(tab)
    with engine.tab() as tab:  # a violation of our own, last: then the others are in
        tab.goto(served.base)
        tab.run(f"() => {{ new Image().src = {json.dumps(SENTINEL)}; }}")
        wait_for(lambda: any(SENTINEL.encode() in p for p in served.posts),
                 "the report of the sentinel violation", timeout=30)  # fmt: skip
    reports = [json.loads(p or b"{}") for p in served.posts if SENTINEL.encode() not in p]
    assert reports == []


# --- The snapshot for the next visit, where the browser keeps it ----------------------

PREFETCHED = "() => window.prospectQuiz.prefetched"
SNAPSHOT_PATH = "/assets/quiz/py/snapshot."


def _visit(tab: Tab, served: Served) -> tuple[str, str]:
    """A visit to the self-assessment: how Python started and, after a lean boot, what
    became of the snapshot for the next visit."""
    _open(tab, served.base + "zelftest/")
    boot = str(tab.run("() => window.prospectQuiz.boot"))
    if boot != "lean":
        return boot, ""
    tab.wait(f"() => ({PREFETCHED})() !== null", "the prefetch's outcome", timeout=120)
    return boot, str(tab.run(PREFETCHED))


def _snapshot_requests(served: Served) -> int:
    return sum(SNAPSHOT_PATH in path for path in served.requested)


@pytest.mark.browser
@pytest.mark.parametrize("name", ["firefox", "webkit"])
def test_a_persistent_profile_restores_the_snapshot_on_a_repeat_visit(
    name: str, served: Served, tmp_path: Path
) -> None:
    # The same profile, the browser quit between visits: a visitor coming back. The first
    # visit downloads nothing (it only leaves its mark), the second fetches the snapshot,
    # the third restores it. (Chromium: tests/test_prefetch.py.) WebKitGTK has no
    # navigator.storage: the mark in its Cache Storage is all it goes by.
    profile = tmp_path / "profile"
    outcomes = []
    for _ in range(3):
        before = _snapshot_requests(served)
        with launch(name, persistent=profile) as browser, browser.tab() as tab:
            outcomes.append((*_visit(tab, served), _snapshot_requests(served) - before))
            _no_console_errors(tab)
    assert outcomes[0] == ("lean", "not kept", 0)
    assert outcomes[1][:2] == ("lean", "stored")
    assert outcomes[1][2] >= 1
    assert outcomes[2][:2] == ("snapshot", "")


@pytest.mark.browser
def test_webkit_private_style_storage_downloads_no_snapshot(served: Served) -> None:
    # With its storage in memory only (the shell's private mode, and MiniBrowser's under
    # automation), like a private window: no Cache Storage survives from one page load to the
    # next, not even within one session, so each visit is a first visit and downloads no
    # snapshot, where it used to download 16 MB every time.
    with launch("webkit", private=True) as webkit:
        before = _snapshot_requests(served)
        with webkit.tab() as tab:
            outcomes = [_visit(tab, served) for _ in range(2)]
        with webkit.tab() as tab:  # a new session
            outcomes.append(_visit(tab, served))
    assert outcomes == [("lean", "not kept")] * 3
    assert _snapshot_requests(served) == before


# --- The page's API asked before the form is bound ----------------------------------------

# Calls the page's API the moment the loader defines it: before the theme's document$ (on
# DOMContentLoaded) has bound the form, as a test or integration may right after a (re)load.
# `before`: whether DOMContentLoaded was still to come.
EARLY_CALLS = """() => {
  let loaded = false;
  document.addEventListener("DOMContentLoaded", () => { loaded = true; });
  const settle = (promise) => promise.then((value) => ({ value }), (e) => ({ error: e.message }));
  Object.defineProperty(window, "prospectQuiz", {
    configurable: true,
    set(api) {
      Object.defineProperty(window, "prospectQuiz", { value: api, writable: true });
      window.cfEarly = { before: !loaded, ready: settle(api.ready.then(() => true)),
                         evaluate: settle(api.evaluate({})) };
    },
  });
}"""
NOT_HERE = "De zelftest staat niet op deze pagina."


@pytest.mark.browser
@pytest.mark.parametrize("path", ["zelftest/", "blog/wat-is-een-prospect/"])
@pytest.mark.parametrize("name", ENGINES)
def test_ready_asked_before_the_form_is_bound_waits(
    request: pytest.FixtureRequest, served: Served, name: str, path: str
) -> None:
    chromium = request.getfixturevalue("chromium") if name == "chromium" else None
    # WebKit's WebDriver runs no script before the page's own: our shell does (a user script).
    early = f"({EARLY_CALLS})()" if name == "webkit" else None
    with launch(name, chromium=chromium, init_script=early) as browser, browser.tab() as tab:
        driver = cast(Any, tab)
        if name == "chromium":
            driver.page.add_init_script(f"({EARLY_CALLS})()")
        elif name == "firefox":
            driver.firefox.command("script.addPreloadScript", functionDeclaration=EARLY_CALLS,
                                   contexts=[driver.context])  # fmt: skip
        tab.goto(served.base + path)
        tab.wait("() => !!window.cfEarly", "the early calls")
        assert tab.run("() => window.cfEarly.before"), "asked before the theme bound the form"
        ready, evaluated = tab.run("() => Promise.all(Object.values(window.cfEarly).slice(1))")
    if path == "zelftest/":  # the form's markup is there: it waits, then Python answers
        assert ready == {"value": True}
        assert evaluated == {"value": quiz.evaluate({})}
    else:
        assert ready == evaluated == {"error": NOT_HERE}
