"""The requests the snapshot warm-up sends through `quiz.browser.handle`.

A memory snapshot keeps only what Python has imported, and the trimmed standard library
holds only what a boot with the same warm-up imports. So the warm-up walks every path a
visitor's request can take: the definition's examples, every kind of wrong answer for every
question, answers that are no object, every booking provider, odd contact details and
tracking values, a broken booking setting, unreadable requests and an unknown kind.
"""

from __future__ import annotations

import json
from typing import Any

import quiz

_CONFIGS: list[object] = [
    {"email": "info@example.nl"},
    {"provider": "calcom", "url": "https://cal.example/x?a=1", "email": "info@example.nl"},
    {"provider": "calendly", "url": "https://calendly.example/x", "email": "info@example.nl"},
    {"provider": "teams", "email": "info@example.nl"},  # refused: an error, not a link
    None,
]
_CONTACTS: list[object] = [
    None,
    {"name": "Naam Achternaam", "email": "naam@example.nl"},
    {"name": "Naam", "email": "geen adres"},
    {"name": "\ud800", "email": 42},
    "geen object",
]
_UTMS: list[object] = [
    {"utm_source": "bron", "utm_medium": "\ud800", "utm_campaign": " campagne  x ", "x": "y"},
    ["geen object"],
]
_NOT_AN_OBJECT: list[object] = [None, [], [{}], "tekst", 42, True]


def warm_up_requests(definition_data: Any) -> list[tuple[str, str]]:
    """(kind, JSON text) pairs for `quiz.browser.handle`, built from the definition alone."""
    definition = quiz.build_definition(definition_data, source="definition")
    valid = [dict(example.answers) for example in definition.examples]
    base = valid[0] if valid else _filled(definition)
    unknown = {**base, "onbekende-vraag": 1}
    answer_sets: list[object] = [*valid, base, unknown, {}, *_NOT_AN_OBJECT]
    for question in definition.questions:
        for value in _odd_values(question):
            answer_sets.append({**base, question.id: value})
        answer_sets.append({key: value for key, value in base.items() if key != question.id})

    requests = [("evaluate", _json(answers)) for answers in answer_sets]
    for answers in [*valid, base, unknown, None]:
        for config in _CONFIGS:
            for contact in _CONTACTS:
                request = {"answers": answers, "config": config, "contact": contact}
                requests.append(("booking", _json(request)))
    for utm in _UTMS:
        request = {"answers": base, "config": _CONFIGS[1], "contact": None, "utm": utm}
        requests.append(("booking", _json(request)))
    requests += [
        ("evaluate", '{"medewerkers": ' + "9" * 5000 + "}"),  # longer than Python reads
        ("evaluate", "{"),
        ("booking", "[]"),
        ("booking", "NaN"),
        ("onbekend", "{}"),
    ]
    return requests


def _filled(definition: quiz.Definition) -> dict[str, object]:
    """Answers to every question that pass the checks (for a definition without examples)."""
    answers: dict[str, object] = {}
    for question in definition.questions:
        if question.type == "boolean":
            answers[question.id] = True
        elif question.type == "single":
            answers[question.id] = question.options[0].value
        elif question.type == "multi":
            answers[question.id] = [question.options[0].value]
        else:
            answers[question.id] = question.minimum if question.minimum is not None else 1
    return answers


def _odd_values(question: quiz.Question) -> list[object]:
    """Answers of the wrong kind for this question, and the edge cases of its kind."""
    values: list[object] = [None, "", "   ", {"a": 1}, ["x", "x"], "\ud800"]
    if question.type == "boolean":
        return [*values, "true", 1, False]
    if question.type == "single":
        return [*values, 3, "bestaat-niet", question.options[0].value.upper()]
    if question.type == "multi":
        first = question.options[0].value
        # An option that goes alone (exclusive) beside another one.
        alone = [[o.value, first] for o in question.options if o.exclusive and o.value != first]
        return [*values, [], first, [1], ["bestaat-niet"], [first, first], [first], *alone[:1]]
    low = question.minimum if question.minimum is not None else 0
    high = question.maximum if question.maximum is not None else 1e9
    return [
        *values,
        True,
        "veel",
        "25 medewerkers",
        "1.000",
        "2,5",
        " 7 ",
        "-3",
        low - 1,
        high + 1,
        low + 0.5,
        float("nan"),
        float("inf"),
    ]


def _json(value: object) -> str:
    return json.dumps(value)
