"""Statistics with consent, in headless Chromium: what reaches the collector, and when.

The site variant has `extra.analytics` (Umami at /stats/api/send on the site's own domain,
asking first) and a booking calendar, and is built for the address it is served at (the
theme's instant navigation only follows links of its `site_url`). The local host serves it
with its
`_headers` (the CSP reports to the server) and a stand-in for Umami's `/api/send` that
checks every request against Umami's payload contract (tests/support/umami.py). The order
of events is the order in which the page called `fetch` (a spy in the page reports each
call; Chromium does not report every `keepalive` request to Playwright, and requests that
leave together may arrive in either order).

Visitors click like people: press, hold, release; they type with pauses.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

import quiz
from tests.support import ROOT, wait_for
from tests.support.answers import settle
from tests.support.browser import Contexts
from tests.support.cases import personas
from tests.support.server import HeaderRules, Served, serve
from tests.support.site import (
    STATS_BOOKING_URL,
    STATS_COLLECT,
    STATS_CONFIG,
    build,
    make_variant_project,
)
from tests.support.umami import Collector

pytestmark = [pytest.mark.browser, pytest.mark.site]

REPORT_PATH = "/__csp-report"
SCREENSHOTS = ROOT / "build" / "screenshots"
HOLD_MS = 120  # a person's click: press, hold, release
TYPE_MS = 60  # between keys
ARTICLE = "/blog/wat-is-een-prospect/"
MARKER = "Zq7Merkteken"  # typed into every field; must never reach the collector
# Before each page's scripts: CSP violations are recorded, printing does not open a dialog.
INIT = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.effectiveDirective} blocked ${e.blockedURI || "inline"}`);
});
window.print = () => { window.__printed = (window.__printed || 0) + 1; };
const realFetch = window.fetch;
window.fetch = function (input, init) {
  if (String(input).endsWith("/stats/api/send")) window.__statistics(String(init?.body));
  return realFetch.apply(this, arguments);
};
document.addEventListener("DOMContentLoaded", () => {
  window.__views = 0;
  window.document$?.subscribe(() => { window.__views += 1; });
});
"""
QUESTIONS = quiz.questions()["questions"]
BY_ID = {q["id"]: q for q in QUESTIONS}
# One of the definition's examples per outcome.
PERSONAS = {p["expected"]["outcome"]: p for p in reversed(personas())}
Event = tuple[str, str, dict[str, Any]]  # (name or "pageview", path, data)


# --- Fixtures and helpers --------------------------------------------------------------


@pytest.fixture(scope="module")
def collector() -> Collector:
    return Collector(path=STATS_COLLECT)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, collector: Collector) -> Iterator[Served]:
    project = tmp_path_factory.mktemp("stats")
    site = project / "site"
    with serve(site, report_path=REPORT_PATH, collector=collector) as served:
        config = make_variant_project(
            project / "project", f"site_url: {served.base}\n{STATS_CONFIG}"
        )
        build(config, site)
        yield served


@pytest.fixture(scope="module")
def stats_site(server: Served) -> Path:
    return Path(server.server.root)


class Visitor:
    """One browser context on the site: its page, and every request it made."""

    def __init__(self, contexts: Contexts, base: str, **options: Any) -> None:
        self.base = base
        self.context = contexts(connection="fast", **options)
        self.context.add_init_script(INIT)
        self.requests: list[tuple[str, str, str]] = []  # (method, url, body) Playwright saw
        self.sent: list[str] = []  # the bodies the page sent to the collector, in order
        self.context.expose_function("__statistics", self._sent)
        self.problems: list[str] = []  # page errors and console errors
        self.context.on("request", self._request)
        # The booking calendar is another site: a stand-in page answers for it.
        self.context.route(
            re.compile(r"^https://cal\.example\.com/.*"),
            lambda route: route.fulfill(content_type="text/html", body="<title>Agenda</title>"),
        )
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        self.page.on("console", self._console)

    def _sent(self, body: str) -> None:
        self.sent.append(body)

    def _request(self, request: Any) -> None:
        self.requests.append((request.method, request.url, request.post_data or ""))

    def _console(self, message: Any) -> None:
        # Errors only: warnings of the page's own loading (a preload used late on a busy
        # machine) are no business of the statistics.
        if message.type != "error":
            return
        # The browser's own line for a failed request is no script error (pages and
        # extensions cannot see it); it may only be about the collector.
        own = message.text.startswith("Failed to load resource")
        if own and message.location.get("url", "").endswith(STATS_COLLECT):
            return
        self.problems.append(f"console {message.type}: {message.text}")

    def bodies(self) -> list[str]:
        return list(self.sent)

    def events(self) -> list[Event]:
        found = []
        for body in self.bodies():
            payload = json.loads(body)["payload"]
            found.append((payload.get("name", "pageview"), payload["url"], payload.get("data", {})))
        return found

    def wait_for_events(self, count: int) -> list[Event]:
        def enough() -> bool:
            self.page.wait_for_timeout(50)  # lets Playwright deliver the page's reports
            return len(self.sent) >= count

        wait_for(enough, f"{count} statistics requests", 60)
        return self.events()

    def csp_problems(self, server: Served) -> list[str]:
        found = list(self.page.evaluate("window.__cspViolations || []"))
        return found + [body.decode()[:200] for body in server.posts]


@pytest.fixture
def visitor(new_context: Contexts, server: Served, collector: Collector) -> Visitor:
    """A visitor of the statistics site, the collector emptied of earlier tests' requests."""
    collector.reset()
    return Visitor(new_context, server.base)


def press(page: Any, selector: str) -> None:
    page.locator(selector).first.click(delay=HOLD_MS)


def open_site(visitor: Visitor, path: str = "") -> Any:
    page = visitor.page
    page.goto(visitor.base + path.lstrip("/"))
    page.wait_for_function("() => window.__views > 0")
    return page


def agreed(visitor: Visitor) -> Any:
    """The home page, statistics accepted in the consent dialog."""
    page = open_site(visitor, "/")
    choose(page, accept=True)
    return page


def on_the_quiz(page: Any) -> None:
    """On to the self-assessment through the navigation, until Python is ready."""
    nav(page, "/zelftest/")
    page.evaluate("window.prospectQuiz.ready")


def dialog_shown(page: Any) -> None:
    page.wait_for_selector(".md-consent__inner", state="visible")


def choose(page: Any, accept: bool) -> None:
    dialog_shown(page)
    press(
        page, ".md-consent__controls button" + (":not([type=reset])" if accept else "[type=reset]")
    )
    page.wait_for_selector("[data-md-component=consent]", state="hidden")


def reopen(page: Any) -> None:
    press(page, 'a[href$="#__consent"]')
    dialog_shown(page)


def nav(page: Any, path: str, within: str = "") -> None:
    """Follow a link in the page (in `within`) to `path` (Material's instant navigation),
    until the theme has put the new page in place."""
    views = page.evaluate("window.__views")
    press(page, f'{within} a[href$="{path.strip("/").split("/")[-1]}/"]:visible')
    page.wait_for_function(
        f"() => location.pathname === {json.dumps(path)} && window.__views > {views}"
    )


def answer(page: Any, question: dict[str, Any], value: Any) -> None:
    item = f'[data-question="{question["id"]}"]'
    if question["type"] == "number":
        field = page.locator(f"{item} input")
        field.click(delay=HOLD_MS)
        field.fill("")
        field.press_sequentially(str(value), delay=TYPE_MS)
        return
    values = value if isinstance(value, list) else [value]
    for one in values:
        shown = str(one).lower() if isinstance(one, bool) else one
        press(page, f'{item} label:has(input[value="{shown}"])')


def step_through(page: Any, answers: dict[str, Any]) -> list[tuple[str, int, float]]:
    """Answer each question the stepper shows and press "Volgende"; returns
    (question, position shown, seconds from the press to the next screen)."""
    shown: list[tuple[str, int, float]] = []
    page.wait_for_selector("[data-quiz][data-quiz-step]", state="attached")
    while True:
        settle(page)
        current = page.get_attribute("[data-quiz]", "data-quiz-step")
        if current not in BY_ID:
            return shown
        count = page.text_content("[data-quiz] .cf-quiz__count") or ""
        position = int(re.search(r"Vraag (\d+) van", count)[1])  # type: ignore[index]
        answer(page, BY_ID[current], answers[current])
        started = time.monotonic()
        press(page, "[data-quiz] button[type=submit]")
        page.wait_for_selector(
            f'[data-quiz]:not([data-quiz-step="{current}"])', state="attached", timeout=60_000
        )
        shown.append((current, position, time.monotonic() - started))


def shown_outcome(page: Any) -> str:
    page.wait_for_selector("[data-quiz-result] [data-outcome]")
    return str(page.get_attribute("[data-quiz-result] [data-outcome]", "data-outcome"))


def share_print_book(page: Any) -> None:
    """The ways on from a result: share, print, book (the calendar opens in this tab)."""
    press(page, "[data-quiz-share]")
    page.wait_for_selector(
        "[data-quiz-announce]:has-text('Gekopieerd'), .cf-result__copy-area", state="attached"
    )
    press(page, "[data-quiz-print]")
    page.wait_for_function("() => window.__printed === 1")
    page.wait_for_selector(f'[data-quiz-book][href^="{STATS_BOOKING_URL}"]')
    press(page, "[data-quiz-book]")
    page.wait_for_url(re.compile(r"^https://cal\.example\.com/"))


# --- Consent ---------------------------------------------------------------------------


def test_nothing_before_a_choice_nor_after_reject(visitor: Visitor, collector: Collector) -> None:
    page = open_site(visitor, "/zelftest/")
    dialog_shown(page)
    texts = page.text_content(".md-consent") or ""
    assert "Anonieme statistieken (zonder cookies)" in texts
    assert not page.is_checked(".md-consent input[name=analytics]")
    page.evaluate("window.prospectQuiz.ready")
    # Behind the open dialog a visitor can still answer with the keyboard.
    page.focus('[data-question="b2b"] input[value="true"]')
    page.keyboard.press("Space")
    settle(page)
    choose(page, accept=False)
    assert page.evaluate('__md_get("__consent")') == {}
    press(page, "[data-quiz] button[type=submit]")  # on to the next question
    page.wait_for_selector('[data-quiz]:not([data-quiz-step="b2b"])', state="attached")
    nav(page, "/blog/")
    nav(page, "/privacy/")
    page.reload()
    page.wait_for_function("() => window.__views > 0")
    assert page.is_hidden("[data-md-component=consent]"), "the choice is remembered"
    assert visitor.bodies() == []
    # The footer link opens the dialog again; agreeing counts this page, and nothing of before.
    reopen(page)
    choose(page, accept=True)
    assert visitor.wait_for_events(1) == [("pageview", "/privacy/", {})]
    assert page.is_checked(".md-consent input[name=analytics]")
    assert collector.problems() == []
    assert len(collector.received) == 1
    assert visitor.problems == []


def test_accept_counts_at_once_without_a_reload_and_reject_stops_at_once(
    visitor: Visitor, collector: Collector
) -> None:
    page = open_site(visitor, "/")
    page.evaluate("window.__sameDocument = true")
    choose(page, accept=True)
    assert visitor.wait_for_events(1) == [("pageview", "/", {})]
    assert page.evaluate("window.__sameDocument") is True, "accepting reloaded the page"
    assert page.evaluate('__md_get("__consent")') == {"analytics": True}
    on_the_quiz(page)
    answer(page, BY_ID["b2b"], True)
    events = visitor.wait_for_events(4)
    assert events == [
        ("pageview", "/", {}),
        ("pageview", "/zelftest/", {}),
        ("zelftest-vraag", "/zelftest/", {"question": "b2b", "position": 1}),
        ("zelftest-start", "/zelftest/", {"source": "/"}),
    ]
    reopen(page)
    choose(page, accept=False)
    press(page, "[data-quiz] button[type=submit]")
    page.wait_for_selector('[data-quiz]:not([data-quiz-step="b2b"])', state="attached")
    nav(page, "/blog/")
    # Agreeing again counts the page it happens on: the last request, and the only new one.
    reopen(page)
    choose(page, accept=True)
    assert visitor.wait_for_events(5)[4:] == [("pageview", "/blog/", {})]
    assert len(visitor.bodies()) == 5
    assert collector.problems() == []
    assert visitor.problems == []


# --- What is sent ----------------------------------------------------------------------


@pytest.mark.parametrize("outcome", sorted(PERSONAS))
def test_a_visitor_through_each_outcome_sends_exactly_the_funnel(
    visitor: Visitor, server: Served, collector: Collector, outcome: str
) -> None:
    server.posts.clear()
    persona = PERSONAS[outcome]
    page = agreed(visitor)
    nav(page, "/blog/")
    nav(page, ARTICLE)
    nav(page, "/zelftest/", within=".md-content")
    steps = step_through(page, persona["answers"])
    assert shown_outcome(page) == outcome
    share_print_book(page)
    page.goto(server.base + "privacy/")  # the last page view: nothing may come after it
    expected: list[Event] = [
        ("pageview", "/", {}),
        ("pageview", "/blog/", {}),
        ("pageview", ARTICLE, {}),
        ("pageview", "/zelftest/", {}),
    ]
    for index, (question, position, _) in enumerate(steps):
        expected.append(
            ("zelftest-vraag", "/zelftest/", {"question": question, "position": position})
        )
        if index == 0:
            expected.append(("zelftest-start", "/zelftest/", {"source": ARTICLE}))
    expected += [
        ("zelftest-uitkomst", "/zelftest/", {"outcome": outcome}),
        ("zelftest-delen", "/zelftest/", {"outcome": outcome}),
        ("zelftest-print", "/zelftest/", {"outcome": outcome}),
        ("zelftest-afspraak", "/zelftest/", {"outcome": outcome, "provider": "calcom"}),
        ("pageview", "/privacy/", {}),
    ]
    assert [q for q, _, _ in steps] == list(
        quiz.evaluate(persona["answers"], partial=True)["asked"]
    )
    assert visitor.wait_for_events(len(expected)) == expected
    wait_for(lambda: len(collector.received) == len(expected), "every request at the collector")
    assert collector.problems() == []
    assert sorted(map(str, collector.events())) == sorted(map(str, expected))
    assert all(len(name) <= 50 for name, _, _ in expected)
    assert visitor.csp_problems(server) == []
    assert visitor.problems == []


def test_nothing_a_visitor_types_is_sent(visitor: Visitor, collector: Collector) -> None:
    page = agreed(visitor)
    # The search box.
    page.locator("input[name=query]").click(delay=HOLD_MS)
    page.locator("input[name=query]").press_sequentially(MARKER, delay=TYPE_MS)
    page.keyboard.press("Escape")
    on_the_quiz(page)
    persona = PERSONAS["prospect"]
    # Every question; the number field first gets text, which the page refuses in Dutch.
    answers = dict(persona["answers"])
    for _ in QUESTIONS:
        settle(page)
        current = page.get_attribute("[data-quiz]", "data-quiz-step")
        if current not in BY_ID:
            break
        if BY_ID[current]["type"] == "number":
            answer(page, BY_ID[current], f"{MARKER} 12")
            press(page, "[data-quiz] button[type=submit]")
            page.wait_for_selector(f'[data-error-for="{current}"]:not(:empty)')
        answer(page, BY_ID[current], answers[current])
        press(page, "[data-quiz] button[type=submit]")
        page.wait_for_selector(f'[data-quiz]:not([data-quiz-step="{current}"])', state="attached")
    assert shown_outcome(page) == "prospect"
    for field, text in (("name", f"Jan {MARKER}"), ("email", f"{MARKER.lower()}@example.com")):
        page.locator(f"#cf-contact-{field}").click(delay=HOLD_MS)
        page.locator(f"#cf-contact-{field}").press_sequentially(text, delay=TYPE_MS)
    share = page.get_attribute("[data-quiz-share]", "data-url") or ""
    assert "#antwoorden=" in share
    share_print_book(page)
    # Whoever opens the shared link: the answers in its fragment stay in the browser.
    page.goto(share)
    shown_outcome(page)
    booking_clicks = [url for _, url, _ in visitor.requests if url.startswith(STATS_BOOKING_URL)]
    assert len(booking_clicks) == 1
    assert MARKER in booking_clicks[0], "the booking carries the name the visitor chose to give"
    wait_for(lambda: visitor.events()[-1][0] == "zelftest-uitkomst", "the shared link's result")
    fragment = share.split("#", 1)[1]
    for _method, url, body in visitor.requests:
        if url in booking_clicks:
            continue
        for secret in (MARKER, MARKER.lower(), fragment, fragment.split(".")[-1]):
            assert secret not in url, url
            assert secret not in body, (url, body)
    for body in visitor.bodies():
        assert "@" not in body
        assert "antwoorden" not in body
    assert collector.problems() == []
    assert visitor.problems == []


# --- Never in the visitor's way --------------------------------------------------------


@pytest.mark.parametrize("mode", ["drop", "slow", "error", "refuse"])
def test_a_failing_collector_changes_nothing_for_the_visitor(
    visitor: Visitor, collector: Collector, mode: str
) -> None:
    collector.reset(mode)
    page = agreed(visitor)
    on_the_quiz(page)
    persona = PERSONAS["prospect"]
    steps = step_through(page, persona["answers"])
    assert shown_outcome(page) == "prospect"
    engine = page.evaluate("(a) => window.prospectQuiz.evaluate(a)", persona["answers"])
    shown = page.eval_on_selector_all(
        "[data-quiz-result] [data-criterion]",
        "(items) => items.map((i) => [i.dataset.criterion, i.dataset.met])",
    )
    assert shown == [[id, str(v["met"]).lower()] for id, v in engine["criteria"].items()]
    # A click that waited for the collector would wait at least the sender's 5 s.
    slowest = max(seconds for _, _, seconds in steps)
    assert slowest < 5, f"a step took {slowest:.1f} s"
    share_print_book(page)
    if mode == "slow":
        assert collector.answered == 0, "the journey waited for the collector"
        collector.release()
    bodies = visitor.bodies()
    assert bodies, "the page did try"
    assert len(bodies) == len(set(bodies)), "an event was sent twice"
    # Two page views, a question each step, start, outcome, share, print, booking.
    assert len(bodies) <= 2 + len(steps) + 5
    assert collector.problems() == []
    assert visitor.problems == []


# --- The policy, the dialog's accessibility, the feedback widget ------------------------


def test_the_policy_stays_self_only_with_statistics_on(stats_site: Path) -> None:
    policy = HeaderRules.read(stats_site).headers_for("/")["Content-Security-Policy"]
    assert "connect-src 'self';" in policy
    assert not re.search(r"https?://", policy)
    html = (stats_site / "index.html").read_text(encoding="utf-8")
    assert 'data-collect="/stats/api/send"' in html
    assert "googletagmanager" not in html


@pytest.mark.parametrize("width", [375, 1280])
def test_the_consent_dialog_is_accessible(
    new_context: Contexts, server: Served, width: int
) -> None:
    visitor = Visitor(new_context, server.base, viewport={"width": width, "height": 800})
    page = open_site(visitor, "/")
    dialog_shown(page)
    page.wait_for_selector(".md-search[role=dialog][aria-label]", state="attached")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"consent-{width}.png")
    found = Axe().run(page).response["violations"]
    assert [f"{v['id']}: {v['help']} {[n['target'] for n in v['nodes']]}" for v in found] == []
    press(page, ".md-consent__controls label[for=__settings]")
    page.wait_for_selector(".md-consent input[name=analytics]", state="visible")
    page.screenshot(path=SCREENSHOTS / f"consent-settings-{width}.png")
    found = Axe().run(page).response["violations"]
    assert [f"{v['id']}: {v['help']}" for v in found] == []
    # Managed: "Accepteren" with the box left empty agrees to nothing.
    press(page, ".md-consent__controls button:not([type=reset])")
    page.wait_for_selector("[data-md-component=consent]", state="hidden")
    assert page.evaluate('__md_get("__consent")') == {}
    assert visitor.bodies() == []


def test_page_feedback_only_with_statistics(visitor: Visitor, collector: Collector) -> None:
    page = open_site(visitor, ARTICLE)
    dialog_shown(page)
    assert page.is_hidden("form[name=feedback]")
    choose(page, accept=True)
    page.wait_for_selector("form[name=feedback]", state="visible")
    assert "Was deze pagina nuttig?" in (page.text_content("form[name=feedback]") or "")
    found = Axe().run(page).response["violations"]
    assert [f"{v['id']}: {v['help']}" for v in found] == []
    press(page, "form[name=feedback] button[data-md-value='1']")
    page.wait_for_selector(".md-feedback__note [data-md-value='1']", state="visible")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("form[name=feedback]").screenshot(path=SCREENSHOTS / "feedback-1280.png")
    assert visitor.wait_for_events(2) == [
        ("pageview", ARTICLE, {}),
        ("feedback", ARTICLE, {"page": ARTICLE, "rating": 1}),
    ]
    assert collector.problems() == []


# --- Without statistics ----------------------------------------------------------------


def test_without_statistics_no_dialog_and_not_one_request_more(
    new_context: Contexts, site_server: str, built_site: Path
) -> None:
    for page_file in built_site.rglob("*.html"):
        html = page_file.read_text(encoding="utf-8")
        assert "__md_analytics" not in html, page_file
        assert 'id="__consent"' not in html, page_file
    assert not (built_site / "assets" / "analytics").exists()
    visitor = Visitor(new_context, site_server)
    page = open_site(visitor, "/")
    page.goto(site_server + "zelftest/")
    steps = step_through(page, PERSONAS["prospect"]["answers"])
    assert steps
    shown_outcome(page)
    press(page, "[data-quiz-share]")
    press(page, "[data-quiz-print]")
    page.wait_for_function("() => window.__printed === 1")
    assert page.evaluate("typeof window.__md_analytics") == "undefined"
    assert page.locator("[data-md-component=consent]").count() == 0
    assert page.is_hidden("form[name=feedback]") or page.locator("form[name=feedback]").count() == 0
    assert [(m, u) for m, u, _ in visitor.requests if m not in ("GET", "HEAD")] == []
    assert [u for _, u, _ in visitor.requests if not u.startswith(site_server)] == []
    assert visitor.problems == []


def test_the_privacy_page_says_what_is_counted(stats_site: Path, built_site: Path) -> None:
    counted = (stats_site / "privacy" / "index.html").read_text(encoding="utf-8")
    assert "Anonieme statistieken" in counted
    assert 'href="#__consent"' in counted
    assert "Geen tracking" not in counted
    assert "Zonder toestemming" not in counted
    plain = (built_site / "privacy" / "index.html").read_text(encoding="utf-8")
    assert "Geen tracking, geen analytics" in plain
    assert "Umami" not in plain
    assert "__consent" not in plain


def test_an_example_and_a_python_that_does_not_start_are_counted(
    visitor: Visitor, new_context: Contexts, server: Served, collector: Collector
) -> None:
    page = agreed(visitor)
    on_the_quiz(page)
    button = page.locator("[data-quiz-example]").first
    example = str(button.get_attribute("data-quiz-example-id"))
    outcome = {p["name"]: p["expected"]["outcome"] for p in personas()}[example]
    button.click(delay=HOLD_MS)
    assert shown_outcome(page) == outcome
    assert visitor.wait_for_events(5) == [
        ("pageview", "/", {}),
        ("pageview", "/zelftest/", {}),
        ("zelftest-vraag", "/zelftest/", {"question": "b2b", "position": 1}),
        ("zelftest-voorbeeld", "/zelftest/", {"example": example}),
        ("zelftest-uitkomst", "/zelftest/", {"outcome": outcome}),
    ]
    # Another visitor whose browser cannot fetch Python's runtime.
    blocked = Visitor(new_context, server.base)
    blocked.context.route("**/pyodide.asm.wasm", lambda route: route.abort())
    page = agreed(blocked)
    nav(page, "/zelftest/")
    page.wait_for_selector(".cf-quiz__failed")
    events = blocked.wait_for_events(3)
    assert events[0] == ("pageview", "/", {})
    assert events[1] == ("pageview", "/zelftest/", {})
    assert ("zelftest-fout", "/zelftest/", {"stage": "laden"}) in events
    assert collector.problems() == []


@pytest.fixture(scope="module")
def unasked_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Served, Collector]]:
    """The statistics site with `without_consent: true`: counted without a dialog."""
    collector = Collector(path=STATS_COLLECT)
    project = tmp_path_factory.mktemp("unasked")
    with serve(project / "site", collector=collector) as served:
        settings = STATS_CONFIG.replace(
            "    provider: umami\n", "    provider: umami\n    without_consent: true\n"
        )
        config = make_variant_project(project / "project", f"site_url: {served.base}\n{settings}")
        build(config, project / "site")
        yield served, collector


def test_counting_without_consent_asks_nothing_and_says_so(
    new_context: Contexts, unasked_server: tuple[Served, Collector]
) -> None:
    server, collector = unasked_server
    site = Path(server.server.root)
    privacy = (site / "privacy" / "index.html").read_text(encoding="utf-8")
    assert "Zonder toestemming" in privacy
    assert "__consent" not in privacy
    visitor = Visitor(new_context, server.base)
    page = open_site(visitor, "/")
    assert page.locator("[data-md-component=consent]").count() == 0
    nav(page, "/blog/")
    assert visitor.wait_for_events(2) == [("pageview", "/", {}), ("pageview", "/blog/", {})]
    assert collector.problems() == []
    assert visitor.problems == []
