"""MkDocs hook: the RSS and JSON feeds of `make serve` equal those of `make build`.

mkdocs-rss-plugin (1.19) collects the posts of a build in `pages_to_filter`, a list it
creates once per process (`on_startup`) and never empties. `mkdocs serve` rebuilds in the
same process, so every rebuild appended each post again: after a few edits the feed held
duplicates and, being cut at `length` items, lost other posts. This empties the list at
the start of every build.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs_rss_plugin.plugin import GitRssPlugin  # type: ignore[import-untyped]


def on_pre_build(config: MkDocsConfig) -> None:
    """Forget the posts the feed plugin collected in an earlier build of this process."""
    for plugin in config.plugins.values():
        if isinstance(plugin, GitRssPlugin):
            plugin.pages_to_filter = []
