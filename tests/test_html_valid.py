"""Valid HTML: the Nu Html Checker (npm vnu-jar, Java) finds no error and no warning on
any built page, the theme's own markup included (overrides/partials/nav-item.html,
toc.html and overrides/hooks/pages.py fix the theme's three errors)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from tests.support import ROOT
from tests.support.site import VariantSite

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def problems(site: Path) -> list[str]:
    """Errors and warnings of the checker over every page; info messages aside."""
    java = shutil.which("java")
    assert java, "Java is missing: `make install` installs Debian's default-jre-headless"
    assert VNU.is_file(), "vnu-jar is missing: `make install` runs npm ci"
    pages = sorted(p for p in site.rglob("*.html") if "assets" not in p.relative_to(site).parts)
    assert len(pages) > 10, pages
    result = subprocess.run(
        [java, "-jar", str(VNU), "--skip-non-html", "--format", "json", *map(str, pages)],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(result.stderr)["messages"]
    found = []
    for message in messages:
        if message["type"] == "info" and message.get("subType") != "warning":
            continue
        where = message.get("url", "").split(str(site), 1)[-1]
        extract = message.get("extract", "").replace("\n", " ")[:120]
        found.append(f"{where}:{message.get('lastLine')}: {message['message']} | {extract}")
    return found


def test_every_page_is_valid_html(built_site: Path) -> None:
    assert problems(built_site) == []


def test_pages_with_the_newsletter_form_are_valid_html(variant_site: VariantSite) -> None:
    assert problems(variant_site.site) == []


def test_the_checker_reports_what_it_should(tmp_path: Path) -> None:
    """The theme's error of old, in a page of its own: the check can fail."""
    for name in ("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"):
        page = tmp_path / name / "index.html"
        page.parent.mkdir()
        page.write_text(
            '<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>t</title></head>'
            '<body><input type="checkbox" id="x" autocomplete="off"><label for="x">x</label>'
            "</body></html>",
            encoding="utf-8",
        )
    found = problems(tmp_path)
    assert len(found) == 11
    assert all("autocomplete" in line for line in found)


def test_no_empty_tabindex_in_the_navigation(built_site: Path) -> None:
    for page in built_site.rglob("*.html"):
        assert 'tabindex=""' not in page.read_text(encoding="utf-8"), page
