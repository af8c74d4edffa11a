"""The definition of the self-assessment as frozen dataclasses.

Built by `quiz._validate` from the marketer's file; read by the engine. Standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

QuestionType = Literal["single", "multi", "number", "boolean"]
QUESTION_TYPES: tuple[QuestionType, ...] = ("single", "multi", "number", "boolean")
NextStepKind = Literal["booking", "articles"]
NEXT_STEP_KINDS: tuple[NextStepKind, ...] = ("booking", "articles")

# The keys the definition file may use in each of its parts, each with whether it is
# required. The validator rejects any other key; quiz_build's JSON Schema is made from these.
FILE_KEYS: dict[str, dict[str, bool]] = {
    "definition": {
        "title": True,
        "intro": False,
        "questions": True,
        "criteria": True,
        "outcomes": True,
        "examples": False,
        "messages": True,
        "booking": True,
    },
    "question": {
        "id": True,
        "type": True,
        "label": True,
        "help": False,
        "required": False,
        "options": False,  # required for single and multi, not allowed for the others
        "min": False,  # min, max and unit: number questions only
        "max": False,
        "unit": False,
        "integer": False,  # number questions: only whole numbers (a count, such as staff)
        "ask_when": False,
        # What would change the result, as the visitor reads it (see quiz/_texts.py):
        "if_yes": False,  # boolean questions
        "if_no": False,
        "if_answer": False,  # number questions, with {answer}
        # The lead list (/leadlijst/): other names a column with this question's answers has.
        "columns": False,
    },
    # `exclusive` (multi only): chosen alone, never together with another option.
    # `values`: other ways a lead list writes this option ("IT", "ICT" for it-software).
    "option": {
        "value": True,
        "label": True,
        "if_chosen": False,
        "exclusive": False,
        "values": False,
    },
    "criterion": {"id": True, "label": True, "reason_met": True, "conditions": True},
    # Plus the test that fits the question's type (CONDITION_TESTS); or `any` with a list of
    # conditions. Conditions under `ask_when` have no `reason_not_met`. `reason_not_met` (and
    # a criterion's `reason_met`) may be a text per option of a choice question, and
    # `reason_not_asked` is what the visitor reads when the question was not asked.
    "condition": {"question": True, "reason_not_met": True, "reason_not_asked": False},
    "outcome": {
        "id": True,
        "label": True,
        "summary": True,
        "requires": True,
        "next_step": True,
        "then": False,
    },
    "next_step": {
        "kind": True,
        "title": True,
        "text": True,
        "action": False,
        "links": False,
        "booking": False,  # a second action (a booking button) beside the articles
    },
    "link": {"label": True, "url": True},
    "example": {"id": True, "label": True, "description": False, "answers": True, "expected": True},
}
# The tests a condition may use, by the type of the question it tests (at least one).
CONDITION_TESTS: dict[QuestionType, tuple[str, ...]] = {
    "single": ("one_of",),
    "multi": ("includes_any",),
    "boolean": ("equals",),
    "number": ("at_least", "at_most"),
}
# Ids and option values: a lower-case letter, then lower-case letters, digits, _ or -.
IDENTIFIER_PATTERN = r"[a-z][a-z0-9_-]*"

# What an answer may be once it has been checked: an option value, a list of them,
# a number or a yes/no.
Answer = str | list[str] | float | int | bool


@dataclass(frozen=True)
class Problem:
    """One problem (or warning) in a definition file: where it is and what to change."""

    source: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line is not None else self.source
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class Option:
    """One choice offered by a single or multiple choice question."""

    value: str
    label: str
    # "Wat zou je uitkomst veranderen?": what choosing it means, as a clause after "Als".
    if_chosen: str = ""
    # Multi only: this option cannot be chosen together with any other ("Nog niets hiervan").
    exclusive: bool = False
    # The lead list: other cell texts that mean this option (`values:` in the definition).
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Question:
    """One question of the form."""

    id: str
    type: QuestionType
    label: str
    required: bool = True
    help: str = ""
    options: tuple[Option, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    unit: str = ""
    # Number questions: only whole numbers count as an answer ("2,5 medewerkers" does not).
    integer: bool = False
    # Asked only when all these hold on the answers to earlier questions (empty: always).
    ask_when: tuple[Condition, ...] = ()
    # Clauses after "Als" for an improvement: a yes/no answer, or a number ({answer}).
    if_yes: str = ""
    if_no: str = ""
    if_answer: str = ""
    # The lead list: other header names of a column with this question's answers.
    columns: tuple[str, ...] = ()

    def option_values(self) -> tuple[str, ...]:
        return tuple(option.value for option in self.options)

    def exclusive_values(self) -> frozenset[str]:
        """The options that can only be chosen alone."""
        return frozenset(option.value for option in self.options if option.exclusive)

    def option_label(self, value: str) -> str:
        for option in self.options:
            if option.value == value:
                return option.label
        return value


@dataclass(frozen=True)
class Condition:
    """A test on one answer, or (with `any_of_conditions`) a choice between tests.

    Exactly one of the test fields is set, fitting the question's type:
    `one_of` (single), `includes_any` (multi), `equals` (boolean),
    `at_least` / `at_most` (number, either or both).
    """

    reason_not_met: str
    question: str = ""
    # Reasons fitting the answer: (option value, text) in the question's option order; a
    # multi answer reads the first chosen option that has one. Empty: `reason_not_met`.
    reasons_not_met: tuple[tuple[str, str], ...] = ()
    # When the question (of every branch of an `any`) was not asked (its ask_when).
    reason_not_asked: str = ""
    one_of: frozenset[str] | None = None
    includes_any: frozenset[str] | None = None
    equals: bool | None = None
    at_least: float | None = None
    at_most: float | None = None
    any_of_conditions: tuple[Condition, ...] = ()

    def reason_for(self, answer: object) -> str:
        """Why this condition fails for `answer` (the text for its option, if there is one)."""
        chosen = answer if isinstance(answer, list) else [answer]
        for value, text in self.reasons_not_met:
            if value in chosen:
                return text
        return self.reason_not_met


@dataclass(frozen=True)
class Criterion:
    """One of the characteristics of a prospect; met when all its conditions hold."""

    id: str
    label: str
    reason_met: str
    conditions: tuple[Condition, ...]
    # Reasons fitting the answer, for a criterion with one condition on a choice question:
    # (option value, text) in option order. Empty: `reason_met`.
    reasons_met: tuple[tuple[str, str], ...] = ()

    def reason_for(self, answers: dict[str, Answer]) -> str:
        """Why this criterion is met with these answers."""
        if self.reasons_met:
            answer = answers.get(self.conditions[0].question)
            chosen = answer if isinstance(answer, list) else [answer]
            for value, text in self.reasons_met:
                if value in chosen:
                    return text
        return self.reason_met


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class NextStep:
    """What the visitor is invited to do after seeing the outcome."""

    kind: NextStepKind
    title: str
    text: str
    action: str = ""
    links: tuple[Link, ...] = ()
    # A secondary "book a call" action beside the articles (kind `articles` only).
    booking: str = ""


@dataclass(frozen=True)
class Outcome:
    """A tier; the first outcome (in definition order) whose criteria are all met wins."""

    id: str
    label: str
    summary: str
    requires: tuple[str, ...]
    next_step: NextStep
    # The main clause of an improvement that reaches this outcome: "ben je een prospect".
    then: str = ""


@dataclass(frozen=True)
class Example:
    """An example persona: answers and the outcome they must give."""

    id: str
    label: str
    description: str
    answers: dict[str, object]
    expected: str


@dataclass(frozen=True)
class Definition:
    """The whole self-assessment, as the marketer defined it."""

    title: str
    intro: str
    questions: tuple[Question, ...]
    criteria: tuple[Criterion, ...]
    outcomes: tuple[Outcome, ...]
    examples: tuple[Example, ...] = ()
    messages: dict[str, str] = field(default_factory=dict)
    booking: dict[str, str] = field(default_factory=dict)
    # What `check` reports without failing, such as a number typed into a reason text.
    warnings: tuple[Problem, ...] = ()

    def question(self, question_id: str) -> Question | None:
        for question in self.questions:
            if question.id == question_id:
                return question
        return None

    def outcome(self, outcome_id: str) -> Outcome | None:
        for outcome in self.outcomes:
            if outcome.id == outcome_id:
                return outcome
        return None
