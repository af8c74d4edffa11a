"""The requests the snapshot warm-up sends through `quiz.browser.handle`.

A memory snapshot keeps only what Python has imported, and the trimmed standard library
holds only what a boot with the same warm-up imports. So the warm-up walks every path a
visitor's request can take: the definition's examples, every kind of wrong answer for every
question, answers that are no object, as a whole and as answers so far, the same as a shared
link's answers, every booking provider, odd contact details and tracking values, a broken
booking setting, unreadable requests and an unknown kind.
"""

from __future__ import annotations

import json
from typing import Any

import quiz

_CONFIGS: list[object] = [
    {"email": "info@example.nl"},
    {"provider": "calcom", "url": "https://cal.example/x?a=1", "email": "info@example.nl"},
    {"provider": "calendly", "url": "https://calendly.example/x", "email": "info@example.nl"},
    {"provider": "teams", "email": "info@example.nl"},  # refused: an error, not a link
    None,
]
_CONTACTS: list[object] = [
    None,
    {"name": "Naam Achternaam", "email": "naam@example.nl"},
    {"name": "Naam", "email": "geen adres"},
    {"name": "\ud800", "email": 42},
    "geen object",
]
_UTMS: list[object] = [
    {"utm_source": "bron", "utm_medium": "\ud800", "utm_campaign": " campagne  x ", "x": "y"},
    ["geen object"],
]
_NOT_AN_OBJECT: list[object] = [None, [], [{}], "tekst", 42, True]


def warm_up_requests(definition_data: Any) -> list[tuple[str, str]]:
    """(kind, JSON text) pairs for `quiz.browser.handle`, built from the definition alone."""
    definition = quiz.build_definition(definition_data, source="definition")
    valid = [dict(example.answers) for example in definition.examples]
    base = valid[0] if valid else _filled(definition)
    unknown = {**base, "onbekende-vraag": 1}
    answer_sets: list[object] = [*valid, base, unknown, {}, *_NOT_AN_OBJECT]
    for question in definition.questions:
        for value in _odd_values(question):
            answer_sets.append({**base, question.id: value})
        answer_sets.append({key: value for key, value in base.items() if key != question.id})

    requests = [
        (kind, _json(answers))
        for answers in answer_sets
        for kind in ("evaluate", "partial", "shared")
    ]
    for answers in [*valid, base, unknown, None]:
        for config in _CONFIGS:
            for contact in _CONTACTS:
                request = {"answers": answers, "config": config, "contact": contact}
                requests.append(("booking", _json(request)))
    for utm in _UTMS:
        request = {"answers": base, "config": _CONFIGS[1], "contact": None, "utm": utm}
        requests.append(("booking", _json(request)))
    requests += [
        ("evaluate", '{"medewerkers": ' + "9" * 5000 + "}"),  # longer than Python reads
        ("evaluate", "{"),
        ("booking", "[]"),
        ("booking", "NaN"),
        ("shared", "{"),
        ("onbekend", "{}"),
    ]
    return requests


def _filled(definition: quiz.Definition) -> dict[str, object]:
    """Answers to every question that pass the checks (for a definition without examples)."""
    answers: dict[str, object] = {}
    for question in definition.questions:
        if question.type == "boolean":
            answers[question.id] = True
        elif question.type == "single":
            answers[question.id] = question.options[0].value
        elif question.type == "multi":
            answers[question.id] = [question.options[0].value]
        else:
            answers[question.id] = question.minimum if question.minimum is not None else 1
    return answers


def _odd_values(question: quiz.Question) -> list[object]:
    """Answers of the wrong kind for this question, and the edge cases of its kind."""
    values: list[object] = [None, "", "   ", {"a": 1}, ["x", "x"], "\ud800"]
    if question.type == "boolean":
        return [*values, "true", 1, False]
    if question.type == "single":
        return [*values, 3, "bestaat-niet", question.options[0].value.upper()]
    if question.type == "multi":
        first = question.options[0].value
        # An option that goes alone (exclusive) beside another one.
        alone = [[o.value, first] for o in question.options if o.exclusive and o.value != first]
        return [*values, [], first, [1], ["bestaat-niet"], [first, first], [first], *alone[:1]]
    low = question.minimum if question.minimum is not None else 0
    high = question.maximum if question.maximum is not None else 1e9
    return [
        *values,
        True,
        "veel",
        "25 medewerkers",
        "1.000",
        "2,5",
        " 7 ",
        "-3",
        low - 1,
        high + 1,
        low + 0.5,
        float("nan"),
        float("inf"),
    ]


def _json(value: object) -> str:
    return json.dumps(value)


# --- The lead page --------------------------------------------------------------------


def lead_warm_up_files(definition_data: Any) -> list[tuple[str, bytes]]:
    """Lead lists in every shape the reader handles, for the lead page's warm-up.

    The lead page boots on its own trimmed standard library: the modules a boot imports
    after reading these files, judging them and writing their downloads (csv, zipfile,
    xml.etree and the codecs of Windows-1252 and UTF-16), so that the self-assessment's
    boot never carries them. Built from the definition's examples: the columns are named
    after the questions, so the proposed mapping maps every one of them.
    """
    definition = quiz.build_definition(definition_data, source="definition")
    headers = ["Naam", *(question.id for question in definition.questions)]
    answers = [dict(example.answers) for example in definition.examples] or [_filled(definition)]
    rows = [
        [f"Lead {index}", *(_cell(sets.get(question.id)) for question in definition.questions)]
        for index, sets in enumerate(answers, 1)
    ]
    rows.append(["=1+1", *("onbekend" for _ in definition.questions)])  # unreadable cells

    def text(separator: str) -> str:
        lines = [headers, *rows]
        return "".join(separator.join(f'"{cell}"' for cell in line) + "\r\n" for line in lines)

    return [
        ("excel.csv", text(";").encode("cp1252", errors="replace")),
        ("utf8-bom.csv", b"\xef\xbb\xbf" + text(",").encode()),
        ("unicode.txt", text("\t").encode("utf-16")),
        ("plain.csv", text(",").encode()),
        ("leads.xlsx", _xlsx([headers, *rows])),
        ("kapot.xlsx", b"PK\x03\x04" + bytes(100)),
        ("plaatje.csv", b"\x89PNG\r\n\x1a\n" + bytes(100)),
        ("gemengd.csv", "Naam\nRené\n".encode() + "Zoë\n".encode("cp1252")),
    ]


def _cell(answer: object) -> str:
    if answer is None:
        return ""
    if isinstance(answer, bool):
        return "ja" if answer else "nee"
    if isinstance(answer, list):
        return "; ".join(str(value) for value in answer)
    if isinstance(answer, float):
        return str(answer).replace(".", ",")
    return str(answer)


def _xlsx(rows: list[list[str]]) -> bytes:
    """A small workbook with shared strings, a number and a date style (two sheets)."""
    import io
    import zipfile

    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    relations = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    strings: list[str] = []

    def cell(ref: str, value: str) -> str:
        if value.isdigit():
            return f'<c r="{ref}"><v>{value}</v></c>'
        strings.append(value)
        return f'<c r="{ref}" t="s"><v>{len(strings) - 1}</v></c>'

    sheet_rows = "".join(
        f'<row r="{number}">'
        + "".join(cell(f"{chr(65 + column)}{number}", value) for column, value in enumerate(row))
        + "</row>"
        for number, row in enumerate(rows, 1)
    )
    escape = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
    shared = "".join(f"<si><t>{value.translate(escape)}</t></si>" for value in strings)
    files = {
        "xl/workbook.xml": f'<workbook xmlns="{main}" xmlns:r="{relations}"><workbookPr/>'
        '<sheets><sheet name="Leads" sheetId="1" r:id="rId1"/>'
        '<sheet name="Blad2" sheetId="2" r:id="rId2"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/'
        'package/2006/relationships"><Relationship Id="rId1" Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Target="/xl/worksheets/sheet2.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{main}"><sheetData>{sheet_rows}'
        "</sheetData></worksheet>",
        "xl/worksheets/sheet2.xml": f'<worksheet xmlns="{main}"><sheetData><row r="1">'
        '<c r="A1" t="inlineStr"><is><t>Datum</t></is></c><c r="B1" t="inlineStr"><is>'
        '<r><t>Ac</t></r><r><t>tief</t></r></is></c></row><row r="2"><c r="A2" s="1">'
        '<v>45658.5</v></c><c r="B2" t="b"><v>1</v></c></row></sheetData></worksheet>',
        "xl/sharedStrings.xml": f'<sst xmlns="{main}">{shared}</sst>',
        "xl/styles.xml": f'<styleSheet xmlns="{main}"><numFmts><numFmt numFmtId="164" '
        'formatCode="dd/mm/yyyy"/></numFmts><cellXfs><xf numFmtId="0"/><xf numFmtId="164"/>'
        "</cellXfs></styleSheet>",
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()
