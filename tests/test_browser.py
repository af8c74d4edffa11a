"""The self-assessment in a real browser: headless Debian Chromium, driven by Playwright.

Pyodide runs the wheel the build made; every check compares with CPython's `quiz`.
"""

from __future__ import annotations

import json
import random
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, parse_qsl, quote, urlsplit

import pytest

import quiz
from tests.support import answers as visitor
from tests.support.browser import Contexts
from tests.support.cases import cases, personas
from tests.support.server import serve
from tests.support.site import (
    ANSWERS_KEY,
    MATERIAL_STORAGE_KEY,
    STORAGE_KEYS,
    build,
    make_variant_project,
)

pytestmark = pytest.mark.browser

READY_TIMEOUT_MS = 60_000
QUESTIONS: list[dict[str, Any]] = quiz.questions()["questions"]
DEFINITION = quiz.default_definition()
CASES = cases()
PERSONAS = personas()
# The only characters a well-formed URL may carry unencoded (RFC 3986).
URL_SAFE = re.compile(r"[A-Za-z0-9\-._~%!$&'()*+,;=:@/?]*")


# --- Fixtures and helpers -----------------------------------------------------------


@pytest.fixture
def context(new_context: Contexts, site_server: str) -> Any:
    """A fresh browser context that records every request it makes."""
    context: Any = new_context()
    context.requests = []
    context.on("request", lambda request: context.requests.append(request.url))
    return context


def _assert_same_origin(context: Any, origin: str) -> None:
    foreign = [u for u in context.requests if not u.startswith((origin, "data:", "blob:"))]
    assert foreign == [], f"requests to another origin: {foreign}"


def _open_quiz(context: Any, url: str) -> Any:
    page = context.new_page()
    page.goto(url)
    page.evaluate("() => window.prospectQuiz.ready")
    return page


def _fill(page: Any, answers: dict[str, Any]) -> None:
    visitor.fill(page, answers, QUESTIONS)


def _result(page: Any, outcome: str) -> dict[str, bool]:
    page.wait_for_selector(f'[data-quiz-result]:not([hidden]) [data-outcome="{outcome}"]')
    items = page.locator("[data-quiz-result] [data-criterion]")
    return {
        items.nth(i).get_attribute("data-criterion"): items.nth(i).get_attribute("data-met")
        == "true"
        for i in range(items.count())
    }


# --- The form, filled in like a visitor ---------------------------------------------


def test_every_case_and_persona_by_clicking_and_typing(context: Any, site_server: str) -> None:
    page = _open_quiz(context, site_server + "zelftest/")
    checked = 0
    # Partial cases are for the stepper's live checklist; a submitted form is judged whole.
    for case in [*(c for c in CASES if not c.get("partial")), *PERSONAS]:
        answers = case["answers"]
        expected = quiz.evaluate(answers)
        assert expected["outcome"] == case["expected"]["outcome"], case["name"]
        if not visitor.fillable(answers, QUESTIONS):
            # Not something a form can produce: the page's API must agree with CPython.
            assert page.evaluate("a => window.prospectQuiz.evaluate(a)", answers) == expected
            continue
        page.click("[data-quiz-clear]")
        _fill(page, answers)
        page.click("button[type=submit]")
        if expected["outcome"] is not None:
            met = _result(page, expected["outcome"])
            assert met == {c: v["met"] for c, v in expected["criteria"].items()}, case["name"]
            for criterion, verdict in expected["criteria"].items():
                text = page.locator(f'[data-criterion="{criterion}"]').inner_text()
                assert verdict["reason"] in text, case["name"]
        else:
            for error in expected["errors"]:
                box = page.locator(f'[data-error-for="{error["question"]}"]')
                page.wait_for_function(
                    "([el, text]) => el.textContent === text",
                    arg=[box.element_handle(), error["message"]],
                )
            assert page.locator("[data-quiz-result]").is_hidden(), case["name"]
        checked += 1
    assert checked >= len(PERSONAS) + 10
    _assert_same_origin(context, site_server.rstrip("/"))


def test_browser_and_cpython_agree_on_500_generated_answer_sets(
    context: Any, site_server: str
) -> None:
    rng = random.Random(20250819)
    sets = [visitor.generated_answers(rng, QUESTIONS) for _ in range(500)]
    text = json.dumps(sets)
    page = _open_quiz(context, site_server + "zelftest/")
    in_browser = page.evaluate(
        "text => Promise.all(JSON.parse(text).map(a => window.prospectQuiz.evaluate(a)))", text
    )
    in_cpython = [quiz.evaluate(a) for a in json.loads(text)]
    assert in_browser == in_cpython
    outcomes = {r["outcome"] for r in in_cpython}
    assert {"prospect", "lead", "buiten-doelgroep", None} <= outcomes  # the sample is varied


# --- Keeping answers, keyboard, layout ----------------------------------------------


def test_answers_survive_a_reload_and_are_gone_after_clearing(
    context: Any, site_server: str
) -> None:
    page = _open_quiz(context, site_server + "zelftest/")
    persona = PERSONAS[0]
    _fill(page, persona["answers"])
    page.reload()
    page.evaluate("() => window.prospectQuiz.ready")
    assert page.input_value("#cf-q-medewerkers") == str(persona["answers"]["medewerkers"])
    _result(page, persona["expected"]["outcome"])
    assert ANSWERS_KEY in page.evaluate("() => Object.keys(localStorage)")
    page.click("[data-quiz-clear]")
    # Nothing of the quiz is left; what is left is Material's own (the colour palette).
    left = page.evaluate("() => Object.keys(localStorage)")
    assert not set(left) & set(STORAGE_KEYS.values())
    assert [key for key in left if not MATERIAL_STORAGE_KEY.match(key)] == []
    assert "gewist" in page.inner_text("[data-quiz-status]")
    page.reload()
    assert page.input_value("#cf-q-medewerkers") == ""
    assert page.locator("input:checked").count() == 0


def test_stored_answers_from_an_older_form_are_discarded_with_a_notice(
    context: Any, site_server: str
) -> None:
    page = context.new_page()
    page.goto(site_server + "zelftest/")
    page.evaluate(
        """key => localStorage.setItem(key,
            JSON.stringify({version: 1, formHash: "ouder", answers: {medewerkers: "12"}}))""",
        ANSWERS_KEY,
    )
    page.reload()
    assert "oudere versie" in page.inner_text("[data-quiz-status]")
    assert page.input_value("#cf-q-medewerkers") == ""
    page.evaluate('key => localStorage.setItem(key, "{kapot")', ANSWERS_KEY)
    page.reload()
    assert "oudere versie" in page.inner_text("[data-quiz-status]")
    assert page.evaluate("key => localStorage.getItem(key)", ANSWERS_KEY) is None


def test_keyboard_only_completion(context: Any, site_server: str) -> None:
    page = _open_quiz(context, site_server + "zelftest/")
    persona = PERSONAS[1]["answers"]
    page.locator(".cf-quiz__example").last.focus()  # the last control before the stepper
    page.keyboard.press("Tab")  # "Toon alle vragen": the long form, every question at once
    assert page.evaluate("() => document.activeElement.dataset.quizMode") == "step"
    page.keyboard.press("Enter")
    page.wait_for_selector('[data-quiz-mode="all"]')
    asked = quiz.evaluate(persona, partial=True)["asked"]
    for question in QUESTIONS:
        visitor.settle(page)  # Python has said which questions are asked
        if question["id"] not in asked:  # `ask_when`: not shown, so Tab passes it by
            assert page.locator(f'[data-question="{question["id"]}"]').is_hidden()
            continue
        value = persona[question["id"]]
        if question["type"] == "number":
            page.keyboard.press("Tab")
            page.keyboard.type(str(value))
        elif question["type"] == "multi":
            for option in question["options"]:
                page.keyboard.press("Tab")
                if option["value"] in value:
                    page.keyboard.press("Space")
        else:
            values = (
                ["true", "false"]
                if question["type"] == "boolean"
                else [o["value"] for o in question["options"]]
            )
            index = values.index(str(value).lower() if isinstance(value, bool) else value)
            page.keyboard.press("Tab")  # onto the group's first radio button
            page.keyboard.press("Space")
            for _ in range(index):
                page.keyboard.press("ArrowDown")
        outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
        assert outline != "none", f"no visible focus on {question['id']}"
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.type") == "submit"
    page.keyboard.press("Enter")
    _result(page, PERSONAS[1]["expected"]["outcome"])
    page.wait_for_function("() => document.activeElement.matches('[data-quiz-result]')")
    assert page.get_attribute("[data-quiz-result]", "aria-live") == "polite"


def _ticked(page: Any, question_id: str) -> list[str]:
    ticked: list[str] = page.eval_on_selector_all(
        f'[data-question="{question_id}"] input:checked', "boxes => boxes.map(b => b.value)"
    )
    return ticked


def _stored(page: Any, question_id: str) -> Any:
    text = page.evaluate("key => localStorage.getItem(key)", ANSWERS_KEY)
    return json.loads(text)["answers"].get(question_id) if text else None


def test_an_exclusive_box_unticks_the_others_and_they_untick_it(
    context: Any, site_server: str
) -> None:
    """'Nog niets hiervan' (exclusive: true) goes alone: ticking it unticks the other boxes
    of the question, ticking another unticks it. What is saved and judged follows."""
    contact = next(q for q in QUESTIONS if q["id"] == "contact")
    assert [o["value"] for o in contact["options"] if o["exclusive"]] == ["niets"]
    page = _open_quiz(context, site_server + "zelftest/")
    assert page.locator('[data-question="contact"] input[data-exclusive]').count() == 1
    prospect = {**PERSONAS[0]["answers"], "contact": ["nieuwsbrief", "offerte"]}
    assert quiz.evaluate(prospect)["outcome"] == "prospect"
    _fill(page, prospect)
    page.click("button[type=submit]")
    _result(page, "prospect")

    page.click('[data-question="contact"] input[value="niets"]')
    assert _ticked(page, "contact") == ["niets"]
    assert _stored(page, "contact") == ["niets"]
    expected = quiz.evaluate({**prospect, "contact": ["niets"]})
    met = _result(page, str(expected["outcome"]))
    assert met == {c: v["met"] for c, v in expected["criteria"].items()}
    assert met["interactie"] is False
    assert page.inner_text('[data-error-for="contact"]') == ""

    page.click('[data-question="contact"] input[value="demo"]')
    assert _ticked(page, "contact") == ["demo"]
    assert _stored(page, "contact") == ["demo"]
    _result(page, "prospect")
    # Another box that is not exclusive still goes with it.
    page.click('[data-question="contact"] input[value="whitepaper"]')
    assert _ticked(page, "contact") == ["whitepaper", "demo"]
    assert _stored(page, "contact") == ["whitepaper", "demo"]
    assert page.inner_text('[data-error-for="contact"]') == ""


@pytest.mark.parametrize("path", ["zelftest/", "blog/wat-is-een-prospect/"])
def test_phone_width_has_no_horizontal_scrolling(
    new_context: Contexts, site_server: str, path: str
) -> None:
    context = new_context(viewport={"width": 375, "height": 800}, is_mobile=True)
    page = context.new_page()
    page.goto(site_server + path)
    if path == "zelftest/":
        page.evaluate("() => window.prospectQuiz.ready")
        page.click(".cf-quiz__example")
        page.wait_for_selector("[data-quiz-result]:not([hidden])")
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 375


@pytest.fixture(scope="module")
def instant_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The site built for the address it is served at: Material's instant navigation only
    intercepts links whose host and port match `site_url` (read from the sitemap)."""
    project = tmp_path_factory.mktemp("instant")
    with serve(project / "site") as served:  # the port first, then the build for it
        config = make_variant_project(project / "project", f"site_url: {served.base}\n")
        build(config, project / "site")
        yield served.base


def test_works_after_instant_navigation_from_another_page(
    new_context: Contexts, instant_site: str
) -> None:
    context: Any = new_context()
    context.requests = []
    context.on("request", lambda request: context.requests.append(request.url))
    site_server = instant_site
    page = context.new_page()
    page.goto(site_server)
    page.wait_for_load_state("networkidle")
    page.evaluate("() => { window.__sameDocument = true; }")
    page.click('.md-tabs a[href$="zelftest/"]')
    page.wait_for_selector("[data-quiz]")
    page.evaluate("() => window.prospectQuiz.ready")
    assert page.evaluate("() => window.__sameDocument") is True  # no full page load
    persona = PERSONAS[2]
    _fill(page, persona["answers"])
    assert _result(page, persona["expected"]["outcome"])
    _assert_same_origin(context, site_server.rstrip("/"))


def test_leads_are_offered_the_newsletter_when_one_is_configured(
    new_context: Contexts, variant_site: Any, serve_dir: Callable[[Path], str]
) -> None:
    page = _open_quiz(new_context(), serve_dir(variant_site.site) + "zelftest/")
    newsletter = page.locator("[data-quiz-newsletter]")
    assert newsletter.is_hidden()
    lead = next(p for p in PERSONAS if p["expected"]["outcome"] == "lead")
    _fill(page, lead["answers"])
    _result(page, "lead")
    assert newsletter.is_visible()
    assert newsletter.locator("form input[type=email]").count() == 1
    page.click("[data-quiz-clear]")
    _fill(page, PERSONAS[0]["answers"])
    _result(page, "prospect")
    assert newsletter.is_hidden()


def test_the_criteria_checklist_comes_from_the_definition(built_site: Path) -> None:
    html = (built_site / "blog" / "wat-is-een-prospect" / "index.html").read_text("utf-8")
    checklist = re.search(r"<ol class=\"cf-criteria\".*?</ol>", html, re.S)
    assert checklist is not None
    labels = re.findall(r"<li id=\"kenmerk-([a-z-]+)\">(.*?)</li>", checklist[0])
    assert labels == [(c.id, c.label) for c in DEFINITION.criteria]


# --- When Python cannot start -------------------------------------------------------


def test_missing_wasm_shows_dutch_message_and_booking_within_15s(
    new_context: Contexts, built_site: Path, serve_dir: Callable[[Path], str], tmp_path: Path
) -> None:
    broken = tmp_path / "site"
    shutil.copytree(built_site, broken)
    (wasm,) = broken.glob("assets/quiz/pyodide/*/pyodide.asm.wasm")
    wasm.unlink()
    page = new_context().new_page()
    page.goto(serve_dir(broken) + "zelftest/")
    page.click('[data-question="b2b"] input[value="false"]')
    alert = page.wait_for_selector(".cf-quiz__failed[role=alert]", timeout=15_000)
    assert alert is not None
    assert "kon niet worden geladen" in alert.inner_text() or "te langzaam" in alert.inner_text()
    href = page.get_attribute("[data-quiz-fallback]", "href")
    assert href is not None
    assert href.startswith("mailto:info@closeforce.nl?")
    assert "nee" in parse_qs(urlsplit(href).query)["body"][0].lower()
    rejected = page.evaluate("() => window.prospectQuiz.ready.then(() => false, () => true)")
    assert rejected


def test_blocked_webassembly_is_detected_with_dutch_message_and_booking(
    new_context: Contexts, site_server: str
) -> None:
    context = new_context()  # closed by the fixture, its route handler removed first

    def without_wasm(route: Any) -> None:
        # A policy that allows scripts but not WebAssembly (no 'wasm-unsafe-eval').
        response = route.fetch()
        headers = {
            **response.headers,
            "content-security-policy": "script-src 'self' 'unsafe-inline'",
        }
        route.fulfill(response=response, headers=headers)

    context.route("**/*", without_wasm)
    page = context.new_page()
    page.goto(site_server + "zelftest/")
    # Only a real error says "kon niet worden geladen" (a slow boot gets a notice and is
    # still awaited), so this message proves the blocked WebAssembly was detected, not
    # waited out; the clock is not asked, since a loaded machine only makes it later.
    alert = page.wait_for_selector(
        '.cf-quiz__failed[role=alert]:has-text("kon niet worden geladen")', timeout=60_000
    )
    assert alert is not None
    assert page.get_attribute("[data-quiz-fallback]", "href", timeout=1000) is not None
    rejected = page.evaluate("() => window.prospectQuiz.ready.then(() => false, () => true)")
    assert rejected


# --- Booking --------------------------------------------------------------------------

BOOKING_VARIANTS = {
    "calcom": "  booking:\n    provider: calcom\n    url: https://cal.com/closeforce/kennismaking\n",
    "calendly": "  booking:\n    provider: calendly\n    url: https://calendly.com/closeforce/intro?x=1\n",
    "email": "",
}
HOSTILE_UTM = {
    "utm_source": "nieuws brief&x=<script>",
    "utm_medium": "e-mail#frag",
    "utm_campaign": "zomer 2025 / 50%",
}


@pytest.fixture(scope="module", params=list(BOOKING_VARIANTS))
def booking_site(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    serve_dir: Callable[[Path], str],
    built_site: Path,
) -> tuple[str, str]:
    provider = request.param
    if provider == "email":
        return provider, serve_dir(built_site)
    project = tmp_path_factory.mktemp(f"booking-{provider}")
    config = make_variant_project(
        project / "project",
        "extra:\n" + BOOKING_VARIANTS[provider] + "    email: info@closeforce.nl\n",
    )
    return provider, serve_dir(build(config, project / "site"))


def test_booking_link_carries_answers_and_utm_percent_encoded(
    new_context: Contexts, booking_site: tuple[str, str]
) -> None:
    provider, base = booking_site
    page = new_context().new_page()
    query = "&".join(f"{k}={quote(v, safe='')}" for k, v in HOSTILE_UTM.items())
    page.goto(f"{base}?{query}")  # the landing page: utm values are remembered per tab
    page.goto(base + "zelftest/")
    page.evaluate("() => window.prospectQuiz.ready")
    persona = PERSONAS[0]
    _fill(page, persona["answers"])
    _result(page, "prospect")
    page.fill("#cf-contact-name", "Jan & Piet <b>")
    page.fill("#cf-contact-email", "jan@bedrijf.nl")
    contact = {"name": "Jan & Piet <b>", "email": "jan@bedrijf.nl"}
    config = json.loads(page.get_attribute("[data-quiz]", "data-quiz-config") or "{}")["booking"]
    expected = quiz.booking_link(persona["answers"], config, contact=contact, utm=HOSTILE_UTM)
    page.wait_for_function(
        "url => document.querySelector('[data-quiz-book]').href === url", arg=expected["url"]
    )
    url = expected["url"]
    assert config["provider"] == provider
    assert URL_SAFE.fullmatch(url), url
    parts = urlsplit(url)
    if provider == "email":
        assert parts.scheme == "mailto"
        body = parse_qs(parts.query)["body"][0]
        assert "IT en software" in body
        assert "Jan & Piet <b>" in body
        return
    params = parse_qsl(parts.query)
    for key, value in HOSTILE_UTM.items():
        assert (key, value) in params
    assert ("name", "Jan & Piet <b>") in params
    assert ("email", "jan@bedrijf.nl") in params
    if provider == "calcom":
        assert ("branche", "IT en software") in params
        assert ("contact", "Ik heb een offerte aangevraagd") in params
        assert any(k == "notes" and "Je bent een prospect" in v for k, v in params)
    else:
        assert ("x", "1") in params  # the configured URL's own query survives
        answers = [v for k, v in params if re.fullmatch(r"a\d+", k)]
        assert 1 <= len(answers) <= 10
        assert any("IT en software" in a for a in answers)
