"""The public interface of `quiz`: questions(), evaluate() and what the engine does with
answers that the case table does not spell out (numbers as typed, messages, purity)."""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

import quiz
from quiz_build import load_definition
from tests.support.cases import DEFINITION_FILE, one_sentence_problem

CRITERION_IDS = ["doelgroep", "behoefte", "budget", "beslissingsbevoegdheid", "interactie"]

# A prospect that is none of the definition's examples.
PROSPECT: dict[str, Any] = {
    "b2b": True,
    "branche": "bouw-installatie",
    "medewerkers": 75,
    "functie": "sales-marketing",
    "behoefte": "nu",
    "budget": "vastgesteld",
    "beslissing": "invloed",
    "contact": ["demo"],
}


def answers(**changes: object) -> dict[str, object]:
    result: dict[str, object] = dict(PROSPECT)
    result.update(changes)
    return result


def error_for(result: Mapping[str, Any], question: str | None) -> str:
    messages = [e["message"] for e in result["errors"] if e["question"] == question]
    assert len(messages) == 1, result["errors"]
    message: str = messages[0]
    return message


# --- questions(): the shape the page builds the form from -----------------------------


def test_questions_shape() -> None:
    data = quiz.questions()
    assert {"questions", "criteria", "outcomes"} <= set(data)
    assert json.loads(json.dumps(data, allow_nan=False)) == data, "must be JSON-ready"

    ids = [q["id"] for q in data["questions"]]
    assert len(ids) == len(set(ids))
    assert 6 <= len(ids) <= 10, "typically 6 to 10 questions"
    for question in data["questions"]:
        kind = question["type"]
        assert kind in ("single", "multi", "number", "boolean")
        assert {"id", "type", "label", "required"} <= set(question)
        assert isinstance(question["id"], str)
        assert isinstance(question["label"], str)
        assert question["label"].strip()
        assert isinstance(question["required"], bool)
        if kind in ("single", "multi"):
            options = question["options"]
            assert len(options) >= 2
            for option in options:
                assert set(option) == {"value", "label", "exclusive"}
                assert option["exclusive"] is False or kind == "multi"
                assert isinstance(option["value"], str)
                assert isinstance(option["label"], str)
                assert option["label"].strip()
            values = [option["value"] for option in options]
            assert len(values) == len(set(values))
        else:
            assert "options" not in question, question["id"]
        if kind == "number":
            assert {"min", "max"} <= set(question)
            for bound in ("min", "max"):
                value = question[bound]
                assert value is None or (
                    isinstance(value, int | float) and not isinstance(value, bool)
                )
        else:
            assert "min" not in question, question["id"]
            assert "max" not in question, question["id"]

    kinds = {q["type"] for q in data["questions"]}
    assert kinds == {"single", "multi", "number", "boolean"}, "every type is used"

    for criterion in data["criteria"]:
        assert {"id", "label"} <= set(criterion)
        assert isinstance(criterion["label"], str)
        assert criterion["label"].strip()
    assert [c["id"] for c in data["criteria"]] == CRITERION_IDS

    outcome_ids = [o["id"] for o in data["outcomes"]]
    for outcome in data["outcomes"]:
        assert {"id", "label"} <= set(outcome)
        assert isinstance(outcome["label"], str)
        assert outcome["label"].strip()
    assert len(outcome_ids) == len(set(outcome_ids))
    assert {"prospect", "lead"} <= set(outcome_ids)
    assert outcome_ids[0] == "prospect", "the best tier comes first"


def test_company_size_is_a_number_question() -> None:
    numbers = [q for q in quiz.questions()["questions"] if q["type"] == "number"]
    assert numbers, "at least one number question (company size)"
    assert any(q["min"] is not None and q["min"] >= 0 for q in numbers)


def test_questions_follow_the_definition() -> None:
    """questions() shows what the marketer's file says, in the file's order."""
    definition = load_definition(DEFINITION_FILE)
    data = quiz.questions(definition)
    assert [q["id"] for q in data["questions"]] == [q.id for q in definition.questions]
    assert [q["label"] for q in data["questions"]] == [q.label for q in definition.questions]
    assert [o["id"] for o in data["outcomes"]] == [o.id for o in definition.outcomes]
    assert data == quiz.questions(), "the default definition is the marketer's file"


def test_prospect_requires_all_five_criteria() -> None:
    prospect = quiz.default_definition().outcome("prospect")
    assert prospect is not None
    assert sorted(prospect.requires) == sorted(CRITERION_IDS)


# --- evaluate(): result ---------------------------------------------------------------


def test_prospect_result() -> None:
    result = quiz.evaluate(PROSPECT)
    assert result["outcome"] == "prospect"
    assert result["errors"] == []
    assert list(result["criteria"]) == CRITERION_IDS
    for verdict in result["criteria"].values():
        assert verdict["met"] is True
        assert one_sentence_problem(verdict["reason"]) is None
    assert result["next_step"] is not None
    assert result["next_step"]["kind"] == "booking"
    assert json.loads(json.dumps(result, allow_nan=False)) == result


def test_reason_names_the_first_condition_that_fails() -> None:
    """Not B2B and a wrong branch: the visitor reads why B2B fails, then why the branch."""
    doelgroep = next(c for c in quiz.default_definition().criteria if c.id == "doelgroep")
    by_question = {c.question: c.reason_not_met for c in doelgroep.conditions}
    both = quiz.evaluate(answers(b2b=False, branche="overig"))["criteria"]["doelgroep"]
    branch_only = quiz.evaluate(answers(branche="overig"))["criteria"]["doelgroep"]
    size_only = quiz.evaluate(answers(medewerkers=2))["criteria"]["doelgroep"]
    assert both == {"met": False, "reason": by_question["b2b"], "asked": True}
    assert branch_only == {"met": False, "reason": by_question["branche"], "asked": True}
    assert size_only == {"met": False, "reason": by_question["medewerkers"], "asked": True}
    assert len({both["reason"], branch_only["reason"], size_only["reason"]}) == 3


def test_any_condition_fails_with_its_own_reason() -> None:
    criterion = next(
        c for c in quiz.default_definition().criteria if c.id == "beslissingsbevoegdheid"
    )
    (condition,) = criterion.conditions
    assert condition.any_of_conditions, "the definition uses 'any' here"
    verdict = quiz.evaluate(answers(beslissing="advies"))["criteria"]["beslissingsbevoegdheid"]
    assert verdict == {"met": False, "reason": condition.reason_not_met, "asked": True}
    branch_reasons = {branch.reason_not_met for branch in condition.any_of_conditions}
    assert verdict["reason"] not in branch_reasons


def test_errors_leave_no_outcome() -> None:
    result = quiz.evaluate(answers(branche="horeca"))
    assert result["outcome"] is None
    assert result["errors"] == [
        {"question": "branche", "message": quiz.default_definition().messages["unknown_option"]}
    ]
    assert not result["criteria"]


# --- numbers as visitors type them ----------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "size_met"),
    [
        ("5", True),
        ("4", False),
        ("+5", True),
        ("5.0", True),
        ("1.000", True),  # Dutch thousands: one thousand
        ("12.500", True),
        ("\t7\n", True),
        (5.0, True),
    ],
)
def test_numbers_as_typed(typed: object, size_met: bool) -> None:
    result = quiz.evaluate(answers(medewerkers=typed))
    assert result["errors"] == []
    assert result["criteria"]["doelgroep"]["met"] is size_met


@pytest.mark.parametrize(
    ("typed", "message_key"),
    [
        ("veel", "not_a_number"),
        # a count: 'integer: true' in the definition
        ("4,5", "not_a_whole_number"),
        ("5,5", "not_a_whole_number"),
        ("1.000,5", "not_a_whole_number"),
        (4.999, "not_a_whole_number"),
        ("25 medewerkers", "not_a_number"),
        ("1e3", "not_a_number"),
        ("5,", "not_a_number"),
        (",5", "not_a_number"),
        ("1.00.0", "not_a_number"),
        ("0x10", "not_a_number"),
        ("NaN", "not_a_number"),
        ("inf", "not_a_number"),
        (float("nan"), "not_a_number"),
        ("0", "below_minimum"),
        ("0,5", "below_minimum"),
        (-1, "below_minimum"),
        (float("-inf"), "below_minimum"),
        (1_000_001, "above_maximum"),
        ("1.000.001", "above_maximum"),
        (float("inf"), "above_maximum"),
        (10**400, "above_maximum"),
        (True, "wrong_type"),
        (False, "wrong_type"),
        ([25], "wrong_type"),
        ({"n": 25}, "wrong_type"),
        ("", "required"),
        ("  ", "required"),
        (None, "required"),
    ],
)
def test_invalid_numbers(typed: object, message_key: str) -> None:
    result = quiz.evaluate(answers(medewerkers=typed))
    assert result["outcome"] is None
    message = error_for(result, "medewerkers")
    template = quiz.default_definition().messages[message_key]
    if "{" not in template:
        assert message == template
    else:
        assert message.startswith(template.split("{")[0])
        assert "{" not in message


def test_range_messages_name_the_limits_in_dutch() -> None:
    question = quiz.default_definition().question("medewerkers")
    assert question is not None
    assert question.minimum == 1
    assert question.maximum == 1_000_000
    low = error_for(quiz.evaluate(answers(medewerkers=0)), "medewerkers")
    high = error_for(quiz.evaluate(answers(medewerkers=2_000_000)), "medewerkers")
    assert "1" in low
    assert "{" not in low
    assert "1.000.000" in high, "thousands are grouped with a dot for Dutch readers"
    assert "{" not in high


def test_limits_themselves_are_allowed() -> None:
    for size in (1, "1", 1_000_000, "1000000", "1.000.000", 1_000_000.0):
        assert quiz.evaluate(answers(medewerkers=size))["errors"] == [], size


@pytest.mark.parametrize(
    "contact", [["niets", "offerte"], ["nieuwsbrief", "niets"], ["demo", "niets", "whitepaper"]]
)
def test_an_exclusive_option_with_another_is_an_error_naming_it(contact: list[str]) -> None:
    for partial in (False, True):
        result = quiz.evaluate(answers(contact=contact), partial=partial)
        assert result["outcome"] is None
        message = error_for(result, "contact")
        assert message == "‘Nog niets hiervan’ kan niet samen met andere keuzes worden gekozen."
        assert [e["question"] for e in result["errors"]] == ["contact"]


def test_an_exclusive_option_alone_is_a_valid_answer() -> None:
    result = quiz.evaluate(answers(contact=["niets"]))
    assert result["errors"] == []
    assert result["criteria"]["interactie"]["met"] is False


# --- odd answer objects ---------------------------------------------------------------


def test_unknown_key_is_quoted_but_shortened() -> None:
    key = "x" * 500
    result = quiz.evaluate(answers(**{key: 1}))
    message = error_for(result, key)
    assert "x" * 20 in message
    assert len(message) < 200, "a long key is not echoed in full"


def test_non_string_keys_are_reported_without_a_question() -> None:
    raw: dict[object, object] = {7: "zeven"}
    raw.update(PROSPECT)
    raw[None] = 1
    result = quiz.evaluate(raw)
    assert result["outcome"] is None
    assert [e["question"] for e in result["errors"]] == [None, None]
    json.dumps(result, allow_nan=False)


@pytest.mark.parametrize("value", [[], (), None, "", 0, 1.5, True, object(), PROSPECT.items()])
def test_not_an_object(value: object) -> None:
    result = quiz.evaluate(value)
    assert result["outcome"] is None
    assert result["errors"] == [
        {"question": None, "message": quiz.default_definition().messages["not_an_object"]}
    ]


def test_evaluate_does_not_change_the_answers() -> None:
    given = answers(medewerkers=" 1.000 ", contact=["nieuwsbrief", "offerte"])
    before = copy.deepcopy(given)
    result = quiz.evaluate(given)
    assert result["outcome"] == "prospect"
    assert given == before


def test_results_do_not_share_state() -> None:
    """Changing one result (as a page script might) does not change the next."""
    first = quiz.evaluate(PROSPECT)
    assert first["next_step"] is not None
    first["criteria"]["doelgroep"]["met"] = False
    first["next_step"]["links"].append({"label": "x", "url": "y"})
    first["errors"].append({"question": None, "message": "x"})
    assert quiz.evaluate(PROSPECT) == quiz.evaluate(copy.deepcopy(PROSPECT))
    second = quiz.evaluate(PROSPECT)
    assert second["criteria"]["doelgroep"]["met"] is True
    assert second["errors"] == []
    assert second["next_step"] is not None
    assert {"label": "x", "url": "y"} not in second["next_step"]["links"]


# --- an explicit definition: optional questions ---------------------------------------


def _definition_with(tmp_path: Path, old: str, new: str, *more: str) -> quiz.Definition:
    """The shipped definition with `old` replaced by `new` (and further old, new pairs)."""
    text = DEFINITION_FILE.read_text(encoding="utf-8")
    edits = [(old, new), *zip(more[::2], more[1::2], strict=True)]
    for before, after in edits:
        assert text.count(before) == 1, before
        text = text.replace(before, after)
    path = tmp_path / "definitie.yml"
    path.write_text(text, encoding="utf-8")
    return load_definition(path)


def test_optional_question_may_be_omitted(tmp_path: Path) -> None:
    definition = _definition_with(
        tmp_path,
        "  - id: budget\n    type: single\n",
        "  - id: budget\n    type: single\n    required: false\n",
        # A question that may be skipped has one reason for every answer that fails.
        "        reason_not_met:\n"
        "          nee: Er is nog geen budget voor acquisitie of afsprakenplanning.\n"
        "          onbekend: Je weet niet of er budget is; dat moet eerst duidelijk zijn.\n",
        "        reason_not_met: Er is nog geen budget, of het is niet bekend of dat er is.\n",
        "    reason_met:\n"
        "      vastgesteld: Er is budget vrijgemaakt voor acquisitie of afsprakenplanning.\n"
        "      in-voorbereiding: Het budget wordt nu vastgesteld, dus je bent bereid te "
        "investeren.\n",
        "    reason_met: Er is budget vrijgemaakt of het wordt nu vastgesteld.\n",
    )
    budget = next(q for q in quiz.questions(definition)["questions"] if q["id"] == "budget")
    assert budget["required"] is False

    omitted = {k: v for k, v in PROSPECT.items() if k != "budget"}
    result = quiz.evaluate(omitted, definition)
    assert result["errors"] == []
    assert result["criteria"]["budget"]["met"] is False, "no answer does not meet a condition"
    assert result["outcome"] == "lead"
    for blank in (None, "", "  "):
        assert quiz.evaluate({**omitted, "budget": blank}, definition)["errors"] == []
    assert quiz.evaluate(PROSPECT, definition)["outcome"] == "prospect"
    bad = quiz.evaluate({**omitted, "budget": "misschien"}, definition)
    assert [e["question"] for e in bad["errors"]] == ["budget"]
    # The default definition still requires it.
    assert [e["question"] for e in quiz.evaluate(omitted)["errors"]] == ["budget"]


def test_threshold_comes_from_the_definition(tmp_path: Path) -> None:
    """Moving the threshold in the file moves the outcome: nothing is hard-coded."""
    definition = _definition_with(tmp_path, "at_least: 5\n", "at_least: 15\n")
    assert quiz.evaluate(answers(medewerkers=14), definition)["outcome"] == "buiten-doelgroep"
    assert quiz.evaluate(answers(medewerkers=15), definition)["outcome"] == "prospect"
    assert quiz.evaluate(answers(medewerkers=14))["outcome"] == "prospect"
