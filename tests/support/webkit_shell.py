"""A minimal WebKitGTK browser for WebKitWebDriver, in place of MiniBrowser.

WebKitWebDriver starts the binary of its capability `webkitgtk:browserOptions` with the
arguments given there (tests/support/engines.py: the system Python with this file,
`--automation` and, for a repeat visitor, `--profile=DIR`), sets WEBKIT_INSPECTOR_SERVER in
its environment and drives it through WebKit's automation session. Two things of
MiniBrowser's are in the way of the tests, and this shell has neither:

- under automation MiniBrowser keeps its website data in memory only (private-style), so no
  repeat visit of the same browser can be tried; `--profile=DIR` keeps it in DIR (data and
  cache), as an ordinary browser profile does; without it the data stays in memory;
- its toolbar keeps its window at least 447 px wide; here the window is the page only, so
  that WebDriver's window size is the viewport a phone of 375 px has.

WebKitWebDriver passes on no console messages. With `--console=FILE` WebKit itself writes
the pages' console (errors, uncaught exceptions, loads the content security policy refused)
to the process's standard error, which goes to FILE with standard output, one message a
line ("CONSOLE JS ERROR …"), for the tests to read. WebKit writes nothing of an ephemeral
(private) session's pages, so a browser without a profile then keeps its data in a fresh
folder of its own, removed when it ends: each browser starts as empty as a private one.

Runs under the system Python (Debian's python3-gi and gir1.2-webkit2-4.1: WebKit2 4.1 on
GTK 3), not the project's virtualenv, which has no GObject bindings.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

import gi

gi.require_version("Gtk", "3.0")
gi.require_version("WebKit2", "4.1")
from gi.repository import Gtk, WebKit2  # noqa: E402


class Shell:
    """One web context; one window per web view that the automation session asks for."""

    def __init__(
        self, profile: str | None, automation: bool, init_script: str | None, console: bool
    ) -> None:
        self.console = console
        self.scratch = tempfile.mkdtemp(prefix="webkit-shell-") if console and not profile else None
        profile = profile or self.scratch
        if profile:
            manager = WebKit2.WebsiteDataManager(
                base_data_directory=f"{profile}/data", base_cache_directory=f"{profile}/cache"
            )
        else:
            manager = WebKit2.WebsiteDataManager.new_ephemeral()
        self.context = WebKit2.WebContext(website_data_manager=manager)
        self.context.set_automation_allowed(automation)
        self.context.connect("automation-started", self._automation_started)
        self.content = WebKit2.UserContentManager()
        if init_script:
            # In the page's own world, before its scripts: what Playwright's add_init_script
            # does, for the benchmarks' marks.
            self.content.add_script(WebKit2.UserScript.new(
                init_script,
                WebKit2.UserContentInjectedFrames.TOP_FRAME,
                WebKit2.UserScriptInjectionTime.START,
                None, None,
            ))  # fmt: skip
        self.windows: list[Gtk.Window] = []

    def _automation_started(self, _context: Any, session: Any) -> None:
        info = WebKit2.ApplicationInfo.new()
        info.set_name("webkit-shell")
        info.set_version(
            WebKit2.get_major_version(), WebKit2.get_minor_version(), WebKit2.get_micro_version()
        )
        session.set_application_info(info)
        session.connect("create-web-view", self._create_web_view)

    def _create_web_view(self, _session: Any) -> Any:
        settings = WebKit2.Settings()
        settings.set_enable_write_console_messages_to_stdout(self.console)
        view = WebKit2.WebView(
            web_context=self.context,
            user_content_manager=self.content,
            settings=settings,
            is_controlled_by_automation=True,
        )
        window = Gtk.Window()
        window.set_default_size(1280, 800)
        # Nothing but the page in the window, and no minimum size of its own: the window is
        # as narrow as WebDriver sets it.
        view.set_size_request(1, 1)
        window.add(view)
        view.connect("close", lambda _view: window.destroy())
        window.connect("destroy", self._destroyed)
        self.windows.append(window)
        # Under Xvfb no window manager hands the focus to a new window: without it the page
        # never has the focus (`document.hasFocus()` false, no `:focus-visible`, so no focus
        # ring in a screenshot), where a visitor's window has it. It takes the X focus itself.
        window.connect("map-event", lambda widget, _event: widget.get_window().focus(0))
        window.show_all()
        view.load_uri("about:blank")
        view.grab_focus()
        return view

    def _destroyed(self, window: Gtk.Window) -> None:
        self.windows.remove(window)
        if not self.windows:
            Gtk.main_quit()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--automation", action="store_true", help="under WebKitWebDriver")
    parser.add_argument("--profile", help="keep website data and cache in this folder")
    parser.add_argument("--init-script", help="a script file run in every page before its own")
    parser.add_argument("--console", help="append the pages' console messages to this file")
    parser.add_argument("--check", action="store_true", help="only say whether it can run")
    args, _ = parser.parse_known_args(argv)  # WebKitWebDriver may add its own in future
    if args.check:
        return 0  # the imports above succeeded: the bindings are there
    script = Path(args.init_script).read_text(encoding="utf-8") if args.init_script else None
    if args.console:  # before WebKit starts its processes: they inherit both
        sys.stdout.flush()
        sys.stderr.flush()
        log = os.open(args.console, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        os.dup2(log, 1)
        os.dup2(log, 2)
    Gtk.init([])
    shell = Shell(args.profile, args.automation, script, bool(args.console))
    Gtk.main()
    if shell.scratch:
        shutil.rmtree(shell.scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
