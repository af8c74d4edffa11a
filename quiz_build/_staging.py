"""The browser files staged once per version of the rules and runtime, then linked into sites.

Making them takes a while (the snapshot runs Pyodide), so a build or a `mkdocs serve`
rebuild finds them in a staging folder under a key of everything they are made from.
Each is made in a scratch folder and renamed into place, so a build running beside it
never sees half of one; older ones are dropped once nobody can be using them any more.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._assets import assets_key, build_assets

# Staged files of another definition are left this long: a build beside this one may
# still be copying them.
STAGING_TTL_S = 600
_INDEX = "assets.json"  # what build_assets returned, beside the files it wrote


@dataclass(frozen=True)
class Staged:
    """One staged set of browser files: `folder / "assets"` holds them, `assets` their URLs."""

    folder: Path
    assets: dict[str, str]

    def link_into(self, site_dir: Path) -> None:
        """Put the files into the site: hard links where the file system allows.

        The files never change (their names carry their hashes), so linking saves copying
        43 MB on every build and every serve reload.
        """
        link_tree(self.folder / "assets", site_dir / "assets")


def stage_assets(definition_data: Any, pyodide_dir: Path, staging_dir: Path) -> Staged:
    """The staged browser files for these rules and runtime, made first when there are none.

    Raises RuntimeError (from `build_assets`) when they cannot be made.
    """
    staged = staging_dir / assets_key(definition_data, pyodide_dir)
    if not (staged / _INDEX).is_file():
        staging_dir.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix="build-", dir=staging_dir))
        assets = build_assets(definition_data, pyodide_dir, scratch)
        (scratch / _INDEX).write_text(json.dumps(assets.as_json()), encoding="utf-8")
        shutil.rmtree(staged, ignore_errors=True)
        scratch.rename(staged)
    _prune(staging_dir, keep=staged)
    index: dict[str, str] = json.loads((staged / _INDEX).read_text(encoding="utf-8"))
    return Staged(staged, index)


def link_tree(source: Path, target: Path) -> None:
    """Copy the tree `source` into `target` (merging), as hard links where possible."""
    shutil.copytree(source, target, dirs_exist_ok=True, copy_function=link_or_copy)


def link_or_copy(source: str, target: str) -> None:
    """A hard link of `source` at `target`; a copy on another file system or without links."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _prune(folder: Path, keep: Path) -> None:
    """Drop staged files of earlier definitions once they are older than STAGING_TTL_S."""
    for entry in folder.iterdir():
        if entry != keep and time.time() - entry.stat().st_mtime > STAGING_TTL_S:
            shutil.rmtree(entry, ignore_errors=True)
