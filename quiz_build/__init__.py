"""Build time only: turn the definition and the runtime package `quiz` into site files.

Never shipped to the browser, free to use PyYAML, wheel and Node. Uses only the public
names of `quiz`. `load_definition` and `definition_file` are also the checkout's
definition provider: `quiz` finds this package through the entry point `quiz.definition`
(pyproject.toml) when no definition is packed beside it.
"""

from __future__ import annotations

from ._assets import (
    DIST_NAME,
    Assets,
    assets_key,
    build_assets,
    build_wheel,
    make_snapshot,
    pack_snapshot,
    package_files,
    rules_hash,
    unpack_snapshot,
)
from ._load import (
    CHECKOUT_DEFINITION,
    DEFINITION_ENV,
    definition_file,
    load_definition,
    read_data,
)
from ._prepared import first_step_answers, prepared_key, prepared_replies, request_text
from ._schema import SCHEMA_FILE, schema, schema_text, write_schema
from ._staging import STAGING_TTL_S, Staged, link_or_copy, link_tree, stage_assets
from ._text_blocks import TextBlockError, select_text
from ._warm_up import warm_up_requests

__all__ = [
    "CHECKOUT_DEFINITION",
    "DEFINITION_ENV",
    "DIST_NAME",
    "SCHEMA_FILE",
    "STAGING_TTL_S",
    "Assets",
    "Staged",
    "TextBlockError",
    "assets_key",
    "build_assets",
    "build_wheel",
    "definition_file",
    "first_step_answers",
    "link_or_copy",
    "link_tree",
    "load_definition",
    "make_snapshot",
    "pack_snapshot",
    "package_files",
    "prepared_key",
    "prepared_replies",
    "read_data",
    "request_text",
    "rules_hash",
    "schema",
    "schema_text",
    "select_text",
    "stage_assets",
    "unpack_snapshot",
    "warm_up_requests",
    "write_schema",
]
