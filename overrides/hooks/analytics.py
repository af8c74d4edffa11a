"""MkDocs hook: statistics with consent, on Material's own analytics and consent hooks.

With `extra.analytics: {provider: umami, collect: ..., website: ...}` in mkdocs.yml, the
theme includes `partials/integrations/analytics/umami.html`; this hook checks the settings
and gives Material the Dutch consent dialog (opt-in) and feedback widget
(quiz_build/analytics.py). Without `extra.analytics` it does nothing (and the sender is
left out of the site). The collector's origin, if it is another one, goes into the CSP
(overrides/hooks/headers.py).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

import preview
from quiz_build import analytics

SENDER = "assets/analytics/umami.mjs"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    site_path = urlsplit(config.site_url or "/").path or "/"
    privacy = site_path.rstrip("/") + "/privacy/"
    try:
        analytics.complete_extra(config.extra, privacy)
    except analytics.AnalyticsConfigError as error:
        preview.report(f"mkdocs.yml: {error}")
        # Under `make serve` the preview goes on without statistics.
        config.extra.pop("analytics", None)
    return config


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Without statistics the site does not carry the sender either."""
    sender = files.get_file_from_path(SENDER)
    if sender is not None and not config.extra.get("analytics"):
        files.remove(sender)
    return files
