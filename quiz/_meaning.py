"""The checks on meaning: placeholders, numbers written out, rules that can be met, examples.

Beyond the shape of each section: texts with {placeholders} filled from the rules (and a
warning for a number written into a text that should follow a threshold), conditions that
some answer can meet, and examples replayed through the engine.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import re
import string
from collections.abc import Mapping

from ._engine import evaluate
from ._model import Condition, Definition, Problem, Question
from ._report import Invalid, Path, Reader
from ._rules import show_number

# The visitor-facing error messages the engine needs, with the placeholders each may use.
MESSAGE_PLACEHOLDERS: dict[str, frozenset[str]] = {
    "not_an_object": frozenset(),
    "unknown_question": frozenset({"question"}),
    "required": frozenset(),
    "wrong_type": frozenset(),
    "unknown_option": frozenset(),
    "not_a_number": frozenset(),
    "not_a_whole_number": frozenset({"unit"}),
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


class MeaningChecks(Reader):
    """The checks that read a section's meaning, on top of the typed access."""

    def texts(
        self, value: object, section: str, placeholders: dict[str, frozenset[str]]
    ) -> dict[str, str]:
        """A section of fixed texts (`messages`, `booking`) with checked {placeholders}."""
        path: Path = (section,)
        if value is None:
            keys = ", ".join(placeholders)
            if self.suggested((), {section}):
                raise Invalid()  # an unknown key of the file was taken for this section
            raise self.fail(path, f"De definitie mist '{section}' (met de teksten {keys}).")
        item = self.mapping(value, path, f"'{section}'")
        self.known_keys(item, path, set(placeholders), f"'{section}'")
        messages: dict[str, str] = {}
        for key, allowed in placeholders.items():
            text = self.text(item, key, path, f"'{section}'")
            hint = ", ".join("{" + name + "}" for name in sorted(allowed)) or "geen"
            try:
                fields = list(string.Formatter().parse(text))
            except ValueError:  # a lone { or }: reported below, as formats fails too
                fields = []
            used = {name for _, name, _, _ in fields if name is not None}
            unknown = used - allowed
            if not unknown and not formats(text, allowed):
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

    def with_reason(
        self, condition: Condition, questions: Mapping[str, Question], path: Path
    ) -> Condition:
        """The condition with the rule's values filled into its reason."""
        if not condition.reason_not_met:
            return condition
        values = rule_values((condition,), questions)
        for key in ("at_least", "at_most", "options"):
            if f"{condition.question}.{key}" in values:
                values[key] = values[f"{condition.question}.{key}"]
        reason = self.fill(
            condition.reason_not_met,
            values,
            (*path, "reason_not_met"),
            f"'reason_not_met' van de voorwaarde op '{condition.question}'",
            warn_numbers=has_threshold(condition),
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
            if warn_numbers and (number := names_a_number(literal)):
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

    def check_examples(self, definition: Definition) -> None:
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
                self.changed_examples.append(
                    Problem(
                        self.source,
                        self.line((*path, "expected")),
                        f"Voorbeeld '{example.id}' geeft nu '{result['outcome']}' in plaats van "
                        f"'{example.expected}': pas `expected` of het voorbeeld aan "
                        f"(niet voldaan: {', '.join(unmet) or 'geen'}).",
                    )
                )


# Numbers written out in Dutch, also joined ("vijfentwintig", "tweehonderd"). "een" on its
# own is the article, so only "één" counts; inside a longer word "een" is a number too.
_NUMBER_PARTS = (
    "één|een|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|dertien|veertien|"
    "twintig|dertig|veertig|vijftig|zestig|zeventig|tachtig|negentig|honderd|duizend|"
    "miljoen|miljard|en"
)
_NUMBER_WORD = re.compile(rf"(?:{_NUMBER_PARTS})+")
_DIGITS = re.compile(r"(?<!\w)\d+(?:[.,]\d+)*(?!\w)")


def names_a_number(text: str) -> str:
    """The first number `text` names (digits or a Dutch number word), or ""."""
    digits = _DIGITS.search(text)
    if digits:
        return digits.group()
    words: list[str] = re.findall(r"\w+", text.lower())
    for word in words:
        if word not in ("een", "en") and _NUMBER_WORD.fullmatch(word):
            return word
    return ""


def has_threshold(condition: Condition) -> bool:
    branches = condition.any_of_conditions or (condition,)
    return any(b.at_least is not None or b.at_most is not None for b in branches)


def rule_values(
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


def satisfiable(conditions: tuple[Condition, ...], questions: dict[str, Question]) -> bool:
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


def formats(text: str, placeholders: frozenset[str]) -> bool:
    """Whether the engine's `text.format(...)` (always with texts) will work."""
    try:
        text.format(**dict.fromkeys(placeholders, "x"))
    except (ValueError, KeyError, IndexError, AttributeError, TypeError):
        return False
    return True
