"""`improvements`: the single changes of an answer that give a better outcome.

Both directions are properties over generated answer sets: every listed change, applied,
gives exactly the listed outcome; and every single change a visitor could make (another
option, the selection plus one option, the other truth value, a threshold of the rules)
that gives a better outcome is listed, enumerated here without the engine's help.
"""

from __future__ import annotations

import json
from typing import Any, cast

from hypothesis import given, settings

import quiz
from tests.support import examples
from tests.support.cases import PROSPECT, RESULT_KEYS, without, without_texts
from tests.support.rules import (
    BY_ID,
    QUESTION_IDS,
    RANK,
    Answers,
    candidates,
    complete_sets,
    counted,
    met,
    outcome,
)

SOME = settings(max_examples=examples(300), deadline=None)
# A prospect who decides alone and asks for a quote; the tests below change one of its answers.
DECIDER = {**PROSPECT, "beslissing": "zelf", "contact": ["offerte"]}


def outcome_after(answers: Answers, question_id: str, answer: Any) -> str | None:
    """The outcome once this one answer is changed; None when that gives errors."""
    result = quiz.evaluate({**answers, question_id: answer})
    return None if result["errors"] else result["outcome"]


@SOME
@given(complete_sets())
def test_every_listed_change_gives_exactly_its_outcome(answers: Answers) -> None:
    result = quiz.evaluate(answers)
    assert result["errors"] == []
    changes = result["improvements"]
    current = RANK[str(result["outcome"])]
    kept = counted(answers)
    for change in changes:
        assert set(change) == {"question", "answer", "outcome", "text"}
        assert change["text"] == quiz.improvement_text(change)
        assert RANK[change["outcome"]] < current
        assert change["question"] in kept, "a question that is not asked never improves"
        assert change["answer"] in candidates(change["question"], kept.get(change["question"]))
        after = quiz.evaluate({**kept, change["question"]: change["answer"]})
        assert after["errors"] == []
        assert after["outcome"] == change["outcome"], change
        # and as JSON, the way the browser passes it back
        assert (
            quiz.evaluate(json.loads(json.dumps({**kept, change["question"]: change["answer"]})))[
                "outcome"
            ]
            == change["outcome"]
        )
    order = [(RANK[c["outcome"]], QUESTION_IDS.index(c["question"])) for c in changes]
    assert order == sorted(order), "best outcome first, then question order"
    # answers to questions that are not asked are ignored here too
    assert quiz.evaluate(kept)["improvements"] == changes


@SOME
@given(complete_sets())
def test_no_better_single_change_is_missing(answers: Answers) -> None:
    result = quiz.evaluate(answers)
    current = RANK[str(result["outcome"])]
    assert result["outcome"] == outcome(met(answers))
    listed = {
        (c["question"], json.dumps(c["answer"])): c["outcome"] for c in result["improvements"]
    }
    kept = counted(answers)
    for question_id in QUESTION_IDS:  # also those not asked: their changes never count
        before = kept.get(question_id)
        for answer in candidates(question_id, before):
            better = outcome_after(kept, question_id, answer)
            if better is None or RANK[better] >= current:
                assert (question_id, json.dumps(answer)) not in listed
                continue
            key = (question_id, json.dumps(answer))
            if key in listed:
                assert listed[key] == better
                continue
            # Only a number may be left out, for a nearer threshold that does as well.
            assert BY_ID[question_id]["type"] == "number", (question_id, answer, better)
            assert any(
                q == question_id
                and abs(json.loads(a) - before) < abs(answer - before)
                and RANK[o] <= RANK[better]
                for (q, a), o in listed.items()
            ), (question_id, answer, better, result["improvements"])


@SOME
@given(complete_sets())
def test_the_top_outcome_has_no_improvements(answers: Answers) -> None:
    result = quiz.evaluate(answers)
    best = result["outcome"] == quiz.default_definition().outcomes[0].id
    assert result["best"] is best
    if best:
        assert result["improvements"] == []


def test_errors_give_no_improvements() -> None:
    result = quiz.evaluate({"b2b": True, "medewerkers": "veel"})
    assert result["errors"]
    assert result["improvements"] == []
    assert result["best"] is False


def test_a_number_moves_to_the_nearest_threshold() -> None:
    result = quiz.evaluate({**DECIDER, "medewerkers": 3})
    assert result["outcome"] == "buiten-doelgroep"
    assert without_texts(result["improvements"]) == [
        {"question": "medewerkers", "answer": 5, "outcome": "prospect"}
    ]
    assert isinstance(result["improvements"][0]["answer"], int), "a whole threshold stays whole"


def test_an_exclusive_option_is_replaced_never_combined() -> None:
    """'Nog niets hiervan' goes alone: the changes that help replace it (as ticking
    another box in the form does), and none of them still holds it."""
    answers = {
        "b2b": True,
        "branche": "it-software",
        "medewerkers": 120,
        "functie": "it-manager",
        "behoefte": "nu",
        "budget": "vastgesteld",
        "beslissing": "invloed",
        "contact": ["niets"],
    }
    result = quiz.evaluate(answers)
    assert result["outcome"] == "lead"
    assert without_texts(result["improvements"]) == [
        {"question": "contact", "answer": [value], "outcome": "prospect"}
        for value in ("offerte", "intake", "demo", "kennismaking")
    ]
    # The sentence names the option that replaces it.
    assert "offerte" in result["improvements"][0]["text"]
    # A selection without it keeps its options and adds one at the end.
    changes = without_texts(quiz.evaluate({**answers, "contact": ["whitepaper"]})["improvements"])
    assert changes[0] == {
        "question": "contact",
        "answer": ["whitepaper", "offerte"],
        "outcome": "prospect",
    }
    assert all("niets" not in cast(list[str], c["answer"]) for c in changes)


def test_a_change_that_opens_an_unanswered_question_is_not_enough() -> None:
    """Not selling to businesses hides the budget question; saying yes asks it, so that
    change alone gives no outcome and is not listed."""
    answers = without({**DECIDER, "b2b": False}, "budget")
    result = quiz.evaluate(answers)
    assert result["outcome"] == "buiten-doelgroep"
    assert result["improvements"] == []
    # with a budget answer left behind it still does not count while the question is hidden
    assert quiz.evaluate({**answers, "budget": "vastgesteld"})["improvements"] == []


def test_the_command_line_prints_improvements() -> None:
    from tests.support.cases import run_quiz

    done = run_quiz("evaluate", stdin=json.dumps({**DECIDER, "budget": "nee"}))
    assert done.returncode == 0, done.stderr
    printed = json.loads(done.stdout)
    assert without_texts(printed["improvements"]) == [
        {"question": "budget", "answer": "vastgesteld", "outcome": "prospect"},
        {"question": "budget", "answer": "in-voorbereiding", "outcome": "prospect"},
    ]
    assert set(printed) == RESULT_KEYS
    sentence = "Als er budget is vrijgemaakt, ben je een prospect."
    assert printed["improvements"][0]["text"] == sentence
