"""`python -m quiz questions | evaluate`: JSON out, exit status 0 or 2, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import quiz
from tests.support.cases import DEFINITION_FILE, load_cases, quiz_env, run_quiz

CASES = {case["name"]: case for case in load_cases()}


def parse(stdout: str) -> Any:
    try:
        return json.loads(stdout)
    except json.JSONDecodeError:  # pragma: no cover - only to explain a failure
        pytest.fail(f"not JSON on stdout:\n{stdout}")


def test_questions_prints_the_questions() -> None:
    completed = run_quiz("questions")
    assert completed.returncode == 0, completed.stderr
    assert parse(completed.stdout) == quiz.questions()
    assert completed.stderr == ""


@pytest.mark.parametrize(
    "name",
    [
        "prospect: alle vijf kenmerken",
        "alleen budget mist: nee",
        "drempel: 1.000 met punt als duizendtal",
        "buiten-doelgroep: niets klopt",
    ],
)
def test_evaluate_valid_answers(name: str) -> None:
    answers = CASES[name]["answers"]
    completed = run_quiz("evaluate", stdin=json.dumps(answers))
    assert completed.returncode == 0, completed.stderr
    result = parse(completed.stdout)
    assert result == quiz.evaluate(answers)
    assert result["outcome"] == CASES[name]["expected"]["outcome"]
    assert result["errors"] == []


@pytest.mark.parametrize(
    "name",
    [
        "getal als woord",
        "onbekende vraag en ongeldige optie",
        "leeg object",
        "geen object: lege lijst",
        "geen object: null",
    ],
)
def test_evaluate_invalid_answers(name: str) -> None:
    answers = CASES[name]["answers"]
    completed = run_quiz("evaluate", stdin=json.dumps(answers))
    assert completed.returncode == 2
    result = parse(completed.stdout)
    assert result == quiz.evaluate(answers)
    assert result["outcome"] is None
    assert [e["question"] for e in result["errors"]] == CASES[name]["expected"]["errors"]
    assert "Traceback" not in completed.stderr


def test_evaluate_reads_dutch_text_and_writes_it_back() -> None:
    completed = run_quiz("evaluate", stdin='{"café ë": "ja"}')
    assert completed.returncode == 2
    result = parse(completed.stdout)
    assert result["errors"][0]["question"] == "café ë"
    assert "café ë" in result["errors"][0]["message"]


@pytest.mark.parametrize(
    "stdin",
    [
        "",
        "{",
        "{'b2b': true}",
        '{"b2b": tru}',
        "undefined",
        '{"medewerkers": 10}{}',
    ],
    ids=["empty", "unclosed", "single-quotes", "typo", "undefined", "two-objects"],
)
def test_evaluate_invalid_json(stdin: str) -> None:
    completed = run_quiz("evaluate", stdin=stdin)
    assert completed.returncode == 2
    result = parse(completed.stdout)
    assert result["outcome"] is None
    assert len(result["errors"]) == 1
    assert result["errors"][0]["question"] is None
    assert result["errors"][0]["message"].strip()
    assert "Traceback" not in completed.stderr


@pytest.mark.parametrize(
    "stdin",
    [
        '{"medewerkers": ' + "9" * 5000 + "}",  # longer than Python reads as an integer
        "[" * 100_000 + "]" * 100_000,  # nested deeper than the JSON reader recurses
    ],
    ids=["huge-integer", "deep-nesting"],
)
def test_evaluate_hostile_json(stdin: str) -> None:
    completed = run_quiz("evaluate", stdin=stdin)
    assert "Traceback" not in completed.stderr
    assert completed.returncode == 2
    result = parse(completed.stdout)
    assert result["outcome"] is None
    assert result["errors"]


# --- the definition the command line reads --------------------------------------------


def _copy_definition(tmp_path: Path, old: str, new: str) -> tuple[Path, int]:
    text = DEFINITION_FILE.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    changed = text.replace(old, new)
    path = tmp_path / "definitie.yml"
    path.write_text(changed, encoding="utf-8")
    line = changed.count("\n", 0, changed.index(new)) + 1
    return path, line


def test_evaluate_uses_the_definition_named_in_the_environment(tmp_path: Path) -> None:
    path, _ = _copy_definition(tmp_path, "at_least: 5\n", "at_least: 15\n")
    answers = dict(CASES["prospect: alle vijf kenmerken"]["answers"], medewerkers=14)
    stdin = json.dumps(answers)
    assert parse(run_quiz("evaluate", stdin=stdin).stdout)["outcome"] == "prospect"
    completed = run_quiz("evaluate", stdin=stdin, env=quiz_env(QUIZ_DEFINITION=str(path)))
    assert completed.returncode == 0, completed.stderr
    assert parse(completed.stdout)["outcome"] == "buiten-doelgroep"


def test_evaluate_with_a_broken_definition(tmp_path: Path) -> None:
    path, line = _copy_definition(tmp_path, "at_least: 5\n", "at_least: vijf\n")
    env = quiz_env(QUIZ_DEFINITION=str(path))
    answers = CASES["prospect: alle vijf kenmerken"]["answers"]
    completed = run_quiz("evaluate", stdin=json.dumps(answers), env=env)
    assert completed.returncode == 2
    result = parse(completed.stdout)
    assert result["outcome"] is None
    messages = [error["message"] for error in result["errors"]]
    assert any(f"{path}:{line}:" in message for message in messages), messages
    assert all(error["question"] is None for error in result["errors"])
    assert "Traceback" not in completed.stderr


def test_evaluate_with_a_yaml_syntax_error(tmp_path: Path) -> None:
    path, line = _copy_definition(tmp_path, "one_of: [nu, kwartaal]", "one_of: [nu, kwartaal}")
    completed = run_quiz("evaluate", stdin="{}", env=quiz_env(QUIZ_DEFINITION=str(path)))
    assert completed.returncode == 2
    messages = [error["message"] for error in parse(completed.stdout)["errors"]]
    assert any(f"{path}:{line}:" in message for message in messages), messages
    assert "Traceback" not in completed.stderr


def test_questions_with_a_broken_definition(tmp_path: Path) -> None:
    path, line = _copy_definition(tmp_path, "    min: 1\n", "    min: een\n")
    completed = run_quiz("questions", env=quiz_env(QUIZ_DEFINITION=str(path)))
    assert completed.returncode == 2
    assert f"{path}:{line}:" in completed.stderr
    assert "Traceback" not in completed.stderr


def test_definition_file_that_does_not_exist(tmp_path: Path) -> None:
    missing = tmp_path / "weg.yml"
    completed = run_quiz("evaluate", stdin="{}", env=quiz_env(QUIZ_DEFINITION=str(missing)))
    assert completed.returncode == 2
    result = parse(completed.stdout)
    assert result["outcome"] is None
    assert any(str(missing) in error["message"] for error in result["errors"])
    assert "Traceback" not in completed.stderr
