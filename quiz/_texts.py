"""Plain-Dutch sentences for `improvements`: "Als er budget is vrijgemaakt, ben je een prospect."

The words come from the definition (`if_chosen` on an option, `if_yes`/`if_no`/`if_answer`
on a question, `then` on an outcome), with a neutral sentence where the marketer gave none.
The engine puts each sentence into its result (`text`), so the page only shows it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import cast

from ._model import Definition, Outcome, Question
from ._rules import show_number


def improvement_key(answer: object) -> str:
    """The part of a changed answer its sentence names: the added option of a multi answer
    (the engine puts it last), "true"/"false", an option value or the number."""
    if isinstance(answer, list):
        return str(answer[-1]) if answer else ""
    if isinstance(answer, bool):
        return "true" if answer else "false"
    return str(answer)


def improvement_text(definition: Definition, improvement: Mapping[str, object]) -> str:
    """The sentence for one item of `evaluate(...)["improvements"]`."""
    question = definition.question(str(improvement["question"]))
    outcome = definition.outcome(str(improvement["outcome"]))
    if question is None or outcome is None:
        return ""
    answer = improvement["answer"]
    return _sentence(question, improvement_key(answer), outcome, definition)


def combination_text(definition: Definition, combination: Mapping[str, object]) -> str:
    """The sentence for a set of changes: "Als A én B, ben je een prospect."."""
    outcome = definition.outcome(str(combination["outcome"]))
    changes = cast(list[Mapping[str, object]], combination["changes"])
    clauses: list[str] = []
    for change in changes:
        question = definition.question(str(change["question"]))
        if question is None or outcome is None:
            return ""
        clauses.append(_clause(question, improvement_key(change["answer"]), definition))
    if outcome is None or not clauses:
        return ""
    joined = ", ".join(clauses[:-1]) + " \u00e9n " + clauses[-1]
    return f"Als {joined}, {_then(outcome)}."


def _sentence(question: Question, key: str, outcome: Outcome, definition: Definition) -> str:
    return f"Als {_clause(question, key, definition)}, {_then(outcome)}."


def _then(outcome: Outcome) -> str:
    return outcome.then or f"kom je uit op \u2018{outcome.label}\u2019"


def _clause(question: Question, key: str, definition: Definition) -> str:
    label = question.label.rstrip("?")
    if question.type == "boolean":
        given = question.if_yes if key == "true" else question.if_no
        if given:
            return given
        word = definition.booking.get("answer_yes" if key == "true" else "answer_no", key)
        return f"je \u2018{label}\u2019 met {word} beantwoordt"
    if question.type == "number":
        shown = show_number(float(key))
        if question.if_answer:
            return question.if_answer.format(answer=shown)
        return f"je bij \u2018{label}\u2019 {shown} invult"
    option = next((o for o in question.options if o.value == key), None)
    if option is not None and option.if_chosen:
        return option.if_chosen
    chosen = option.label if option else key
    # "ook": the option is added to the selection, unless an exclusive option may be what it
    # replaces (then the sentence must fit both).
    adds = question.type == "multi" and not any(o.exclusive for o in question.options)
    verb = "ook " if adds else ""
    return f"je bij \u2018{label}\u2019 {verb}\u2018{chosen}\u2019 kiest"
