"""A lead list as CSV: read as Dutch offices write it, and the download written back.

Reading: Excel's semicolon CSV in Windows-1252, comma or tab separated, UTF-8 with or
without BOM, UTF-16 ("Unicode-tekst"), quoted fields with line breaks, a first line `sep=;`.
Writing: the list with the verdicts added, in a separator and encoding of choice, every cell
made safe for a spreadsheet.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator

from ._rules import show_number
from ._table import MAX_CELL, Table, TableError, add_row, header_names

__all__ = ["ENCODING_NAMES", "SEPARATOR_NAMES", "read_csv", "safe_cell", "write_csv"]

SEPARATORS = (";", ",", "\t", "|")
_SNIFFED_RECORDS = 30  # records read to tell the separator
_MIN_COLUMNS = 2  # a separator that splits no record is not the one
SEPARATOR_NAMES = {";": "puntkomma", ",": "komma", "\t": "tab", "|": "verticale streep"}
ENCODING_NAMES = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 met BOM",
    "cp1252": "Windows-1252",
    "utf-16": "UTF-16",
}

_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)*")
# A UTF-8 sequence of two to four bytes: in a file that is not valid UTF-8 as a whole, one of
# these means two encodings are mixed (in Windows-1252 text they almost never occur).
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_SEP_LINE = re.compile(r"sep=(.)\r?\n", re.IGNORECASE)


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


def read_csv(data: bytes) -> Table:
    """The lead list in CSV bytes (not empty, checked by the caller) or TableError."""
    text, encoding = _decode(data)
    separator = ""
    declared = _SEP_LINE.match(text)
    first_line = 1
    if declared:  # Excel's own hint, "sep=;" on the first line
        separator, text, first_line = declared.group(1), text[declared.end() :], 2
    separator = separator or _sniff(text)
    records = _records(text, separator, first_line)
    header_line, header = next(((n, r) for n, r in records if any(c.strip() for c in r)), (0, []))
    headers = header_names(header, header_line)
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
                fields = len(record) - _trailing_blanks(record)
                raise TableError(
                    f"Regel {line} heeft {show_number(fields)} velden, de kopregel "
                    f"{show_number(width)}. Staat er een {sign} ('{separator}') in een cel "
                    "zonder aanhalingstekens eromheen? Zet die cel tussen aanhalingstekens, "
                    "of geef de extra kolom een naam in de kopregel."
                )
        add_row(rows, lines, record[:width], width, line)
    if not rows:
        raise TableError(
            "Het bestand heeft alleen een kopregel en geen leads. Kies het bestand met de "
            "leads zelf."
        )
    return Table(tuple(headers), rows, lines, "csv", separator, encoding)


# --- Helper functions -----------------------------------------------------------------


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
                        f"Op regel {line} staat een cel met meer dan {show_number(MAX_CELL)} "
                        "tekens, meer dan Excel in één cel toelaat. Vaak ontbreekt dan een "
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
