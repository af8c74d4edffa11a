"""Reading a definition's plain data: where each problem is, and typed access that reports.

Every problem is recorded in Dutch with the file and the line (from the YAML loader's
`Lines`; the JSON copy in the wheel has none) and what to change.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable, Mapping
from typing import cast

from ._model import IDENTIFIER_PATTERN, Definition, Problem

Path = tuple[str | int, ...]
Lines = Mapping[Path, int]

_ITEM = 2  # the length of a path (section, index) that names one item of a section


class DefinitionError(Exception):
    """A definition file that cannot be used; `problems` says where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


class ExamplesChanged(DefinitionError):
    """The definition itself is sound, but some examples now get another outcome than their
    `expected`. A build and `check` fail on it like on any problem; the preview may use
    `definition` (the new rules) and show the problems as warnings."""

    def __init__(self, problems: list[Problem], definition: Definition) -> None:
        super().__init__(problems)
        self.definition = definition


class Invalid(Exception):
    """Stops checking one part of the definition; the problem is already recorded."""


class Reader:
    """Records problems and warnings; reads typed values, raising Invalid after a problem."""

    def __init__(self, source: str, lines: Lines) -> None:
        self.source = source
        self.lines = lines
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        # Examples whose outcome is not their `expected`: problems, of a kind the preview
        # can run with (the definition itself is sound).
        self.changed_examples: list[Problem] = []
        # (item path, unknown key) -> the allowed key it is taken for: one message per typo,
        # not a second one for the key it then misses.
        self.typos: dict[tuple[Path, str], str] = {}
        self.allowed: dict[Path, set[str]] = {}  # the keys each item may have (known_keys)

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
        """Report each key of `item` outside `allowed`, with the closest allowed key that
        the item does not have yet ("bedoel je ...?"), or else the list of allowed keys."""
        self.allowed[path] = allowed
        for key in item:
            if key in allowed or (path, key) in self.typos:
                continue
            absent = [name for name in sorted(allowed) if name not in item]
            close = difflib.get_close_matches(key, absent, n=1, cutoff=0.6)
            if close:
                self.typos[(path, key)] = close[0]
                self.report((*path, key), _typo_message(key, close[0], what))
            else:
                names = ", ".join(sorted(allowed))
                self.report(
                    (*path, key), f"Onbekende sleutel '{key}' bij {what}. Toegestaan: {names}."
                )

    def raw_ids(self, root: dict[str, object], section: str) -> set[str]:
        """The ids the items of `section` give, also under a misspelt `id` key (its item is
        broken, and reported: a reference to it is no second problem)."""
        items = root.get(section)
        found = raw_ids(items)
        for (path, key), meant in self.typos.items():
            if (
                meant == "id"
                and len(path) == _ITEM
                and path[0] == section
                and isinstance(items, list)
            ):
                value = cast(dict[str, object], items[cast(int, path[1])]).get(key)
                if isinstance(value, str):
                    found.add(value)
        return found

    def suggested(self, path: Path, keys: set[str]) -> bool:
        """Whether an unknown key of the item at `path` was already taken for one of `keys`."""
        return any(where == path and meant in keys for (where, _), meant in self.typos.items())

    def missing(
        self, item: dict[str, object], key: str, path: Path, what: str, message: str
    ) -> Invalid:
        """`item` lacks `key`: report `message`, unless an unknown key of the item looks like
        `key` (a typo): then that one problem, "bedoel je '<key>'?", on the typo's line."""
        if self.suggested(path, {key}):
            return Invalid()  # the typo is reported already
        # A key that is allowed here is no typo of another one (not_a_whole_number is not a
        # misspelt not_a_number).
        valid = self.allowed.get(path, set())
        others = [
            name
            for name in item
            if name != key and name not in valid and (path, name) not in self.typos
        ]
        typo = difflib.get_close_matches(key, others, n=1, cutoff=0.75)
        if typo:
            self.typos[(path, typo[0])] = key
            return self.fail((*path, typo[0]), _typo_message(typo[0], key, what))
        return self.fail(path, message)

    def text(
        self, item: dict[str, object], key: str, path: Path, what: str, *, required: bool = True
    ) -> str:
        value = item.get(key)
        if value is None:
            if required:
                raise self.missing(
                    item, key, path, what, f"{what} mist '{key}'. Voeg '{key}: ...' toe."
                )
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            raise self.fail((*path, key), f"'{key}' van {what} moet een (niet-lege) tekst zijn.")
        return value.strip()

    def identifier(self, item: dict[str, object], path: Path, what: str) -> str:
        value = item.get("id")
        if value is None:
            raise self.missing(item, "id", path, what, f"{what} mist een 'id'. Voeg 'id: ...' toe.")
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
        if key not in root and self.suggested((), {key}):
            return []  # an unknown key of the file was taken for this one, and reported
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


def _typo_message(key: str, meant: str, what: str) -> str:
    return f"Onbekende sleutel '{key}' bij {what}: bedoel je '{meant}'?"


def raw_ids(items: object) -> set[str]:
    if not isinstance(items, list):
        return set()
    return {
        item["id"] for item in items if isinstance(item, dict) and isinstance(item.get("id"), str)
    }


def is_identifier(value: str) -> bool:
    return re.fullmatch(IDENTIFIER_PATTERN, value) is not None
