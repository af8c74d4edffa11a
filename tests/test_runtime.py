"""The runtime on its own: what the wheel holds, that it runs on the standard library alone,
and `quiz.browser.handle`, the browser's one entry point, under CPython.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any, cast

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import quiz
import quiz_build
from quiz.browser import KINDS, LEAD_KINDS, handle
from quiz_build import _assets
from tests.support import ROOT, examples
from tests.support.cases import CASES_FILE, DEFINITION_FILE, quiz_env

CASES: list[dict[str, Any]] = json.loads(CASES_FILE.read_text(encoding="utf-8"))["cases"]
PROSPECT = CASES[0]["answers"]
CONFIGS: list[dict[str, str]] = [
    {"email": "info@example.nl"},
    {"provider": "calcom", "url": "https://cal.example/x", "email": "info@example.nl"},
    {"provider": "calendly", "url": "https://calendly.example/x", "email": "info@example.nl"},
]
CONTACT = {"name": "Naam", "email": "naam@example.nl"}
UTM = {"utm_source": "bron", "utm_campaign": "campagne"}


def _reply(kind: str, text: str) -> dict[str, Any]:
    reply = handle(kind, text)
    reply.encode("utf-8")  # always text a worker can pass on
    data = json.loads(reply)
    assert isinstance(data, dict)
    assert isinstance(data["errors"], list)
    return cast(dict[str, Any], data)


@pytest.fixture(scope="module")
def definition_data() -> Any:
    data, _ = quiz_build.read_data(DEFINITION_FILE)
    return data


@pytest.fixture(scope="module")
def wheel(definition_data: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return quiz_build.build_wheel(definition_data, tmp_path_factory.mktemp("wheel"))


# --- the wheel ------------------------------------------------------------------------


def test_the_wheel_holds_the_runtime_folder_and_the_definition(
    wheel: Path, definition_data: Any
) -> None:
    runtime = Path(quiz.__file__).parent
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        packed = json.loads(archive.read(f"quiz/{quiz.PACKED_DEFINITION}"))
    shipped = {name for name in names if name.startswith("quiz/")}
    walked = {f"quiz/{path.relative_to(runtime).as_posix()}" for path in runtime.rglob("*.py")}
    assert shipped == {
        f"quiz/{path.relative_to(runtime).as_posix()}" for path in quiz_build.package_files(runtime)
    } | {f"quiz/{quiz.PACKED_DEFINITION}"}
    assert walked <= shipped
    assert {"quiz/browser.py", "quiz/__main__.py", "quiz/py.typed"} <= shipped
    assert not [name for name in names if "__pycache__" in name or name.endswith(".pyc")]
    assert not [name for name in names if name.startswith("quiz_build")]
    assert packed == definition_data
    # The wheel's name carries the rules' hash, which covers every shipped file.
    assert quiz_build.rules_hash(definition_data) in wheel.name


def test_a_definition_file_in_the_runtime_folder_stops_the_build(
    definition_data: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A copy of the runtime folder, so that the checkout's quiz/ is never touched.
    runtime = tmp_path / "quiz"
    shutil.copytree(Path(quiz.__file__).parent, runtime)
    (runtime / quiz.PACKED_DEFINITION).write_text("{}", encoding="utf-8")
    monkeypatch.setattr(_assets, "RUNTIME", runtime)
    with pytest.raises(RuntimeError, match="hoort niet in de checkout"):
        quiz_build.build_wheel(definition_data, tmp_path / "out")


# The child runs the unpacked wheel with an import hook that refuses every module outside
# the standard library except `quiz` itself: PyYAML, quiz_build, the editable install.
ISOLATED = """
import json
import sys

site, work = sys.argv[1], sys.argv[2]


class StandardLibraryOnly:
    def find_spec(self, name, path=None, target=None):
        top = name.partition(".")[0]
        if top in sys.stdlib_module_names or top == "quiz":
            return None
        raise ModuleNotFoundError(f"blocked outside the standard library: {name}")


sys.meta_path.insert(0, StandardLibraryOnly())
sys.path.insert(0, site)
for blocked in ("yaml", "quiz_build"):
    try:
        __import__(blocked)
    except ModuleNotFoundError:
        pass
    else:
        raise SystemExit(f"{blocked} was importable")

import quiz
import quiz.browser

assert quiz.__file__.startswith(site), quiz.__file__
request = json.loads(open(work, encoding="utf-8").read())
out = {
    "questions": quiz.questions(),
    "evaluate": [quiz.evaluate(answers) for answers in request["answers"]],
    "booking": [
        quiz.booking_link(answers, config, contact=request["contact"], utm=request["utm"])
        for answers in request["answers"]
        for config in request["configs"]
    ],
    "handle": [quiz.browser.handle(kind, text) for kind, text in request["handle"]],
}
outside = sorted(
    name
    for name in sys.modules
    if name.partition(".")[0] not in sys.stdlib_module_names | {"quiz", "__main__"}
)
out["outside"] = outside
out["metadata"] = "importlib.metadata" in sys.modules
print(json.dumps(out))
"""


def test_the_runtime_runs_with_only_the_standard_library(
    wheel: Path, definition_data: Any, tmp_path: Path
) -> None:
    site = _unpack(wheel, tmp_path / "site")
    answers = [case["answers"] for case in CASES]
    requests = quiz_build.warm_up_requests(definition_data)
    work = tmp_path / "request.json"
    work.write_text(
        json.dumps(
            {
                "answers": answers,
                "configs": CONFIGS,
                "contact": CONTACT,
                "utm": UTM,
                "handle": requests,
            }
        ),
        encoding="utf-8",
    )
    out = _isolated(ISOLATED, site, str(work), cwd=tmp_path)
    assert out["outside"] == []
    assert out["metadata"] is False  # the packed definition needs no entry-point lookup
    assert out["questions"] == quiz.questions()
    assert out["evaluate"] == [quiz.evaluate(a) for a in answers]
    assert out["booking"] == [
        quiz.booking_link(a, c, contact=CONTACT, utm=UTM) for a in answers for c in CONFIGS
    ]
    assert out["handle"] == [handle(kind, text) for kind, text in requests]


# --- where the definition comes from --------------------------------------------------


def test_in_a_checkout_the_build_package_provides_the_marketers_file(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(quiz_build.DEFINITION_ENV, raising=False)
    assert quiz.definition_provider() is quiz_build
    assert quiz_build.definition_file() == DEFINITION_FILE
    monkeypatch.setenv(quiz_build.DEFINITION_ENV, "elders.yml")
    assert quiz_build.definition_file() == Path("elders.yml")


# A copy of the runtime folder without the packed definition, and no installed entry point
# (-S: no site-packages): the runtime says what is missing instead of guessing a path.
WITHOUT_PROVIDER = """
import sys

sys.path.insert(0, sys.argv.pop(1))
from quiz.__main__ import main

raise SystemExit(main())
"""


@pytest.mark.parametrize("command", ["evaluate", "questions", "check"])
def test_without_any_definition_the_command_line_says_so(command: str, tmp_path: Path) -> None:
    shutil.copytree(Path(quiz.__file__).parent, tmp_path / "quiz")
    done = subprocess.run(
        [
            sys.executable,
            "-I",
            "-S",
            "-c",
            WITHOUT_PROVIDER,
            str(tmp_path),
            command,
        ],
        input="{}",
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 2
    assert "Geen definitie gevonden" in done.stderr
    assert "Traceback" not in done.stderr
    if command == "evaluate":
        assert "Geen definitie gevonden" in json.loads(done.stdout)["errors"][0]["message"]


# --- quiz.browser.handle --------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_evaluate_replies_with_the_engines_result(case: dict[str, Any]) -> None:
    assert _reply("evaluate", json.dumps(case["answers"])) == quiz.evaluate(case["answers"])


@pytest.mark.parametrize("config", CONFIGS, ids=["email", "calcom", "calendly"])
def test_booking_replies_with_the_link(config: dict[str, str]) -> None:
    request = {"answers": PROSPECT, "config": config, "contact": CONTACT, "utm": UTM}
    reply = _reply("booking", json.dumps(request))
    assert reply == quiz.booking_link(PROSPECT, config, contact=CONTACT, utm=UTM)
    assert reply["url"]
    assert reply["errors"] == []


def test_booking_without_contact_or_utm() -> None:
    reply = _reply("booking", json.dumps({"answers": PROSPECT, "config": CONFIGS[1]}))
    assert reply == quiz.booking_link(PROSPECT, CONFIGS[1])


def test_booking_with_a_setting_that_cannot_be_used() -> None:
    request = {"answers": PROSPECT, "config": {"provider": "teams", "email": "x@example.nl"}}
    reply = _reply("booking", json.dumps(request))
    assert reply["url"] == ""
    assert reply["provider"] == ""
    assert "calcom, calendly of email" in reply["errors"][0]["message"]


def test_a_shared_links_answers_come_back_when_the_engine_accepts_them() -> None:
    assert _reply("shared", json.dumps(PROSPECT)) == {"answers": PROSPECT, "errors": []}
    # Answers so far are fine (a link may hold them); so is an answer the engine ignores
    # because its question is not asked.
    some = {"b2b": False, "budget": "bestaat-niet"}
    assert _reply("shared", json.dumps(some)) == {"answers": some, "errors": []}


@pytest.mark.parametrize(
    "answers",
    [
        {"salaris": 100},  # no such question
        {"__proto__": {"polluted": 1}},
        {"branche": "<script>window.__pwned=1</script>"},  # no such option
        {"contact": ["offerte", "offerte"]},
        {"contact": ["niets", "offerte"]},  # an option that goes alone, beside another
        {"medewerkers": "25 medewerkers"},  # a number the engine cannot read
        {"b2b": "true"},
        [1, 2, 3],
        None,
        "tekst",
    ],
    ids=str,
)
def test_a_shared_link_the_engine_would_refuse_fills_in_nothing(answers: object) -> None:
    reply = _reply("shared", json.dumps(answers))
    assert reply["answers"] == {}
    assert reply["errors"]
    assert reply == quiz.shared_answers(answers)


def test_the_kinds_are_the_ones_the_page_sends() -> None:
    protocol = (ROOT / "overrides" / "assets" / "quiz" / "protocol.mjs").read_text("utf-8")
    block = protocol.split("export const KIND = Object.freeze({", 1)[1].split("});", 1)[0]
    assert tuple(re.findall(r'"([a-z-]+)"', block)) == KINDS + LEAD_KINDS


def test_every_kind_gets_its_empty_reply_for_unreadable_json() -> None:
    shapes = {"evaluate": "outcome", "partial": "asked", "booking": "url", "shared": "answers"}
    unreadable = [{"question": None, "message": "De aanvraag is geen geldige JSON."}]
    for kind in KINDS:
        reply = _reply(kind, "{")
        assert reply["errors"] == unreadable
        if kind != "partial":
            assert shapes[kind] in reply, kind


@pytest.mark.parametrize("kind", ["", "Evaluate", "onbekend", "evaluate ", "x" * 10_000])
def test_an_unknown_kind_gets_an_error_reply(kind: str) -> None:
    reply = _reply(kind, json.dumps(PROSPECT))
    assert set(reply) == {"errors"}
    (error,) = reply["errors"]
    assert error["question"] is None
    assert error["message"].startswith("Onbekende soort aanvraag")
    assert len(error["message"]) < 100


def test_a_kind_that_is_no_text_gets_an_error_reply() -> None:
    reply = _reply(cast(str, None), "{}")
    assert reply["errors"][0]["message"].startswith("Onbekende soort aanvraag")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "{",
        "undefined",
        "{'b2b': true}",
        '{"medewerkers": 10}{}',
        '{"medewerkers": ' + "9" * 5000 + "}",  # longer than Python reads as an integer
        "[" * 100_000 + "]" * 100_000,  # nested deeper than the JSON reader recurses
        None,
    ],
    ids=["empty", "unclosed", "undefined", "quotes", "two", "huge-int", "deep", "none"],
)
@pytest.mark.parametrize("kind", ["evaluate", "booking"])
def test_an_unreadable_request_gets_an_error_reply_of_its_kind(kind: str, text: Any) -> None:
    reply = _reply(kind, text)
    if kind == "evaluate":
        assert reply["outcome"] is None
        assert reply["criteria"] == {}
        assert reply["next_step"] is None
    else:
        assert reply["url"] == ""
        assert reply["provider"] == ""
    assert reply["errors"] == [{"question": None, "message": "De aanvraag is geen geldige JSON."}]


@pytest.mark.parametrize("text", ["null", "[]", '"tekst"', "42", "[{}]"])
def test_a_booking_request_that_is_no_object(text: str) -> None:
    reply = _reply("booking", text)
    assert reply["url"] == ""
    assert reply["errors"][0]["message"].endswith("moet een JSON-object zijn.")


def test_lone_surrogates_come_back_escaped_and_equal() -> None:
    text = '{"\\ud800": "\\udfff", "medewerkers": "\\ud800"}'
    reply = handle("evaluate", text)
    assert reply.isascii()
    assert json.loads(reply) == quiz.evaluate(json.loads(text))
    assert json.loads(reply)["errors"]


def test_dutch_text_stays_readable() -> None:
    reply = handle("evaluate", '{"café ë": "ja"}')
    assert "café ë" in reply


@settings(max_examples=examples(300), deadline=None)
@given(kind=st.sampled_from(["evaluate", "booking", "x"]), text=st.text(max_size=200))
def test_any_text_gets_a_json_reply(kind: str, text: str) -> None:
    _reply(kind, text)


@settings(max_examples=examples(200), deadline=None)
@given(
    answers=st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
        max_leaves=12,
    )
)
def test_any_json_value_gets_the_engines_reply(answers: object) -> None:
    text = json.dumps(answers)
    assert _reply("evaluate", text) == json.loads(json.dumps(quiz.evaluate(json.loads(text))))
    request = {"answers": answers, "config": CONFIGS[0], "contact": answers, "utm": answers}
    _reply("booking", json.dumps(request))


def test_a_broken_definition_in_a_checkout_gets_an_error_reply(tmp_path: Path) -> None:
    text = DEFINITION_FILE.read_text(encoding="utf-8")
    broken = tmp_path / "definitie.yml"
    broken.write_text(text.replace("at_least: 5\n", "at_least: vijf\n"), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", "from quiz.browser import handle; print(handle('evaluate', '{}'))"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
        env=quiz_env(QUIZ_DEFINITION=str(broken)),
    )
    assert done.returncode == 0, done.stderr
    reply = json.loads(done.stdout)
    assert reply["outcome"] is None
    assert any(str(broken) in error["message"] for error in reply["errors"])


# --- the snapshot's warm-up -----------------------------------------------------------


def test_the_warm_up_walks_every_error_path(definition_data: Any) -> None:
    requests = quiz_build.warm_up_requests(definition_data)
    replies = [_reply(kind, text) for kind, text in requests]
    messages = {error["message"] for reply in replies for error in reply["errors"]}
    definition = quiz.default_definition()
    templates = [*definition.messages.values(), definition.booking["invalid_email"]]
    for template in templates:
        prefix = template.partition("{")[0]
        assert any(message.startswith(prefix) for message in messages), template
    assert {reply.get("provider") for reply in replies} >= {"email", "calcom", "calendly"}
    assert {reply.get("outcome") for reply in replies} >= {e.expected for e in definition.examples}
    assert any(reply.get("url") for reply in replies)
    kinds = {kind for kind, _ in requests}
    assert kinds >= set(KINDS)
    assert kinds - set(KINDS)  # the unknown kind's path too
    shared = [_reply(kind, text) for kind, text in requests if kind == "shared"]
    assert any(reply["answers"] for reply in shared), "a link that is filled in"
    assert any(reply["errors"] for reply in shared), "a link that is refused"


# After the warm-up, nothing a visitor can send makes the runtime import another module:
# the snapshot (which keeps only what was imported) and the trimmed stdlib stay complete.
# Run from the unpacked wheel, as in the browser: the checkout's definition provider would
# import much of the standard library itself and hide a forgotten path.
AFTER_WARM_UP = """
import json
import sys

site, warm_up, later = sys.argv[1:]
sys.path.insert(0, site)
from quiz.browser import handle

assert "importlib.metadata" not in sys.modules
for kind, text in json.loads(open(warm_up, encoding="utf-8").read()):
    handle(kind, text)
before = set(sys.modules)
for kind, text in json.loads(open(later, encoding="utf-8").read()):
    handle(kind, text)
print(json.dumps(sorted(set(sys.modules) - before)))
"""


def test_after_the_warm_up_no_request_imports_anything_new(
    wheel: Path, definition_data: Any, tmp_path: Path
) -> None:
    later: list[tuple[str, str]] = []
    for case in CASES:
        later.append(("evaluate", json.dumps(case["answers"])))
        for config in CONFIGS:
            request = {"answers": case["answers"], "config": config, "contact": CONTACT}
            later.append(("booking", json.dumps({**request, "utm": UTM})))
        later.append(("partial", json.dumps(case["answers"])))
        later.append(("shared", json.dumps(case["answers"])))
    later += [("evaluate", '{"\\ud800": "\\udfff"}'), ("booking", "{"), ("?", "")]
    later += [("shared", "{"), ("shared", '{"salaris": 1}'), ("shared", "[]")]
    warm_up = quiz_build.warm_up_requests(definition_data)
    files = [_unpack(wheel, tmp_path / "site")]
    for name, requests in (("warm-up", warm_up), ("later", later)):
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(requests), encoding="utf-8")
        files.append(str(path))
    assert _isolated(AFTER_WARM_UP, *files, cwd=tmp_path) == []


def _isolated(script: str, *args: str, cwd: Path) -> Any:
    """What `script` prints as JSON, run by a Python isolated from this checkout and the
    installed packages (-I -S): only what the script puts on sys.path can be imported."""
    done = subprocess.run(
        [sys.executable, "-I", "-S", "-c", script, *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        cwd=cwd,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _unpack(wheel: Path, site: Path) -> str:
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    return str(site)
