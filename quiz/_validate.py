"""Turn the plain data of a definition file into a checked `Definition`.

Standard library only: the same checks run at build time (with line numbers from the YAML
loader) and in the browser (on the JSON copy inside the wheel, which has no lines).
Every problem is reported in Dutch with the file, the line and what to change.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import re
import string
from collections.abc import Callable, Mapping
from typing import cast

from ._model import (
    CONDITION_TESTS,
    FILE_KEYS,
    IDENTIFIER_PATTERN,
    NEXT_STEP_KINDS,
    QUESTION_TYPES,
    Condition,
    Criterion,
    Definition,
    Example,
    Link,
    NextStep,
    Option,
    Outcome,
    Problem,
    Question,
    QuestionType,
)
from ._rules import show_number

__all__ = [
    "MESSAGE_PLACEHOLDERS",
    "DefinitionError",
    "Lines",
    "Path",
    "Problem",
    "build_definition",
]

Path = tuple[str | int, ...]
Lines = Mapping[Path, int]

# The visitor-facing error messages the engine needs, with the placeholders each may use.
MESSAGE_PLACEHOLDERS: dict[str, frozenset[str]] = {
    "not_an_object": frozenset(),
    "unknown_question": frozenset({"question"}),
    "required": frozenset(),
    "wrong_type": frozenset(),
    "unknown_option": frozenset(),
    "not_a_number": frozenset(),
    "below_minimum": frozenset({"min", "unit"}),
    "above_maximum": frozenset({"max", "unit"}),
    "duplicate_option": frozenset(),
    "exclusive_option": frozenset({"option"}),
}

# The one placeholder of a number question's improvement clause (`if_answer`).
ANSWER = frozenset({"answer"})

# The texts of the booking and e-mail links, with the placeholders each may use.
BOOKING_PLACEHOLDERS: dict[str, frozenset[str]] = {
    "subject": frozenset({"outcome"}),
    "intro": frozenset(),
    "outcome": frozenset(),
    "name": frozenset(),
    "email": frozenset(),
    "unanswered": frozenset(),
    "answer_yes": frozenset(),
    "answer_no": frozenset(),
    "invalid_email": frozenset(),
}


class DefinitionError(Exception):
    """A definition file that cannot be used; `problems` says where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


class _Invalid(Exception):
    """Stops checking one part of the definition; the problem is already recorded."""


def build_definition(data: object, *, source: str, lines: Lines | None = None) -> Definition:
    """Check `data` (parsed YAML or JSON) and build the definition, or raise DefinitionError."""
    checker = _Checker(source, lines or {})
    definition = checker.definition(data)
    if checker.problems or definition is None:
        raise DefinitionError(checker.problems)
    return definition


class _Checker:
    def __init__(self, source: str, lines: Lines) -> None:
        self.source = source
        self.lines = lines
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        # Ids of questions that exist but are broken: their own problem is reported, so a
        # condition that refers to one is skipped instead of reported a second time.
        self.broken_questions: set[str] = set()
        self.later: set[str] = set()  # while checking an ask_when: the questions after it

    # --- reporting --------------------------------------------------------------------

    def line(self, path: Path) -> int | None:
        """The line of `path`, or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return None

    def report(self, path: Path, message: str) -> None:
        self.problems.append(Problem(self.source, self.line(path), message))

    def warn(self, path: Path, message: str) -> None:
        self.warnings.append(Problem(self.source, self.line(path), message))

    def fail(self, path: Path, message: str) -> _Invalid:
        self.report(path, message)
        return _Invalid()

    # --- typed access -----------------------------------------------------------------

    def mapping(self, value: object, path: Path, what: str) -> dict[str, object]:
        if not isinstance(value, dict):
            raise self.fail(path, f"{what} moet een lijst van 'sleutel: waarde'-regels zijn.")
        return cast(dict[str, object], value)

    def sequence(self, value: object, path: Path, what: str) -> list[object]:
        if not isinstance(value, list):
            raise self.fail(path, f"{what} moet een lijst zijn (regels die beginnen met '- ').")
        return cast(list[object], value)

    def known_keys(self, item: dict[str, object], path: Path, allowed: set[str], what: str) -> None:
        for key in item:
            if key not in allowed:
                names = ", ".join(sorted(allowed))
                self.report(
                    (*path, key), f"Onbekende sleutel '{key}' bij {what}. Toegestaan: {names}."
                )

    def text(
        self, item: dict[str, object], key: str, path: Path, what: str, *, required: bool = True
    ) -> str:
        value = item.get(key)
        if value is None:
            if required:
                raise self.fail(path, f"{what} mist '{key}'. Voeg '{key}: ...' toe.")
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            raise self.fail((*path, key), f"'{key}' van {what} moet een (niet-lege) tekst zijn.")
        return value.strip()

    def identifier(self, item: dict[str, object], path: Path, what: str) -> str:
        value = item.get("id")
        if value is None:
            raise self.fail(path, f"{what} mist een 'id'. Voeg 'id: ...' toe.")
        if not isinstance(value, str) or not _is_identifier(value):
            raise self.fail(
                (*path, "id"),
                f"De id {value!r} van {what} mag alleen kleine letters, cijfers, '_' en '-' "
                "bevatten en moet met een letter beginnen.",
            )
        return value

    def number(self, item: dict[str, object], key: str, path: Path, what: str) -> float | None:
        value = item.get(key)
        if key not in item:  # `at_least:` with the number deleted is an error, not "no limit"
            return None
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            raise self.fail(
                (*path, key), f"'{key}' van {what} moet een getal zijn, zoals 10 (nu: {value!r})."
            )
        return value

    def boolean(
        self, item: dict[str, object], key: str, path: Path, what: str, default: bool
    ) -> bool:
        value = item.get(key, default)
        if not isinstance(value, bool):
            raise self.fail((*path, key), f"'{key}' van {what} moet true of false zijn.")
        return value

    def unique_ids(self, ids: list[tuple[str, Path]], what: str) -> None:
        seen: dict[str, Path] = {}
        for item_id, path in ids:
            if item_id in seen:
                first = self.line(seen[item_id])
                where = f" (eerst gebruikt op regel {first})" if first is not None else ""
                self.report(
                    (*path, "id"),
                    f"De id '{item_id}' komt twee keer voor bij {what}{where}. "
                    "Geef elke id een unieke naam.",
                )
            else:
                seen[item_id] = path

    # --- the definition ---------------------------------------------------------------

    def definition(self, data: object) -> Definition | None:
        try:
            root = self.mapping(data, (), "De definitie")
        except _Invalid:
            return None
        self.known_keys(root, (), set(FILE_KEYS["definition"]), "de definitie")
        try:
            title = self.text(root, "title", (), "de definitie")
            intro = self.text(root, "intro", (), "de definitie", required=False)
            messages = self.texts(root.get("messages"), "messages", MESSAGE_PLACEHOLDERS)
            booking = self.texts(root.get("booking"), "booking", BOOKING_PLACEHOLDERS)
        except _Invalid:
            return None
        questions = self.each(root, "questions", self.question)
        self.unique_ids([(q.id, ("questions", i)) for i, q in questions], "de vragen")
        self.broken_questions = _raw_ids(root.get("questions")) - {q.id for _, q in questions}
        questions = self.ask_when(root, questions)
        by_id = {q.id: q for _, q in questions}
        criteria = self.each(root, "criteria", lambda v, p: self.criterion(v, p, by_id))
        self.unique_ids([(c.id, ("criteria", i)) for i, c in criteria], "de criteria")
        # Ids of broken criteria count as known too: their own problem is already reported.
        criterion_ids = {c.id for _, c in criteria} | _raw_ids(root.get("criteria"))
        rules = _rule_values([cond for _, c in criteria for cond in c.conditions], by_id)
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

    def each[T](
        self, root: dict[str, object], key: str, build: Callable[[object, Path], T]
    ) -> list[tuple[int, T]]:
        """Build every item of the list `key`, recording problems and skipping bad items."""
        try:
            items = self.sequence(root.get(key), (key,), f"'{key}'")
        except _Invalid:
            return []
        if not items:
            self.report((key,), f"'{key}' is leeg: geef er minstens één.")
        built: list[tuple[int, T]] = []
        for index, value in enumerate(items):
            try:
                built.append((index, build(value, (key, index))))
            except _Invalid:
                continue
        return built

    def texts(
        self, value: object, section: str, placeholders: dict[str, frozenset[str]]
    ) -> dict[str, str]:
        """A section of fixed texts (`messages`, `booking`) with checked {placeholders}."""
        path: Path = (section,)
        if value is None:
            keys = ", ".join(placeholders)
            raise self.fail(path, f"De definitie mist '{section}' (met de teksten {keys}).")
        item = self.mapping(value, path, f"'{section}'")
        self.known_keys(item, path, set(placeholders), f"'{section}'")
        messages: dict[str, str] = {}
        for key, allowed in placeholders.items():
            text = self.text(item, key, path, f"'{section}'")
            hint = ", ".join("{" + name + "}" for name in sorted(allowed)) or "geen"
            try:
                fields = list(string.Formatter().parse(text))
            except ValueError:  # a lone { or }: reported below, as _formats fails too
                fields = []
            used = {name for _, name, _, _ in fields if name is not None}
            unknown = used - allowed
            if not unknown and not _formats(text, allowed):
                raise self.fail(
                    (*path, key),
                    f"De melding '{key}' heeft een '{{' of '}}' die niet klopt. Gebruik alleen "
                    f"{hint} zoals ze er staan, of schrijf {{{{ en }}}} voor een accolade.",
                )
            if unknown:
                raise self.fail(
                    (*path, key),
                    f"De melding '{key}' gebruikt {{{sorted(unknown)[0]}}}; "
                    f"hier kan alleen: {hint}.",
                )
            messages[key] = text
        return messages

    def question(self, value: object, path: Path) -> Question:
        item = self.mapping(value, path, "Een vraag")
        question_id = self.identifier(item, path, "een vraag")
        what = f"vraag '{question_id}'"
        self.known_keys(item, path, set(FILE_KEYS["question"]), what)
        kind = item.get("type")
        if kind not in QUESTION_TYPES:
            raise self.fail(
                (*path, "type"),
                f"Het type van {what} is {kind!r}; kies single, multi, number of boolean.",
            )
        question_type: QuestionType = kind
        label = self.text(item, "label", path, what)
        help_text = self.text(item, "help", path, what, required=False)
        required = self.boolean(item, "required", path, what, True)
        options: tuple[Option, ...] = ()
        if question_type in ("single", "multi"):
            options = self.options(item.get("options"), (*path, "options"), what, question_type)
        elif "options" in item:
            self.report((*path, "options"), f"{what} is van type {kind} en heeft geen opties.")
        minimum = maximum = None
        if question_type == "number":
            minimum = self.number(item, "min", path, what)
            maximum = self.number(item, "max", path, what)
            if minimum is not None and maximum is not None and minimum > maximum:
                raise self.fail((*path, "min"), f"Bij {what} is 'min' groter dan 'max'.")
        else:
            for key in ("min", "max", "unit"):
                if key in item:
                    self.report(
                        (*path, key), f"'{key}' hoort alleen bij een vraag van type number."
                    )
        unit = self.text(item, "unit", path, what, required=False)
        clauses = self.clauses(item, path, what, question_type)
        return Question(
            id=question_id,
            type=question_type,
            label=label,
            required=required,
            help=help_text,
            options=options,
            minimum=minimum,
            maximum=maximum,
            unit=unit,
            if_yes=clauses.get("if_yes", ""),
            if_no=clauses.get("if_no", ""),
            if_answer=clauses.get("if_answer", ""),
        )

    def clauses(
        self, item: dict[str, object], path: Path, what: str, kind: QuestionType
    ) -> dict[str, str]:
        """The improvement clauses of a question: `if_yes`/`if_no` or `if_answer`."""
        fits = {"if_yes": "boolean", "if_no": "boolean", "if_answer": "number"}
        found: dict[str, str] = {}
        for key, owner in fits.items():
            if key not in item:
                continue
            if kind != owner:
                self.report(
                    (*path, key),
                    f"'{key}' hoort alleen bij een vraag van type {owner}; bij een keuzevraag "
                    "krijgt elke optie haar eigen 'if_chosen'.",
                )
                continue
            found[key] = self.text(item, key, path, what)
        if_answer = found.get("if_answer", "")
        if if_answer and ("{answer}" not in if_answer or not _formats(if_answer, ANSWER)):
            raise self.fail(
                (*path, "if_answer"),
                f"'if_answer' van {what} moet {{answer}} bevatten (het getal) en geen andere "
                "plaatshouder, zoals: je bedrijf {answer} medewerkers heeft.",
            )
        return found

    def ask_when(
        self, root: dict[str, object], questions: list[tuple[int, Question]]
    ) -> list[tuple[int, Question]]:
        """Add each question's `ask_when` (conditions on earlier questions only)."""
        raw = cast(list[dict[str, object]], root["questions"])  # each() read it as a list
        done: list[tuple[int, Question]] = []
        for index, question in questions:
            if "ask_when" not in raw[index]:
                done.append((index, question))
                continue
            path: Path = ("questions", index, "ask_when")
            value = raw[index]["ask_when"]
            items = value if isinstance(value, list) else [value]
            earlier = {q.id: q for i, q in questions if i < index}
            self.later = {q.id for i, q in questions if i > index}
            what = f"'ask_when' van vraag '{question.id}'"
            try:
                if not items:
                    raise self.fail(path, f"{what} is leeg: geef minstens één voorwaarde.")
                conditions = tuple(
                    self.condition(
                        item,
                        (*path, i) if isinstance(value, list) else path,
                        earlier,
                        what,
                        asking=question.id,
                    )
                    for i, item in enumerate(cast(list[object], items))
                )
            except _Invalid:  # reported; the question itself stays, so nothing follows on
                done.append((index, question))
                continue
            if not _satisfiable(conditions, earlier):
                self.report(
                    path,
                    f"Vraag '{question.id}' wordt nooit gesteld: geen antwoord voldoet aan "
                    f"{what}. Controleer de grenzen en keuzes.",
                )
            done.append((index, dataclasses.replace(question, ask_when=conditions)))
        return done

    def options(
        self, value: object, path: Path, what: str, kind: QuestionType
    ) -> tuple[Option, ...]:
        if value is None:
            raise self.fail(path, f"{what} mist 'options': geef de keuzes.")
        items = self.sequence(value, path, f"De opties van {what}")
        if len(items) < 2:
            raise self.fail(path, f"{what} heeft minstens twee opties nodig.")
        options: list[Option] = []
        seen: set[str] = set()
        for index, raw in enumerate(items):
            option_path = (*path, index)
            option = self.mapping(raw, option_path, f"Een optie van {what}")
            self.known_keys(option, option_path, set(FILE_KEYS["option"]), f"een optie van {what}")
            option_value = option.get("value")
            if not isinstance(option_value, str) or not _is_identifier(option_value):
                raise self.fail(
                    (*option_path, "value"),
                    f"De 'value' {option_value!r} van een optie van {what} mag alleen kleine "
                    "letters, cijfers, '_' en '-' bevatten.",
                )
            if option_value in seen:
                raise self.fail(
                    (*option_path, "value"),
                    f"De optie '{option_value}' komt twee keer voor bij {what}.",
                )
            seen.add(option_value)
            label = self.text(option, "label", option_path, f"optie '{option_value}'")
            if_chosen = self.text(
                option, "if_chosen", option_path, f"optie '{option_value}'", required=False
            )
            exclusive = False
            if "exclusive" in option and kind != "multi":
                self.report(
                    (*option_path, "exclusive"),
                    "'exclusive' hoort alleen bij een optie van een vraag van type multi; bij "
                    f"{what} ({kind}) kiest de bezoeker altijd één optie. Haal 'exclusive' weg.",
                )
            else:
                exclusive = self.boolean(
                    option, "exclusive", option_path, f"optie '{option_value}' van {what}", False
                )
            options.append(Option(option_value, label, if_chosen, exclusive))
        return tuple(options)

    def criterion(self, value: object, path: Path, questions: dict[str, Question]) -> Criterion:
        item = self.mapping(value, path, "Een criterium")
        criterion_id = self.identifier(item, path, "een criterium")
        what = f"criterium '{criterion_id}'"
        self.known_keys(item, path, set(FILE_KEYS["criterion"]), what)
        label = self.text(item, "label", path, what)
        reason_met = self.text(item, "reason_met", path, what)
        conditions_path = (*path, "conditions")
        raw = self.sequence(item.get("conditions"), conditions_path, f"'conditions' van {what}")
        if not raw:
            raise self.fail(conditions_path, f"{what} heeft minstens één voorwaarde nodig.")
        conditions = tuple(
            self.condition(c, (*conditions_path, i), questions, what) for i, c in enumerate(raw)
        )
        if not _satisfiable(conditions, questions):
            raise self.fail(
                conditions_path,
                f"Geen enkel antwoord voldoet aan {what}: de voorwaarden spreken elkaar tegen. "
                "Controleer de grenzen en keuzes.",
            )
        reason_met = self.fill(
            reason_met,
            _rule_values(conditions, questions),
            (*path, "reason_met"),
            f"'reason_met' van {what}",
            warn_numbers=any(_has_threshold(c) for c in conditions),
        )
        return Criterion(criterion_id, label, reason_met, conditions)

    def condition(
        self,
        value: object,
        path: Path,
        questions: dict[str, Question],
        what: str,
        *,
        nested: bool = False,
        asking: str = "",
    ) -> Condition:
        """A condition of a criterion, or (with `asking`, the id of the question it decides
        on) of an `ask_when`, which has no reason and may only use earlier questions."""
        item = self.mapping(value, path, f"Een voorwaarde van {what}")
        reason = (
            "" if asking else self.text(item, "reason_not_met", path, f"een voorwaarde van {what}")
        )
        own = set() if asking else {"reason_not_met"}
        if "any" in item:
            if nested:
                raise self.fail(
                    (*path, "any"), "Een 'any' binnen een 'any' kan niet; maak één lijst."
                )
            self.known_keys(item, path, {"any", *own}, f"een voorwaarde van {what}")
            branches = self.sequence(item["any"], (*path, "any"), "'any'")
            if len(branches) < 2:
                raise self.fail((*path, "any"), "'any' heeft minstens twee voorwaarden nodig.")
            any_of = tuple(
                self.condition(b, (*path, "any", i), questions, what, nested=True, asking=asking)
                for i, b in enumerate(branches)
            )
            if reason:
                reason = self.fill(
                    reason,
                    _rule_values(any_of, questions),
                    (*path, "reason_not_met"),
                    f"'reason_not_met' van een voorwaarde van {what}",
                    warn_numbers=any(_has_threshold(b) for b in any_of),
                )
            return Condition(reason_not_met=reason, any_of_conditions=any_of)
        question_id = item.get("question")
        question = questions.get(question_id) if isinstance(question_id, str) else None
        if question is None:
            if isinstance(question_id, str) and question_id in self.broken_questions:
                raise _Invalid()  # that question's own problem is reported already
            if asking and question_id == asking:
                raise self.fail(
                    (*path, "question"),
                    f"{what} verwijst naar de vraag zelf. Een vraag kan alleen afhangen van "
                    "vragen die eerder staan.",
                )
            if asking and isinstance(question_id, str) and question_id in self.later:
                raise self.fail(
                    (*path, "question"),
                    f"{what} verwijst naar vraag '{question_id}', die pas later komt. Een vraag "
                    f"kan alleen afhangen van vragen die eerder staan: zet '{question_id}' vóór "
                    f"'{asking}' of kies een eerdere vraag.",
                )
            raise self.fail(
                (*path, "question"),
                f"Een voorwaarde van {what} verwijst naar vraag {question_id!r}, "
                "maar die vraag bestaat niet. Gebruik de id van een vraag uit 'questions'.",
            )
        tests = set(CONDITION_TESTS[question.type])
        self.known_keys(
            item, path, {"question", *own, *tests}, f"een voorwaarde op '{question.id}'"
        )
        if not tests & item.keys():
            raise self.fail(
                path,
                f"De voorwaarde op '{question.id}' ({question.type}) mist een toets: "
                f"gebruik {' of '.join(sorted(tests))}.",
            )
        if question.type == "boolean":
            equals = item["equals"]
            if not isinstance(equals, bool):
                raise self.fail((*path, "equals"), "'equals' moet true of false zijn.")
            return Condition(reason, question.id, equals=equals)
        if question.type == "number":
            at_least = self.number(item, "at_least", path, f"de voorwaarde op '{question.id}'")
            at_most = self.number(item, "at_most", path, f"de voorwaarde op '{question.id}'")
            condition = Condition(reason, question.id, at_least=at_least, at_most=at_most)
            return self.with_reason(condition, questions, path)
        key = "one_of" if question.type == "single" else "includes_any"
        values = self.sequence(item[key], (*path, key), f"'{key}'")
        offered = question.option_values()
        for index, option in enumerate(values):
            if option not in offered:
                raise self.fail(
                    (*path, key, index),
                    f"De optie {option!r} bestaat niet bij vraag '{question.id}'. "
                    f"Kies uit: {', '.join(offered)}.",
                )
        if not values:
            raise self.fail((*path, key), f"'{key}' moet minstens één optie noemen.")
        chosen = frozenset(cast(list[str], values))
        if key == "one_of":
            return self.with_reason(Condition(reason, question.id, one_of=chosen), questions, path)
        condition = Condition(reason, question.id, includes_any=chosen)
        return self.with_reason(condition, questions, path)

    def with_reason(
        self, condition: Condition, questions: Mapping[str, Question], path: Path
    ) -> Condition:
        """The condition with the rule's values filled into its reason."""
        if not condition.reason_not_met:
            return condition
        values = _rule_values((condition,), questions)
        for key in ("at_least", "at_most", "options"):
            if f"{condition.question}.{key}" in values:
                values[key] = values[f"{condition.question}.{key}"]
        reason = self.fill(
            condition.reason_not_met,
            values,
            (*path, "reason_not_met"),
            f"'reason_not_met' van de voorwaarde op '{condition.question}'",
            warn_numbers=_has_threshold(condition),
        )
        return dataclasses.replace(condition, reason_not_met=reason)

    def fill(
        self,
        text: str,
        values: Mapping[str, list[str]],
        path: Path,
        what: str,
        *,
        warn_numbers: bool,
    ) -> str:
        """`text` with its {placeholders} replaced by the values of the rules."""
        hint = ", ".join("{" + name + "}" for name in sorted(values)) or "geen"
        try:
            parts = list(string.Formatter().parse(text))
        except ValueError:
            raise self.fail(
                path,
                f"De tekst {what} heeft een '{{' of '}}' die niet klopt. Gebruik alleen "
                f"{hint}, of schrijf {{{{ en }}}} voor een accolade.",
            ) from None
        filled: list[str] = []
        for literal, name, spec, conversion in parts:
            filled.append(literal)
            if warn_numbers and (number := _names_a_number(literal)):
                self.warn(
                    path,
                    f"De tekst {what} noemt het getal '{number}'. Schrijf de plaatshouder "
                    f"({hint}), zodat de tekst meeverandert als de grens verandert.",
                )
                warn_numbers = False
            if name is None:
                continue
            found = values.get(name)
            if found is None or spec or conversion:
                raise self.fail(
                    path, f"De tekst {what} gebruikt {{{name}}}; hier kan alleen: {hint}."
                )
            if len(set(found)) > 1:
                raise self.fail(
                    path,
                    f"De tekst {what} gebruikt {{{name}}}, maar daar horen verschillende "
                    f"waarden bij ({' en '.join(sorted(set(found)))}). Noem de waarde in de "
                    "reden van de voorwaarde zelf.",
                )
            filled.append(found[0])
        return "".join(filled)

    def outcome(
        self, value: object, path: Path, criteria: set[str], rules: Mapping[str, list[str]]
    ) -> Outcome:
        item = self.mapping(value, path, "Een uitkomst")
        outcome_id = self.identifier(item, path, "een uitkomst")
        what = f"uitkomst '{outcome_id}'"
        self.known_keys(item, path, set(FILE_KEYS["outcome"]), what)
        label = self.text(item, "label", path, what)
        then = self.text(item, "then", path, what, required=False)
        summary = self.fill(
            self.text(item, "summary", path, what),
            rules,
            (*path, "summary"),
            f"'summary' van {what}",
            warn_numbers=False,
        )
        requires = self.sequence(
            item.get("requires"), (*path, "requires"), f"'requires' van {what}"
        )
        for index, criterion in enumerate(requires):
            if criterion not in criteria:
                raise self.fail(
                    (*path, "requires", index),
                    f"{what} vraagt criterium {criterion!r}, maar dat bestaat niet. "
                    f"Kies uit: {', '.join(sorted(criteria))}.",
                )
        next_step = self.next_step(item.get("next_step"), (*path, "next_step"), what)
        return Outcome(
            outcome_id, label, summary, tuple(cast(list[str], requires)), next_step, then
        )

    def next_step(self, value: object, path: Path, what: str) -> NextStep:
        item = self.mapping(value, path, f"'next_step' van {what}")
        self.known_keys(item, path, set(FILE_KEYS["next_step"]), "'next_step'")
        kind = item.get("kind")
        if kind not in NEXT_STEP_KINDS:
            raise self.fail(
                (*path, "kind"),
                f"'kind' van de volgende stap is {kind!r}; kies booking of articles.",
            )
        title = self.text(item, "title", path, "de volgende stap")
        text = self.text(item, "text", path, "de volgende stap")
        action = self.text(item, "action", path, "de volgende stap", required=kind == "booking")
        booking = self.text(item, "booking", path, "de volgende stap", required=False)
        if "booking" in item and kind != "articles":
            raise self.fail(
                (*path, "booking"),
                "'booking' (een afspraak naast de artikelen) hoort bij 'kind: articles'; bij "
                "'kind: booking' is 'action' de afspraak. Haal 'booking' weg.",
            )
        links: list[Link] = []
        if kind == "articles" or "links" in item:
            raw = self.sequence(item.get("links"), (*path, "links"), "'links'")
            for index, entry in enumerate(raw):
                link_path = (*path, "links", index)
                link = self.mapping(entry, link_path, "Een link")
                self.known_keys(link, link_path, set(FILE_KEYS["link"]), "een link")
                url = self.text(link, "url", link_path, "een link")
                if "://" in url or url.startswith(("/", "//")):
                    raise self.fail(
                        (*link_path, "url"),
                        f"De link {url!r} moet een pad binnen de site zijn, zoals "
                        "'blog/leadgeneratie/' (zonder https:// of / ervoor).",
                    )
                links.append(Link(self.text(link, "label", link_path, "een link"), url))
        return NextStep(
            kind=kind,
            title=title,
            text=text,
            action=action,
            links=tuple(links),
            booking=booking,
        )

    def example(self, value: object, path: Path) -> Example:
        item = self.mapping(value, path, "Een voorbeeld")
        example_id = self.identifier(item, path, "een voorbeeld")
        what = f"voorbeeld '{example_id}'"
        self.known_keys(item, path, set(FILE_KEYS["example"]), what)
        label = self.text(item, "label", path, what)
        description = self.text(item, "description", path, what, required=False)
        answers = self.mapping(item.get("answers"), (*path, "answers"), f"'answers' van {what}")
        expected = self.text(item, "expected", path, what)
        return Example(example_id, label, description, dict(answers), expected)

    def check_examples(self, definition: Definition) -> None:
        from ._engine import evaluate  # the engine needs a built definition

        outcome_ids = [o.id for o in definition.outcomes]
        for index, example in enumerate(definition.examples):
            path: Path = ("examples", index)
            if example.expected not in outcome_ids:
                self.report(
                    (*path, "expected"),
                    f"Voorbeeld '{example.id}' verwacht uitkomst '{example.expected}', maar die "
                    f"bestaat niet. Kies uit: {', '.join(outcome_ids)}.",
                )
                continue
            result = evaluate(definition, example.answers)
            if result["errors"]:
                error = result["errors"][0]
                question = error["question"]
                self.report(
                    (*path, "answers", question) if question else (*path, "answers"),
                    f"Voorbeeld '{example.id}' heeft een ongeldig antwoord"
                    + (f" op '{question}'" if question else "")
                    + f": {error['message']}",
                )
            elif result["outcome"] != example.expected:
                unmet = [cid for cid, c in result["criteria"].items() if not c["met"]]
                self.report(
                    (*path, "expected"),
                    f"Voorbeeld '{example.id}' geeft uitkomst '{result['outcome']}', niet de "
                    f"verwachte '{example.expected}' (niet voldaan: {', '.join(unmet) or 'geen'}). "
                    "Pas de antwoorden of de verwachte uitkomst aan.",
                )


# --- Helper functions -----------------------------------------------------------------

# Numbers written out in Dutch, also joined ("vijfentwintig", "tweehonderd"). "een" on its
# own is the article, so only "één" counts; inside a longer word "een" is a number too.
_NUMBER_PARTS = (
    "één|een|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|dertien|veertien|"
    "twintig|dertig|veertig|vijftig|zestig|zeventig|tachtig|negentig|honderd|duizend|"
    "miljoen|miljard|en"
)
_NUMBER_WORD = re.compile(rf"(?:{_NUMBER_PARTS})+")
_DIGITS = re.compile(r"(?<!\w)\d+(?:[.,]\d+)*(?!\w)")


def _names_a_number(text: str) -> str:
    """The first number `text` names (digits or a Dutch number word), or ""."""
    digits = _DIGITS.search(text)
    if digits:
        return digits.group()
    words: list[str] = re.findall(r"\w+", text.lower())
    for word in words:
        if word not in ("een", "en") and _NUMBER_WORD.fullmatch(word):
            return word
    return ""


def _has_threshold(condition: Condition) -> bool:
    branches = condition.any_of_conditions or (condition,)
    return any(b.at_least is not None or b.at_most is not None for b in branches)


def _rule_values(
    conditions: tuple[Condition, ...] | list[Condition], questions: Mapping[str, Question]
) -> dict[str, list[str]]:
    """The values of these rules by placeholder name: {medewerkers.at_least} and so on."""
    values: dict[str, list[str]] = {}
    for condition in conditions:
        for rule in condition.any_of_conditions or (condition,):
            question = questions[rule.question]
            if rule.at_least is not None:
                values.setdefault(f"{rule.question}.at_least", []).append(
                    show_number(rule.at_least)
                )
            if rule.at_most is not None:
                values.setdefault(f"{rule.question}.at_most", []).append(show_number(rule.at_most))
            chosen = rule.one_of if rule.one_of is not None else rule.includes_any
            if chosen is not None:
                labels = [_in_sentence(o.label) for o in question.options if o.value in chosen]
                joined = (
                    ", ".join(labels[:-1]) + " of " + labels[-1] if len(labels) > 1 else labels[0]
                )
                values.setdefault(f"{rule.question}.options", []).append(joined)
    return values


def _in_sentence(label: str) -> str:
    """An option label as it reads inside a sentence: "Industrie" -> "industrie", "IT" stays."""
    if label[:2].isupper():
        return label
    return label[:1].lower() + label[1:]


def _raw_ids(items: object) -> set[str]:
    if not isinstance(items, list):
        return set()
    return {
        item["id"] for item in items if isinstance(item, dict) and isinstance(item.get("id"), str)
    }


def _is_identifier(value: str) -> bool:
    return re.fullmatch(IDENTIFIER_PATTERN, value) is not None


def _satisfiable(conditions: tuple[Condition, ...], questions: dict[str, Question]) -> bool:
    """Whether some set of answers meets all `conditions` (trying each branch of any `any`)."""
    choices = [c.any_of_conditions or (c,) for c in conditions]
    return any(
        _consistent(list(combination), questions) for combination in itertools.product(*choices)
    )


def _consistent(conditions: list[Condition], questions: dict[str, Question]) -> bool:
    for question_id, group in itertools.groupby(
        sorted(conditions, key=lambda c: c.question), key=lambda c: c.question
    ):
        tests = list(group)
        question = questions[question_id]
        if question.type == "single":
            allowed = set(question.option_values())
            for test in tests:
                allowed &= test.one_of or set()
            if not allowed:
                return False
        elif question.type == "boolean":
            if len({test.equals for test in tests}) > 1:
                return False
        elif question.type == "multi":
            # A selection is one exclusive option alone, or any options that are not.
            alone = question.exclusive_values()
            sets = [test.includes_any or frozenset() for test in tests]
            together = all(chosen - alone for chosen in sets)
            if not together and not alone.intersection(*sets):
                return False
        elif question.type == "number":
            lows = [t.at_least for t in tests if t.at_least is not None]
            highs = [t.at_most for t in tests if t.at_most is not None]
            low = max([-math.inf if question.minimum is None else question.minimum, *lows])
            high = min([math.inf if question.maximum is None else question.maximum, *highs])
            if low > high:
                return False
    return True


def _formats(text: str, placeholders: frozenset[str]) -> bool:
    """Whether the engine's `text.format(...)` (always with texts) will work."""
    try:
        text.format(**dict.fromkeys(placeholders, "x"))
    except (ValueError, KeyError, IndexError, AttributeError, TypeError):
        return False
    return True
