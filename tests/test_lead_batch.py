"""The lead list's batch entry against the self-assessment's own `quiz.evaluate(...,
partial=True)`, row by row, over generated lists; the questions it says to ask; the same
through `quiz.browser` in chunks; and how cells are read as answers.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import quiz
import quiz.browser
import quiz.leads_browser
from quiz._model import Question
from quiz.leads import Judge, cell_answer, parse_mapping, propose_columns, write_csv
from tests.support import examples
from tests.support.rules import BY_ID, DEFINITION, QUESTIONS, valid_answer

SOME = settings(max_examples=examples(200), deadline=None)


def _cells(question: dict[str, Any]) -> st.SearchStrategy[str]:
    """Cell texts for a question's column, as lists hold them: good, odd and unreadable."""
    blank = st.sampled_from(["", "  "])
    if question["type"] == "boolean":
        return st.one_of(blank, st.sampled_from(["ja", "Nee", "WAAR", "onwaar", "1", "0", "x",
                                                 " JA ", "misschien", "yes"]))  # fmt: skip
    if question["type"] == "number":
        numbers = st.integers(-5, 2_000_000).map(
            lambda n: st.sampled_from([str(n), f"{n:,}".replace(",", ".")])
        )
        return st.one_of(
            blank,
            numbers.flatmap(lambda s: s),
            st.sampled_from(["2,5", "4,5", "5", "1.250", "1.000,5", "veel", "25 medewerkers"]),
        )
    names = [o["value"] for o in question["options"]]
    names += [o["label"] for o in question["options"]]
    names += [o["label"].upper() for o in question["options"]]
    one = st.sampled_from([*names, "Horeca", "weet niet"])
    if question["type"] == "single":
        return st.one_of(blank, one)
    return st.one_of(
        blank,
        st.lists(one, min_size=1, max_size=3).flatmap(
            lambda parts: st.sampled_from([", ".join(parts), "; ".join(parts), "\n".join(parts)])
        ),
    )


@st.composite
def lead_lists(draw: st.DrawFn) -> tuple[list[str], list[tuple[str, ...]], dict[str, Any]]:
    """A list with a name column and a column per chosen question, and its mapping."""
    chosen = draw(st.lists(st.sampled_from([q["id"] for q in QUESTIONS]), unique=True))
    headers = ["Naam", *(f"Kolom {qid}" for qid in chosen)]
    rows = draw(
        st.lists(
            st.tuples(st.just("Lead"), *(_cells(BY_ID[qid]) for qid in chosen)),
            min_size=1,
            max_size=25,
        )
    )
    mapping = {"columns": {qid: f"Kolom {qid}" for qid in chosen}}
    return headers, [tuple(row) for row in rows], mapping


def _question(question_id: str) -> Question:
    question = DEFINITION.question(question_id)
    assert question is not None
    return question


def _expected(headers: list[str], row: tuple[str, ...], mapping: dict[str, Any]) -> dict[str, Any]:
    """What the row must get: every readable cell as an answer, minus those the engine
    refuses, judged by `quiz.evaluate(..., partial=True)`."""
    answers: dict[str, Any] = {}
    unreadable: set[str] = set()
    for question_id, header in mapping["columns"].items():
        answer, problem = cell_answer(_question(question_id), row[headers.index(header)])
        if problem is not None:
            unreadable.add(question_id)
        elif answer is not None:
            answers[question_id] = answer
    refused = {e["question"] for e in quiz.evaluate(answers, partial=True)["errors"]}
    kept = {key: value for key, value in answers.items() if key not in refused}
    result = quiz.evaluate(kept, partial=True)
    assert result["errors"] == []
    return {**result, "problems": unreadable | refused, "answered": set(kept)}


@SOME
@given(lead_lists())
def test_every_row_gets_what_evaluate_gives_its_readable_answers(
    lead_list: tuple[list[str], list[tuple[str, ...]], dict[str, Any]],
) -> None:
    headers, rows, mapping = lead_list
    judge = Judge(DEFINITION, headers, parse_mapping(DEFINITION, headers, mapping))
    for row in rows:
        got = judge.row(row)
        expected = _expected(headers, row, mapping)
        assert got["outcome"] == expected["outcome"]
        assert got["criteria"] == expected["criteria"]
        assert got["asked"] == expected["asked"]
        assert {e["question"] for e in got["errors"]} == expected["problems"]
        for error in got["errors"]:
            assert error["column"] == mapping["columns"][error["question"]]
            assert error["message"].strip()
        if got["outcome"] is None:
            assert got["ask"], "an open row names what to ask"
            assert set(got["ask"]) <= set(got["asked"]) - expected["answered"]
        else:
            assert got["ask"] == []


@SOME
@given(lead_lists(), st.data())
def test_answering_the_questions_to_ask_decides_the_outcome(
    lead_list: tuple[list[str], list[tuple[str, ...]], dict[str, Any]], data: st.DataObject
) -> None:
    headers, rows, mapping = lead_list
    judge = Judge(DEFINITION, headers, parse_mapping(DEFINITION, headers, mapping))
    for row in rows:
        got = judge.row(row)
        if got["outcome"] is not None:
            continue
        answers, _, _ = judge.answers(row)
        filled = {qid: data.draw(valid_answer(BY_ID[qid]), label=qid) for qid in got["ask"]}
        result = quiz.evaluate({**answers, **filled}, partial=True)
        assert result["errors"] == []
        assert result["outcome"] is not None, (answers, filled)


@SOME
@given(lead_lists(), st.integers(1, 30))
def test_the_browser_entry_judges_the_file_in_chunks_as_the_judge_does(
    lead_list: tuple[list[str], list[tuple[str, ...]], dict[str, Any]], chunk: int
) -> None:
    headers, rows, mapping = lead_list
    data = write_csv(headers, [list(r) for r in rows], separator=";", encoding="cp1252")
    opened = json.loads(quiz.leads_browser.open_list("leads.csv", data))
    assert opened["errors"] == []
    assert opened["rows"] == len(rows)
    judge = Judge(DEFINITION, headers, parse_mapping(DEFINITION, headers, mapping))
    request: dict[str, Any] = {"mapping": mapping, "count": chunk}
    replies = []
    while True:
        reply = json.loads(quiz.browser.handle("leads", json.dumps(request)))
        assert reply["errors"] == []
        replies.append(reply)
        request = {"count": chunk}
        if reply["done"] == reply["total"]:
            break
    got = [row for reply in replies for row in reply["rows"]]
    assert len(replies) == -(-len(rows) // chunk)  # one message per chunk
    for row, judged in zip(rows, got, strict=True):
        # write_csv makes cells safe; these hold nothing a spreadsheet would run
        assert tuple(judged["cells"]) == row  # nothing here that write_csv neutralises
        expected = judge.row(row)
        assert {k: judged[k] for k in expected} == json.loads(json.dumps(expected))
    summary = replies[-1]["summary"]
    assert summary["rows"] == len(rows)
    assert sum(summary["outcomes"].values()) == len(rows)
    assert summary["outcomes"]["open"] == sum(1 for r in got if r["outcome"] is None)


def test_cells_read_as_the_self_assessment_reads_answers() -> None:
    question = _question
    assert cell_answer(question("medewerkers"), "1.250") == (1250, None)
    assert cell_answer(question("medewerkers"), "2,5") == (2.5, None)
    assert cell_answer(question("medewerkers"), " 18 ") == (18, None)
    assert cell_answer(question("medewerkers"), "0")[1] == (
        "0 is minder dan het minimum van 1 medewerkers."
    )
    assert cell_answer(question("medewerkers"), "veel")[1] == "'veel' is geen getal."
    assert cell_answer(question("b2b"), "Ja") == (True, None)
    assert cell_answer(question("b2b"), "ONWAAR") == (False, None)
    assert cell_answer(question("b2b"), "soms")[1] == "'soms' is geen ja of nee."
    assert cell_answer(question("branche"), "it en SOFTWARE") == ("it-software", None)
    assert cell_answer(question("branche"), "it_software") == ("it-software", None)
    assert cell_answer(question("branche"), "") == (None, None)
    assert cell_answer(
        question("contact"), "offerte; Ik heb een intakegesprek gehad of gepland"
    ) == (
        ["offerte", "intake"],
        None,
    )
    assert cell_answer(question("contact"), "offerte, telefoon")[1] == (
        "'telefoon' is geen van de keuzes bij deze vraag."
    )


def test_a_header_equal_to_a_question_id_or_label_maps_to_it() -> None:
    headers = ["E-mail", "B2B", "In welke branche is jouw bedrijf actief?", "functie", "Notitie"]
    proposal = propose_columns(DEFINITION, headers)
    assert proposal["b2b"] == "B2B"
    assert proposal["branche"] == "In welke branche is jouw bedrijf actief?"
    assert proposal["functie"] == "functie"
    assert proposal["budget"] is None


def test_the_definitions_columns_and_values_names_are_proposed_and_read() -> None:
    headers = ["Bedrijf", "Sector", "Aantal medewerkers", "Functietitel", "Planning", "FTE"]
    proposal = propose_columns(DEFINITION, headers)
    assert proposal["branche"] == "Sector"
    assert proposal["medewerkers"] == "Aantal medewerkers"  # the first of its names
    assert proposal["functie"] == "Functietitel"
    assert proposal["behoefte"] == "Planning"
    assert cell_answer(_question("branche"), "ict") == ("it-software", None)
    assert cell_answer(_question("functie"), "DGA") == ("eigenaar", None)
    assert cell_answer(_question("contact"), "Offerteaanvraag, e-book") == (
        ["offerte", "whitepaper"],
        None,
    )


def test_the_browser_entry_refuses_what_does_not_fit_and_keeps_the_open_list() -> None:
    good = write_csv(["Sector"], [["IT"], ["Horeca"]], separator=";", encoding="cp1252")
    # No sheet chosen arrives from JavaScript as Pyodide's `jsnull`, not as None.
    opened = json.loads(quiz.leads_browser.open_list("a.csv", good, object()))
    assert opened["proposal"]["columns"]["branche"] == "Sector"
    bad = json.loads(quiz.leads_browser.open_list("b.csv", b"Sector\n"))
    assert bad["errors"][0]["message"].startswith("Het bestand heeft alleen een kopregel")
    values = {"question": "branche", "column": "Sector", "values": {"horeca": "overig"}}
    reply = json.loads(quiz.browser.handle("leads-values", json.dumps(values)))
    assert [v["answer"] for v in reply["values"]] == ["it-software", "overig"]
    wrong = {**values, "values": {"horeca": "bestaat-niet"}}
    reply = json.loads(quiz.browser.handle("leads-values", json.dumps(wrong)))
    assert "past niet bij 'branche'" in reply["errors"][0]["message"]
    for kind, text in [("leads", "{"), ("leads", "[]"), ("leads", '{"count": "veel"}'),
                       ("leads", '{"mapping": {"columns": {"x": "Sector"}}}'),
                       ("leads-onbekend", "{}")]:  # fmt: skip
        assert json.loads(quiz.browser.handle(kind, text))["errors"], (kind, text)
    assert quiz.leads_browser.export_list(excel=True) == b""  # not judged yet
