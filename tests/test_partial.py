"""`evaluate(answers, partial=True)`: answers given so far.

A criterion's `met` (and the outcome) is decided exactly when every completion of the
answers that count gives the same verdict. Checked two ways: against sampled completions
(any valid answers), and exhaustively against a grid with one answer per class of the
rules, in both directions (decided means all completions agree; open means two differ).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import quiz
from quiz_build import load_definition
from tests.support import examples
from tests.support.cases import DEFINITION_FILE, edited_definition
from tests.support.rules import (
    ASK_WHEN,
    QUESTION_IDS,
    Answers,
    complete_sets,
    counted,
    grid,
    holds,
    met,
    outcome,
)

SOME = settings(max_examples=examples(300), deadline=None)
DROPPED = st.sets(st.sampled_from(QUESTION_IDS))


def _verdicts(result: Mapping[str, Any]) -> dict[str, bool | None]:
    return {cid: verdict["met"] for cid, verdict in result["criteria"].items()}


@SOME
@given(complete_sets(), DROPPED)
def test_what_partial_decides_every_completion_agrees_with(
    answers: Answers, dropped: set[str]
) -> None:
    given_so_far = {q: a for q, a in answers.items() if q not in dropped}
    result = quiz.evaluate(given_so_far, partial=True)
    assert result["errors"] == []
    full = quiz.evaluate(answers)  # one completion of what was given
    for criterion_id, verdict in result["criteria"].items():
        if verdict["met"] is not None:
            assert verdict["met"] is full["criteria"][criterion_id]["met"], criterion_id
            assert isinstance(verdict["reason"], str)
            assert verdict["reason"].strip()
        else:
            assert verdict["reason"] is None
    if result["outcome"] is not None:
        assert result["outcome"] == full["outcome"]
        assert result["next_step"] == full["next_step"]
    else:
        assert result["next_step"] is None
        assert result["improvements"] == []


@SOME
@given(complete_sets())
def test_complete_answers_give_the_full_result(answers: Answers) -> None:
    result: dict[str, Any] = dict(quiz.evaluate(answers, partial=True))
    full = quiz.evaluate(answers)
    asked = result.pop("asked")
    changes = result.pop("improvements")
    assert result.pop("combinations") == [], "sets of changes come with the whole result"
    assert result == {k: v for k, v in full.items() if k not in ("improvements", "combinations")}
    assert asked == [q for q in QUESTION_IDS if q in counted(answers)]
    # Partial answers may also list a change that asks a question not answered yet, when
    # the outcome no longer depends on that answer; the full result cannot (the new
    # question is unanswered there), and lists the others.
    assert [c for c in changes if c in full["improvements"]] == full["improvements"]
    for change in changes:
        if change not in full["improvements"]:
            changed = {**counted(answers), change["question"]: change["answer"]}
            assert quiz.evaluate(changed)["errors"], change
            assert quiz.evaluate(changed, partial=True)["outcome"] == change["outcome"]


@cache
def _grid() -> list[tuple[Answers, dict[str, bool]]]:
    return [(row, met(row)) for row in grid()]


def _agreeing(given_so_far: Answers) -> list[tuple[Answers, dict[str, bool]]]:
    """The completions in the grid: rows that keep the answers that count now."""
    fixed = {q: json.dumps(a) for q, a in counted(given_so_far).items()}
    return [
        (row, verdicts)
        for row, verdicts in _grid()
        if all(json.dumps(row[q]) == text for q, text in fixed.items())
    ]


@SOME
@given(st.sampled_from(range(len(grid()))), DROPPED)
def test_partial_is_exact_on_the_grid(index: int, dropped: set[str]) -> None:
    row, _ = _grid()[index]
    given_so_far = {q: a for q, a in row.items() if q not in dropped}
    result = quiz.evaluate(given_so_far, partial=True)
    completions = _agreeing(given_so_far)
    assert completions, "the row itself is a completion"
    for criterion_id, verdict in _verdicts(result).items():
        seen = {verdicts[criterion_id] for _, verdicts in completions}
        assert verdict == (seen.pop() if len(seen) == 1 else None), criterion_id
    outcomes = {outcome(verdicts) for _, verdicts in completions}
    assert result["outcome"] == (outcomes.pop() if len(outcomes) == 1 else None)
    # asked: the questions some completion asks
    asked = {q for completion, _ in completions for q in QUESTION_IDS if _is_asked(q, completion)}
    assert result["asked"] == [q for q in QUESTION_IDS if q in asked]


def _is_asked(question_id: str, answers: Answers) -> bool:
    kept = counted(answers)
    return all(holds(c, kept) for c in ASK_WHEN[question_id])


# A criterion met only by 'Nog niets hiervan', and a top tier that needs it together with
# concrete contact: a selection that cannot be made, so no completion reaches that tier.
INTERACTIE_REASON = "          niets: Je hebt nog geen concreet contact gezocht"
NOTHING_YET = """
  - id: nog-niets
    label: Heeft nog niets hiervan gedaan
    reason_met: Je hebt nog niets hiervan gedaan.
    conditions:
      - question: contact
        includes_any: [niets]
        reason_not_met: Je hebt al iets gedaan.
"""
IMPOSSIBLE_TIER = """outcomes:
  - id: onmogelijk
    label: Concreet contact en nog niets
    summary: Deze uitkomst kan niet.
    requires: [interactie, nog-niets]
    next_step:
      kind: booking
      title: Plan een afspraak
      text: Deze uitkomst kan niet.
      action: Plan een afspraak
"""


def _with_impossible_tier(tmp_path: Path, *, exclusive: bool) -> quiz.Definition:
    text = DEFINITION_FILE.read_text(encoding="utf-8")
    start = text.index(INTERACTIE_REASON)
    reason = text[start : text.index("\n", start) + 1]
    changes = [(reason, reason + NOTHING_YET), ("outcomes:\n", IMPOSSIBLE_TIER)]
    if not exclusive:
        changes.append(("        exclusive: true\n", ""))
    path, _ = edited_definition(tmp_path, *changes)
    return load_definition(path)


def test_completions_never_combine_an_exclusive_option_with_another(tmp_path: Path) -> None:
    """Everything but `contact` answered, with no actual need: a lead whatever comes, as
    no valid selection meets both contact criteria. Were 'Nog niets hiervan' not
    exclusive, ticking it beside a demo would reach the top tier, so it would be open."""
    so_far = {
        "b2b": True,
        "branche": "it-software",
        "medewerkers": 120,
        "functie": "it-manager",
        "behoefte": "geen",
        "budget": "vastgesteld",
        "beslissing": "invloed",
    }
    definition = _with_impossible_tier(tmp_path, exclusive=True)
    result = quiz.evaluate(so_far, definition, partial=True)
    assert _verdicts(result)["interactie"] is None
    assert _verdicts(result)["nog-niets"] is None
    assert result["outcome"] == "lead"
    both = {**so_far, "contact": ["demo", "niets"]}
    assert [e["question"] for e in quiz.evaluate(both, definition)["errors"]] == ["contact"]
    combined = _with_impossible_tier(tmp_path, exclusive=False)
    assert quiz.evaluate(so_far, combined, partial=True)["outcome"] is None
    assert quiz.evaluate(both, combined)["outcome"] == "onmogelijk"


def test_the_grid_covers_every_tier() -> None:
    assert {outcome(verdicts) for _, verdicts in _grid()} == {
        o.id for o in quiz.default_definition().outcomes
    }


def test_missing_answers_are_no_errors_but_invalid_ones_are() -> None:
    assert quiz.evaluate({}, partial=True)["errors"] == []
    result = quiz.evaluate({"b2b": "ja", "medewerkers": 0, "onbekend": 1}, partial=True)
    assert [e["question"] for e in result["errors"]] == ["onbekend", "b2b", "medewerkers"]
    assert result["outcome"] is None
    assert result["next_step"] is None


def test_an_invalid_answer_counts_as_unanswered_for_the_criteria() -> None:
    """The live checklist keeps working while one field holds a typo."""
    result = quiz.evaluate({"b2b": False, "medewerkers": "veel"}, partial=True)
    assert result["errors"][0]["question"] == "medewerkers"
    assert _verdicts(result)["doelgroep"] is False


def test_an_undecided_criterion_has_no_reason() -> None:
    result = quiz.evaluate({"b2b": True}, partial=True)
    assert result["criteria"]["doelgroep"] == {"met": None, "reason": None, "asked": True}


def test_the_command_line_evaluates_partial_answers() -> None:
    from tests.support.cases import run_quiz

    done = run_quiz("evaluate", "--partial", stdin='{"b2b": false}')
    assert done.returncode == 0, done.stderr
    printed = json.loads(done.stdout)
    assert printed["outcome"] == "buiten-doelgroep"
    assert "budget" not in printed["asked"]
    assert printed["criteria"]["behoefte"] == {"met": None, "reason": None, "asked": True}
    assert printed["criteria"]["budget"]["asked"] is False, "budget is not asked, not unmet"
