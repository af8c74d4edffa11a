"""MkDocs hook: the HTTP security and cache headers for static hosts, as `site/_headers`.

Netlify and Cloudflare Pages read `_headers` as it is; for nginx, HOSTING.md
shows how to send the same Content-Security-Policy. The policy allows no other origin
(except the newsletter provider as a form target and a statistics collector on another
domain, each only when one is configured), WebAssembly
for Pyodide (`'wasm-unsafe-eval'`, never `'unsafe-eval'`) and exactly the inline scripts
Material writes into the pages, by their sha256 hash.
"""

from __future__ import annotations

import base64
import hashlib
import logging
from collections.abc import Sequence
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig

import preview
from quiz_build import analytics

log = logging.getLogger("mkdocs.hooks.headers")

HEADERS_FILE = "_headers"
# Content-hashed by overrides/hooks/quiz_site.py (quiz_build/_assets.py): `pyodide/<hash>/...`
# and `py/<name>.<hash>.<ext>`, so a browser may keep them forever.
IMMUTABLE = ("assets/quiz/pyodide", "assets/quiz/py")
IMMUTABLE_CACHE = "public, max-age=31536000, immutable"
# Script types a browser runs; `application/json` blocks (Material's __config) are data.
_SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    # The site uses none of these; only features current Chromium knows (no console noise).
    "Permissions-Policy": (
        "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
        "accelerometer=(), gyroscope=(), magnetometer=()"
    ),
    "X-Frame-Options": "DENY",  # for browsers without frame-ancestors
}


# The newsletter provider's origin and the statistics collector's (when it is not the
# site's own), checked in on_config (a mistake is reported before any page is written, so
# `make serve` can show it on the pages).
_form_targets: list[str] = []
_connect_targets: list[str] = []


# --- Hooks ----------------------------------------------------------------------------


def on_config(config: MkDocsConfig) -> None:
    _form_targets[:] = _form_origins(config)
    _connect_targets[:] = _connect_origins(config)


def on_post_build(config: MkDocsConfig) -> None:
    """Hash the inline scripts of every built page and write `_headers` into the site."""
    site = Path(config.site_dir)
    scripts: set[str] = set()
    for page in sorted(site.rglob("*.html")):
        found = _scan(page.read_text(encoding="utf-8"))
        scripts |= found.scripts
        for problem in found.problems:
            # A warning fails `mkdocs build --strict`: the policy would block it.
            log.warning("%s: %s", page.relative_to(site).as_posix(), problem)
    policy = content_security_policy(scripts, _form_targets, _connect_targets)
    (site / HEADERS_FILE).write_text(headers_file(policy, site), encoding="utf-8")


# --- The policy -----------------------------------------------------------------------


def content_security_policy(
    inline_scripts: set[str], form_origins: Sequence[str], connect_origins: Sequence[str] = ()
) -> str:
    """The policy for every page, given the inline scripts' texts, form targets and the
    other origins the page may send to (the statistics collector, when configured there)."""
    hashes = sorted(f"'sha256-{_sha256(text)}'" for text in inline_scripts)
    directives = {
        "default-src": ["'self'"],
        # Pyodide compiles WebAssembly: 'wasm-unsafe-eval' allows that and nothing else.
        "script-src": ["'self'", "'wasm-unsafe-eval'", *hashes],
        # No 'unsafe-inline' and no 'unsafe-hashes' for styles: the built pages have no
        # <style> element and no style="" attribute (on_post_build fails the strict build
        # if one appears), and Material's and our JavaScript set styles through the CSSOM
        # (element.style, CSS custom properties), which the policy does not restrict.
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],  # Material's icons are data: URLs in its CSS
        "font-src": ["'self'"],
        "connect-src": ["'self'", *connect_origins],
        "worker-src": ["'self'"],
        # No manifest-src: default-src covers it, and Safari's WebKit does not know the
        # directive (a console error on every page).
        "form-action": ["'self'", *form_origins],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def headers_file(policy: str, site: Path) -> str:
    """`_headers` in the format of Netlify and Cloudflare Pages."""
    lines = ["# Written by overrides/hooks/headers.py at build time; do not edit.", "/*"]
    lines.append(f"  Content-Security-Policy: {policy}")
    lines += [f"  {name}: {value}" for name, value in SECURITY_HEADERS.items()]
    for folder in IMMUTABLE:
        if (site / folder).is_dir():
            lines += [f"/{folder}/*", f"  Cache-Control: {IMMUTABLE_CACHE}"]
    return "\n".join(lines) + "\n"


# --- Helper functions -----------------------------------------------------------------


def _sha256(text: str) -> str:
    # A browser hashes the script as its HTML parser left it: line breaks normalised to LF.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def _form_origins(config: MkDocsConfig) -> list[str]:
    """The newsletter provider's origin: the signup form posts there."""
    newsletter = config.extra.get("newsletter") or {}
    action = newsletter.get("action") if isinstance(newsletter, dict) else None
    if not action:
        return []
    parts = urlsplit(str(action))
    if parts.scheme != "https" or not parts.hostname:
        preview.report(
            f"mkdocs.yml: extra.newsletter.action moet een https-adres zijn, niet {action!r}."
        )
        return []
    return [f"https://{parts.netloc.rpartition('@')[2]}"]


def _connect_origins(config: MkDocsConfig) -> list[str]:
    """The statistics collector's origin, if it is another one than the site's.

    overrides/hooks/analytics.py has checked the settings (and removed broken ones).
    """
    try:
        settings = analytics.read_settings(config.extra)
    except analytics.AnalyticsConfigError:
        return []
    origin = settings.other_origin if settings else None
    site = urlsplit(config.site_url or "")
    if origin is None or origin == f"{site.scheme}://{site.netloc}":
        return []
    return [origin]


class _Scan(HTMLParser):
    """Collects inline scripts, and what a policy without 'unsafe-inline' would block."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.scripts: set[str] = set()
        self.problems: list[str] = []
        self._script: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...>: inline event handlers are blocked.")
            elif name == "style":
                self.problems.append(f"<{tag} style=...>: inline styles are blocked.")
            elif name in ("href", "src", "action") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.problems.append(f"<{tag} {name}='javascript:...'>: blocked.")
        if tag == "style":
            self.problems.append("<style> element: inline styles are blocked.")
        if tag == "script" and "src" not in values:
            kind = (values.get("type") or "").strip().lower()
            self._script = [] if kind in _SCRIPT_TYPES else None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.add("".join(self._script))
            self._script = None


def _scan(html: str) -> _Scan:
    scan = _Scan()
    scan.feed(html)
    scan.close()
    return scan
