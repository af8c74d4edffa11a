"""Answers + definition -> result. Pure, standard library only, never raises on answers.

This is the code that runs unchanged in CPython, in Pyodide under Node and in the browser.
Full evaluation lives here; partial answers are judged in `_partial`, the changes that
would give a better outcome are found in `_improve`.
"""

from __future__ import annotations

import functools
import math
import re
from typing import Any, cast

from ._combinations import combinations
from ._improve import improvements
from ._model import Answer, Criterion, Definition, Outcome, Question
from ._partial import Partial
from ._rules import Error, Result, first_outcome, holds, is_asked, not_met, show_number

__all__ = ["Error", "Result", "check_answers", "evaluate", "no_result"]

# Numbers as visitors type them: "250", "2,5", "2.5" and, Dutch style, "1.000" or "1.000,5".
_DUTCH_GROUPED = re.compile(r"[+-]?\d{1,3}(?:\.\d{3})+(?:,\d{1,20})?")
_PLAIN = re.compile(r"[+-]?\d{1,20}(?:[.,]\d{1,20})?")
_MAX_ECHO = 60  # an unknown key is quoted back to the visitor at most this long


def no_result(errors: list[Error]) -> Result:
    """The result when answers cannot be judged: no outcome, only the errors."""
    return {
        "outcome": None,
        "best": False,
        "criteria": {},
        "next_step": None,
        "errors": errors,
        "improvements": [],
        "combinations": [],
    }


def evaluate(definition: Definition, answers: object, *, partial: bool = False) -> Result:
    """Judge `answers` (question id -> answer) against `definition`.

    With `partial`, unanswered questions are no errors: a criterion's `met` (and the outcome)
    is only given once no answer still to come can change it, and `asked` lists the
    questions asked so far.
    """
    checked, errors = check_answers(definition, answers, partial=partial)
    if partial:
        return _partial_result(definition, checked, errors)
    if errors:
        return no_result(errors)
    criteria = {c.id: _judge(definition, c, checked) for c in definition.criteria}
    outcome = first_outcome(definition, {cid for cid, v in criteria.items() if v["met"]})
    changes = improvements(definition, checked, outcome.id, partial=None)
    rank = {o.id: index for index, o in enumerate(definition.outcomes)}
    best_single = min([rank[c["outcome"]] for c in changes], default=rank[outcome.id])
    return {
        "outcome": outcome.id,
        "best": outcome.id == definition.outcomes[0].id,
        "criteria": criteria,
        "next_step": _next_step(outcome),
        "errors": [],
        "improvements": changes,
        "combinations": combinations(definition, checked, outcome.id, best_single),
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
        if not is_asked(question, checked):
            continue
        value = raw.get(question.id)
        if _is_blank(value):
            if question.required and not partial:
                errors.append({"question": question.id, "message": messages["required"]})
            continue
        answer, problem = check_answer(question, value, messages)
        if problem is not None:
            errors.append({"question": question.id, "message": problem})
        elif answer is not None:
            checked[question.id] = answer
    return checked, errors


# --- Helper functions -----------------------------------------------------------------


def _is_blank(value: object) -> bool:
    return value is None or value == [] or (isinstance(value, str) and not value.strip())


def check_answer(
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
        parsed = parse_number(value.strip())
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
    if question.integer and isinstance(number, float):  # whole floats became ints above
        return None, messages["not_a_whole_number"].format(unit=unit)
    return number, None


def parse_number(text: str) -> float | None:
    if _DUTCH_GROUPED.fullmatch(text):
        return float(text.replace(".", "").replace(",", "."))
    if _PLAIN.fullmatch(text):
        return float(text.replace(",", "."))
    return None


def _judge(
    definition: Definition, criterion: Criterion, answers: dict[str, Answer]
) -> dict[str, Any]:
    for condition in criterion.conditions:
        if not holds(condition, answers):
            return not_met(condition, answers, functools.partial(_asked, definition, answers))
    return {"met": True, "reason": criterion.reason_for(answers), "asked": True}


def _asked(definition: Definition, answers: dict[str, Answer], question_id: str) -> bool:
    question = definition.question(question_id)
    return question is not None and is_asked(question, answers)


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


def _partial_result(
    definition: Definition, counted: dict[str, Answer], errors: list[Error]
) -> Result:
    partial = Partial(definition, counted)
    criteria = {c.id: partial.criterion(c) for c in definition.criteria}
    outcome = None if errors else partial.outcome({k: v["met"] for k, v in criteria.items()})
    asked = [q.id for q in definition.questions if partial.may_ask(q)]
    # What would change the result is worked out once every question asked is answered:
    # before that the visitor is still answering (and it would cost a lot of enumerating).
    complete = outcome is not None and all(question_id in counted for question_id in asked)
    return {
        "outcome": outcome.id if outcome else None,
        "best": outcome is not None and outcome.id == definition.outcomes[0].id,
        "criteria": criteria,
        "next_step": _next_step(outcome) if outcome else None,
        "errors": errors,
        "improvements": (
            improvements(definition, counted, outcome.id, partial=partial.representatives)
            if outcome and complete
            else []
        ),
        "combinations": [],  # sets of changes come with the whole result only
        "asked": asked,
    }
