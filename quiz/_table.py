"""A lead list in and out: CSV as Dutch offices write it, the sheets of an .xlsx, and the
download with the verdicts added.

Standard library only (csv, zipfile, xml.etree): the same code reads a list in pytest and in
the browser, where the file never leaves the page. Reading CSV: Excel's semicolon CSV in
Windows-1252, comma or tab separated, UTF-8 with or without BOM, UTF-16 ("Unicode-tekst"),
quoted fields with line breaks, a first line `sep=;`. Reading .xlsx: the cached values of a
sheet, shared and inline strings, numbers (in Dutch notation) and dates. Whatever cannot be
read reliably stops with a `TableError` in Dutch that says where and what to do; a file is
either read completely or not at all.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal
from xml.etree import ElementTree

__all__ = [
    "MAX_BYTES",
    "MAX_CELL",
    "MAX_ROWS",
    "Table",
    "TableError",
    "column_letter",
    "read_table",
    "safe_cell",
    "write_csv",
]

MAX_BYTES = 50 * 1000 * 1000  # a file larger than 50 MB is refused before it is read
MAX_CELL = 32_767  # characters in one cell: what Excel itself allows
MAX_ROWS = 250_000  # leads in one list: beyond this a browser tab risks running out of memory
MAX_COLUMNS = 1_000
MAX_UNPACKED = 500 * 1000 * 1000  # bytes an .xlsx may unpack to (a "zip bomb" is refused)

Kind = Literal["csv", "xlsx"]
SEPARATORS = (";", ",", "\t", "|")
_SNIFFED_RECORDS = 30  # records read to tell the separator
_MIN_COLUMNS = 2  # a separator that splits no record is not the one
# Below this a whole float prints as digits (str() switches to 1e+21 there).
_EXACT_WHOLE = 1e21
SEPARATOR_NAMES = {";": "puntkomma", ",": "komma", "\t": "tab", "|": "verticale streep"}
ENCODING_NAMES = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 met BOM",
    "cp1252": "Windows-1252",
    "utf-16": "UTF-16",
}


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
        return _read_xlsx(data, sheet)
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
    return _read_csv(data)


def column_letter(index: int) -> str:
    """The spreadsheet letter of a column: 0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def safe_cell(text: str) -> str:
    """A cell a spreadsheet never runs as a formula (OWASP "CSV injection").

    A cell that starts with =, +, -, @, a tab or a carriage return gets a leading apostrophe,
    which spreadsheets show as text; a plain number such as -5 or +31 stays as it is.
    """
    if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def write_csv(headers: list[str], rows: list[list[str]], *, separator: str, encoding: str) -> bytes:
    """The list as CSV bytes in `separator` and `encoding`, every cell made safe.

    Lines end in CRLF (what Excel writes). An encoding that cannot hold every character
    (Windows-1252 and a name in Polish or Greek) becomes UTF-8 with a BOM, which Excel also
    reads, rather than losing a letter.
    """
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=separator, lineterminator="\r\n")
    writer.writerow([safe_cell(cell) for cell in headers])
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    text = buffer.getvalue()
    if encoding == "utf-16":
        return text.encode("utf-16")
    if encoding == "cp1252":
        try:
            return text.encode("cp1252")
        except UnicodeEncodeError:
            encoding = "utf-8-sig"
    return text.encode("utf-8-sig" if encoding == "utf-8-sig" else "utf-8")


# --- CSV ------------------------------------------------------------------------------

_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)*")
# A UTF-8 sequence of two to four bytes: in a file that is not valid UTF-8 as a whole, one of
# these means two encodings are mixed (in Windows-1252 text they almost never occur).
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_SEP_LINE = re.compile(r"sep=(.)\r?\n", re.IGNORECASE)


def _read_csv(data: bytes) -> Table:
    text, encoding = _decode(data)
    separator = ""
    declared = _SEP_LINE.match(text)
    first_line = 1
    if declared:  # Excel's own hint, "sep=;" on the first line
        separator, text, first_line = declared.group(1), text[declared.end() :], 2
    separator = separator or _sniff(text)
    records = _records(text, separator, first_line)
    header_line, header = next(((n, r) for n, r in records if any(c.strip() for c in r)), (0, []))
    headers = _headers(header, header_line)
    rows: list[tuple[str, ...]] = []
    lines: list[int] = []
    width = len(headers)
    for line, record in records:
        if not any(cell.strip() for cell in record):
            continue
        if len(record) > width:
            extra = record[width:]
            if any(cell.strip() for cell in extra):
                sign = SEPARATOR_NAMES.get(separator, repr(separator))
                raise TableError(
                    f"Regel {line} heeft {_count(len(record) - _trailing_blanks(record))} "
                    f"velden, de kopregel {_count(width)}. Staat er een {sign} ('{separator}') "
                    "in een cel zonder aanhalingstekens eromheen? Zet die cel tussen "
                    "aanhalingstekens, of geef de extra kolom een naam in de kopregel."
                )
        _add_row(rows, lines, record[:width], width, line)
    if not rows:
        raise TableError(
            "Het bestand heeft alleen een kopregel en geen leads. Kies het bestand met de "
            "leads zelf."
        )
    return Table(tuple(headers), rows, lines, "csv", separator, encoding)


def _decode(data: bytes) -> tuple[str, str]:
    """The text of a CSV file and its encoding; TableError when it is no text at all."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _text(data.decode("utf-16")), "utf-16"
        except UnicodeDecodeError:
            raise _not_text() from None
    if b"\x00" in data[:4096]:  # text files hold no NUL bytes: a picture, a PDF, a database
        raise _not_text()
    if data.startswith(b"\xef\xbb\xbf"):
        body, encoding = data[3:], "utf-8-sig"
    else:
        body, encoding = data, "utf-8"
    try:
        return _text(body.decode("utf-8")), encoding
    except UnicodeDecodeError as error:
        bad = error.start
    sequence = _UTF8_SEQUENCE.search(body)
    if sequence is not None or encoding == "utf-8-sig":
        good = sequence.start() if sequence is not None else 0
        raise TableError(
            "Het bestand gebruikt twee tekencoderingen door elkaar: UTF-8 (zoals op regel "
            f"{_line_of(body, good)}) en een andere (zoals op regel {_line_of(body, bad)}). "
            "Letters als é en ë zijn dan niet betrouwbaar te lezen. Open het bestand in Excel "
            "en sla het opnieuw op als 'CSV UTF-8 (door komma's gescheiden)'."
        )
    try:
        return _text(body.decode("cp1252")), "cp1252"
    except UnicodeDecodeError:
        raise _not_text() from None


def _text(text: str) -> str:
    controls = len(_CONTROL.findall(text[:100_000]))
    if controls > max(2, len(text[:100_000]) // 1000):
        raise _not_text()
    return text


def _not_text() -> TableError:
    return TableError(
        "Dit bestand is geen tekst: het is geen CSV-bestand, ook al heet het zo. Kies een "
        "CSV-bestand of een Excel-werkmap (.xlsx) met je leads."
    )


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _sniff(text: str) -> str:
    """The separator that splits the first records into the same, largest number of fields."""
    sample = text[:65_536]
    best, best_score = "", (0, 0, 0)
    for separator in SEPARATORS:
        reader = csv.reader(io.StringIO(sample, newline=""), delimiter=separator, strict=False)
        counts: list[int] = []
        try:
            for record in reader:
                if any(cell.strip() for cell in record):
                    counts.append(len(record) - _trailing_blanks(record))
                if len(counts) >= _SNIFFED_RECORDS:
                    break
        except csv.Error:
            continue
        if not counts or counts[0] < _MIN_COLUMNS:
            continue
        same = sum(1 for count in counts if count == counts[0])
        score = (same, counts[0], -SEPARATORS.index(separator))
        if score > best_score:
            best, best_score = separator, score
    return best or ";"


def _records(text: str, separator: str, first_line: int) -> Iterator[tuple[int, list[str]]]:
    """Each record with the line it starts on; TableError for a cell too long to be a cell."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=False)
    previous = csv.field_size_limit(MAX_CELL)
    line = first_line
    try:
        while True:
            try:
                record = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                if "field larger than field limit" in str(error):
                    raise TableError(
                        f"Op regel {line} staat een cel met meer dan {_count(MAX_CELL)} tekens, "
                        "meer dan Excel in één cel toelaat. Vaak ontbreekt dan een "
                        "aanhalingsteken aan het eind van een cel; controleer die regel."
                    ) from None
                raise TableError(f"Regel {line} is geen geldige CSV: {error}.") from None
            yield line, record
            line = first_line + reader.line_num
    finally:
        csv.field_size_limit(previous)


def _trailing_blanks(record: list[str]) -> int:
    count = 0
    for cell in reversed(record):
        if cell.strip():
            break
        count += 1
    return count


def _headers(header: list[str], line: int) -> list[str]:
    """The column names: trimmed, trailing empty ones dropped, an empty one named by letter."""
    names = [cell.strip() for cell in header]
    while names and not names[-1]:
        names.pop()
    if not names:
        raise TableError("Het bestand is leeg. Kies het bestand met je leads.")
    if len(names) > MAX_COLUMNS:
        raise TableError(
            f"De kopregel heeft {_count(len(names))} kolommen; meer dan {_count(MAX_COLUMNS)} "
            "kan niet. Is dit wel een lijst met leads?"
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


def _add_row(
    rows: list[tuple[str, ...]], lines: list[int], record: list[str], width: int, line: int
) -> None:
    if len(rows) >= MAX_ROWS:
        raise TableError(
            f"De lijst heeft meer dan {_count(MAX_ROWS)} leads; zoveel kan een browser niet in "
            "één keer aan. Splits de lijst in delen."
        )
    if len(record) < width:
        record = record + [""] * (width - len(record))
    rows.append(tuple(record))
    lines.append(line)


# --- xlsx -----------------------------------------------------------------------------

_MAIN = "main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_STRICT_REL = "http://purl.oclc.org/ooxml/officeDocument/relationships"
_CELL_REF = re.compile(r"([A-Z]{1,3})(\d+)")
# Built-in number formats that show a date or a time (ECMA-376 part 1, 18.8.30).
_DATE_FORMATS = frozenset({14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47})
_DATE_CODE = re.compile(r"[dmyhs]")
_QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')


def _local(tag: str) -> str:
    """An element's name without its namespace (transitional and strict OOXML alike)."""
    return tag.rsplit("}", 1)[-1]


def _read_xlsx(data: bytes, sheet: str | None) -> Table:
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
        table = _table_of(cells, chosen)
    except (ElementTree.ParseError, KeyError, IndexError, zipfile.BadZipFile, ValueError, OSError,
            EOFError):  # fmt: skip
        raise _broken_xlsx() from None
    return Table(table.headers, table.rows, table.lines, "xlsx", "", "", tuple(sheets), chosen)


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
                                f"{_count(MAX_CELL)} tekens. Is dit wel een lijst met leads?"
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


def _table_of(cells: Iterator[tuple[int, dict[int, str]]], sheet: str) -> Table:
    """The header (first row with a value) and the rows below it, as text cells."""
    header_row, header_cells = 0, dict[int, str]()
    for number, row in cells:
        if any(text.strip() for text in row.values()):
            header_row, header_cells = number, row
            break
    if not header_cells:
        raise TableError(f"Het blad '{sheet}' is leeg. Kies het blad met je leads.")
    if max(header_cells) >= MAX_COLUMNS:
        raise TableError(
            f"Het blad '{sheet}' heeft meer dan {_count(MAX_COLUMNS)} kolommen. Is dit wel een "
            "lijst met leads?"
        )
    header = [header_cells.get(index, "") for index in range(max(header_cells) + 1)]
    headers = _headers(header, header_row)
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
        _add_row(rows, lines, [row.get(index, "") for index in range(width)], width, number)
    if not rows:
        raise TableError(
            f"Het blad '{sheet}' heeft alleen een kopregel en geen leads. Kies het blad met de "
            "leads zelf."
        )
    return Table(tuple(headers), rows, lines, "xlsx", "", "")


# --- Helper functions -----------------------------------------------------------------


def _count(number: int) -> str:
    """A count as a Dutch reader writes it: 1.000."""
    return f"{number:,}".replace(",", ".")


def _megabytes(size: int) -> str:
    return f"{size / 1e6:.1f}".replace(".", ",") + " MB"
