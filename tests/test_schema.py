"""Editor help: the JSON Schema of the definition (quiz_build/_schema.py) is up to date in
the checkout, referenced from definitie.yml's first line, accepts the shipped definition
and rejects the broken definitions of test_definition_errors.py wherever the fault is in the
shape of the file (rather than in how its parts refer to each other)."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

import quiz
import quiz_build
from tests.support import ROOT

DEFINITION = ROOT / "docs" / "zelftest" / "definitie.yml"
ERROR_TESTS = ROOT / "tests" / "test_definition_errors.py"

# Tests of test_definition_errors.py whose broken definition the schema cannot see, and
# why; each must indeed pass the schema, so this list cannot hide a case it should catch.
SHAPE_IS_FINE = {
    "test_duplicate_question_id": "two questions with one id: uniqueness by key",
    "test_duplicate_option_value": "two options with one value: uniqueness by key",
    "test_duplicate_criterion_id": "two criteria with one id: uniqueness by key",
    "test_min_above_max": "min above max: a relation between two numbers",
    "test_option_in_condition_not_defined": "an option of another question: a reference",
    "test_question_in_condition_not_defined": "a question that does not exist: a reference",
    "test_criterion_no_answer_can_satisfy_range": "a test no answer meets: a relation",
    "test_criterion_no_answer_can_satisfy_above_max": "a threshold above max: a relation",
    "test_criterion_no_answer_can_satisfy_one_of": "conditions that exclude each other",
    "test_criterion_no_answer_can_satisfy_includes_any_with_an_exclusive_option": (
        "an exclusive option beside another: conditions that exclude each other"
    ),
    "test_outcome_requires_unknown_criterion": "a criterion that does not exist: a reference",
    "test_last_outcome_with_requirements": "the last outcome requires nothing: a position",
    "test_example_with_the_wrong_outcome": "the outcome an example gets: the rules decide",
    "test_example_expecting_an_unknown_outcome": "an outcome that does not exist: a reference",
    "test_example_with_an_invalid_answer": "an example's answer: checked against its question",
    "test_example_with_an_unknown_question": "an example's question: a reference",
    "test_message_with_an_unknown_placeholder": "a placeholder inside a text",
}


@cache
def _validator() -> jsonschema.Draft202012Validator:
    schema = quiz_build.schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _schema_errors(data: Any) -> list[str]:
    """Each error as `$.path.of.value: message`."""
    return [f"{error.json_path}: {error.message}" for error in _validator().iter_errors(data)]


def _quiz_rejects(data: Any) -> bool:
    try:
        quiz.build_definition(data, source="definitie.yml")
    except quiz.DefinitionError:
        return True
    return False


def _read(text: str, tmp_path: Path) -> tuple[Any, quiz.DefinitionError | None]:
    """The data of a definition text as the build reads it, or the loader's error when the
    text is no YAML a schema could see (a syntax error, a key twice)."""
    path = tmp_path / "definitie.yml"
    path.write_text(text, encoding="utf-8")
    try:
        return quiz_build.read_data(path)[0], None
    except quiz.DefinitionError as error:
        return None, error


# --- The broken definitions of test_definition_errors.py, read from its source ----------


def _value(node: ast.expr, names: dict[str, str]) -> str | None:
    """A string expression of the test, from literals, earlier names, + and .replace()."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name):
        return names.get(node.id)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _value(node.left, names), _value(node.right, names)
        return None if left is None or right is None else left + right
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "replace"
        and len(node.args) == 2
    ):
        base = _value(node.func.value, names)
        old, new = (_value(arg, names) for arg in node.args)
        return None if None in (base, old, new) else base.replace(old, new)  # type: ignore[union-attr,arg-type]
    return None


def _broken_cases() -> list[tuple[str, str]]:
    """(test name, broken definition text) for every break_definition call we can follow,
    and every row of the error tests' table of wrong lines (WRONG, a row `name` being the
    test `test_name`)."""
    original = DEFINITION.read_text(encoding="utf-8")
    cases = []

    def add(test: str, old: str | None, new: str | None) -> None:
        if old is not None and new is not None and old in original:
            cases.append((f"{test}: {new!r}", original.replace(old, new, 1)))

    module = ast.parse(ERROR_TESTS.read_text(encoding="utf-8")).body
    constants: dict[str, str] = {}
    for statement in module:
        if not (isinstance(statement, ast.Assign) and len(statement.targets) == 1):
            continue
        target = statement.targets[0]
        if not isinstance(target, ast.Name):
            continue
        value = _value(statement.value, constants)
        if value is not None:
            constants[target.id] = value
        if target.id == "WRONG" and isinstance(statement.value, ast.Dict):
            for key, row in zip(statement.value.keys, statement.value.values, strict=True):
                if not (isinstance(key, ast.Constant) and isinstance(row, ast.Call)):
                    continue
                add(f"test_{key.value!s}", *(_value(arg, constants) for arg in row.args[:2]))
    for function in module:
        if not isinstance(function, ast.FunctionDef) or not function.name.startswith("test_"):
            continue
        names: dict[str, str] = {}
        for node in ast.walk(function):
            if isinstance(node, ast.Assign) and len(node.targets) == 1:
                target = node.targets[0]
                value = _value(node.value, names)
                if isinstance(target, ast.Name) and value is not None:
                    names[target.id] = value
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "break_definition"
            ):
                add(function.name, *(_value(arg, names) for arg in node.args[1:3]))
    return cases


BROKEN = _broken_cases()


# --- Tests --------------------------------------------------------------------------------


def test_the_committed_schema_is_made_from_the_rules() -> None:
    committed = quiz_build.SCHEMA_FILE.read_text(encoding="utf-8")
    assert committed == quiz_build.schema_text(), "out of date: run `make schema`"
    check = [sys.executable, "-m", "quiz_build", "schema", "--check"]
    assert subprocess.run(check, check=False, cwd=ROOT).returncode == 0


def test_the_definition_names_the_schema_on_its_first_line() -> None:
    first = DEFINITION.read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema=./{quiz_build.SCHEMA_FILE.name}"
    assert quiz_build.SCHEMA_FILE.parent == DEFINITION.parent


def test_every_key_quiz_knows_is_in_the_schema_with_dutch_help() -> None:
    definitions = quiz_build.schema()["$defs"]
    for part, keys in quiz.FILE_KEYS.items():
        if part == "condition":
            properties = definitions["condition"]["oneOf"][0]["properties"]
        else:
            properties = (quiz_build.schema() if part == "definition" else definitions[part])[
                "properties"
            ]
        for key in keys:
            assert properties[key]["description"].strip(), (part, key)
    question = definitions["question"]["properties"]
    assert question["type"]["enum"] == list(quiz.QUESTION_TYPES)


def test_the_schema_accepts_the_shipped_definition() -> None:
    data = yaml.safe_load(DEFINITION.read_text(encoding="utf-8"))
    assert _schema_errors(data) == []
    assert _schema_errors(json.loads(json.dumps(data))) == []


def test_the_broken_definitions_are_found_and_followed() -> None:
    # A guard for the test below: the error tests' cases are really read.
    assert len(BROKEN) >= 25, [name for name, _ in BROKEN]
    assert set(SHAPE_IS_FINE) <= {name.split(": ", 1)[0] for name, _ in BROKEN}


@pytest.mark.parametrize(("name", "text"), BROKEN, ids=[name for name, _ in BROKEN])
def test_the_schema_rejects_what_it_can_see(name: str, text: str, tmp_path: Path) -> None:
    data, unreadable = _read(text, tmp_path)
    if unreadable is not None:
        # Beyond any schema: the editor's YAML parser and our loader report it, with a line.
        assert all(problem.line for problem in unreadable.problems), str(unreadable)
        return
    assert _quiz_rejects(data), "quiz accepts this: not a broken definition"
    errors = _schema_errors(data)
    if name.split(": ", 1)[0] in SHAPE_IS_FINE:
        assert errors == [], "the schema sees this now: drop it from SHAPE_IS_FINE"
    else:
        assert errors, "the schema accepts a definition whose shape is wrong"


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda d: d["questions"][0].update(type="janee"), "$.questions[0].type"),
        (lambda d: d["questions"][0].update(kleur="rood"), "'kleur' was unexpected"),
        (
            lambda d: d["questions"][1]["options"][0].update(value="Groot Bedrijf"),
            "$.questions[1].options[0].value",
        ),
        (lambda d: d["outcomes"][0]["next_step"].update(kind="bellen"), "next_step.kind"),
        (lambda d: d["outcomes"][0]["next_step"].pop("action"), "'action' is a required"),
        (lambda d: d["messages"].pop("required"), "'required' is a required"),
        (lambda d: d["questions"][1].update(options=[]), "$.questions[1].options"),
        (lambda d: d["questions"][1].update(unit="stuks"), "does not allow 'stuks'"),
    ],
)
def test_the_schema_names_wrong_values_and_keys(change: Any, where: str) -> None:
    data = yaml.safe_load(DEFINITION.read_text(encoding="utf-8"))
    change(data)
    assert _quiz_rejects(data)
    errors = _schema_errors(data)
    assert errors
    assert any(where in error for error in errors), errors
