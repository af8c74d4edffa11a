"""The JSON Schema of the definition file, for editors with YAML support (the YAML language
server reads it from the first line of definitie.yml): fields, allowed values and mistakes
while the marketer types.

Made from what `quiz` itself checks: the keys of each part and whether they are required
(`quiz.FILE_KEYS`), the question types, condition tests, next-step kinds, the identifier
pattern and the fixed texts (`messages`, `booking`). This module adds only the kind of value
each key holds and a Dutch help text; a key `quiz` knows without either here stops the
generator. The schema sees the shape of the file; what depends on other parts (does that
question exist, does the example give its outcome) only `make check` sees.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import quiz

from ._load import CHECKOUT_DEFINITION

SCHEMA_FILE = CHECKOUT_DEFINITION.with_name("definitie.schema.json")

Schema = dict[str, Any]

_TEXT: Schema = {"type": "string"}
_FILLED: Schema = {"type": "string", "pattern": r"\S"}  # required texts may not be blank
_ID: Schema = {"$ref": "#/$defs/id"}
# A reason: one text, or a text per option of the question ("later: …", "geen: …").
_REASON: Schema = {
    "oneOf": [
        _FILLED,
        {
            "type": "object",
            "propertyNames": _ID,
            "additionalProperties": _FILLED,
            "minProperties": 1,
        },
    ]
}
_IDS: Schema = {"type": "array", "items": _ID, "minItems": 1}
_NAMES: Schema = {"type": "array", "items": {"type": ["string", "number"]}, "minItems": 1}

# Per part of the file: each key's value and its Dutch help text.
_FIELDS: dict[str, dict[str, tuple[Schema, str]]] = {
    "definition": {
        "title": (_FILLED, "De titel van de zelftest, boven het formulier."),
        "intro": (_TEXT, "Een korte inleiding onder de titel (mag weg)."),
        "questions": (
            {"type": "array", "items": {"$ref": "#/$defs/question"}, "minItems": 1},
            "De vragen, in de volgorde waarin ze op de pagina staan.",
        ),
        "criteria": (
            {"type": "array", "items": {"$ref": "#/$defs/criterion"}, "minItems": 1},
            "De kenmerken van een prospect; elk is voldaan als al zijn voorwaarden kloppen.",
        ),
        "outcomes": (
            {"type": "array", "items": {"$ref": "#/$defs/outcome"}, "minItems": 1},
            "De uitkomsten, van de beste naar beneden: de eerste waarvan alle vereiste "
            "kenmerken kloppen, wint. De laatste heeft 'requires: []'.",
        ),
        "examples": (
            {"type": "array", "items": {"$ref": "#/$defs/example"}},
            "Voorbeeldpersona's met hun antwoorden en de uitkomst die ze moeten krijgen; "
            "elke build controleert ze.",
        ),
        "messages": (
            {"$ref": "#/$defs/messages"},
            "Foutmeldingen die de bezoeker naast een veld ziet.",
        ),
        "booking": (
            {"$ref": "#/$defs/booking"},
            "Teksten in de link naar de agenda of in de e-mail van een prospect.",
        ),
    },
    "question": {
        "id": (_ID, "De vaste naam van de vraag (kleine letters, cijfers, _ of -)."),
        "type": (
            {"enum": list(quiz.QUESTION_TYPES)},
            "single: één keuze; multi: meerdere keuzes; number: een getal; boolean: ja/nee.",
        ),
        "label": (_FILLED, "De vraag zoals de bezoeker hem leest."),
        "help": (_TEXT, "Een toelichting onder de vraag (mag weg)."),
        "required": (
            {"type": "boolean"},
            "false: de bezoeker mag de vraag overslaan (standaard true).",
        ),
        "options": (
            {"type": "array", "items": {"$ref": "#/$defs/option"}, "minItems": 2},
            "De keuzes (minstens twee); alleen bij single en multi.",
        ),
        "min": ({"type": "number"}, "Het kleinste getal dat mag (alleen bij number)."),
        "max": ({"type": "number"}, "Het grootste getal dat mag (alleen bij number)."),
        "unit": (_TEXT, "De eenheid achter het getal, zoals 'medewerkers' (alleen bij number)."),
        "integer": (
            {"type": "boolean"},
            "true: alleen hele getallen, zoals bij een aantal medewerkers (alleen bij number; "
            "de melding is 'not_a_whole_number').",
        ),
        "ask_when": (
            {
                "oneOf": [
                    {"$ref": "#/$defs/ask_condition"},
                    {
                        "type": "array",
                        "items": {"$ref": "#/$defs/ask_condition"},
                        "minItems": 1,
                    },
                ]
            },
            "Stel de vraag alleen als deze voorwaarde (of elk van deze voorwaarden) klopt "
            "voor de antwoorden op eerdere vragen.",
        ),
        "if_yes": (
            _FILLED,
            "Alleen bij boolean: het begin van 'Als …, ben je …' wanneer 'ja' de uitkomst "
            "zou verbeteren, zoals 'je bedrijf aan andere bedrijven verkoopt'.",
        ),
        "if_no": (_FILLED, "Alleen bij boolean: hetzelfde wanneer 'nee' zou helpen."),
        "if_answer": (
            {"type": "string", "pattern": r"\{answer\}"},
            "Alleen bij number: het begin van 'Als …, ben je …' met {answer} voor het getal, "
            "zoals 'je bedrijf {answer} medewerkers heeft'.",
        ),
        "columns": (
            _NAMES,
            "Voor de leadlijst: andere namen van een kolom met de antwoorden op deze vraag, "
            "zoals [aantal medewerkers, fte, employees]. Een kolom die heet als de id of het "
            "label van de vraag, hoort er altijd bij.",
        ),
    },
    "option": {
        "value": (_ID, "De vaste waarde van de keuze (kleine letters, cijfers, _ of -)."),
        "label": (_FILLED, "De keuze zoals de bezoeker hem leest."),
        "if_chosen": (
            _FILLED,
            "Het begin van 'Als …, ben je …' wanneer deze keuze de uitkomst zou verbeteren, "
            "zoals 'je bedrijf in IT en software zit' (mag weg).",
        ),
        "exclusive": (
            {"type": "boolean"},
            "Alleen bij multi: true als deze keuze niet samen met een andere kan, zoals "
            "'Nog niets hiervan' (standaard false).",
        ),
        "values": (
            _NAMES,
            "Voor de leadlijst: andere teksten in een cel die deze keuze betekenen, zoals "
            "[IT, software, ICT]. De value en het label tellen altijd mee; hoofdletters niet.",
        ),
    },
    "criterion": {
        "id": (_ID, "De vaste naam van het kenmerk."),
        "label": (_FILLED, "Het kenmerk zoals de bezoeker het leest."),
        "reason_met": (
            _REASON,
            "Waarom het kenmerk klopt. Plaatshouders: {vraag.at_least}, {vraag.at_most}, "
            "{vraag.options}. Bij één voorwaarde op een keuzevraag mag het ook een tekst per "
            "keuze zijn die voldoet ('nu: …', 'kwartaal: …').",
        ),
        "conditions": (
            {"type": "array", "items": {"$ref": "#/$defs/condition"}, "minItems": 1},
            "De voorwaarden; het kenmerk klopt als ze allemaal kloppen.",
        ),
    },
    "condition": {
        "question": (_ID, "De id van de vraag die deze voorwaarde toetst."),
        "reason_not_met": (
            _REASON,
            "Waarom de voorwaarde niet klopt, voor de bezoeker. Plaatshouders: {at_least}, "
            "{at_most} (de grens) en {options} (de keuzes die voldoen). Bij een keuzevraag mag "
            "het ook een tekst per keuze zijn die niet voldoet ('later: …', 'geen: …').",
        ),
        "reason_not_asked": (
            _FILLED,
            "Wat de bezoeker leest als de vraag niet gesteld is (ask_when), zoals 'Niet "
            "gevraagd, want …'. Verplicht bij een vraag met ask_when.",
        ),
    },
    "outcome": {
        "id": (_ID, "De vaste naam van de uitkomst."),
        "label": (_FILLED, "De uitkomst zoals de bezoeker hem leest."),
        "summary": (
            _FILLED,
            "Een korte uitleg bij de uitkomst. Plaatshouders: {vraag.at_least}, "
            "{vraag.at_most}, {vraag.options}.",
        ),
        "requires": (
            {"type": "array", "items": _ID},
            "De ids van de kenmerken die moeten kloppen ([] bij de laatste uitkomst).",
        ),
        "next_step": ({"$ref": "#/$defs/next_step"}, "Wat de bezoeker daarna kan doen."),
        "then": (
            _FILLED,
            "Het slot van 'Als …, ben je …' voor deze uitkomst, zoals 'ben je een prospect' "
            "(mag weg).",
        ),
    },
    "next_step": {
        "kind": (
            {"enum": list(quiz.NEXT_STEP_KINDS)},
            "booking: een afspraak plannen; articles: artikelen om verder te lezen.",
        ),
        "title": (_FILLED, "De kop boven de volgende stap."),
        "text": (_FILLED, "De tekst van de volgende stap."),
        "action": (_FILLED, "De tekst op de knop (nodig bij booking)."),
        "links": (
            {"type": "array", "items": {"$ref": "#/$defs/link"}},
            "Links naar pagina's van de site (nodig bij articles).",
        ),
        "booking": (
            _FILLED,
            "Alleen bij articles: de tekst op een tweede knop om toch een afspraak te plannen.",
        ),
    },
    "link": {
        "label": (_FILLED, "De tekst van de link."),
        "url": (
            {"type": "string", "pattern": r"^(?![/])(?!.*://)\S"},
            "Een pad binnen de site zonder / ervoor, zoals 'blog/leadgeneratie/'.",
        ),
    },
    "example": {
        "id": (_ID, "De vaste naam van het voorbeeld."),
        "label": (_FILLED, "De naam van de persona."),
        "description": (_TEXT, "Wie dit is (mag weg)."),
        "answers": (
            {"type": "object"},
            "De antwoorden: vraag-id met een keuze, een lijst keuzes, true/false of een getal.",
        ),
        "expected": (_ID, "De id van de uitkomst die deze antwoorden moeten geven."),
    },
}

# The value of each condition test (which test fits which question type: quiz).
_TESTS: dict[str, tuple[Schema, str]] = {
    "one_of": (_IDS, "Bij single: voldoet als het antwoord een van deze keuzes is."),
    "includes_any": (_IDS, "Bij multi: voldoet als minstens één van deze keuzes gekozen is."),
    "equals": ({"type": "boolean"}, "Bij boolean: voldoet bij dit antwoord (true of false)."),
    "at_least": ({"type": "number"}, "Bij number: voldoet bij dit getal of meer."),
    "at_most": ({"type": "number"}, "Bij number: voldoet bij dit getal of minder."),
}

_MESSAGES = {
    "not_an_object": "De antwoorden konden niet worden gelezen.",
    "unknown_question": "Een antwoord op een vraag die niet bestaat.",
    "required": "Een verplichte vraag is niet beantwoord.",
    "wrong_type": "Een antwoord heeft niet de juiste vorm.",
    "unknown_option": "Een keuze die niet bij de vraag hoort.",
    "not_a_number": "Geen getal bij een getalvraag.",
    "not_a_whole_number": "Geen heel getal bij een getalvraag met integer: true.",
    "below_minimum": "Een getal onder het minimum.",
    "above_maximum": "Een getal boven het maximum.",
    "duplicate_option": "Dezelfde keuze twee keer.",
    "exclusive_option": "Een keuze met 'exclusive: true' samen met een andere.",
    "subject": "Het onderwerp van de e-mail of afspraak.",
    "intro": "De eerste zin boven de antwoorden.",
    "outcome": "Het woord voor de uitkomst, zoals 'Uitkomst:'.",
    "name": "Het woord voor de naam, zoals 'Naam:'.",
    "email": "Het woord voor het e-mailadres, zoals 'E-mail:'.",
    "unanswered": "Wat er staat bij een vraag zonder antwoord.",
    "answer_yes": "Hoe 'ja' in de e-mail staat.",
    "answer_no": "Hoe 'nee' in de e-mail staat.",
    "invalid_email": "De melding bij een ongeldig e-mailadres.",
}


def schema() -> Schema:
    """The JSON Schema (draft 2020-12) of the definition file."""
    definitions: dict[str, Schema] = {
        "id": {
            "type": "string",
            "pattern": f"^{quiz.IDENTIFIER_PATTERN}$",
            "description": "Kleine letters, cijfers, _ of -, beginnend met een letter.",
        },
        "question": {**_part("question"), "allOf": _question_rules()},
        "option": _part("option"),
        "criterion": _part("criterion"),
        "condition": _condition(with_reason=True),
        "ask_condition": _condition(with_reason=False),
        "outcome": _part("outcome"),
        "next_step": {**_part("next_step"), "allOf": _next_step_rules()},
        "link": _part("link"),
        "example": _part("example"),
        "messages": _texts(quiz.MESSAGE_PLACEHOLDERS),
        "booking": _texts(quiz.BOOKING_PLACEHOLDERS),
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "De definitie van de zelftest 'Ben jij een prospect?'",
        "description": (
            "Gemaakt door `python -m quiz_build schema` (make schema) uit de regels van quiz/; "
            "niet met de hand aanpassen. `make check` controleert de rest."
        ),
        **_part("definition"),
        "$defs": definitions,
    }


def schema_text() -> str:
    """The schema as the committed file holds it."""
    return json.dumps(schema(), ensure_ascii=False, indent=2) + "\n"


def write_schema(path: Path = SCHEMA_FILE) -> Path:
    path.write_text(schema_text(), encoding="utf-8")
    return path


# --- Parts ----------------------------------------------------------------------------


def _part(name: str) -> Schema:
    keys = quiz.FILE_KEYS[name]
    fields = _FIELDS[name]
    if set(fields) != set(keys):
        raise KeyError(f"{name}: quiz knows {sorted(keys)}, the schema {sorted(fields)}")
    return {
        "type": "object",
        "properties": {key: _described(*fields[key]) for key in keys},
        "required": [key for key, required in keys.items() if required],
        "additionalProperties": False,
    }


def _described(value: Schema, text: str) -> Schema:
    return {**value, "description": text}


def _question_rules() -> list[Schema]:
    with_options = [t for t in quiz.QUESTION_TYPES if t in ("single", "multi")]
    number_only = ["min", "max", "unit", "integer"]
    return [
        {
            "if": {"properties": {"type": {"enum": with_options}}},
            "then": {"required": ["options"]},
            "else": {"not": {"required": ["options"]}},
        },
        {
            "if": {"properties": {"type": {"not": {"const": "number"}}}},
            "then": {"properties": dict.fromkeys([*number_only, "if_answer"], False)},
        },
        {
            "if": {"properties": {"type": {"not": {"const": "boolean"}}}},
            "then": {"properties": dict.fromkeys(["if_yes", "if_no"], False)},
        },
        {
            "if": {"properties": {"type": {"not": {"const": "multi"}}}},
            "then": {"properties": {"options": {"items": {"properties": {"exclusive": False}}}}},
        },
    ]


def _next_step_rules() -> list[Schema]:
    return [
        {
            "if": {"properties": {"kind": {"const": "booking"}}},
            "then": {"required": ["action"], "properties": {"booking": False}},
            "else": {"required": ["links"]},
        }
    ]


def _condition(*, with_reason: bool) -> Schema:
    """A test on one answer, or `any` (one of several tests is enough)."""
    reasons = ("reason_not_met", "reason_not_asked")
    own = {key: quiz.FILE_KEYS["condition"][key] for key in ("question", *reasons)}
    if not with_reason:
        for key in reasons:
            del own[key]
    tests = sorted({test for group in quiz.CONDITION_TESTS.values() for test in group})
    properties = {key: _described(*_FIELDS["condition"][key]) for key in own}
    properties |= {test: _described(*_TESTS[test]) for test in tests}
    test: Schema = {
        "type": "object",
        "properties": properties,
        "required": [key for key, required in own.items() if required],
        "anyOf": [{"required": [name]} for name in tests],
        "additionalProperties": False,
    }
    # A branch of `any` has its own reason_not_met; whether it is asked is the any's matter.
    branch: Schema = {
        **test,
        "properties": {k: v for k, v in properties.items() if k != "reason_not_asked"},
    }
    either: Schema = {
        "type": "object",
        "properties": {
            "any": _described(
                {"type": "array", "items": branch, "minItems": 2},
                "Eén van deze voorwaarden is genoeg (minstens twee).",
            ),
        },
        "required": ["any"],
        "additionalProperties": False,
    }
    if with_reason:
        for key in reasons:
            either["properties"][key] = properties[key]
        either["required"].append("reason_not_met")
    return {"oneOf": [test, either]}


def _texts(placeholders: dict[str, frozenset[str]]) -> Schema:
    properties = {}
    for key, names in placeholders.items():
        filled = ", ".join("{" + name + "}" for name in sorted(names))
        hint = f" Plaatshouders: {filled}." if filled else ""
        properties[key] = _described(_FILLED, _MESSAGES[key] + hint)
    return {
        "type": "object",
        "properties": properties,
        "required": list(placeholders),
        "additionalProperties": False,
    }
