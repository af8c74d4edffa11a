"""`ask_when`: questions that do not apply are not asked, not required and do not count."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import quiz
from quiz_build import load_definition
from tests.support.cases import (
    PROSPECT,
    definition_problems,
    edited_definition,
    line_of,
    run_quiz,
    without,
)

# --- the engine -----------------------------------------------------------------------


def test_the_shipped_definition_skips_budget_without_b2b_and_beslissing_for_owners() -> None:
    definition = quiz.default_definition()
    asked_when = {q.id: q.ask_when for q in definition.questions if q.ask_when}
    assert set(asked_when) == {"budget", "beslissing"}


def test_a_question_that_is_not_asked_is_not_required() -> None:
    answers = without(PROSPECT, "budget")
    result = quiz.evaluate({**answers, "b2b": False})
    assert result["errors"] == []
    owner = quiz.evaluate({**PROSPECT, "functie": "eigenaar", "beslissing": None})
    assert owner["errors"] == []
    assert owner["outcome"] == "prospect"


def test_an_answer_to_a_question_that_is_not_asked_is_ignored() -> None:
    """Even an invalid one: a stale answer in a hidden field never counts."""
    answered = without(PROSPECT, "budget")
    for stale in ("vastgesteld", "nee", "geen-optie", 12, ["x"]):
        result = quiz.evaluate({**answered, "b2b": False, "budget": stale})
        assert result == quiz.evaluate({**answered, "b2b": False}), stale
        assert result["criteria"]["budget"]["met"] is False


def test_a_question_that_is_asked_is_still_required_and_checked() -> None:
    result = quiz.evaluate(without(PROSPECT, "budget"))
    assert [e["question"] for e in result["errors"]] == ["budget"]
    result = quiz.evaluate({**PROSPECT, "budget": "geen-optie"})
    assert [e["question"] for e in result["errors"]] == ["budget"]


def test_partial_answers_list_the_questions_asked() -> None:
    everything = [q["id"] for q in quiz.questions()["questions"]]
    assert quiz.evaluate({}, partial=True)["asked"] == everything
    assert "budget" not in quiz.evaluate({"b2b": False}, partial=True)["asked"]
    assert "beslissing" not in quiz.evaluate({"functie": "eigenaar"}, partial=True)["asked"]
    assert quiz.evaluate({"functie": "inkoop"}, partial=True)["asked"] == everything


def test_improvements_never_change_a_question_that_is_not_asked() -> None:
    owner = {**PROSPECT, "functie": "eigenaar", "beslissing": "geen", "budget": "nee"}
    changes = quiz.evaluate(owner)["improvements"]
    assert changes, "budget would make this lead a prospect"
    assert all(change["question"] != "beslissing" for change in changes)


def test_the_booking_link_leaves_out_answers_that_do_not_count() -> None:
    label = "Ik ben niet bij de beslissing betrokken"  # beslissing: geen
    config = {"email": "info@closeforce.nl"}
    asked = quiz.booking_link({**PROSPECT, "beslissing": "geen"}, config)
    assert label in unquote(asked["url"])
    owner = quiz.booking_link({**PROSPECT, "functie": "eigenaar", "beslissing": "geen"}, config)
    assert owner["errors"] == []
    assert label not in unquote(owner["url"])


# --- the validator ----------------------------------------------------------------------

BUDGET_ASK = "    ask_when:\n      question: b2b\n      equals: true\n"


def test_ask_when_on_the_question_itself(tmp_path: Path) -> None:
    path, text = edited_definition(
        tmp_path,
        (BUDGET_ASK, BUDGET_ASK.replace("b2b", "budget").replace("equals: true", "one_of: [nee]")),
    )
    problems = definition_problems(path)
    assert len(problems) == 1
    assert problems[0].line == line_of(text, "      question: budget")
    assert re.search(r"'ask_when' van vraag 'budget'.*de vraag zelf", problems[0].message)


def test_ask_when_on_a_later_question(tmp_path: Path) -> None:
    new = "    ask_when:\n      question: contact\n      includes_any: [offerte]\n"
    path, text = edited_definition(tmp_path, (BUDGET_ASK, new))
    problems = definition_problems(path)
    assert len(problems) == 1
    assert problems[0].line == line_of(text, "      question: contact")
    assert re.search(r"'contact'.*pas later.*vóór 'budget'", problems[0].message)
    done = run_quiz("check", str(path))
    assert done.returncode == 2
    assert f"{path}:{problems[0].line}:" in done.stderr
    assert "1 probleem gevonden" in done.stderr


def test_ask_when_on_an_unknown_question(tmp_path: Path) -> None:
    path, text = edited_definition(
        tmp_path, (BUDGET_ASK, BUDGET_ASK.replace("question: b2b", "question: btob"))
    )
    problems = definition_problems(path)
    assert [p.line for p in problems] == [line_of(text, "question: btob")]
    assert "'btob'" in problems[0].message
    assert "bestaat niet" in problems[0].message


def test_ask_when_has_no_reason(tmp_path: Path) -> None:
    new = BUDGET_ASK + "      reason_not_met: Niet van toepassing.\n"
    path, text = edited_definition(tmp_path, (BUDGET_ASK, new))
    problems = definition_problems(path)
    assert [p.line for p in problems] == [line_of(text, "      reason_not_met: Niet")]
    assert "Onbekende sleutel 'reason_not_met'" in problems[0].message


def test_ask_when_that_never_holds(tmp_path: Path) -> None:
    new = (
        "    ask_when:\n"
        "      - question: b2b\n        equals: true\n"
        "      - question: b2b\n        equals: false\n"
    )
    path, text = edited_definition(tmp_path, (BUDGET_ASK, new))
    problems = definition_problems(path)
    assert [p.line for p in problems] == [line_of(text, new)]
    assert "nooit gesteld" in problems[0].message


def test_ask_when_as_a_list_and_with_any(tmp_path: Path) -> None:
    new = (
        "    ask_when:\n"
        "      - question: b2b\n        equals: true\n"
        "      - any:\n"
        "          - question: behoefte\n            one_of: [nu, kwartaal]\n"
        "          - question: medewerkers\n            at_least: 50\n"
    )
    path, _ = edited_definition(tmp_path, (BUDGET_ASK, new))
    definition = load_definition(path)
    answers = without(PROSPECT, "budget")
    later = {**answers, "behoefte": "later"}
    assert quiz.evaluate(later, definition)["errors"] == []  # 30 people, later: not asked
    assert quiz.evaluate({**later, "medewerkers": 50}, definition)["errors"] != []
    assert quiz.evaluate(answers, definition)["errors"] != []  # "nu": asked
