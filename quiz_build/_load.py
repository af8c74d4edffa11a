"""Read a definition file (YAML or JSON) with the line of every value; find the checkout's.

PyYAML is imported here and nowhere else; the wheel for the browser carries the definition
as JSON, which `quiz.build_definition` checks with the standard library alone. In a
checkout, `quiz` calls `definition_file` and `load_definition` (through the package
`quiz_build`, its entry point `quiz.definition`) to read the marketer's file.
"""

from __future__ import annotations

import json
import os
from pathlib import Path as FilePath
from typing import Any

import yaml

from quiz import Definition, DefinitionError, Lines, Problem, build_definition

from ._yaml_errors import explain

DEFINITION_ENV = "QUIZ_DEFINITION"  # names another definition file, e.g. for a test
CHECKOUT_DEFINITION = (
    FilePath(__file__).resolve().parents[1] / "docs" / "zelftest" / "definitie.yml"
)

Path = tuple[str | int, ...]  # where a value sits in the data: keys and list indexes


def definition_file() -> FilePath:
    """The file in force: the one QUIZ_DEFINITION names, else the marketer's in the checkout."""
    configured = os.environ.get(DEFINITION_ENV)
    return FilePath(configured) if configured else CHECKOUT_DEFINITION


def shown(path: FilePath) -> str:
    """The file as messages name it: relative to the working folder (the project, for
    `make check` and `make serve`) when it is inside it, else as given."""
    try:
        return str(path.resolve().relative_to(FilePath.cwd().resolve()))
    except ValueError:
        return str(path)


def read_data(path: FilePath, source: str | None = None) -> tuple[Any, Lines]:
    """Parse the file; return its plain data and the line of each value, or raise.

    `source` names the file in messages (default: `shown(path)`)."""
    source = source if source is not None else shown(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise DefinitionError(
            [Problem(source, None, f"Het bestand kan niet worden gelezen: {error}.")]
        ) from None
    if path.suffix == ".json":
        try:
            return json.loads(text), {}
        except json.JSONDecodeError as error:
            raise DefinitionError(
                [Problem(source, error.lineno, f"Geen geldige JSON: {error.msg}.")]
            ) from None
    return _read_yaml(text, source)


def load_definition(path: FilePath) -> Definition:
    """Read and check a definition file; raise DefinitionError with file:line on problems."""
    source = shown(path)
    data, lines = read_data(path, source)
    return build_definition(data, source=source, lines=lines)


def _read_yaml(text: str, source: str) -> tuple[Any, Lines]:
    try:
        loader = yaml.SafeLoader(text)
    except yaml.reader.ReaderError as error:  # a control character such as NUL
        raise DefinitionError(
            [
                Problem(
                    source,
                    text.count("\n", 0, error.position) + 1,
                    f"Het bestand bevat een teken dat niet in een tekstbestand hoort "
                    f"(#x{error.character:04x}). Verwijder het.",
                )
            ]
        ) from None
    try:
        node = loader.get_single_node()
        if node is None:
            raise DefinitionError([Problem(source, 1, "Het bestand is leeg.")])
        lines: dict[Path, int] = {}
        data = _convert(loader, node, (), lines, source, active=set())
    except yaml.MarkedYAMLError as error:
        explained = explain(error, text)
        raise DefinitionError([Problem(source, explained.line, explained.message(text))]) from None
    except RecursionError:  # thousands of nested brackets or indents
        raise DefinitionError(
            [Problem(source, loader.line + 1, "De YAML is te diep genest (te veel lagen).")]
        ) from None
    finally:
        loader.dispose()
    return data, lines


def _convert(
    loader: Any, node: Any, path: Path, lines: dict[Path, int], source: str, *, active: set[int]
) -> Any:
    lines[path] = node.start_mark.line + 1
    if id(node) in active:  # an anchor (&) that contains its own alias (*)
        where = f" bij '{path[0]}'" if path else ""
        raise DefinitionError(
            [
                Problem(
                    source,
                    lines[path],
                    f"Een YAML-anker (&) verwijst naar zichzelf{where}. Schrijf de waarde uit.",
                )
            ]
        )
    active = active | {id(node)}
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = _construct(loader, key_node, source)
            line = key_node.start_mark.line + 1
            if not isinstance(key, str):
                raise DefinitionError(
                    [Problem(source, line, f"De sleutel {key!r} moet een woord zijn.")]
                )
            if key in result:
                raise DefinitionError(
                    [
                        Problem(
                            source,
                            line,
                            f"De sleutel '{key}' staat twee keer in hetzelfde blok "
                            f"(eerst op regel {lines[(*path, key)]}). Verwijder er één.",
                        )
                    ]
                )
            result[key] = _convert(loader, value_node, (*path, key), lines, source, active=active)
            lines[(*path, key)] = line
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _convert(loader, item, (*path, index), lines, source, active=active)
            for index, item in enumerate(node.value)
        ]
    return _construct(loader, node, source)


def _construct(loader: Any, node: Any, source: str) -> Any:
    """A scalar's value; a tag that does not fit it (`!!int x`) is a problem on its line."""
    try:
        return loader.construct_object(node, deep=True)
    except (ValueError, TypeError, OverflowError) as error:
        raise DefinitionError(
            [
                Problem(
                    source,
                    node.start_mark.line + 1,
                    f"Deze waarde kan niet worden gelezen ({error}). Zet tekst tussen "
                    "aanhalingstekens en laat YAML-tags met '!!' weg.",
                )
            ]
        ) from None
