"""Answers + definition -> result. Pure, standard library only, never raises on answers.

This is the code that runs unchanged in CPython, in Pyodide under Node and in the browser.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections.abc import Callable, Iterable
from typing import Any, cast

from ._model import Answer, Condition, Criterion, Definition, Outcome, Question

# Result and error objects are plain JSON-ready dicts: they cross into JavaScript as they are.
Result = dict[str, Any]
Error = dict[str, str | None]

# Numbers as visitors type them: "250", "2,5", "2.5" and, Dutch style, "1.000" or "1.000,5".
_DUTCH_GROUPED = re.compile(r"[+-]?\d{1,3}(?:\.\d{3})+(?:,\d{1,20})?")
_PLAIN = re.compile(r"[+-]?\d{1,20}(?:[.,]\d{1,20})?")
_MAX_ECHO = 60  # an unknown key is quoted back to the visitor at most this long


def no_result(errors: list[Error]) -> Result:
    """The result when answers cannot be judged: no outcome, only the errors."""
    return {
        "outcome": None,
        "criteria": {},
        "next_step": None,
        "errors": errors,
        "improvements": [],
    }


def evaluate(definition: Definition, answers: object, *, partial: bool = False) -> Result:
    """Judge `answers` (question id -> answer) against `definition`.

    With `partial`, unanswered questions are no errors: a criterion's `met` (and the outcome)
    is only given once no answer still to come can change it, and `asked` lists the
    questions asked so far.
    """
    checked, errors = check_answers(definition, answers, partial=partial)
    if partial:
        return _evaluate_partial(definition, checked, errors)
    if errors:
        return no_result(errors)
    criteria = {c.id: _judge(c, checked) for c in definition.criteria}
    outcome = _first_outcome(definition, {cid for cid, v in criteria.items() if v["met"]})
    return {
        "outcome": outcome.id,
        "criteria": criteria,
        "next_step": _next_step(outcome),
        "errors": [],
        "improvements": _improvements(definition, checked, outcome.id, partial=None),
    }


def check_answers(
    definition: Definition, answers: object, *, partial: bool = False
) -> tuple[dict[str, Answer], list[Error]]:
    """Validate and normalise answers; return the ones that count and one error per problem.

    A question whose `ask_when` does not hold is not asked: its answer, if any, is ignored
    (neither checked nor counted), so an answer left behind in a hidden field never counts.
    """
    messages = definition.messages
    if not isinstance(answers, dict):
        return {}, [{"question": None, "message": messages["not_an_object"]}]
    raw = cast(dict[object, object], answers)
    errors: list[Error] = []
    known = {q.id for q in definition.questions}
    for key in raw:
        if not isinstance(key, str) or key not in known:
            shown = str(key)[:_MAX_ECHO]
            errors.append(
                {
                    "question": key if isinstance(key, str) else None,
                    "message": messages["unknown_question"].format(question=shown),
                }
            )
    checked: dict[str, Answer] = {}
    for question in definition.questions:
        if not _is_asked(question, checked):
            continue
        value = raw.get(question.id)
        if _is_blank(value):
            if question.required and not partial:
                errors.append({"question": question.id, "message": messages["required"]})
            continue
        answer, problem = _check(question, value, messages)
        if problem is not None:
            errors.append({"question": question.id, "message": problem})
        elif answer is not None:
            checked[question.id] = answer
    return checked, errors


# --- Helper functions -----------------------------------------------------------------


def _is_blank(value: object) -> bool:
    return value is None or value == [] or (isinstance(value, str) and not value.strip())


def _check(
    question: Question, value: object, messages: dict[str, str]
) -> tuple[Answer | None, str | None]:
    """One answer: (normalised answer, None) or (None, Dutch message)."""
    if question.type == "boolean":
        if not isinstance(value, bool):
            return None, messages["wrong_type"]
        return value, None
    if question.type == "single":
        if not isinstance(value, str):
            return None, messages["wrong_type"]
        if value not in question.option_values():
            return None, messages["unknown_option"]
        return value, None
    if question.type == "multi":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return None, messages["wrong_type"]
        values = cast(list[str], value)
        if any(v not in question.option_values() for v in values):
            return None, messages["unknown_option"]
        if len(set(values)) != len(values):
            return None, messages["duplicate_option"]
        alone = question.exclusive_values().intersection(values)
        if alone and len(values) > 1:  # an option that goes alone, beside another one
            label = question.option_label(next(v for v in values if v in alone))
            return None, messages["exclusive_option"].format(option=label)
        return values, None
    return _check_number(question, value, messages)


def _check_number(
    question: Question, value: object, messages: dict[str, str]
) -> tuple[Answer | None, str | None]:
    number: float | int
    if isinstance(value, bool):
        return None, messages["wrong_type"]
    if isinstance(value, int | float):
        number = value
    elif isinstance(value, str):
        # The form passes what the visitor typed on unchanged; reading it is the engine's job.
        parsed = _parse_number(value.strip())
        if parsed is None:
            return None, messages["not_a_number"]
        number = parsed
    else:
        return None, messages["wrong_type"]
    if isinstance(number, float):
        if math.isnan(number):
            return None, messages["not_a_number"]
        if number.is_integer():
            number = int(number)
    unit = question.unit
    if question.minimum is not None and number < question.minimum:
        return None, messages["below_minimum"].format(min=show_number(question.minimum), unit=unit)
    if question.maximum is not None and number > question.maximum:
        return None, messages["above_maximum"].format(max=show_number(question.maximum), unit=unit)
    if isinstance(number, float) and math.isinf(number):
        return None, messages["not_a_number"]
    return number, None


def _parse_number(text: str) -> float | None:
    if _DUTCH_GROUPED.fullmatch(text):
        return float(text.replace(".", "").replace(",", "."))
    if _PLAIN.fullmatch(text):
        return float(text.replace(",", "."))
    return None


def show_number(number: float) -> str:
    """A threshold as a Dutch reader writes it: 10, 2,5, 100.000."""
    if float(number).is_integer():
        return f"{int(number):,}".replace(",", ".")
    return str(number).replace(".", ",")


def _judge(criterion: Criterion, answers: dict[str, Answer]) -> dict[str, Any]:
    for condition in criterion.conditions:
        if not _holds(condition, answers):
            return {"met": False, "reason": condition.reason_not_met}
    return {"met": True, "reason": criterion.reason_met}


def _holds(condition: Condition, answers: dict[str, Answer]) -> bool:
    if condition.any_of_conditions:
        return any(_holds(branch, answers) for branch in condition.any_of_conditions)
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


def _is_asked(question: Question, counted: dict[str, Answer]) -> bool:
    """Whether `question` is asked, given the answers that count to the questions before it."""
    return all(_holds(condition, counted) for condition in question.ask_when)


def _effective(definition: Definition, values: dict[str, Answer]) -> dict[str, Answer]:
    """The answers that count: those to questions that are asked."""
    counted: dict[str, Answer] = {}
    for question in definition.questions:
        if question.id in values and _is_asked(question, counted):
            counted[question.id] = values[question.id]
    return counted


def _first_outcome(definition: Definition, met: set[str]) -> Outcome:
    # The validator guarantees that the last outcome requires nothing.
    return next(o for o in definition.outcomes if set(o.requires) <= met)


def _next_step(outcome: Outcome) -> dict[str, Any]:
    step = outcome.next_step
    return {
        "kind": step.kind,
        "title": step.title,
        "text": step.text,
        "action": step.action,
        "links": [{"label": link.label, "url": link.url} for link in step.links],
        "booking": step.booking,
    }


def _met(criterion: Criterion, answers: dict[str, Answer]) -> bool:
    return all(_holds(condition, answers) for condition in criterion.conditions)


# --- Partial answers ------------------------------------------------------------------
#
# A completion of partial answers is any complete, valid set of answers that keeps the
# answers that count now. A verdict is decided when every completion gives the same one.
# Only the class of an answer matters (which conditions it meets), so the completions are
# enumerated over one representative answer per class, and only for the unanswered
# questions the verdict depends on (directly or through their `ask_when`).

Representatives = dict[str, list[Answer | None]]


def _evaluate_partial(
    definition: Definition, counted: dict[str, Answer], errors: list[Error]
) -> Result:
    partial = _Partial(definition, counted)
    criteria = {c.id: partial.criterion(c) for c in definition.criteria}
    outcome = None if errors else partial.outcome({k: v["met"] for k, v in criteria.items()})
    asked = [q.id for q in definition.questions if partial.may_ask(q)]
    # What would change the result is worked out once every question asked is answered:
    # before that the visitor is still answering (and it would cost a lot of enumerating).
    complete = outcome is not None and all(question_id in counted for question_id in asked)
    return {
        "outcome": outcome.id if outcome else None,
        "criteria": criteria,
        "next_step": _next_step(outcome) if outcome else None,
        "errors": errors,
        "improvements": (
            _improvements(definition, counted, outcome.id, partial=partial.representatives)
            if outcome and complete
            else []
        ),
        "asked": asked,
    }


class _Partial:
    """Verdicts on partial answers that hold for every completion."""

    def __init__(
        self,
        definition: Definition,
        counted: dict[str, Answer],
        representatives: Representatives | None = None,
    ) -> None:
        self.definition = definition
        self.counted = counted
        self.representatives = representatives or _representatives(definition)
        self.missing = [q for q in definition.questions if q.id not in counted]

    def possible[T](
        self, conditions: Iterable[Condition], verdict: Callable[[dict[str, Answer]], T]
    ) -> set[T]:
        """The verdicts completions can give (stops at two: then it is not decided)."""
        relevant = _depends_on(self.definition, conditions)
        free = [q for q in self.missing if q.id in relevant]
        seen: set[T] = set()
        for combination in itertools.product(*(self.representatives[q.id] for q in free)):
            values = dict(self.counted)
            values.update(
                (q.id, v) for q, v in zip(free, combination, strict=True) if v is not None
            )
            seen.add(verdict(_effective(self.definition, values)))
            if len(seen) > 1:
                break
        return seen

    def may_ask(self, question: Question) -> bool:
        """Whether `question` is asked, or still may be once earlier questions are answered."""
        return True in self.possible(question.ask_when, functools.partial(_is_asked, question))

    def met(self, criterion: Criterion) -> bool | None:
        verdicts = self.possible(criterion.conditions, functools.partial(_met, criterion))
        return verdicts.pop() if len(verdicts) == 1 else None

    def criterion(self, criterion: Criterion) -> dict[str, Any]:
        met = self.met(criterion)
        if met is None:
            return {"met": None, "reason": None}
        if met:
            return {"met": True, "reason": criterion.reason_met}
        # The reason of the first condition that fails in every completion (or, when only
        # their combination fails, of the first that can fail).
        truths = [
            (c, self.possible((c,), functools.partial(_holds, c))) for c in criterion.conditions
        ]
        failing = next((c for c, t in truths if t == {False}), None)
        failing = failing or next(c for c, t in truths if False in t)
        return {"met": False, "reason": failing.reason_not_met}

    def outcome(self, met: dict[str, bool | None]) -> Outcome | None:
        open_ids = [cid for cid, value in met.items() if value is None]
        sure = {cid for cid, value in met.items() if value}
        candidates = {
            _first_outcome(
                self.definition, sure | {c for c, on in zip(open_ids, ons, strict=True) if on}
            ).id
            for ons in itertools.product((True, False), repeat=len(open_ids))
        }
        if len(candidates) > 1:  # the open criteria may depend on each other: look closer
            conditions = [c for criterion in self.definition.criteria for c in criterion.conditions]
            candidates = self.possible(conditions, self.outcome_of)
        return self.definition.outcome(candidates.pop()) if len(candidates) == 1 else None

    def outcome_of(self, answers: dict[str, Answer]) -> str:
        met = {c.id for c in self.definition.criteria if _met(c, answers)}
        return _first_outcome(self.definition, met).id


def _rules(definition: Definition) -> list[Condition]:
    """Every single test in the definition: criteria and ask_when, `any` unfolded."""
    conditions = [c for criterion in definition.criteria for c in criterion.conditions]
    conditions += [c for question in definition.questions for c in question.ask_when]
    return [rule for c in conditions for rule in (c.any_of_conditions or (c,))]


def _depends_on(definition: Definition, conditions: Iterable[Condition]) -> set[str]:
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


def _representatives(definition: Definition) -> Representatives:
    """One answer for each class of answers the rules tell apart (None: left open)."""
    rules = _rules(definition)
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
            values = list(_numbers(question, _thresholds(question, mine)))
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


def _thresholds(question: Question, rules: list[Condition]) -> list[float]:
    """The bounds the rules put on a number question, inside its min and max."""
    low = -math.inf if question.minimum is None else question.minimum
    high = math.inf if question.maximum is None else question.maximum
    bounds = {t for r in rules for t in (r.at_least, r.at_most) if t is not None}
    return sorted(t for t in bounds if low <= t <= high)


def _numbers(question: Question, thresholds: list[float]) -> list[float | int]:
    """A number on, between, below and above every threshold (within min and max)."""
    points = sorted(
        {*thresholds, *(b for b in (question.minimum, question.maximum) if b is not None)}
    )
    points = points or [0]
    values = [*points, *((a + b) / 2 for a, b in itertools.pairwise(points))]
    if question.minimum is None:
        values.append(points[0] - 1)
    if question.maximum is None:
        values.append(points[-1] + 1)
    return [_whole(v) for v in values]


def _whole(number: float) -> float | int:
    return int(number) if float(number).is_integer() else number


# --- Improvements ---------------------------------------------------------------------


def _improvements(
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
    rules = _rules(definition)
    found: list[tuple[int, int, int, dict[str, Any]]] = []
    for index, question in enumerate(definition.questions):
        if not _is_asked(question, counted):
            continue
        before = counted.get(question.id)
        better: list[tuple[int, Answer, str]] = []
        for answer in _candidates(question, before, rules):
            outcome = _settled_outcome(definition, {**counted, question.id: answer}, partial)
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
    return [item[3] for item in found]


def _candidates(question: Question, before: Answer | None, rules: list[Condition]) -> list[Answer]:
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
    return [_whole(t) for t in _thresholds(question, mine) if t != before]


def _settled_outcome(
    definition: Definition, values: dict[str, Answer], partial: Representatives | None
) -> str | None:
    """The outcome of changed answers; None when a required question is then unanswered
    (or, with `partial`, when the outcome is not decided yet)."""
    counted = _effective(definition, values)
    if partial is not None:
        judged = _Partial(definition, counted, partial)
        met = {c.id: judged.met(c) for c in definition.criteria}
        outcome = judged.outcome(met)
        return outcome.id if outcome else None
    for question in definition.questions:
        if question.required and question.id not in counted and _is_asked(question, counted):
            return None
    return _first_outcome(definition, {c.id for c in definition.criteria if _met(c, counted)}).id
