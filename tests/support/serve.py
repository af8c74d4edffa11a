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
    """A running `mkdocs serve`: its base URL, project folder and terminal (stderr) log."""

    base: str
    project: Path
    stderr: Path

    def get(self, path: str, timeout: float = 10) -> str:
        """The page at `path` as text, or "" when the server does not answer in time."""
        try:
            with urllib.request.urlopen(self.base + path, timeout=timeout) as response:
                return str(response.read().decode("utf-8"))
        except OSError:
            return ""

    def terminal(self) -> str:
        """What `mkdocs serve` has written to stderr so far (its log)."""
        return self.stderr.read_text(encoding="utf-8")


@contextlib.contextmanager
def mkdocs_serve(project: Path, ready_path: str = "") -> Iterator[ServedProject]:
    """`mkdocs serve --livereload` in `project` on a free port, stopped afterwards."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    stderr = project.parent / f"serve-{port}.stderr"
    with stderr.open("w") as sink:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--livereload", "-a", f"127.0.0.1:{port}"],
            cwd=project,
            stdout=subprocess.DEVNULL,
            stderr=sink,
            env=build_env(),
        )
        served = ServedProject(f"http://127.0.0.1:{port}/", project, stderr)
        try:
            wait_for(lambda: "<html" in served.get(ready_path), "mkdocs serve to start")
            yield served
        finally:
            server.terminate()
            server.wait(timeout=30)
