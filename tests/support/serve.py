"""`mkdocs serve` of a project copy on a free port, with its terminal output at hand."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tests.support import wait_for
from tests.support.site import build_env


@dataclass(frozen=True)
class ServedProject:
    """A running `mkdocs serve`: its base URL, project folder, terminal log and process."""

    base: str
    project: Path
    log: Path
    process: subprocess.Popen[bytes]

    def fetch(self, path: str, timeout: float = 10) -> tuple[int, bytes]:
        """The HTTP status and body at `path`; (0, b"") when the server does not answer in
        time or answers with an error."""
        try:
            with urllib.request.urlopen(self.base + path, timeout=timeout) as response:
                return int(response.status), bytes(response.read())
        except OSError:
            return 0, b""

    def get(self, path: str, timeout: float = 10) -> str:
        """The page at `path` as text, or "" when the server does not answer in time."""
        return self.fetch(path, timeout)[1].decode("utf-8", "replace")

    def terminal(self) -> str:
        """What `mkdocs serve` has written to its terminal (stdout and stderr) so far."""
        return self.log.read_text(encoding="utf-8")

    def running(self) -> bool:
        """Whether the `mkdocs serve` process is still alive."""
        return self.process.poll() is None


@contextlib.contextmanager
def mkdocs_serve(project: Path, ready_path: str = "") -> Iterator[ServedProject]:
    """`mkdocs serve --livereload` in `project` on a free port, stopped afterwards.

    Yields once the page at `ready_path` answers with HTML.
    """
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    log = project.parent / f"serve-{port}.log"
    with log.open("w") as sink:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--livereload", "-a", f"127.0.0.1:{port}"],
            cwd=project,
            stdout=sink,
            stderr=subprocess.STDOUT,
            env=build_env(),
        )
        served = ServedProject(f"http://127.0.0.1:{port}/", project, log, server)
        try:
            wait_for(lambda: "<html" in served.get(ready_path), "mkdocs serve to start")
            yield served
        finally:
            server.terminate()
            server.wait(timeout=30)
