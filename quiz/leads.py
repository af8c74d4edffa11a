"""The lead list (/leadlijst/): a marketer's CSV or .xlsx of leads judged by the rules.

Public face of the runtime's lead-list part. It is not imported by `quiz` itself: the
self-assessment's boot never loads csv, zipfile or xml (nor this module); the lead page's
worker imports it. See ARCHITECTURE.md, "De leadlijst".

- `read_table(data, name, sheet)` reads the file, CSV or .xlsx told apart by content (read
  by `_table_csv` and `_table_xlsx`): a `Table`, or `TableError` in Dutch;
- `propose_columns(definition, headers)` proposes which column answers which question;
- `Judge(definition, headers, parse_mapping(...)).row(cells)` judges one row: the outcome
  when it is decided (else None), each criterion met / not met / open with its reason, the
  questions that decide an open row (`ask`) and the cells that could not be read;
- `LeadList` is the one open list of the page's worker: opened once, judged chunk by
  chunk, written out as CSV.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from . import default_definition
from ._batch import Judge, LeadMapping, MappingError, parse_mapping, questions_to_ask
from ._columns import Overrides, cell_answer, normalise, propose_columns, value_summary
from ._model import Definition
from ._table import MAX_BYTES, MAX_CELL, MAX_ROWS, Table, TableError, column_letter
from ._table_csv import ENCODING_NAMES, SEPARATOR_NAMES, read_csv, safe_cell, write_csv
from ._table_xlsx import read_xlsx

__all__ = [
    "ENCODING_NAMES",
    "MAX_BYTES",
    "MAX_CELL",
    "MAX_ROWS",
    "SEPARATOR_NAMES",
    "Judge",
    "LeadList",
    "LeadMapping",
    "MappingError",
    "Table",
    "TableError",
    "cell_answer",
    "column_letter",
    "export_rows",
    "normalise",
    "parse_mapping",
    "propose_columns",
    "questions_to_ask",
    "read_table",
    "safe_cell",
    "status_text",
    "summary",
    "value_summary",
    "write_csv",
]

STATUS = {True: "voldaan", False: "niet voldaan", None: "open"}
OPEN = "open"


def read_table(data: bytes, name: str = "", sheet: str | None = None) -> Table:
    """Read a lead list (CSV or .xlsx, told apart by content, not by name) or raise TableError."""
    if len(data) > MAX_BYTES:
        raise TableError(
            f"Het bestand is {_megabytes(len(data))} groot; de grens is 50 MB. Splits de lijst "
            "in delen of laat kolommen weg die je niet nodig hebt."
        )
    if not data.strip():
        raise TableError("Het bestand is leeg. Kies het bestand met je leads.")
    if data.startswith(b"PK\x03\x04"):
        return read_xlsx(data, sheet)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise TableError(
            "Dit is een oud Excel-bestand (.xls). Open het in Excel en sla het op als "
            "Excel-werkmap (.xlsx) of als CSV."
        )
    if name.lower().endswith((".xlsx", ".xlsm")):
        raise TableError(
            "Dit bestand heet .xlsx, maar is geen Excel-werkmap. Open het in Excel en sla het "
            "opnieuw op als Excel-werkmap (.xlsx) of als CSV."
        )
    return read_csv(data)


def status_text(met: bool | None) -> str:
    """A criterion's verdict as the download and the page write it."""
    return STATUS[met]


def summary(definition: Definition, verdicts: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """How many rows got each outcome (and how many are open), and per criterion how many
    are met, not met and open."""
    outcomes: Counter[str] = Counter()
    criteria = {c.id: {"met": 0, "not_met": 0, "open": 0} for c in definition.criteria}
    with_problems = 0
    for verdict in verdicts:
        outcomes[verdict["outcome"] or OPEN] += 1
        with_problems += bool(verdict["errors"])
        for criterion_id, judged in verdict["criteria"].items():
            met = judged["met"]
            criteria[criterion_id]["met" if met else "open" if met is None else "not_met"] += 1
    return {
        "rows": len(verdicts),
        "outcomes": {o.id: outcomes[o.id] for o in definition.outcomes} | {OPEN: outcomes[OPEN]},
        "criteria": criteria,
        "with_problems": with_problems,
    }


def export_rows(
    definition: Definition,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    verdicts: Sequence[dict[str, Any]],
) -> tuple[list[str], list[list[str]]]:
    """The download: the original columns, then the outcome (label and id), each criterion's
    verdict, the questions to ask and the cells that could not be read."""
    taken = {normalise(header) for header in headers}

    def name(text: str) -> str:  # a column of ours never takes the name of one of theirs
        return text if normalise(text) not in taken else f"{text} (zelftest)"

    added = [name("Uitkomst"), name("Uitkomst (id)")]
    added += [name(f"Kenmerk: {criterion.id}") for criterion in definition.criteria]
    added += [name("Vraag naar"), name("Niet te lezen")]
    labels = {outcome.id: outcome.label for outcome in definition.outcomes}
    out: list[list[str]] = []
    for cells, verdict in zip(rows, verdicts, strict=True):
        outcome = verdict["outcome"]
        out.append(
            [
                *cells,
                labels[outcome] if outcome else OPEN,
                outcome or OPEN,
                *(status_text(verdict["criteria"][c.id]["met"]) for c in definition.criteria),
                ", ".join(verdict["ask"]),
                "; ".join(f"{e['column']}: {e['message']}" for e in verdict["errors"]),
            ]
        )
    return [*headers, *added], out


class LeadList:
    """The lead list open in the page's worker, judged chunk by chunk under one mapping."""

    def __init__(self, table: Table, definition: Definition | None = None) -> None:
        self.table = table
        self.definition = definition or default_definition()
        self.judge: Judge | None = None
        self.verdicts: list[dict[str, Any]] = []

    def describe(self) -> dict[str, Any]:
        """What the page shows before judging: the file, its columns, a proposed mapping."""
        table = self.table
        columns = propose_columns(self.definition, table.headers)
        return {
            "kind": table.kind,
            "separator": table.separator,
            "separator_name": SEPARATOR_NAMES.get(table.separator, ""),
            "encoding": table.encoding,
            "encoding_name": ENCODING_NAMES.get(table.encoding, ""),
            "sheets": list(table.sheets),
            "sheet": table.sheet,
            "headers": list(table.headers),
            "rows": len(table.rows),
            "proposal": {"columns": columns},
            "values": {
                question_id: self.values(question_id, header)
                for question_id, header in columns.items()
                if header is not None
            },
        }

    def values(self, question_id: str, header: str, overrides: object = None) -> dict[str, Any]:
        """How the column `header` reads as answers to the question (the mapping table);
        `overrides`: answers the marketer chose for cell texts (checked as in a mapping)."""
        question = self.definition.question(question_id)
        if question is None:
            raise MappingError(f"De vraag '{question_id[:40]}' bestaat niet in de zelftest.")
        if header not in self.table.headers:
            raise MappingError(f"De kolom {header[:40]!r} staat niet in de lijst.")
        column = self.table.headers.index(header)
        cells = [row[column] for row in self.table.rows]
        chosen: Overrides | None = None
        if overrides:
            mapping = {"values": {question_id: overrides}}
            chosen = parse_mapping(self.definition, self.table.headers, mapping).overrides[
                question_id
            ]
        return value_summary(question, cells, chosen)

    def start(self, mapping: object) -> None:
        """Judge from the first row again, under this mapping."""
        parsed = parse_mapping(self.definition, self.table.headers, mapping)
        self.judge = Judge(self.definition, self.table.headers, parsed)
        self.verdicts = []

    def next_rows(self, count: int) -> list[dict[str, Any]]:
        """The next `count` rows judged: each with its line, its cells and its verdict."""
        if self.judge is None:
            raise MappingError("Er is nog geen koppeling van kolommen gekozen.")
        begin = len(self.verdicts)
        chunk = self.table.rows[begin : begin + max(0, count)]
        out: list[dict[str, Any]] = []
        for offset, cells in enumerate(chunk):
            verdict = self.judge.row(cells)
            self.verdicts.append(verdict)
            # Cells as the page shows them: never one a spreadsheet would run when pasted.
            shown = [safe_cell(cell) for cell in cells]
            out.append({"line": self.table.lines[begin + offset], "cells": shown, **verdict})
        return out

    @property
    def done(self) -> bool:
        return self.judge is not None and len(self.verdicts) == len(self.table.rows)

    def summary(self) -> dict[str, Any]:
        return summary(self.definition, self.verdicts)

    def export(self, *, excel: bool) -> tuple[bytes, str]:
        """The judged list as CSV bytes and the file's encoding: in the file's own separator
        and encoding, or (`excel`) as Excel opens it here: semicolons and Windows-1252 (UTF-8
        with a BOM when a character does not fit). An .xlsx becomes a semicolon CSV."""
        if not self.done:
            raise MappingError("De lijst is nog niet helemaal beoordeeld.")
        headers, rows = export_rows(
            self.definition, self.table.headers, self.table.rows, self.verdicts
        )
        if excel or self.table.kind == "xlsx":
            separator, encoding = ";", "cp1252"
            if not excel:
                encoding = "utf-8-sig"
        else:
            separator, encoding = self.table.separator, self.table.encoding
        data = write_csv(headers, rows, separator=separator, encoding=encoding)
        if encoding == "cp1252" and data.startswith(b"\xef\xbb\xbf"):
            encoding = "utf-8-sig"
        return data, encoding


def _megabytes(size: int) -> str:
    return f"{size / 1e6:.1f}".replace(".", ",") + " MB"
