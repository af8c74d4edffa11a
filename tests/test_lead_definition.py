"""The definition's names for the lead list: `columns:` of a question and `values:` of an
option. Mistakes stop the build with the file, the line and what to change (Dutch)."""

from __future__ import annotations

from pathlib import Path

import pytest

from quiz_build import load_definition
from tests.support.cases import definition_problems, edited_definition, line_of

MEDEWERKERS = "    columns: [aantal medewerkers, fte, werknemers, employees]\n"
IT = "        values: [IT, ICT, software, SaaS]\n"


def test_the_shipped_definition_names_columns_and_values(tmp_path: Path) -> None:
    path, _ = edited_definition(tmp_path)
    definition = load_definition(path)
    medewerkers = definition.question("medewerkers")
    assert medewerkers is not None
    assert "fte" in medewerkers.columns
    branche = definition.question("branche")
    assert branche is not None
    assert branche.options[1].aliases == ("IT", "ICT", "software", "SaaS")


@pytest.mark.parametrize(
    ("old", "new", "needle", "message"),
    [
        (MEDEWERKERS, "    columns: fte\n", "columns: fte",
         "'columns' van vraag 'medewerkers' moet een lijst zijn"),
        (MEDEWERKERS, "    columns: [fte, '']\n", "columns: [fte, '']",
         "bevat een lege naam: haal die weg"),
        (MEDEWERKERS, "    columns: [fte, {a: 1}]\n", "columns: [fte, {a: 1}]",
         "moet een lijst van teksten zijn, zoals [aantal medewerkers, fte]"),
        (MEDEWERKERS, "    columns: [fte, sector]\n", "columns: [fte, sector]",
         "De kolomnaam 'sector' bij vraag 'medewerkers' hoort ook bij vraag 'branche'"),
        (MEDEWERKERS, "    columns: [Functie]\n", "columns: [Functie]",
         "De kolomnaam 'Functie' bij vraag 'medewerkers' hoort ook bij vraag 'functie'"),
        (IT, "        values: [IT, industrie en productie]\n", "values: [IT, industrie en",
         "'industrie en productie' bij optie 'it-software' van vraag 'branche' is ook een naam "
         "van optie 'industrie'"),
        (IT, "        values: [IT, groothandel]\n", "values: [IT, groothandel]",
         "is ook een naam van optie 'groothandel'"),
        (IT, "        values: IT\n", "values: IT", "moet een lijst zijn"),
    ],
)  # fmt: skip
def test_mistakes_in_lead_list_names_name_file_and_line(
    tmp_path: Path, old: str, new: str, needle: str, message: str
) -> None:
    path, text = edited_definition(tmp_path, (old, new))
    problems = definition_problems(path)
    assert any(message in p.message and p.line == line_of(text, needle) for p in problems), [
        str(p) for p in problems
    ]
    assert all(str(p).startswith(f"{path}:") for p in problems)
