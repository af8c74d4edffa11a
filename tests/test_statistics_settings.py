"""The statistics settings (quiz_build/analytics.py), the CSP's collector origin
(overrides/hooks/headers.py) and the stand-in for Umami's endpoint (tests/support/umami.py).

No build and no browser: the browser side is tests/test_statistics.py.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from quiz_build import analytics
from tests.support import ROOT
from tests.support.umami import NAME_MAX, contract_problems

WEBSITE = "4f1c2a9e-7b3d-4c5e-8f60-1a2b3c4d5e6f"


def three_lines(**more: Any) -> dict[str, Any]:
    return {
        "analytics": {"provider": "umami", "collect": "/stats/api/send", "website": WEBSITE, **more}
    }


def hook(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "overrides" / "hooks" / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- Settings ------------------------------------------------------------------------------


def test_nothing_configured_changes_nothing() -> None:
    extra: dict[str, Any] = {"booking": {"email": "info@closeforce.nl"}}
    assert analytics.complete_extra(extra, "/privacy/") is None
    assert extra == {"booking": {"email": "info@closeforce.nl"}}


def test_three_lines_ask_first_with_an_unticked_box_in_dutch() -> None:
    extra = three_lines()
    settings = analytics.complete_extra(extra, "/privacy/")
    assert settings == analytics.Statistics("/stats/api/send", WEBSITE, without_consent=False)
    assert settings.other_origin is None
    consent = extra["consent"]
    assert consent["cookies"] == {
        "analytics": {"name": "Anonieme statistieken (zonder cookies)", "checked": False}
    }
    assert consent["actions"] == ["accept", "reject", "manage"]
    assert 'href="/privacy/"' in consent["description"]
    assert extra["analytics"]["feedback"]["title"] == "Was deze pagina nuttig?"
    assert [r["data"] for r in extra["analytics"]["feedback"]["ratings"]] == [1, 0]


def test_a_marketers_own_dialog_keeps_its_texts_and_gets_the_box() -> None:
    extra = three_lines(feedback=False)
    extra["consent"] = {"title": "Eigen titel", "description": "Eigen tekst."}
    analytics.complete_extra(extra, "/privacy/")
    assert extra["consent"]["title"] == "Eigen titel"
    assert extra["consent"]["cookies"]["analytics"]["checked"] is False
    assert "feedback" not in extra["analytics"]


def test_counting_without_consent_needs_the_explicit_setting_and_no_dialog() -> None:
    extra = three_lines(without_consent=True)
    assert analytics.complete_extra(extra, "/privacy/").without_consent  # type: ignore[union-attr]
    assert "consent" not in extra
    both = three_lines(without_consent=True)
    both["consent"] = {"title": "x"}
    with pytest.raises(analytics.AnalyticsConfigError, match="kies één van beide"):
        analytics.read_settings(both)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"provider": "google"}, "alleen 'umami'"),
        ({"collect": "stats/api/send"}, "extra.analytics.collect"),
        ({"collect": "http://stats.closeforce.nl/api/send"}, "https-adres"),
        ({"collect": "/stats/api/send?x=1"}, "extra.analytics.collect"),
        ({"collect": "//stats.closeforce.nl/api/send"}, "extra.analytics.collect"),
        ({"website": "mijn-site"}, "Website ID uit Umami"),
        ({"without_consent": "ja"}, "true of false"),
        ({"feedback": "ja"}, "false om die vraag weg te laten"),
        ({"colect": "/x"}, "onbekende instelling 'colect'"),
    ],
)
def test_a_broken_setting_says_which_and_how_to_fix_it(
    change: dict[str, Any], message: str
) -> None:
    extra = three_lines(**change)
    with pytest.raises(analytics.AnalyticsConfigError, match=message):
        analytics.read_settings(extra)


def test_a_collector_elsewhere_is_https_or_this_machine() -> None:
    for collect, origin in [
        ("https://stats.closeforce.nl/api/send", "https://stats.closeforce.nl"),
        ("http://127.0.0.1:3000/api/send", "http://127.0.0.1:3000"),
        ("http://localhost:3000/api/send", "http://localhost:3000"),
    ]:
        settings = analytics.read_settings(three_lines(collect=collect))
        assert settings is not None
        assert settings.other_origin == origin


# --- The CSP: connect-src ------------------------------------------------------------------


class _Config:
    def __init__(self, extra: dict[str, Any], site_url: str = "https://www.closeforce.nl/"):
        self.extra = extra
        self.site_url = site_url


def test_connect_src_names_a_collector_on_another_origin_only() -> None:
    headers = hook("headers")
    elsewhere = _Config(three_lines(collect="https://stats.closeforce.nl/api/send"))
    assert headers._connect_origins(elsewhere) == ["https://stats.closeforce.nl"]
    assert headers._connect_origins(_Config(three_lines())) == []
    same = _Config(three_lines(collect="https://www.closeforce.nl/stats/api/send"))
    assert headers._connect_origins(same) == []
    assert headers._connect_origins(_Config({})) == []
    policy = headers.content_security_policy(set(), [], ["https://stats.closeforce.nl"])
    assert "connect-src 'self' https://stats.closeforce.nl;" in policy
    assert "connect-src 'self';" in headers.content_security_policy(set(), [])


# --- The stand-in for Umami's endpoint -----------------------------------------------------


def body(**payload: Any) -> bytes:
    base = {
        "website": WEBSITE,
        "hostname": "www.closeforce.nl",
        "language": "nl-NL",
        "screen": "1280x800",
        "title": "Zelftest",
        "url": "/zelftest/",
    }
    return json.dumps({"type": "event", "payload": {**base, **payload}}).encode()


def test_the_endpoint_accepts_what_umami_accepts() -> None:
    assert contract_problems(body(), "application/json") == []
    assert contract_problems(body(referrer="https://www.google.com/"), "application/json") == []
    ok = body(name="zelftest-vraag", data={"question": "budget", "position": 3})
    assert contract_problems(ok, "application/json") == []


@pytest.mark.parametrize(
    "wrong",
    [
        body(name="x" * (NAME_MAX + 1)),
        body(name="=HYPERLINK()"),
        body(name="zelftest-vraag", data={"answers": ["a", "b"]}),
        body(name="zelftest-vraag", data={"ok": True}),
        body(data={"question": "budget"}),
        body(url="/zelftest/#antwoorden=1.abc.def"),
        body(url="/zelftest/?email=a@b.nl"),
        body(referrer="https://www.google.com/search?q=geheim"),
        body(website="not-a-uuid"),
        body(screen="groot"),
        body(ip="10.0.0.1"),
        b'{"type": "identify", "payload": {}}',
        b"not json",
    ],
)
def test_the_endpoint_rejects_what_breaks_the_contract(wrong: bytes) -> None:
    assert contract_problems(wrong, "application/json"), wrong


def test_the_endpoint_wants_json() -> None:
    assert contract_problems(body(), "text/plain")


def test_the_provider_partial_is_where_material_looks() -> None:
    partial = ROOT / "overrides" / "partials" / "integrations" / "analytics" / "umami.html"
    text = partial.read_text(encoding="utf-8")
    assert "function __md_analytics()" in text
    assert Path(ROOT / "overrides" / "assets" / "analytics" / "umami.mjs").is_file()
