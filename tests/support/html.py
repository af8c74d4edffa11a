"""Reading a built site as a person's browser would: pages parsed into what they show,
link, load and send; URLs resolved against the site's files; the published posts.

Shared by the site tests (tests/test_site.py); nothing here is a test.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import yaml

from tests.support.site import SITE_URL

# --- Parsing the built HTML ------------------------------------------------------------

_VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip
_BLOCKS = {"p", "li", "td", "th", "dd", "dt", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption"}
# Parts of an article that are not the author's text: our call to action and newsletter
# box, the permalink signs, scripts.
_NOT_ARTICLE_TEXT = ("cf-cta", "cf-newsletter", "headerlink")
# Attributes through which an element makes the browser fetch or post something.
_LOADS = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "iframe": ("src",),
    "frame": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "form": ("action",),
    "button": ("formaction",),
    "input": ("src", "formaction"),
    "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"),
}
# <link> relations that only name a URL (the canonical address, feeds, neighbours).
_LINK_REFERENCES = {"canonical", "alternate", "prev", "next"}


@dataclass
class Form:
    attrs: dict[str, str]
    inputs: list[dict[str, str]] = field(default_factory=list)
    labels: list[dict[str, str]] = field(default_factory=list)


@dataclass
class Page:
    """What the tests need from one built HTML page."""

    path: Path
    lang: str | None = None
    title: str = ""
    meta: dict[str, list[str]] = field(default_factory=dict)
    ids: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)
    loads: list[tuple[str, str, str]] = field(default_factory=list)  # tag, attribute, URL
    references: list[str] = field(default_factory=list)  # <link rel=canonical> and such
    styles: list[str] = field(default_factory=list)
    classes: list[str] = field(default_factory=list)
    forms: list[Form] = field(default_factory=list)
    article_text: str = ""
    article_blocks: list[str] = field(default_factory=list)
    article_sections: dict[str, str] = field(default_factory=dict)
    article_lists: list[list[str]] = field(default_factory=list)
    article_links: list[str] = field(default_factory=list)


class _PageParser(HTMLParser):
    def __init__(self, page: Page) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        # Open elements: tag, inside the article, inside a skipped part, counted as text.
        self.stack: list[tuple[str, bool, bool, bool]] = []
        self.in_title = False
        self.in_style = False
        self.form: Form | None = None
        self.text: list[str] = []
        self.blocks: list[list[str]] = []
        self.lists: list[list[str]] = []
        self.section = ""

    # Where we are: inside the page's main article, and outside the parts we skip.
    def _state(self) -> tuple[bool, bool]:
        return (self.stack[-1][1], self.stack[-1][2]) if self.stack else (False, False)

    def handle_starttag(self, tag: str, attrs_list: list[tuple[str, str | None]]) -> None:
        attrs = {name: value or "" for name, value in attrs_list}
        classes = attrs.get("class", "").split()
        self.page.classes.extend(classes)
        self._collect(tag, attrs)
        in_article, skipped = self._state()
        if tag == "article" and "md-content__inner" in classes:
            in_article = True
        skipped = (
            skipped
            or tag in {"script", "style"}
            or any(name in classes for name in _NOT_ARTICLE_TEXT)
        )
        counted = in_article and not skipped
        if counted:
            self._collect_article(tag, attrs)
        if tag not in _VOID:
            self.stack.append((tag, in_article, skipped, counted))

    def handle_startendtag(self, tag: str, attrs_list: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs_list)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        elif tag == "style":
            self.in_style = False
        elif tag == "form":
            self.form = None
        # Close the innermost matching element, and any unclosed children inside it.
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                for name, _, _, counted in reversed(self.stack[index:]):
                    if counted:
                        self._close_article_element(name)
                del self.stack[index:]
                break

    def _close_article_element(self, tag: str) -> None:
        if tag in _BLOCKS:
            text = squash("".join(self.blocks.pop()))
            self.page.article_blocks.append(text)
            if tag == "li" and self.lists:
                self.lists[-1].append(text)
        elif tag in {"ol", "ul"}:
            self.page.article_lists.append(self.lists.pop())

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.page.title += data
        if self.in_style:
            self.page.styles.append(data)
        in_article, skipped = self._state()
        if in_article and not skipped:
            self.text.append(data)
            for block in self.blocks:
                block.append(data)
            self.page.article_sections[self.section] = (
                self.page.article_sections.get(self.section, "") + data
            )

    def close(self) -> None:
        super().close()
        self.page.title = squash(self.page.title)
        self.page.article_text = squash(" ".join(self.text))

    def _collect(self, tag: str, attrs: dict[str, str]) -> None:
        page = self.page
        if tag == "html":
            page.lang = attrs.get("lang")
        elif tag == "title":
            self.in_title = True
        elif tag == "style":
            self.in_style = True
        elif tag == "meta":
            key = attrs.get("property") or attrs.get("name")
            if key:
                page.meta.setdefault(key, []).append(attrs.get("content", ""))
        elif tag == "link":
            rel = set(attrs.get("rel", "").lower().split())
            target = page.references if rel and rel <= _LINK_REFERENCES else page.loads
            if "href" in attrs:
                if target is page.loads:
                    page.loads.append((tag, "href", attrs["href"]))
                else:
                    page.references.append(attrs["href"])
        if tag in {"a", "area"} and "href" in attrs:
            page.links.append(attrs["href"])
        for name in ("id", "name") if tag == "a" else ("id",):
            if attrs.get(name):
                page.ids.add(attrs[name])
        for attribute in _LOADS.get(tag, ()):
            if attribute in attrs:
                page.loads.append((tag, attribute, attrs[attribute]))
        if "style" in attrs:
            page.styles.append(attrs["style"])
        if tag == "form":
            self.form = Form(attrs)
            page.forms.append(self.form)
        elif self.form is not None and tag in {"input", "button", "textarea", "select"}:
            self.form.inputs.append({"tag": tag, **attrs})
        elif self.form is not None and tag == "label":
            self.form.labels.append(attrs)

    def _collect_article(self, tag: str, attrs: dict[str, str]) -> None:
        if tag in {"a", "area"} and "href" in attrs:
            self.page.article_links.append(attrs["href"])
        if tag in _BLOCKS:
            self.blocks.append([])
        if tag in {"ol", "ul"}:
            self.lists.append([])
        if tag == "h2":
            self.section = attrs.get("id", "")


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@cache
def parse(path: Path) -> Page:
    page = Page(path)
    parser = _PageParser(page)
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return page


def html_pages(site: Path) -> list[Path]:
    """Every page MkDocs wrote (theme and vendor files under assets/ are not pages)."""
    pages = [p for p in sorted(site.rglob("*.html")) if "assets" not in p.relative_to(site).parts]
    assert len(pages) > 10, f"expected the whole site in {site}, found {len(pages)} pages"
    return pages


# --- Resolving URLs --------------------------------------------------------------------

LOCAL = "http://site.invalid/"


def page_url(site: Path, path: Path) -> str:
    """The URL of a built file, on a stand-in origin."""
    relative = path.relative_to(site).as_posix()
    return LOCAL + relative.removesuffix("index.html")


@dataclass(frozen=True)
class Target:
    file: Path | None  # None: the URL points at another site
    fragment: str


def resolve(site: Path, base: str, href: str) -> Target:
    """Resolve `href` found on the page at `base` to a file of the site (or None)."""
    if href.startswith(SITE_URL):
        href = LOCAL + href.removeprefix(SITE_URL)
    url = urlsplit(urljoin(base, href))
    if f"{url.scheme}://{url.netloc}/" != LOCAL:
        return Target(None, url.fragment)
    relative = unquote(url.path).lstrip("/")
    candidate = site / relative
    if relative == "" or relative.endswith("/") or candidate.is_dir():
        candidate = candidate / "index.html"
    return Target(candidate, unquote(url.fragment))


def load_urls(attribute: str, value: str) -> list[str]:
    """The URLs in a loading attribute (a srcset holds several, each with a size)."""
    if attribute == "srcset":
        return [part.split()[0] for part in value.split(",") if part.strip()]
    return [value]


def is_other_origin(url: str) -> bool:
    """True for URLs that leave the site: any scheme or host, except inline data."""
    parts = urlsplit(url.strip())
    if parts.scheme in {"data", "blob"}:
        return False
    return bool(parts.scheme or parts.netloc or url.strip().startswith("//"))


def post_url(slug: str) -> str:
    return f"{SITE_URL}blog/{slug}/"


def published_posts(docs: Path) -> dict[str, dict[str, Any]]:
    """Front matter of every post in `docs` that is not a draft, by slug."""
    posts: dict[str, dict[str, Any]] = {}
    for source in sorted((docs / "blog" / "posts").glob("*.md")):
        front = yaml.safe_load(source.read_text(encoding="utf-8").split("---")[1])
        if front.get("draft"):
            continue
        assert "slug" in front, f"{source.name}: give each post a `slug:` (its stable URL)"
        posts[front["slug"]] = front
    return posts


def words(text: str) -> int:
    return len(re.findall(r"\w+(?:[-'’]\w+)*", text))
