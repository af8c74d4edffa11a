"""The preview follows the rule, the build guards it: a marketer who raises a threshold
sees the new rule under `mkdocs serve` at once, with the examples that now disagree as a
warning on the banner, while `mkdocs build` and `python -m quiz check` still stop on them."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

import quiz
from quiz_build import load_definition
from tests.support import ROOT, wait_for
from tests.support.browser import Contexts
from tests.support.cases import DEFINITION_FILE, run_quiz
from tests.support.serve import ServedProject, mkdocs_serve
from tests.support.site import build_site, make_variant_project

DEFINITION = Path("docs") / "zelftest" / "definitie.yml"
# The minimum number of employees, 5 in the shipped file; the example
# 'ondernemer-kennismaking' has 18.
OLD_MINIMUM = "      - question: medewerkers\n        at_least: 5\n"
NEW_MINIMUM = "      - question: medewerkers\n        at_least: 20\n"
WARNING = (
    "Voorbeeld 'ondernemer-kennismaking' geeft nu 'buiten-doelgroep' in plaats van 'prospect': pas "
    "`expected` of het voorbeeld aan (niet voldaan: doelgroep)."
)
SHOTS = ROOT / "build" / "screenshots"
BANNER = re.compile(r'<div class="cf-preview([^"]*)" role="alert".*?</div>', re.S)


def _raised() -> tuple[str, str]:
    text = DEFINITION_FILE.read_text(encoding="utf-8")
    assert text.count(OLD_MINIMUM) == 1, "the definition changed: pick another threshold"
    return text, text.replace(OLD_MINIMUM, NEW_MINIMUM)


def _line_of_expected(text: str) -> int:
    start = text.index("  - id: ondernemer-kennismaking")
    return text.count("\n", 0, text.index("    expected: prospect", start)) + 1


def test_the_check_stops_on_an_example_the_new_rule_changes(tmp_path: Path) -> None:
    _, raised = _raised()
    path = tmp_path / "definitie.yml"
    path.write_text(raised, encoding="utf-8")
    with pytest.raises(quiz.ExamplesChanged) as caught:
        load_definition(path)
    line = _line_of_expected(raised)
    assert str(caught.value) == f"{path}:{line}: {WARNING}"
    # ... while the definition it carries is the new rule.
    answers = next(e for e in caught.value.definition.examples if e.id == "ondernemer-kennismaking")
    assert quiz.evaluate(answers.answers, caught.value.definition)["outcome"] == "buiten-doelgroep"
    completed = run_quiz("check", str(path))
    assert completed.returncode == 2
    assert f"{path}:{line}: {WARNING}" in completed.stderr


def test_the_build_stops_on_it(tmp_path: Path) -> None:
    _, raised = _raised()
    config = make_variant_project(tmp_path / "p", "")
    (tmp_path / "p" / DEFINITION).write_text(raised, encoding="utf-8")
    result = build_site(config, tmp_path / "p" / "site")
    assert result.returncode != 0
    assert WARNING in result.stderr
    assert "Traceback" not in result.stderr


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedProject]:
    project = tmp_path_factory.mktemp("preview-examples") / "project"
    make_variant_project(project, "")
    with mkdocs_serve(project, ready_path="zelftest/") as served:
        yield served


def _banner(page: str) -> tuple[str, str] | None:
    match = BANNER.search(page)
    return (match[1], html.unescape(match[0])) if match else None


@pytest.mark.browser
def test_the_preview_shows_the_new_rule_and_warns_about_the_example(
    served: ServedProject, new_context: Contexts
) -> None:
    original, raised = _raised()
    definition = served.project / DEFINITION
    definition.write_text(raised, encoding="utf-8")
    try:
        wait_for(
            lambda: WARNING in html.unescape(served.get("zelftest/")), "the warning in the banner"
        )
        page_html = served.get("zelftest/")
        banner = _banner(page_html)
        assert banner is not None
        kind, text = banner
        assert kind == " cf-preview--warning"  # amber: a warning, not a problem
        assert "de voorvertoning toont je wijziging al, maar make build stopt hierop" in text
        assert f"docs/zelftest/definitie.yml:{_line_of_expected(raised)}: {WARNING}" in text
        assert "cf-preview__warning" in page_html
        assert WARNING in served.terminal()
        # The preview already uses the new rule: Python in the browser gives 'buiten-doelgroep'.
        example = next(
            e for e in quiz.default_definition().examples if e.id == "ondernemer-kennismaking"
        )
        SHOTS.mkdir(parents=True, exist_ok=True)
        for width in (375, 1280):
            page = new_context(viewport={"width": width, "height": 900}).new_page()
            page.goto(served.base + "zelftest/", wait_until="load")
            page.locator(".cf-preview--warning").wait_for(state="visible")
            page.screenshot(path=str(SHOTS / f"voorbeeld-waarschuwing-{width}.png"))
            if width == 1280:
                result = page.evaluate(
                    "async (answers) => { await window.prospectQuiz.ready;"
                    " return window.prospectQuiz.evaluate(answers); }",
                    dict(example.answers),
                )
                assert result["outcome"] == "buiten-doelgroep", result
                # ... with the new minimum in its reason (the page's sentences come from it).
                reason = result["criteria"]["doelgroep"]["reason"]
                assert "20 medewerkers" in reason, reason
            page.close()
    finally:
        definition.write_text(original, encoding="utf-8")
    wait_for(lambda: _banner(served.get("zelftest/")) is None, "the banner to go")
