"""Python's replies to the stepper's first steps, made by the build and put in the page.

On a cold visit Python needs seconds to start (megabytes to download, a runtime to start);
a visitor answers the first question sooner. For the answers the page can send before any
number is typed (every combination of the leading yes/no and single-choice questions,
each answered or not), the build asks the engine now, through the browser's own entry
point (`quiz.browser.handle`), and the page (overrides/assets/quiz/client.mjs) looks a
request up by its exact text until Python is ready. Nothing is worked out in JavaScript:
a request the table does not hold waits for Python, as before.

The request text is what the page sends: `JSON.stringify` of the answers in question
order (yes/no as true/false, a choice as its value), which is `json.dumps` with compact
separators and without ASCII escapes.
"""

from __future__ import annotations

import itertools
import json
from typing import Any

from quiz import Definition, questions
from quiz.browser import handle

KINDS = ("evaluate", "partial")  # what the form asks for each change of the answers
PREPARED_TYPES = ("boolean", "single")  # questions whose every answer can be listed
MAX_STATES = 200  # answer sets at most (two replies each): a few kB gzip in the page


def request_text(answers: dict[str, Any]) -> str:
    """The text of a request as the page writes it (`JSON.stringify`)."""
    return json.dumps(answers, ensure_ascii=False, separators=(",", ":"))


def prepared_key(kind: str, answers: dict[str, Any]) -> str:
    """How the page looks a reply up: the request's kind, a space, its text."""
    return f"{kind} {request_text(answers)}"


def first_step_answers(definition: Definition) -> list[dict[str, Any]]:
    """Every answer set of the leading listable questions, each answered or not, in
    question order; as many leading questions as fit in MAX_STATES."""
    choices: list[tuple[str, list[Any]]] = []
    states = 1
    for question in questions(definition)["questions"]:
        if question["type"] not in PREPARED_TYPES:
            break
        values: list[Any] = (
            [True, False]
            if question["type"] == "boolean"
            else [o["value"] for o in question["options"]]
        )
        if states * (len(values) + 1) > MAX_STATES:
            break
        states *= len(values) + 1
        choices.append((question["id"], values))
    sets = []
    for combination in itertools.product(*[[None, *values] for _, values in choices]):
        sets.append(
            {
                qid: value
                for (qid, _), value in zip(choices, combination, strict=True)
                if value is not None
            }
        )
    return sets


def prepared_replies(definition: Definition) -> dict[str, str]:
    """`prepared_key` -> the engine's reply text, for every first-step answer set."""
    return {
        prepared_key(kind, answers): handle(kind, request_text(answers), definition=definition)
        for answers in first_step_answers(definition)
        for kind in KINDS
    }
