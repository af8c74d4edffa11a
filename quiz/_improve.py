"""What would change the result: single changes of an answer that give a better outcome."""

from __future__ import annotations

from typing import Any, cast

from ._model import Answer, Condition, Definition, Question
from ._partial import Partial, Representatives
from ._rules import effective, every_rule, first_outcome, is_asked, is_met, thresholds, whole
from ._texts import improvement_text


def improvements(
    definition: Definition,
    counted: dict[str, Answer],
    outcome_id: str,
    *,
    partial: Representatives | None,
) -> list[dict[str, Any]]:
    """The single changes of an asked answer that give a better (earlier) outcome.

    Candidates per question: every other option (single), the selection plus one option
    (multi; an exclusive option alone, another one without the exclusive ones), the other
    truth value (boolean), each threshold of the rules (number: the nearest number that
    meets it); a farther threshold is left out when a nearer one gives at least as good an
    outcome. Changes to questions that are not asked are ignored by the
    engine, so they never improve anything. With `partial` (the representatives of the
    answer classes), answers may be missing and a change counts only when the
    outcome is then decided.
    """
    rank = {outcome.id: index for index, outcome in enumerate(definition.outcomes)}
    current = rank[outcome_id]
    if current == 0:
        return []
    rules = every_rule(definition)
    found: list[tuple[int, int, int, dict[str, Any]]] = []
    for index, question in enumerate(definition.questions):
        if not is_asked(question, counted):
            continue
        before = counted.get(question.id)
        better: list[tuple[int, Answer, str]] = []
        for answer in candidates(question, before, rules):
            outcome = settled_outcome(definition, {**counted, question.id: answer}, partial)
            if outcome is not None and rank[outcome] < current:
                better.append((rank[outcome], answer, outcome))
        if question.type == "number" and isinstance(before, int | float):
            better = [
                change
                for change in better
                if not any(
                    abs(cast(float, other[1]) - before) < abs(cast(float, change[1]) - before)
                    and other[0] <= change[0]
                    for other in better
                )
            ]
        found += [
            (grade, index, order, {"question": question.id, "answer": answer, "outcome": outcome})
            for order, (grade, answer, outcome) in enumerate(better)
        ]
    found.sort(key=lambda item: item[:3])
    # Each with its sentence: the page shows it as it is.
    return [{**item, "text": improvement_text(definition, item)} for _, _, _, item in found]


def candidates(question: Question, before: Answer | None, rules: list[Condition]) -> list[Answer]:
    if question.type == "boolean":
        return [not before] if isinstance(before, bool) else [True, False]
    if question.type == "single":
        return [value for value in question.option_values() if value != before]
    if question.type == "multi":
        # The selection plus one option, as the form ticks it: an exclusive option is then
        # chosen alone, and any other option unticks the exclusive ones. The added option
        # stays last (improvement_key reads it there).
        chosen = cast(list[str], before or [])
        alone = question.exclusive_values()
        kept = [value for value in chosen if value not in alone]
        return [
            [value] if value in alone else [*kept, value]
            for value in question.option_values()
            if value not in chosen
        ]
    mine = [r for r in rules if r.question == question.id]
    return [whole(t) for t in thresholds(question, mine) if t != before]


def settled_outcome(
    definition: Definition, values: dict[str, Answer], partial: Representatives | None
) -> str | None:
    """The outcome of changed answers; None when a required question is then unanswered
    (or, with `partial`, when the outcome is not decided yet)."""
    counted = effective(definition, values)
    if partial is not None:
        judged = Partial(definition, counted, partial)
        met = {c.id: judged.met(c) for c in definition.criteria}
        outcome = judged.outcome(met)
        return outcome.id if outcome else None
    for question in definition.questions:
        if question.required and question.id not in counted and is_asked(question, counted):
            return None
    return first_outcome(definition, {c.id for c in definition.criteria if is_met(c, counted)}).id
