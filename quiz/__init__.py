"""The self-assessment "Ben ik een prospect?": one definition, one set of rules.

Public face of the runtime, the package that ships to the browser (standard library only).
The definition in force comes from the JSON copy the build packs into the wheel
(`definition.json`) or, in a checkout where there is none, from the provider that the
build package registers under the entry-point group `quiz.definition` (it reads the
marketer's YAML file). See ARCHITECTURE.md, "De zelftest-engine".
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Protocol, cast

from . import _booking
from ._booking import UTM_KEYS, BookingConfig, BookingConfigError, booking_config
from ._engine import evaluate as _evaluate
from ._model import (
    CONDITION_TESTS,
    FILE_KEYS,
    IDENTIFIER_PATTERN,
    NEXT_STEP_KINDS,
    QUESTION_TYPES,
    Definition,
    Question,
)
from ._result import BookingLink, Combination, Improvement, Result, SharedAnswers
from ._shared import shared_answers as _shared_answers
from ._texts import combination_text as _combination_text
from ._texts import improvement_text as _improvement_text
from ._validate import (
    BOOKING_PLACEHOLDERS,
    MESSAGE_PLACEHOLDERS,
    DefinitionError,
    ExamplesChanged,
    Lines,
    Problem,
    build_definition,
)

__all__ = [
    "BOOKING_PLACEHOLDERS",
    "CONDITION_TESTS",
    "FILE_KEYS",
    "IDENTIFIER_PATTERN",
    "MESSAGE_PLACEHOLDERS",
    "NEXT_STEP_KINDS",
    "PACKED_DEFINITION",
    "PROVIDER_GROUP",
    "QUESTION_TYPES",
    "UTM_KEYS",
    "BookingConfig",
    "BookingConfigError",
    "BookingLink",
    "Combination",
    "Definition",
    "DefinitionError",
    "DefinitionProvider",
    "ExamplesChanged",
    "Improvement",
    "Lines",
    "Problem",
    "Question",
    "Result",
    "SharedAnswers",
    "booking_config",
    "booking_link",
    "build_definition",
    "combination_text",
    "default_definition",
    "definition_provider",
    "evaluate",
    "improvement_text",
    "questions",
    "shared_answers",
]

PACKED_DEFINITION = "definition.json"  # written into the wheel by the build, never checked in
PROVIDER_GROUP = "quiz.definition"  # entry-point group of the definition provider


class DefinitionProvider(Protocol):
    """Where a checkout's definition comes from (registered under PROVIDER_GROUP)."""

    def definition_file(self) -> Path:
        """The file in force (the marketer's, or the one the environment names)."""
        ...

    def load_definition(self, path: Path) -> Definition:
        """Read and check a definition file; raise DefinitionError with file:line."""
        ...


@cache
def default_definition() -> Definition:
    """The definition in force; raises DefinitionError (file:line) when it is broken."""
    packed = resources.files(__package__).joinpath(PACKED_DEFINITION)
    if packed.is_file():
        data = json.loads(packed.read_text(encoding="utf-8"))
        return build_definition(data, source=PACKED_DEFINITION)
    provider = definition_provider()
    return provider.load_definition(provider.definition_file())


@cache
def definition_provider() -> DefinitionProvider:
    """The registered provider of a checkout's definition; DefinitionError when none is."""
    from importlib.metadata import entry_points  # only without a packed definition

    found = sorted(entry_points(group=PROVIDER_GROUP), key=lambda point: point.name)
    if not found:
        raise DefinitionError(
            [
                Problem(
                    "quiz",
                    None,
                    f"Geen definitie gevonden: geen {PACKED_DEFINITION} in het pakket en "
                    f"geen provider onder '{PROVIDER_GROUP}'. Installeer het project "
                    "(make install) of gebruik de wheel van de build.",
                )
            ]
        )
    return cast(DefinitionProvider, found[0].load())


def questions(definition: Definition | None = None) -> dict[str, Any]:
    """The questions, criteria and outcomes as a JSON-ready dict (see ARCHITECTURE.md)."""
    definition = definition or default_definition()
    return {
        "questions": [_question(q) for q in definition.questions],
        "criteria": [{"id": c.id, "label": c.label} for c in definition.criteria],
        "outcomes": [
            {"id": o.id, "label": o.label, "summary": o.summary} for o in definition.outcomes
        ],
    }


def evaluate(
    answers: object, definition: Definition | None = None, *, partial: bool = False
) -> Result:
    """Judge answers (question id -> answer); never raises on bad answers (see ARCHITECTURE.md).

    `partial=True` judges answers given so far: unanswered questions are no errors,
    undecided criteria have `met` None and the result adds `asked` (see ARCHITECTURE.md).
    The result says whether its outcome is the best one (`best`), and each improvement and
    combination carries its sentence (`text`).
    """
    return cast(Result, _evaluate(definition or default_definition(), answers, partial=partial))


def improvement_text(
    improvement: Mapping[str, object], definition: Definition | None = None
) -> str:
    """The plain-Dutch sentence for one item of `evaluate(...)["improvements"]`."""
    return _improvement_text(definition or default_definition(), improvement)


def combination_text(
    combination: Mapping[str, object], definition: Definition | None = None
) -> str:
    """The plain-Dutch sentence for one item of `evaluate(...)["combinations"]`."""
    return _combination_text(definition or default_definition(), combination)


def shared_answers(answers: object, definition: Definition | None = None) -> SharedAnswers:
    """A shared link's answers to fill into the form, or none and why (the engine's errors)."""
    return _shared_answers(definition or default_definition(), answers)


def booking_link(
    answers: object,
    config: object,
    *,
    contact: object = None,
    utm: object = None,
    definition: Definition | None = None,
) -> BookingLink:
    """The "Plan een afspraak" link for these answers: `{"url", "provider", "errors"}`.

    `config` is `extra.booking` from mkdocs.yml (or None: e-mail to the company).
    """
    try:
        settings = booking_config(config)
    except BookingConfigError as error:
        return {"url": "", "provider": "", "errors": [{"question": None, "message": str(error)}]}
    link = _booking.booking_link(
        definition or default_definition(), answers, settings, contact=contact, utm=utm
    )
    return cast(BookingLink, link)


def _question(question: Question) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": question.id,
        "type": question.type,
        "label": question.label,
        "required": question.required,
    }
    if question.type in ("single", "multi"):
        data["options"] = [
            {"value": o.value, "label": o.label, "exclusive": o.exclusive} for o in question.options
        ]
    if question.type == "number":
        data["min"] = question.minimum
        data["max"] = question.maximum
        data["unit"] = question.unit
        data["integer"] = question.integer
    data["help"] = question.help
    return data
