"""Answer sets for the property tests of improvements, partial answers and ask_when.

Everything here is read from the definition (`quiz.questions()` and the conditions of
`quiz.default_definition()`) and re-implemented in plain test code, so the tests compare
the engine with an independent reading of the rules, not with itself.
"""

from __future__ import annotations

import itertools
from typing import Any

from hypothesis import strategies as st

import quiz
from quiz._model import Condition, Definition

DEFINITION: Definition = quiz.default_definition()
QUESTIONS: list[dict[str, Any]] = quiz.questions()["questions"]
BY_ID = {q["id"]: q for q in QUESTIONS}
QUESTION_IDS = [q["id"] for q in QUESTIONS]
OUTCOME_IDS = [o.id for o in DEFINITION.outcomes]
RANK = {outcome_id: rank for rank, outcome_id in enumerate(OUTCOME_IDS)}  # 0 is best
ASK_WHEN = {q.id: q.ask_when for q in DEFINITION.questions}

Answers = dict[str, Any]


def rules() -> list[Condition]:
    """Every single test of the definition (criteria and ask_when), `any` unfolded."""
    conditions = [c for criterion in DEFINITION.criteria for c in criterion.conditions]
    conditions += [c for q in DEFINITION.questions for c in q.ask_when]
    return [branch for c in conditions for branch in (c.any_of_conditions or (c,))]


def thresholds(question_id: str) -> list[float]:
    """The at_least / at_most values on a number question, inside its min and max."""
    question = BY_ID[question_id]
    low = question["min"] if question["min"] is not None else -float("inf")
    high = question["max"] if question["max"] is not None else float("inf")
    found = {t for r in rules() if r.question == question_id for t in (r.at_least, r.at_most)}
    return sorted(t for t in found if t is not None and low <= t <= high)


# --- the rules, read independently ------------------------------------------------------


def holds(condition: Condition, answers: Answers) -> bool:
    if condition.any_of_conditions:
        return any(holds(branch, answers) for branch in condition.any_of_conditions)
    if condition.question not in answers:
        return False
    value = answers[condition.question]
    if condition.one_of is not None:
        return value in condition.one_of
    if condition.includes_any is not None:
        return bool(condition.includes_any & set(value))
    if condition.equals is not None:
        return bool(value == condition.equals)
    above = condition.at_least is None or value >= condition.at_least
    below = condition.at_most is None or value <= condition.at_most
    return bool(above and below)


def counted(answers: Answers) -> Answers:
    """The answers that count: those to questions whose ask_when holds."""
    kept: Answers = {}
    for question_id in QUESTION_IDS:
        if question_id in answers and all(holds(c, kept) for c in ASK_WHEN[question_id]):
            kept[question_id] = answers[question_id]
    return kept


def is_asked(question_id: str, kept: Answers) -> bool:
    """Whether a question is asked, given the answers that count."""
    return all(holds(c, kept) for c in ASK_WHEN[question_id])


def met(answers: Answers) -> dict[str, bool]:
    """Each criterion's verdict on complete answers (the ones that count)."""
    kept = counted(answers)
    return {c.id: all(holds(x, kept) for x in c.conditions) for c in DEFINITION.criteria}


def outcome(verdicts: dict[str, bool]) -> str:
    done = {cid for cid, ok in verdicts.items() if ok}
    return next(o.id for o in DEFINITION.outcomes if set(o.requires) <= done)


def candidates(question_id: str, before: Any) -> list[Any]:
    """Every single change of one answer that a visitor could make and the improvements
    weigh: another option, the selection plus one option (an exclusive one alone), the other
    truth value, a threshold of the rules."""
    question = BY_ID[question_id]
    kind = question["type"]
    options = [option["value"] for option in question.get("options", [])]
    if kind == "boolean":
        return [not before] if before is not None else [True, False]
    if kind == "single":
        return [value for value in options if value != before]
    if kind == "multi":
        # Ticked as in the form: an exclusive option alone; any other one unticks those.
        chosen = before or []
        alone = exclusive(question)
        kept = [value for value in chosen if value not in alone]
        return [
            [value] if value in alone else [*kept, value]
            for value in options
            if value not in chosen
        ]
    return [t for t in thresholds(question_id) if t != before]


# --- strategies -------------------------------------------------------------------------


def _number(question: dict[str, Any]) -> st.SearchStrategy[float | int]:
    low, high = question["min"], question["max"]
    near = [
        v
        for t in thresholds(question["id"])
        for v in (t - 1, t - 0.5, t, t + 0.5, t + 1)
        if low <= v <= high
    ]
    if question.get("integer"):  # a count: only whole numbers are valid answers
        near = [v for v in near if float(v).is_integer()]
        return st.one_of(st.sampled_from(near or [low]), st.integers(int(low), int(high)))
    return st.one_of(
        st.sampled_from(near or [low]),
        st.integers(int(low), int(high)),
        st.floats(low, high, allow_nan=False).map(lambda x: round(x, 2)),
    )


def exclusive(question: dict[str, Any]) -> set[str]:
    """The options of a multi question that can only be chosen alone."""
    return {option["value"] for option in question.get("options", []) if option["exclusive"]}


def selections(question: dict[str, Any]) -> st.SearchStrategy[list[str]]:
    """Valid selections of a multi question: one exclusive option alone, or any non-empty
    choice of the others."""
    alone = sorted(exclusive(question))
    others = [o["value"] for o in question["options"] if o["value"] not in alone]
    choices = [st.lists(st.sampled_from(others), min_size=1, max_size=len(others), unique=True)]
    if alone:
        choices.append(st.sampled_from(alone).map(lambda value: [value]))
    return st.one_of(choices)


def valid_answer(question: dict[str, Any]) -> st.SearchStrategy[Any]:
    kind = question["type"]
    if kind == "boolean":
        return st.booleans()
    if kind == "number":
        return _number(question)
    if kind == "single":
        return st.sampled_from([option["value"] for option in question["options"]])
    return selections(question)


def complete_sets() -> st.SearchStrategy[Answers]:
    """Every question answered with a valid answer (hidden ones too: they must not count)."""
    return st.fixed_dictionaries({q["id"]: valid_answer(q) for q in QUESTIONS})


# --- a grid of one answer per class, for exhaustive checks ------------------------------


def grid_values(question_id: str) -> list[Any]:
    """Answers that between them meet every combination of the rules on this question."""
    question = BY_ID[question_id]
    kind = question["type"]
    if kind == "boolean":
        return [True, False]
    if kind == "number":
        low, high = question["min"], question["max"]
        step = 1 if question.get("integer") else 0.5
        points = {v for t in thresholds(question_id) for v in (t - step, t, t + step)}
        return sorted(v for v in points if low <= v <= high) or [low]
    values = [option["value"] for option in question["options"]]
    tests = [
        r.one_of if kind == "single" else r.includes_any
        for r in rules()
        if r.question == question_id
    ]
    # Options that every rule treats alike are interchangeable: keep the first of each,
    # preferring one that may go together with others.
    alone = exclusive(question)
    kept: dict[tuple[bool, ...], str] = {}
    for value in sorted(values, key=lambda value: value in alone):
        kept.setdefault(tuple(value in t for t in tests if t is not None), value)
    if kind == "single":
        return list(kept.values())
    # Every option alone, and all options that may go together (none of the exclusive ones).
    together = [v for v in kept.values() if v not in alone]
    return [[v] for v in kept.values()] + ([together] if len(together) > 1 else [])


def grid() -> list[Answers]:
    columns = [grid_values(question_id) for question_id in QUESTION_IDS]
    return [dict(zip(QUESTION_IDS, row, strict=True)) for row in itertools.product(*columns)]
