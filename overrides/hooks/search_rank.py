"""MkDocs hook: in the site search, a post whose title holds the words comes first.

Material's search scores every section of a page on its own, and a section heading such
as "Van lead naar prospect: ... prospecting" can outscore the article "Wat is een
prospect?". After the search plugin has written `search/search_index.json`, this hook
doubles the weight (`boost`, which Material's search applies to a document) of each blog
post's own entry (its title and introduction, not its sections), so that a post whose
title matches ranks above a section of another page that mentions the same words.
Glue only: it reads the blog plugin's posts and rewrites the index file.
"""

from __future__ import annotations

import json
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

BLOG_PLUGIN = "material/blog"
INDEX = Path("search") / "search_index.json"
POST_BOOST = 2.0


@event_priority(-100)  # after the search plugin has written the index
def on_post_build(*, config: MkDocsConfig) -> None:
    blog = config.plugins.get(BLOG_PLUGIN)
    index_file = Path(config.site_dir) / INDEX
    if blog is None or not index_file.is_file():
        raise PluginError("overrides/hooks/search_rank.py needs the blog and search plugins.")
    posts = {post.url for post in getattr(blog, "blog").posts}  # noqa: B009 - set in on_files
    index = json.loads(index_file.read_text(encoding="utf-8"))
    for entry in index["docs"]:
        if entry["location"] in posts:
            entry["boost"] = float(entry.get("boost", 1)) * POST_BOOST
    index_file.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), "utf-8")
