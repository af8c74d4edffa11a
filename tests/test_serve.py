"""Marketers see their edits: `mkdocs serve` rebuilds the form, the checklist and the
browser's rules from the definition, and a broken edit is reported without stopping it."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import wait_for
from tests.support.serve import ServedProject, mkdocs_serve
from tests.support.site import make_variant_project

pytestmark = pytest.mark.site  # builds the site, under `mkdocs serve`

OLD_LABEL = "Hoeveel medewerkers heeft jouw bedrijf?"
NEW_LABEL = "Hoeveel mensen werken er bij jouw bedrijf?"
OLD_CRITERION = "label: Heeft een actuele behoefte"
NEW_CRITERION = "label: Heeft een behoefte die nu speelt"


DEFINITION = Path("docs") / "zelftest" / "definitie.yml"


@pytest.fixture
def served(tmp_path: Path) -> Iterator[ServedProject]:
    """`mkdocs serve` on a copy of the project."""
    config = make_variant_project(tmp_path / "project", "")
    with mkdocs_serve(config.parent, ready_path="zelftest/") as served:
        yield served


def _wheel_text(served: ServedProject) -> str:
    page = served.get("zelftest/")
    match = re.search(r"assets/quiz/py/[^&\"]+?\.whl", page)
    assert match is not None
    status, body = served.fetch(match[0])
    assert status == 200
    with zipfile.ZipFile(io.BytesIO(body)) as wheel:
        return wheel.read("quiz/definition.json").decode("utf-8")


def test_definition_edits_show_up_and_broken_edits_keep_the_server(
    served: ServedProject,
) -> None:
    definition = served.project / DEFINITION
    assert OLD_LABEL in served.get("zelftest/")
    assert OLD_LABEL in _wheel_text(served)
    text = definition.read_text(encoding="utf-8")

    # A good edit: the form, the article's checklist and the browser's rules follow.
    definition.write_text(
        text.replace(OLD_LABEL, NEW_LABEL).replace(OLD_CRITERION, NEW_CRITERION), "utf-8"
    )
    wait_for(lambda: NEW_LABEL in served.get("zelftest/"), "the new label in the form")
    wait_for(
        lambda: NEW_CRITERION.removeprefix("label: ") in served.get("blog/wat-is-een-prospect/"),
        "the new criterion in the article's checklist",
    )
    assert NEW_LABEL in _wheel_text(served)

    # A broken edit: file:line in the terminal, the server keeps serving.
    broken = text.replace("        at_least: 5\n", "        at_least: vijf\n")
    assert broken != text
    definition.write_text(broken, "utf-8")
    line = broken.splitlines().index("        at_least: vijf") + 1
    wait_for(
        lambda: f"definitie.yml:{line}:" in served.terminal(),
        "the file:line message in the terminal",
    )
    assert "Traceback" not in served.terminal()
    assert served.fetch("zelftest/")[0] == 200, "the server stopped serving"
    assert served.running(), "the server stopped"

    # Fixed again: the server picks it up and serves the pages.
    definition.write_text(text, "utf-8")
    wait_for(lambda: OLD_LABEL in served.get("zelftest/"), "the restored label")
