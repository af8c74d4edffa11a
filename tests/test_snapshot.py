"""The memory snapshot path and its fallbacks, in headless Chromium.

The snapshot uses private Pyodide API; these tests are what notices when that changes.
"""

from __future__ import annotations

import json
import random
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import quiz
import quiz_build
from tests.support.answers import generated_answers
from tests.support.browser import Contexts, connection_script
from tests.support.cases import cases, personas

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parent.parent


CASES = cases()
PERSONAS = personas()


def _boot(new_context: Contexts, url: str, connection: str | None = None) -> tuple[Any, str, float]:
    """Open the self-assessment; return (page, boot path, seconds to ready)."""
    context = new_context(connection=connection)
    page = context.new_page()
    page.goto(url + "zelftest/")
    seconds = page.evaluate(
        "async () => { await window.prospectQuiz.ready; return performance.now() / 1000; }"
    )
    return page, page.evaluate("() => window.prospectQuiz.boot"), seconds


def _all_answers() -> list[object]:
    rng = random.Random(314)
    questions = quiz.questions()["questions"]
    generated = [generated_answers(rng, questions) for _ in range(500)]
    return [c["answers"] for c in CASES + PERSONAS] + generated


@pytest.mark.parametrize(
    ("connection", "path"),
    [
        ("fast", "snapshot"),
        ("measured-4g", "lean"),
        ("save-data", "lean"),
        ("slow-3g", "lean"),
        ("not-reported", "lean"),
    ],
)
def test_both_paths_give_exactly_the_cpython_results(
    new_context: Contexts, site_server: str, connection: str, path: str
) -> None:
    page, boot, _ = _boot(new_context, site_server, connection)
    answers = _all_answers()
    text = json.dumps(answers)
    in_browser = page.evaluate(
        "text => Promise.all(JSON.parse(text).map(a => window.prospectQuiz.evaluate(a)))", text
    )
    assert boot == path
    assert in_browser == [quiz.evaluate(a) for a in json.loads(text)]
    for persona, result in zip(PERSONAS, in_browser[len(CASES) :], strict=False):
        assert result["outcome"] == persona["expected"]["outcome"]


def test_the_site_ships_a_trimmed_stdlib_and_a_lock_with_only_the_quiz(built_site: Path) -> None:
    # The lean path above boots with exactly these files: that the engine works with them is
    # what test_both_paths_give_exactly_the_cpython_results proves.
    stock = ROOT / "node_modules" / "pyodide"
    (stdlib,) = built_site.glob("assets/quiz/py/python_stdlib.*.zip")
    assert stdlib.stat().st_size < (stock / "python_stdlib.zip").stat().st_size / 2
    with zipfile.ZipFile(stdlib) as trimmed:
        names = trimmed.namelist()
    # Compiled by the runtime's Python, without sources (tests/test_node.py: none compiled).
    assert "json/__init__.pyc" in names
    assert [name for name in names if not name.endswith(".pyc")] == []
    assert not list(built_site.glob("assets/quiz/pyodide/*/python_stdlib.zip"))
    (lock,) = built_site.glob("assets/quiz/py/pyodide-lock.*.json")
    assert list(json.loads(lock.read_text(encoding="utf-8"))["packages"]) == [quiz_build.DIST_NAME]


def test_the_snapshot_is_named_after_its_inputs(built_site: Path) -> None:
    # Two builds of the same rules and runtime make snapshots that differ in a few bytes
    # (random seeds, clocks): named after the inputs, a visitor's cached snapshot stays in
    # use across deploys that only change the content.
    data, _ = quiz_build.read_data(quiz_build.CHECKOUT_DEFINITION)
    key = quiz_build.assets_key(data, ROOT / "node_modules" / "pyodide")
    assert [p.name for p in built_site.glob("assets/quiz/py/snapshot.*.bin")] == [
        f"snapshot.{key}.bin"
    ]


def test_a_cached_snapshot_is_used_even_on_a_slow_connection(
    new_context: Contexts, site_server: str
) -> None:
    context = new_context()
    page = context.new_page()
    page.add_init_script(connection_script("fast"))
    page.goto(site_server + "zelftest/")
    page.evaluate("() => window.prospectQuiz.ready")
    assert page.evaluate("() => window.prospectQuiz.boot") == "snapshot"
    # The download is written to the cache beside the restore; the page says when it is in.
    page.wait_for_function("() => window.prospectQuiz.prefetched !== null")
    assert page.evaluate("() => window.prospectQuiz.prefetched") == "stored"
    page.close()
    context.add_init_script(connection_script("slow-3g"))
    page = context.new_page()
    page.goto(site_server + "zelftest/")
    page.evaluate("() => window.prospectQuiz.ready")
    assert page.evaluate("() => window.prospectQuiz.boot") == "snapshot"
    page.wait_for_function("() => window.prospectQuiz.prefetched !== null")
    assert page.evaluate("() => window.prospectQuiz.prefetched") == "cached"


def _site_copy(built_site: Path, target: Path) -> tuple[Path, Path]:
    shutil.copytree(built_site, target)
    (snapshot,) = target.glob("assets/quiz/py/snapshot.*.bin")
    return target, snapshot


def _assert_falls_back(new_context: Contexts, url: str, console_text: str | None = None) -> None:
    page = new_context(connection="fast").new_page()
    messages: list[str] = []
    page.on("console", lambda message: messages.append(message.text))
    page.goto(url + "zelftest/")
    page.evaluate("() => window.prospectQuiz.ready")
    boot = page.evaluate("() => window.prospectQuiz.boot")
    persona = PERSONAS[0]
    result = page.evaluate("a => window.prospectQuiz.evaluate(a)", persona["answers"])
    assert boot == "fallback"
    assert result == quiz.evaluate(persona["answers"])
    if console_text is not None:
        assert any(console_text in m for m in messages), messages


def test_a_snapshot_of_other_rules_is_detected_and_not_used(
    new_context: Contexts, built_site: Path, serve_dir: Callable[[Path], str], tmp_path: Path
) -> None:
    site, snapshot = _site_copy(built_site, tmp_path / "site")
    data, _ = quiz_build.read_data(quiz_build.CHECKOUT_DEFINITION)
    data["questions"][0]["label"] = "Een andere vraag?"
    other_wheel = quiz_build.build_wheel(data, tmp_path / "other")
    other, *_ = quiz_build.make_snapshot(other_wheel, data)
    snapshot.write_bytes(other.read_bytes())
    _assert_falls_back(new_context, serve_dir(site), "andere regels")


@pytest.mark.parametrize("damage", ["missing", "truncated", "garbage"])
def test_a_broken_or_missing_snapshot_falls_back_in_normal_boot_time(
    new_context: Contexts,
    built_site: Path,
    serve_dir: Callable[[Path], str],
    tmp_path: Path,
    damage: str,
) -> None:
    site, snapshot = _site_copy(built_site, tmp_path / "site")
    if damage == "missing":
        snapshot.unlink()
    elif damage == "truncated":
        snapshot.write_bytes(snapshot.read_bytes()[: 1 << 20])
    else:
        snapshot.write_bytes(random.Random(7).randbytes(1 << 20))
    url = serve_dir(site)
    _assert_falls_back(new_context, url)
    # Normal boot time: the damage itself is noticed; the worker never falls back because
    # its time limit ran out (that would add SNAPSHOT_TIMEOUT_MS to a lean boot). Checked
    # by the reason it gives, not by the clock, so a loaded machine cannot make it fail.
    page = new_context(connection="fast").new_page()
    messages: list[str] = []
    page.on("console", lambda message: messages.append(message.text))
    page.goto(url + "zelftest/")
    page.evaluate("() => window.prospectQuiz.ready")
    assert page.evaluate("() => window.prospectQuiz.boot") == "fallback"
    assert not [m for m in messages if "te traag" in m], messages
