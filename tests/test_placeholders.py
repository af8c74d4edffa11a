"""Texts follow the rules: placeholders filled from the definition, a warning for numbers
typed into reasons, errors that point at the real problem, Dutch singular and plural."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import quiz
from quiz_build import load_definition
from tests.support.cases import (
    DEFINITION_FILE,
    PROSPECT,
    definition_problems,
    edited_definition,
    line_of,
    run_quiz,
)

SMALL = {**PROSPECT, "medewerkers": 7}  # a company of 7: over a threshold of 5, not of 10
THRESHOLD = "        at_least: 5\n"
REASON = "        reason_not_met: Met minder dan {at_least} medewerkers"


def test_raising_the_minimum_changes_the_reason_by_itself(tmp_path: Path) -> None:
    before = quiz.evaluate({**SMALL, "medewerkers": 4})["criteria"]["doelgroep"]
    assert str(before["reason"]).startswith("Met minder dan 5 medewerkers")
    # the example personas must stay valid: the smallest has 18 people
    path, _ = edited_definition(tmp_path, (THRESHOLD, "        at_least: 10\n"))
    definition = load_definition(path)
    after = quiz.evaluate(SMALL, definition)["criteria"]["doelgroep"]
    assert after == {
        "met": False,
        "reason": "Met minder dan 10 medewerkers is ons afsprakenwerk meestal nog niet rendabel.",
        "asked": True,
    }
    met = quiz.evaluate({**SMALL, "medewerkers": 10}, definition)["criteria"]["doelgroep"]
    assert "minstens 10 medewerkers" in str(met["reason"])
    assert definition.warnings == ()


def test_thresholds_are_written_the_dutch_way(tmp_path: Path) -> None:
    # A threshold of 2,5 needs a question that takes fractions: without `integer: true`.
    whole = '    integer: true   # alleen hele getallen: "2,5 medewerkers" krijgt een melding\n'
    path, _ = edited_definition(tmp_path, (THRESHOLD, "        at_least: 2.5\n"), (whole, ""))
    reason = quiz.evaluate({**SMALL, "medewerkers": 2}, load_definition(path))
    assert str(reason["criteria"]["doelgroep"]["reason"]).startswith(
        "Met minder dan 2,5 medewerkers"
    )
    path, _ = edited_definition(tmp_path, (THRESHOLD, "        at_least: 1000\n"))
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    del data["examples"]  # they have fewer people
    reason = quiz.evaluate(SMALL, quiz.build_definition(data, source="test"))
    assert str(reason["criteria"]["doelgroep"]["reason"]).startswith(
        "Met minder dan 1.000 medewerkers"
    )


def test_options_name_the_labels_of_the_accepted_choices() -> None:
    result = quiz.evaluate({**SMALL, "branche": "overig"})
    assert result["criteria"]["doelgroep"]["reason"] == (
        "Jouw branche hoort niet bij de markten waarin wij afspraken plannen: zakelijke "
        "dienstverlening, IT en software, industrie en productie, groothandel en logistiek, "
        "bouw en installatietechniek of energie en duurzaamheid."
    )


def test_a_summary_may_name_a_rule(tmp_path: Path) -> None:
    old = "    summary: Je voldoet aan alle kenmerken van een prospect. Voor jou is een gesprek"
    new = "    summary: Je voldoet aan alle kenmerken, met minstens {medewerkers.at_least} mensen."
    path, _ = edited_definition(tmp_path, (old, new))
    definition = load_definition(path)
    assert "met minstens 5 mensen." in definition.outcomes[0].summary


@pytest.mark.parametrize("number", ["vijf", "5", "één", "vijfentwintig", "tweehonderd", "1.000"])
def test_check_warns_when_a_threshold_reason_names_a_number(tmp_path: Path, number: str) -> None:
    path, text = edited_definition(tmp_path, (REASON, REASON.replace("{at_least}", number)))
    definition = load_definition(path)  # a warning, not an error
    assert len(definition.warnings) == 1
    warning = definition.warnings[0]
    assert warning.line == line_of(text, "        reason_not_met: Met minder dan")
    assert f"'{number}'" in warning.message
    assert "{at_least}" in warning.message
    done = run_quiz("check", str(path))
    assert done.returncode == 0, done.stderr
    assert f"{path}:{warning.line}:" in done.stderr
    assert "1 waarschuwing." in done.stderr
    assert "in orde" in done.stdout


@pytest.mark.parametrize("words", ["een klein team", "B2B-bedrijven", "enkele mensen"])
def test_no_warning_for_words_that_are_not_numbers(tmp_path: Path, words: str) -> None:
    new = REASON.replace("Met minder dan {at_least} medewerkers", f"Met {words} onder {{at_least}}")
    path, _ = edited_definition(tmp_path, (REASON, new))
    assert load_definition(path).warnings == ()


def test_no_warning_for_reasons_of_conditions_without_a_threshold() -> None:
    """'drie maanden' in the behoefte reasons names an option, not a threshold."""
    assert quiz.default_definition().warnings == ()
    assert "drie maanden" in DEFINITION_FILE.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("placeholder", "hint"),
    [
        ("{drempel}", r"{drempel}; hier kan alleen: {at_least}"),
        ("{options}", "{options}"),
        ("{at_least", "'{'"),
    ],
)
def test_an_unknown_placeholder_is_an_error(tmp_path: Path, placeholder: str, hint: str) -> None:
    path, text = edited_definition(tmp_path, (REASON, REASON.replace("{at_least}", placeholder)))
    problems = definition_problems(path)
    assert [p.line for p in problems] == [line_of(text, "        reason_not_met: Met minder dan")]
    assert hint in problems[0].message


def test_an_ambiguous_placeholder_is_an_error(tmp_path: Path) -> None:
    """Two conditions on one question with different thresholds: {vraag.at_least} is unclear."""
    extra = (
        "      - question: medewerkers\n        at_least: 8\n        reason_not_met: Te klein.\n"
    )
    old = "    reason_met: Je bedrijf verkoopt zakelijk, heeft minstens"
    functie = "      - question: functie\n        one_of: [eigenaar, sales-marketing"
    path, text = edited_definition(tmp_path, (functie, extra + functie))
    problems = definition_problems(path)
    assert [p.line for p in problems] == [line_of(text, old)]
    assert "verschillende waarden bij (5 en 8)" in problems[0].message


# --- errors that point at the real problem ----------------------------------------------


def test_a_duplicate_option_gives_one_error_and_no_follow_on(tmp_path: Path) -> None:
    path, _ = edited_definition(
        tmp_path, ("      - value: overig\n", "      - value: consumentenmarkt\n")
    )
    problems = definition_problems(path)
    assert len(problems) == 1, problems
    assert "twee keer" in problems[0].message
    assert all("bestaat niet" not in p.message for p in problems)


def test_a_broken_question_gives_no_follow_on_errors(tmp_path: Path) -> None:
    path, text = edited_definition(
        tmp_path, ("  - id: b2b\n    type: boolean\n", "  - id: b2b\n    type: janee\n")
    )
    problems = definition_problems(path)
    assert [p.line for p in problems] == [line_of(text, "type: janee")]


def test_the_summary_counts_in_dutch(tmp_path: Path) -> None:
    path, _ = edited_definition(tmp_path, ("    type: boolean\n", "    type: janee\n"))
    done = run_quiz("check", str(path))
    assert done.returncode == 2
    assert done.stderr.rstrip().endswith(": 1 probleem gevonden.")
    path, _ = edited_definition(
        tmp_path,
        ("    type: boolean\n", "    type: janee\n"),
        ("  - id: lead\n", "  - id: Lead\n"),
    )
    done = run_quiz("check", str(path))
    assert done.returncode == 2
    assert done.stderr.rstrip().endswith(": 2 problemen gevonden.")
