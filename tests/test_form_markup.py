"""The self-assessment's markup on the built page, as the browser's keyboards get it: the
on-screen keyboard a number question asks for."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from tests.support import ROOT
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
