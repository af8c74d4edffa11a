"""A lead list as read: a header and rows of text cells, and what both readers (CSV in
`_table_csv`, .xlsx in `_table_xlsx`) make of the first row with a value and the rows below.

Standard library only: the same code reads a list in pytest and in the browser, where the
file never leaves the page. Whatever cannot be read reliably stops with a `TableError` in
Dutch that says where and what to do; a file is either read completely or not at all.
`quiz.leads.read_table` tells the two kinds apart; every name here is for the package.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ._rules import show_number  # a count as a Dutch reader writes it: 1.000

__all__ = [
    "MAX_BYTES",
    "MAX_CELL",
    "MAX_COLUMNS",
    "MAX_ROWS",
    "Table",
    "TableError",
    "add_row",
    "column_letter",
    "header_names",
]

MAX_BYTES = 50 * 1000 * 1000  # a file larger than 50 MB is refused before it is read
MAX_CELL = 32_767  # characters in one cell: what Excel itself allows
MAX_ROWS = 250_000  # leads in one list: beyond this a browser tab risks running out of memory
MAX_COLUMNS = 1_000

Kind = Literal["csv", "xlsx"]


class TableError(Exception):
    """A file that cannot be read as a lead list; the message (Dutch) says why and what to do."""


@dataclass(frozen=True)
class Table:
    """A lead list as read: a header and rows of text cells, each as long as the header."""

    headers: tuple[str, ...]
    rows: list[tuple[str, ...]]
    lines: list[int]  # where each row starts: the line (CSV) or the row number (xlsx)
    kind: Kind
    separator: str  # CSV: the file's own; xlsx: "" (the download then uses ";")
    encoding: str  # CSV: the file's own (a key of ENCODING_NAMES); xlsx: ""
    sheets: tuple[str, ...] = ()  # xlsx: every sheet's name, in the workbook's order
    sheet: str = ""  # xlsx: the sheet that was read


def column_letter(index: int) -> str:
    """The spreadsheet letter of a column: 0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def header_names(header: list[str], line: int) -> list[str]:
    """The column names: trimmed, trailing empty ones dropped, an empty one named by letter;
    TableError for none, too many, or one name twice (`line`: where the header is, 0 unknown)."""
    names = [cell.strip() for cell in header]
    while names and not names[-1]:
        names.pop()
    if not names:
        raise TableError("Het bestand is leeg. Kies het bestand met je leads.")
    if len(names) > MAX_COLUMNS:
        raise TableError(
            f"De kopregel heeft {show_number(len(names))} kolommen; meer dan "
            f"{show_number(MAX_COLUMNS)} kan niet. Is dit wel een lijst met leads?"
        )
    names = [name or f"Kolom {column_letter(index)}" for index, name in enumerate(names)]
    seen: dict[str, int] = {}
    for index, name in enumerate(names):
        key = " ".join(name.casefold().split())
        if key in seen:
            where = f"op regel {line}" if line else "in de kopregel"
            raise TableError(
                f"De kolomnaam '{name}' staat twee keer in de kopregel ({where}: kolom "
                f"{column_letter(seen[key])} en kolom {column_letter(index)}). Geef elke kolom "
                "een eigen naam en kies het bestand opnieuw."
            )
        seen[key] = index
    return names


def add_row(
    rows: list[tuple[str, ...]], lines: list[int], record: list[str], width: int, line: int
) -> None:
    """Append one row of at most `width` cells, padded to `width`, and the line it starts on;
    TableError once the list holds more rows than a browser tab can take."""
    if len(rows) >= MAX_ROWS:
        raise TableError(
            f"De lijst heeft meer dan {show_number(MAX_ROWS)} leads; zoveel kan een browser "
            "niet in één keer aan. Splits de lijst in delen."
        )
    if len(record) < width:
        record = record + [""] * (width - len(record))
    rows.append(tuple(record))
    lines.append(line)
