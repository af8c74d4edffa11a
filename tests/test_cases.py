"""The shared case table (tests/cases.json) and the definition's example personas."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

import quiz
from quiz._model import Example
from tests.support.cases import (
    RESULT_KEYS,
    Case,
    load_cases,
    one_sentence_problem,
    without_texts,
)
from tests.support.rules import counted, holds, is_asked

CASES = load_cases()
FULL_CASES = [case for case in CASES if not case.get("partial")]
PARTIAL_CASES = [case for case in CASES if case.get("partial")]
CRITERION_IDS = ["doelgroep", "behoefte", "budget", "beslissingsbevoegdheid", "interactie"]


def _outcome_ids() -> list[str]:
    return [outcome["id"] for outcome in quiz.questions()["outcomes"]]


# --- the table itself -----------------------------------------------------------------


def test_the_table_is_large_enough_and_names_are_unique() -> None:
    names = [case["name"] for case in CASES]
    assert len(CASES) >= 30
    assert len(names) == len(set(names)), "every case needs its own name"


def test_the_table_covers_every_tier_and_every_kind_of_error() -> None:
    outcomes = {case["expected"]["outcome"] for case in FULL_CASES}
    assert outcomes == {*_outcome_ids(), None}
    invalid = [case for case in FULL_CASES if case["expected"]["outcome"] is None]
    assert any(not isinstance(case["answers"], dict) for case in invalid)
    question_errors = {q for case in invalid for q in case["expected"]["errors"]}
    assert {q["id"] for q in quiz.questions()["questions"]} <= question_errors


def test_every_criterion_fails_alone_somewhere() -> None:
    """For each criterion a case misses the prospect tier by exactly that criterion."""
    for criterion in CRITERION_IDS:
        alone = [
            case
            for case in FULL_CASES
            if case["expected"].get("criteria")
            and [c for c, met in case["expected"]["criteria"].items() if not met] == [criterion]
        ]
        assert alone, f"no case where only {criterion} is not met"


def test_expectations_are_well_formed() -> None:
    outcome_ids = _outcome_ids()
    for case in FULL_CASES:
        expected = case["expected"]
        assert set(expected) <= {
            "outcome",
            "criteria",
            "errors",
            "improvements",
            "combinations",
        }, case["name"]
        if expected["outcome"] is None:
            assert expected["errors"], f"{case['name']}: an invalid case must name its errors"
            assert "criteria" not in expected, case["name"]
        else:
            assert expected["outcome"] in outcome_ids, case["name"]
            assert expected["errors"] == [], case["name"]
            assert set(expected.get("criteria", {})) == set(CRITERION_IDS), case["name"]
            assert "improvements" in expected, case["name"]
            assert "combinations" in expected, case["name"]
    for case in PARTIAL_CASES:
        expected = case["expected"]
        assert set(expected) == {"outcome", "criteria", "errors", "improvements", "asked"}
        assert set(expected["criteria"]) == set(CRITERION_IDS), case["name"]


def test_the_table_covers_partial_answers_and_improvements() -> None:
    partial = [case["expected"] for case in PARTIAL_CASES]
    assert any(e["outcome"] is not None for e in partial), "an outcome decided early"
    assert any(e["outcome"] is None and not e["errors"] for e in partial), "an open outcome"
    assert any(e["errors"] for e in partial), "invalid answers still give errors"
    met = {m for e in partial for m in e["criteria"].values()}
    assert met == {True, False, None}
    shown = [e["asked"] for e in partial]
    questions = [q["id"] for q in quiz.questions()["questions"]]
    assert any(asked != questions for asked in shown), "a question skipped by ask_when"
    changes = [i for case in FULL_CASES for i in case["expected"].get("improvements", [])]
    kinds = {q["id"]: q["type"] for q in quiz.questions()["questions"]}
    assert {kinds[change["question"]] for change in changes} == {"single", "multi", "number"}
    sets = [c for case in FULL_CASES for c in case["expected"].get("combinations", [])]
    assert {len(c["changes"]) for c in sets} == {2, 3}, "sets of two and of three changes"


def test_no_case_is_one_of_the_definitions_examples() -> None:
    """The examples are tested below; the table must add cases, not repeat them."""
    examples = [json.dumps(e.answers, sort_keys=True) for e in quiz.default_definition().examples]
    for case in CASES:
        assert json.dumps(case["answers"], sort_keys=True) not in examples, case["name"]


# --- running the table ----------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_case(case: Case) -> None:
    partial = case.get("partial", False)
    result = quiz.evaluate(case["answers"], partial=partial)
    expected = case["expected"]

    assert set(result) == (RESULT_KEYS | {"asked"} if partial else RESULT_KEYS)
    assert without_texts(result["improvements"]) == expected.get("improvements", [])
    assert without_texts(result["combinations"]) == expected.get("combinations", [])
    for change in result["improvements"]:
        assert change["text"] == quiz.improvement_text(change)
    assert result["best"] is (expected["outcome"] == _outcome_ids()[0])
    if partial:
        assert result["asked"] == expected["asked"]
        assert {c: v["met"] for c, v in result["criteria"].items()} == expected["criteria"]
        for verdict in result["criteria"].values():
            assert (verdict["reason"] is None) == (verdict["met"] is None)
        assert (result["next_step"] is None) == (result["outcome"] is None)
    assert result["outcome"] == expected["outcome"]
    assert [error["question"] for error in result["errors"]] == expected["errors"]
    for error in result["errors"]:
        assert isinstance(error["message"], str)
        assert error["message"].strip()

    if expected["outcome"] is None:
        return
    criteria: dict[str, Any] = result["criteria"]
    assert set(criteria) == set(expected["criteria"])
    for criterion_id, met in expected["criteria"].items():
        verdict = criteria[criterion_id]
        assert set(verdict) == {"met", "reason", "asked"}
        assert verdict["met"] is met, f"{criterion_id}: {verdict['reason']}"
        if met is not None:
            assert one_sentence_problem(verdict["reason"]) is None, criterion_id


def _fitting(pairs: tuple[tuple[str, str], ...], answer: Any, default: str) -> str:
    """The text for the first chosen option (in the question's order) that has one."""
    chosen = answer if isinstance(answer, list) else [answer]
    return next((text for value, text in pairs if value in chosen), default)


VALID = [case for case in FULL_CASES if case["expected"]["outcome"] is not None]


def _as_number(value: Any) -> Any:
    """A number typed as text, read the Dutch way ("2,5", "1.000"), as the cases write it."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    if re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d+)?", text):
        text = text.replace(".", "")
    return float(text.replace(",", "."))


@pytest.mark.parametrize("case", VALID, ids=[case["name"] for case in VALID])
def test_reasons_come_from_the_definition_and_fit_the_answer(case: Case) -> None:
    """A met criterion says its reason_met (the text for the option chosen, if it has one per
    option); an unmet one the reason of its first failing condition, for the answer given,
    or its reason_not_asked when the visitor was never asked that question."""
    result = quiz.evaluate(case["answers"])
    kept = counted(
        {k: _as_number(v) if k == "medewerkers" else v for k, v in case["answers"].items()}
    )
    for criterion in quiz.default_definition().criteria:
        verdict = result["criteria"][criterion.id]
        if verdict["met"]:
            answer = kept.get(criterion.conditions[0].question)
            assert verdict["reason"] == _fitting(
                criterion.reasons_met, answer, criterion.reason_met
            )
            assert verdict["asked"] is True
            continue
        failing = next(c for c in criterion.conditions if not holds(c, kept))
        branches = failing.any_of_conditions or (failing,)
        asked = [b.question for b in branches if is_asked(b.question, kept)]
        assert verdict["asked"] is bool(asked), criterion.id
        if not asked:
            assert verdict["reason"] == failing.reason_not_asked
            assert verdict["reason"].startswith("Niet gevraagd")
        elif failing.any_of_conditions:
            assert verdict["reason"] == failing.reason_not_met
        else:
            answer = kept.get(failing.question)
            assert verdict["reason"] == _fitting(
                failing.reasons_not_met, answer, failing.reason_not_met
            )


def test_reasons_fit_the_answers_they_are_given_for() -> None:
    """A reason speaks of the answer it is given for: "Nu" is not "binnen drie maanden",
    "Nog niets hiervan" is not a newsletter, and budget that was never asked about is said
    to be not asked."""
    answers = {
        "b2b": False,
        "branche": "industrie",
        "medewerkers": 30,
        "functie": "eigenaar",
        "behoefte": "nu",
        "contact": ["niets"],
    }
    criteria = quiz.evaluate(answers)["criteria"]
    assert "drie maanden" not in str(criteria["behoefte"]["reason"])
    assert "zo snel mogelijk" in str(criteria["behoefte"]["reason"])
    assert "nieuwsbrief" not in str(criteria["interactie"]["reason"])
    assert "download" not in str(criteria["interactie"]["reason"])
    assert criteria["budget"] == {
        "met": False,
        "reason": "Niet gevraagd, want budget voor afsprakenplanning speelt alleen bij een "
        "bedrijf dat aan andere bedrijven verkoopt.",
        "asked": False,
    }
    # The live checklist after question 1 says the same.
    partial = quiz.evaluate({"b2b": False}, partial=True)["criteria"]["budget"]
    assert partial["asked"] is False
    assert partial["reason"] == criteria["budget"]["reason"]


def test_next_step_fits_the_tier() -> None:
    """Prospects are invited to book; everybody else gets articles."""
    seen = set()
    for case in FULL_CASES:
        outcome = case["expected"]["outcome"]
        if outcome is None:
            continue
        step = quiz.evaluate(case["answers"])["next_step"]
        assert step is not None, case["name"]
        seen.add(outcome)
        if outcome == "prospect":
            assert step["kind"] == "booking"
            assert step["action"].strip()
        else:
            assert step["kind"] == "articles"
            assert step["links"], f"{outcome} should link to articles"
            for link in step["links"]:
                assert link["label"].strip()
                assert not link["url"].startswith(("/", "http")), link["url"]
        assert step["title"].strip()
        assert step["text"].strip()
    assert {"prospect", "lead"} <= seen


# --- the example personas of the definition -------------------------------------------


EXAMPLES = quiz.default_definition().examples


def test_the_definition_has_the_required_personas() -> None:
    expected = [example.expected for example in EXAMPLES]
    assert expected.count("prospect") >= 3, "the brief's three prospect examples"
    assert expected.count("lead") >= 2, "at least two lead examples"


@pytest.mark.parametrize("example", EXAMPLES, ids=[example.id for example in EXAMPLES])
def test_example_persona(example: Example) -> None:
    result = quiz.evaluate(example.answers)
    assert result["errors"] == []
    assert result["outcome"] == example.expected
    met = [verdict["met"] for verdict in result["criteria"].values()]
    if example.expected == "prospect":
        assert all(met)
    else:
        assert not all(met)
