"""The words of a result: improvement sentences from the definition, and the optional
booking action beside articles, with file:line errors when a marketer gets them wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

import quiz
from quiz import DefinitionError
from quiz_build import load_definition
from tests.support.cases import DEFINITION_FILE, load_cases, one_sentence_problem


def broken(tmp_path: Path, old: str, new: str) -> tuple[Path, int]:
    """A copy of the real definition with `old` (once) replaced; the changed line."""
    text = DEFINITION_FILE.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"the definition changed; {old!r} not found once"
    path = tmp_path / "definitie.yml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path, text[: text.index(old)].count("\n") + 1


def reported(path: Path, line: int) -> str:
    with pytest.raises(DefinitionError) as caught:
        load_definition(path)
    message = str(caught.value)
    assert f"{path}:{line}:" in message, message
    return message


def test_the_sentence_comes_from_the_definition() -> None:
    change = {"question": "budget", "answer": "vastgesteld", "outcome": "prospect"}
    assert quiz.improvement_text(change) == "Als er budget is vrijgemaakt, ben je een prospect."
    number = {"question": "medewerkers", "answer": 5, "outcome": "lead"}
    assert quiz.improvement_text(number) == "Als je bedrijf 5 medewerkers heeft, ben je een lead."
    added = {"question": "contact", "answer": ["nieuwsbrief", "demo"], "outcome": "prospect"}
    assert quiz.improvement_text(added) == "Als je een demo aanvraagt, ben je een prospect."
    yes = {"question": "b2b", "answer": True, "outcome": "lead"}
    assert quiz.improvement_text(yes).startswith("Als je bedrijf aan andere bedrijven verkoopt,")


def test_without_words_the_sentence_is_neutral(tmp_path: Path) -> None:
    path, _ = broken(tmp_path, "        if_chosen: er budget is vrijgemaakt\n", "")
    definition = load_definition(path)
    change = {"question": "budget", "answer": "vastgesteld", "outcome": "prospect"}
    assert quiz.improvement_text(change, definition) == (
        "Als je bij \u2018Is er budget voor acquisitie of afsprakenplanning\u2019 "
        "\u2018Ja, er is budget vrijgemaakt\u2019 kiest, ben je een prospect."
    )


def test_every_improvement_of_the_case_table_carries_its_sentence() -> None:
    """The page shows `text` as it is: the sentence `improvement_text` gives, one sentence."""
    seen = 0
    for case in load_cases():
        for partial in (False, True):
            for change in quiz.evaluate(case["answers"], partial=partial)["improvements"]:
                assert change["text"] == quiz.improvement_text(change), case["name"]
                assert one_sentence_problem(change["text"]) is None, case["name"]
                seen += 1
    assert seen >= 5, "the table should have improvements to check"


def test_every_outcome_offers_a_way_to_get_in_touch() -> None:
    for outcome in quiz.default_definition().outcomes:
        step = outcome.next_step
        assert (step.action if step.kind == "booking" else step.booking).strip(), outcome.id
    result = quiz.evaluate(quiz.default_definition().examples[3].answers)
    assert result["next_step"] is not None
    assert result["next_step"]["booking"] == "Plan toch een gesprek"


def test_booking_beside_a_booking_step_is_an_error(tmp_path: Path) -> None:
    path, line = broken(
        tmp_path,
        "      action: Plan een afspraak\n",
        "      action: Plan een afspraak\n      booking: Bel ons\n",
    )
    assert "hoort bij 'kind: articles'" in reported(path, line + 1)


def test_a_booking_that_is_not_text_is_an_error(tmp_path: Path) -> None:
    path, line = broken(tmp_path, "      booking: Plan toch een gesprek\n", "      booking: [ja]\n")
    assert "'booking' van de volgende stap moet een (niet-lege) tekst zijn" in reported(path, line)


def test_if_answer_needs_its_placeholder(tmp_path: Path) -> None:
    path, line = broken(
        tmp_path,
        "    if_answer: je bedrijf {answer} medewerkers heeft\n",
        "    if_answer: je bedrijf {aantal} medewerkers heeft\n",
    )
    assert "{answer}" in reported(path, line)


def test_if_yes_belongs_to_a_yes_no_question(tmp_path: Path) -> None:
    path, line = broken(
        tmp_path,
        "    if_answer: je bedrijf {answer} medewerkers heeft\n",
        "    if_yes: je bedrijf groot is\n",
    )
    assert "hoort alleen bij een vraag van type boolean" in reported(path, line)


@pytest.mark.parametrize("exclusive", [True, False], ids=["beside-exclusive", "plain"])
def test_without_words_a_multi_sentence_says_ook_only_when_the_choice_is_added(
    tmp_path: Path, exclusive: bool
) -> None:
    """With an exclusive option ("Nog niets hiervan") the change may replace it: no "ook"."""
    path, _ = broken(tmp_path, "        if_chosen: je een demo aanvraagt\n", "")
    if not exclusive:
        text = path.read_text(encoding="utf-8").replace("        exclusive: true\n", "", 1)
        path.write_text(text, encoding="utf-8")
    definition = load_definition(path)
    change = {"question": "contact", "answer": ["demo"], "outcome": "prospect"}
    question = definition.question("contact")
    assert question is not None
    label = question.label.rstrip("?")
    also = "" if exclusive else "ook "
    assert quiz.improvement_text(change, definition) == (
        f"Als je bij \u2018{label}\u2019 {also}\u2018Ik wil een demo of heb die aangevraagd\u2019 "
        "kiest, ben je een prospect."
    )
