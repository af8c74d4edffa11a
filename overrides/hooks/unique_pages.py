"""MkDocs hook: no page silently replaces another, and no post goes out unfinished.

The build stops, naming both files, when two pages of the site get the same URL (a copied
post that kept its `slug:`), or when two blog posts have the same title and date (a copy
whose slug was changed but whose title and date were not). It also stops, naming the
file, when a post that would be published has no `description` (search engines, social
media and the feed show it) or no `categories` (the label on its card); a draft may lack
them until it is finished.

It runs in `on_nav` after Material's blog plugin (priority -50), which has by then given
every post its final URL (`post_url_format`) and marked drafts as excluded when they are
not built (`draft: true` in `mkdocs build`; `make serve` shows drafts, so checks them).
`make serve` does not stop: it names the pages in a banner on every page until they differ
(`preview`, beside the hooks).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation

import preview

POSTS = "blog/posts/"
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?\n)(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_HEADING = re.compile(r"#[ \t]+(?P<title>.+?)[ \t#]*")


@dataclass(frozen=True)
class _Source:
    """Where a page comes from, as a marketer reads it: `docs/blog/posts/x.md:4`."""

    shown: str  # the file, relative to the project
    lines: list[str]  # its text, line by line
    meta: dict[str, Any]  # its front matter
    body: int  # the index in `lines` of the first line after the front matter

    def line_of(self, key: str) -> int | None:
        """The line number (1-based) of `key:` in the front matter, if it is there."""
        pattern = re.compile(rf"{re.escape(key)}[ \t]*:")
        for number, line in enumerate(self.lines[1 : self.body], start=2):
            if pattern.match(line):
                return number
        return None

    def title(self) -> tuple[str, int] | None:
        """The post's title and its line: `title:` in the front matter, else the first `# `."""
        number = self.line_of("title")
        if number is not None and self.meta.get("title"):
            return str(self.meta["title"]).strip(), number
        for number, line in enumerate(self.lines[self.body :], start=self.body + 1):
            if heading := _HEADING.fullmatch(line.rstrip()):
                return heading["title"], number
        return None

    def date(self) -> dt.date | None:
        """The post's date (`date:` or `date: {created: ...}`), as the blog plugin reads it."""
        value = self.meta.get("date")
        if isinstance(value, dict):
            value = value.get("created")
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip()[:10])
            except ValueError:
                return None
        return None


# --- Hook -----------------------------------------------------------------------------


@event_priority(-100)  # after the blog plugin's on_nav (-50): post URLs and drafts are final
def on_nav(nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
    """Stop the build when two built pages share a URL, or two posts a title and date."""
    project = Path(config.config_file_path).parent
    docs = Path(config.docs_dir)
    pages = [
        file
        for file in files.documentation_pages()
        if file.inclusion != InclusionLevel.EXCLUDED  # drafts in `mkdocs build`
    ]
    problems = [*_same_url(pages, docs, project), *_same_title_and_date(pages, docs, project)]
    if problems:
        preview.report(
            "Dubbele pagina's gevonden:\n"
            + "\n".join(problems)
            + "\nPas dit aan, dan gaat de build weer verder."
        )
    if unfinished := _unfinished_posts(pages, docs, project):
        preview.report(
            "Niet elk bericht is klaar om te publiceren:\n"
            + "\n".join(unfinished)
            + "\nVul dit aan, of houd het bericht een concept met `draft: true`."
        )
    return nav


# --- Checks ---------------------------------------------------------------------------


def _same_url(pages: list[File], docs: Path, project: Path) -> list[str]:
    by_url: dict[str, list[File]] = defaultdict(list)
    for file in pages:
        by_url[file.url].append(file)
    problems = []
    for url, clash in sorted(by_url.items()):
        if len(clash) == 1:  # a URL, or a title and date, of its own
            continue
        named = []
        for file in sorted(clash, key=lambda f: f.src_uri):
            source = _source(file, docs, project)
            if source is None:
                named.append(f"- {file.src_uri} (een overzichtspagina die de blog zelf maakt)")
                continue
            line = source.line_of("slug")
            if line is not None:
                named.append(f"- {source.shown}:{line}: {source.lines[line - 1].strip()}")
            else:
                named.append(f"- {source.shown} (zonder slug: het adres komt van de bestandsnaam)")
        problems.append(
            f"Deze {len(clash)} pagina's krijgen hetzelfde adres /{url}:\n"
            + "\n".join(named)
            + "\n  Geef elk bericht een eigen slug (het laatste deel van het adres), "
            "bijvoorbeeld met een woord uit de titel erbij."
        )
    return problems


def _same_title_and_date(pages: list[File], docs: Path, project: Path) -> list[str]:
    by_key: dict[tuple[str, dt.date], list[tuple[_Source, int]]] = defaultdict(list)
    for file in pages:
        if not file.src_uri.startswith(POSTS):
            continue
        source = _source(file, docs, project)
        if source is None:
            continue
        title, date = source.title(), source.date()
        if title is not None and date is not None:
            by_key[(title[0].casefold(), date)].append((source, title[1]))
    problems = []
    for (_, date), clash in sorted(by_key.items(), key=lambda item: (item[0][1], item[0][0])):
        if len(clash) == 1:  # a URL, or a title and date, of its own
            continue
        named = [
            f"- {source.shown}:{line}: {source.lines[line - 1].strip()}" for source, line in clash
        ]
        problems.append(
            f"Deze {len(clash)} berichten hebben dezelfde titel en dezelfde datum "
            f"({date:%d-%m-%Y}):\n"
            + "\n".join(sorted(named))
            + "\n  Is een ervan een kopie? Geef die een eigen titel en datum, of verwijder hem."
        )
    return problems


def _unfinished_posts(pages: list[File], docs: Path, project: Path) -> list[str]:
    """Posts to be published without a description or without categories."""
    sources = [
        source
        for file in pages
        if file.src_uri.startswith(POSTS) and (source := _source(file, docs, project))
    ]
    in_use = sorted(
        {str(c) for source in sources for c in _as_list(source.meta.get("categories"))},
        key=str.casefold,
    )
    example = f"categories: [{in_use[0]}]" if in_use else "categories: [Sales]"
    problems = []
    for source in sorted(sources, key=lambda s: s.shown):
        if source.meta.get("draft") is True:
            continue
        for key, fix in (
            (
                "description",
                'een of twee zinnen over het bericht, zoals description: "Zo werf je …" '
                "(voor zoekmachines, social media en de RSS-feed)",
            ),
            (
                "categories",
                f"de categorie op de kaart in het overzicht, zoals {example}"
                + (f" (in gebruik: {', '.join(in_use)})" if in_use else ""),
            ),
        ):
            value = source.meta.get(key)
            if _as_list(value) if key == "categories" else str(value or "").strip():
                continue
            line = source.line_of(key)
            where = f"{source.shown}:{line}" if line else source.shown
            state = "is leeg" if line else "ontbreekt in de front matter"
            problems.append(f"- {where}: {key} {state}. Schrijf {fix}.")
    return problems


def _as_list(value: Any) -> list[Any]:
    """`categories` as the blog reads it: a list of names (a lone name counts as one)."""
    if isinstance(value, list):
        return [item for item in value if str(item or "").strip()]
    return [value] if isinstance(value, str) and value.strip() else []


def _source(file: File, docs: Path, project: Path) -> _Source | None:
    """The file as the marketer wrote it; None for pages the blog generates itself."""
    if not file.abs_src_path or not Path(file.abs_src_path).is_relative_to(docs):
        return None
    path = Path(file.abs_src_path)
    text = path.read_text(encoding="utf-8-sig")
    meta: dict[str, Any] = {}
    body = 0
    if match := _FRONT_MATTER.match(text):
        body = match[0].count("\n")
        try:
            loaded = yaml.safe_load(match["yaml"])
        except yaml.YAMLError:
            loaded = None  # the blog plugin reports broken front matter itself
        meta = loaded if isinstance(loaded, dict) else {}
    return _Source(
        shown=os.path.relpath(path, project), lines=text.splitlines(), meta=meta, body=body
    )
