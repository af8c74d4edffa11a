"""`make post TITEL="..." [CATEGORIE=...] [AUTEUR=...]`: a new blog post, ready to write.

Writes `docs/blog/posts/<slug>.md` with today's date, an author from
`docs/blog/.authors.yml`, a category from those the posts already use, the title and a
description to fill in, as a draft (shown by `make serve`, not yet published), and prints
its path. The slug comes from the title (lower case, accents dropped, hyphens); when a
post already uses it, `-2`, `-3`, ... is appended. Without CATEGORIE (or AUTEUR, when
there is more than one author) it asks, with the list to choose from. Standard library
only: the authors file and the front matter are read line by line, not as YAML.
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import re
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path

POSTS = Path("docs") / "blog" / "posts"
AUTHORS = Path("docs") / "blog" / ".authors.yml"
_SLUG_LINE = re.compile(r"^slug[ \t]*:[ \t]*[\"']?(?P<slug>[^\"'#\s]+)", re.M)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?\n)(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
# `categories: [Sales, Marketing]` or a block list under `categories:`.
_CATEGORIES = re.compile(
    r"^categories[ \t]*:[ \t]*(?P<inline>.*)\n(?P<block>(?:[ \t]+-.*\n)*)", re.M
)
_AUTHOR_KEY = re.compile(r"^  (?P<key>[A-Za-z0-9_-]+)[ \t]*:[ \t]*(?:#.*)?$", re.M)

TEMPLATE = """\
---
date: {date}
authors: [{author}]
slug: {slug}
categories: [{category}]
# Eén of twee zinnen over dit bericht, voor zoekmachines, social media en de RSS-feed.
description: ""
# Een concept zie je alleen met `make serve`. Is het bericht af? Haal deze regel weg.
draft: true
---

# {title}

De inleiding: waar gaat dit bericht over en wat heeft de lezer eraan? Deze alinea staat
ook in het overzicht van de blog.

<!-- more -->

## Een tussenkop

De rest van het bericht.
"""


class Refused(Exception):
    """What the marketer has to change, in Dutch."""


def slugify(title: str) -> str:
    """`Wat is één prospect?` -> `wat-is-een-prospect`."""
    plain = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


def taken_slugs(posts: Path) -> set[str]:
    """Slugs in use: each post's `slug:`, and its file name (a post without `slug:`)."""
    taken = set()
    for path in posts.glob("*.md"):
        taken.add(path.stem)
        if match := _SLUG_LINE.search(path.read_text(encoding="utf-8-sig")):
            taken.add(match["slug"])
    return taken


def unique_slug(title: str, taken: set[str]) -> str:
    """The title's slug, with `-2`, `-3`, ... appended while another post has it."""
    base = slugify(title) or "bericht"
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def _unquote(value: str) -> str:
    return value.strip().strip("\"'").strip()


def categories_in_use(posts: Path) -> list[str]:
    """The categories of the posts, in alphabetical order."""
    found: set[str] = set()
    for path in posts.glob("*.md"):
        front = _FRONT_MATTER.match(path.read_text(encoding="utf-8-sig"))
        match = _CATEGORIES.search(front["yaml"]) if front else None
        if match is None:
            continue
        inline = match["inline"].split("#")[0].strip()
        if inline.startswith("["):
            found.update(_unquote(c) for c in inline.strip("[]").split(","))
        elif inline:
            found.add(_unquote(inline))
        found.update(_unquote(line.strip()[1:]) for line in match["block"].splitlines())
    return sorted(filter(None, found), key=str.casefold)


def authors(authors_file: Path) -> list[str]:
    """The author keys of `.authors.yml` (the names under `authors:`)."""
    if not authors_file.is_file():
        return []
    return _AUTHOR_KEY.findall(authors_file.read_text(encoding="utf-8-sig"))


def choose(
    what: str,
    given: str,
    allowed: list[str],
    ask: Callable[[str], str] | None,
    setting: str,
) -> str:
    """`given` if it is one of `allowed` (case aside); else the answer to a question with
    the list (a number or a name), when there is someone to ask; else Refused."""
    listing = "\n".join(f"  {number}. {name}" for number, name in enumerate(allowed, start=1))
    if given:
        for name in allowed:
            if name.casefold() == given.casefold():
                return name
        close = difflib.get_close_matches(given, allowed, n=1, cutoff=0.5)
        hint = f" Bedoel je '{close[0]}'?" if close else ""
        raise Refused(
            f"{what.capitalize()} '{given}' bestaat nog niet.{hint} Kies er een uit:\n{listing}"
        )
    if ask is None:
        raise Refused(f"Kies een {what} met {setting}=..., een van:\n{listing}")
    while True:
        answer = ask(f"Welke {what}?\n{listing}\nTyp het nummer of de naam: ").strip()
        if answer.isdigit() and 1 <= int(answer) <= len(allowed):
            return allowed[int(answer) - 1]
        try:
            return choose(what, answer, allowed, None, setting) if answer else ""
        except Refused as refused:
            print(refused, file=sys.stderr)
        if not answer:
            print(f"Kies een {what} uit de lijst.", file=sys.stderr)


def create_post(
    title: str,
    posts: Path = POSTS,
    today: dt.date | None = None,
    *,
    category: str = "",
    author: str = "",
    authors_file: Path = AUTHORS,
    ask: Callable[[str], str] | None = None,
) -> Path:
    """Write the new post and return its path; Refused when category or author is unclear."""
    categories = categories_in_use(posts)
    if not categories:
        raise Refused(f"Er zijn nog geen berichten met categories: in {posts}.")
    chosen_category = choose("categorie", category, categories, ask, "CATEGORIE")
    names = authors(authors_file)
    if not names:
        raise Refused(f"{authors_file} noemt geen auteurs.")
    if not author and len(names) == 1:
        author = names[0]
    chosen_author = choose("auteur", author, names, ask, "AUTEUR")
    slug = unique_slug(title, taken_slugs(posts))
    path = posts / f"{slug}.md"
    text = TEMPLATE.format(
        date=(today or dt.date.today()).isoformat(),
        author=chosen_author,
        slug=slug,
        category=chosen_category,
        title=title,
    )
    posts.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as out:  # never overwrite
        out.write(text)
    return path


def _ask_on_the_terminal(question: str) -> str:
    try:
        return input(question)
    except EOFError:
        return ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Maak een nieuw blogbericht aan.")
    parser.add_argument("titel", help='de titel van het bericht, bijvoorbeeld "Wat is acquisitie?"')
    parser.add_argument("--categorie", default="", help="een categorie die al in gebruik is")
    parser.add_argument("--auteur", default="", help="een auteur uit docs/blog/.authors.yml")
    arguments = parser.parse_args(argv)
    title = " ".join(arguments.titel.split())
    if not title:
        print(
            'Geef een titel mee, bijvoorbeeld: make post TITEL="Wat is acquisitie?"',
            file=sys.stderr,
        )
        return 2
    ask = _ask_on_the_terminal if sys.stdin.isatty() else None
    try:
        path = create_post(
            title,
            category=arguments.categorie.strip(),
            author=arguments.auteur.strip(),
            ask=ask,
        )
    except Refused as refused:
        print(refused, file=sys.stderr)
        return 2
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
