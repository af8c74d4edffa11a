"""Verdicts on partial answers: what every completion of the answers so far agrees on.

A completion of partial answers is any complete, valid set of answers that keeps the
answers that count now. A verdict is decided when every completion gives the same one.
Only the class of an answer matters (which conditions it meets), so the completions are
enumerated over one representative answer per class, and only for the unanswered
questions the verdict depends on (directly or through their `ask_when`).
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Callable, Iterable
from typing import Any

from ._model import Answer, Condition, Criterion, Definition, Outcome, Question
from ._rules import (
    effective,
    every_rule,
    first_outcome,
    holds,
    is_asked,
    is_met,
    not_met,
    thresholds,
    whole,
)

Representatives = dict[str, list[Answer | None]]


class Partial:
    """Verdicts on partial answers that hold for every completion."""

    def __init__(
        self,
        definition: Definition,
        counted: dict[str, Answer],
        representatives: Representatives | None = None,
    ) -> None:
        self.definition = definition
        self.counted = counted
        self.representatives = representatives or representatives_of(definition)
        self.missing = [q for q in definition.questions if q.id not in counted]

    def possible[T](
        self, conditions: Iterable[Condition], verdict: Callable[[dict[str, Answer]], T]
    ) -> set[T]:
        """The verdicts completions can give (stops at two: then it is not decided)."""
        relevant = depends_on(self.definition, conditions)
        free = [q for q in self.missing if q.id in relevant]
        seen: set[T] = set()
        for combination in itertools.product(*(self.representatives[q.id] for q in free)):
            values = dict(self.counted)
            values.update(
                (q.id, v) for q, v in zip(free, combination, strict=True) if v is not None
            )
            seen.add(verdict(effective(self.definition, values)))
            if len(seen) > 1:
                break
        return seen

    def may_ask(self, question: Question) -> bool:
        """Whether `question` is asked, or still may be once earlier questions are answered."""
        return True in self.possible(question.ask_when, functools.partial(is_asked, question))

    def met(self, criterion: Criterion) -> bool | None:
        verdicts = self.possible(criterion.conditions, functools.partial(is_met, criterion))
        return verdicts.pop() if len(verdicts) == 1 else None

    def criterion(self, criterion: Criterion) -> dict[str, Any]:
        met = self.met(criterion)
        if met is None:
            return {"met": None, "reason": None, "asked": True}
        if met:
            return {"met": True, "reason": criterion.reason_for(self.counted), "asked": True}
        # The reason of the first condition that fails in every completion (or, when only
        # their combination fails, of the first that can fail).
        truths = [
            (c, self.possible((c,), functools.partial(holds, c))) for c in criterion.conditions
        ]
        failing = next((c for c, t in truths if t == {False}), None)
        failing = failing or next(c for c, t in truths if False in t)
        return not_met(failing, self.counted, self._may_ask_id)

    def _may_ask_id(self, question_id: str) -> bool:
        question = self.definition.question(question_id)
        return question is not None and self.may_ask(question)

    def outcome(self, met: dict[str, bool | None]) -> Outcome | None:
        open_ids = [cid for cid, value in met.items() if value is None]
        sure = {cid for cid, value in met.items() if value}
        candidates = {
            first_outcome(
                self.definition, sure | {c for c, on in zip(open_ids, ons, strict=True) if on}
            ).id
            for ons in itertools.product((True, False), repeat=len(open_ids))
        }
        if len(candidates) > 1:  # the open criteria may depend on each other: look closer
            conditions = [c for criterion in self.definition.criteria for c in criterion.conditions]
            candidates = self.possible(conditions, self.outcome_of)
        return self.definition.outcome(candidates.pop()) if len(candidates) == 1 else None

    def outcome_of(self, answers: dict[str, Answer]) -> str:
        met = {c.id for c in self.definition.criteria if is_met(c, answers)}
        return first_outcome(self.definition, met).id


def depends_on(definition: Definition, conditions: Iterable[Condition]) -> set[str]:
    """The questions these conditions read, and those that decide whether they are asked."""
    todo = [r.question for c in conditions for r in (c.any_of_conditions or (c,))]
    seen: set[str] = set()
    while todo:
        question_id = todo.pop()
        if question_id in seen:
            continue
        seen.add(question_id)
        question = definition.question(question_id)
        if question is not None:
            todo += [r.question for c in question.ask_when for r in (c.any_of_conditions or (c,))]
    return seen


def representatives_of(definition: Definition) -> Representatives:
    """One answer for each class of answers the rules tell apart (None: left open)."""
    rules = every_rule(definition)
    found: Representatives = {}
    for question in definition.questions:
        mine = [r for r in rules if r.question == question.id]
        values: list[Answer | None]
        if question.type == "boolean":
            values = [True, False]
        elif question.type == "single":
            classes: dict[tuple[bool, ...], str] = {}
            for value in question.option_values():
                key = tuple(value in r.one_of for r in mine if r.one_of is not None)
                classes.setdefault(key, value)
            values = list(classes.values())
        elif question.type == "multi":
            values = list(_selections(question, [r.includes_any for r in mine if r.includes_any]))
        else:
            values = list(_numbers(question, thresholds(question, mine)))
        if not question.required:
            values.append(None)
        found[question.id] = values
    return found


def _selections(question: Question, tests: list[frozenset[str]]) -> list[list[str]]:
    """One selection for each combination of `includes_any` tests a valid selection can meet
    (options that are not exclusive in any combination, or one exclusive option alone)."""

    def key(selection: list[str]) -> tuple[bool, ...]:
        return tuple(bool(test.intersection(selection)) for test in tests)

    # Options that go together combine; an exclusive option is only ever chosen alone.
    alone = question.exclusive_values()
    classes: dict[tuple[bool, ...], list[str]] = {}
    for value in question.option_values():
        if value not in alone:
            classes.setdefault(key([value]), [value])
    grown = True
    while grown:
        grown = False
        for first, second in itertools.combinations(list(classes.values()), 2):
            union = first + [v for v in second if v not in first]
            if key(union) not in classes:
                classes[key(union)] = union
                grown = True
    for value in question.option_values():
        if value in alone:
            classes.setdefault(key([value]), [value])
    return list(classes.values())


def _numbers(question: Question, thresholds: list[float]) -> list[float | int]:
    """A number on, between, below and above every threshold (within min and max)."""
    points = sorted(
        {*thresholds, *(b for b in (question.minimum, question.maximum) if b is not None)}
    )
    points = points or [0]
    between = [(a + b) / 2 for a, b in itertools.pairwise(points)]
    if question.integer:  # a whole number strictly between, where there is one
        between = [
            float(math.floor(m))
            for (a, b), m in zip(itertools.pairwise(points), between, strict=True)
            if a < math.floor(m) < b
        ]
    values = [*points, *between]
    if question.minimum is None:
        values.append(points[0] - 1)
    if question.maximum is None:
        values.append(points[-1] + 1)
    return [whole(v) for v in values]
