"""Reasons that fit the answer, in the definition: a text per option and `reason_not_asked`.

A marketer's mistake with them fails `check` with the file, the line and a Dutch hint; each
test breaks a copy of the real docs/zelftest/definitie.yml, so the lines are real ones.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import quiz
from quiz import DefinitionError
from quiz_build import load_definition
from tests.support.cases import DEFINITION_FILE, edited_definition, line_of

NOT_ASKED = (
    "        reason_not_asked: Niet gevraagd, want budget voor afsprakenplanning speelt alleen "
    "bij een bedrijf dat aan andere bedrijven verkoopt.\n"
)
BEHOEFTE_LATER = (
    "          later: Je wilt pas later dit jaar of volgend jaar meer afspraken; dat is verder "
    "weg dan drie maanden.\n"
)


def reported(path: Path) -> list[quiz.Problem]:
    with pytest.raises(DefinitionError) as caught:
        load_definition(path)
    assert "Traceback" not in str(caught.value)
    return caught.value.problems


def test_a_condition_on_a_question_that_may_be_skipped_needs_reason_not_asked(
    tmp_path: Path,
) -> None:
    path, text = edited_definition(tmp_path, (NOT_ASKED, ""))
    (problem,) = reported(path)
    assert problem.line == line_of(text, "      - question: budget\n        one_of:")
    assert "reason_not_asked" in problem.message
    assert "niet altijd gesteld" in problem.message
    assert "'budget'" in problem.message


def test_reason_not_asked_on_a_question_that_is_always_asked_is_refused(tmp_path: Path) -> None:
    old = "        includes_any: [offerte, intake, demo, kennismaking]\n"
    path, text = edited_definition(
        tmp_path, (old, old + "        reason_not_asked: Niet gevraagd.\n")
    )
    (problem,) = reported(path)
    assert problem.line == line_of(text, "        reason_not_asked: Niet gevraagd.")
    assert "altijd gesteld" in problem.message
    assert "Haal 'reason_not_asked' weg" in problem.message


def test_a_text_for_an_option_that_meets_the_condition_is_refused(tmp_path: Path) -> None:
    path, text = edited_definition(
        tmp_path, (BEHOEFTE_LATER, BEHOEFTE_LATER + "          nu: Nu.\n")
    )
    (problem,) = reported(path)
    assert problem.line == line_of(text, "          nu: Nu.")
    assert re.search(r"'nu'.*nooit in beeld.*geen, later", problem.message)


def test_every_option_that_fails_needs_its_own_text(tmp_path: Path) -> None:
    path, text = edited_definition(tmp_path, (BEHOEFTE_LATER, ""))
    (problem,) = reported(path)
    assert problem.line == line_of(text, "        reason_not_met:\n          geen:")
    assert "mist een tekst voor later" in problem.message


def test_an_option_that_does_not_exist_is_named(tmp_path: Path) -> None:
    path, text = edited_definition(tmp_path, (BEHOEFTE_LATER, "          straks: Straks.\n"))
    (problem,) = reported(path)
    assert problem.line == line_of(text, "          straks: Straks.")
    assert "'straks'" in problem.message
    assert "Kies uit: nu, kwartaal, later, geen" in problem.message


def test_a_text_per_option_only_fits_a_choice_question(tmp_path: Path) -> None:
    old = "        reason_not_met: Met minder dan {at_least} medewerkers"
    path, text = edited_definition(
        tmp_path, (old, "        reason_not_met:\n          vijf:" + old[23:])
    )
    (problem,) = reported(path)
    assert problem.line == line_of(text, "        reason_not_met:\n          vijf:")
    assert "keuzevraag" in problem.message
    assert "number" in problem.message


def test_reason_met_per_option_needs_a_criterion_with_one_condition(tmp_path: Path) -> None:
    text = DEFINITION_FILE.read_text(encoding="utf-8")
    start = text.index("    reason_met: Je bedrijf verkoopt zakelijk")
    line = text[start : text.index("\n", start) + 1]
    path, changed = edited_definition(
        tmp_path, (line, "    reason_met:\n      eigenaar: Jij beslist.\n")
    )
    (problem,) = reported(path)
    assert problem.line == line_of(changed, "    reason_met:\n      eigenaar")
    assert "één voorwaarde" in problem.message
    assert "Schrijf één tekst" in problem.message


def test_the_texts_per_option_are_filled_and_read_by_the_engine() -> None:
    definition = load_definition(DEFINITION_FILE)
    behoefte = next(c for c in definition.criteria if c.id == "behoefte")
    assert [value for value, _ in behoefte.reasons_met] == ["nu", "kwartaal"]
    (condition,) = behoefte.conditions
    assert [value for value, _ in condition.reasons_not_met] == ["later", "geen"]
    budget = next(c for c in definition.criteria if c.id == "budget")
    assert budget.conditions[0].reason_not_asked.startswith("Niet gevraagd, want")
