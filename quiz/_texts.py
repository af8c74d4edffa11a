"""Plain-Dutch sentences for `improvements`: "Als er budget is vrijgemaakt, ben je een prospect."

The words come from the definition (`if_chosen` on an option, `if_yes`/`if_no`/`if_answer`
on a question, `then` on an outcome), with a neutral sentence where the marketer gave none.
The form's config carries every sentence a result can need, so the page only looks them up.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import cast

from ._improve import candidates
from ._model import Answer, Condition, Definition, Outcome, Question
from ._rules import every_rule, show_number


def improvement_key(answer: object) -> str:
    """How the page finds an improvement's sentence: the added option of a multi answer,
    "true"/"false", an option value or a number as JavaScript's `String()` writes it."""
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


def improvement_texts(definition: Definition) -> dict[str, dict[str, dict[str, str]]]:
    """Every sentence a result can show: question id -> answer key -> outcome id -> text."""
    rules = every_rule(definition)
    better = definition.outcomes[:-1]  # the last outcome is never an improvement
    texts: dict[str, dict[str, dict[str, str]]] = {}
    for question in definition.questions:
        keys = [improvement_key(answer) for answer in _possible(question, rules)]
        texts[question.id] = {
            key: {o.id: _sentence(question, key, o, definition) for o in better} for key in keys
        }
    return texts


def _possible(question: Question, rules: list[Condition]) -> list[Answer]:
    if question.type == "multi":
        return [[value] for value in question.option_values()]
    return candidates(question, None, rules)


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
