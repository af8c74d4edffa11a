"""The shared case table under Pyodide in Node: the wheel the site ships, the pinned runtime."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

import quiz
from tests.support.cases import CASES_FILE, without_texts

ROOT = Path(__file__).resolve().parent.parent


def _run_cases(built_site: Path, *, trimmed_stdlib: bool) -> dict[str, Any]:
    node = shutil.which("node")
    assert node is not None, "Node.js is needed (it runs Pyodide)"
    py = built_site / "assets" / "quiz" / "py"
    (wheel,) = py.glob("*.whl")
    stdlib = [str(path) for path in py.glob("python_stdlib.*.zip")] if trimmed_stdlib else []
    done = subprocess.run(
        [
            node,
            str(ROOT / "tests" / "node" / "run_cases.mjs"),
            str(wheel),
            str(CASES_FILE),
            *stdlib,
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    reply: dict[str, Any] = json.loads(done.stdout)
    return reply


@pytest.mark.parametrize("trimmed_stdlib", [False, True], ids=["stock-stdlib", "site-stdlib"])
def test_case_table_passes_under_pyodide_in_node(built_site: Path, trimmed_stdlib: bool) -> None:
    cases = json.loads(CASES_FILE.read_text(encoding="utf-8"))["cases"]
    results = _run_cases(built_site, trimmed_stdlib=trimmed_stdlib)["results"]
    assert len(results) == len(cases) > 0
    for case, result in zip(cases, results, strict=True):
        partial = case.get("partial", False)
        assert result == quiz.evaluate(case["answers"], partial=partial), case["name"]
        expected = case["expected"]
        assert result["outcome"] == expected["outcome"], case["name"]
        assert [e["question"] for e in result["errors"]] == expected["errors"], case["name"]
        assert without_texts(result["improvements"]) == expected.get("improvements", []), case[
            "name"
        ]
        assert without_texts(result["combinations"]) == expected.get("combinations", []), case[
            "name"
        ]
        if "criteria" in expected:
            met = {cid: verdict["met"] for cid, verdict in result["criteria"].items()}
            assert met == expected["criteria"], case["name"]


def test_with_the_sites_stdlib_python_compiles_no_standard_library_source(built_site: Path) -> None:
    # The stock stdlib holds sources, compiled at every boot; the site's trimmed one holds
    # the runtime's own .pyc files, so a lean boot skips that work.
    assert _run_cases(built_site, trimmed_stdlib=False)["fromSource"] != []
    assert _run_cases(built_site, trimmed_stdlib=True)["fromSource"] == []
