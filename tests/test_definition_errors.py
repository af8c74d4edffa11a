"""A broken definition fails with the file, the line and a Dutch hint of what to fix.

Each test breaks a copy of the real docs/zelftest/definitie.yml by text substitution, so
the line numbers are those a marketer would see in the real file.
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import pytest
import yaml

import quiz
from quiz import DefinitionError, build_definition
from quiz_build import load_definition
from tests.support.cases import DEFINITION_FILE, quiz_env, run_quiz


@dataclass(frozen=True)
class Broken:
    path: Path
    text: str

    def line_of(self, needle: str, after: str = "") -> int:
        """The 1-based line where `needle` first occurs (after `after`, if given)."""
        start = self.text.index(after) if after else 0
        position = self.text.index(needle, start)
        return self.text.count("\n", 0, position) + 1


def original() -> str:
    return DEFINITION_FILE.read_text(encoding="utf-8")


def break_definition(tmp_path: Path, old: str, new: str, *, count: int = 1) -> Broken:
    """Replace `old` (which must occur exactly `count` times) by `new`, once."""
    text = original()
    assert text.count(old) == count, f"the definition changed; {old!r} not found {count}x"
    broken = text.replace(old, new, 1)
    path = tmp_path / "definitie.yml"
    path.write_text(broken, encoding="utf-8")
    return Broken(path, broken)


def load_error(broken: Broken) -> DefinitionError:
    with pytest.raises(DefinitionError) as caught:
        load_definition(broken.path)
    return caught.value


def message_of(path: Path, text: str) -> str:
    """What loading a definition file of `text` at `path` fails with."""
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DefinitionError) as caught:
        load_definition(path)
    return str(caught.value)


def assert_reported(broken: Broken, line: int, hint: str, *, first: bool = True) -> None:
    """The error names `file:line:` with a message matching `hint` (a regex) there."""
    error = load_error(broken)
    where = f"{broken.path}:{line}:"
    assert where in str(error), f"expected {where} in:\n{error}"
    at_line = [p for p in error.problems if p.line == line and p.source == str(broken.path)]
    assert any(re.search(hint, p.message, re.IGNORECASE) for p in at_line), (
        f"no hint /{hint}/ at line {line} in:\n{error}"
    )
    if first:
        assert error.problems[0].line == line, f"the cause should come first:\n{error}"
    assert "Traceback" not in str(error)


def test_the_real_definition_is_valid() -> None:
    definition = load_definition(DEFINITION_FILE)
    assert [c.id for c in definition.criteria] == [
        "doelgroep",
        "behoefte",
        "budget",
        "beslissingsbevoegdheid",
        "interactie",
    ]


# --- One wrong value or line, reported on its line -------------------------------------
#
# Each row breaks the real file (`old` -> `new`, which must occur once) and names the line
# the cause must be reported on, first: where `needle` occurs (after `after`, if given),
# with a message matching `hint` (a regex).


class Wrong(NamedTuple):
    old: str
    new: str
    needle: str
    hint: str
    after: str = ""


IT_PROSPECT = "    expected: prospect\n    answers:\n      b2b: true\n      branche: it-software\n"
WRONG = {
    # YAML itself
    "yaml_bad_indentation": Wrong(
        "    label: In welke branche is jouw bedrijf actief?\n",
        "     label: In welke branche is jouw bedrijf actief?\n",
        "     label: In welke branche",
        r"YAML.*inspringing",
    ),
    "yaml_mismatched_bracket": Wrong(
        "one_of: [nu, kwartaal]", "one_of: [nu, kwartaal}", "[nu, kwartaal}", r"YAML"
    ),
    "yaml_unquoted_colon": Wrong(
        "label: Hoeveel medewerkers heeft jouw bedrijf?",
        "label: Aantal: hoeveel medewerkers heeft jouw bedrijf?",
        "label: Aantal:",
        r"aanhalingstekens",
    ),
    "tab": Wrong(
        "    type: single\n    label: In welke branche",
        "\ttype: single\n    label: In welke branche",
        "\ttype: single",
        r"tabs",
    ),
    "recursive_anchor": Wrong(
        "title: Ben jij een prospect?\n", "title: &lus [*lus]\n", "title: &lus", r"title"
    ),
    # questions and options
    "duplicate_option_value": Wrong(
        "      - value: overig\n",
        "      - value: consumentenmarkt\n",
        "      - value: consumentenmarkt",
        r"'consumentenmarkt'.*twee keer",
        after="value: consumentenmarkt\n",
    ),
    "exclusive_that_is_not_true_or_false": Wrong(
        "        exclusive: true\n",
        "        exclusive: ja\n",
        "exclusive: ja",
        r"'exclusive' van optie 'niets' van vraag 'contact'.*true of false",
    ),
    "exclusive_on_an_option_of_a_single_question": Wrong(
        "      - value: overig\n",
        "      - value: overig\n        exclusive: true\n",
        "        exclusive: true",
        r"'exclusive' hoort alleen bij .*type multi.*'branche'",
        after="value: overig",
    ),
    "unknown_question_type": Wrong(
        "  - id: b2b\n    type: boolean\n",
        "  - id: b2b\n    type: janee\n",
        "type: janee",
        r"single, multi, number of boolean",
    ),
    "min_of_the_wrong_type": Wrong("    min: 1\n", "    min: een\n", "min: een", r"'min'.*getal"),
    "min_above_max": Wrong(
        "    min: 1\n", "    min: 2000000\n", "min: 2000000", r"'min'.*groter.*'max'"
    ),
    # criteria
    "option_in_condition_not_defined": Wrong(
        "one_of: [nu, kwartaal]",
        "one_of: [nu, binnenkort]",
        "one_of: [nu, binnenkort]",
        r"'binnenkort' bestaat niet.*Kies uit: nu, kwartaal",
    ),
    "question_in_condition_not_defined": Wrong(
        "      - question: budget\n",
        "      - question: budgett\n",
        "question: budgett",
        r"'budgett'.*bestaat niet",
    ),
    "threshold_of_the_wrong_type": Wrong(
        "at_least: 5\n", "at_least: vijf\n", "at_least: vijf", r"'at_least'.*getal.*vijf"
    ),
    # `at_least:` with the number deleted must not silently drop the threshold.
    "empty_threshold": Wrong("at_least: 5\n", "at_least:\n", "at_least:\n", r"'at_least'.*getal"),
    "equals_of_the_wrong_type": Wrong(
        "        equals: true\n", "        equals: ja\n", "equals: ja", r"true of false"
    ),
    # at_most 3 next to at_least 5: no company size meets the criterion.
    "criterion_no_answer_can_satisfy_range": Wrong(
        "        at_least: 5\n",
        "        at_least: 5\n        at_most: 3\n",
        "    conditions:",
        r"Geen enkel antwoord.*'doelgroep'",
        after="  - id: doelgroep",
    ),
    "criterion_no_answer_can_satisfy_above_max": Wrong(
        "at_least: 5\n",
        "at_least: 2000000\n",
        "    conditions:",
        r"Geen enkel antwoord.*'doelgroep'",
        after="  - id: doelgroep",
    ),
    # outcomes
    "outcome_requires_unknown_criterion": Wrong(
        "requires: [doelgroep]\n",
        "requires: [doelgroep, bereik]\n",
        "requires: [doelgroep, bereik]",
        r"'bereik'.*bestaat niet.*Kies uit",
    ),
    "last_outcome_with_requirements": Wrong(
        "    requires: []\n",
        "    requires: [doelgroep]\n",
        "requires: [doelgroep]\n",
        r"laatste uitkomst.*requires: \[\]",
        after="id: buiten-doelgroep",
    ),
    # examples
    "example_with_the_wrong_outcome": Wrong(
        IT_PROSPECT,
        IT_PROSPECT.replace("prospect", "lead"),
        "    expected: lead\n    answers:\n      b2b: true\n      branche: it",
        r"geeft nu 'prospect' in plaats van 'lead': pas `expected` of het voorbeeld",
    ),
    "example_expecting_an_unknown_outcome": Wrong(
        IT_PROSPECT,
        IT_PROSPECT.replace("prospect", "klant"),
        "expected: klant",
        r"'klant'.*bestaat niet",
    ),
    "example_with_an_invalid_answer": Wrong(
        "      medewerkers: 120\n",
        "      medewerkers: veel\n",
        "medewerkers: veel",
        r"ongeldig antwoord op 'medewerkers'",
    ),
    "example_with_an_unknown_question": Wrong(
        "      medewerkers: 120\n",
        "      medewerkers: 120\n      omzet: 1000000\n",
        "omzet: 1000000",
        r"ongeldig antwoord op 'omzet'",
    ),
    # the file as a whole
    "unknown_top_level_key": Wrong(
        "title: Ben jij een prospect?\n",
        "title: Ben jij een prospect?\nondertitel: Doe de test\n",
        "ondertitel:",
        r"Onbekende sleutel 'ondertitel'",
    ),
    "missing_message": Wrong(
        "  not_a_number: Vul een getal in, bijvoorbeeld 25.\n", "", "messages:\n", r"not_a_number"
    ),
    "message_with_an_unknown_placeholder": Wrong(
        "Vul minimaal {min} in.",
        "Vul minimaal {minimum} in.",
        "{minimum}",
        r"\{minimum\}.*\{min\}",
    ),
}


@pytest.mark.parametrize("wrong", [pytest.param(w, id=name) for name, w in WRONG.items()])
def test_a_wrong_line_is_reported_there(tmp_path: Path, wrong: Wrong) -> None:
    broken = break_definition(tmp_path, wrong.old, wrong.new)
    assert_reported(broken, broken.line_of(wrong.needle, after=wrong.after), wrong.hint)


# --- YAML itself ----------------------------------------------------------------------


def test_yaml_unclosed_bracket_names_its_line(tmp_path: Path) -> None:
    broken = break_definition(tmp_path, "one_of: [nu, kwartaal]", "one_of: [nu, kwartaal")
    line = broken.line_of("[nu, kwartaal")
    error = str(load_error(broken))
    assert f"{broken.path}:{line}:" in error or f"regel {line}" in error, error


def test_duplicate_key(tmp_path: Path) -> None:
    old = "    label: Verkoopt jouw bedrijf aan andere bedrijven (B2B)?\n"
    broken = break_definition(tmp_path, old, old + "    label: Verkoop je zakelijk?\n")
    first = broken.line_of("label: Verkoopt jouw bedrijf")
    assert_reported(
        broken,
        broken.line_of("label: Verkoop je zakelijk?"),
        rf"'label'.*twee keer.*regel {first}.*Verwijder",
    )


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "definitie.yml"
    for text in ("", "\n\n", "# alleen commentaar\n"):
        message = message_of(path, text)
        assert f"{path}:1:" in message
        assert re.search(r"leeg", message)


def test_not_a_mapping(tmp_path: Path) -> None:
    path = tmp_path / "definitie.yml"
    message = message_of(path, "# commentaar\n- een\n- lijst\n")
    assert f"{path}:2:" in message
    assert "sleutel: waarde" in message


# --- questions and options ------------------------------------------------------------


def test_duplicate_question_id(tmp_path: Path) -> None:
    block = (
        "  - id: b2b\n"
        "    type: boolean\n"
        "    label: Verkoopt jouw bedrijf aan andere bedrijven (B2B)?\n"
    )
    broken = break_definition(tmp_path, block, block + block)
    first = broken.line_of("  - id: b2b")
    second = broken.line_of("  - id: b2b", after="(B2B)?\n")
    assert second > first
    assert_reported(broken, second, rf"'b2b'.*twee keer.*regel {first}.*unieke")


# --- criteria -------------------------------------------------------------------------


def test_criterion_no_answer_can_satisfy_one_of(tmp_path: Path) -> None:
    """Two one_of on the same question without a common option."""
    old = (
        "          geen: Je hebt op dit moment geen behoefte aan meer afspraken met "
        "potentiële klanten.\n"
    )
    extra = (
        "      - question: behoefte\n"
        "        one_of: [later, geen]\n"
        "        reason_not_met: Je behoefte is actueel.\n"
    )
    broken = break_definition(tmp_path, old, old + extra)
    line = broken.line_of("    conditions:", after="  - id: behoefte\n    label:")
    assert_reported(broken, line, r"Geen enkel antwoord.*'behoefte'")


def test_criterion_no_answer_can_satisfy_includes_any_with_an_exclusive_option(
    tmp_path: Path,
) -> None:
    """'Nog niets hiervan' is only chosen alone, so it never goes with an offer request."""
    old = (
        "          niets: Je hebt nog geen concreet contact gezocht, zoals een offerteaanvraag of "
        "kennismakingsgesprek.\n"
    )
    extra = (
        "      - question: contact\n"
        "        includes_any: [niets]\n"
        "        reason_not_met: Je hebt al iets gedaan.\n"
    )
    broken = break_definition(tmp_path, old, old + extra)
    line = broken.line_of("    conditions:", after="  - id: interactie\n")
    assert_reported(broken, line, r"Geen enkel antwoord.*'interactie'")
    # Without `exclusive` the two go together (only the examples then disagree).
    together = Broken(tmp_path / "samen.yml", broken.text.replace("exclusive: true\n", ""))
    together.path.write_text(together.text, encoding="utf-8")
    assert not any("Geen enkel antwoord" in p.message for p in load_error(together).problems)


def test_duplicate_criterion_id(tmp_path: Path) -> None:
    broken = break_definition(
        tmp_path, "  - id: budget\n    label:", "  - id: behoefte\n    label:"
    )
    first = broken.line_of("  - id: behoefte\n    label:")
    second = broken.line_of("  - id: behoefte\n    label:", after="label: Heeft een actuele")
    assert_reported(broken, second, rf"'behoefte'.*twee keer.*regel {first}")


# --- the file as a whole --------------------------------------------------------------


def test_missing_messages(tmp_path: Path) -> None:
    text = original()
    start = text.index("\nmessages:\n")
    end = text.find("\n# ---", start + 1)
    block = text[start : end if end != -1 else len(text)]
    broken = break_definition(tmp_path, block, "\n")
    # A missing key has no line of its own: the error points at the top of the mapping.
    top = broken.line_of("title:")
    assert_reported(broken, top, r"mist 'messages'")


# --- the JSON copy and the command line -----------------------------------------------


def test_json_definition_reports_the_source_without_a_line() -> None:
    """The JSON copy in the wheel has no line numbers: the source alone is named."""
    data = yaml.safe_load(original().replace("at_least: 5\n", "at_least: vijf\n"))
    with pytest.raises(DefinitionError) as caught:
        build_definition(data, source="definition.json")
    message = str(caught.value)
    assert message.startswith("definition.json: ")
    assert not re.search(r"definition\.json:\d", message)
    assert "'at_least'" in message
    assert all(p.line is None for p in caught.value.problems)


def test_json_definition_round_trip_builds() -> None:
    data = yaml.safe_load(original())
    definition = build_definition(data, source="definition.json")
    assert quiz.questions(definition) == quiz.questions(load_definition(DEFINITION_FILE))


def test_json_file_syntax_error_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "definition.json"
    message = message_of(path, '{\n  "title": "x",\n  "questions": [\n}\n')
    assert f"{path}:4:" in message
    assert "JSON" in message


def test_check_command_reports_file_and_line(tmp_path: Path) -> None:
    broken = break_definition(tmp_path, "at_least: 5\n", "at_least: vijf\n")
    completed = run_quiz("check", str(broken.path))
    assert completed.returncode == 2
    assert f"{broken.path}:{broken.line_of('at_least: vijf')}:" in completed.stderr
    assert "Traceback" not in completed.stderr
    assert "in orde" not in completed.stdout


def test_check_command_on_a_yaml_syntax_error(tmp_path: Path) -> None:
    broken = break_definition(tmp_path, "one_of: [nu, kwartaal]", "one_of: [nu, kwartaal}")
    completed = run_quiz("check", str(broken.path))
    assert completed.returncode == 2
    assert f"{broken.path}:{broken.line_of('[nu, kwartaal}')}:" in completed.stderr
    assert "Traceback" not in completed.stderr


def test_check_command_on_a_missing_file(tmp_path: Path) -> None:
    completed = run_quiz("check", str(tmp_path / "bestaat-niet.yml"))
    assert completed.returncode == 2
    assert "bestaat-niet.yml" in completed.stderr
    assert "Traceback" not in completed.stderr


def test_check_command_accepts_the_real_file() -> None:
    completed = run_quiz("check", str(DEFINITION_FILE))
    assert completed.returncode == 0, completed.stderr
    assert "in orde" in completed.stdout
    assert completed.stderr == ""


def test_check_command_without_a_file_checks_the_real_one() -> None:
    completed = run_quiz("check")
    assert completed.returncode == 0, completed.stderr
    assert "in orde" in completed.stdout


# --- The table: every message exactly as the marketer reads it --------------------------
#
# Each row breaks the real file (old -> new, the first occurrence), names the line the
# message must be on (`needle`: text on that line of the broken file) and the message. For
# YAML syntax errors the message shows that line with `^` under `marker` (the first
# occurrence of `marker` on the line; "" = the first character). The file sits in a project
# folder, which is the working folder, as under `make check` and `make serve`: the message
# names it relative to the project.

RELATIVE = "docs/zelftest/definitie.yml"
TABLE: list[tuple[str, str, str, str, str, str | None]] = [
    # (name, old, new, needle, message, marker; None: no excerpt)
    (
        "typo in a required key of a condition",
        "        reason_not_met: Wij werken",
        "        reason_not_mett: Wij werken",
        "reason_not_mett:",
        "Onbekende sleutel 'reason_not_mett' bij een voorwaarde van criterium 'doelgroep': "
        "bedoel je 'reason_not_met'?",
        None,
    ),
    (
        "typo in a question's label",
        "    label: In welke branche",
        "    lable: In welke branche",
        "lable:",
        "Onbekende sleutel 'lable' bij vraag 'branche': bedoel je 'label'?",
        None,
    ),
    (
        "typo in a question's type",
        "  - id: b2b\n    type: boolean",
        "  - id: b2b\n    tpye: boolean",
        "tpye:",
        "Onbekende sleutel 'tpye' bij vraag 'b2b': bedoel je 'type'?",
        None,
    ),
    (
        "typo in an optional key",
        "    help: Wij plannen afspraken",
        "    hlep: Wij plannen afspraken",
        "hlep:",
        "Onbekende sleutel 'hlep' bij vraag 'b2b': bedoel je 'help'?",
        None,
    ),
    (
        "typo in a question's id",
        "  - id: b2b\n",
        "  - idd: b2b\n",
        "idd: b2b",
        "Onbekende sleutel 'idd' bij een vraag: bedoel je 'id'?",
        None,
    ),
    (
        "typo in a criterion's reason",
        "    reason_met: Je bedrijf verkoopt zakelijk",
        "    reason_mte: Je bedrijf verkoopt zakelijk",
        "reason_mte:",
        "Onbekende sleutel 'reason_mte' bij criterium 'doelgroep': bedoel je 'reason_met'?",
        None,
    ),
    (
        "typo in a condition's test",
        "one_of: [nu, kwartaal]",
        "one_off: [nu, kwartaal]",
        "one_off:",
        "Onbekende sleutel 'one_off' bij een voorwaarde op 'behoefte': bedoel je 'one_of'?",
        None,
    ),
    (
        "typo in a section: questions",
        "\nquestions:\n",
        "\nquestons:\n",
        "questons:",
        "Onbekende sleutel 'questons' bij de definitie: bedoel je 'questions'?",
        None,
    ),
    (
        "typo in a section: criteria",
        "\ncriteria:\n",
        "\ncriterai:\n",
        "criterai:",
        "Onbekende sleutel 'criterai' bij de definitie: bedoel je 'criteria'?",
        None,
    ),
    (
        "typo in a section: messages",
        "\nmessages:\n",
        "\nmesages:\n",
        "mesages:",
        "Onbekende sleutel 'mesages' bij de definitie: bedoel je 'messages'?",
        None,
    ),
    (
        "YAML: a line indented one space too far",
        "    label: In welke branche is jouw bedrijf actief?\n",
        "     label: In welke branche is jouw bedrijf actief?\n",
        "     label: In welke branche",
        "De YAML klopt niet: deze regel springt verder in (5 spaties) dan de regel erboven "
        "(4). Haal die extra inspringing weg, zodat hij recht onder die regel begint.",
        "label",
    ),
    (
        "YAML: a line indented one space too little",
        "    label: In welke branche is jouw bedrijf actief?\n",
        "   label: In welke branche is jouw bedrijf actief?\n",
        "   label: In welke branche",
        "De YAML klopt niet: deze regel begint na 3 spaties, de regel erboven na 4. Geef de "
        "regels van één blok dezelfde inspringing.",
        "label",
    ),
    (
        "YAML: a colon inside a text",
        "label: Hoeveel medewerkers heeft jouw bedrijf?",
        "label: Aantal: hoeveel medewerkers heeft jouw bedrijf?",
        "label: Aantal:",
        "De YAML klopt niet: deze regel bevat een tweede dubbele punt (:). Staat er een ':' "
        'in een tekst, zet de hele tekst dan tussen aanhalingstekens, zoals label: "Aantal: '
        'hoeveel?".',
        ": hoeveel",
    ),
    (
        "YAML: a tab",
        "    type: single\n    label: In welke branche",
        "\ttype: single\n    label: In welke branche",
        "\ttype: single",
        "De YAML klopt niet: hier staat een tab. Spring in met spaties, geen tabs.",
        "",
    ),
    (
        "YAML: a list closed with the wrong bracket",
        "one_of: [nu, kwartaal]",
        "one_of: [nu, kwartaal}",
        "[nu, kwartaal}",
        "De YAML klopt niet: de lijst die met '[' begint, moet met ']' sluiten; hier staat '}'.",
        "}",
    ),
    (
        "YAML: a list left open",
        "one_of: [nu, kwartaal]",
        "one_of: [nu, kwartaal",
        "[nu, kwartaal",
        "De YAML klopt niet: de lijst die hier met '[' begint, wordt niet gesloten. Zet ']' "
        "aan het eind, zoals [nu, kwartaal].",
        "[",
    ),
    (
        "YAML: a quote left open",
        "title: Ben jij een prospect?",
        'title: "Ben jij een prospect?',
        'title: "Ben jij',
        "De YAML klopt niet: het aanhalingsteken dat hier begint, wordt niet gesloten. Zet er "
        "aan het eind van de tekst nog een.",
        '"',
    ),
    (
        "YAML: text after a quoted text",
        "label: Hoeveel medewerkers heeft jouw bedrijf?",
        'label: "Hoeveel" medewerkers heeft jouw bedrijf?',
        'label: "Hoeveel"',
        "De YAML klopt niet: na een tekst tussen aanhalingstekens mag niets meer volgen. Zet "
        "de hele tekst tussen aanhalingstekens.",
        "medewerkers",
    ),
    (
        "YAML: a key without its colon",
        "    type: single\n    label: In welke branche",
        "    type single\n    label: In welke branche",
        "    type single",
        "De YAML klopt niet: na de sleutel op deze regel ontbreekt de dubbele punt, zoals "
        "'type: single'.",
        "$",  # after the line's last character
    ),
    (
        "YAML: a list item without its space",
        "  - id: branche\n",
        "  -id: branche\n",
        "  -id: branche",
        "De YAML klopt niet: een item van een lijst begint met een streepje en een spatie "
        "('- id: ...').",
        "-",
    ),
    (
        "YAML: a list item among keys",
        "    label: In welke branche is jouw bedrijf actief?\n",
        "    label: In welke branche is jouw bedrijf actief?\n    - los\n",
        "    - los",
        "De YAML klopt niet: hier begint een lijstitem ('- ') tussen regels met 'sleutel: "
        "waarde'. Controleer de inspringing.",
        "-",
    ),
    (
        "YAML: a text that starts with *",
        "title: Ben jij een prospect?",
        "title: *onbekend",
        "title: *onbekend",
        "De YAML klopt niet: '*onbekend' verwijst naar een anker (&onbekend) dat niet bestaat. "
        "Begint een tekst met '*', zet hem dan tussen aanhalingstekens.",
        "*",
    ),
    (
        "YAML: a text that starts with @",
        "title: Ben jij een prospect?",
        "title: @prospect",
        "title: @prospect",
        "De YAML klopt niet: een waarde kan niet met '@' beginnen. Zet de tekst tussen "
        "aanhalingstekens.",
        "@",
    ),
    (
        "YAML: a backslash inside double quotes",
        "title: Ben jij een prospect?",
        'title: "Ben jij \\q een prospect?"',
        'title: "Ben jij \\q',
        "De YAML klopt niet: tussen dubbele aanhalingstekens betekent '\\q' niets. Laat de "
        "backslash weg of gebruik enkele aanhalingstekens.",
        "\\q",
    ),
]


def _excerpt(number: int, line: str, marker: str) -> str:
    shown = line.replace("\t", " ")
    column = len(shown) if marker == "$" else shown.index(marker) if marker else 0
    width = len(str(number))
    return f"\n  {number} | {shown}\n  {' ' * width} | {' ' * column}^"


Row = tuple[str, str, str, str, str, str | None]


@pytest.mark.parametrize("row", [pytest.param(row, id=row[0]) for row in TABLE])
def test_the_message_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, row: Row) -> None:
    _, old, new, needle, message, marker = row
    text = original()
    assert old in text, f"the definition changed; {old!r} not found"
    broken = text.replace(old, new, 1)
    (tmp_path / "docs" / "zelftest").mkdir(parents=True)
    (tmp_path / RELATIVE).write_text(broken, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(DefinitionError) as caught:
        load_definition(Path(RELATIVE))
    lines = broken.splitlines()
    number = next(i for i, line in enumerate(lines, start=1) if needle in line)
    expected = f"{RELATIVE}:{number}: {message}"
    if marker is not None:
        expected += _excerpt(number, lines[number - 1], marker)
    assert str(caught.value) == expected  # one message: a typo is not reported twice
    # `make check` prints the same, and nothing else but the count.
    completed = subprocess.run(
        [sys.executable, "-m", "quiz", "check", RELATIVE],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=quiz_env(),
        timeout=60,
        check=False,
    )
    assert completed.returncode == 2
    assert completed.stderr == f"{expected}\n\n{RELATIVE}: 1 probleem gevonden.\n"
