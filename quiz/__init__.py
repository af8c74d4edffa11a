"""The self-assessment "Ben ik een prospect?": one definition, one set of rules.

Public face of the package. The definition comes from, in this order: the file named by
the environment variable QUIZ_DEFINITION, the JSON copy packed into the wheel, or the
marketer's file `docs/zelftest/definitie.yml` in a checkout.
"""

from __future__ import annotations

import json
import os
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from . import _booking
from ._booking import UTM_KEYS
from ._engine import Result
from ._engine import evaluate as _evaluate
from ._model import Definition, Question
from ._validate import DefinitionError, Problem, build_definition

__all__ = [
    "UTM_KEYS",
    "Definition",
    "DefinitionError",
    "Problem",
    "booking_link",
    "build_definition",
    "default_definition",
    "evaluate",
    "evaluate_json",
    "questions",
]

DEFINITION_ENV = "QUIZ_DEFINITION"
PACKAGED_DEFINITION = "definition.json"
CHECKOUT_DEFINITION = Path(__file__).resolve().parent.parent / "docs" / "zelftest" / "definitie.yml"


def definition_path() -> Path | None:
    """The marketer's file this process reads, or None when it runs from the wheel."""
    configured = os.environ.get(DEFINITION_ENV)
    if configured:
        return Path(configured)
    if resources.files(__package__).joinpath(PACKAGED_DEFINITION).is_file():
        return None
    return CHECKOUT_DEFINITION


@cache
def default_definition() -> Definition:
    """The definition in force; raises DefinitionError (file:line) when it is broken."""
    path = definition_path()
    if path is None:
        packed = resources.files(__package__).joinpath(PACKAGED_DEFINITION)
        data = json.loads(packed.read_text(encoding="utf-8"))
        return build_definition(data, source=PACKAGED_DEFINITION)
    from ._load import load_definition  # needs PyYAML, which only the build has

    return load_definition(path)


def questions(definition: Definition | None = None) -> dict[str, Any]:
    """The questions, criteria and outcomes as a JSON-ready dict (see README)."""
    definition = definition or default_definition()
    return {
        "questions": [_question(q) for q in definition.questions],
        "criteria": [{"id": c.id, "label": c.label} for c in definition.criteria],
        "outcomes": [
            {"id": o.id, "label": o.label, "summary": o.summary} for o in definition.outcomes
        ],
    }


def evaluate(answers: object, definition: Definition | None = None) -> Result:
    """Judge answers (question id -> answer); never raises on bad answers (see README)."""
    return _evaluate(definition or default_definition(), answers)


def evaluate_json(text: str) -> str:
    """`evaluate` for callers that speak JSON text (the CLI and the browser's worker)."""
    return json.dumps(evaluate(json.loads(text)), ensure_ascii=False)


def booking_link(
    answers: object,
    config: object,
    *,
    contact: object = None,
    utm: object = None,
    definition: Definition | None = None,
) -> dict[str, Any]:
    """The "Plan een afspraak" link for these answers: `{"url", "provider", "errors"}`.

    `config` is `extra.booking` from mkdocs.yml (or None: e-mail to the company).
    """
    try:
        settings = _booking.booking_config(config)
    except _booking.BookingConfigError as error:
        return {"url": "", "provider": "", "errors": [{"question": None, "message": str(error)}]}
    return _booking.booking_link(
        definition or default_definition(), answers, settings, contact=contact, utm=utm
    )


def _question(question: Question) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": question.id,
        "type": question.type,
        "label": question.label,
        "required": question.required,
    }
    if question.type in ("single", "multi"):
        data["options"] = [{"value": o.value, "label": o.label} for o in question.options]
    if question.type == "number":
        data["min"] = question.minimum
        data["max"] = question.maximum
        data["unit"] = question.unit
    data["help"] = question.help
    return data
