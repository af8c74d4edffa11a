"""Reading a definition's plain data: where each problem is, and typed access that reports.

Every problem is recorded in Dutch with the file and the line (from the YAML loader's
`Lines`; the JSON copy in the wheel has none) and what to change.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from typing import cast

from ._model import IDENTIFIER_PATTERN, Problem

Path = tuple[str | int, ...]
Lines = Mapping[Path, int]


class DefinitionError(Exception):
    """A definition file that cannot be used; `problems` says where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


class Invalid(Exception):
    """Stops checking one part of the definition; the problem is already recorded."""


class Reader:
    """Records problems and warnings; reads typed values, raising Invalid after a problem."""

    def __init__(self, source: str, lines: Lines) -> None:
        self.source = source
        self.lines = lines
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []

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

    def fail(self, path: Path, message: str) -> Invalid:
        self.report(path, message)
        return Invalid()

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
        if not isinstance(value, str) or not is_identifier(value):
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

    def each[T](
        self, root: dict[str, object], key: str, build: Callable[[object, Path], T]
    ) -> list[tuple[int, T]]:
        """Build every item of the list `key`, recording problems and skipping bad items."""
        try:
            items = self.sequence(root.get(key), (key,), f"'{key}'")
        except Invalid:
            return []
        if not items:
            self.report((key,), f"'{key}' is leeg: geef er minstens één.")
        built: list[tuple[int, T]] = []
        for index, value in enumerate(items):
            try:
                built.append((index, build(value, (key, index))))
            except Invalid:
                continue
        return built


def raw_ids(items: object) -> set[str]:
    if not isinstance(items, list):
        return set()
    return {
        item["id"] for item in items if isinstance(item, dict) and isinstance(item.get("id"), str)
    }


def is_identifier(value: str) -> bool:
    return re.fullmatch(IDENTIFIER_PATTERN, value) is not None
