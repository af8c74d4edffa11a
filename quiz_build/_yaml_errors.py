"""PyYAML's syntax errors as a marketer can act on them: Dutch, on the right line, with
that line shown and a marker under the column.

PyYAML says what its parser expected ("mapping values are not allowed here"); this module
says what to change, for the mistakes people make in a hand-edited file (an extra space
of indentation, a colon inside a text, a tab, a bracket or quote left open), and points
at the line where the mistake is, which is not always where the parser noticed it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

# The general advice, for what none of the cases below describes.
GENERAL = (
    "Controleer de inspringing (spaties, geen tabs), de dubbele punten en of teksten met "
    "':' of '#' tussen aanhalingstekens staan."
)


@dataclass(frozen=True)
class SyntaxProblem:
    """Where the mistake is (1-based line, 0-based column) and what to change."""

    line: int
    column: int
    advice: str

    def message(self, text: str) -> str:
        """The advice with the line itself below it and `^` under the column."""
        lines = text.splitlines()
        shown = lines[self.line - 1] if 0 < self.line <= len(lines) else ""
        number = str(self.line)
        # A tab would move the marker: show it as one space (the marker counts characters).
        shown = shown.replace("\t", " ")
        column = min(self.column, len(shown))
        return (
            f"De YAML klopt niet: {self.advice}\n"
            f"  {number} | {shown}\n"
            f"  {' ' * len(number)} | {' ' * column}^"
        )


def explain(error: yaml.MarkedYAMLError, text: str) -> SyntaxProblem:
    """The Dutch explanation of a syntax error in `text`."""
    mark = error.problem_mark or error.context_mark
    if mark is None:  # not raised by PyYAML's scanner or parser; no position known
        return SyntaxProblem(1, 0, GENERAL)
    lines = text.splitlines()
    line, column = mark.line, mark.column  # 0-based
    opened = error.context_mark
    problem = error.problem or ""
    context = error.context or ""

    def indent(number: int) -> int:
        current = lines[number] if number < len(lines) else ""
        return len(current) - len(current.lstrip(" "))

    def previous(number: int) -> int | None:
        """The line before `number` that holds something (not blank, not a comment)."""
        for before in range(number - 1, -1, -1):
            stripped = lines[before].strip()
            if stripped and not stripped.startswith("#"):
                return before
        return None

    def at(number: int, col: int, advice: str) -> SyntaxProblem:
        return SyntaxProblem(number + 1, col, advice)

    if "'\\t'" in problem or "\\t" in problem:
        return at(line, column, "hier staat een tab. Spring in met spaties, geen tabs.")

    if problem == "mapping values are not allowed here":
        before = previous(line)
        if before is not None and indent(line) > indent(before):
            return at(
                line,
                indent(line),
                f"deze regel springt verder in ({indent(line)} spaties) dan de regel erboven "
                f"({indent(before)}). Haal die extra inspringing weg, zodat hij recht onder "
                "die regel begint.",
            )
        return at(
            line,
            column,
            "deze regel bevat een tweede dubbele punt (:). Staat er een ':' in een tekst, zet "
            'de hele tekst dan tussen aanhalingstekens, zoals label: "Aantal: hoeveel?".',
        )

    if match := re.fullmatch(r"expected ',' or '([\]}])', but got '(.*)'", problem):
        close = match[1]
        open_ = "[" if close == "]" else "{"
        what = "lijst" if close == "]" else "groep"
        example = ", zoals [nu, kwartaal]" if close == "]" else ""
        if opened is not None and opened.line != line:
            return at(
                opened.line,
                opened.column,
                f"de {what} die hier met '{open_}' begint, wordt niet gesloten. Zet '{close}' "
                f"aan het eind{example}.",
            )
        return at(
            line,
            column,
            f"de {what} die met '{open_}' begint, moet met '{close}' sluiten; hier staat "
            f"'{match[2]}'.",
        )

    if problem == "could not find expected ':'":
        where = opened if opened is not None else mark
        return at(
            where.line,
            len(lines[where.line].rstrip()) if where.line < len(lines) else 0,
            "na de sleutel op deze regel ontbreekt de dubbele punt, zoals 'type: single'.",
        )

    if match := re.fullmatch(r"found undefined alias '(.*)'", problem):
        return at(
            line,
            column,
            f"'*{match[1]}' verwijst naar een anker (&{match[1]}) dat niet bestaat. Begint een "
            "tekst met '*', zet hem dan tussen aanhalingstekens.",
        )

    if match := re.fullmatch(r"found character '(.)' that cannot start any token", problem):
        return at(
            line,
            column,
            f"een waarde kan niet met '{match[1]}' beginnen. Zet de tekst tussen aanhalingstekens.",
        )

    if match := re.fullmatch(r"found unknown escape character '(.*)'", problem):
        return at(
            line,
            column - 1,
            f"tussen dubbele aanhalingstekens betekent '\\{match[1]}' niets. Laat de "
            "backslash weg of gebruik enkele aanhalingstekens.",
        )

    if problem.startswith("expected <block end>"):
        quote = _unclosed_quote(lines, opened.line if opened else 0, line)
        if quote is not None:
            return at(
                quote[0],
                quote[1],
                "het aanhalingsteken dat hier begint, wordt niet gesloten. Zet er aan het eind "
                "van de tekst nog een.",
            )
        found = problem.partition("but found ")[2]
        if found == "'<scalar>'":
            return at(
                line,
                column,
                "na een tekst tussen aanhalingstekens mag niets meer volgen. Zet de hele tekst "
                "tussen aanhalingstekens.",
            )
        if found == "'-'":
            return at(
                line,
                column,
                "hier begint een lijstitem ('- ') tussen regels met 'sleutel: waarde'. "
                "Controleer de inspringing.",
            )
        if found == "'?'":
            return at(
                line,
                column,
                "een item van een lijst begint met een streepje en een spatie ('- id: ...').",
            )
        before = previous(line)
        if before is not None and indent(line) != indent(before):
            return at(
                line,
                indent(line),
                f"deze regel begint na {indent(line)} spaties, de regel erboven na "
                f"{indent(before)}. Geef de regels van één blok dezelfde inspringing.",
            )
        return at(line, column, f"de inspringing of de opbouw van dit blok. {GENERAL}")

    if "end of stream" in problem:
        return at(
            opened.line if opened else line,
            opened.column if opened else column,
            "het bestand houdt op voordat dit aanhalingsteken of haakje is gesloten.",
        )

    if "while scanning a quoted scalar" in context or "quoted scalar" in context:
        where = opened if opened is not None else mark
        return at(
            where.line, where.column, f"deze tekst tussen aanhalingstekens klopt niet. {GENERAL}"
        )

    return at(line, column, GENERAL)


def _unclosed_quote(lines: list[str], start: int, end: int) -> tuple[int, int] | None:
    """The first line in start..end whose value opens a quote it does not close."""
    for number in range(start, min(end, len(lines) - 1) + 1):
        stripped = lines[number].split(" #")[0]
        match = re.match(r"^\s*(?:- )?[\w-]+:\s+([\"'])", stripped) or re.match(
            r"^\s*- ([\"'])", stripped
        )
        if match is None:
            continue
        quote = match[1]
        rest = stripped[match.end() :]
        closed = rest.replace(quote * 2, "") if quote == "'" else re.sub(r"\\.", "", rest)
        if quote not in closed:
            return number, match.start(1)
    return None
