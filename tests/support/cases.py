"""Answer sets with a known outcome: the shared case table and the definition's examples."""

from __future__ import annotations

from typing import Any

import quiz
from tests.quiz_cases import load_cases


def cases() -> list[dict[str, Any]]:
    """The case table (name, answers, expected), as every runner reads it."""
    return [dict(case) for case in load_cases()]


def personas() -> list[dict[str, Any]]:
    """The examples of the definition in force, in the case table's shape."""
    return [
        {"name": e.id, "answers": e.answers, "expected": {"outcome": e.expected}}
        for e in quiz.default_definition().examples
    ]
