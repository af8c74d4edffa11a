"""The browser files are made once per version of the rules and runtime and then linked.

`quiz_build.stage_assets` is what the quiz hook calls on every build and every `mkdocs
serve` rebuild; making the files (the snapshot runs Pyodide) is replaced here by a stand-in
that counts its calls, so these tests are about the staging: the key, the scratch folder
renamed into place, the pruning after STAGING_TTL_S and the hard links into the site.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest

import quiz_build
from quiz_build import _staging


class _Maker:
    """Stands in for `build_assets`: writes one asset and counts the calls."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, data: Any, pyodide_dir: Path, site_dir: Path) -> quiz_build.Assets:
        self.calls += 1
        wheel = site_dir / "assets" / "quiz" / "py" / "quiz.whl"
        wheel.parent.mkdir(parents=True)
        wheel.write_bytes(b"wheel " + str(data).encode())
        return quiz_build.Assets(
            pyodide="assets/quiz/pyodide/",
            stdlib="s",
            lock_file="l",
            wheel="assets/quiz/py/quiz.whl",
            snapshot="n",
            package="p",
            rules_hash=str(data),
            lock_file_contents="{}",
            leads_stdlib="d",
        )


@pytest.fixture
def maker(monkeypatch: pytest.MonkeyPatch) -> _Maker:
    made = _Maker()
    monkeypatch.setattr(_staging, "build_assets", made)
    monkeypatch.setattr(_staging, "assets_key", lambda data, runtime: f"key-{data}")
    return made


def test_the_files_are_made_once_and_found_again(maker: _Maker, tmp_path: Path) -> None:
    staging = tmp_path / "staging"
    first = quiz_build.stage_assets("a", tmp_path / "pyodide", staging)
    again = quiz_build.stage_assets("a", tmp_path / "pyodide", staging)
    assert maker.calls == 1
    assert first == again
    assert first.folder == staging / "key-a"
    assert first.assets["wheel"] == "assets/quiz/py/quiz.whl"
    assert first.assets["rulesHash"] == "a"
    # Only the finished folder is left: the scratch folder was renamed into place.
    assert [entry.name for entry in staging.iterdir()] == ["key-a"]


def test_files_of_another_version_go_only_after_the_ttl(maker: _Maker, tmp_path: Path) -> None:
    staging = tmp_path / "staging"
    old = quiz_build.stage_assets("old", tmp_path / "pyodide", staging).folder
    quiz_build.stage_assets("new", tmp_path / "pyodide", staging)
    assert old.is_dir()  # a build beside this one may still be copying them
    long_ago = time.time() - quiz_build.STAGING_TTL_S - 1
    os.utime(old, (long_ago, long_ago))
    quiz_build.stage_assets("new", tmp_path / "pyodide", staging)
    assert sorted(entry.name for entry in staging.iterdir()) == ["key-new"]


def test_the_staged_files_are_linked_into_the_site(maker: _Maker, tmp_path: Path) -> None:
    staged = quiz_build.stage_assets("a", tmp_path / "pyodide", tmp_path / "staging")
    site = tmp_path / "site"
    (site / "assets" / "quiz").mkdir(parents=True)
    (site / "assets" / "quiz" / "quiz.css").write_text("kept", encoding="utf-8")
    staged.link_into(site)
    linked = site / "assets" / "quiz" / "py" / "quiz.whl"
    source = staged.folder / "assets" / "quiz" / "py" / "quiz.whl"
    assert linked.read_bytes() == b"wheel a"
    assert linked.stat().st_ino == source.stat().st_ino  # a hard link, not a copy
    assert (site / "assets" / "quiz" / "quiz.css").read_text(encoding="utf-8") == "kept"


def test_a_file_system_without_links_gets_copies(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def refuse(source: str, target: str) -> None:
        raise OSError("Invalid cross-device link")

    monkeypatch.setattr(os, "link", refuse)
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "f.txt").write_text("x", encoding="utf-8")
    quiz_build.link_tree(tmp_path / "a", tmp_path / "b")
    copied = tmp_path / "b" / "f.txt"
    assert copied.read_text(encoding="utf-8") == "x"
    assert copied.stat().st_ino != (tmp_path / "a" / "f.txt").stat().st_ino
