"""Text in Markdown that follows the site's settings (`extra` in mkdocs.yml).

A page says what the site really does, whatever is configured. In any page:

    <!-- als booking.provider -->
    Tekst als er een online agenda is ingesteld.
    <!-- anders -->
    Tekst zonder agenda (mag weg).
    <!-- einde -->

`als X` keeps its text when setting X under `extra:` has a value, `als niet X` when it
has none. The markers stand on their own line; blocks do not nest. A misspelt marker or
setting raises TextBlockError with the file and line, in Dutch, for the marketer.
The hook overrides/hooks/config_text.py runs this on every page.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

# Settings a page may ask about although mkdocs.yml may leave them out altogether.
OPTIONAL = ("analytics", "booking", "consent", "newsletter")
_MARKER = re.compile(r"<!--\s*(?P<word>als|anders|einde)\b(?P<rest>[^>]*?)\s*-->")
_CONDITION = re.compile(r"(?P<negate>niet\s+)?(?P<setting>[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*)")


class TextBlockError(ValueError):
    """A block of settings-dependent text that cannot be read: `file:line: what to fix`."""


def select_text(markdown: str, extra: Mapping[str, Any], source: str, first_line: int = 1) -> str:
    """`markdown` with the blocks for the settings in `extra` (see the module docstring).

    `source` and `first_line` (the file's line of the markdown's first line) name the
    place of a mistake.
    """
    kept: list[str] = []
    block: tuple[int, bool] | None = None  # (line of `als`, condition holds)
    in_else = False
    for number, line in enumerate(markdown.splitlines(keepends=True), start=first_line):
        marker = _MARKER.fullmatch(line.strip())
        if marker is None:
            if block is None or block[1] != in_else:
                kept.append(line)
            continue
        word, rest = marker["word"], marker["rest"].strip()
        where = f"{source}:{number}"
        if word == "als":
            if block is not None:
                raise TextBlockError(
                    f"{where}: een nieuw <!-- als --> voordat het blok van regel {block[0]} "
                    "met <!-- einde --> is gesloten. Blokken kunnen niet in elkaar staan."
                )
            block, in_else = (number, _holds(rest, extra, where)), False
        elif block is None:
            raise TextBlockError(f"{where}: <!-- {word} --> zonder <!-- als ... --> ervoor.")
        elif rest:
            raise TextBlockError(f"{where}: achter <!-- {word} --> hoort niets te staan.")
        elif word == "anders":
            if in_else:
                raise TextBlockError(f"{where}: twee keer <!-- anders --> in één blok.")
            in_else = True
        else:
            block = None
    if block is not None:
        raise TextBlockError(
            f"{source}:{block[0]}: het blok <!-- als ... --> wordt niet gesloten. "
            "Zet <!-- einde --> onder de tekst van het blok."
        )
    return "".join(kept)


def _holds(condition: str, extra: Mapping[str, Any], where: str) -> bool:
    match = _CONDITION.fullmatch(condition)
    if match is None:
        raise TextBlockError(
            f"{where}: na 'als' hoort de naam van een instelling uit mkdocs.yml (extra), "
            "zoals <!-- als booking.provider --> of <!-- als niet newsletter.action -->."
        )
    setting = match["setting"]
    first = setting.split(".")[0]
    if first not in extra and first not in OPTIONAL:
        known = ", ".join(sorted({*extra, *OPTIONAL}))
        raise TextBlockError(
            f"{where}: de instelling '{first}' bestaat niet in mkdocs.yml (extra). "
            f"Bedoel je een van deze: {known}?"
        )
    value: Any = extra
    for key in setting.split("."):
        value = value.get(key) if isinstance(value, Mapping) else None
    return bool(value) != bool(match["negate"])
