"""`make serve` as a marketer uses it: the feeds stay equal to `make build`'s however often
the preview rebuilds, and edits in overrides/ show up like edits in docs/."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.support import wait_for
from tests.support.serve import ServedProject, mkdocs_serve
from tests.support.site import make_variant_project


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedProject]:
    """`mkdocs serve` on a copy of the project whose overrides/ is its own copy too."""
    project = tmp_path_factory.mktemp("serve") / "project"
    make_variant_project(project, "", own_overrides=True)
    with mkdocs_serve(project, ready_path="privacy/") as served:
        yield served


def _shows(served: ServedProject, path: str, text: str) -> Callable[[], bool]:
    return lambda: text in served.get(path)


# `mkdocs serve` puts its own address in place of site_url: compare the paths.
def _rss_links(xml: str) -> list[str]:
    return [urlsplit(item.findtext("link") or "").path for item in ET.fromstring(xml).iter("item")]


def _json_links(text: str) -> list[str]:
    return [urlsplit(item["url"]).path for item in json.loads(text)["items"]]


def test_feeds_stay_equal_to_the_build_after_rebuilds(
    served: ServedProject, built_site: Path
) -> None:
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
        wait_for(_shows(served, "privacy/", marker), f"rebuild {rebuild}")
        # The feeds are written after the pages (on_post_build): wait for the whole build.
        wait_for(
            lambda: (
                _rss_links(served.get("feed_rss_created.xml") or "<rss/>")
                == built["feed_rss_created.xml"]
            ),
            f"the RSS feed after rebuild {rebuild}",
            timeout=30,
        )
        served_json = served.get("feed_json_created.json")
        assert _json_links(served_json) == built["feed_json_created.json"], rebuild
    privacy.write_text(original, encoding="utf-8")


def test_an_edit_in_overrides_shows_up_in_the_served_page(served: ServedProject) -> None:
    partial = served.project / "overrides" / "partials" / "copyright.html"
    marker = "Vk29 wijziging in de voettekst"
    assert marker not in served.get("")
    text = partial.read_text(encoding="utf-8")
    partial.write_text(text.replace("· <a", f"· {marker} · <a", 1), encoding="utf-8")
    wait_for(lambda: marker in served.get(""), "the edited footer in the served page")
    partial.write_text(text, encoding="utf-8")
    wait_for(lambda: marker not in served.get(""), "the restored footer")
