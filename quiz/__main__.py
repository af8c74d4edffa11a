"""Command line: `python -m quiz questions | evaluate [--partial] | check [FILE]`.

`evaluate` reads an answers object as JSON on standard input and prints the result as JSON;
exit status 0 when it evaluated, 2 for invalid answers or a broken definition. `check`
reads a definition file through the checkout's definition provider (see `quiz.__init__`),
by default the file in force.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import DefinitionError, default_definition, definition_provider, evaluate, questions
from ._engine import no_result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m quiz", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("questions", help="print the questions as JSON")
    evaluate_command = commands.add_parser(
        "evaluate", help="read answers (JSON) on stdin, print the result"
    )
    evaluate_command.add_argument(
        "--partial", action="store_true", help="answers so far: unanswered is no error"
    )
    check = commands.add_parser("check", help="check a definition file")
    check.add_argument("file", nargs="?", type=Path, help="default: the definition in force")
    args = parser.parse_args(argv)

    if args.command == "check":
        return _check(args.file)
    try:
        definition = default_definition()
    except DefinitionError as error:
        if args.command == "evaluate":
            errors = [{"question": None, "message": str(p)} for p in error.problems]
            _print(no_result(errors))
        print(error, file=sys.stderr)
        return 2
    if args.command == "questions":
        _print(questions(definition))
        return 0
    try:
        answers = json.loads(sys.stdin.read())
    except (ValueError, RecursionError) as error:  # also too long numbers, too deep nesting
        message = f"De invoer is geen geldige JSON ({error})."
        _print(no_result([{"question": None, "message": message}]))
        return 2
    result = evaluate(answers, definition, partial=args.partial)
    _print(result)
    return 2 if result["errors"] else 0


def _check(file: Path | None) -> int:
    try:
        provider = definition_provider()
    except DefinitionError as error:
        print(error, file=sys.stderr)
        return 2
    path = file or provider.definition_file()
    try:
        definition = provider.load_definition(path)
    except DefinitionError as error:
        print(error, file=sys.stderr)
        count = _count(len(error.problems), "probleem", "problemen")
        print(f"\n{path}: {count} gevonden.", file=sys.stderr)
        return 2
    if definition.warnings:  # worth fixing, but the definition works: no failure
        for warning in definition.warnings:
            print(f"waarschuwing: {warning}", file=sys.stderr)
        count = _count(len(definition.warnings), "waarschuwing", "waarschuwingen")
        print(f"\n{path}: {count}.", file=sys.stderr)
    print(
        f"{path}: in orde ({len(definition.questions)} vragen, {len(definition.criteria)} "
        f"criteria, {len(definition.outcomes)} uitkomsten, {len(definition.examples)} "
        "voorbeelden kloppen)."
    )
    return 0


def _count(number: int, one: str, many: str) -> str:
    """'1 probleem', '3 problemen'."""
    return f"{number} {one if number == 1 else many}"


def _print(data: object) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=2)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate ("\ud800" in the input): keep it escaped
        text = json.dumps(data, indent=2)
    print(text)


if __name__ == "__main__":
    sys.exit(main())
