"""When one other answer is not enough: the smallest sets of two or three changed answers
that give a better outcome ("Als er budget is vrijgemaakt én je een offerte aanvraagt, ben
je een prospect.").

A set is listed when no smaller set (a single change included) gives an outcome at least as
good, and among the sets of its size only those with the best outcome that size reaches.
Every changed question must be asked once the set is applied (changing an answer nobody
asks for is no change), and every question then asked must be answered. Answers that every
rule treats alike give the same result, so each changed question contributes one answer per
class of the rules (the first candidate of that class, for a number the nearest); the class
of the answer given changes nothing and is skipped.
"""

from __future__ import annotations

import itertools
from typing import Any

from ._improve import candidates, settled_outcome
from ._model import Answer, Condition, Definition, Question
from ._rules import effective, every_rule, holds
from ._texts import combination_text

# At most this many answers changed at once: beyond that the advice stops being advice.
MAX_CHANGES = 3

Change = tuple[str, Answer]


def combinations(
    definition: Definition, counted: dict[str, Answer], outcome_id: str, best_single: int
) -> list[dict[str, Any]]:
    """The smallest sets of two or three changes that give a better outcome.

    `counted` are valid, complete answers (those that count); `best_single` is the rank of
    the best outcome a single change gives (the current rank when none does better).
    Sorted by outcome, then by the questions' order.
    """
    rank = {outcome.id: index for index, outcome in enumerate(definition.outcomes)}
    reached = min(best_single, rank[outcome_id])  # the best rank of the smaller sets
    if reached == 0:
        return []
    rules = every_rule(definition)
    choices = [
        (question, _classes(question, counted.get(question.id), rules))
        for question in definition.questions
    ]
    choices = [(question, answers) for question, answers in choices if answers]
    order = {question.id: index for index, question in enumerate(definition.questions)}
    found: list[tuple[int, tuple[int, ...], int, dict[str, Any]]] = []
    for size in range(2, MAX_CHANGES + 1):
        sized: list[tuple[int, tuple[int, ...], int, dict[str, Any]]] = []
        for picked in itertools.combinations(choices, size):
            for answers in itertools.product(*(answers for _, answers in picked)):
                changes = [(q.id, a) for (q, _), a in zip(picked, answers, strict=True)]
                outcome = _outcome_of(definition, counted, changes)
                if outcome is None or rank[outcome] >= reached:
                    continue
                item = {
                    "changes": [{"question": q, "answer": a} for q, a in changes],
                    "outcome": outcome,
                }
                item["text"] = combination_text(definition, item)
                sized.append((rank[outcome], tuple(order[q] for q, _ in changes), len(sized), item))
        if not sized:
            continue
        # Of the sets of one size only those with the best outcome they reach: a set that
        # changes as much for less is no advice.
        reached = min(entry[0] for entry in sized)
        found += [entry for entry in sized if entry[0] == reached]
        if reached == 0:
            break
    found.sort(key=lambda item: item[:3])
    return [item[3] for item in found]


def _outcome_of(
    definition: Definition, counted: dict[str, Answer], changes: list[Change]
) -> str | None:
    """The outcome with these answers changed; None when a changed question is then not
    asked (the change would not count) or a required question is left unanswered."""
    values = {**counted, **dict(changes)}
    kept = effective(definition, values)
    if any(question_id not in kept for question_id, _ in changes):
        return None
    return settled_outcome(definition, values, None)


def _classes(question: Question, before: Answer | None, rules: list[Condition]) -> list[Answer]:
    """One candidate answer per class of the rules on `question`, other than the class of
    the answer given (for a number, the candidate nearest to it)."""
    mine = [rule for rule in rules if rule.question == question.id]

    def key(answer: Answer | None) -> tuple[bool, ...]:
        answers: dict[str, Answer] = {} if answer is None else {question.id: answer}
        return tuple(holds(rule, answers) for rule in mine)

    found = candidates(question, before, rules)
    if question.type == "number" and isinstance(before, int | float):
        found.sort(key=lambda answer: abs(float(answer) - before))  # type: ignore[arg-type]
    own = key(before) if before is not None else None
    picked: dict[tuple[bool, ...], Answer] = {}
    for answer in found:
        if key(answer) != own:
            picked.setdefault(key(answer), answer)
    return list(picked.values())
