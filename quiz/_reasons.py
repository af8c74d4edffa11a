"""The checks on reasons that fit the answer: a text per option (`reason_met` of a criterion,
`reason_not_met` of a condition) and `reason_not_asked` for a question that may be skipped.

Part of the validator (the section checks build on it); every problem names the file, the
line and what to change, in Dutch.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from ._meaning import MeaningChecks
from ._model import Condition, Question
from ._report import Path

Reasons = tuple[tuple[str, str], ...]


class ReasonChecks(MeaningChecks):
    """Reads reasons that may be one text or a text per option."""

    with_ask_when: set[str]  # the ids of questions with an ask_when (the section checks)

    def reason(
        self, item: dict[str, object], key: str, path: Path, what: str
    ) -> tuple[str, dict[str, object] | None]:
        """A reason as one text, or (``"", mapping``) when it is given per option."""
        value = item.get(key)
        if isinstance(value, dict):
            if not value:
                raise self.fail(
                    (*path, key),
                    f"'{key}' van {what} is leeg: geef één tekst, of een tekst per keuze "
                    "('waarde: tekst').",
                )
            return "", value
        return self.text(item, key, path, what), None

    def per_option(
        self,
        given: Mapping[str, object],
        question: Question,
        fitting: frozenset[str],
        path: Path,
        what: str,
    ) -> Reasons:
        """Texts by option value, checked against the options they must cover (`fitting`),
        in the question's option order (placeholders not filled yet)."""
        if question.type not in ("single", "multi"):
            raise self.fail(
                path,
                f"Een tekst per keuze kan alleen bij een keuzevraag (single of multi); vraag "
                f"'{question.id}' is van type {question.type}. Schrijf één tekst.",
            )
        if not question.required:
            raise self.fail(
                path,
                f"Vraag '{question.id}' mag worden overgeslagen, en dan hoort er bij geen keuze "
                "een tekst. Schrijf één tekst, of maak de vraag verplicht.",
            )
        offered = question.option_values()
        for value in given:
            if value not in offered:
                raise self.fail(
                    (*path, value),
                    f"{what} noemt keuze '{value}', maar die bestaat niet bij vraag "
                    f"'{question.id}'. Kies uit: {', '.join(offered)}.",
                )
            if value not in fitting:
                raise self.fail(
                    (*path, value),
                    f"{what} geeft een tekst bij '{value}', maar met die keuze komt deze tekst "
                    f"nooit in beeld. Hier horen precies: {', '.join(sorted(fitting))}.",
                )
        missing = [value for value in offered if value in fitting and value not in given]
        if missing:
            raise self.fail(
                path,
                f"{what} mist een tekst voor {', '.join(missing)}. Geef elke keuze die hier "
                "hoort een eigen tekst, of schrijf één tekst voor allemaal.",
            )
        found: list[tuple[str, str]] = []
        for value in offered:
            if value not in given:
                continue
            text = given[value]
            if not isinstance(text, str) or not text.strip():
                raise self.fail(
                    (*path, value),
                    f"De tekst bij '{value}' van {what} moet een (niet-lege) tekst zijn.",
                )
            found.append((value, text.strip()))
        return tuple(found)

    def option_reasons(
        self,
        condition: Condition,
        question: Question,
        given: Mapping[str, object],
        questions: Mapping[str, Question],
        path: Path,
    ) -> Condition:
        """A condition on a choice question with a `reason_not_met` per failing option."""
        chosen = condition.one_of if condition.one_of is not None else condition.includes_any
        texts = self.per_option(
            given,
            question,
            frozenset(question.option_values()) - (chosen or frozenset()),
            (*path, "reason_not_met"),
            f"'reason_not_met' van de voorwaarde op '{question.id}'",
        )
        filled = tuple(
            (
                value,
                self.with_reason(
                    dataclasses.replace(condition, reason_not_met=text), questions, path
                ).reason_not_met,
            )
            for value, text in texts
        )
        return dataclasses.replace(condition, reason_not_met=filled[0][1], reasons_not_met=filled)

    def not_asked(
        self,
        item: dict[str, object],
        condition: Condition,
        questions: Mapping[str, Question],
        path: Path,
        what: str,
    ) -> Condition:
        """A criterion's condition with its `reason_not_asked`, required when its question
        (every branch's, for an `any`) may not be asked and not allowed when it always is."""
        branches = condition.any_of_conditions or (condition,)
        skippable = [b.question for b in branches if b.question in self.with_ask_when]
        given = "reason_not_asked" in item
        if not given:
            if skippable and len(skippable) == len(branches):
                asked = (
                    "de vragen " + " en ".join(skippable)
                    if len(skippable) > 1
                    else (f"vraag '{skippable[0]}'")
                )
                raise self.fail(
                    path,
                    f"Een voorwaarde van {what} toetst {asked}, die niet altijd gesteld wordt "
                    "(ask_when). Geef 'reason_not_asked': wat de bezoeker leest als de vraag "
                    "niet gesteld is, zoals 'Niet gevraagd, want …'.",
                )
            return condition
        if not skippable:
            raise self.fail(
                (*path, "reason_not_asked"),
                f"'reason_not_asked' bij een voorwaarde van {what} komt nooit in beeld: de vraag "
                "wordt altijd gesteld (geen ask_when). Haal 'reason_not_asked' weg.",
            )
        text = self.text(item, "reason_not_asked", path, f"een voorwaarde van {what}")
        return dataclasses.replace(condition, reason_not_asked=text)
