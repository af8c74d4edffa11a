"""The result of the self-assessment in Chromium: it explains (criteria, "Wat zou je uitkomst
veranderen?") and routes (booking or contact for every outcome, copy, share, print).

Every expectation comes from CPython: the sentences are `quiz.improvement_text` of the
improvements `quiz.evaluate` gives for the same answers.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Page

import quiz
from tests.support import ROOT
from tests.support.browser import fresh_context
from tests.support.site import VARIANT_CONFIG, build, make_variant_project

pytestmark = pytest.mark.browser

EXAMPLES = {example.id: example for example in quiz.default_definition().examples}
# One answer set per outcome, and a lead that one answer away from a prospect.
NEAR_PROSPECT = {
    **EXAMPLES["it-manager-offerte"].answers,
    "budget": "onbekend",
}
# A lead with two criteria missing (budget and concrete contact): no single answer is enough.
TWO_MISSING = {
    **EXAMPLES["it-manager-offerte"].answers,
    "budget": "nee",
    "contact": ["niets"],
}
STATES = {
    "prospect": EXAMPLES["it-manager-offerte"].answers,
    "lead": EXAMPLES["whitepaper-lead"].answers,
    "bijna-prospect": NEAR_PROSPECT,
    "twee-missen": TWO_MISSING,
    "buiten-doelgroep": EXAMPLES["student"].answers,
}
WIDTHS = [375, 1280]
EMAIL = "info@closeforce.nl"
RESULT = "[data-quiz-result]:not([hidden]) [data-outcome]"
SCREENSHOTS = Path(__file__).resolve().parents[1] / "build" / "screenshots"
AXE = Axe()


# --- Helpers --------------------------------------------------------------------------


def fragment(form_hash: str, answers: object, version: str = "1") -> str:
    """A shared link's fragment, written the way share.mjs writes it."""
    raw = json.dumps(answers, separators=(",", ":")).encode()
    code = base64.urlsafe_b64encode(raw).decode().rstrip("=")
    return f"#antwoorden={version}.{form_hash}.{code}"


def open_quiz(context: BrowserContext, url: str) -> Page:
    page = context.new_page()
    page.on("dialog", lambda dialog: pytest.fail(f"a dialog opened: {dialog.message}"))
    page.goto(url)
    page.evaluate("() => window.prospectQuiz.ready")
    return page


def form_hash(page: Page) -> str:
    return str(
        page.evaluate(
            "() => JSON.parse(document.querySelector('[data-quiz]').dataset.quizConfig).formHash"
        )
    )


def show(page: Page, base: str, answers: dict[str, Any]) -> None:
    """Show the result of `answers` by opening their shared link on the self-assessment."""
    link = base + "zelftest/" + fragment(form_hash(page), answers)
    page.goto("about:blank")  # a new document: a fragment alone would not load the page
    page.goto(link)
    page.evaluate("() => window.prospectQuiz.ready")
    expected = quiz.evaluate(answers)["outcome"]
    page.wait_for_selector(f'[data-quiz-result]:not([hidden]) [data-outcome="{expected}"]')


def result_text(page: Page) -> dict[str, Any]:
    """What the result says, for comparing two renderings."""
    return dict(
        page.evaluate(
            """() => {
              const box = document.querySelector('[data-quiz-result]');
              const texts = (s) => [...box.querySelectorAll(s)].map((e) => e.textContent.trim());
              return { outcome: box.querySelector('[data-outcome]').dataset.outcome,
                       title: texts('h2'), criteria: texts('[data-criterion]'),
                       improvements: texts('[data-quiz-improvements] li'),
                       answers: texts('.cf-result__answers div') };
            }"""
        )
    )


def axe_violations(page: Page) -> list[str]:
    found = AXE.run(page).response["violations"]
    return [f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes'][:3]]}" for v in found]


def pdf_pages(pdf: bytes) -> int:
    """Pages of a PDF: its page objects ("/Type /Page", not "/Type /Pages")."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


@pytest.fixture(scope="module")
def context(chromium: Browser, site_server: str) -> Iterator[BrowserContext]:
    with fresh_context(chromium, permissions=["clipboard-read", "clipboard-write"]) as opened:
        opened.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_server[:-1])
        yield opened


@pytest.fixture(scope="module")
def quiz_page(context: BrowserContext, site_server: str) -> Page:
    return open_quiz(context, site_server + "zelftest/")


# --- Per outcome, at both widths -------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("state", list(STATES))
def test_the_result_explains_and_routes(
    quiz_page: Page, site_server: str, state: str, width: int
) -> None:
    page = quiz_page
    page.set_viewport_size({"width": width, "height": 900})
    answers = STATES[state]
    show(page, site_server, answers)
    expected = quiz.evaluate(answers)

    # What would change the outcome: the engine's improvements in the definition's words.
    # When one answer is not enough, the smallest sets of changes, also from the engine.
    sentences = [quiz.improvement_text(change) for change in expected["improvements"]]
    sentences += [combination["text"] for combination in expected["combinations"]]
    shown = page.locator("[data-quiz-improvements] li").all_text_contents()
    assert shown == sentences
    if state == "bijna-prospect":
        assert "Als er budget is vrijgemaakt, ben je een prospect." in shown
    if state == "twee-missen":
        assert shown == [
            "Als er budget is vrijgemaakt én je een offerte aanvraagt, ben je een prospect."
        ]
    if expected["outcome"] == "prospect":
        assert page.locator("[data-quiz-improvements]").count() == 0
    else:
        assert page.locator("[data-quiz-improvements]").is_visible()

    # Every outcome routes somewhere that works without a mail program.
    book = page.locator("[data-quiz-book]")
    assert book.count() == 1
    page.wait_for_function(
        "() => document.querySelector('[data-quiz-book]').href.startsWith('mailto:')"
    )
    assert page.locator("[data-quiz-email]").inner_text() == EMAIL
    assert page.locator("[data-quiz-email]").is_visible()
    primary = "md-button--primary" in (book.get_attribute("class") or "")
    assert primary == (expected["outcome"] == "prospect")
    # No newsletter is configured: the result does not promise one.
    assert page.locator("[data-quiz-newsletter-hint]").count() == 0
    assert "nieuwsbrief" not in page.locator(".cf-result__next").inner_text().lower()

    # The copy button puts outcome and answers on the clipboard and says so.
    page.evaluate("() => navigator.clipboard.writeText('')")
    page.click("[data-quiz-copy]")
    page.wait_for_selector("[data-quiz-announce]:has-text('Gekopieerd')")
    copied = page.evaluate("() => navigator.clipboard.readText()")
    label = page.locator(".cf-result__title").inner_text()
    assert label in copied
    first = quiz.questions()["questions"][0]
    assert first["label"] in copied
    for sentence in sentences:
        assert sentence in copied

    # The share link carries the answers in the fragment only.
    share = page.locator("[data-quiz-share]").get_attribute("data-url") or ""
    assert share.startswith(site_server + "zelftest/#antwoorden=1.")

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("[data-quiz-result]").screenshot(
        path=str(SCREENSHOTS / f"result-{state}-{width}.png")
    )
    assert axe_violations(page) == []


@pytest.mark.parametrize("state", ["prospect", "bijna-prospect", "buiten-doelgroep"])
def test_printing_gives_one_clean_a4(quiz_page: Page, site_server: str, state: str) -> None:
    page = quiz_page
    page.set_viewport_size({"width": 1280, "height": 900})
    show(page, site_server, STATES[state])
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf_pages(pdf) == 1
    page.emulate_media(media="print")
    try:
        for visible in (
            ".cf-result__title",
            "[data-quiz-date]",
            ".cf-result__criteria",
            ".cf-result__answers",
            ".cf-result__contact",
        ):
            assert page.locator(visible).is_visible(), visible
        assert "Close Force Company" in page.locator(".cf-result__contact").inner_text()
        for hidden in (
            ".md-header",
            ".md-footer",
            ".md-sidebar--primary",
            "form.cf-quiz__form",
            "[data-quiz-share]",
            "[data-quiz-copy]",
            "[data-quiz-book]",
            "h1",
        ):
            loc = page.locator(hidden)
            assert all(not loc.nth(i).is_visible() for i in range(loc.count())), hidden
    finally:
        page.emulate_media(media="null")  # back to the default (page.pdf prints as print)


# --- Sharing ---------------------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_a_shared_link_shows_the_same_result_elsewhere(
    chromium: Browser, quiz_page: Page, site_server: str, width: int
) -> None:
    page = quiz_page
    page.set_viewport_size({"width": width, "height": 900})
    show(page, site_server, NEAR_PROSPECT)
    link = page.locator("[data-quiz-share]").get_attribute("data-url") or ""
    mine = result_text(page)
    with fresh_context(chromium, viewport={"width": width, "height": 900}) as other:
        opened = open_quiz(other, link)
        opened.wait_for_selector(RESULT)
        assert result_text(opened) == mine
        notice = opened.locator("[data-quiz-shared-notice=applied]")
        assert "gedeelde link" in notice.inner_text()
        assert "#" not in opened.url, "the answers leave the address bar"
        stored = "() => JSON.parse(localStorage.getItem('closeforce.zelftest')).answers"
        assert opened.evaluate(stored) == page.evaluate(stored), "saved as given"
        assert axe_violations(opened) == []


@pytest.fixture(scope="module")
def site_without_instant_navigation(
    tmp_path_factory: pytest.TempPathFactory, serve_dir: Callable[[Path], str]
) -> str:
    """The site with every theme feature but instant navigation (which reloads the page)."""
    block = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\n  features:\n", 1)[1]
    listed = re.match(r"(?:    - \S+\n)+", block)
    assert listed, "no theme.features list in mkdocs.yml"
    features = re.findall(r"- (\S+)", listed.group(0))
    kept = [feature for feature in features if feature != "navigation.instant"]
    assert len(kept) == len(features) - 1
    project = tmp_path_factory.mktemp("no-instant")
    config = make_variant_project(project / "project", f"theme:\n  features: {json.dumps(kept)}\n")
    return serve_dir(build(config, project / "site"))


# The theme's instant navigation loads a page afresh on the first change of the address it
# sees; the form keeps a pasted fragment from it, and this script makes it see a change
# right after the form applied the link, so that the page is replaced by a new one.
RELOAD_AFTER_PASTE = """() => {
  document.querySelector('[data-quiz]').dataset.before = '';
  const moved = () => dispatchEvent(new PopStateEvent('popstate'));
  addEventListener('hashchange', moved, { once: true });
}"""


@pytest.mark.parametrize(
    "variant", ["instant", "instant-reloaded", "no-instant"], ids=lambda variant: variant
)
def test_a_shared_link_pasted_into_the_open_page_is_applied(
    chromium: Browser, request: pytest.FixtureRequest, variant: str
) -> None:
    """Only the fragment changes, so the page is not loaded again: the form applies the link
    (also without the theme's instant navigation, and also when the theme then does load the
    page afresh: the new form says the same)."""
    site = "site_without_instant_navigation" if variant == "no-instant" else "site_server"
    base = str(request.getfixturevalue(site))
    with fresh_context(chromium) as context:
        page = open_quiz(context, base + "zelftest/")
        show(page, base, STATES["buiten-doelgroep"])
        page.evaluate("() => window.scrollTo(0, 0)")
        if variant == "instant-reloaded":
            page.evaluate(RELOAD_AFTER_PASTE)
        page.evaluate("f => { location.hash = f; }", fragment(form_hash(page), NEAR_PROSPECT))
        if variant == "instant-reloaded":
            page.wait_for_selector("[data-quiz]:not([data-before])", state="attached")
        expected = quiz.evaluate(NEAR_PROSPECT)["outcome"]
        page.wait_for_selector(f'[data-quiz-result]:not([hidden]) [data-outcome="{expected}"]')
        page.wait_for_selector("[data-quiz-shared-notice=applied]")
        assert page.locator("[data-quiz-shared-notice]").count() == 1
        page.wait_for_function("() => document.activeElement.matches('[data-quiz-result]')")
        assert "#" not in page.url, "the answers leave the address bar"
        stored = "() => JSON.parse(localStorage.getItem('closeforce.zelftest')).answers"
        # Saved as the form holds them: a number field holds text.
        saved = {k: str(v) if type(v) is int else v for k, v in NEAR_PROSPECT.items()}
        assert page.evaluate(stored) == saved

        # A damaged one pasted after it says so and changes nothing.
        page.evaluate("f => { location.hash = f; }", fragment(form_hash(page), STATES["lead"])[:-7])
        page.wait_for_selector("[data-quiz-shared-notice=refused]")
        assert page.locator("[data-quiz-shared-notice]").count() == 1
        assert page.locator(RESULT).get_attribute("data-outcome") == expected
        assert page.evaluate(stored) == saved


def test_while_python_loads_a_shared_link_says_its_answers_will_be_filled_in(
    chromium: Browser, site_server: str
) -> None:
    """Python decides which answers a link may fill in, so until it runs none are: the page
    says they come, and where the result will be, that it is on its way."""
    held: list[Any] = []

    def hold(route: Any) -> None:
        held.append(route)

    with fresh_context(chromium) as context:
        context.route("**/assets/quiz/pyodide/**", hold)
        page = context.new_page()
        shared = fragment(_form_hash_of_site(page, site_server), NEAR_PROSPECT)
        link = site_server + "zelftest/" + shared
        page.goto(link)
        page.wait_for_selector("[data-quiz-status][data-loading]")
        status = page.inner_text("[data-quiz-status]")
        assert status.startswith("De antwoorden uit de gedeelde link worden ingevuld"), status
        assert "eerdere antwoorden" not in status
        page.wait_for_selector("[data-quiz-result][data-quiz-pending]:not([hidden])")
        assert "Even rekenen" in page.inner_text("[data-quiz-result]")
        assert page.locator("[data-question] input:checked").count() == 0, "not checked yet"
        context.unroute_all(behavior="ignoreErrors")


def _form_hash_of_site(page: Page, site_server: str) -> str:
    """The form's hash as the built page carries it, read without running its scripts."""
    html = page.request.get(site_server + "zelftest/").text()
    found = re.search(r"&#34;formHash&#34;: &#34;([0-9a-f]+)&#34;", html)
    assert found, "no formHash in the self-assessment's config"
    return found.group(1)


def hostile(form: str) -> dict[str, str]:
    good = fragment(form, NEAR_PROSPECT)
    code = good.rsplit(".", 1)[1]
    nested = "[" * 1500 + "]" * 1500
    return {
        "script": fragment(form, {"branche": "<script>window.__pwned=1</script>"}),
        "img": fragment(form, {"contact": ["<img src=x onerror='window.__pwned=1'>"]}),
        "proto": "#antwoorden=1."
        + form
        + "."
        + base64.urlsafe_b64encode(b'{"__proto__":{"polluted":1}}').decode().rstrip("="),
        "huge": f"#antwoorden=1.{form}." + "A" * 200_000,
        "old-version": f"#antwoorden=0.{form}.{code}",
        "other-form": f"#antwoorden=1.0123456789ab.{code}",
        "bad-base64": f"#antwoorden=1.{form}.%%%***",
        "not-utf8": f"#antwoorden=1.{form}." + base64.urlsafe_b64encode(b"\xff\xfe{").decode(),
        "json-bomb": f"#antwoorden=1.{form}."
        + base64.urlsafe_b64encode(nested.encode()).decode().rstrip("="),
        "array": fragment(form, [1, 2, 3]),
        "truncated": good[:-7],
        "unknown-question": fragment(form, {"salaris": 100}),
        # a number as the engine cannot read it (the page does not judge answers itself)
        "odd-number": fragment(form, {**NEAR_PROSPECT, "medewerkers": "1.2.3"}),
    }


def test_hostile_fragments_change_nothing(chromium: Browser, site_server: str) -> None:
    with fresh_context(chromium) as context:
        page = open_quiz(context, site_server + "zelftest/")
        show(page, site_server, STATES["buiten-doelgroep"])
        stored = page.evaluate("() => localStorage.getItem('closeforce.zelftest')")
        for name, bad in hostile(form_hash(page)).items():
            page = open_quiz(context, site_server + "zelftest/" + bad)
            page.wait_for_selector(RESULT)
            notice = page.locator("[data-quiz-shared-notice=refused]")
            text = notice.inner_text()
            assert "gedeelde link" in text, name
            assert "niets ingevuld" in text, name
            assert page.locator(RESULT).get_attribute("data-outcome") == "buiten-doelgroep", name
            assert page.evaluate("() => localStorage.getItem('closeforce.zelftest')") == stored
            assert page.evaluate("() => window.__pwned === undefined && !({}).polluted"), name
            assert page.locator("[data-quiz-result] script, [data-quiz-result] img").count() == 0
            page.close()


# --- With a newsletter configured ------------------------------------------------------


@pytest.fixture(scope="module")
def newsletter_site(
    tmp_path_factory: pytest.TempPathFactory, serve_dir: Callable[[Path], str]
) -> str:
    project = tmp_path_factory.mktemp("newsletter")
    config = make_variant_project(project / "project", VARIANT_CONFIG)
    return serve_dir(build(config, project / "site"))


def test_the_result_names_the_newsletter_only_when_there_is_one(
    chromium: Browser, newsletter_site: str
) -> None:
    with fresh_context(chromium) as context:
        page = open_quiz(context, newsletter_site + "zelftest/")
        show(page, newsletter_site, STATES["lead"])
        hint = page.locator("[data-quiz-newsletter-hint]")
        assert "nieuwsbrief" in hint.inner_text()
        assert page.locator("[data-quiz-newsletter]").is_visible()
        show(page, newsletter_site, STATES["prospect"])
        assert page.locator("[data-quiz-newsletter-hint]").count() == 0
