"""The Content-Security-Policy from `site/_headers` (overrides/hooks/headers.py), enforced.

The policy text is checked as it ships; then a small server sends every header of
`_headers` as a real HTTP header and Chromium uses the blog and the self-assessment under
it. Violations are caught three ways: `securitypolicyviolation` events in the page, the
browser's console, and reports the browser posts to the server (`report-uri`, which also
covers the workers).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.support import wait_for
from tests.support.browser import Contexts
from tests.support.server import HeaderRules, Served, serve
from tests.support.site import NEWSLETTER_ACTION, VariantSite

REPORT_PATH = "/__csp-report"
# Records every violation; runs in each document before the page's own scripts.
LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.effectiveDirective} blocked ${e.blockedURI || "inline"}`
    + ` (${e.sourceFile || "?"}:${e.lineNumber})`);
});
"""
IMMUTABLE = "public, max-age=31536000, immutable"
# An image from another origin, which img-src forbids: the last report the browser sends.
SENTINEL = "http://127.0.0.2:9"


# --- The policy as written -----------------------------------------------------------


def policy_of(site: Path) -> dict[str, list[str]]:
    text = HeaderRules.read(site).headers_for("/")["Content-Security-Policy"]
    directives: dict[str, list[str]] = {}
    for part in text.split(";"):
        name, *values = part.split()
        assert name not in directives, f"{name} twice"
        directives[name] = values
    return directives


def inline_scripts(site: Path) -> set[str]:
    """Texts of the inline scripts a browser would run, from every built page."""
    found: set[str] = set()
    pattern = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S | re.I)
    # A data block (JSON, JSON-LD) is never run, so the policy need not allow it.
    data = re.compile(r"""type=["']?application/(ld\+)?json""", re.I)
    for page in site.rglob("*.html"):
        for attrs, text in pattern.findall(page.read_text(encoding="utf-8")):
            if "src=" not in attrs and not data.search(attrs):
                found.add(text)
    return found


def test_policy_allows_wasm_and_hashed_inline_scripts_only(built_site: Path) -> None:
    policy = policy_of(built_site)
    text = " ".join(v for values in policy.values() for v in values)
    assert "'unsafe-eval'" not in text
    assert "'unsafe-inline'" not in text
    assert "'unsafe-hashes'" not in text
    assert "'wasm-unsafe-eval'" in policy["script-src"]
    assert re.findall(r"https?:|\*", text) == [], "no other origin, no wildcard"
    scripts = inline_scripts(built_site)
    assert scripts, "Material writes inline scripts; the scan should find them"
    for script in scripts:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy["script-src"], script[:80]
    for directive, values in {
        "default-src": ["'self'"],
        "style-src": ["'self'"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }.items():
        assert policy[directive] == values, directive


def test_security_and_cache_headers(built_site: Path) -> None:
    rules = HeaderRules.read(built_site)
    page = rules.headers_for("/zelftest/")
    assert page["X-Content-Type-Options"] == "nosniff"
    assert page["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in page["Permissions-Policy"]
    assert "Cache-Control" not in page  # pages and unhashed files: the host's default
    for folder in ("assets/quiz/pyodide", "assets/quiz/py"):
        files = [p for p in (built_site / folder).rglob("*") if p.is_file()]
        assert files, folder
        for file in files:
            path = "/" + file.relative_to(built_site).as_posix()
            assert rules.headers_for(path)["Cache-Control"] == IMMUTABLE, path
            # Long-lived caching is only safe because every name changes with its content.
            assert re.search(r"[0-9a-f]{12}", path), f"{path} carries no content hash"
    # The page's modules keep their names (they import each other): the host revalidates them.
    modules = sorted(p.name for p in (built_site / "assets" / "quiz").glob("*.mjs"))
    assert "loader.mjs" in modules
    for name in modules:
        assert "Cache-Control" not in rules.headers_for(f"/assets/quiz/{name}"), name


def test_newsletter_origin_is_the_only_other_origin(variant_site: VariantSite) -> None:
    policy = policy_of(variant_site.site)
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(NEWSLETTER_ACTION))
    assert policy["form-action"] == ["'self'", origin]
    text = " ".join(v for values in policy.values() for v in values)
    assert re.findall(r"https?://[^\s;']+", text) == [origin]


# --- In the browser, enforced as a real header ----------------------------------------


@pytest.fixture(scope="module")
def policy_server(built_site: Path) -> Iterator[Served]:
    """`built_site` served with the headers of its `_headers`, reports to REPORT_PATH."""
    with serve(built_site, report_path=REPORT_PATH) as served:
        yield served


def _report_lines(served: Served) -> list[str]:
    lines = []
    for body in served.posts:
        report = json.loads(body or b"{}").get("csp-report", {})
        lines.append(
            f"{report.get('effective-directive')} blocked {report.get('blocked-uri')} "
            f"({report.get('source-file')}:{report.get('line-number')})"
        )
    return lines


@pytest.mark.browser
def test_blog_and_self_assessment_work_under_the_policy(
    new_context: Contexts, policy_server: Served
) -> None:
    base = policy_server.base
    context = new_context()
    context.add_init_script(LISTEN)
    problems: list[str] = []
    page = context.new_page()

    def console(message: Any) -> None:
        if message.type == "error" and SENTINEL not in message.text:
            problems.append(f"console: {message.text}")

    page.on("console", console)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))

    def visit(path: str) -> None:
        response = page.goto(base + path)
        assert response is not None
        assert response.ok, path
        assert "wasm-unsafe-eval" in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")

    def violations(path: str) -> None:
        for violation in page.evaluate("() => window.__cspViolations"):
            problems.append(f"{path}: {violation}")

    for path in ("", "blog/wat-is-een-prospect/"):
        visit(path)
        violations(path)

    # The blog index, and the search (a worker of its own, fetching the index).
    visit("blog/")
    page.click("input[data-md-component=search-query]")
    page.keyboard.type("prospect")  # Material searches on key events, not on fill()
    page.wait_for_selector(".md-search-result__item", timeout=15_000)
    assert "prospect" in page.inner_text(".md-search-result__list").lower()
    violations("blog/ (search)")

    # The self-assessment: Pyodide in a module worker, a result for an example.
    visit("zelftest/")
    page.evaluate("() => window.prospectQuiz.ready")
    page.click(".cf-quiz__example >> nth=0")
    page.wait_for_selector("[data-quiz-result]:not([hidden]) [data-outcome]")
    page.wait_for_function(
        "() => document.querySelector('[data-quiz-book]')?.href.startsWith('mailto:')"
    )
    violations("zelftest/")

    # A violation of our own, last: once its report has arrived, the others have too.
    page.evaluate("src => { new Image().src = src; }", SENTINEL)
    wait_for(
        lambda: any(SENTINEL in line for line in _report_lines(policy_server)),
        "the browser's report of the sentinel violation",
        timeout=15,
    )
    assert problems == []
    assert [r for r in _report_lines(policy_server) if SENTINEL not in r] == []
