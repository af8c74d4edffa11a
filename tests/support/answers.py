"""Answer sets: which ones a visitor could give in the form, and giving them like one.

The form (overrides/partials/quiz-form.html, read by the page's JavaScript) sends only
the questions a visitor answered: a ticked radio button as its value (`true`/`false` for
yes/no questions), the ticked boxes of a multiple-choice question when at least one is
ticked, and the trimmed text of a number field when it is not empty. So a visitor can
leave any question out, but can never send an empty list, an empty or untrimmed text, a
fraction as a JSON number, a box marked exclusive together with another, or a key the form
does not have.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

from playwright.sync_api import Page

Question = dict[str, Any]
Step = Callable[[Page], None]


def fillable(answers: object, questions: list[Question]) -> bool:
    """Whether a visitor can give exactly these answers by clicking and typing."""
    if not isinstance(answers, dict):
        return False
    by_id = {q["id"]: q for q in questions}
    for key, value in answers.items():
        question = by_id.get(key)
        if question is None:
            return False
        kind = question["type"]
        options = {o["value"] for o in question.get("options", [])}
        if kind == "boolean":
            ok = isinstance(value, bool)
        elif kind == "single":
            ok = isinstance(value, str) and value in options
        elif kind == "multi":
            # A box marked exclusive unticks the others, so it is only ever ticked alone.
            alone = {o["value"] for o in question["options"] if o.get("exclusive")}
            ok = (
                isinstance(value, list)
                and bool(value)
                and all(isinstance(v, str) and v in options for v in value)
                and len(set(value)) == len(value)
                and (len(value) == 1 or not alone.intersection(value))
            )
        else:  # number: typed as text; the page trims it and drops an empty field
            ok = (isinstance(value, int) and not isinstance(value, bool)) or (
                isinstance(value, str) and value != "" and value == value.strip()
            )
        if not ok:
            return False
    return True


def steps(answers: dict[str, Any], questions: list[Question]) -> list[Step]:
    """The visitor's actions, one per field touched, that bring the form from any state
    to exactly `answers` (a question left out is cleared)."""
    return [step for q in questions for step in _question_steps(q, answers.get(q["id"]))]


def fill(page: Page, answers: dict[str, Any], questions: list[Question]) -> None:
    """Answer like a visitor: click the choices, type the numbers.

    The page's stepper shows one question at a time; this answers in the long form
    ("Toon alle vragen"). A question the engine does not ask (`ask_when`) is hidden there
    and left alone: a visitor cannot answer it, and an answer to it would not count.
    """
    show_all(page)
    for step in asked_steps(page, answers, questions):
        step(page)


def asked_steps(page: Page, answers: dict[str, Any], questions: list[Question]) -> Iterator[Step]:
    """`steps` in the long form, but only for the questions the page shows when their turn
    comes (it hides those the engine does not ask, `ask_when`): a visitor can answer
    nothing else. Take each step before asking for the next."""
    for question in questions:
        settle(page)
        if page.locator(f'[data-question="{question["id"]}"]').is_hidden():
            continue
        yield from _question_steps(question, answers.get(question["id"]))


def through_stepper(
    page: Page, answers: dict[str, Any], questions: list[Question]
) -> Iterator[Step]:
    """The visitor's way through the stepper: one step per question it puts on screen,
    which answers that question and goes on ("Volgende", on the last one the submit
    button). `answers` must answer every question the stepper asks. Take each step before
    asking for the next; the steps end when the stepper shows the result."""
    by_id = {q["id"]: q for q in questions}
    while True:
        settle(page)
        current = page.get_attribute("[data-quiz]", "data-quiz-step")
        if current not in by_id:  # "result" (or the long form: nothing to step through)
            return
        question = by_id[current]

        def answer(page: Page, question: Question = question) -> None:
            for step in _question_steps(question, answers.get(question["id"])):
                step(page)
            page.click("[data-quiz] button[type=submit]")

        yield answer
        # While Python loads, "Volgende" waits for it (a cold visit on a slow link).
        page.wait_for_selector(
            f'[data-quiz]:not([data-quiz-step="{current}"])', state="attached", timeout=120_000
        )


def show_all(page: Page) -> None:
    """Switch the stepper to the long form, if the page shows the stepper."""
    toggle = page.locator('[data-quiz-mode="step"]')
    if toggle.count() and toggle.is_visible():
        toggle.click()
        page.wait_for_selector('[data-quiz-mode="all"]')


def settle(page: Page) -> None:
    """Wait until the page has Python's answer to the answers as they are now (which
    questions are asked); the page marks the form busy while it waits."""
    page.wait_for_selector("[data-quiz]:not([data-quiz-busy])", state="attached")


def generated_answers(rng: random.Random, questions: list[Question]) -> object:
    """Valid answer sets (55%), nearly valid ones and plain wrong ones."""
    answers: dict[str, object] = {}
    for question in questions:
        values = [o["value"] for o in question.get("options", [])]
        kind = question["type"]
        if kind == "boolean":
            answers[question["id"]] = rng.random() < 0.8
        elif kind == "single":
            answers[question["id"]] = rng.choice(values)
        elif kind == "multi":
            answers[question["id"]] = rng.sample(values, rng.randint(1, 3))
        else:
            answers[question["id"]] = rng.choice([1, 4, 5, 6, 30, 250, "12", "1.000", "2,5"])
    roll = rng.random()
    if roll < 0.55:
        return answers
    key = rng.choice(list(answers))
    wrong: list[object] = [None, "", "veel", 0, -3, 2_000_000, True, [], ["x"], {"a": 1},
                           "<script>alert(1)</script>", "1e3", 3.5, "x" * 300]  # fmt: skip
    if roll < 0.9:
        answers[key] = rng.choice(wrong)
    elif roll < 0.95:
        answers["onbekend"] = "waarde"
    else:
        return rng.choice([[], "antwoorden", 42, None])
    return answers


# --- Helper functions -----------------------------------------------------------------


def _question_steps(question: Question, value: Any) -> list[Step]:
    item = f'[data-question="{question["id"]}"]'
    kind = question["type"]
    if kind == "number":
        return [partial(_type_number, selector=f"{item} input", value=value)]
    if kind == "multi":
        # One step per ticked box; the first also unticks the boxes not chosen.
        chosen = list(value or [])
        boxes = {o["value"]: f'{item} input[value="{o["value"]}"]' for o in question["options"]}
        rest = [box for option, box in boxes.items() if option not in chosen]
        out: list[Step] = []
        for index, option in enumerate(chosen or [None]):
            on = [] if option is None else [boxes[option]]
            off = rest if index == 0 else []
            out.append(partial(_tick, on=on, off=off))
        return out
    if value is None:
        return [partial(_none_ticked, selector=f"{item} input")]
    shown = str(value).lower() if isinstance(value, bool) else value
    return [partial(_tick, on=[f'{item} input[value="{shown}"]'], off=[])]


def _type_number(page: Page, selector: str, value: object) -> None:
    field = page.locator(selector)
    field.fill("")
    if value is not None:
        field.press_sequentially(str(value))
        field.dispatch_event("change")


def _tick(page: Page, on: list[str], off: list[str]) -> None:
    for selector, wanted in [*((s, False) for s in off), *((s, True) for s in on)]:
        box = page.locator(selector)
        if box.is_checked() != wanted:
            box.click()


def _none_ticked(page: Page, selector: str) -> None:
    # Radio buttons cannot be unticked by a click; only a cleared form has none ticked.
    if page.locator(f"{selector}:checked").count():
        raise ValueError(f"{selector}: a visitor cannot untick a radio button")
