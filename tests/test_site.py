"""The built site: strict build, links and anchors, meta tags, privacy, content, feeds."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support import ROOT
from tests.support.browser import Contexts
from tests.support.html import (
    LOCAL,
    Page,
    html_pages,
    is_other_origin,
    load_urls,
    page_url,
    parse,
    post_url,
    published_posts,
    resolve,
    squash,
    words,
)
from tests.support.site import DRAFT_MARKER, DRAFT_SLUG, NEWSLETTER_ACTION, SITE_URL, VariantSite

MAIN_SLUG = "wat-is-een-prospect"
LINKED_SLUGS = (
    "leadgeneratie",
    "acquisitie",
    "nieuwe-klanten-werven-b2b",
    "sales-en-marketingstrategie",
)


# --- The build -------------------------------------------------------------------------


def test_strict_build_writes_the_site(built_site: Path) -> None:
    for expected in (
        "index.html",
        "404.html",
        "sitemap.xml",
        "feed_rss_created.xml",
        "feed_rss_updated.xml",
        "search/search_index.json",
        "blog/index.html",
        "zelftest/index.html",
        "contact/index.html",
        "privacy/index.html",
        "assets/images/social/index.png",
    ):
        assert (built_site / expected).is_file(), expected


def test_definition_and_sources_are_not_published(built_site: Path) -> None:
    assert not list(built_site.rglob("definitie.yml"))
    assert not list(built_site.rglob("*.md")), "markdown sources leaked into the site"


def test_social_cards_build_offline_from_system_fonts(variant_site: VariantSite) -> None:
    # The variant project starts with an empty cache: the hook must have filled it from
    # Debian's Roboto (a download from Google would not be byte-identical).
    fonts = variant_site.docs.parent / ".cache" / "plugin" / "social" / "fonts" / "Roboto"
    system = Path("/usr/share/fonts/truetype/roboto/unhinted/RobotoTTF")
    for style, source in (("Bold", "Roboto-Bold.ttf"), ("Regular", "Roboto-Regular.ttf")):
        assert (fonts / f"{style}.ttf").read_bytes() == (system / source).read_bytes()
    cards = list((variant_site.site / "assets" / "images" / "social").rglob("*.png"))
    assert len(cards) >= len(html_pages(variant_site.site)) - 1  # all but 404.html


# --- Links -----------------------------------------------------------------------------


def test_every_internal_link_and_anchor_resolves(built_site: Path) -> None:
    broken: list[str] = []
    for path in html_pages(built_site):
        page = parse(path)
        base = page_url(built_site, path)
        loads = [url for _, attribute, value in page.loads for url in load_urls(attribute, value)]
        for href in page.links + page.references + loads:
            if href.startswith(("mailto:", "tel:", "data:", "javascript:")):
                continue
            target = resolve(built_site, base, href)
            if target.file is None:
                continue  # a link to another site: fine to link, tested for loads below
            where = f"{path.relative_to(built_site)}: {href}"
            if not target.file.is_file():
                broken.append(f"{where} -> missing {target.file.relative_to(built_site)}")
            elif (
                target.fragment
                and target.file.suffix == ".html"
                and target.fragment not in parse(target.file).ids
            ):
                broken.append(f"{where} -> no id {target.fragment!r}")
    assert not broken, "\n".join(broken)


def test_open_graph_urls_point_at_built_files(built_site: Path) -> None:
    for path in html_pages(built_site):
        page = parse(path)
        for key in ("og:url", "og:image"):
            (url,) = page.meta[key]
            assert url.startswith(SITE_URL), (path, key, url)
            target = resolve(built_site, SITE_URL, url)
            assert target.file is not None
            assert target.file.is_file(), (path, key, url)


# --- Meta tags -------------------------------------------------------------------------


def test_every_page_has_language_title_description_and_open_graph(built_site: Path) -> None:
    for path in html_pages(built_site):
        page = parse(path)
        where = path.relative_to(built_site)
        assert page.lang == "nl", where
        assert page.title, where
        for key in ("description", "og:title", "og:description", "og:image", "og:url"):
            values = page.meta.get(key, [])
            assert len(values) == 1, f"{where}: {key} appears {len(values)} times"
            assert values[0].strip(), f"{where}: empty {key}"
        assert page.meta.get("og:locale") == ["nl_NL"], where


def test_descriptions_come_from_front_matter(built_site: Path) -> None:
    front = published_posts(ROOT / "docs")[MAIN_SLUG]
    page = parse(built_site / "blog" / MAIN_SLUG / "index.html")
    assert page.meta["description"] == [front["description"]]
    assert page.meta["og:description"] == [front["description"]]
    assert page.meta["og:url"] == [post_url(MAIN_SLUG)]


# --- Privacy: nothing from another origin ---------------------------------------------


def _loads_from_other_origins(site: Path, allowed_forms: set[str]) -> list[str]:
    found: list[str] = []
    for path in html_pages(site):
        page = parse(path)
        for tag, attribute, value in page.loads:
            urls = (
                [part.split()[0] for part in value.split(",")] if "srcset" in attribute else [value]
            )
            for url in urls:
                if tag == "form" and url in allowed_forms:
                    continue
                if url and is_other_origin(url):
                    found.append(f"{path.relative_to(site)}: <{tag} {attribute}={url}>")
        for style in page.styles:
            found.extend(f"{path.relative_to(site)}: style {u}" for u in _css_urls(style))
    for stylesheet in sorted(site.rglob("*.css")):
        text = stylesheet.read_text(encoding="utf-8")
        found.extend(f"{stylesheet.relative_to(site)}: {u}" for u in _css_urls(text))
    return found


def _css_urls(css: str) -> Iterator[str]:
    pattern = r"url\(\s*(['\"]?)(.*?)\1\s*\)|@import\s+(['\"])(.*?)\3"
    for match in re.finditer(pattern, css):
        url = match.group(2) or match.group(4) or ""
        if is_other_origin(url):
            yield url


def test_no_element_loads_or_posts_to_another_origin(built_site: Path) -> None:
    assert not _loads_from_other_origins(built_site, allowed_forms=set())


def test_only_the_configured_newsletter_action_leaves_the_site(
    variant_site: VariantSite,
) -> None:
    assert not _loads_from_other_origins(variant_site.site, allowed_forms={NEWSLETTER_ACTION})


def test_the_origin_check_catches_what_it_should() -> None:
    assert is_other_origin("https://fonts.googleapis.com/css?family=Roboto")
    assert is_other_origin("//cdn.example.com/x.js")
    assert not is_other_origin("../assets/x.js")
    assert not is_other_origin("data:image/svg+xml;base64,AAAA")
    assert list(_css_urls("a{background:url('https://cdn.example.com/a.png')}"))
    assert list(_css_urls('@import "https://fonts.googleapis.com/css";'))
    assert not list(_css_urls("a{background:url(../img/a.png)}"))


def test_no_edit_links(built_site: Path) -> None:
    for path in html_pages(built_site):
        page = parse(path)
        assert not any("github.com" in link for link in page.links), path
        assert "md-content__button" not in page.classes, path


# --- Content: the main article and the four it links to --------------------------------

# Key terms of the brief; alternatives separated by |.
MAIN_TERMS = (
    "lead", "prospect", "doelgroep", "behoefte", "budget",
    "beslissingsbevoegdheid|beslissen|beslist", "offerte", "demo", "kennismakingsgesprek",
    "intakegesprek|intake", "nieuwsbrief", "whitepaper", "webinar", "IT-manager",
    "ondernemer", "inkoper", "LinkedIn", "salesfunnel", "gekwalificeerd|kwalificeren",
    "ideaal klantprofiel|ICP",
)  # fmt: skip
# Each example of the brief: terms that must appear together in one paragraph or item.
MAIN_EXAMPLES = {
    "IT manager after a webinar asks for a quote": ("IT-manager", "webinar", "offerte"),
    "entrepreneur calls and books an introduction": (
        "ondernemer",
        "belt|bellen|telefo",
        "vraag",
        "kennismakingsgesprek",
    ),
    "purchaser on LinkedIn open to a demo, with budget": (
        "inkoper",
        "LinkedIn",
        "demo",
        "budget",
        "systeem",
    ),
    "lead: newsletter signup": ("nieuwsbrief", "aangemeld|aanmeld|inschrij"),
    "lead: whitepaper download": ("whitepaper", "download"),
}
# The five characteristics, one per list item of the article's checklist.
MAIN_CHARACTERISTICS = (
    "doelgroep",
    "behoefte",
    "budget",
    "beslis|bevoegd",
    "offerte|intake|demo|contact|interactie",
)


def _has(text: str, alternatives: str) -> bool:
    return any(term.lower() in text.lower() for term in alternatives.split("|"))


@pytest.fixture(scope="module")
def main_article(built_site: Path) -> Page:
    return parse(built_site / "blog" / MAIN_SLUG / "index.html")


def test_main_article_has_every_key_term(main_article: Page) -> None:
    missing = [term for term in MAIN_TERMS if not _has(main_article.article_text, term)]
    assert not missing


@pytest.mark.parametrize("example", MAIN_EXAMPLES)
def test_main_article_has_each_example(main_article: Page, example: str) -> None:
    terms = MAIN_EXAMPLES[example]
    blocks = [b for b in main_article.article_blocks if all(_has(b, t) for t in terms)]
    assert blocks, f"no paragraph or list item holds {terms}"


def test_main_article_lists_the_five_characteristics(main_article: Page) -> None:
    def covers(items: list[str]) -> bool:
        return len(items) == 5 and all(
            _has(item, term) for item, term in zip(items, MAIN_CHARACTERISTICS, strict=True)
        )

    assert any(covers(items) for items in main_article.article_lists), main_article.article_lists


def test_main_article_date_and_author(built_site: Path, main_article: Page) -> None:
    text = squash((built_site / "blog" / MAIN_SLUG / "index.html").read_text("utf-8"))
    assert re.search(r"<time [^>]*>\s*19 augustus 2025\s*</time>", text)
    assert "Mitchel Duijn" in text
    assert published_posts(ROOT / "docs")[MAIN_SLUG]["authors"]


def _article_targets(site: Path, slug: str, page: Page) -> set[str]:
    """The site-relative paths that the article's own text links to."""
    base = page_url(site, site / "blog" / slug / "index.html")
    targets = set()
    for href in page.article_links:
        target = resolve(site, base, href)
        if target.file is not None:
            targets.add(target.file.relative_to(site).as_posix())
    return targets


def test_main_article_links_to_the_four_articles(built_site: Path, main_article: Page) -> None:
    targets = _article_targets(built_site, MAIN_SLUG, main_article)
    for slug in LINKED_SLUGS:
        assert f"blog/{slug}/index.html" in targets


@pytest.mark.parametrize("slug", LINKED_SLUGS)
def test_linked_article_is_substantial_and_links_back(built_site: Path, slug: str) -> None:
    page = parse(built_site / "blog" / slug / "index.html")
    assert words(page.article_text) >= 500, words(page.article_text)
    assert f"blog/{MAIN_SLUG}/index.html" in _article_targets(built_site, slug, page)


def test_word_count_ignores_call_to_action(built_site: Path) -> None:
    page = parse(built_site / "blog" / MAIN_SLUG / "index.html")
    assert "cf-cta" in page.classes
    assert "Telefonische acquisitie uitbesteden?" not in page.article_text


# --- Feeds, sitemap and drafts --------------------------------------------------------


def _sitemap(site: Path) -> set[str]:
    tree = ET.parse(site / "sitemap.xml")
    return {loc.text or "" for loc in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}


def _feed_links(site: Path) -> dict[str, set[str]]:
    feeds: dict[str, set[str]] = {}
    for name in ("feed_rss_created.xml", "feed_rss_updated.xml"):
        feeds[name] = {
            link.text or "" for link in ET.parse(site / name).iterfind("./channel/item/link")
        }
    for name in ("feed_json_created.json", "feed_json_updated.json"):
        items = json.loads((site / name).read_text(encoding="utf-8"))["items"]
        feeds[name] = {item["url"] for item in items}
    return feeds


def test_all_five_articles_are_published(built_site: Path) -> None:
    posts = published_posts(ROOT / "docs")
    assert {MAIN_SLUG, *LINKED_SLUGS} <= set(posts)
    for slug in posts:
        assert (built_site / "blog" / slug / "index.html").is_file(), slug


def test_feeds_and_sitemap_list_every_published_post(built_site: Path) -> None:
    expected = {post_url(slug) for slug in published_posts(ROOT / "docs")}
    assert expected <= _sitemap(built_site)
    for name, links in _feed_links(built_site).items():
        assert links == expected, name


def test_sitemap_lists_only_built_pages(built_site: Path) -> None:
    for url in _sitemap(built_site):
        target = resolve(built_site, SITE_URL, url)
        assert target.file is not None
        assert target.file.is_file(), url


def test_feed_dates_come_from_front_matter(built_site: Path) -> None:
    tree = ET.parse(built_site / "feed_rss_created.xml")
    dates = {
        (item.findtext("link") or ""): item.findtext("pubDate") or ""
        for item in tree.iterfind("./channel/item")
    }
    assert "19 Aug 2025" in dates[post_url(MAIN_SLUG)]


def test_draft_post_is_not_published(variant_site: VariantSite) -> None:
    site = variant_site.site
    # The draft is in the variant's docs, and the variant's other posts are published.
    assert (variant_site.docs / "blog" / "posts" / f"{DRAFT_SLUG}.md").is_file()
    published = published_posts(variant_site.docs)
    assert DRAFT_SLUG not in published
    assert (site / "blog" / MAIN_SLUG / "index.html").is_file()
    assert not (site / "blog" / DRAFT_SLUG).exists()
    assert post_url(DRAFT_SLUG) not in _sitemap(site)
    for name, links in _feed_links(site).items():
        assert post_url(DRAFT_SLUG) not in links, name
        assert post_url(MAIN_SLUG) in links, name
    # Nowhere at all: not in the blog index, archive, categories or the search index.
    for path in site.rglob("*"):
        if path.suffix in {".html", ".xml", ".json", ".txt"}:
            assert DRAFT_MARKER not in path.read_text(encoding="utf-8"), path


# --- Calls to action and the newsletter -----------------------------------------------


def test_posts_end_with_a_call_to_action_to_the_contact_page(built_site: Path) -> None:
    for slug in (MAIN_SLUG, *LINKED_SLUGS):
        path = built_site / "blog" / slug / "index.html"
        text = path.read_text(encoding="utf-8")
        cta = text[text.index('class="cf-cta"') :]
        href = re.search(r'href="([^"]+)"', cta)
        assert href
        target = resolve(built_site, page_url(built_site, path), href.group(1))
        assert target.file == built_site / "contact" / "index.html"


def test_newsletter_is_absent_without_configuration(built_site: Path) -> None:
    for path in html_pages(built_site):
        page = parse(path)
        assert "cf-newsletter" not in page.classes, path
        assert not [f for f in page.forms if "data-cf-newsletter" in f.attrs], path


@pytest.mark.parametrize("page_path", ["index.html", f"blog/{MAIN_SLUG}/index.html"])
def test_newsletter_form_when_configured(variant_site: VariantSite, page_path: str) -> None:
    page = parse(variant_site.site / page_path)
    (form,) = [f for f in page.forms if "data-cf-newsletter" in f.attrs]
    assert form.attrs["action"] == NEWSLETTER_ACTION
    assert form.attrs["method"].lower() == "post"
    assert "novalidate" not in form.attrs
    by_type = {field.get("type"): field for field in form.inputs}
    email, consent = by_type["email"], by_type["checkbox"]
    assert email["name"] == "EMAIL"
    assert "required" in email
    assert "required" in consent
    assert consent["name"] == "OPT_IN"
    assert {"for": email["id"]} in [{"for": label.get("for")} for label in form.labels]
    assert by_type["hidden"] == {"tag": "input", "type": "hidden", "name": "locale", "value": "nl"}
    scripts = [u for tag, _, u in page.loads if tag == "script"]
    assert any(u.endswith("assets/javascripts/newsletter.js") for u in scripts)


def test_newsletter_is_not_on_other_pages(variant_site: VariantSite) -> None:
    for page_path in ("contact/index.html", "blog/index.html", "privacy/index.html"):
        page = parse(variant_site.site / page_path)
        assert not [f for f in page.forms if "data-cf-newsletter" in f.attrs], page_path


def test_footer_links_to_privacy(built_site: Path) -> None:
    for path in html_pages(built_site):
        text = path.read_text(encoding="utf-8")
        footer = text[text.index('class="md-copyright"') :]
        assert re.search(
            r"© 2025(–\d{4})? Close Force Company",
            footer.replace("&copy;", "©").replace("&ndash;", "–"),
        )
        href = re.search(r'<a href="([^"]+)">Privacy</a>', footer)
        assert href, path
        target = resolve(built_site, page_url(built_site, path), href.group(1))
        assert target.file == built_site / "privacy" / "index.html"


# --- In the browser -------------------------------------------------------------------


@pytest.mark.browser
def test_pages_request_nothing_from_another_origin_in_chromium(
    built_site: Path, site_server: str, new_context: Contexts
) -> None:
    context = new_context(service_workers="block")
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    # Anything leaving 127.0.0.1 is recorded above and then refused, never sent.
    context.route(
        re.compile(r"^(?!" + re.escape(site_server) + r")(https?|wss?)://"),
        lambda route: route.abort(),
    )
    page = context.new_page()
    for path in html_pages(built_site):
        if path.name == "404.html":
            continue
        url = page_url(built_site, path).replace(LOCAL, site_server)
        page.goto(url, wait_until="networkidle")  # late requests of scripts included
    outside = sorted({u for u in requests if not u.startswith((site_server, "data:", "blob:"))})
    assert not outside
    assert len(requests) > len(html_pages(built_site))


@pytest.mark.browser
def test_newsletter_validation_speaks_dutch_and_posts_to_the_provider(
    variant_site: VariantSite, serve_dir: Callable[[Path], str], new_context: Contexts
) -> None:
    base = serve_dir(variant_site.site)
    context = new_context()
    posted: list[tuple[str, str]] = []

    def provider(route: Any) -> None:
        posted.append((route.request.method, route.request.post_data or ""))
        route.fulfill(status=200, content_type="text/html", body="<p>Bedankt</p>")

    context.route(lambda url: url == NEWSLETTER_ACTION, provider)
    page = context.new_page()
    article = f"{base}blog/{MAIN_SLUG}/"
    # Arrive by Material's instant navigation: the script must bind to the swapped page.
    page.goto(f"{base}blog/")
    page.locator(f'.cf-post-card__title a[href$="/{MAIN_SLUG}/"]').click()
    page.wait_for_url(article)
    assert page.evaluate("window.performance.getEntriesByType('navigation').length") == 1
    email = page.locator("#cf-newsletter-email")
    consent = page.locator(".cf-newsletter__consent input")
    submit = page.locator(".cf-newsletter__form button[type=submit]")
    error = page.locator(".cf-newsletter__error")

    def message() -> str:
        return str(email.evaluate("field => field.validationMessage"))

    submit.click()
    assert message() == "Vul je e-mailadres in."
    assert error.text_content() == "Vul je e-mailadres in."
    for wrong in ("geen-adres", "naam@bedrijf"):
        email.fill(wrong)
        submit.click()
        assert message().startswith("Dit is geen geldig e-mailadres."), wrong
        assert error.text_content() == message()
        assert email.get_attribute("aria-invalid") == "true"
    email.fill("naam@bedrijf.nl")
    assert email.get_attribute("aria-invalid") == "false"
    submit.click()
    consent_message = str(consent.evaluate("field => field.validationMessage"))
    assert consent_message == "Vink het vakje aan om toestemming te geven voor de nieuwsbrief."
    assert error.text_content() == consent_message
    assert page.url.split("#")[0] == article
    assert not posted

    consent.check()
    with page.expect_navigation():
        submit.click()
    assert posted == [("POST", "EMAIL=naam%40bedrijf.nl&OPT_IN=1&locale=nl")]
