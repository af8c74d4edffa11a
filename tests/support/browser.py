"""Headless Chromium for tests and benchmarks: how it is launched, how contexts end, and
the `navigator.connection` a page is made to see."""

from __future__ import annotations

import json
import os
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from playwright.sync_api import Browser, BrowserContext, Playwright

# Debian's Chromium, or the runner's Chrome on GitHub (the workflow sets $CHROMIUM).
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Running as root needs --no-sandbox; the rest keeps Chromium off the network on its own
# (no component updates, sync, QUIC probes or other background requests to Google), so a
# test sees only the requests its page makes, and nothing waits on an offline machine.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# What the Network Information API reports, by name. The self-assessment restores its
# memory snapshot only on a fast link (snapshotPays() in overrides/assets/quiz/).
CONNECTIONS: dict[str, dict[str, Any] | None] = {
    "fast": {"effectiveType": "4g", "downlink": 10, "rtt": 50, "saveData": False},
    "measured-4g": {"effectiveType": "4g", "downlink": 9, "rtt": 50, "saveData": False},
    "slow-3g": {"effectiveType": "3g", "downlink": 1.5, "rtt": 300, "saveData": False},
    "save-data": {"effectiveType": "4g", "downlink": 10, "rtt": 50, "saveData": True},
    "not-reported": None,  # browsers without the API (Firefox, Safari)
}


_closed: weakref.WeakSet[BrowserContext] = weakref.WeakSet()


def launch(playwright: Playwright) -> Browser:
    """Headless Chromium with the flags above."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def connection_script(name: str) -> str:
    """An init script that makes every page of a context see connection `name`."""
    value = CONNECTIONS[name]
    getter = (
        "undefined"
        if value is None
        else f"({{...{json.dumps(value)}, addEventListener() {{}}, removeEventListener() {{}}}})"
    )
    return (
        "Object.defineProperty(Navigator.prototype, 'connection', "
        f"{{configurable: true, get: () => {getter}}});"
    )


def close_context(context: BrowserContext) -> None:
    """Close a context after removing its route handlers.

    A handler still running when its context closes fails on a disposed response
    ("Route.fulfill: Fetch response has been disposed"), and Playwright reports that in
    whatever runs next. Safe to call more than once.
    """
    if context in _closed:
        return
    context.unroute_all(behavior="ignoreErrors")
    context.close()
    _closed.add(context)


@contextmanager
def fresh_context(browser: Browser, **options: Any) -> Iterator[BrowserContext]:
    """A new context (empty cache and storage), closed with `close_context` afterwards."""
    context = browser.new_context(**options)
    try:
        yield context
    finally:
        close_context(context)


class Contexts:
    """Opens contexts on one browser and closes every one of them at the end."""

    def __init__(self, browser: Browser) -> None:
        self.browser = browser
        self._open: list[BrowserContext] = []

    def __call__(self, *, connection: str | None = None, **options: Any) -> BrowserContext:
        context = self.browser.new_context(**options)
        self._open.append(context)
        if connection is not None:
            context.add_init_script(connection_script(connection))
        return context

    def close_all(self) -> None:
        for context in self._open:
            close_context(context)
        self._open.clear()


class HeldRequests:
    """Holds the requests of `context` matching `pattern` until `release()` (Python's runtime
    files, say: the page keeps loading without them)."""

    def __init__(self, context: Any, pattern: str) -> None:
        self.held: list[Any] = []
        self.released = False
        context.route(pattern, self.hold)

    def hold(self, route: Any) -> None:
        if self.released:
            route.continue_()
        else:
            self.held.append(route)

    def release(self) -> None:
        self.released = True
        for route in self.held:
            route.continue_()


def loading_quiz(contexts: Contexts, base: str, width: int) -> tuple[Any, HeldRequests]:
    """The self-assessment of the site at `base`, `width` px wide in a new context, with
    Python's files held back until `release()`: the page, once it says Python is loading."""
    context = contexts(viewport={"width": width, "height": 800})
    python = HeldRequests(context, "**/assets/quiz/pyodide/**")
    page = context.new_page()
    page.goto(base + "zelftest/")
    page.wait_for_selector("[data-quiz-status][data-loading]")
    return page, python
