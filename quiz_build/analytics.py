"""The statistics settings (`extra.analytics` in mkdocs.yml): checked, and completed in Dutch.

Statistics go to a self-hosted Umami through the theme's own hooks: Material includes
`overrides/partials/integrations/analytics/umami.html` for `provider: umami` and, with
`extra.consent`, starts it only after the visitor agreed. A marketer writes three lines:

    analytics:
      provider: umami
      collect: /stats/api/send        # Umami's /api/send behind the site's own domain
      website: <the website id from Umami>

`complete_extra` checks them and fills in what Material would otherwise show in English
or not at all: the consent dialog (opt-in: the box starts unticked) and the page feedback
widget. Counting without asking is only possible with `without_consent: true` (see
mkdocs.yml for when Dutch law allows it). Without `extra.analytics` nothing changes: no
dialog, no script, not one request.

Used by overrides/hooks/analytics.py (the settings) and overrides/hooks/headers.py (the
collector's origin for `connect-src`). Imported as `from quiz_build import analytics`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

PROVIDER = "umami"
KEYS = ("provider", "collect", "website", "without_consent", "feedback")
# Umami's website ids are UUIDs (Settings > Websites > Edit > Website ID).
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# Hosts a collector may be reached on over plain http: a developer's own machine.
_LOCAL_HOSTS = ("localhost", "127.0.0.1", "[::1]")

# The name of the one box in the consent dialog (Material labels it "Google Analytics"
# when `cookies.analytics` is missing).
ANALYTICS_COOKIE = "Anonieme statistieken (zonder cookies)"


class AnalyticsConfigError(ValueError):
    """`extra.analytics` (or `extra.consent` beside it) cannot be used; the text is Dutch."""


@dataclass(frozen=True)
class Statistics:
    """Checked settings: where the browser sends, for which Umami website, asked or not."""

    collect: str  # a path on the site's own domain ("/stats/api/send") or a full URL
    website: str
    without_consent: bool

    @property
    def other_origin(self) -> str | None:
        """The collector's origin when it is not the site's own, for `connect-src`."""
        parts = urlsplit(self.collect)
        return f"{parts.scheme}://{parts.netloc}" if parts.scheme else None


def read_settings(extra: Mapping[str, Any]) -> Statistics | None:
    """The statistics in `extra`, or None when none are configured.

    Raises AnalyticsConfigError with what to change, naming the setting.
    """
    raw = extra.get("analytics")
    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        raise AnalyticsConfigError(
            "extra.analytics moet instellingen bevatten (provider, collect, website), "
            f"niet {raw!r}. Zie HANDLEIDING.md, 'Statistieken'."
        )
    unknown = sorted(set(raw) - set(KEYS))
    if unknown:
        raise AnalyticsConfigError(
            f"extra.analytics: onbekende instelling '{unknown[0]}'. "
            f"Mogelijk zijn: {', '.join(KEYS)}."
        )
    provider = raw.get("provider")
    if provider != PROVIDER:
        raise AnalyticsConfigError(
            f"extra.analytics.provider is {provider!r}; deze site ondersteunt alleen "
            "'umami' (zelf gehost, zonder cookies en zonder scripts van andere partijen)."
        )
    collect = raw.get("collect")
    if not isinstance(collect, str) or not _collector_ok(collect):
        raise AnalyticsConfigError(
            f"extra.analytics.collect is {collect!r}; geef het adres waar Umami de "
            "statistieken ontvangt: een pad op het eigen domein zoals /stats/api/send "
            "(aanbevolen, zie HOSTING.md) of een volledig https-adres zoals "
            "https://stats.closeforce.nl/api/send."
        )
    website = raw.get("website")
    if not isinstance(website, str) or not _UUID.fullmatch(website.strip().lower()):
        raise AnalyticsConfigError(
            f"extra.analytics.website is {website!r}; vul de Website ID uit Umami in "
            "(Instellingen > Websites > Bewerken), zoals "
            "4f1c2a9e-7b3d-4c5e-8f60-1a2b3c4d5e6f."
        )
    without_consent = raw.get("without_consent", False)
    if not isinstance(without_consent, bool):
        raise AnalyticsConfigError(
            f"extra.analytics.without_consent is {without_consent!r}; gebruik true of false "
            "(standaard false: eerst toestemming vragen)."
        )
    if without_consent and extra.get("consent"):
        raise AnalyticsConfigError(
            "extra.analytics.without_consent is true, maar extra.consent staat er ook: "
            "kies één van beide. Haal extra.consent weg om zonder toestemming te tellen, of "
            "zet without_consent op false om het eerst te vragen."
        )
    feedback = raw.get("feedback")
    if feedback is not None and feedback is not False and not isinstance(feedback, Mapping):
        raise AnalyticsConfigError(
            "extra.analytics.feedback moet de instellingen van 'Was deze pagina nuttig?' "
            "bevatten (title, ratings), of false om die vraag weg te laten."
        )
    return Statistics(
        collect=collect.strip(), website=website.strip().lower(), without_consent=without_consent
    )


def complete_extra(extra: MutableMapping[str, Any], privacy_url: str) -> Statistics | None:
    """Check the statistics in `extra` and fill in the Dutch consent dialog and feedback.

    `privacy_url` is the privacy page's address as the dialog links it. Changes nothing
    without `extra.analytics`. Raises AnalyticsConfigError.
    """
    settings = read_settings(extra)
    if settings is None:
        return None
    analytics = extra["analytics"]
    analytics["collect"], analytics["website"] = settings.collect, settings.website
    if analytics.get("feedback") is None:
        analytics["feedback"] = feedback_widget()
    elif analytics["feedback"] is False:
        del analytics["feedback"]
    if not settings.without_consent:
        consent = extra.get("consent")
        if not consent:
            extra["consent"] = consent_dialog(privacy_url)
        elif isinstance(consent, MutableMapping):
            cookies = consent.setdefault("cookies", {})
            if isinstance(cookies, MutableMapping):
                cookies.setdefault("analytics", {"name": ANALYTICS_COOKIE, "checked": False})
    return settings


def consent_dialog(privacy_url: str) -> dict[str, Any]:
    """Material's consent dialog (`extra.consent`) in Dutch, opt-in."""
    return {
        "title": "Mogen we anoniem meetellen?",
        "description": (
            "We tellen graag hoe deze site gebruikt wordt: welke pagina's gelezen worden en "
            "hoe ver bezoekers in de zelftest komen. Zonder cookies, op onze eigen server, en "
            "nooit wat je invult of typt. Alleen als je dat goed vindt; je keuze wijzig je "
            f'onderaan elke pagina. Meer in onze <a href="{privacy_url}">privacyverklaring</a>.'
        ),
        "cookies": {"analytics": {"name": ANALYTICS_COOKIE, "checked": False}},
        "actions": ["accept", "reject", "manage"],
    }


def feedback_widget() -> dict[str, Any]:
    """Material's page feedback widget in Dutch; the rating goes out as 1 or 0."""
    thanks = "Bedankt voor je reactie!"
    return {
        "title": "Was deze pagina nuttig?",
        "ratings": [
            {
                "icon": "material/thumb-up-outline",
                "name": "Ja, deze pagina was nuttig",
                "data": 1,
                "note": thanks,
            },
            {
                "icon": "material/thumb-down-outline",
                "name": "Nee, deze pagina kan beter",
                "data": 0,
                "note": f"{thanks} We gebruiken het om deze pagina te verbeteren.",
            },
        ],
    }


def _collector_ok(collect: str) -> bool:
    collect = collect.strip()
    if collect.startswith("/") and not collect.startswith("//"):
        return not any(c in collect for c in "?#") and " " not in collect
    parts = urlsplit(collect)
    if not parts.hostname or parts.query or parts.fragment or parts.username:
        return False
    return parts.scheme == "https" or (
        parts.scheme == "http" and parts.netloc.rsplit(":", 1)[0] in _LOCAL_HOSTS
    )
