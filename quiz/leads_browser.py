"""The lead page's side of the browser entry (`quiz.browser`): one open list per worker.

The worker of /leadlijst/ calls `open_list(name, bytes)` with the chosen file (read in the
page, handed over, never sent anywhere), then `quiz.browser.handle` with the kinds below,
one message per chunk of rows, and `export_list` for the download. Replies are JSON text
with a list `errors` (Dutch), as every reply of `quiz.browser`; nothing here raises.

Kinds:
- "leads-values": `{"question", "column", "values"}` -> how that column's cells read as
  answers to the question (`quiz.leads.value_summary`), for the mapping table;
- "leads": `{"mapping", "count"}` starts judging from the first row under `mapping`,
  `{"count"}` goes on; the reply has the next rows (line, cells, verdict), how many are
  done of how many, and, once all are, the summary.
"""

from __future__ import annotations

from typing import Any, cast

from . import DefinitionError
from ._wire import NOT_JSON, dump, error, read_request
from .leads import LeadList, MappingError, TableError, read_table

_list: LeadList | None = None  # the list the page opened last
MAX_CHUNK = 5_000  # rows in one reply


def open_list(name: str, data: object, sheet: object = None) -> str:
    """Read the file the page chose; the reply describes it (`LeadList.describe`). A file
    that cannot be read changes nothing: the list opened before stays open."""
    global _list  # noqa: PLW0603 - the one open list of this worker
    try:
        raw = _bytes(data)
        # No sheet chosen: None here, JavaScript's null (Pyodide's `jsnull`) in the browser.
        table = read_table(raw, str(name), sheet if isinstance(sheet, str) else None)
        opened = LeadList(table)
        reply = opened.describe()
    except TableError as unreadable:
        return dump({"errors": [error(str(unreadable))]})
    except MemoryError:
        return dump({"errors": [error(_TOO_LARGE)]})
    except DefinitionError as broken:
        return dump({"errors": [error(str(problem)) for problem in broken.problems]})
    _list = opened
    return dump({**reply, "errors": []})


def handle(kind: str, text: str) -> str:
    """A request of the lead page (see the module's docstring); never raises."""
    try:
        request = read_request(text)
    except ValueError:
        return dump({"errors": [error(NOT_JSON)]})
    if _list is None:
        return dump({"errors": [error("Kies eerst een bestand met leads.")]})
    if not isinstance(request, dict):
        return dump({"errors": [error("De aanvraag moet een JSON-object zijn.")]})
    body = cast(dict[str, Any], request)
    try:
        if kind == "leads-values":
            summary = _list.values(
                str(body.get("question")), str(body.get("column")), _overrides(body)
            )
            return dump({**summary, "errors": []})
        if kind == "leads":
            return dump(_chunk(_list, body))
    except MappingError as wrong:
        return dump({"errors": [error(str(wrong))]})
    except MemoryError:
        return dump({"errors": [error(_TOO_LARGE)]})
    return dump({"errors": [error(f"Onbekende soort aanvraag: {kind[:40]!r}.")]})


def export_list(excel: bool) -> bytes:
    """The judged list as CSV (see `LeadList.export`); empty when there is none."""
    if _list is None:
        return b""
    try:
        return _list.export(excel=bool(excel))[0]
    except MappingError:
        return b""


# --- Helper functions -----------------------------------------------------------------

_TOO_LARGE = "De lijst is te groot voor het geheugen van deze browser. Splits hem in delen."


def _chunk(opened: LeadList, body: dict[str, Any]) -> dict[str, Any]:
    if "mapping" in body:
        opened.start(body["mapping"])
    count = body.get("count", 500)
    if isinstance(count, bool) or not isinstance(count, int):
        raise MappingError("'count' moet een geheel getal zijn.")
    rows = opened.next_rows(min(count, MAX_CHUNK))
    reply: dict[str, Any] = {
        "rows": rows,
        "done": len(opened.verdicts),
        "total": len(opened.table.rows),
        "errors": [],
    }
    if opened.done:
        reply["summary"] = opened.summary()
    return reply


def _overrides(body: dict[str, Any]) -> dict[str, Any] | None:
    values = body.get("values")
    if values is None:
        return None
    if not isinstance(values, dict):
        raise MappingError("De keuzes bij de waarden hebben niet de juiste vorm.")
    return cast(dict[str, Any], values)


def _bytes(data: object) -> bytes:
    """The file's bytes: `bytes` in CPython, a JavaScript Uint8Array (a JsProxy) in Pyodide."""
    if isinstance(data, bytes | bytearray | memoryview):
        return bytes(data)
    to_bytes = getattr(data, "to_bytes", None)
    if callable(to_bytes):
        return cast(bytes, to_bytes())
    raise TableError("Het bestand kon niet worden gelezen. Kies het opnieuw.")
