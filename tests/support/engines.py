"""One small interface to a page in three browser engines, so that a test says what a visitor
does, not which engine it runs in.

- Chromium: Debian's Chromium through Playwright (as the rest of the suite).
- Firefox: Debian's Firefox ESR through WebDriver BiDi, built into Firefox (a WebSocket;
  no driver and no browser download).
- WebKit: WebKitGTK's `WebKitWebDriver` (W3C WebDriver over HTTP), which drives a small
  WebKitGTK browser of our own (tests/support/webkit_shell.py, under the system Python) on a
  virtual display (`xvfb-run`); MiniBrowser, the driver's default, only where the shell
  cannot run (Debian's python3-gi or gir1.2-webkit2-4.1 missing).

    with launch("webkit") as engine:
        with engine.tab(width=1280) as tab:
            tab.goto(url)
            tab.press("[data-quiz] button[type=submit]")

Every script runs as a function expression with JSON arguments and a JSON result, awaited
when it returns a promise, the same way in each engine. What an engine cannot do is said
where it matters: WebKit's page console comes through only in our shell (WebKit writes it
to a file; under MiniBrowser `console_errors()` returns None). Under MiniBrowser (the
fallback) the window is never narrower than 447 px (`Tab.width` is what the page really
got) and the storage is kept only while the session runs (private-style), so `persistent`
is refused.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

ENGINES = ("chromium", "firefox", "webkit")
# Debian's Firefox ESR; CI sets $FIREFOX to the runner's Firefox.
FIREFOX = os.environ.get("FIREFOX", "/usr/bin/firefox-esr")
WEBKIT_DRIVER = os.environ.get("WEBKIT_DRIVER", "WebKitWebDriver")
# The WebKitGTK shell and the Python with GObject bindings it runs under (Debian's).
WEBKIT_SHELL = Path(__file__).with_name("webkit_shell.py")
SYSTEM_PYTHON = os.environ.get("SYSTEM_PYTHON", "/usr/bin/python3")
HOLD_S = 0.12  # how long a person holds a press
TYPING_PAUSE_S = 0.09  # between a person's key strokes
# Firefox preferences that keep it off the network on its own (updates, telemetry,
# captive-portal and connectivity checks, safe browsing lists, remote settings).
FIREFOX_PREFS = {
    "app.update.disabledForTesting": True,
    "browser.safebrowsing.malware.enabled": False,
    "browser.safebrowsing.phishing.enabled": False,
    "browser.safebrowsing.downloads.enabled": False,
    "browser.shell.checkDefaultBrowser": False,
    "datareporting.policy.dataSubmissionEnabled": False,
    "datareporting.healthreport.uploadEnabled": False,
    "toolkit.telemetry.enabled": False,
    "network.captive-portal-service.enabled": False,
    "network.connectivity-service.enabled": False,
    "extensions.update.enabled": False,
    "browser.startup.homepage_override.mstone": "ignore",
    "services.settings.server": "http://127.0.0.1:9/",
}
# Runs `script` (a function expression) with JSON arguments; the result comes back as JSON.
_CALL = "async (json) => JSON.stringify((await ({script})(...JSON.parse(json))) ?? null)"
# Two animation frames: what the page has laid out is painted (any engine).
PAINTED = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"
# Where a control must be when it is pressed: in the middle of the viewport (WebDriver's own
# scrolling leaves it under the sticky header), and its centre in viewport pixels.
_CENTRE = """(selector) => {
  const el = document.querySelector(selector);
  if (!el) throw new Error("not on the page: " + selector);
  el.scrollIntoView({ block: "center", inline: "center", behavior: "instant" });
  const r = el.getBoundingClientRect();
  return [Math.round(r.left + r.width / 2), Math.round(r.top + r.height / 2)];
}"""


class EngineError(RuntimeError):
    """The engine failed or refused a command."""


class Tab(Protocol):
    """A page in one engine, driven like a visitor."""

    engine: str
    width: int  # the viewport's real width (WebKit under MiniBrowser: at least 447)

    def goto(self, url: str) -> None: ...
    def reload(self) -> None: ...
    def run(self, script: str, *args: Any) -> Any: ...
    def press(self, selector: str, *, hold: float = HOLD_S,
              while_down: Callable[[], None] | None = None) -> None: ...  # fmt: skip
    def type(self, text: str, *, pause: float = TYPING_PAUSE_S) -> None: ...
    def screenshot(self, path: Path | str, *, full_page: bool = True) -> None: ...
    def console_errors(self) -> list[str] | None: ...

    def wait(self, condition: str, what: str, *args: Any, timeout: float = 90) -> None:
        """Poll the function expression `condition` until it returns something truthy."""
        ...


def wait_in(tab: Tab, condition: str, what: str, *args: Any, timeout: float = 90) -> None:
    """`Tab.wait`, the same for every engine: polls in the page, ten times a second."""
    deadline = time.monotonic() + timeout
    while not tab.run(condition, *args):
        if time.monotonic() > deadline:
            raise TimeoutError(f"{tab.engine}: timed out after {timeout:g} s waiting for {what}")
        time.sleep(0.1)


class Engine(Protocol):
    name: str

    @contextmanager
    def tab(self, *, width: int = 1280, height: int = 800) -> Iterator[Tab]:
        """A page in a fresh session (empty cache and storage), closed afterwards."""
        ...


@contextmanager
def launch(
    name: str,
    *,
    persistent: Path | None = None,
    chromium: Any = None,
    init_script: str | None = None,
    private: bool = False,
) -> Iterator[Engine]:
    """The engine `name` (one of ENGINES), running while the block runs.

    `persistent`: a profile folder kept between launches (in WebKit between tabs too, each
    being a browser of its own), so that a second visit is a repeat visit of the same
    browser. `chromium`: a Playwright Browser already running (the test session's), used
    instead of starting Playwright again: its sync API refuses a second instance in the
    same thread. `init_script`: a script run in every page before the page's own (WebKit
    only, whose WebDriver has no such command; Playwright's contexts have `add_init_script`,
    Firefox's BiDi `script.addPreloadScript`). `private`: WebKit's storage in memory only,
    like a private window (WebKit writes no console of such pages: `console_errors()` is None).
    """
    if (init_script is not None or private) and name != "webkit":
        raise EngineError(f"init_script and private: WebKit only, not {name}")
    if name == "chromium" and chromium is not None and persistent is None:
        yield _ChromiumEngine(chromium)
    elif name == "chromium":
        with _chromium(persistent) as engine:
            yield engine
    elif name == "firefox":
        with _Firefox.start(persistent) as firefox:
            yield firefox
    elif name == "webkit":
        with _WebKit.start(persistent, init_script, private) as webkit:
            yield webkit
    else:
        raise ValueError(f"unknown engine {name!r}; one of {', '.join(ENGINES)}")


def _actions(*steps: dict[str, Any]) -> list[dict[str, Any]]:
    """A W3C action sequence (WebDriver and BiDi) of one mouse."""
    return [{"type": "pointer", "id": "mouse", "parameters": {"pointerType": "mouse"},
             "actions": list(steps)}]  # fmt: skip


def _keys(text: str, pause: float) -> list[dict[str, Any]]:
    steps: list[dict[str, Any]] = []
    for char in text:
        steps += [{"type": "keyDown", "value": char}, {"type": "keyUp", "value": char}]
        steps.append({"type": "pause", "duration": round(pause * 1000)})
    return [{"type": "key", "id": "keyboard", "actions": steps}]


def _drain(stream: Any) -> None:
    for _ in stream:
        pass


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# --- Chromium (Playwright) ---------------------------------------------------------------


class _ChromiumTab:
    engine = "chromium"

    def __init__(self, page: Any, width: int) -> None:
        self.page = page
        self.width = width
        self._errors: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda e: self._errors.append(f"page error: {e}"))

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self._errors.append(str(message.text))

    def goto(self, url: str) -> None:
        self.page.goto(url)

    def reload(self) -> None:
        self.page.reload()

    def run(self, script: str, *args: Any) -> Any:
        return json.loads(self.page.evaluate(_CALL.format(script=script), json.dumps(args)))

    def wait(self, condition: str, what: str, *args: Any, timeout: float = 90) -> None:
        wait_in(self, condition, what, *args, timeout=timeout)

    def press(self, selector: str, *, hold: float = HOLD_S,
              while_down: Callable[[], None] | None = None) -> None:  # fmt: skip
        x, y = self.run(_CENTRE, selector)
        self.page.mouse.move(x, y)
        self.page.mouse.down()
        self.page.wait_for_timeout(hold * 1000)  # the person's hold
        if while_down:
            while_down()
        self.page.mouse.up()

    def type(self, text: str, *, pause: float = TYPING_PAUSE_S) -> None:
        self.page.keyboard.type(text, delay=pause * 1000)

    def screenshot(self, path: Path | str, *, full_page: bool = True) -> None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(path), full_page=full_page)

    def console_errors(self) -> list[str] | None:
        self.page.evaluate("() => null")  # Playwright's sync API takes events in during calls
        return list(self._errors)


class _ChromiumEngine:
    name = "chromium"

    def __init__(self, browser: Any = None, persistent: Any = None) -> None:
        self.browser = browser
        self.persistent = persistent  # a persistent context, when launched with a profile

    @contextmanager
    def tab(self, *, width: int = 1280, height: int = 800) -> Iterator[Tab]:
        from tests.support.browser import close_context

        if self.persistent is not None:
            page = self.persistent.new_page()
            page.set_viewport_size({"width": width, "height": height})
            try:
                yield _ChromiumTab(page, width)
            finally:
                page.close()
            return
        context = self.browser.new_context(viewport={"width": width, "height": height})
        try:
            yield _ChromiumTab(context.new_page(), width)
        finally:
            close_context(context)


@contextmanager
def _chromium(persistent: Path | None) -> Iterator[Engine]:
    from playwright.sync_api import sync_playwright

    from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, launch

    with sync_playwright() as playwright:
        if persistent is None:
            browser = launch(playwright)
            try:
                yield _ChromiumEngine(browser)
            finally:
                browser.close()
            return
        context = playwright.chromium.launch_persistent_context(
            str(persistent), executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        try:
            yield _ChromiumEngine(persistent=context)
        finally:
            context.close()


# --- Firefox (WebDriver BiDi) ------------------------------------------------------------


class _Firefox:
    """Firefox with its BiDi WebSocket; commands answered in order, events collected."""

    name = "firefox"

    def __init__(self, process: subprocess.Popen[str], url: str, persistent: bool) -> None:
        from websockets.sync.client import connect

        self.process = process
        self.persistent = persistent
        self.socket = connect(url + "/session", max_size=None, open_timeout=30)
        self._next = 0
        self.log: dict[str, list[str]] = {}  # errors by browsing context
        self.command("session.new", capabilities={})
        self.command("session.subscribe", events=["log.entryAdded"])

    @classmethod
    @contextmanager
    def start(cls, persistent: Path | None) -> Iterator[_Firefox]:
        profile = Path(persistent) if persistent else Path(tempfile.mkdtemp(prefix="ff-"))
        profile.mkdir(parents=True, exist_ok=True)
        prefs = "".join(f"user_pref({json.dumps(k)}, {json.dumps(v)});\n"
                        for k, v in FIREFOX_PREFS.items())  # fmt: skip
        (profile / "user.js").write_text(prefs, encoding="utf-8")
        process = subprocess.Popen(
            [FIREFOX, "--headless", "--no-remote", "--remote-debugging-port", "0",
             "--profile", str(profile)],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            start_new_session=True,
        )  # fmt: skip
        try:
            url = cls._bidi_url(process)
            firefox = cls(process, url, persistent is not None)
            try:
                yield firefox
            finally:
                firefox.close()
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
            if process.stdout:
                process.stdout.close()
            if persistent is None:
                shutil.rmtree(profile, ignore_errors=True)

    @staticmethod
    def _bidi_url(process: subprocess.Popen[str]) -> str:
        assert process.stdout is not None
        seen = []
        for line in process.stdout:
            seen.append(line)
            found = re.search(r"WebDriver BiDi listening on (ws://\S+)", line)
            if found:
                # Keep reading its output, or Firefox blocks once the pipe is full.
                threading.Thread(target=_drain, args=(process.stdout,), daemon=True).start()
                return found.group(1)
        raise EngineError("Firefox did not start:\n" + "".join(seen[-20:]))

    def command(self, method: str, **params: Any) -> dict[str, Any]:
        self._next += 1
        ident = self._next
        self.socket.send(json.dumps({"id": ident, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv(timeout=300))
            if message.get("id") == ident:
                if message.get("type") == "error":
                    raise EngineError(f"{method}: {message.get('error')}: {message.get('message')}")
                return dict(message.get("result") or {})
            if message.get("method") == "log.entryAdded":
                entry = message["params"]
                if entry.get("level") == "error":
                    context = entry.get("source", {}).get("context", "")
                    self.log.setdefault(context, []).append(str(entry.get("text")))

    def close(self) -> None:
        with contextlib.suppress(Exception):  # closing anyway
            self.command("browser.close")
        self.socket.close()

    @contextmanager
    def tab(self, *, width: int = 1280, height: int = 800) -> Iterator[Tab]:
        user = None
        if not self.persistent:  # a fresh session: a user context of its own
            user = self.command("browser.createUserContext")["userContext"]
            context = self.command("browsingContext.create", type="tab", userContext=user)
        else:
            context = self.command("browsingContext.create", type="tab")
        ident = context["context"]
        self.command("browsingContext.setViewport", context=ident,
                     viewport={"width": width, "height": height})  # fmt: skip
        try:
            yield _FirefoxTab(self, ident, width)
        finally:
            self.command("browsingContext.close", context=ident)
            if user:
                self.command("browser.removeUserContext", userContext=user)


class _FirefoxTab:
    engine = "firefox"

    def __init__(self, firefox: _Firefox, context: str, width: int) -> None:
        self.firefox = firefox
        self.context = context
        self.width = width

    def goto(self, url: str) -> None:
        self.firefox.command("browsingContext.navigate", context=self.context, url=url,
                             wait="complete")  # fmt: skip

    def reload(self) -> None:
        self.firefox.command("browsingContext.reload", context=self.context, wait="complete")

    def run(self, script: str, *args: Any) -> Any:
        result = self.firefox.command(
            "script.callFunction",
            functionDeclaration=_CALL.format(script=script),
            arguments=[{"type": "string", "value": json.dumps(args)}],
            target={"context": self.context},
            awaitPromise=True,
        )
        if result.get("type") == "exception":
            details = result.get("exceptionDetails", {})
            raise EngineError(f"firefox: {details.get('text')}")
        return json.loads(result["result"]["value"])

    def wait(self, condition: str, what: str, *args: Any, timeout: float = 90) -> None:
        wait_in(self, condition, what, *args, timeout=timeout)

    def _perform(self, actions: list[dict[str, Any]]) -> None:
        self.firefox.command("input.performActions", context=self.context, actions=actions)

    def press(self, selector: str, *, hold: float = HOLD_S,
              while_down: Callable[[], None] | None = None) -> None:  # fmt: skip
        x, y = self.run(_CENTRE, selector)
        self._perform(_actions(
            {"type": "pointerMove", "x": x, "y": y, "duration": 0},
            {"type": "pointerDown", "button": 0},
            {"type": "pause", "duration": round(hold * 1000)},
        ))  # fmt: skip
        if while_down:
            while_down()
        self._perform(_actions({"type": "pointerUp", "button": 0}))

    def type(self, text: str, *, pause: float = TYPING_PAUSE_S) -> None:
        self._perform(_keys(text, pause))

    def screenshot(self, path: Path | str, *, full_page: bool = True) -> None:
        data = self.firefox.command(
            "browsingContext.captureScreenshot", context=self.context,
            origin="document" if full_page else "viewport",
        )["data"]  # fmt: skip
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).write_bytes(base64.b64decode(data))

    def console_errors(self) -> list[str] | None:
        self.run("() => null")  # reads the events that came in so far
        return list(self.firefox.log.get(self.context, []))


# --- WebKit (W3C WebDriver over HTTP) ----------------------------------------------------

_FROM_SHELL = "WebKit here needs tests/support/webkit_shell.py"
# WebKit's own line for a console message of level error: "CONSOLE ERROR …" (console.error)
# or with its source before the level: "CONSOLE JS ERROR …" (an uncaught exception),
# SECURITY (the content security policy), NETWORK, …
_CONSOLE_ERROR = re.compile(r"\bCONSOLE (?:[A-Z]+ )?ERROR\b")


@functools.cache
def webkit_shell_runs() -> bool:
    """Whether the WebKitGTK shell can start: the system Python has GTK 3 and WebKit2 4.1."""
    try:
        done = subprocess.run([SYSTEM_PYTHON, str(WEBKIT_SHELL), "--check"],
                              capture_output=True, timeout=60, check=False)  # fmt: skip
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


class _WebKit:
    """WebKitWebDriver on a virtual display; one WebDriver session (one browser) per tab."""

    name = "webkit"
    MINIBROWSER_MIN_WIDTH = 447  # MiniBrowser's window is never narrower (its toolbar)

    def __init__(
        self, port: int, browser: dict[str, Any] | None, console: Path | None = None
    ) -> None:
        self.base = f"http://127.0.0.1:{port}"
        self.browser = browser  # webkitgtk:browserOptions; None: the driver's MiniBrowser
        self.console = console  # where the shell writes the pages' console messages
        self.min_width = 1 if browser else self.MINIBROWSER_MIN_WIDTH
        self.version = "unknown"  # WebKitGTK's, once a session has started

    @classmethod
    @contextmanager
    def start(
        cls, persistent: Path | None, init_script: str | None, private: bool = False
    ) -> Iterator[_WebKit]:
        shell = webkit_shell_runs()
        if not shell and persistent is not None:
            raise EngineError(
                f"{_FROM_SHELL} for a persistent profile (MiniBrowser keeps no storage under "
                "automation); make install adds what it needs"
            )
        if not shell and init_script is not None:
            raise EngineError(f"{_FROM_SHELL} for an init script; make install adds what it needs")
        scratch = Path(tempfile.mkdtemp(prefix="webkit-"))
        console = None if private else scratch / "console.log"
        args = [str(WEBKIT_SHELL), "--automation"]
        if console is not None:
            args.append(f"--console={console}")
        if persistent is not None:
            persistent.mkdir(parents=True, exist_ok=True)
            args.append(f"--profile={persistent}")
        if init_script is not None:
            (scratch / "init.js").write_text(init_script, encoding="utf-8")
            args.append(f"--init-script={scratch / 'init.js'}")
        port = _free_port()
        # xvfb-run -a: a free display of its own; the driver starts the browser on it.
        process = subprocess.Popen(
            ["xvfb-run", "-a", "-s", "-screen 0 1920x1080x24", WEBKIT_DRIVER, f"--port={port}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        try:
            webkit = (cls(port, {"binary": SYSTEM_PYTHON, "args": args}, console) if shell
                      else cls(port, None))  # fmt: skip
            deadline = time.monotonic() + 60
            while True:
                try:
                    webkit.call("GET", "/status")
                    break
                except (OSError, EngineError):
                    if process.poll() is not None or time.monotonic() > deadline:
                        raise EngineError("WebKitWebDriver did not start") from None
                    time.sleep(0.1)
            yield webkit
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
            shutil.rmtree(scratch, ignore_errors=True)

    def call(self, method: str, path: str, body: Any = None, timeout: float = 300) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method,
                                         headers={"Content-Type": "application/json"})  # fmt: skip
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return json.loads(response.read() or b"{}").get("value")
        except urllib.error.HTTPError as error:
            value = json.loads(error.read() or b"{}").get("value", {})
            raise EngineError(
                f"webkit {path}: {value.get('error')}: {value.get('message')}"
            ) from None

    def _new_session(self) -> str:
        # WebKitWebDriver now and then never answers a new session (twice seen in a full
        # run, never alone: the browser before it still shutting down). That is the
        # driver, not the page under test, so a second request is made before giving up.
        wanted = {"alwaysMatch": {"webkitgtk:browserOptions": self.browser}} if self.browser else {}
        for attempt in (1, 2):
            try:
                created = self.call("POST", "/session", {"capabilities": wanted}, timeout=120)
            except TimeoutError:
                if attempt == 2:
                    raise
                continue
            self.version = str(created["capabilities"].get("browserVersion"))
            return str(created["sessionId"])
        raise AssertionError("unreachable")

    @contextmanager
    def tab(self, *, width: int = 1280, height: int = 800) -> Iterator[Tab]:
        session = self._new_session()
        path = f"/session/{session}"
        try:
            self.call("POST", path + "/timeouts", {"script": 300_000})
            rect = self.call("POST", path + "/window/rect",
                             {"width": max(width, self.min_width), "height": height})  # fmt: skip
            yield _WebKitTab(self, path, int(rect["width"]))
        finally:
            self.call("DELETE", path)


class _WebKitTab:
    engine = "webkit"

    def __init__(self, webkit: _WebKit, path: str, width: int) -> None:
        self.webkit = webkit
        self.path = path
        self.width = width
        console = webkit.console
        # This tab's messages are those written after it opened (one session at a time).
        self._console_from = console.stat().st_size if console and console.exists() else 0

    def _call(self, method: str, path: str, body: Any = None) -> Any:
        return self.webkit.call(method, self.path + path, body)

    def goto(self, url: str) -> None:
        self._call("POST", "/url", {"url": url})

    def reload(self) -> None:
        self._call("POST", "/refresh", {})

    def run(self, script: str, *args: Any) -> Any:
        body = (
            "const done = arguments[arguments.length - 1];"
            f"({_CALL.format(script=script)})(arguments[0]).then("
            "(v) => done({ok: v}), (e) => done({error: String(e && e.stack || e)}));"
        )
        value = self._call("POST", "/execute/async", {"script": body, "args": [json.dumps(args)]})
        if "error" in value:
            raise EngineError(f"webkit: {value['error']}")
        return json.loads(value["ok"])

    def wait(self, condition: str, what: str, *args: Any, timeout: float = 90) -> None:
        wait_in(self, condition, what, *args, timeout=timeout)

    def press(self, selector: str, *, hold: float = HOLD_S,
              while_down: Callable[[], None] | None = None) -> None:  # fmt: skip
        x, y = self.run(_CENTRE, selector)
        self._call("POST", "/actions", {"actions": _actions(
            {"type": "pointerMove", "x": x, "y": y, "duration": 0, "origin": "viewport"},
            {"type": "pointerDown", "button": 0},
            {"type": "pause", "duration": round(hold * 1000)},
        )})  # fmt: skip
        if while_down:
            while_down()
        self._call("POST", "/actions", {"actions": _actions({"type": "pointerUp", "button": 0})})

    def type(self, text: str, *, pause: float = TYPING_PAUSE_S) -> None:
        self._call("POST", "/actions", {"actions": _keys(text, pause)})

    def screenshot(self, path: Path | str, *, full_page: bool = True) -> None:
        data = self._whole_page() if full_page else self._call("GET", "/screenshot")
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).write_bytes(base64.b64decode(data))

    def _whole_page(self) -> str:
        """The whole document: WebDriver captures no more than the viewport, so the window
        is made as tall as the page for an element screenshot of the root, then put back."""
        rect = self._call("GET", "/window/rect")
        scrolled = self.run("() => [scrollX, scrollY]")
        height = int(self.run("() => document.documentElement.scrollHeight"))
        try:
            for _ in range(3):  # a page may grow with its viewport (min-height: 100vh)
                self._resize(rect["width"], height)
                taller = int(self.run("() => document.documentElement.scrollHeight"))
                if taller <= height:
                    break
                height = taller
            root = self._call("POST", "/element", {"using": "css selector", "value": ":root"})
            return str(self._call("GET", f"/element/{next(iter(root.values()))}/screenshot"))
        finally:
            self._resize(rect["width"], rect["height"])
            self.run("(x, y) => window.scrollTo({left: x, top: y, behavior: 'instant'})",
                     *scrolled)  # fmt: skip

    def _resize(self, width: int, height: int) -> None:
        self._call("POST", "/window/rect", {"width": width, "height": height})
        self.wait(f"() => innerHeight === {int(height)}", f"a window {height} px tall", timeout=30)
        self.run(PAINTED)

    def console_errors(self) -> list[str] | None:
        if self.webkit.console is None:
            return None  # MiniBrowser: WebKitWebDriver passes no console messages (no BiDi)
        self.run(PAINTED)  # what the page logged so far has reached the file
        if not self.webkit.console.exists():
            return []
        with self.webkit.console.open("rb") as log:
            log.seek(self._console_from)
            lines = log.read().decode("utf-8", "replace").splitlines()
        return [line for line in lines if _CONSOLE_ERROR.search(line)]
