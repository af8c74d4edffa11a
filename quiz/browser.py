"""The browser's one entry point: a request as JSON text in, the reply as JSON text out.

Called by the page's worker (`overrides/assets/quiz/worker.mjs`), by the build's snapshot
warm-up (`quiz_build/_snapshot.mjs`) and by the Node case runner (`tests/node/`), always as
`handle(kind, text)`. It never raises: every reply is a JSON object with a list `errors`
(empty when all went well), the same shapes `evaluate` and `booking_link` return.

Kinds:
- "evaluate": `text` is the answers object; the reply is `quiz.evaluate`'s result.
- "partial": the same with `partial=True` (answers so far: the stepper's live checklist).
- "booking": `text` is `{"answers", "config", "contact", "utm"}`; the reply is
  `quiz.booking_link`'s result (`{"url", "provider", "errors"}`).
"""

from __future__ import annotations

import json
from typing import Any

from . import DefinitionError, booking_link, evaluate
from ._engine import no_result


def handle(kind: str, text: str) -> str:
    """Answer one request of the page; unreadable requests get an error reply, not a raise."""
    if kind in ("evaluate", "partial"):
        empty = no_result
    elif kind == "booking":
        empty = _no_link
    else:
        shown = kind[:40] if isinstance(kind, str) else type(kind).__name__
        return _dump({"errors": [_error(f"Onbekende soort aanvraag: {shown!r}.")]})
    try:
        request = json.loads(text)
    except (TypeError, ValueError, RecursionError):  # no text, bad JSON, too long, too deep
        return _dump(empty([_error("De aanvraag is geen geldige JSON.")]))
    try:
        if kind == "booking":
            reply = _booking(request)
        else:
            reply = dict(evaluate(request, partial=kind == "partial"))
    except DefinitionError as error:  # only in a checkout whose definition file is broken
        return _dump(empty([_error(str(problem)) for problem in error.problems]))
    return _dump(reply)


# --- Helper functions -----------------------------------------------------------------


def _booking(request: object) -> dict[str, Any]:
    if not isinstance(request, dict):
        return _no_link([_error("De aanvraag voor een afspraak moet een JSON-object zijn.")])
    return booking_link(
        request.get("answers"),
        request.get("config"),
        contact=request.get("contact"),
        utm=request.get("utm"),
    )


def _no_link(errors: list[dict[str, Any]]) -> dict[str, Any]:
    return {"url": "", "provider": "", "errors": errors}


def _error(message: str) -> dict[str, Any]:
    return {"question": None, "message": message}


def _dump(reply: dict[str, Any]) -> str:
    text = json.dumps(reply, ensure_ascii=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate from the request: keep it escaped
        return json.dumps(reply)
    return text
