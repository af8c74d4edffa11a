"""The company's pages as built: the home page's words, posts and criteria come from their
sources, the footer shows only the company details mkdocs.yml fills in, and every page's
JSON-LD (schema.org) is valid and says what the page says (overrides/hooks/pages.py)."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from datetime import date
from html import unescape
from pathlib import Path
from typing import Any

import pytest
import yaml

import quiz
from tests.support import ROOT
from tests.support.site import SITE_URL

DOCS = ROOT / "docs"
SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def front_matter(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])
    assert isinstance(data, dict)
    return data


def posts() -> dict[str, dict[str, Any]]:
    """Published posts by slug: front matter plus the title (the Markdown's `# ...`)."""
    found = {}
    for source in sorted((DOCS / "blog" / "posts").glob("*.md")):
        front = front_matter(source)
        if front.get("draft"):
            continue
        title = re.search(r"^# (.+)$", source.read_text(encoding="utf-8"), re.M)
        assert title, source
        found[front["slug"]] = {**front, "title": title[1].strip()}
    return found


def mkdocs_config() -> dict[str, Any]:
    # mkdocs.yml has no Python tags: a plain loader that ignores unknown tags suffices.
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    data = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    assert isinstance(data, dict)
    return data


def text(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def json_ld(page: Path) -> list[Any]:
    return [json.loads(block) for block in SCRIPT.findall(page.read_text(encoding="utf-8"))]


def graph(page: Path) -> dict[str, dict[str, Any]]:
    """The page's single JSON-LD graph, by @type."""
    (data,) = json_ld(page)
    assert data["@context"] == "https://schema.org"
    return {node["@type"]: node for node in data["@graph"]}


def meta(page: Path, key: str) -> str:
    html = page.read_text(encoding="utf-8")
    match = re.search(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)"', html)
    assert match, (page, key)
    return unescape(match[1])


def canonical(page: Path) -> str:
    match = re.search(r'<link rel="canonical" href="([^"]+)"', page.read_text(encoding="utf-8"))
    assert match, page
    return match[1]


def site_file(site: Path, url: str) -> Path:
    assert url.startswith(SITE_URL), url
    relative = url.removeprefix(SITE_URL)
    path = site / relative
    return path / "index.html" if relative.endswith("/") or not relative else path


# --- The home page ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def home(built_site: Path) -> str:
    return (built_site / "index.html").read_text(encoding="utf-8")


def test_home_words_come_from_the_front_matter(home: str) -> None:
    words = front_matter(DOCS / "index.md")
    page = text(home)
    assert words["hero"]["title"] in page
    for section in ("steps", "services"):
        for item in words[section]["items"]:
            assert item["title"] in page
            assert " ".join(item["text"].split()) in page
    assert words["services"]["guarantee"]["title"] in page
    assert words["closing"]["title"] in page


def test_hero_offers_the_self_assessment_first_then_an_appointment(home: str) -> None:
    hero = home[home.index('class="cf-hero"') : home.index("</header>", home.index("cf-hero"))]
    links = re.findall(r'<a class="md-button( md-button--primary)?" href="([^"]+)"', hero)
    assert [(bool(primary), href) for primary, href in links] == [
        (True, "zelftest/"),
        (False, "contact/"),
    ]


def test_home_lists_the_criteria_of_the_definition(home: str) -> None:
    block = re.search(r'<ol class="cf-criteria" data-quiz-criteria>(.*?)</ol>', home, re.S)
    assert block
    items = [text(item) for item in re.findall(r"<li[^>]*>(.*?)</li>", block[1], re.S)]
    assert items == [c["label"] for c in quiz.questions()["criteria"]]
    assert len(items) == 5


def test_home_shows_the_three_newest_posts(home: str) -> None:
    def created(front: dict[str, Any]) -> date:
        value = front["date"]
        created = value["created"] if isinstance(value, dict) else value
        assert isinstance(created, date)
        return created

    newest = sorted(posts().items(), key=lambda item: created(item[1]), reverse=True)[:3]
    section = home[home.index('id="cf-latest-title"') :]
    shown = re.findall(r'class="cf-post-card__title"><a href="blog/([^/"]+)/">([^<]+)</a>', section)
    assert shown == [(slug, front["title"]) for slug, front in newest]


def test_home_invents_no_facts(home: str) -> None:
    """No testimonials, client logos or figures that nobody gave us."""
    page = text(home[home.index('class="md-content cf-home"') : home.index("md-footer")]).lower()
    for word in ("klanten zeggen", "testimonial", "review", "sterren", "%"):
        assert word not in page, word


# --- The footer ------------------------------------------------------------------------


def test_footer_shows_only_the_company_details_that_are_filled_in(built_site: Path) -> None:
    company = mkdocs_config()["extra"]["company"]
    for page in (built_site / "index.html", built_site / "404.html"):
        html = page.read_text(encoding="utf-8")
        footer = html[html.index('class="cf-footer__company"') : html.index("md-copyright")]
        assert company["name"] in footer
        assert f'href="mailto:{company["email"]}"' in footer
        assert ("tel:" in footer) == bool(company.get("phone"))
        assert ("KvK" in footer) == bool(company.get("kvk"))
        assert footer.count("<li>") == sum(
            bool(company.get(key)) for key in ("address", "phone", "email", "kvk")
        )


# --- JSON-LD ---------------------------------------------------------------------------


def test_every_post_has_a_blog_posting_that_matches_the_page(built_site: Path) -> None:
    config = mkdocs_config()
    authors = yaml.safe_load((DOCS / "blog" / ".authors.yml").read_text(encoding="utf-8"))
    for slug, front in posts().items():
        page = built_site / "blog" / slug / "index.html"
        nodes = graph(page)
        post = nodes["BlogPosting"]
        html = page.read_text(encoding="utf-8")
        h1 = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
        assert h1
        assert post["headline"] == front["title"] == text(h1[1]).rstrip("¶").strip()
        assert post["description"] == front["description"] == meta(page, "description")
        # `date: 2025-08-19`, or `date: {created: ..., updated: ...}` (Material's blog)
        dates = front["date"] if isinstance(front["date"], dict) else {"created": front["date"]}
        published = dates["created"]
        assert isinstance(published, date)
        assert post["datePublished"] == published.isoformat()
        assert f'datetime="{published.isoformat()}"' in html
        if dates.get("updated"):
            assert post["dateModified"] == dates["updated"].isoformat()
        else:
            assert "dateModified" not in post
        expected = [authors["authors"][key]["name"] for key in front["authors"]]
        assert [a["name"] for a in post["author"]] == expected
        assert all(a["@type"] == "Person" for a in post["author"])
        for name in expected:
            assert name in html
        for author in post["author"]:
            assert site_file(built_site, author["image"]).is_file()
        publisher = post["publisher"]
        assert publisher["@type"] == "Organization"
        assert publisher["name"] == config["extra"]["company"]["name"]
        assert site_file(built_site, publisher["logo"]["url"]).is_file()
        assert post["image"] == meta(page, "og:image")
        assert site_file(built_site, post["image"]).is_file()
        assert post["mainEntityOfPage"]["@id"] == canonical(page) == f"{SITE_URL}blog/{slug}/"
        crumbs = nodes["BreadcrumbList"]["itemListElement"]
        assert [c["position"] for c in crumbs] == [1, 2, 3]
        assert [c["item"] for c in crumbs] == [SITE_URL, f"{SITE_URL}blog/", canonical(page)]
        assert crumbs[-1]["name"] == front["title"]


def test_home_has_organization_and_website_with_search(built_site: Path) -> None:
    config = mkdocs_config()
    nodes = graph(built_site / "index.html")
    organization, site = nodes["Organization"], nodes["WebSite"]
    company = config["extra"]["company"]
    assert organization["name"] == company["name"]
    assert organization["url"] == SITE_URL == site["url"]
    assert site_file(built_site, organization["logo"]["url"]).is_file()
    # Only what mkdocs.yml gives: nothing made up.
    assert ("address" in organization) == bool(company.get("address"))
    assert ("telephone" in organization) == bool(company.get("phone"))
    assert ("identifier" in organization) == bool(company.get("kvk"))
    assert site["publisher"]["@id"] == organization["@id"]
    action = site["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"] == f"{SITE_URL}?q={{search_term_string}}"
    assert action["query-input"] == "required name=search_term_string"


def test_other_pages_have_no_structured_data(built_site: Path) -> None:
    for page in ("contact/index.html", "zelftest/index.html", "blog/index.html", "404.html"):
        assert json_ld(built_site / page) == [], page


def test_json_ld_is_data_not_a_script_the_policy_allows(built_site: Path) -> None:
    """The CSP hook hashes only scripts a browser runs; JSON-LD is data and stays out."""
    headers = (built_site / "_headers").read_text(encoding="utf-8")
    blocks = SCRIPT.findall(
        (built_site / "blog" / "wat-is-een-prospect" / "index.html").read_text()
    )
    assert blocks
    for block in blocks:
        digest = base64.b64encode(hashlib.sha256(block.encode()).digest()).decode()
        assert digest not in headers
    assert "'sha256-" in headers  # the theme's own inline scripts are still hashed
