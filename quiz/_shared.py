"""Which answers a shared link may put into the form: exactly those the engine accepts.

A link made by the page holds answers that gave a result; one that is damaged or crafted
(an unknown question, an option that does not exist, a number that is no number, no object
at all) changes nothing. The page decodes the link; this decides.
"""

from __future__ import annotations

from typing import cast

from ._engine import check_answers
from ._model import Definition
from ._result import Error, SharedAnswers


def shared_answers(definition: Definition, answers: object) -> SharedAnswers:
    """`answers` to fill in when the engine finds no fault in them (missing ones are no
    fault: a link may hold answers so far), else no answers and the engine's errors."""
    _, errors = check_answers(definition, answers, partial=True)
    if errors or not isinstance(answers, dict):
        return {"answers": {}, "errors": cast(list[Error], errors)}
    return {"answers": cast(dict[str, object], answers), "errors": []}
