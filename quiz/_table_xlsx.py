"""A lead list as an .xlsx: the cached values of one sheet, read as a stream.

Shared and inline strings, numbers (in Dutch notation) and dates, without openpyxl (see
ARCHITECTURE.md, "De leadlijst"): zipfile and xml.etree are enough to read values. What a
sheet holds that cannot be read as values (formulas, merged cells) stops with a TableError.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from xml.etree import ElementTree

from ._rules import show_number
from ._table import MAX_CELL, MAX_COLUMNS, Table, TableError, add_row, column_letter, header_names

__all__ = ["read_xlsx"]

MAX_UNPACKED = 500 * 1000 * 1000  # bytes an .xlsx may unpack to (a "zip bomb" is refused)
# Below this a whole float prints as digits (str() switches to 1e+21 there).
_EXACT_WHOLE = 1e21
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_STRICT_REL = "http://purl.oclc.org/ooxml/officeDocument/relationships"
_CELL_REF = re.compile(r"([A-Z]{1,3})(\d+)")
# Built-in number formats that show a date or a time (ECMA-376 part 1, 18.8.30).
_DATE_FORMATS = frozenset({14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47})
_DATE_CODE = re.compile(r"[dmyhs]")
_QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')


def read_xlsx(data: bytes, sheet: str | None) -> Table:
    """The lead list on `sheet` (None: the first) of a workbook's bytes, or TableError."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise _broken_xlsx() from None
    if "mimetype" in names and b"opendocument" in archive.read("mimetype"):
        raise TableError(
            "Dit is een OpenDocument-werkblad (.ods). Sla het in LibreOffice of Excel op als "
            "Excel-werkmap (.xlsx) of als CSV."
        )
    if "xl/workbook.xml" not in names:
        raise TableError(
            "Dit is een ZIP-bestand, maar geen Excel-werkmap. Kies een .xlsx- of CSV-bestand."
        )
    if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED:
        raise TableError("De werkmap is uitgepakt groter dan 500 MB. Splits de lijst in delen.")
    try:
        sheets, date1904 = _sheets(archive)
        if not sheets:
            raise _broken_xlsx()
        chosen = sheet if sheet is not None else next(iter(sheets))
        if chosen not in sheets:
            raise TableError(
                f"De werkmap heeft geen blad '{chosen}'. Kies uit: {', '.join(sheets)}."
            )
        strings = _shared_strings(archive)
        dates = _date_styles(archive)
        cells = _sheet_rows(archive, sheets[chosen], _Styles(strings, dates, date1904), chosen)
        headers, rows, lines = _table_of(cells, chosen)
    except (ElementTree.ParseError, KeyError, IndexError, zipfile.BadZipFile, ValueError, OSError,
            EOFError):  # fmt: skip
        raise _broken_xlsx() from None
    return Table(headers, rows, lines, "xlsx", "", "", tuple(sheets), chosen)


# --- Helper functions -----------------------------------------------------------------


def _local(tag: str) -> str:
    """An element's name without its namespace (transitional and strict OOXML alike)."""
    return tag.rsplit("}", 1)[-1]


def _broken_xlsx() -> TableError:
    return TableError(
        "Dit Excel-bestand is beschadigd of onvolledig en kan niet worden gelezen. Open het in "
        "Excel en sla het opnieuw op, of sla het op als CSV."
    )


def _xml(archive: zipfile.ZipFile, name: str) -> ElementTree.Element:
    return ElementTree.fromstring(archive.read(name))


def _sheets(archive: zipfile.ZipFile) -> tuple[dict[str, str], bool]:
    """Each sheet's name and the file it is in, in workbook order; and the 1904 date system."""
    workbook = _xml(archive, "xl/workbook.xml")
    targets: dict[str, str] = {}
    if "xl/_rels/workbook.xml.rels" in archive.namelist():
        for relation in _xml(archive, "xl/_rels/workbook.xml.rels"):
            target = relation.get("Target", "")
            target = target.lstrip("/") if target.startswith("/") else "xl/" + target
            targets[relation.get("Id", "")] = target
    sheets: dict[str, str] = {}
    date1904 = False
    for element in workbook.iter():
        name = _local(element.tag)
        if name == "workbookPr":
            date1904 = element.get("date1904", "0") in ("1", "true")
        elif name == "sheet":
            rid = element.get(f"{{{_REL}}}id") or element.get(f"{{{_STRICT_REL}}}id") or ""
            target = targets.get(rid, "")
            if target:
                sheets[element.get("name", "")] = target
    return sheets, date1904


def _shared_strings(archive: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in archive.namelist():
        return []
    strings: list[str] = []
    for item in _xml(archive, "xl/sharedStrings.xml"):
        if _local(item.tag) == "si":
            strings.append(_string_item(item))
    return strings


def _string_item(item: ElementTree.Element) -> str:
    """The text of a string item: plain or rich text runs, without phonetic hints."""
    parts: list[str] = []
    for child in item:
        name = _local(child.tag)
        if name == "t":
            parts.append(child.text or "")
        elif name == "r":
            parts.extend(t.text or "" for t in child if _local(t.tag) == "t")
    return "".join(parts)


def _date_styles(archive: zipfile.ZipFile) -> set[int]:
    """The style indexes (the `s` of a cell) whose number format shows a date."""
    if "xl/styles.xml" not in archive.namelist():
        return set()
    styles = _xml(archive, "xl/styles.xml")
    custom: dict[int, str] = {}
    dated: set[int] = set()
    for element in styles.iter():
        if _local(element.tag) == "numFmt":
            custom[int(element.get("numFmtId", "0"))] = element.get("formatCode", "")
    for element in styles:
        if _local(element.tag) != "cellXfs":
            continue
        for index, xf in enumerate(element):
            fmt = int(xf.get("numFmtId", "0"))
            code = _QUOTED.sub("", custom.get(fmt, "")).lower()
            if fmt in _DATE_FORMATS or (fmt in custom and _DATE_CODE.search(code)):
                dated.add(index)
    return dated


@dataclass(frozen=True)
class _Styles:
    """What turns a sheet's raw cell values into text: shared strings and date formats."""

    strings: list[str]
    dates: set[int]  # style indexes that show a date
    date1904: bool


def _sheet_rows(
    archive: zipfile.ZipFile, target: str, styles: _Styles, sheet: str
) -> Iterator[tuple[int, dict[int, str]]]:
    """Each row's number and its cells (column index -> text), read as a stream."""
    with archive.open(target) as stream:
        row_number = 0
        for _event, element in ElementTree.iterparse(stream, events=("end",)):
            name = _local(element.tag)
            if name == "row":
                row_number = int(element.get("r") or row_number + 1)
                cells: dict[int, str] = {}
                column = -1
                for cell in element:
                    if _local(cell.tag) != "c":
                        continue
                    ref = _CELL_REF.fullmatch(cell.get("r", ""))
                    column = _column_index(ref.group(1)) if ref else column + 1
                    text = _cell_text(cell, styles, sheet)
                    if text:
                        if len(text) > MAX_CELL:
                            raise TableError(
                                f"Cel {column_letter(column)}{row_number} heeft meer dan "
                                f"{show_number(MAX_CELL)} tekens. Is dit wel een lijst met "
                                "leads?"
                            )
                        cells[column] = text
                element.clear()
                yield row_number, cells
            elif name == "mergeCell":
                raise TableError(
                    f"Het blad '{sheet}' heeft samengevoegde cellen ({element.get('ref', '')}). "
                    "Dan is niet duidelijk bij welke lead een waarde hoort. Selecteer het blad "
                    "in Excel, kies 'Samenvoegen opheffen' en vul de lege cellen, of sla het "
                    "blad op als CSV."
                )


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - ord("A") + 1
    return index - 1


def _cell_text(cell: ElementTree.Element, styles: _Styles, sheet: str) -> str:
    kind = cell.get("t", "n")
    value = None
    for child in cell:
        name = _local(child.tag)
        if name == "f":
            raise TableError(
                f"Het blad '{sheet}' bevat formules (zoals in cel {cell.get('r', '?')}). Die "
                "rekenen wij niet uit. Kopieer in Excel de cellen en plak ze als waarden "
                "(Plakken speciaal, Waarden), of sla het blad op als CSV."
            )
        if name == "v":
            value = child.text or ""
        elif name == "is":
            return _string_item(child)
    if value is None:
        return ""
    if kind == "s":
        return styles.strings[int(value)]
    if kind == "b":
        return "WAAR" if value.strip() in ("1", "true") else "ONWAAR"
    if kind in ("str", "e", "inlineStr"):
        return value
    number = float(value)
    if int(cell.get("s", "0")) in styles.dates:
        return _date_text(number, styles.date1904)
    return _number_text(number)


def _number_text(number: float) -> str:
    """A number as a Dutch spreadsheet shows it without grouping: 1250, 2,5."""
    if number.is_integer() and abs(number) < _EXACT_WHOLE:
        return str(int(number))
    return repr(number).replace(".", ",")


def _date_text(serial: float, date1904: bool) -> str:
    """A spreadsheet date as day-month-year, with the time when there is one."""
    start = datetime.datetime(1904, 1, 1) if date1904 else datetime.datetime(1899, 12, 30)
    moment = start + datetime.timedelta(days=serial)
    if moment.hour or moment.minute or moment.second:
        return moment.strftime("%d-%m-%Y %H:%M")
    return moment.strftime("%d-%m-%Y")


def _table_of(
    cells: Iterator[tuple[int, dict[int, str]]], sheet: str
) -> tuple[tuple[str, ...], list[tuple[str, ...]], list[int]]:
    """The header (first row with a value) and the rows below it, as text cells, with the
    row number of each."""
    header_row, header_cells = 0, dict[int, str]()
    for number, row in cells:
        if any(text.strip() for text in row.values()):
            header_row, header_cells = number, row
            break
    if not header_cells:
        raise TableError(f"Het blad '{sheet}' is leeg. Kies het blad met je leads.")
    if max(header_cells) >= MAX_COLUMNS:
        raise TableError(
            f"Het blad '{sheet}' heeft meer dan {show_number(MAX_COLUMNS)} kolommen. Is dit "
            "wel een lijst met leads?"
        )
    header = [header_cells.get(index, "") for index in range(max(header_cells) + 1)]
    headers = header_names(header, header_row)
    width = len(headers)
    rows: list[tuple[str, ...]] = []
    lines: list[int] = []
    for number, row in cells:
        if not any(text.strip() for text in row.values()):
            continue
        beyond = [index for index in row if index >= width and row[index].strip()]
        if beyond:
            raise TableError(
                f"Cel {column_letter(min(beyond))}{number} staat in een kolom zonder naam in de "
                f"kopregel (rij {header_row}). Geef die kolom een naam, of haal de waarde weg."
            )
        add_row(rows, lines, [row.get(index, "") for index in range(width)], width, number)
    if not rows:
        raise TableError(
            f"Het blad '{sheet}' heeft alleen een kopregel en geen leads. Kies het blad met de "
            "leads zelf."
        )
    return tuple(headers), rows, lines
