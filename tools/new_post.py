"""`make post TITEL="..."`: a new blog post with a URL no other post has.

Writes `docs/blog/posts/<slug>.md` with today's date, the default author, the title and a
description to fill in, as a draft (shown by `make serve`, not yet published), and prints
its path. The slug comes from the title (lower case, accents dropped, hyphens); when a
post already uses it, `-2`, `-3`, ... is appended. Standard library only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import unicodedata
from pathlib import Path

POSTS = Path("docs") / "blog" / "posts"
AUTHOR = "mitchel"  # docs/blog/.authors.yml
_SLUG_LINE = re.compile(r"^slug[ \t]*:[ \t]*[\"']?(?P<slug>[^\"'#\s]+)", re.M)

TEMPLATE = """\
---
date: {date}
authors: [{author}]
slug: {slug}
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


def create_post(title: str, posts: Path = POSTS, today: dt.date | None = None) -> Path:
    """Write the new post and return its path."""
    slug = unique_slug(title, taken_slugs(posts))
    path = posts / f"{slug}.md"
    text = TEMPLATE.format(
        date=(today or dt.date.today()).isoformat(), author=AUTHOR, slug=slug, title=title
    )
    posts.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as out:  # never overwrite
        out.write(text)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Maak een nieuw blogbericht aan.")
    parser.add_argument("titel", help='de titel van het bericht, bijvoorbeeld "Wat is acquisitie?"')
    title = " ".join(parser.parse_args(argv).titel.split())
    if not title:
        print(
            'Geef een titel mee, bijvoorbeeld: make post TITEL="Wat is acquisitie?"',
            file=sys.stderr,
        )
        return 2
    print(create_post(title))
    return 0


if __name__ == "__main__":
    sys.exit(main())
