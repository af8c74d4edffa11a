"""The section checks: ask_when, each criterion and condition, outcome and example.

The questions and their options are checked in `_questions`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import cast

from ._meaning import has_threshold, rule_values, satisfiable
from ._model import (
    CONDITION_TESTS,
    FILE_KEYS,
    NEXT_STEP_KINDS,
    Condition,
    Criterion,
    Example,
    Link,
    NextStep,
    Outcome,
    Question,
)
from ._questions import MIN_CHOICES, QuestionChecks
from ._report import Invalid, Lines, Path


class SectionChecks(QuestionChecks):
    """Builds each part of a definition from its plain data, reporting what is wrong."""

    def __init__(self, source: str, lines: Lines) -> None:
        super().__init__(source, lines)
        # Ids of questions that exist but are broken: their own problem is reported, so a
        # condition that refers to one is skipped instead of reported a second time.
        self.broken_questions: set[str] = set()
        self.later: set[str] = set()  # while checking an ask_when: the questions after it
        self.with_ask_when: set[str] = set()  # questions that have one, broken or not

    def ask_when(
        self, root: dict[str, object], questions: list[tuple[int, Question]]
    ) -> list[tuple[int, Question]]:
        """Add each question's `ask_when` (conditions on earlier questions only)."""
        # each() read it as a list (or found none: then there are no questions either)
        raw = cast(list[dict[str, object]], root.get("questions") or [])
        done: list[tuple[int, Question]] = []
        for index, question in questions:
            if "ask_when" not in raw[index]:
                done.append((index, question))
                continue
            self.with_ask_when.add(question.id)
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
            except Invalid:  # reported; the question itself stays, so nothing follows on
                done.append((index, question))
                continue
            if not satisfiable(conditions, earlier):
                self.report(
                    path,
                    f"Vraag '{question.id}' wordt nooit gesteld: geen antwoord voldoet aan "
                    f"{what}. Controleer de grenzen en keuzes.",
                )
            done.append((index, dataclasses.replace(question, ask_when=conditions)))
        return done

    def criterion(self, value: object, path: Path, questions: dict[str, Question]) -> Criterion:
        item = self.mapping(value, path, "Een criterium")
        criterion_id = self.identifier(item, path, "een criterium")
        what = f"criterium '{criterion_id}'"
        self.known_keys(item, path, set(FILE_KEYS["criterion"]), what)
        label = self.text(item, "label", path, what)
        reason_met, by_option = self.reason(item, "reason_met", path, what)
        conditions_path = (*path, "conditions")
        raw = self.sequence(item.get("conditions"), conditions_path, f"'conditions' van {what}")
        if not raw:
            raise self.fail(conditions_path, f"{what} heeft minstens één voorwaarde nodig.")
        conditions = tuple(
            self.condition(c, (*conditions_path, i), questions, what) for i, c in enumerate(raw)
        )
        if not satisfiable(conditions, questions):
            raise self.fail(
                conditions_path,
                f"Geen enkel antwoord voldoet aan {what}: de voorwaarden spreken elkaar tegen. "
                "Controleer de grenzen en keuzes.",
            )
        reasons: tuple[tuple[str, str], ...] = ()
        if by_option is not None:
            only = conditions[0]
            chosen = only.one_of if only.one_of is not None else only.includes_any
            if len(conditions) > 1 or chosen is None:
                raise self.fail(
                    (*path, "reason_met"),
                    f"Een 'reason_met' per keuze kan alleen bij een kenmerk met één voorwaarde op "
                    f"een keuzevraag (one_of of includes_any); {what} heeft er een andere. "
                    "Schrijf één tekst.",
                )
            reasons = self.per_option(
                by_option,
                questions[only.question],
                chosen,
                (*path, "reason_met"),
                f"'reason_met' van {what}",
            )
        texts = [(None, reason_met)] if by_option is None else list(reasons)
        filled = [
            (
                value,
                self.fill(
                    text,
                    rule_values(conditions, questions),
                    (*path, "reason_met") if value is None else (*path, "reason_met", value),
                    f"'reason_met' van {what}",
                    warn_numbers=any(has_threshold(c) for c in conditions),
                ),
            )
            for value, text in texts
        ]
        if by_option is None:
            return Criterion(criterion_id, label, filled[0][1], conditions)
        per_option = tuple((cast(str, value), text) for value, text in filled)
        return Criterion(criterion_id, label, per_option[0][1], conditions, per_option)

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
        reason, by_option = (
            ("", None)
            if asking
            else self.reason(item, "reason_not_met", path, f"een voorwaarde van {what}")
        )
        # A criterion's own condition also says why it holds no answer when its question
        # is skipped; a branch of an `any` or an `ask_when` does not.
        criterion_own = not asking and not nested
        own = set() if asking else {"reason_not_met"}
        if criterion_own:
            own.add("reason_not_asked")
        built = self.test(
            item,
            path,
            questions,
            what,
            reason=reason,
            by_option=by_option,
            nested=nested,
            asking=asking,
            own=own,
        )
        return self.not_asked(item, built, questions, path, what) if criterion_own else built

    def test(
        self,
        item: dict[str, object],
        path: Path,
        questions: dict[str, Question],
        what: str,
        *,
        reason: str,
        by_option: dict[str, object] | None,
        own: set[str],
        nested: bool = False,
        asking: str = "",
    ) -> Condition:
        """The test itself: `any` of branches, or one test on one question."""
        if by_option is not None and ("any" in item or not isinstance(item.get("question"), str)):
            raise self.fail(
                (*path, "reason_not_met"),
                "Een 'reason_not_met' per keuze kan alleen bij een voorwaarde op één keuzevraag "
                "(one_of of includes_any). Schrijf één tekst.",
            )
        if "any" in item:
            if nested:
                raise self.fail(
                    (*path, "any"), "Een 'any' binnen een 'any' kan niet; maak één lijst."
                )
            self.known_keys(item, path, {"any", *own}, f"een voorwaarde van {what}")
            branches = self.sequence(item["any"], (*path, "any"), "'any'")
            if len(branches) < MIN_CHOICES:
                raise self.fail((*path, "any"), "'any' heeft minstens twee voorwaarden nodig.")
            any_of = tuple(
                self.condition(b, (*path, "any", i), questions, what, nested=True, asking=asking)
                for i, b in enumerate(branches)
            )
            if reason:
                reason = self.fill(
                    reason,
                    rule_values(any_of, questions),
                    (*path, "reason_not_met"),
                    f"'reason_not_met' van een voorwaarde van {what}",
                    warn_numbers=any(has_threshold(b) for b in any_of),
                )
            return Condition(reason_not_met=reason, any_of_conditions=any_of)
        question = self.condition_question(item, path, questions, what, asking)
        tests = set(CONDITION_TESTS[question.type])
        self.known_keys(
            item, path, {"question", *own, *tests}, f"een voorwaarde op '{question.id}'"
        )
        if not tests & item.keys():
            if self.suggested(path, tests):
                raise Invalid()  # an unknown key was taken for one of the tests, and reported
            raise self.fail(
                path,
                f"De voorwaarde op '{question.id}' ({question.type}) mist een toets: "
                f"gebruik {' of '.join(sorted(tests))}.",
            )
        if by_option is not None and question.type not in ("single", "multi"):
            raise self.fail(
                (*path, "reason_not_met"),
                "Een 'reason_not_met' per keuze kan alleen bij een keuzevraag (single of multi); "
                f"vraag '{question.id}' is van type {question.type}. Schrijf één tekst.",
            )
        if question.type == "boolean":
            equals = item["equals"]
            if not isinstance(equals, bool):
                raise self.fail((*path, "equals"), "'equals' moet true of false zijn.")
            return Condition(reason, question.id, equals=equals)
        if question.type == "number":
            at_least = self.number(item, "at_least", path, f"de voorwaarde op '{question.id}'")
            at_most = self.number(item, "at_most", path, f"de voorwaarde op '{question.id}'")
            for key, bound in (("at_least", at_least), ("at_most", at_most)):
                if question.integer and bound is not None and not float(bound).is_integer():
                    raise self.fail(
                        (*path, key),
                        f"Vraag '{question.id}' neemt alleen hele getallen ('integer: true'), "
                        f"maar '{key}' is {bound}. Kies een heel getal als grens.",
                    )
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
            condition = Condition(reason, question.id, one_of=chosen)
        else:
            condition = Condition(reason, question.id, includes_any=chosen)
        if by_option is None:
            return self.with_reason(condition, questions, path)
        return self.option_reasons(condition, question, by_option, questions, path)

    def condition_question(
        self,
        item: dict[str, object],
        path: Path,
        questions: dict[str, Question],
        what: str,
        asking: str,
    ) -> Question:
        """The question a condition is on; Invalid (reported) when it names none or an
        unknown one, or (in an `ask_when`) itself or a later one."""
        question_id = item.get("question")
        question = questions.get(question_id) if isinstance(question_id, str) else None
        if "question" not in item:
            raise self.missing(
                item,
                "question",
                path,
                f"een voorwaarde van {what}",
                f"Een voorwaarde van {what} noemt geen vraag. Voeg 'question: ...' toe.",
            )
        if question is None:
            if isinstance(question_id, str) and question_id in self.broken_questions:
                raise Invalid()  # that question's own problem is reported already
            if self.suggested((), {"questions"}):
                raise Invalid()  # 'questions' itself is misspelt, and reported
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
        return question

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
                if self.suggested((), {"criteria"}):
                    raise Invalid()  # 'criteria' itself is misspelt, and reported
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
