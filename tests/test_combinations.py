"""`combinations`: when one other answer is not enough, the smallest sets of two or three
changed answers that give a better outcome.

Both directions are properties over generated answer sets, against an enumeration written
here without the engine's help (every set of candidate changes on two or three questions,
judged by the tests' own reading of the rules): every listed set, applied, gives exactly its
outcome and no smaller set does as well; and every set of the smallest size that reaches
the best outcome of that size is listed, up to answers that every rule treats alike.
"""

from __future__ import annotations

import itertools
import json
from typing import Any

from hypothesis import given, settings

import quiz
from tests.support import examples
from tests.support.rules import (
    ASK_WHEN,
    BY_ID,
    QUESTION_IDS,
    RANK,
    Answers,
    candidates,
    complete_sets,
    counted,
    holds,
    met,
    outcome,
    rules,
)

SOME = settings(max_examples=examples(300), deadline=None)
MAX_CHANGES = 3

Changes = tuple[tuple[str, Any], ...]


def outcome_with(kept: Answers, changes: Changes) -> str | None:
    """The outcome with these answers changed, read independently; None when a changed
    question is then not asked or a required question is left unanswered."""
    values = {**kept, **dict(changes)}
    after = counted(values)
    if any(question_id not in after for question_id, _ in changes):
        return None
    for question_id in QUESTION_IDS:
        asked = all(holds(c, after) for c in ASK_WHEN[question_id])
        if asked and BY_ID[question_id]["required"] and question_id not in after:
            return None
    return outcome(met(values))


def answer_class(question_id: str, answer: Any) -> tuple[bool, ...]:
    """Which rules an answer meets: answers in one class are alike to every rule."""
    return tuple(holds(r, {question_id: answer}) for r in rules() if r.question == question_id)


def shape(changes: Changes) -> tuple[tuple[str, tuple[bool, ...]], ...]:
    return tuple((q, answer_class(q, a)) for q, a in changes)


def expected(kept: Answers) -> dict[tuple[tuple[str, tuple[bool, ...]], ...], str]:
    """The sets the engine must list, by their questions and classes, with their outcome."""
    reached = RANK[outcome(met(kept))]
    for question_id in QUESTION_IDS:
        for answer in candidates(question_id, kept.get(question_id)):
            single = outcome_with(kept, ((question_id, answer),))
            if single is not None:
                reached = min(reached, RANK[single])
    wanted: dict[tuple[tuple[str, tuple[bool, ...]], ...], str] = {}
    for size in range(2, MAX_CHANGES + 1):
        if reached == 0:
            break
        sized: dict[tuple[tuple[str, tuple[bool, ...]], ...], str] = {}
        for questions in itertools.combinations(QUESTION_IDS, size):
            columns = [candidates(q, kept.get(q)) for q in questions]
            for answers in itertools.product(*columns):
                changes = tuple(zip(questions, answers, strict=True))
                found = outcome_with(kept, changes)
                if found is not None and RANK[found] < reached:
                    sized[shape(changes)] = found
        if sized:
            reached = min(RANK[o] for o in sized.values())
            wanted.update({key: o for key, o in sized.items() if RANK[o] == reached})
    return wanted


@SOME
@given(complete_sets())
def test_the_listed_sets_are_exactly_the_smallest_that_do_better(answers: Answers) -> None:
    result = quiz.evaluate(answers)
    assert result["errors"] == []
    kept = counted(answers)
    listed = result["combinations"]
    shapes = []
    for item in listed:
        assert set(item) == {"changes", "outcome", "text"}
        changes: Changes = tuple((c["question"], c["answer"]) for c in item["changes"])
        questions = [q for q, _ in changes]
        assert 2 <= len(changes) <= MAX_CHANGES
        assert questions == sorted(questions, key=QUESTION_IDS.index), "in question order"
        assert len(set(questions)) == len(questions)
        for question_id, answer in changes:
            assert answer in candidates(question_id, kept.get(question_id)), item
        # applied, through the engine and as JSON the way the browser passes it back
        applied = json.loads(json.dumps({**kept, **dict(changes)}))
        after = quiz.evaluate(applied)
        assert after["errors"] == [], item
        assert after["outcome"] == item["outcome"], item
        assert RANK[item["outcome"]] < RANK[str(result["outcome"])]
        assert item["text"] == quiz.combination_text(item)
        shapes.append(shape(changes))
    assert len(shapes) == len(set(shapes)), "one set per class of answers"
    assert {key: item["outcome"] for key, item in zip(shapes, listed, strict=True)} == expected(
        kept
    )
    order = [RANK[item["outcome"]] for item in listed]
    assert order == sorted(order), "best outcome first"


@SOME
@given(complete_sets())
def test_no_set_when_one_change_already_gives_the_best(answers: Answers) -> None:
    result = quiz.evaluate(answers)
    best = min([RANK[c["outcome"]] for c in result["improvements"]], default=None)
    if best == 0 or RANK[str(result["outcome"])] == 0:
        assert result["combinations"] == []
    for item in result["combinations"]:
        assert best is None or RANK[item["outcome"]] < best


LEAD = {
    "b2b": True,
    "branche": "energie-duurzaamheid",
    "medewerkers": 60,
    "functie": "sales-marketing",
    "behoefte": "kwartaal",
    "budget": "nee",
    "beslissing": "zelf",
    "contact": ["niets"],
}


def test_a_lead_missing_budget_and_contact_learns_both_changes_together() -> None:
    result = quiz.evaluate(LEAD)
    assert result["outcome"] == "lead"
    assert result["improvements"] == [], "no single change is enough"
    assert result["combinations"] == [
        {
            "changes": [
                {"question": "budget", "answer": "vastgesteld"},
                {"question": "contact", "answer": ["offerte"]},
            ],
            "outcome": "prospect",
            "text": (
                "Als er budget is vrijgemaakt én je een offerte aanvraagt, ben je een prospect."
            ),
        }
    ]


def test_three_changes_are_joined_in_one_sentence() -> None:
    result = quiz.evaluate({**LEAD, "behoefte": "later"})
    assert [item["text"] for item in result["combinations"]] == [
        "Als je nu wilt starten, er budget is vrijgemaakt én je een offerte aanvraagt, "
        "ben je een prospect."
    ]


def test_a_question_that_was_not_asked_may_be_part_of_the_set() -> None:
    """Not selling to businesses hides the budget question: saying yes alone asks it (no
    outcome), so yes together with a budget is the smallest way to a prospect."""
    answers = {**LEAD, "b2b": False, "budget": "nee", "contact": ["offerte"]}
    result = quiz.evaluate(answers)
    assert result["outcome"] == "buiten-doelgroep"
    assert result["improvements"] == []
    assert [c["changes"] for c in result["combinations"]] == [
        [{"question": "b2b", "answer": True}, {"question": "budget", "answer": "vastgesteld"}]
    ]


def test_more_than_three_changes_are_not_offered() -> None:
    student = {
        "b2b": False,
        "branche": "overig",
        "medewerkers": 1,
        "functie": "student",
        "behoefte": "geen",
        "beslissing": "geen",
        "contact": ["niets"],
    }
    result = quiz.evaluate(student)
    assert result["outcome"] == "buiten-doelgroep"
    assert result["improvements"] == []
    assert result["combinations"] == []


def test_partial_answers_carry_no_sets() -> None:
    """The stepper's live checklist needs no advice: sets come with the whole result."""
    assert quiz.evaluate(LEAD, partial=True)["combinations"] == []
