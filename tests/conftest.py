"""Fixtures: strict builds of the site (once per session), a local host, headless Chromium.

The helpers behind them live in tests/support/ (shared with the benchmarks).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.support import ROOT
from tests.support.site import (
    DRAFT_POST,
    DRAFT_SLUG,
    VARIANT_CONFIG,
    VariantSite,
    build,
    make_variant_project,
)

if TYPE_CHECKING:  # Playwright is imported only when a browser test runs
    from playwright.sync_api import Browser

    from tests.support.browser import Contexts


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Marks by what a test needs, from the fixtures it uses: `browser` (Chromium) and
    `site` (a build of the site; every browser test needs one). `make unit` runs neither."""
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if {"chromium", "engine"} & fixtures:  # `engine`: tests/test_engines.py
            item.add_marker(pytest.mark.browser)
        if {"chromium", "engine"} & fixtures or {"built_site", "variant_site"} & fixtures:
            item.add_marker(pytest.mark.site)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's site, built once with `mkdocs build --strict` into a temp folder."""
    return build(ROOT / "mkdocs.yml", tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="session")
def variant_site(tmp_path_factory: pytest.TempPathFactory) -> VariantSite:
    """The site with `extra.newsletter` configured and a `draft: true` post added.

    Built from an empty .cache/, so the social cards and their fonts are made from scratch.
    """
    project = tmp_path_factory.mktemp("variant")
    config = make_variant_project(
        project / "project",
        VARIANT_CONFIG,
        {f"blog/posts/{DRAFT_SLUG}.md": DRAFT_POST},
        # An empty cache: this build also shows that social cards build offline.
        share_cache=False,
    )
    return VariantSite(site=build(config, project / "site"), docs=config.parent / "docs")


@pytest.fixture(scope="session")
def serve_dir() -> Iterator[Callable[[Path], str]]:
    """Serve a folder like a static host, with its `_headers`; returns its base URL."""
    from tests.support.server import serve

    with ExitStack() as servers:
        yield lambda directory: servers.enter_context(serve(directory)).base


@pytest.fixture(scope="session")
def site_server(built_site: Path, serve_dir: Callable[[Path], str]) -> str:
    """Base URL of `built_site` served locally."""
    return serve_dir(built_site)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    """Headless Debian Chromium driven by Playwright (a `playwright` Browser)."""
    # Imported here: only browser tests need Playwright.
    from playwright.sync_api import sync_playwright

    from tests.support.browser import launch

    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


@pytest.fixture
def new_context(chromium: Browser) -> Iterator[Contexts]:
    """Opens browser contexts (`new_context(connection="fast", **options)`); each is
    closed after the test, its route handlers removed first, whether the test passed or not.
    """
    from tests.support.browser import Contexts

    contexts = Contexts(chromium)
    yield contexts
    contexts.close_all()
