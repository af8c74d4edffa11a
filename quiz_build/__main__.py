"""`python -m quiz_build schema`: write docs/zelftest/definitie.schema.json from the rules.

With `--check` it writes nothing and exits 1 when the committed file is out of date.
"""

from __future__ import annotations

import argparse
import sys

from ._schema import SCHEMA_FILE, schema_text, write_schema


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m quiz_build")
    commands = parser.add_subparsers(dest="command", required=True)
    command = commands.add_parser("schema", help="de JSON Schema van de definitie schrijven")
    command.add_argument("--check", action="store_true", help="alleen controleren")
    arguments = parser.parse_args(argv)
    if arguments.check:
        current = SCHEMA_FILE.read_text(encoding="utf-8") if SCHEMA_FILE.is_file() else ""
        if current != schema_text():
            print(f"{SCHEMA_FILE} is verouderd: draai `make schema`.", file=sys.stderr)
            return 1
        return 0
    print(write_schema())
    return 0


if __name__ == "__main__":
    sys.exit(main())
