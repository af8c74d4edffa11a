"""The memory snapshot path and its fallbacks, in headless Chromium.

The snapshot uses private Pyodide API; these tests are what notices when that changes.
"""

from __future__ import annotations

import json
import random
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from test_browser import CASES, PERSONAS, _generated_answers

import quiz
import quiz_build

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parent.parent


def _connection(value: str) -> str:
    """An init script that makes the page see this `navigator.connection`."""
    return f"Object.defineProperty(navigator, 'connection', {{value: {value}}})"


SAVE_DATA = _connection("{saveData: true}")
SLOW_3G = _connection("{effectiveType: '3g'}")
MEASURED_4G = _connection("{effectiveType: '4g', downlink: 9}")
FAST = _connection("{effectiveType: '4g', downlink: 10}")
UNKNOWN = _connection("undefined")


def _boot(chromium: Any, url: str, init_script: str = "") -> tuple[Any, Any, str, float]:
    """Open the self-assessment; return (context, page, boot path, seconds to ready)."""
    context = chromium.new_context()
    if init_script:
        context.add_init_script(init_script)
    page = context.new_page()
    page.goto(url + "zelftest/")
    seconds = page.evaluate(
        "async () => { await window.prospectQuiz.ready; return performance.now() / 1000; }"
    )
    return context, page, page.evaluate("() => window.prospectQuiz.boot"), seconds


def _all_answers() -> list[object]:
    rng = random.Random(314)
    return [c["answers"] for c in CASES + PERSONAS] + [_generated_answers(rng) for _ in range(500)]


@pytest.mark.parametrize(
    ("init_script", "path"),
    [
        (FAST, "snapshot"),
        (MEASURED_4G, "lean"),
        (SAVE_DATA, "lean"),
        (SLOW_3G, "lean"),
        (UNKNOWN, "lean"),
    ],
    ids=["fast", "9-mbit-4g", "save-data", "slow-3g", "not-reported"],
)
def test_both_paths_give_exactly_the_cpython_results(
    chromium: Any, site_server: str, init_script: str, path: str
) -> None:
    context, page, boot, _ = _boot(chromium, site_server, init_script)
    answers = _all_answers()
    text = json.dumps(answers)
    in_browser = page.evaluate(
        "text => Promise.all(JSON.parse(text).map(a => window.prospectQuiz.evaluate(a)))", text
    )
    context.close()
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
    assert not list(built_site.glob("assets/quiz/pyodide/*/python_stdlib.zip"))
    (lock,) = built_site.glob("assets/quiz/py/pyodide-lock.*.json")
    assert list(json.loads(lock.read_text(encoding="utf-8"))["packages"]) == [quiz_build.DIST_NAME]


def test_a_cached_snapshot_is_used_even_on_a_slow_connection(
    chromium: Any, site_server: str
) -> None:
    context = chromium.new_context()
    page = context.new_page()
    page.add_init_script(FAST)
    page.goto(site_server + "zelftest/")
    page.evaluate("() => window.prospectQuiz.ready")
    assert page.evaluate("() => window.prospectQuiz.boot") == "snapshot"
    page.close()
    context.add_init_script(SLOW_3G)
    page = context.new_page()
    page.goto(site_server + "zelftest/")
    page.evaluate("() => window.prospectQuiz.ready")
    boot = page.evaluate("() => window.prospectQuiz.boot")
    context.close()
    assert boot == "snapshot"


def _site_copy(built_site: Path, target: Path) -> tuple[Path, Path]:
    shutil.copytree(built_site, target)
    (snapshot,) = target.glob("assets/quiz/py/snapshot.*.bin")
    return target, snapshot


def _assert_falls_back(chromium: Any, url: str, console_text: str | None = None) -> None:
    context = chromium.new_context()
    context.add_init_script(FAST)
    page = context.new_page()
    messages: list[str] = []
    page.on("console", lambda message: messages.append(message.text))
    page.goto(url + "zelftest/")
    page.evaluate("() => window.prospectQuiz.ready")
    boot = page.evaluate("() => window.prospectQuiz.boot")
    persona = PERSONAS[0]
    result = page.evaluate("a => window.prospectQuiz.evaluate(a)", persona["answers"])
    context.close()
    assert boot == "fallback"
    assert result == quiz.evaluate(persona["answers"])
    if console_text is not None:
        assert any(console_text in m for m in messages), messages


def test_a_snapshot_of_other_rules_is_detected_and_not_used(
    chromium: Any, built_site: Path, serve_dir: Callable[[Path], str], tmp_path: Path
) -> None:
    site, snapshot = _site_copy(built_site, tmp_path / "site")
    data, _ = quiz_build.read_data(quiz_build.CHECKOUT_DEFINITION)
    data["questions"][0]["label"] = "Een andere vraag?"
    other_wheel = quiz_build.build_wheel(data, tmp_path / "other")
    other, _ = quiz_build.make_snapshot(other_wheel, data)
    snapshot.write_bytes(other.read_bytes())
    _assert_falls_back(chromium, serve_dir(site), "andere regels")


@pytest.mark.parametrize("damage", ["missing", "truncated", "garbage"])
def test_a_broken_or_missing_snapshot_falls_back_in_normal_boot_time(
    chromium: Any,
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
    context, _, _, lean_seconds = _boot(chromium, url, SAVE_DATA)
    context.close()
    _assert_falls_back(chromium, url)
    # Normal boot time: no wait for the snapshot timeout on top of a lean boot.
    context, _, boot, seconds = _boot(chromium, url, FAST)
    context.close()
    assert boot == "fallback"
    assert seconds < lean_seconds + 5, (seconds, lean_seconds)
