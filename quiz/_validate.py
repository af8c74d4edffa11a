"""Turn the plain data of a definition file into a checked `Definition`.

Standard library only: the same checks run at build time (with line numbers from the YAML
loader) and in the browser (on the JSON copy inside the wheel, which has no lines).
Every problem is reported in Dutch with the file, the line and what to change.
"""

from __future__ import annotations

from ._meaning import BOOKING_PLACEHOLDERS, MESSAGE_PLACEHOLDERS, rule_values
from ._model import FILE_KEYS, Definition, Problem
from ._report import DefinitionError, ExamplesChanged, Invalid, Lines, Path
from ._sections import SectionChecks

__all__ = [
    "BOOKING_PLACEHOLDERS",
    "MESSAGE_PLACEHOLDERS",
    "DefinitionError",
    "ExamplesChanged",
    "Lines",
    "Path",
    "Problem",
    "build_definition",
]


def build_definition(data: object, *, source: str, lines: Lines | None = None) -> Definition:
    """Check `data` (parsed YAML or JSON) and build the definition, or raise DefinitionError."""
    checker = _Checker(source, lines or {})
    definition = checker.definition(data)
    if checker.problems or definition is None:
        raise DefinitionError(checker.problems + checker.changed_examples)
    if checker.changed_examples:
        raise ExamplesChanged(checker.changed_examples, definition)
    return definition


class _Checker(SectionChecks):
    """The whole definition: its sections in order, then the checks across them."""

    def definition(self, data: object) -> Definition | None:
        try:
            root = self.mapping(data, (), "De definitie")
        except Invalid:
            return None
        self.known_keys(root, (), set(FILE_KEYS["definition"]), "de definitie")
        try:
            title = self.text(root, "title", (), "de definitie")
            intro = self.text(root, "intro", (), "de definitie", required=False)
            messages = self.texts(root.get("messages"), "messages", MESSAGE_PLACEHOLDERS)
            booking = self.texts(root.get("booking"), "booking", BOOKING_PLACEHOLDERS)
        except Invalid:
            return None
        questions = self.each(root, "questions", self.question)
        self.unique_ids([(q.id, ("questions", i)) for i, q in questions], "de vragen")
        self.broken_questions = self.raw_ids(root, "questions") - {q.id for _, q in questions}
        questions = self.ask_when(root, questions)
        self.column_names(questions)
        by_id = {q.id: q for _, q in questions}
        criteria = self.each(root, "criteria", lambda v, p: self.criterion(v, p, by_id))
        self.unique_ids([(c.id, ("criteria", i)) for i, c in criteria], "de criteria")
        # Ids of broken criteria count as known too: their own problem is already reported.
        criterion_ids = {c.id for _, c in criteria} | self.raw_ids(root, "criteria")
        rules = rule_values([cond for _, c in criteria for cond in c.conditions], by_id)
        outcomes = self.each(
            root, "outcomes", lambda v, p: self.outcome(v, p, criterion_ids, rules)
        )
        self.unique_ids([(o.id, ("outcomes", i)) for i, o in outcomes], "de uitkomsten")
        if outcomes and outcomes[-1][1].requires:
            self.report(
                ("outcomes", outcomes[-1][0], "requires"),
                "De laatste uitkomst moet zonder voorwaarden zijn ('requires: []'), zodat "
                "iedere bezoeker een uitkomst krijgt.",
            )
        examples = (
            self.each(root, "examples", self.example) if root.get("examples") is not None else []
        )
        self.unique_ids([(e.id, ("examples", i)) for i, e in examples], "de voorbeelden")
        if self.problems:
            return None
        definition = Definition(
            title=title,
            intro=intro,
            questions=tuple(q for _, q in questions),
            criteria=tuple(c for _, c in criteria),
            outcomes=tuple(o for _, o in outcomes),
            examples=tuple(e for _, e in examples),
            messages=messages,
            booking=booking,
            warnings=tuple(self.warnings),
        )
        self.check_examples(definition)
        return definition
