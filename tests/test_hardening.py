"""Hostile input: the engine answers with errors, the page renders text, links stay intact.

- the engine and the command line: HTML, 1 MB strings, 10,000 levels of nesting, wrong
  types and unknown keys give errors, never an exception or a traceback;
- the page: hostile form values, contact details, utm_* values and stored answers are
  never rendered as HTML and never run;
- the definition loader: mutated copies of the real definition either load or fail with
  the file and the line, never with another exception;
- booking and mailto links from hostile values: RFC 3986 characters only, every value
  percent-encoded, nothing added or lost on the way.
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import quiz
from quiz.browser import LEAD_KINDS, MAX_DEPTH, handle
from quiz_build import load_definition
from tests.support import answers as visitor
from tests.support import examples
from tests.support.browser import Contexts
from tests.support.cases import DEFINITION_FILE, run_quiz
from tests.support.site import ANSWERS_KEY

DEFINITION = quiz.default_definition()
QUESTIONS: list[dict[str, Any]] = quiz.questions()["questions"]
QUESTION_IDS = [q["id"] for q in QUESTIONS]
EXAMPLES = {e.id: e.answers for e in DEFINITION.examples}
PROSPECT = next(e.answers for e in DEFINITION.examples if e.expected == "prospect")
INJECTION = "<img src=x onerror=window.__pwned=1>"
SCRIPT = "<script>window.__pwned=1</script>"
MEGABYTE = 1_000_000


def nested_lists(depth: int, leaf: object = "demo") -> object:
    value = leaf
    for _ in range(depth):
        value = [value]
    return value


def nested_dicts(depth: int) -> object:
    value: object = {}
    for _ in range(depth):
        value = {"a": value}
    return value


def with_answer(key: object, value: object) -> dict[Any, object]:
    answers: dict[Any, object] = dict(PROSPECT)
    answers[key] = value
    return answers


# --- (a) The engine -------------------------------------------------------------------

HOSTILE_ANSWERS: dict[str, object] = {
    "html in every answer": dict.fromkeys(QUESTION_IDS, INJECTION),
    "script in a choice": with_answer("branche", SCRIPT),
    "html in a multi answer": with_answer("contact", [INJECTION, SCRIPT]),
    "html as the number": with_answer("medewerkers", INJECTION),
    "1 MB number text": with_answer("medewerkers", "9" * MEGABYTE),
    "1 MB choice": with_answer("branche", "x" * MEGABYTE),
    "1 MB multi value": with_answer("contact", ["x" * MEGABYTE]),
    "1 MB unknown key": with_answer("k" * MEGABYTE, 1),
    "10,000 nested lists as a multi answer": with_answer("contact", nested_lists(10_000)),
    "10,000 nested lists as a number": with_answer("medewerkers", nested_lists(10_000, 5)),
    "10,000 nested dicts as an answer": with_answer("budget", nested_dicts(10_000)),
    "10,000 nested lists as the answers": nested_lists(10_000),
    "10,000 nested dicts as the answers": nested_dicts(10_000),
    "booleans as text": with_answer("b2b", "true"),
    "number for a choice": with_answer("branche", 3),
    "list for a number": with_answer("medewerkers", [12]),
    "text for a multi answer": with_answer("contact", "demo"),
    "dict for a boolean": with_answer("b2b", {"value": True}),
    "boolean for a number": with_answer("medewerkers", True),
    "not a number": with_answer("medewerkers", float("nan")),
    "infinity": with_answer("medewerkers", float("inf")),
    "a 400-digit integer": with_answer("medewerkers", 10**400),
    "1e309 as text": with_answer("medewerkers", "1e309"),
    "unknown keys": with_answer("__proto__", {"polluted": True}) | {"constructor": "x"},
    "non-text keys": {1: "x", None: True, ("a",): []},
    "a list": [PROSPECT],
    "a string": json.dumps(PROSPECT),
    "nothing": None,
}


@pytest.mark.parametrize("answers", HOSTILE_ANSWERS.values(), ids=HOSTILE_ANSWERS.keys())
def test_engine_returns_errors_for_hostile_answers(answers: object) -> None:
    result = quiz.evaluate(answers)
    assert result["outcome"] is None
    assert result["errors"], "hostile answers must not pass"
    for error in result["errors"]:
        assert isinstance(error["message"], str)
        assert error["question"] is None or isinstance(error["question"], str)
    json.dumps(result)  # JSON-ready, as the worker sends it
    # No message quotes the visitor at length (an unknown key: 60 characters at most).
    for message in (e["message"] for e in result["errors"]):
        assert len(message) < 500


@pytest.mark.parametrize(
    "provider",
    [
        {"email": "info@closeforce.nl"},
        {"provider": "calcom", "url": "https://cal.com/x/y", "email": "info@closeforce.nl"},
    ],
)
@pytest.mark.parametrize(
    "answers",
    [v for k, v in HOSTILE_ANSWERS.items() if "nested" in k or "1 MB" in k],
    ids=[k for k in HOSTILE_ANSWERS if "nested" in k or "1 MB" in k],
)
def test_booking_link_refuses_hostile_answers(answers: object, provider: dict[str, str]) -> None:
    result = quiz.booking_link(
        answers, provider, contact=nested_dicts(10_000), utm=nested_lists(10_000)
    )
    assert result["url"] == ""
    assert result["errors"]


CLI_INPUTS = {
    "html": json.dumps(dict.fromkeys(QUESTION_IDS, INJECTION)),
    "1 MB string": json.dumps(with_answer("medewerkers", "9" * MEGABYTE)),
    "10,000 nested lists": '{"contact": ' + "[" * 10_000 + '"demo"' + "]" * 10_000 + "}",
    "500 nested lists (within the JSON reader's reach)": json.dumps(
        with_answer("contact", nested_lists(500))
    ),
    "wrong types": json.dumps({"b2b": "ja", "medewerkers": [1], "contact": {"a": 1}}),
    "unknown keys": json.dumps({"__proto__": 1, "constructor": {}}),
    "NaN": '{"medewerkers": NaN}',
    "a 5000-digit number": '{"medewerkers": ' + "1" * 5000 + "}",
    "lone surrogate": '{"\\ud800": "\\udfff"}',
    "not JSON": "<script>alert(1)</script>",
    "empty": "",
}


def test_the_browser_entry_point_refuses_nesting_too_deep_for_the_browser() -> None:
    """quiz.browser.handle refuses a request nested deeper than the WebAssembly stack allows
    json.loads in the browser, before parsing it: in CPython the same, so both agree."""
    student = EXAMPLES["student"]  # b2b: false, so `budget` is not asked (ask_when)
    unreadable = json.loads(handle("evaluate", "[" * 100_000 + "]" * 100_000))
    assert unreadable["errors"] == [
        {"question": None, "message": "De aanvraag is geen geldige JSON."}
    ]
    too_deep = {**student, "budget": nested_lists(MAX_DEPTH)}  # the object adds a level
    assert json.loads(handle("evaluate", json.dumps(too_deep))) == unreadable
    assert json.loads(handle("partial", json.dumps(too_deep)))["errors"] == unreadable["errors"]
    # The lead page's requests go through the same reader (its worker runs the same Python).
    for kind in LEAD_KINDS:
        deep_lead = json.dumps({"count": 10, "values": nested_lists(MAX_DEPTH)})
        assert json.loads(handle(kind, deep_lead)) == {"errors": unreadable["errors"]}, kind
    deep_enough = {**student, "budget": nested_lists(MAX_DEPTH - 1)}
    judged = json.loads(handle("evaluate", json.dumps(deep_enough)))
    assert judged == quiz.evaluate(deep_enough)
    assert judged["outcome"] == quiz.evaluate(student)["outcome"]  # the unasked answer is ignored
    # Brackets inside a text are not nesting.
    in_text = {**student, "branche": "[" * 1000}
    assert json.loads(handle("evaluate", json.dumps(in_text))) == quiz.evaluate(in_text)


@pytest.mark.parametrize("stdin", CLI_INPUTS.values(), ids=CLI_INPUTS.keys())
def test_command_line_exits_2_without_traceback(stdin: str) -> None:
    completed = run_quiz("evaluate", stdin=stdin)
    assert completed.returncode == 2, completed.stderr[-2000:]
    assert "Traceback" not in completed.stderr
    result = json.loads(completed.stdout)
    assert result["outcome"] is None
    assert result["errors"]


def test_command_line_reads_invalid_utf8_without_traceback(tmp_path: Path) -> None:
    import subprocess

    completed = subprocess.run(
        [sys.executable, "-m", "quiz", "evaluate"],
        input=b'{"medewerkers": "\xff\xfe<b>"}',
        capture_output=True,
        cwd=DEFINITION_FILE.parent.parent.parent,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 2
    assert b"Traceback" not in completed.stderr


# --- (c) Fuzzing the definition loader ------------------------------------------------

FUZZ_COPIES = 300
FUZZ_SEED = 20250901
# Values of other types (and YAML's odd corners) to put where a value was.
OTHER_VALUES = [
    "[]", "{}", "123", "-1", "0", "1e309", ".nan", ".inf", "true", "false", "null", "~",
    '""', "[1, 2]", "{a: 1}", "2025-01-01", "!!binary aGk=", "!!set {a, b}",
    "!!python/object/apply:os.system ['true']", "&anker waarde", "*anker", SCRIPT,
    "'" + "x" * 5000 + "'", "|", ">-", "- a", "a: b: c", "!!int x", "!!float y", "0x1F",
    "1_000", "? [a]", "{a: [b, {c: d}]}", "'{min'", "'{min:d}'", "'}'",
]  # fmt: skip
INSERTED = [*":-{}[]\"'&*!|>%@`#,?\t", "\x00", "\x07", "é", "\u2028", "\ufeff"]
NEW_KEYS = ["1", "true", "[a]", "id", "type", "onbekend", "label", "x y", "<<", "'{'"]


def _mutate(rng: random.Random, text: str) -> str:
    lines = text.split("\n")
    operation = rng.choice(
        ["delete", "duplicate", "swap", "indent", "value", "key", "truncate", "insert"]
    )
    index = rng.randrange(len(lines))
    keyed = [i for i, line in enumerate(lines) if ":" in line and not line.lstrip().startswith("#")]
    if operation in ("value", "key") and not keyed:
        operation = "truncate"
    if operation == "delete":
        del lines[index]
    elif operation == "duplicate":
        lines.insert(index, lines[index])
    elif operation == "swap":
        other = rng.choice([index + 1, index + 2, rng.randrange(len(lines))])
        other = min(other, len(lines) - 1)
        lines[index], lines[other] = lines[other], lines[index]
    elif operation == "indent":
        if rng.random() < 0.6:
            lines[index] = rng.choice([" ", "  ", "    ", "\t"]) + lines[index]
        else:
            lines[index] = lines[index][rng.randint(1, 4) :]
    elif operation == "value":
        at = rng.choice(keyed)
        lines[at] = f"{lines[at].split(':', 1)[0]}: {rng.choice(OTHER_VALUES)}"
    elif operation == "key":
        at = rng.choice(keyed)
        head, tail = lines[at].split(":", 1)
        indent = head[: len(head) - len(head.lstrip())]
        dash = "- " if head.lstrip().startswith("- ") else ""
        lines[at] = f"{indent}{dash}{rng.choice(NEW_KEYS)}:{tail}"
    elif operation == "truncate":
        return text[: rng.randrange(len(text))]
    else:
        line = lines[index]
        at = rng.randrange(len(line) + 1)
        lines[index] = line[:at] + rng.choice(INSERTED) + line[at:]
    return "\n".join(lines)


def _load_problems(path: Path) -> list[quiz.Problem] | None:
    """None when the file loads; the problems when it fails as it should."""
    try:
        load_definition(path)
    except quiz.DefinitionError as error:
        return error.problems
    return None


def test_fuzzed_definitions_load_or_fail_with_file_and_line(tmp_path: Path) -> None:
    rng = random.Random(FUZZ_SEED)
    original = DEFINITION_FILE.read_text(encoding="utf-8")
    loaded = failed = 0
    unexpected: list[str] = []
    for number in range(FUZZ_COPIES):
        text = original
        for _ in range(rng.choice([1, 1, 2, 3])):
            text = _mutate(rng, text)
        path = tmp_path / f"definitie-{number}.yml"
        path.write_text(text, encoding="utf-8")
        try:
            problems = _load_problems(path)
        except Exception as error:  # any other exception is the finding
            unexpected.append(f"{path}: {type(error).__name__}: {error}")
            continue
        if problems is None:
            loaded += 1
            continue
        failed += 1
        last_line = text.count("\n") + 1
        if not problems:
            unexpected.append(f"{path}: DefinitionError without problems")
        for problem in problems:
            if (
                problem.source != str(path)
                or problem.line is None
                or not 1 <= problem.line <= last_line
                or not problem.message.strip()
                or not str(problem).startswith(f"{path}:{problem.line}: ")
            ):
                unexpected.append(f"{path}: {problem}")
    assert unexpected == []  # the files stay in tmp_path to look at
    # The mutations are neither all harmless nor all fatal.
    assert loaded >= 10
    assert failed >= 100


def test_broken_placeholders_fail_at_build_time_not_in_the_engine(tmp_path: Path) -> None:
    original = DEFINITION_FILE.read_text(encoding="utf-8")
    line = next(i for i, text in enumerate(original.splitlines(), 1) if "{min}" in text
                and "below_minimum" in text)  # fmt: skip
    for broken in ("{min:d}", "{min!z}", "{min", "}"):
        path = tmp_path / "definitie.yml"
        text = original.splitlines()
        text[line - 1] = text[line - 1].replace("{min}", broken)
        path.write_text("\n".join(text) + "\n", encoding="utf-8")
        with pytest.raises(quiz.DefinitionError) as caught:
            load_definition(path)
        assert [p.line for p in caught.value.problems] == [line], broken


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("title: a\x00b\n", 1),
        ("title: x\nintro: !!int nee\n", 2),
        ("title: " + "[" * 10_000 + "]" * 10_000 + "\n", 1),
        ("title: x\n" + "".join(" " * i + "a:\n" for i in range(3000)), None),
    ],
    ids=["NUL", "tag that does not fit", "10,000 brackets", "3,000 indents"],
)
def test_loader_reports_unreadable_yaml_with_a_line(
    tmp_path: Path, text: str, line: int | None
) -> None:
    path = tmp_path / "definitie.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(quiz.DefinitionError) as caught:
        load_definition(path)
    (problem,) = caught.value.problems
    assert problem.source == str(path)
    assert problem.line is not None
    if line is not None:
        assert problem.line == line


# --- (d) Booking and mailto links -----------------------------------------------------

BOOKING_CONFIGS = {
    "calcom": {"provider": "calcom", "url": "https://cal.com/x/y", "email": "info@closeforce.nl"},
    "calendly": {
        "provider": "calendly",
        "url": "https://calendly.com/x/y",
        "email": "info@closeforce.nl",
    },
    "email": {"email": "info@closeforce.nl"},
}
UTM_KEYS = quiz.UTM_KEYS
# Only what RFC 3986 allows in a URL; in a query value only unreserved characters and
# percent-escapes (every other character encoded).
URL_CHARACTERS = re.compile(r"[A-Za-z0-9\-._~%!$&'()*+,;=:@/?]*")
ENCODED = re.compile(r"(?:[A-Za-z0-9\-._~]|%[0-9A-F]{2})*")

# Text with what breaks URLs and mail headers: delimiters, line breaks, NUL, markup,
# non-ASCII, lone surrogates (JavaScript strings may carry them).
# (Drawn as lists of characters: `st.text` would merge the alphabets into one range, in
# which the few characters that matter are almost never picked.)
_characters = st.one_of(
    st.sampled_from([*"&=?#%+;/\\:@ \r\n\t\x00\"'<>`", "\u2028", "é", "🙂"]),
    st.characters(),
)
hostile_text = st.one_of(
    st.lists(_characters, max_size=60).map("".join),
    st.lists(st.one_of(_characters, st.characters(categories=["Cs"])), max_size=20).map("".join),
)
hostile_value = st.one_of(
    hostile_text,
    st.sampled_from([INJECTION, "a\r\nBcc: evil@example.com", "x&utm_source=evil", "%0A%0D"]),
    st.none(),
    st.integers(),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=2),
)
contacts = st.one_of(
    st.none(),
    st.fixed_dictionaries({}, optional={"name": hostile_value, "email": hostile_value}),
    st.fixed_dictionaries(
        {"name": hostile_text, "email": st.sampled_from(["jan@bedrijf.nl", "a+b@x.co.uk"])}
    ),
    hostile_value,
)
utms = st.one_of(
    st.fixed_dictionaries({}, optional=dict.fromkeys(UTM_KEYS, hostile_value)),
    st.dictionaries(hostile_text, hostile_text, max_size=3),  # unknown keys are dropped
    hostile_value,
)


@st.composite
def answer_sets(draw: st.DrawFn) -> object:
    """A valid example, sometimes with one answer replaced by a hostile value."""
    answers: dict[str, object] = dict(draw(st.sampled_from(list(EXAMPLES.values()))))
    if draw(st.booleans()):
        answers[draw(st.sampled_from([*QUESTION_IDS, "onbekend"]))] = draw(hostile_value)
    return answers


def _expected_text(value: object) -> str | None:
    """What a contact or utm value becomes in the link: white space collapsed."""
    if not isinstance(value, str):
        return None
    return " ".join(value.split())


@pytest.mark.parametrize("provider", list(BOOKING_CONFIGS))
@settings(
    max_examples=examples(300),
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(answers=answer_sets(), contact=contacts, utm=utms)
def test_booking_links_stay_well_formed(
    provider: str, answers: object, contact: object, utm: object
) -> None:
    config = BOOKING_CONFIGS[provider]
    result = quiz.booking_link(answers, config, contact=contact, utm=utm)
    assert set(result) == {"url", "provider", "errors"}
    url = result["url"]
    if result["errors"]:
        assert url == ""
        return
    assert URL_CHARACTERS.fullmatch(url), url
    assert not re.search(r"[\r\n ]", url)
    parts = urlsplit(url)
    assert not parts.fragment
    segments = [s.split("=", 1) for s in parts.query.split("&")]
    assert all(len(s) == 2 and ENCODED.fullmatch(s[0]) and ENCODED.fullmatch(s[1])
               for s in segments), parts.query  # fmt: skip
    params = [(unquote(k, errors="strict"), unquote(v, errors="strict")) for k, v in segments]
    assert params == parse_qsl(parts.query, keep_blank_values=True)
    # Canonical: encoding the decoded values again gives exactly the link's text.
    assert [[quote(k, safe=""), quote(v, safe="")] for k, v in params] == segments

    name = _expected_text(contact.get("name")) if isinstance(contact, dict) else None
    email = _expected_text(contact.get("email")) if isinstance(contact, dict) else None
    if provider == "email":
        assert parts.scheme == "mailto"
        assert unquote(parts.path) == config["email"]
        # No header injection: exactly a subject and a body, whatever the visitor typed.
        assert [k for k, _ in params] == ["subject", "body"]
        subject, body = (v for _, v in params)
        assert not re.search(r"[\r\n]", subject)
        if name:
            assert f"{DEFINITION.booking['name']} {name}" in body.split("\n")
        if email:
            assert f"{DEFINITION.booking['email']} {email}" in body.split("\n")
        return

    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == config["url"]
    keys = [k for k, _ in params]
    expected_utm = [
        (k, _expected_text(v)[:200])  # type: ignore[index]
        for k in UTM_KEYS
        if isinstance(utm, dict) and isinstance(v := utm.get(k), str) and v.strip()
        and _encodable(v)
    ]  # fmt: skip
    allowed = {"name", "email", *UTM_KEYS}
    allowed |= {"notes", *QUESTION_IDS} if provider == "calcom" else {f"a{i}" for i in range(1, 11)}
    assert set(keys) <= allowed, keys  # no parameter smuggled in
    assert [p for p in params if p[0].startswith("utm_")] == expected_utm
    assert dict(params).get("name") == (name or None)
    assert dict(params).get("email") == (email or None)
    multi = {q["id"] for q in QUESTIONS if q["type"] == "multi"}
    singles = [k for k in keys if k not in multi]
    assert len(singles) == len(set(singles)), keys  # one value per key (calcom: multi repeats)


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


# --- (b) and (e) In the browser: never HTML, never run --------------------------------

STORAGE_KEY = ANSWERS_KEY
HOSTILE_UTM = {
    "utm_source": INJECTION,
    "utm_medium": '"><script>window.__pwned=1</script>',
    "utm_campaign": "a\r\nBcc: evil@example.com&x=1#frag",
    "utm_term": "100% <b>vet</b>",
}
# Every image of the page loaded or failed (so an onerror handler has run), and a frame.
SETTLED = """() => Promise.all([...document.images].filter((img) => !img.complete).map(
  (img) => new Promise((done) => { img.addEventListener("load", done);
                                   img.addEventListener("error", done); }))
).then(() => new Promise((done) => requestAnimationFrame(() => setTimeout(done))))"""
# Records every element of a dangerous kind added inside the quiz, however briefly.
WATCH = """
window.__injected = [];
new MutationObserver((records) => {
  for (const record of records) {
    // The parent is asked, not the node: a node removed again at once is caught as well.
    if (!record.target.closest || !record.target.closest("[data-quiz]")) continue;
    for (const node of record.addedNodes) {
      if (node.nodeType !== 1) continue;
      for (const el of [node, ...node.querySelectorAll("*")]) {
        if (/^(img|script|iframe|object|embed|svg|style|link|meta|b)$/i.test(el.tagName)) {
          window.__injected.push(el.outerHTML.slice(0, 120));
        }
      }
    }
  }
}).observe(document, { childList: true, subtree: true });
"""


def _assert_nothing_ran(page: Any) -> None:
    page.evaluate(SETTLED)  # an <img onerror> has fired by now
    assert page.evaluate("() => window.__pwned") is None
    assert page.evaluate("() => window.__injected") == []
    assert page.locator("[data-quiz] img, [data-quiz] script").count() == 0
    # Messages are text: no element inside any error, status or result paragraph.
    assert page.locator("[data-error-for] *, [data-quiz-status] *").count() == 0


def _error_text(answers: dict[str, object], question: str) -> str:
    errors = quiz.evaluate(answers)["errors"]
    return str(next(e["message"] for e in errors if e["question"] == question))


@pytest.mark.browser
def test_hostile_form_values_contact_utm_and_stored_answers_stay_text(
    new_context: Contexts, site_server: str
) -> None:
    context = new_context()
    context.add_init_script(WATCH)
    page = context.new_page()
    query = "&".join(f"{k}={quote(v, safe='')}" for k, v in HOSTILE_UTM.items())
    page.goto(f"{site_server}zelftest/?{query}")  # the landing page: utm kept for this tab
    config = json.loads(page.get_attribute("[data-quiz]", "data-quiz-config") or "{}")
    stored = {
        "medewerkers": INJECTION,
        "branche": SCRIPT,
        "contact": [INJECTION, "demo"],
        "b2b": True,
        INJECTION: "x",
    }
    record = {"version": 1, "formHash": config["formHash"], "answers": stored}
    page.evaluate("([key, record]) => localStorage.setItem(key, JSON.stringify(record))",
                  [STORAGE_KEY, record])  # fmt: skip
    page.reload()
    page.evaluate("() => window.prospectQuiz.ready")
    visitor.show_all(page)  # every question at once, each with its error

    # Stored answers fill the form as plain values; the engine judges them.
    assert page.input_value("#cf-q-medewerkers") == INJECTION
    assert page.locator('[data-question="branche"] input:checked').count() == 0
    errors = page.locator('[data-error-for="medewerkers"]')
    errors.wait_for()
    assert errors.inner_text() == _error_text({"medewerkers": INJECTION}, "medewerkers")
    _assert_nothing_ran(page)

    # Typed into the number field, then submitted.
    page.fill("#cf-q-medewerkers", SCRIPT)
    page.dispatch_event("#cf-q-medewerkers", "change")
    page.click(".cf-quiz__form button[type=submit]")
    page.wait_for_function(
        "text => document.querySelector('[data-error-for=medewerkers]').textContent === text",
        arg=_error_text({"medewerkers": SCRIPT}, "medewerkers"),
    )
    _assert_nothing_ran(page)

    # A result, hostile contact details, and the booking link with the hostile utm values.
    page.click("[data-quiz-clear]")
    example = page.locator(".cf-quiz__example").nth(
        next(i for i, e in enumerate(DEFINITION.examples) if e.expected == "prospect")
    )
    answers = json.loads(example.get_attribute("data-quiz-example") or "{}")
    example.click()
    page.wait_for_selector('[data-quiz-result]:not([hidden]) [data-outcome="prospect"]')
    page.fill("#cf-contact-name", f"{INJECTION}\r\nBcc: evil@example.com")
    name = page.input_value("#cf-contact-name")  # a text field drops the line break
    expected = quiz.booking_link(
        answers, config["booking"], contact={"name": name, "email": ""}, utm=HOSTILE_UTM
    )["url"]
    page.wait_for_function(
        "url => document.querySelector('[data-quiz-book]').href === url", arg=expected
    )
    assert URL_CHARACTERS.fullmatch(expected)
    assert [k for k, _ in parse_qsl(urlsplit(expected).query)] == ["subject", "body"]
    # Only the tags result.mjs builds itself: hostile text never becomes an element.
    built_tags = (
        "h2, h3, p, ul, li, strong, span, div, a, label, input, section, header, dl, dt, dd,"
        " button, textarea"
    )
    assert page.locator(f"[data-quiz-result] *:not({built_tags})").count() == 0
    _assert_nothing_ran(page)

    # The page's API: nesting that would crash Pyodide, lone surrogates, a megabyte.
    for hostile in (
        "(() => { let v = 'x'; for (let i = 0; i < 10000; i++) v = [v]; return {contact: v}; })()",
        "(() => { let v = {}; for (let i = 0; i < 10000; i++) v = {a: v}; return v; })()",
        "({'\\ud800': '\\udfff', medewerkers: '\\ud800'})",
        "({medewerkers: '9'.repeat(1000000), branche: 'x'.repeat(1000000)})",
    ):
        result = page.evaluate(f"() => window.prospectQuiz.evaluate({hostile})")
        assert result["outcome"] is None, hostile
        assert result["errors"], hostile
    # ... and Python still answers afterwards.
    again = page.evaluate("a => window.prospectQuiz.evaluate(a)", PROSPECT)
    assert again == quiz.evaluate(PROSPECT)


def _corrupt_records(form_hash: str) -> dict[str, str]:
    """Stored texts that must be discarded (with a notice), as localStorage holds them."""
    good = {"medewerkers": "12", "b2b": True}
    records: dict[str, object] = {
        "formHash is markup": {"version": 1, "formHash": INJECTION, "answers": good},
        "version as text": {"version": "1", "formHash": form_hash, "answers": good},
        "answers are markup": {"version": 1, "formHash": form_hash, "answers": INJECTION},
        "answers are a list": {"version": 1, "formHash": form_hash, "answers": [good]},
        "answers are null": {"version": 1, "formHash": form_hash, "answers": None},
        "a record under __proto__": {
            "__proto__": {"version": 1, "formHash": form_hash, "answers": good}
        },
        "a megabyte of text": "x" * MEGABYTE,
        "a list": [INJECTION],
        "nothing": None,
    }
    texts = {name: json.dumps(value) for name, value in records.items()}
    texts["markup, not JSON"] = INJECTION
    texts["10,000 nested lists"] = "[" * 10_000 + "]" * 10_000
    texts["cut off"] = json.dumps(records["version as text"])[:40]
    return texts


@pytest.mark.browser
def test_corrupt_or_hostile_stored_answers_are_discarded_with_a_notice(
    new_context: Contexts, site_server: str
) -> None:
    context = new_context()
    context.add_init_script(WATCH)
    # Python is not needed to discard: no worker, no Pyodide boot for every reload.
    context.route("**/assets/quiz/worker.mjs", lambda route: route.abort())
    page = context.new_page()
    page.goto(site_server + "zelftest/")
    config = json.loads(page.get_attribute("[data-quiz]", "data-quiz-config") or "{}")
    kept: list[str] = []
    for name, text in _corrupt_records(config["formHash"]).items():
        page.evaluate("([key, text]) => localStorage.setItem(key, text)", [STORAGE_KEY, text])
        page.reload()
        status = page.inner_text("[data-quiz-status]")
        if (
            "oudere versie" not in status
            or page.evaluate("key => localStorage.getItem(key)", STORAGE_KEY) is not None
            or page.input_value("#cf-q-medewerkers") != ""
            or page.locator("[data-quiz] input:checked").count() != 0
        ):
            kept.append(name)
        _assert_nothing_ran(page)
    assert kept == []

    # Without Python the fallback e-mail carries what was typed, percent-encoded.
    page.fill("#cf-q-medewerkers", INJECTION)
    link = page.wait_for_selector("[data-quiz-fallback]")
    assert link is not None
    link.focus()
    href = link.get_attribute("href") or ""
    assert URL_CHARACTERS.fullmatch(href), href
    assert [k for k, _ in parse_qsl(urlsplit(href).query)] == ["subject", "body"]
    assert INJECTION in dict(parse_qsl(urlsplit(href).query))["body"]
    _assert_nothing_ran(page)
