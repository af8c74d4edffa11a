"""The shared helpers of tests/support/ that decide what a test checks: the `_headers`
rules, the static host, and which answers a visitor could give in the form."""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

import quiz
from tests.support.answers import fillable
from tests.support.server import DEFAULT_CACHE_CONTROL, HeaderRules, serve

HEADERS = """\
# a comment
/*
  X-Frame-Options: DENY
  Link: </a.css>; rel=preload
/assets/:hash/*
  Cache-Control: immutable
/exact
  Link: </b.css>; rel=preload
"""


def test_header_rules_match_like_netlify() -> None:
    rules = HeaderRules.parse(HEADERS)
    assert rules.headers_for("/") == {"X-Frame-Options": "DENY", "Link": "</a.css>; rel=preload"}
    assert rules.headers_for("/assets/abc/deep/file.js")["Cache-Control"] == "immutable"
    assert "Cache-Control" not in rules.headers_for("/assets/file.js")  # :hash is a segment
    assert "Cache-Control" not in rules.headers_for("/x/assets/abc/file.js")  # anchored
    assert rules.headers_for("/exact")["Link"] == "</a.css>; rel=preload, </b.css>; rel=preload"
    assert rules.headers_for("/exact/")["Link"] == "</a.css>; rel=preload"


@pytest.mark.parametrize("text", ["  X-A: b\n", "/*\n  no colon\n", "/*\n  X-A:\n"])
def test_header_rules_reject_what_a_host_would_not_read(text: str) -> None:
    with pytest.raises(ValueError, match="_headers:"):
        HeaderRules.parse(text)


def _get(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_static_server_behaves_like_a_host(tmp_path: Path) -> None:
    (tmp_path / "page").mkdir()
    (tmp_path / "page" / "index.html").write_text("<p>pagina</p>", encoding="utf-8")
    (tmp_path / "404.html").write_text("<p>weg</p>", encoding="utf-8")
    (tmp_path / "app.mjs").write_text("export {};", encoding="utf-8")
    (tmp_path / "_headers").write_text(
        "/*\n  Content-Security-Policy: default-src 'self'\n", encoding="utf-8"
    )
    with serve(tmp_path, report_path="/report") as served:
        status, headers, body = _get(served.base + "page/")
        assert (status, body) == (200, b"<p>pagina</p>")
        assert headers["Content-Security-Policy"] == "default-src 'self'; report-uri /report"
        assert headers["Cache-Control"] == DEFAULT_CACHE_CONTROL
        assert _get(served.base + "page/", **{"If-None-Match": headers["ETag"]})[0] == 304
        assert _get(served.base + "app.mjs")[1]["Content-Type"].startswith("text/javascript")
        assert _get(served.base + "nergens")[::2] == (404, b"<p>weg</p>")
        report = urllib.request.Request(served.base + "report", data=b"{}", method="POST")
        with urllib.request.urlopen(report, timeout=10) as response:
            assert response.status == 204
        assert served.posts == [b"{}"]


QUESTIONS: list[dict[str, Any]] = [
    {"id": "b2b", "type": "boolean"},
    {"id": "branche", "type": "single", "options": [{"value": "it"}, {"value": "bouw"}]},
    {
        "id": "kanalen",
        "type": "multi",
        "options": [{"value": "mail"}, {"value": "bel"}, {"value": "geen", "exclusive": True}],
    },
    {"id": "medewerkers", "type": "number"},
]


@pytest.mark.parametrize(
    "answers",
    [
        {},  # nothing answered yet
        {"b2b": False, "medewerkers": 12},  # questions left out
        {"b2b": True, "branche": "it", "kanalen": ["bel", "mail"], "medewerkers": "1.000"},
        {"kanalen": ["geen"]},  # an exclusive box alone
    ],
)
def test_a_visitor_can_give_answers_with_questions_left_out(answers: object) -> None:
    assert fillable(answers, QUESTIONS)


@pytest.mark.parametrize(
    "answers",
    [
        [],
        {"onbekend": 1},
        {"b2b": "true"},
        {"branche": "zorg"},
        {"kanalen": []},  # the form leaves an empty choice out
        {"kanalen": ["mail", "mail"]},
        {"kanalen": ["mail", "geen"]},  # ticking one unticks the other
        {"medewerkers": ""},  # ... and an empty field
        {"medewerkers": " 12 "},  # the page trims what was typed
        {"medewerkers": 2.5},  # typed, it would arrive as the text "2.5"
        {"medewerkers": True},
    ],
)
def test_answers_the_form_cannot_send_are_not_fillable(answers: object) -> None:
    assert not fillable(answers, QUESTIONS)


def test_the_questions_have_only_the_kinds_fillable_knows() -> None:
    kinds = {q["type"] for q in quiz.questions()["questions"]}
    assert kinds <= {"boolean", "single", "multi", "number"}
