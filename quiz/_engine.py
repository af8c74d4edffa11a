"""Answers + definition -> result. Pure, standard library only, never raises on answers.

This is the code that runs unchanged in CPython, in Pyodide under Node and in the browser.
"""

from __future__ import annotations

import math
import re
from typing import Any, cast

from ._model import Answer, Condition, Criterion, Definition, Question

# Result and error objects are plain JSON-ready dicts: they cross into JavaScript as they are.
Result = dict[str, Any]
Error = dict[str, str | None]

# Numbers as visitors type them: "250", "2,5", "2.5" and, Dutch style, "1.000" or "1.000,5".
_DUTCH_GROUPED = re.compile(r"[+-]?\d{1,3}(?:\.\d{3})+(?:,\d{1,20})?")
_PLAIN = re.compile(r"[+-]?\d{1,20}(?:[.,]\d{1,20})?")
_MAX_ECHO = 60  # an unknown key is quoted back to the visitor at most this long


def evaluate(definition: Definition, answers: object) -> Result:
    """Judge `answers` (question id -> answer) against `definition`."""
    checked, errors = check_answers(definition, answers)
    if errors:
        return {"outcome": None, "criteria": {}, "next_step": None, "errors": errors}
    criteria = {c.id: _judge(c, checked) for c in definition.criteria}
    met = {cid for cid, verdict in criteria.items() if verdict["met"]}
    # The validator guarantees that the last outcome requires nothing.
    outcome = next(o for o in definition.outcomes if set(o.requires) <= met)
    step = outcome.next_step
    return {
        "outcome": outcome.id,
        "criteria": criteria,
        "next_step": {
            "kind": step.kind,
            "title": step.title,
            "text": step.text,
            "action": step.action,
            "links": [{"label": link.label, "url": link.url} for link in step.links],
        },
        "errors": [],
    }


def check_answers(definition: Definition, answers: object) -> tuple[dict[str, Answer], list[Error]]:
    """Validate and normalise answers; return the usable ones and one error per problem."""
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
        value = raw.get(question.id)
        if _is_blank(value):
            if question.required:
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
        return None, messages["below_minimum"].format(min=_show(question.minimum), unit=unit)
    if question.maximum is not None and number > question.maximum:
        return None, messages["above_maximum"].format(max=_show(question.maximum), unit=unit)
    if isinstance(number, float) and math.isinf(number):
        return None, messages["not_a_number"]
    return number, None


def _parse_number(text: str) -> float | None:
    if _DUTCH_GROUPED.fullmatch(text):
        return float(text.replace(".", "").replace(",", "."))
    if _PLAIN.fullmatch(text):
        return float(text.replace(",", "."))
    return None


def _show(number: float) -> str:
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
