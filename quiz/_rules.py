"""The rules' small pieces shared by full and partial evaluation and the improvements.

Standard library only, like the rest of the runtime; every name here is for the package.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from ._model import Answer, Condition, Criterion, Definition, Outcome, Question

# Result and error objects are plain JSON-ready dicts: they cross into JavaScript as they are.
Result = dict[str, Any]
Error = dict[str, str | None]


def show_number(number: float) -> str:
    """A threshold as a Dutch reader writes it: 10, 2,5, 100.000."""
    if float(number).is_integer():
        return f"{int(number):,}".replace(",", ".")
    return str(number).replace(".", ",")


def holds(condition: Condition, answers: dict[str, Answer]) -> bool:
    if condition.any_of_conditions:
        return any(holds(branch, answers) for branch in condition.any_of_conditions)
    answer = answers.get(condition.question)
    if answer is None:
        return False
    if condition.one_of is not None:
        return answer in condition.one_of
    if condition.includes_any is not None:
        return isinstance(answer, list) and bool(condition.includes_any.intersection(answer))
    if condition.equals is not None:
        return answer is condition.equals
    if isinstance(answer, bool) or not isinstance(answer, int | float):
        return False
    if condition.at_least is not None and answer < condition.at_least:
        return False
    return not (condition.at_most is not None and answer > condition.at_most)


def is_asked(question: Question, counted: dict[str, Answer]) -> bool:
    """Whether `question` is asked, given the answers that count to the questions before it."""
    return all(holds(condition, counted) for condition in question.ask_when)


def effective(definition: Definition, values: dict[str, Answer]) -> dict[str, Answer]:
    """The answers that count: those to questions that are asked."""
    counted: dict[str, Answer] = {}
    for question in definition.questions:
        if question.id in values and is_asked(question, counted):
            counted[question.id] = values[question.id]
    return counted


def first_outcome(definition: Definition, met: set[str]) -> Outcome:
    # The validator guarantees that the last outcome requires nothing.
    return next(o for o in definition.outcomes if set(o.requires) <= met)


def is_met(criterion: Criterion, answers: dict[str, Answer]) -> bool:
    return all(holds(condition, answers) for condition in criterion.conditions)


def not_met(
    condition: Condition, answers: dict[str, Answer], asked: Callable[[str], bool]
) -> dict[str, Any]:
    """The verdict of a criterion that fails on `condition`, with the reason that fits: the
    text for the answer given or, when its question (every branch's, for an `any`) was not
    asked, `reason_not_asked`. `asked` is False then: the visitor was never asked."""
    branches = condition.any_of_conditions or (condition,)
    if not any(asked(branch.question) for branch in branches):
        reason = condition.reason_not_asked or condition.reason_not_met
        return {"met": False, "reason": reason, "asked": False}
    reason = condition.reason_for(answers.get(condition.question))
    return {"met": False, "reason": reason, "asked": True}


def every_rule(definition: Definition) -> list[Condition]:
    """Every single test in the definition: criteria and ask_when, `any` unfolded."""
    conditions = [c for criterion in definition.criteria for c in criterion.conditions]
    conditions += [c for question in definition.questions for c in question.ask_when]
    return [rule for c in conditions for rule in (c.any_of_conditions or (c,))]


def thresholds(question: Question, rules: list[Condition]) -> list[float]:
    """The bounds the rules put on a number question, inside its min and max."""
    low = -math.inf if question.minimum is None else question.minimum
    high = math.inf if question.maximum is None else question.maximum
    bounds = {t for r in rules for t in (r.at_least, r.at_most) if t is not None}
    return sorted(t for t in bounds if low <= t <= high)


def whole(number: float) -> float | int:
    return int(number) if float(number).is_integer() else number
