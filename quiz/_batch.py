"""A lead list judged row by row by the self-assessment's own rules, on partial answers.

Each row's mapped cells become answers (`_columns.cell_answer`); a cell that cannot be read
is reported and counts as missing, as does an answer the engine refuses. The verdict is
`evaluate(answers, partial=True)`: the outcome when no missing answer can change it, each
criterion met, not met or open, and, for an open row, the questions whose answers decide it.
Rows whose answers fall into the same classes (the same side of every rule) get the same
verdict, so it is worked out once per class: a list of ten thousand leads has a few hundred.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from ._columns import Overrides, cell_answer, normalise
from ._engine import check_answer, check_answers, evaluate
from ._model import Answer, Condition, Definition, Question
from ._partial import depends_on
from ._rules import every_rule, first_outcome, holds

__all__ = ["Judge", "MappingError", "parse_mapping", "questions_to_ask"]

# A verdict without the row's own cell errors: what rows of one class share.
Verdict = dict[str, Any]


class MappingError(Exception):
    """A mapping from the page that does not fit the list or the definition (Dutch)."""


@dataclass(frozen=True)
class LeadMapping:
    """Which column answers which question, and answers chosen for particular cell texts."""

    columns: dict[str, int]  # question id -> column index
    overrides: dict[str, Overrides] = field(default_factory=dict)


def parse_mapping(definition: Definition, headers: Sequence[str], data: object) -> LeadMapping:
    """The page's mapping `{"columns": {question: header or null}, "values": {question:
    {normalised cell text: answer or null}}}`, checked; MappingError when it does not fit."""
    if not isinstance(data, dict):
        raise MappingError("De koppeling van kolommen moet een JSON-object zijn.")
    raw = cast(dict[str, object], data)
    columns_raw = raw.get("columns", {})
    values_raw = raw.get("values") or {}
    if not isinstance(columns_raw, dict) or not isinstance(values_raw, dict):
        raise MappingError("De koppeling van kolommen heeft niet de juiste vorm.")
    index = {header: i for i, header in enumerate(headers)}
    columns: dict[str, int] = {}
    used: dict[int, str] = {}
    for question_id, header in cast(dict[str, object], columns_raw).items():
        if definition.question(question_id) is None:
            raise MappingError(f"De vraag '{question_id[:40]}' bestaat niet in de zelftest.")
        if header is None:
            continue
        if not isinstance(header, str) or header not in index:
            raise MappingError(f"De kolom {str(header)[:40]!r} staat niet in de lijst.")
        if index[header] in used:
            raise MappingError(
                f"De kolom '{header}' is aan twee vragen gekoppeld ('{used[index[header]]}' en "
                f"'{question_id}'). Kies voor een van beide een andere kolom."
            )
        used[index[header]] = question_id
        columns[question_id] = index[header]
    overrides: dict[str, Overrides] = {}
    for question_id, chosen in cast(dict[str, object], values_raw).items():
        question = definition.question(question_id)
        if question is None or not isinstance(chosen, dict):
            raise MappingError(f"De keuzes bij '{str(question_id)[:40]}' kloppen niet.")
        checked: dict[str, Answer | None] = {}
        for key, given in cast(dict[str, object], chosen).items():
            answer: Answer | None = None
            if given is not None:
                answer, problem = check_answer(question, given, definition.messages)
                if problem is not None:
                    raise MappingError(f"De keuze {given!r} past niet bij '{question_id}'.")
            checked[normalise(str(key))] = answer
        overrides[question_id] = checked
    return LeadMapping(columns, overrides)


class Judge:
    """Verdicts for the rows of one list under one mapping (a cache per answer class)."""

    def __init__(
        self, definition: Definition, headers: Sequence[str], mapping: LeadMapping
    ) -> None:
        self.definition = definition
        self.headers = list(headers)
        self.mapping = mapping
        self.mapped: list[tuple[Question, int]] = [
            (question, mapping.columns[question.id])
            for question in definition.questions
            if question.id in mapping.columns
        ]
        rules = every_rule(definition)
        self.rules: dict[str, list[Condition]] = {
            question.id: [rule for rule in rules if rule.question == question.id]
            for question in definition.questions
        }
        self.cache: dict[tuple[object, ...], Verdict] = {}
        # Cells read once per distinct text, rows once per distinct set of mapped cells.
        self.cells: dict[tuple[str, str], tuple[Answer | None, str | None]] = {}
        self.rows: dict[tuple[str, ...], dict[str, Any]] = {}

    def answers(
        self, cells: Sequence[str]
    ) -> tuple[dict[str, Answer], dict[str, Answer], list[dict[str, Any]]]:
        """The row's answers, those of them that count now (their question is asked), and
        its problems: cells that cannot be read and answers the engine refuses (both then
        count as missing)."""
        answers: dict[str, Answer] = {}
        problems: list[dict[str, Any]] = []
        for question, column in self.mapped:
            read = self.cells.get((question.id, cells[column]))
            if read is None:
                overrides = self.mapping.overrides.get(question.id)
                read = cell_answer(question, cells[column], overrides)
                self.cells[(question.id, cells[column])] = read
            answer, problem = read
            if problem is not None:
                problems.append(self._problem(question.id, column, problem))
            elif answer is not None:
                answers[question.id] = answer
        counted, errors = check_answers(self.definition, answers, partial=True)
        if errors:
            refused = {error["question"] for error in errors}
            for error in errors:
                question_id = str(error["question"])
                column = self.mapping.columns[question_id]
                problems.append(self._problem(question_id, column, str(error["message"])))
            answers = {key: value for key, value in answers.items() if key not in refused}
            counted, _ = check_answers(self.definition, answers, partial=True)
        return answers, counted, problems

    def row(self, cells: Sequence[str]) -> dict[str, Any]:
        """`{"outcome", "criteria", "asked", "ask", "errors"}` for one row of cells."""
        mapped = tuple(cells[column] for _, column in self.mapped)
        known = self.rows.get(mapped)
        if known is not None:
            return known
        given, counted, problems = self.answers(cells)
        # An answer to a question that is not asked yet (budget, while the list does not say
        # whether the company sells B2B) does not count now, but it is not to be asked for.
        key = (self.signature(counted), frozenset(given))
        verdict = self.cache.get(key)
        if verdict is None:
            result = evaluate(self.definition, counted, partial=True)
            verdict = {
                "outcome": result["outcome"],
                "criteria": result["criteria"],
                "asked": result["asked"],
                "ask": questions_to_ask(self.definition, given, result),
            }
            self.cache[key] = verdict
        judged = {**verdict, "errors": problems}
        self.rows[mapped] = judged
        return judged

    def signature(self, counted: Mapping[str, Answer]) -> tuple[object, ...]:
        """Which side of every rule each answer is on, and a choice itself: rows alike here
        get the same verdict (the engine reads numbers and yes/no only through these rules;
        a choice also picks the reason written for that option)."""
        key: list[object] = []
        for question in self.definition.questions:
            answer = counted.get(question.id)
            if answer is None:
                key.append(None)
            elif question.type in ("single", "multi"):
                key.append(tuple(sorted(answer)) if isinstance(answer, list) else answer)
            else:
                one = {question.id: answer}
                key.append(tuple(holds(rule, one) for rule in self.rules[question.id]))
        return tuple(key)

    def _problem(self, question_id: str, column: int, message: str) -> dict[str, Any]:
        return {"question": question_id, "column": self.headers[column], "message": message}


def questions_to_ask(
    definition: Definition, given: Mapping[str, Answer], result: Mapping[str, Any]
) -> list[str]:
    """For a row whose outcome is open: the unanswered questions that decide it.

    `result` is `evaluate(given, partial=True)`. A criterion that is still open matters when
    making it met instead of not met changes the outcome for some way the other open
    criteria turn out; the questions are those such criteria depend on that have no answer
    in `given` and may still be asked, in question order. Once they are all answered,
    whatever the answers, the outcome is decided.
    """
    if result["outcome"] is not None:
        return []
    verdicts = {cid: verdict["met"] for cid, verdict in result["criteria"].items()}
    open_ids = [cid for cid, met in verdicts.items() if met is None]
    sure = {cid for cid, met in verdicts.items() if met}
    mattering: set[str] = set()
    for criterion_id in open_ids:
        others = [cid for cid in open_ids if cid != criterion_id]
        for ons in itertools.product((True, False), repeat=len(others)):
            base = sure | {cid for cid, on in zip(others, ons, strict=True) if on}
            with_it = first_outcome(definition, base | {criterion_id})
            if with_it.id != first_outcome(definition, base).id:
                mattering.add(criterion_id)
                break
    conditions = [
        condition
        for criterion in definition.criteria
        if criterion.id in mattering
        for condition in criterion.conditions
    ]
    needed = depends_on(definition, conditions)
    asked = set(result["asked"])
    return [
        question.id
        for question in definition.questions
        if question.id in needed and question.id not in given and question.id in asked
    ]
