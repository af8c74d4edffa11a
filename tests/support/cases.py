"""The quiz tests' shared helpers: the case table, result checks and the command line.

The case table is data (`tests/cases.json`), so the same table can run under Pyodide in
Node and in the browser; this module only reads it.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, NotRequired, TypedDict

import pytest

import quiz
from quiz_build import load_definition
from tests.support import ROOT

DEFINITION_FILE = ROOT / "docs" / "zelftest" / "definitie.yml"
CASES_FILE = ROOT / "tests" / "cases.json"

# A sentence ends where ".", "!" or "?" is followed by white space and a capital letter.
_SENTENCE_BREAK = re.compile(r"[.!?]\s+[A-ZÀ-Ý]")


# The keys of a whole result (`quiz.Result`), as the page and the command line get it; a
# partial result has `asked` besides.
RESULT_KEYS = frozenset(
    {"outcome", "best", "criteria", "next_step", "errors", "improvements", "combinations"}
)


# A complete set of answers that makes a prospect (the best outcome); a test changes one or
# two of them to reach the case it checks.
PROSPECT: dict[str, Any] = {
    "b2b": True,
    "branche": "industrie",
    "medewerkers": 30,
    "functie": "inkoop",
    "behoefte": "nu",
    "budget": "vastgesteld",
    "beslissing": "invloed",
    "contact": ["demo"],
}


def without(answers: Mapping[str, Any], *question_ids: str) -> dict[str, Any]:
    """The answers less those to `question_ids`, as if they were never given."""
    return {k: v for k, v in answers.items() if k not in question_ids}


class Improvement(TypedDict):
    question: str
    answer: Any
    outcome: str


class Combination(TypedDict):
    changes: list[dict[str, Any]]  # {"question", "answer"}, in question order
    outcome: str


class Expected(TypedDict):
    outcome: str | None
    criteria: NotRequired[dict[str, bool | None]]  # None: not decided yet (partial only)
    errors: list[str | None]
    improvements: NotRequired[list[Improvement]]
    combinations: NotRequired[list[Combination]]  # the result's, without their sentences
    asked: NotRequired[list[str]]  # partial only


class Case(TypedDict):
    name: str
    partial: NotRequired[bool]  # run with evaluate(..., partial=True)
    answers: Any
    expected: Expected


def without_texts(items: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """A result's `improvements` or `combinations` as the case table writes them: without
    their sentences (`text`, which the runners compare with Python's own)."""
    return [{key: value for key, value in item.items() if key != "text"} for item in items]


def load_cases() -> list[Case]:
    """The case table, read the way any runner would: as JSON."""
    text = CASES_FILE.read_text(encoding="utf-8")
    data = json.loads(text)
    assert isinstance(data, dict), "cases.json must hold a JSON object"
    assert set(data) == {"cases"}, "cases.json must hold {'cases': [...]}"
    cases: list[Case] = data["cases"]
    return cases


def one_sentence_problem(text: object) -> str | None:
    """Why `text` is not one non-empty sentence (ending with a full stop), or None."""
    if not isinstance(text, str):
        return f"not a string: {text!r}"
    if not text.strip():
        return "empty"
    if "\n" in text or "\r" in text:
        return f"contains a line break: {text!r}"
    if text != text.strip():
        return f"leading or trailing white space: {text!r}"
    if not text.endswith("."):
        return f"does not end with '.': {text!r}"
    if _SENTENCE_BREAK.search(text[:-1]):
        return f"more than one sentence: {text!r}"
    if not text[0].isupper():
        return f"does not start with a capital: {text!r}"
    return None


def edited_definition(folder: Path, *changes: tuple[str, str]) -> tuple[Path, str]:
    """A copy of the shipped definition in `folder` with each (old, new) replaced once:
    its path and its text."""
    text = DEFINITION_FILE.read_text(encoding="utf-8")
    for old, new in changes:
        assert text.count(old) == 1, f"the definition changed; {old!r} not found once"
        text = text.replace(old, new)
    path = folder / "definitie.yml"
    path.write_text(text, encoding="utf-8")
    return path, text


def line_of(text: str, needle: str) -> int:
    """The line number (from 1) on which `needle` first stands in `text`."""
    return text[: text.index(needle)].count("\n") + 1


def definition_problems(path: Path) -> list[quiz.Problem]:
    """The problems the build reports for the definition at `path` (it must have some)."""
    with pytest.raises(quiz.DefinitionError) as caught:
        load_definition(path)
    return caught.value.problems


def quiz_env(**extra: str) -> dict[str, str]:
    """The environment for `python -m quiz`: ours, without a definition override."""
    env = {key: value for key, value in os.environ.items() if key != "QUIZ_DEFINITION"}
    env.update(extra)
    return env


def run_quiz(
    *args: str, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `python -m quiz ARGS` from the repository root, as a marketer or the build would."""
    return subprocess.run(
        [sys.executable, "-m", "quiz", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        env=env if env is not None else quiz_env(),
        timeout=60,
        check=False,
    )


def cases() -> list[dict[str, Any]]:
    """The case table (name, answers, expected), as every runner reads it."""
    return [dict(case) for case in load_cases()]


def personas() -> list[dict[str, Any]]:
    """The examples of the definition in force, in the case table's shape."""
    return [
        {"name": e.id, "answers": e.answers, "expected": {"outcome": e.expected}}
        for e in quiz.default_definition().examples
    ]
