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
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from ._columns import Overrides, cell_answer, normalise
from ._engine import check_answer
from ._model import Answer, Condition, Criterion, Definition, Question
from ._partial import Partial, depends_on, representatives_of
from ._rules import effective, every_rule, first_outcome, holds, is_asked

__all__ = ["Judge", "MappingError", "parse_mapping", "questions_to_ask"]

# A verdict without the row's own cell errors: what rows of one class share.
Verdict = dict[str, Any]


@dataclass(frozen=True)
class _Cell:
    """One cell read as an answer: the answer, why it cannot be read, why the engine
    refuses the answer, and its side of each rule on its question."""

    answer: Answer | None
    problem: str | None
    refused: str | None
    side: tuple[object, ...]
    rules: tuple[object, ...]  # `side` without the option chosen: what the outcome reads


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
        self.by_id = {question.id: question for question in definition.questions}
        self.rules: dict[str, list[Condition]] = {
            question.id: [rule for rule in rules if rule.question == question.id]
            for question in definition.questions
        }
        self.cache: dict[tuple[object, ...], Verdict] = {}
        # The parts of a verdict, each cached on the answers it depends on: a criterion on
        # the questions its conditions read, whether a question is asked on those its
        # ask_when reads (both with the questions that decide whether those are asked).
        self.representatives = representatives_of(definition)
        order = [question.id for question in definition.questions]
        self.criterion_reads = {
            c.id: [order.index(q) for q in order if q in depends_on(definition, c.conditions)]
            for c in definition.criteria
        }
        self.ask_when_reads = {
            q.id: [order.index(r) for r in order if r in depends_on(definition, q.ask_when)]
            for q in definition.questions
        }
        self.parts: dict[tuple[object, ...], Any] = {}
        self.decided: dict[tuple[object, ...], tuple[str | None, list[str]]] = {}
        self.counting: dict[tuple[object, ...], tuple[frozenset[str], frozenset[str]]] = {}
        self.asks: dict[tuple[object, ...], list[str]] = {}
        # Cells read once per distinct text (with the engine's own check of the answer and
        # its side of every rule), rows once per distinct set of mapped cells.
        self.cells: dict[tuple[str, str], _Cell] = {}
        self.rows: dict[tuple[str, ...], dict[str, Any]] = {}

    def read(self, question: Question, text: str) -> _Cell:
        cell = self.cells.get((question.id, text))
        if cell is None:
            answer, problem = cell_answer(question, text, self.mapping.overrides.get(question.id))
            refused = None
            side: tuple[object, ...] = ()
            rules: tuple[object, ...] = ()
            if answer is not None:
                _, refused = check_answer(question, answer, self.definition.messages)
                one = {question.id: answer}
                rules = side = tuple(holds(rule, one) for rule in self.rules[question.id])
                if question.type in ("single", "multi"):
                    # Reasons may fit the option chosen ("Je wilt zo snel mogelijk starten"):
                    # a choice is its own class (a question has a handful of them).
                    chosen = tuple(answer) if isinstance(answer, list) else (answer,)
                    side = (*side, *chosen)
            cell = _Cell(answer, problem, refused, side, rules)
            self.cells[(question.id, text)] = cell
        return cell

    def answers(
        self, cells: Sequence[str]
    ) -> tuple[dict[str, Answer], dict[str, Answer], list[dict[str, Any]]]:
        """The row's answers, those of them that count now (their question is asked), and
        its problems: cells that cannot be read and answers the engine refuses (both then
        count as missing), as `check_answers(..., partial=True)` refuses them: only where
        the question is asked."""
        return self._answers(cells)[:3]

    def _answers(
        self, cells: Sequence[str]
    ) -> tuple[dict[str, Answer], dict[str, Answer], list[dict[str, Any]], dict[str, _Cell]]:
        """`answers`, and each mapped question's cell as read."""
        answers: dict[str, Answer] = {}
        problems: list[dict[str, Any]] = []
        refused: list[tuple[str, int, str]] = []
        read: dict[str, _Cell] = {}
        for question, column in self.mapped:
            cell = read[question.id] = self.read(question, cells[column])
            if cell.problem is not None:
                problems.append(self._problem(question.id, column, cell.problem))
            elif cell.refused is not None:
                refused.append((question.id, column, cell.refused))
            elif cell.answer is not None:
                answers[question.id] = cell.answer
        # Which answers count (and which refused ones would be asked) is read only through
        # the rules, so rows alike on every rule share it.
        key = (
            *(read[q.id].rules if q.id in answers else None for q, _ in self.mapped),
            *(question_id for question_id, _, _ in refused),
        )
        known = self.counting.get(key)
        if known is None:
            counted = effective(self.definition, answers)
            asked = frozenset(q for q, _, _ in refused if is_asked(self.by_id[q], counted))
            known = self.counting[key] = (frozenset(counted), asked)
        counted = {q.id: answers[q.id] for q, _ in self.mapped if q.id in known[0]}
        for question_id, column, message in refused:
            if question_id in known[1]:
                problems.append(self._problem(question_id, column, message))
        return answers, counted, problems, read

    def row(self, cells: Sequence[str]) -> dict[str, Any]:
        """`{"outcome", "criteria", "asked", "ask", "errors"}` for one row of cells."""
        mapped = tuple(cells[column] for _, column in self.mapped)
        known = self.rows.get(mapped)
        if known is not None:
            return known
        given, counted, problems, read = self._answers(cells)
        signature = self.signature(counted, read)
        verdict = self.cache.get(signature)
        if verdict is None:
            verdict = self.verdict(counted, signature, self.signature(counted, read, rules=True))
            self.cache[signature] = verdict
        # An answer to a question that is not asked yet (budget, while the list does not say
        # whether the company sells B2B) does not count now, but it is not to be asked for.
        # What to ask reads only the outcome, each criterion's met, what is asked and which
        # questions have an answer.
        asking = (
            verdict["outcome"],
            *(judged["met"] for judged in verdict["criteria"].values()),
            *verdict["asked"],
            frozenset(given),
        )
        ask = self.asks.get(asking)
        if ask is None:
            ask = self.asks[asking] = questions_to_ask(self.definition, given, verdict)
        judged = {**verdict, "ask": ask, "errors": problems}
        self.rows[mapped] = judged
        return judged

    def verdict(
        self,
        counted: dict[str, Answer],
        signature: tuple[object, ...],
        rule_sides: tuple[object, ...],
    ) -> Verdict:
        """`evaluate(counted, partial=True)` without what the list does not show (next step,
        improvements), put together from parts that rows of other classes share."""
        partial = Partial(self.definition, counted, self.representatives)
        criteria: dict[str, Any] = {
            criterion.id: self._part(
                partial.criterion, criterion, signature, self.criterion_reads[criterion.id]
            )
            for criterion in self.definition.criteria
        }
        # The outcome and what is asked read no reason, so rows alike on every rule share
        # them whatever option they chose: far fewer classes than the verdicts (and the
        # outcome is the costly part of a verdict).
        decided = self.decided.get(rule_sides)
        if decided is None:
            met = {cid: verdict["met"] for cid, verdict in criteria.items()}
            outcome = partial.outcome(met)
            asked = [
                question.id
                for question in self.definition.questions
                if self._part(
                    partial.may_ask, question, rule_sides, self.ask_when_reads[question.id]
                )
            ]
            decided = self.decided[rule_sides] = (outcome.id if outcome else None, asked)
        return {"outcome": decided[0], "criteria": criteria, "asked": decided[1]}

    def _part[S: (Criterion, Question), R](
        self, make: Callable[[S], R], subject: S, sides: tuple[object, ...], reads: list[int]
    ) -> R:
        """`make(subject)`, made once for each side of the answers it reads (`reads`: their
        places in `sides`) and shared by the verdicts of every class alike on those."""
        key = (type(subject), subject.id, *(sides[i] for i in reads))
        parts = self.parts
        if key not in parts:
            parts[key] = make(subject)
        return cast(R, parts[key])

    def signature(
        self, counted: Mapping[str, Answer], read: Mapping[str, _Cell], *, rules: bool = False
    ) -> tuple[object, ...]:
        """Which side of every rule each answer that counts is on (and, unless `rules`, the
        option chosen): rows alike here get the same verdict (the engine reads answers only
        through these rules, and reasons may name the option)."""
        return tuple(
            None
            if question.id not in counted
            else read[question.id].rules
            if rules
            else read[question.id].side
            for question in self.definition.questions
        )

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
