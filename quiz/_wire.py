"""What the browser's two entry points (`quiz.browser`, `quiz.leads_browser`) share: a
request's JSON text read, and a reply written as JSON text.

Standard library only; every name here is for the package.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

__all__ = ["MAX_DEPTH", "NOT_JSON", "dump", "error", "read_request"]

NOT_JSON = "De aanvraag is geen geldige JSON."

# The page never sends JSON nested more than a few levels deep. Far deeper nesting would
# overflow the WebAssembly stack inside `json.loads` in the browser (a fatal error for
# Pyodide, not a RecursionError), so a request nested deeper than this gets the reply of
# JSON too deep for the reader, before it is parsed: in CPython the same.
MAX_DEPTH = 32
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')  # a string (skipped) or a bracket


def read_request(text: object) -> object:
    """The request's JSON value; ValueError when `text` is no text, no JSON (or a number
    too long to read), or nested deeper than MAX_DEPTH: the reply then says NOT_JSON."""
    if not isinstance(text, str | bytes | bytearray):
        raise ValueError("geen tekst")
    if _too_deep(text):
        raise ValueError(f"dieper dan {MAX_DEPTH} niveaus genest")
    try:
        return json.loads(text)
    except RecursionError:
        raise ValueError("te diep genest") from None


def error(message: str) -> dict[str, Any]:
    """An error about the request as a whole (not about one question's answer)."""
    return {"question": None, "message": message}


def dump(reply: Mapping[str, Any]) -> str:
    """The reply as JSON text, non-ASCII as it is, unless it holds a lone surrogate (from a
    request or a file), which stays escaped."""
    text = json.dumps(reply, ensure_ascii=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(reply)
    return text


def _too_deep(text: object) -> bool:
    """Whether JSON `text` opens more than MAX_DEPTH arrays or objects inside each other."""
    if not isinstance(text, str) or text.count("[") + text.count("{") <= MAX_DEPTH:
        return False
    level = 0
    for token in _TOKEN.finditer(text):
        bracket = token.group()
        if bracket in "[{":
            level += 1
            if level > MAX_DEPTH:
                return True
        elif bracket in "]}":
            level -= 1
    return False
