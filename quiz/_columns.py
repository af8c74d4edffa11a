"""The columns of a lead list matched to the questions, and its cells read as answers.

A header equal to a question's id or label, or to one of its `columns:` names, maps to that
question; a cell equal to an option's value or label, or to one of its `values:`, is that
option; ja/nee (and yes/no, waar/onwaar, 1/0) are a yes/no; numbers are read as the
self-assessment reads them ("1.250", "2,5"). Texts are compared without case, surrounding
space or the punctuation people put between words ("Aantal_medewerkers").
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from ._engine import parse_number
from ._model import Answer, Definition, Question
from ._rules import show_number

__all__ = [
    "Overrides",
    "cell_answer",
    "normalise",
    "propose_columns",
    "value_summary",
]

_PUNCTUATION = re.compile(r"[\s_\-.:/()]+")
# Separators between the options of one cell of a multiple-choice column.
_MULTI_SEPARATOR = re.compile(r"\s*[;,|\n]\s*")
YES = frozenset({"ja", "j", "yes", "y", "true", "waar", "1", "x", "wel"})
NO = frozenset({"nee", "n", "no", "false", "onwaar", "0", "niet"})
SUMMARY_VALUES = 40  # distinct values listed per column in the mapping table


_SHOWN = 40  # characters of a cell quoted back in a message


def normalise(text: str) -> str:
    """A header or cell as it is compared: lower case, words separated by single spaces."""
    return _PUNCTUATION.sub(" ", text.casefold()).strip()


def propose_columns(definition: Definition, headers: Sequence[str]) -> dict[str, str | None]:
    """For each question, the header of the column that holds its answers, or None.

    A column goes to one question at most: the first question (in definition order) whose
    id, label or `columns:` name it equals.
    """
    taken: set[str] = set()
    proposal: dict[str, str | None] = {}
    by_key = {normalise(header): header for header in reversed(headers)}
    for question in definition.questions:
        found = None
        for name in (question.id, question.label, *question.columns):
            header = by_key.get(normalise(name))
            if header is not None and header not in taken:
                found = header
                break
        if found is not None:
            taken.add(found)
        proposal[question.id] = found
    return proposal


Overrides = Mapping[str, Answer | None]


def cell_answer(
    question: Question, cell: str, overrides: Overrides | None = None
) -> tuple[Answer | None, str | None]:
    """One cell as an answer to `question`: (answer, None), (None, None) when it is blank, or
    (None, a Dutch message) when it cannot be read. `overrides` maps normalised cell texts to
    answers the marketer chose (None: this text means "unknown")."""
    text = cell.strip()
    if not text:
        return None, None
    if overrides:
        key = normalise(text)
        if key in overrides:
            return overrides[key], None
    shown = text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"
    if question.type == "boolean":
        key = normalise(text)
        if key in YES:
            return True, None
        if key in NO:
            return False, None
        return None, f"'{shown}' is geen ja of nee."
    if question.type == "number":
        return _number(question, text, shown)
    option = _option(question, text)
    if option is not None:
        return (option if question.type == "single" else [option]), None
    if question.type == "single":
        return None, f"'{shown}' is geen van de keuzes bij deze vraag."
    selection: list[str] = []
    for part in _MULTI_SEPARATOR.split(text):
        value = _option(question, part) if part else None
        if part and value is None:
            return None, f"'{part[:40]}' is geen van de keuzes bij deze vraag."
        if value is not None and value not in selection:
            selection.append(value)
    return selection or None, None


def value_summary(
    question: Question, cells: Sequence[str], overrides: Overrides | None = None
) -> dict[str, Any]:
    """How the cells of one column read as answers to `question`, for the mapping table.

    `values`: the most frequent distinct texts (up to SUMMARY_VALUES), each with how often it
    occurs, the answer it gives (None when it gives none) and the reason when it cannot be
    read; then counts of the rows with an answer, without one (blank) and unreadable ones.
    """
    counts: Counter[str] = Counter()
    first: dict[str, str] = {}
    for cell in cells:
        text = cell.strip()
        key = normalise(text)
        counts[key] += 1
        first.setdefault(key, text)
    values: list[dict[str, Any]] = []
    answered = blank = unreadable = 0
    for key, count in counts.most_common():
        answer, problem = cell_answer(question, first[key], overrides)
        if not first[key]:
            blank += count
            continue
        if problem is not None:
            unreadable += count
        elif answer is None:
            blank += count
        else:
            answered += count
        if len(values) < SUMMARY_VALUES:
            values.append(
                {
                    "cell": first[key],
                    "key": key,
                    "count": count,
                    "answer": answer,
                    "shown": _shown(question, answer),
                    "problem": problem,
                }
            )
    return {
        "values": values,
        "distinct": len(counts) - (1 if "" in counts else 0),
        "answered": answered,
        "blank": blank,
        "unreadable": unreadable,
    }


# --- Helper functions -----------------------------------------------------------------


def _option(question: Question, text: str) -> str | None:
    return _options(question).get(normalise(text))


@functools.cache
def _options(question: Question) -> dict[str, str]:
    """Every text that names an option (value, label, `values:`), normalised, to its value.
    A text two options share goes to the first of them (the validator refuses that)."""
    found: dict[str, str] = {}
    for option in question.options:
        for name in (option.value, option.label, *option.aliases):
            found.setdefault(normalise(name), option.value)
    return found


def _number(question: Question, text: str, shown: str) -> tuple[Answer | None, str | None]:
    number = parse_number(text)
    if number is None:
        return None, f"'{shown}' is geen getal."
    whole: float | int = int(number) if number.is_integer() else number
    unit = f" {question.unit}" if question.unit else ""
    if question.minimum is not None and whole < question.minimum:
        return None, f"{shown} is minder dan het minimum van {show_number(question.minimum)}{unit}."
    if question.maximum is not None and whole > question.maximum:
        return None, f"{shown} is meer dan het maximum van {show_number(question.maximum)}{unit}."
    return whole, None


def _shown(question: Question, answer: Answer | None) -> str:
    """An answer as the mapping table shows it: the option's label, ja/nee, a Dutch number."""
    if answer is None:
        return ""
    if isinstance(answer, bool):
        return "ja" if answer else "nee"
    if isinstance(answer, list):
        return ", ".join(question.option_label(value) for value in answer)
    if isinstance(answer, str):
        return question.option_label(answer)
    return show_number(answer)
