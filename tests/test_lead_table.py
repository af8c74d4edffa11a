"""Reading lead lists (`quiz.leads.read_table`) in the shapes Dutch offices produce, the
download it writes back (`write_csv`), and the Dutch message for every file it refuses.

The files under tests/fixtures/leads/ were written by LibreOffice (make_fixtures.py there);
the other shapes are built here byte by byte, as Excel and other tools write them.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from quiz.leads import MAX_BYTES, TableError, read_table, safe_cell, write_csv

FIXTURES = Path(__file__).parent / "fixtures" / "leads"

HEADER = ("Naam", "Bedrijf", "Branche", "Aantal medewerkers", "Functie", "B2B", "Notitie")
ROWS = [
    ("Anneke de Vries", "Brouwerij 't Haantje", "Industrie en productie", "250", "Eigenaar",
     "ja", "Belt terug na de beurs"),
    ("Jürgen Müller", "Müller & Zn; logistiek", "groothandel", "18", "Inkoper", "ja",
     "Eerste regel\nTweede regel"),
    ("Chloë Janssen", "Café Señor, Utrecht", "Horeca", "4", "eigenaar", "nee", "=1+1"),
    ("Bram Peeters", "ICT Peeters", "IT en software", "2.5", "IT-manager", "ja", "-korting"),
    ("Fatima el Amrani", "Zorg & Welzijn", "Iets anders", "1250", "student", "", "@team"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "separator", "encoding"),
    [
        ("libreoffice-semicolon-1252.csv", ";", "cp1252"),
        ("libreoffice-comma-utf8.csv", ",", "utf-8"),
        ("libreoffice-tab-utf16.csv", "\t", "utf-16"),
    ],
)
def test_csv_written_by_libreoffice(name: str, separator: str, encoding: str) -> None:
    table = read_table((FIXTURES / name).read_bytes(), name)
    assert (table.kind, table.separator, table.encoding) == ("csv", separator, encoding)
    assert table.headers == HEADER
    assert table.rows == ROWS
    # The second lead's note spans two lines: the third lead starts on line 5.
    assert table.lines == [2, 3, 5, 6, 7]


def test_xlsx_written_by_libreoffice_reads_its_first_sheet_and_names_the_others() -> None:
    table = read_table((FIXTURES / "libreoffice-leads.xlsx").read_bytes(), "leads.xlsx")
    assert (table.kind, table.sheets, table.sheet) == ("xlsx", ("Leads", "Notities"), "Leads")
    assert table.headers == HEADER
    # Numbers as a Dutch spreadsheet shows them (2,5), read back by the rules as 2.5.
    expected = [(*row[:3], "2,5", *row[4:]) if row[3] == "2.5" else row for row in ROWS]
    assert table.rows == expected
    assert table.lines == [2, 3, 4, 5, 6]


def test_a_chosen_sheet_is_read_and_an_unknown_one_is_named() -> None:
    data = (FIXTURES / "libreoffice-notes-first.xlsx").read_bytes()
    assert read_table(data, "x.xlsx").headers == ("Notitie",)
    assert read_table(data, "x.xlsx", sheet="Leads").headers == HEADER
    with pytest.raises(TableError, match=r"geen blad 'Adressen'\. Kies uit: Notities, Leads"):
        read_table(data, "x.xlsx", sheet="Adressen")


def _excel(text: str, encoding: str = "cp1252") -> bytes:
    """Text as Excel writes it: CRLF line ends, Windows-1252 (ASCII-only text reads as UTF-8)."""
    return text.replace("\n", "\r\n").encode(encoding)


SHAPES = {
    # Excel "CSV (gescheiden door lijstscheidingsteken)" on a Dutch Windows: ; and 1252.
    "excel-semicolon-1252": (
        _excel("Naam;Plaats\nRenée;Zoë's Café\n"),
        ";", "cp1252", [("Renée", "Zoë's Café")],
    ),
    # Excel "CSV UTF-8": a BOM, then comma or semicolon.
    "excel-utf8-bom": (
        b"\xef\xbb\xbf" + "Naam,Plaats\nRenée,Zoë\n".encode(),
        ",", "utf-8-sig", [("Renée", "Zoë")],
    ),
    "utf8-tab": ("Naam\tPlaats\nRenée\tZoë\n".encode(), "\t", "utf-8", [("Renée", "Zoë")]),
    # Excel's own hint on the first line.
    "sep-line": (_excel("sep=,\nNaam,Plaats\nA,B\n"), ",", "utf-8", [("A", "B")]),
    # Quoted fields with CRLF line breaks, quotes doubled, separators inside quotes.
    "quoted-breaks": (
        _excel('Naam;Notitie\n"De Vries; Jan";"Regel 1\nRegel ""2"" é"\nB;x\n'),
        ";", "cp1252", [("De Vries; Jan", 'Regel 1\r\nRegel "2" é'), ("B", "x")],
    ),
    # Numbers in Dutch notation with commas inside: ; still wins over the comma.
    "dutch-numbers": (
        _excel("Naam;Omzet;Fte\nA;1.250,50;2,5\nB;3.000;10\n"),
        ";", "utf-8", [("A", "1.250,50", "2,5"), ("B", "3.000", "10")],
    ),
    # Trailing separators (Excel writes them for empty trailing cells), blank lines.
    "trailing-and-blank": (
        _excel("Naam;Plaats;;\nA;B;;\n\n;;;\nC;;;\n"),
        ";", "utf-8", [("A", "B"), ("C", "")],
    ),
    # A row shorter than the header is filled with empty cells.
    "short-row": (_excel("Naam;Plaats;Branche\nA\n"), ";", "utf-8", [("A", "", "")]),
    # Old Mac line ends (CR only).
    "cr-only": (b"Naam;Plaats\rA;B\r", ";", "utf-8", [("A", "B")]),
    # An empty header cell gets the column's letter.
    "unnamed-column": (_excel("Naam;;Plaats\nA;x;B\n"), ";", "utf-8", [("A", "x", "B")]),
}  # fmt: skip


@pytest.mark.parametrize("shape", SHAPES)
def test_csv_shapes(shape: str) -> None:
    data, separator, encoding, rows = SHAPES[shape]
    table = read_table(data, f"{shape}.csv")
    assert (table.separator, table.encoding) == (separator, encoding)
    assert table.rows == rows
    if shape == "unnamed-column":
        assert table.headers == ("Naam", "Kolom B", "Plaats")


def test_a_zip_named_csv_is_read_as_the_workbook_it_is() -> None:
    data = (FIXTURES / "libreoffice-leads.xlsx").read_bytes()
    assert read_table(data, "export.csv").kind == "xlsx"


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


BAD = {
    "empty": (b"", "is leeg"),
    "blank": (b"\r\n \r\n", "is leeg"),
    "header-only": (_excel("Naam;Plaats\n"), "alleen een kopregel en geen leads"),
    "too-large": (b"a" * (MAX_BYTES + 1), "de grens is 50 MB"),
    "png-renamed": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "geen tekst"),
    "control-bytes": (bytes(range(1, 9)) * 200, "geen tekst"),
    "old-xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "oud Excel-bestand"),
    "formula": ((FIXTURES / "libreoffice-formula.xlsx").read_bytes(), "bevat formules"),
    "merged": ((FIXTURES / "libreoffice-merged.xlsx").read_bytes(), "samengevoegde cellen"),
    "mixed-encodings": (
        "Naam;Plaats\nRenée;A\n".encode() + "Zoë;B\n".encode("cp1252"),
        "twee tekencoderingen door elkaar: UTF-8 (zoals op regel 2) en een andere "
        "(zoals op regel 3)",
    ),
    "bom-then-1252": (b"\xef\xbb\xbf" + "Naam\nZoë\n".encode("cp1252"), "twee tekencoderingen"),
    "duplicate-headers": (
        _excel("Naam;E-mail;Plaats;e-mail\nA;a@x;B;b@x\n"),
        "'e-mail' staat twee keer in de kopregel (op regel 1: kolom B en kolom D)",
    ),
    "extra-fields": (
        _excel("Naam;Plaats\nA;B\nC;D;E\n"),
        "Regel 3 heeft 3 velden, de kopregel 2. Staat er een puntkomma",
    ),
    "huge-cell": (_excel("Naam;Notitie\nA;" + "x" * 1_000_000 + "\n"), "Op regel 2 staat een cel"),
    "unclosed-quote": (
        _excel('Naam;Notitie\nA;"begint maar\n' + "tekst\n" * 10_000),
        "Op regel 2 staat een cel",
    ),
    "zip-not-xlsx": (_zip({"brief.txt": b"hallo"}), "geen Excel-werkmap"),
    "ods": (_zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"}), "(.ods)"),
    "truncated-xlsx": (
        (FIXTURES / "libreoffice-leads.xlsx").read_bytes()[:3000],
        "beschadigd of onvolledig",
    ),
    "xlsx-name-not-xlsx": (b"Naam;Plaats\nA;B\n", "heet .xlsx, maar is geen Excel-werkmap"),
}


@pytest.mark.parametrize("case", BAD)
def test_bad_files_get_a_dutch_message(case: str) -> None:
    data, message = BAD[case]
    name = "leads.xlsx" if case == "xlsx-name-not-xlsx" else "leads.csv"
    with pytest.raises(TableError) as raised:
        read_table(data, name)
    assert message in str(raised.value)
    assert "Traceback" not in str(raised.value)


def test_an_xlsx_cell_beyond_the_header_is_refused() -> None:
    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Naam</t></is></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>A</t></is></c>'
        '<c r="C2" t="inlineStr"><is><t>los</t></is></c></row>'
        "</sheetData></worksheet>"
    )
    data = _workbook(sheet)
    with pytest.raises(TableError, match="Cel C2 staat in een kolom zonder naam"):
        read_table(data, "x.xlsx")


def test_xlsx_dates_booleans_inline_strings_and_numbers() -> None:
    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Datum</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>Klant</t></is></c>'
        '<c r="C1" t="inlineStr"><is><t>Fte</t></is></c></row>'
        '<row r="3"><c r="A3" s="1"><v>45658</v></c><c r="B3" t="b"><v>1</v></c>'
        '<c r="C3"><v>1250.75</v></c></row>'
        "</sheetData></worksheet>"
    )
    styles = (
        '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>'
    )
    table = read_table(_workbook(sheet, styles=styles), "x.xlsx")
    assert table.rows == [("01-01-2025", "WAAR", "1250,75")]
    assert table.lines == [3]


def _workbook(sheet: str, styles: str | None = None) -> bytes:
    files = {
        "[Content_Types].xml": b"<Types/>",
        "xl/workbook.xml": (
            b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            b'<sheets><sheet name="Blad1" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b'<Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": sheet.encode(),
    }
    if styles:
        files["xl/styles.xml"] = styles.encode()
    return _zip(files)


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+31 6 1234", "'+31 6 1234"),
        ("-korting", "'-korting"),
        ("@team", "'@team"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("-5", "-5"),  # a plain number stays a number
        ("+31", "+31"),
        ("-2,5", "-2,5"),
        ("Jan", "Jan"),
        ("", ""),
    ],
)
def test_cells_that_a_spreadsheet_would_run_are_neutralised(cell: str, safe: str) -> None:
    assert safe_cell(cell) == safe


@pytest.mark.parametrize(
    ("separator", "encoding", "written"),
    [(";", "cp1252", "cp1252"), (",", "utf-8", "utf-8"), ("\t", "utf-16", "utf-16"),
     (";", "utf-8-sig", "utf-8-sig")],
)  # fmt: skip
def test_the_download_reads_back_in_its_own_separator_and_encoding(
    separator: str, encoding: str, written: str
) -> None:
    rows = [["Zoë", "=SOM(A1)", "regel 1\nregel 2", 'aan "huis"'], ["B", "-3", "", "@x"]]
    data = write_csv(["Naam", "Formule", "Notitie", "Citaat"], rows, separator=separator,
                     encoding=encoding)  # fmt: skip
    assert data.startswith(b"\xef\xbb\xbf") == (written == "utf-8-sig")
    table = read_table(data, "x.csv")
    assert (table.separator, table.encoding) == (separator, written)
    assert table.rows == [
        ("Zoë", "'=SOM(A1)", "regel 1\nregel 2", 'aan "huis"'),
        ("B", "-3", "", "'@x"),
    ]


def test_a_windows_1252_download_that_cannot_hold_a_name_becomes_utf8_with_bom() -> None:
    data = write_csv(["Naam"], [["Łukasz Wałęsa"]], separator=";", encoding="cp1252")
    assert data.startswith(b"\xef\xbb\xbf")
    assert read_table(data, "x.csv").rows == [("Łukasz Wałęsa",)]
