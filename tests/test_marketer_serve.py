"""`make serve` as a marketer uses it: the feeds stay equal to `make build`'s however often
the preview rebuilds, and edits in overrides/ show up like edits in docs/."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.support.site import make_variant_project


@dataclass(frozen=True)
class Served:
    base: str
    project: Path


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


def _wait_for(check: Callable[[], bool], what: str, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.3)
    pytest.fail(f"timed out waiting for: {what}")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """`mkdocs serve` on a copy of the project whose overrides/ is its own copy too."""
    project = tmp_path_factory.mktemp("serve") / "project"
    config = make_variant_project(project, "")
    (project / "overrides").unlink()  # a link to the real overrides/: edit a copy instead
    shutil.copytree(Path(__file__).parent.parent / "overrides", project / "overrides")
    port = _free_port()
    log = project.parent / "serve.log"
    with log.open("w") as sink:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--livereload", "-a", f"127.0.0.1:{port}"],
            cwd=config.parent,
            stdout=sink,
            stderr=subprocess.STDOUT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"},
        )
        base = f"http://127.0.0.1:{port}/"
        try:
            _wait_for(lambda: "<html" in _get(base + "privacy/"), "the server to start")
            yield Served(base, project)
        finally:
            server.terminate()
            server.wait(timeout=30)


def _shows(url: str, text: str) -> Callable[[], bool]:
    return lambda: text in _get(url)


# `mkdocs serve` puts its own address in place of site_url: compare the paths.
def _rss_links(xml: str) -> list[str]:
    return [urlsplit(item.findtext("link") or "").path for item in ET.fromstring(xml).iter("item")]


def _json_links(text: str) -> list[str]:
    return [urlsplit(item["url"]).path for item in json.loads(text)["items"]]


def test_feeds_stay_equal_to_the_build_after_rebuilds(served: Served, built_site: Path) -> None:
    built = {
        "feed_rss_created.xml": _rss_links(
            (built_site / "feed_rss_created.xml").read_text("utf-8")
        ),
        "feed_json_created.json": _json_links(
            (built_site / "feed_json_created.json").read_text("utf-8")
        ),
    }
    assert len(built["feed_rss_created.xml"]) == len(set(built["feed_rss_created.xml"])) >= 5
    assert built["feed_json_created.json"] == built["feed_rss_created.xml"]

    privacy = served.project / "docs" / "privacy.md"
    original = privacy.read_text(encoding="utf-8")
    for rebuild in range(1, 5):
        marker = f"Herbouw nummer {rebuild} voor de feedtest."
        privacy.write_text(f"{original}\n{marker}\n", encoding="utf-8")
        _wait_for(_shows(served.base + "privacy/", marker), f"rebuild {rebuild}")
        # The feeds are written after the pages (on_post_build): wait for the whole build.
        _wait_for(
            lambda: (
                _rss_links(_get(served.base + "feed_rss_created.xml") or "<rss/>")
                == built["feed_rss_created.xml"]
            ),
            f"the RSS feed after rebuild {rebuild}",
            timeout=30,
        )
        served_json = _get(served.base + "feed_json_created.json")
        assert _json_links(served_json) == built["feed_json_created.json"], rebuild
    privacy.write_text(original, encoding="utf-8")


def test_an_edit_in_overrides_shows_up_in_the_served_page(served: Served) -> None:
    partial = served.project / "overrides" / "partials" / "copyright.html"
    marker = "Vk29 wijziging in de voettekst"
    assert marker not in _get(served.base)
    text = partial.read_text(encoding="utf-8")
    partial.write_text(text.replace("· <a", f"· {marker} · <a", 1), encoding="utf-8")
    _wait_for(lambda: marker in _get(served.base), "the edited footer in the served page")
    partial.write_text(text, encoding="utf-8")
    _wait_for(lambda: marker not in _get(served.base), "the restored footer")
