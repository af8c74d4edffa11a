"""Answer sets for the evaluation benchmark: valid and invalid, from the live questions.

Generated from `quiz.questions()` (so they follow the definition) with a fixed seed, plus
every answer set of the shared case table. CPython's `quiz` labels each one (outcome or
errors) and gives the reference result the browser's answers are compared with.
"""

from __future__ import annotations

import json
import random
from typing import Any

import quiz
from quiz.browser import handle
from tests.support.cases import cases

SEED = 20250701
_HOSTILE_TEXT = ('<img src=x onerror="alert(1)">', "</script><script>alert(1)</script>", "x" * 5000)


def case_answers() -> list[Any]:
    """The answer sets of the shared case table, in order."""
    return [case["answers"] for case in cases()]


def answer_sets(count: int, *, seed: int = SEED) -> list[Any]:
    """`count` answer sets: the case table first, then about 60% valid, 40% invalid ones."""
    questions: list[dict[str, Any]] = quiz.questions()["questions"]
    rng = random.Random(seed)
    sets = case_answers()[:count]
    while len(sets) < count:
        if rng.random() < 0.6:
            sets.append(_valid(rng, questions))
        else:
            sets.append(_invalid(rng, questions))
    return sets


def reference(answers: Any) -> dict[str, Any]:
    """CPython's result for one answer set: what the browser must return too."""
    result: dict[str, Any] = json.loads(handle("evaluate", json.dumps(answers)))
    return result


# --- Helper functions -----------------------------------------------------------------


def _valid(rng: random.Random, questions: list[dict[str, Any]]) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for question in questions:
        answers[question["id"]] = _valid_value(rng, question)
    return answers


def _valid_value(rng: random.Random, question: dict[str, Any]) -> Any:
    kind = question["type"]
    if kind == "boolean":
        return rng.random() < 0.8
    options = [o["value"] for o in question.get("options", [])]
    if kind == "single":
        return rng.choice(options)
    if kind == "multi":
        return rng.sample(options, rng.randint(1, min(3, len(options))))
    low, high = question.get("min") or 1, question.get("max") or 1_000_000
    number = round(10 ** rng.uniform(0, 4))
    number = max(low, min(high, number))
    form = rng.random()
    if form < 0.5:
        return number
    if form < 0.8:
        return str(number)
    return f" {number},{rng.randint(0, 9)} "


def _invalid(rng: random.Random, questions: list[dict[str, Any]]) -> Any:
    answers: Any = _valid(rng, questions)
    target = rng.choice(questions)
    kind = rng.randrange(8)
    if kind == 0:  # a required answer missing
        del answers[target["id"]]
    elif kind == 1:  # an option that is not offered, or HTML in its place
        answers[target["id"]] = rng.choice(["bestaat-niet", *_HOSTILE_TEXT])
    elif kind == 2:  # the wrong type
        answers[target["id"]] = rng.choice([None, [], {}, 3.5, "ja", [1, 2], {"a": [{}]}])
    elif kind == 3:  # a number out of range or not a number
        numeric = next(q for q in questions if q["type"] == "number")
        answers[numeric["id"]] = rng.choice([0, -4, 10**9, "veel", "12 medewerkers", "", "  "])
    elif kind == 4:  # unknown keys next to valid answers
        answers["onbekend"] = rng.choice(_HOSTILE_TEXT)
    elif kind == 5:  # several problems at once
        for question in rng.sample(questions, 3):
            answers[question["id"]] = "?"
    elif kind == 6:  # deep nesting
        nested: Any = "diep"
        for _ in range(50):
            nested = [nested]
        answers[target["id"]] = nested
    else:  # not an object at all
        answers = rng.choice([[], None, "tekst", 42, True, [answers]])
    return answers
