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
- "shared": `text` is the answers a shared link holds; the reply is `quiz.shared_answers`'s
  (`{"answers", "errors"}`): the answers to fill in, or none and why.
- "leads-values" and "leads": the lead page (/leadlijst/), on the list `open_list` read
  (see `quiz.leads_browser`, which only that page's worker imports).

The self-assessment's side of its kinds and shapes is `overrides/assets/quiz/protocol.mjs`.
`page_settings()` is what every page needs to know beside them (the storage and utm keys);
the build writes it into each page's head.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from . import UTM_KEYS, Definition, DefinitionError, booking_link, evaluate, shared_answers
from ._engine import no_result
from ._result import BookingLink, SharedAnswers
from ._wire import MAX_DEPTH, NOT_JSON, dump, error, read_request

__all__ = [
    "ANSWERS_KEY",
    "KINDS",
    "LEAD_KINDS",
    "MAX_DEPTH",
    "UTM_STORAGE_KEY",
    "handle",
    "page_settings",
]

# The self-assessment's kinds of request, and the lead page's (protocol.mjs, KIND).
KINDS = ("evaluate", "partial", "booking", "shared")
LEAD_KINDS = ("leads-values", "leads")

# Where the page keeps what it keeps in the browser (storage.mjs): the answers in
# localStorage and the landing page's utm values in sessionStorage.
ANSWERS_KEY = "closeforce.zelftest"
UTM_STORAGE_KEY = "closeforce.utm"


def handle(kind: str, text: str, *, definition: Definition | None = None) -> str:
    """Answer one request of the page; unreadable requests get an error reply, not a raise.

    `definition`: the one in force unless given (the build passes the definition it is
    building with, quiz_build.prepared_replies).
    """
    empty: Callable[[list[Any]], Mapping[str, Any]]
    if kind in ("evaluate", "partial"):
        empty = no_result
    elif isinstance(kind, str) and kind.startswith("leads"):
        from . import leads_browser  # csv, zipfile, xml: only the lead page needs them

        return leads_browser.handle(kind, text)
    elif kind == "booking":
        empty = _no_link
    elif kind == "shared":
        empty = _no_answers
    else:
        shown = kind[:40] if isinstance(kind, str) else type(kind).__name__
        return dump({"errors": [error(f"Onbekende soort aanvraag: {shown!r}.")]})
    try:
        request = read_request(text)
    except ValueError:
        return dump(empty([error(NOT_JSON)]))
    try:
        reply: Mapping[str, Any]
        if kind == "booking":
            reply = _booking(request)
        elif kind == "shared":
            reply = shared_answers(request, definition)
        else:
            reply = evaluate(request, definition, partial=kind == "partial")
    except DefinitionError as broken:  # only in a checkout whose definition file is broken
        return dump(empty([error(str(problem)) for problem in broken.problems]))
    return dump(reply)


def page_settings() -> dict[str, Any]:
    """What every page's scripts need to know, written into the page by the build."""
    return {"answers": ANSWERS_KEY, "utm": UTM_STORAGE_KEY, "utmKeys": list(UTM_KEYS)}


# --- Helper functions -----------------------------------------------------------------


def _booking(request: object) -> Mapping[str, Any]:
    if not isinstance(request, dict):
        return _no_link([error("De aanvraag voor een afspraak moet een JSON-object zijn.")])
    return booking_link(
        request.get("answers"),
        request.get("config"),
        contact=request.get("contact"),
        utm=request.get("utm"),
    )


def _no_link(errors: list[Any]) -> BookingLink:
    return {"url": "", "provider": "", "errors": errors}


def _no_answers(errors: list[Any]) -> SharedAnswers:
    return {"answers": {}, "errors": errors}
