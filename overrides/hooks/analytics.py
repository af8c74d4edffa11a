"""MkDocs hook: statistics with consent, on Material's own analytics and consent hooks.

With `extra.analytics: {provider: umami, collect: ..., website: ...}` in mkdocs.yml, the
theme includes `partials/integrations/analytics/umami.html`; this hook checks the settings
and gives Material the Dutch consent dialog (opt-in) and feedback widget
(quiz_build/analytics.py). Without `extra.analytics` it does nothing. The collector's
origin, if it is another one, goes into the CSP (overrides/hooks/headers.py).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig

from quiz_build import analytics, preview


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
