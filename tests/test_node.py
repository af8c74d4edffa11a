"""The shared case table under Pyodide in Node: the wheel the site ships, the pinned runtime."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import quiz
from tests.quiz_cases import CASES_FILE

ROOT = Path(__file__).resolve().parent.parent


def test_case_table_passes_under_pyodide_in_node(built_site: Path) -> None:
    node = shutil.which("node")
    assert node is not None, "Node.js is needed (it runs Pyodide)"
    (wheel,) = (built_site / "assets" / "quiz" / "py").glob("*.whl")
    cases = json.loads(CASES_FILE.read_text(encoding="utf-8"))["cases"]
    done = subprocess.run(
        [node, str(ROOT / "tests" / "node" / "run_cases.mjs"), str(wheel), str(CASES_FILE)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)
    assert len(results) == len(cases) > 0
    for case, result in zip(cases, results, strict=True):
        partial = case.get("partial", False)
        assert result == quiz.evaluate(case["answers"], partial=partial), case["name"]
        expected = case["expected"]
        assert result["outcome"] == expected["outcome"], case["name"]
        assert [e["question"] for e in result["errors"]] == expected["errors"], case["name"]
        assert result["improvements"] == expected.get("improvements", []), case["name"]
        if "criteria" in expected:
            met = {cid: verdict["met"] for cid, verdict in result["criteria"].items()}
            assert met == expected["criteria"], case["name"]
