"""The shapes of what the runtime answers the page, as the page receives them (JSON).

`evaluate` gives a `Result`, `booking_link` a `BookingLink`, `shared_answers` a
`SharedAnswers`; `quiz.browser.handle` sends them as JSON text. (Inside the package the
engine builds them as plain dicts; the public functions give them these types.) The page's
side of the same contract is `overrides/assets/quiz/protocol.mjs` (JSDoc typedefs): change
both together.
"""

from __future__ import annotations

from typing import NotRequired, TypedDict

from ._model import Answer


class Error(TypedDict):
    """A problem with the answers (`question` names the question) or the request (None)."""

    question: str | None
    message: str


class Verdict(TypedDict):
    """One criterion: met or not, and why; in a partial result None while still open."""

    met: bool | None
    reason: str | None
    asked: bool  # False when it is not met because its question was not asked


class Link(TypedDict):
    label: str
    url: str


class NextStep(TypedDict):
    kind: str  # "booking" or "articles"
    title: str
    text: str
    action: str
    links: list[Link]
    booking: str  # the label of a second button to book, beside the articles ("" if none)


class Improvement(TypedDict):
    """One change of one answer that gives a better outcome, and the sentence that says so."""

    question: str
    answer: Answer
    outcome: str
    text: str  # "Als er budget is vrijgemaakt, ben je een prospect."


class Change(TypedDict):
    question: str
    answer: Answer


class Combination(TypedDict):
    """Two or three changes together, when no single change gives a better outcome."""

    changes: list[Change]
    outcome: str
    text: str  # "Als er budget is vrijgemaakt én je een offerte aanvraagt, ben je een prospect."


class Result(TypedDict):
    outcome: str | None
    best: bool  # the outcome is the definition's first (best) one: nothing to improve
    criteria: dict[str, Verdict]
    next_step: NextStep | None
    errors: list[Error]
    improvements: list[Improvement]
    combinations: list[Combination]  # always empty in a partial result
    asked: NotRequired[list[str]]  # partial results only: the questions (still) asked


class BookingLink(TypedDict):
    url: str
    provider: str
    errors: list[Error]


class SharedAnswers(TypedDict):
    """A shared link's answers: the ones to put into the form, or why there are none."""

    answers: dict[str, object]
    errors: list[Error]
