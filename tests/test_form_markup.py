"""The self-assessment's markup on the built page, as the browser's keyboards get it: the
on-screen keyboard a number question asks for, and where the theme's skip link leads."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from tests.support import ROOT
from tests.support.html import html_pages
from tests.support.site import build, make_variant_project

DEFINITION = ROOT / "docs/zelftest/definitie.yml"
WHOLE = "    integer: true   # alleen hele getallen"


class _Tags(HTMLParser):
    """Every start tag's attributes, in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))


def _tags(page: Path) -> list[tuple[str, dict[str, str]]]:
    parser = _Tags()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.tags


def _number_fields(site: Path) -> dict[str, str]:
    """inputmode of each number question's field on the self-assessment's page."""
    return {
        attrs["name"]: attrs.get("inputmode", "")
        for tag, attrs in _tags(site / "zelftest/index.html")
        if tag == "input" and "cf-quiz__number" in attrs.get("class", "")
    }


def test_a_count_gets_the_digits_keyboard(built_site: Path) -> None:
    # medewerkers has `integer: true`: "2,5" is refused, so no comma on the keyboard.
    assert _number_fields(built_site) == {"medewerkers": "numeric"}


def test_a_number_that_may_have_decimals_keeps_the_keyboard_with_a_comma(tmp_path: Path) -> None:
    text = DEFINITION.read_text(encoding="utf-8")
    assert text.count(WHOLE) == 1, "the shipped medewerkers question takes whole numbers"
    lines = [line for line in text.splitlines(keepends=True) if not line.startswith(WHOLE)]
    config = make_variant_project(
        tmp_path / "project", "", {"zelftest/definitie.yml": "".join(lines)}
    )
    site = build(config, tmp_path / "site")
    assert _number_fields(site) == {"medewerkers": "decimal"}


def _skip_target(tags: list[tuple[str, dict[str, str]]]) -> tuple[str, dict[str, str]] | None:
    skip = next((a for t, a in tags if t == "a" and a.get("class") == "md-skip"), None)
    if skip is None:
        return None
    target = skip["href"].removeprefix("#")
    return next((t, a) for t, a in tags if a.get("id") == target)


def test_the_themes_skip_link_leads_to_something_that_takes_the_focus(built_site: Path) -> None:
    # A heading cannot take the focus: the skip link left it on the page's body.
    seen = 0
    for page in html_pages(built_site):
        found = _skip_target(_tags(page))
        if found is None:
            continue
        seen += 1
        tag, attrs = found
        assert attrs.get("tabindex") == "-1", f"{page}: <{tag} id={attrs['id']}>"
    assert seen > 10
    # On the self-assessment's page: the questions, past the intro and the examples.
    assert _skip_target(_tags(built_site / "zelftest/index.html")) == (
        "ol",
        {"class": "cf-quiz__questions", "id": "cf-quiz-questions", "tabindex": "-1"},
    )
