"""The site under test: a strict build in a temporary folder, plus the stock-boot baseline.

The baseline is a bare page the benchmark writes next to the built site: it starts a module
worker exactly like the self-assessment's page glue does, and the worker only calls
`loadPyodide()` on the stock files of the pinned npm package (full `pyodide-lock.json` and
`python_stdlib.zip`), copied from `node_modules/pyodide`.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from tests.support import ROOT
from tests.support.site import build_command, build_env

PYODIDE = ROOT / "node_modules" / "pyodide"
STOCK_FILES = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
)
BASELINE_DIR = "bench-baseline"
BASELINE_PATH = f"{BASELINE_DIR}/"
ARTICLE_PATH = "blog/wat-is-een-prospect/"
QUIZ_PATH = "zelftest/"
HOME_PATH = ""

_BASELINE_HTML = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Stock Pyodide boot</title>
<script type="module" src="page.mjs"></script>
</head>
<body><p>Stock <code>loadPyodide()</code> in a module worker.</p></body>
</html>
"""

# Same shape as overrides/assets/quiz/main.mjs: a module worker, a "boot" message, "ready".
_BASELINE_PAGE = """const url = new URL("worker.mjs", import.meta.url);
const worker = new Worker(url, { type: "module" });
window.stockReady = new Promise((resolve, reject) => {
  worker.onmessage = ({ data }) => {
    if (data.type === "ready") resolve(performance.now());
    else reject(new Error(data.message));
  };
  worker.onerror = (event) => reject(new Error(event.message || "worker error"));
});
worker.postMessage({ type: "boot", indexURL: new URL("pyodide/", import.meta.url).href });
"""

_BASELINE_WORKER = """self.onmessage = async ({ data }) => {
  try {
    const { loadPyodide } = await import(data.indexURL + "pyodide.mjs");
    await loadPyodide({ indexURL: data.indexURL });
    self.postMessage({ type: "ready" });
  } catch (error) {
    self.postMessage({ type: "failed", message: String(error && error.message || error) });
  }
};
"""


@dataclass(frozen=True)
class BuiltSite:
    """A built site in a temporary folder, with the baseline page written into it."""

    root: Path
    build_seconds: float

    def file_for(self, url_path: str) -> Path | None:
        """The file a static host serves for a site-relative URL path (None if none)."""
        candidate = (self.root / url_path.lstrip("/")).resolve()
        if not candidate.is_relative_to(self.root.resolve()):
            return None
        if candidate.is_dir():
            candidate = candidate / "index.html"
        return candidate if candidate.is_file() else None


@dataclass(frozen=True)
class BuildTime:
    """Wall-clock seconds, and CPU seconds (user + system) of the build's processes."""

    wall: float
    cpu: float


def mkdocs_build(config_file: Path, site_dir: Path, *, cwd: Path) -> BuildTime:
    """`mkdocs build --strict` into `site_dir`, timed."""
    return mkdocs_builds([(config_file, site_dir)], cwd=cwd)[0]


def mkdocs_builds(jobs: list[tuple[Path, Path]], *, cwd: Path) -> list[BuildTime]:
    """Several `mkdocs build --strict` (config file, site folder) at the same time, timed.

    Each build is one process (MkDocs builds on one core); started together, they share
    whatever the machine does meanwhile, so their ratio is not skewed by it.
    """
    env = build_env()
    times: list[BuildTime | None] = [None] * len(jobs)
    errors: list[str] = []
    with tempfile.TemporaryDirectory() as scratch:

        def run(index: int, config_file: Path, site_dir: Path) -> None:
            command = [*build_command(config_file, site_dir), "--quiet"]
            log = Path(scratch) / f"{index}.log"
            with log.open("w") as output:
                start = time.perf_counter()
                process = subprocess.Popen(command, stdout=output, stderr=output, env=env, cwd=cwd)
                _, status, usage = os.wait4(process.pid, 0)
                wall = time.perf_counter() - start
            process.returncode = os.waitstatus_to_exitcode(status)
            if process.returncode != 0:
                errors.append(f"mkdocs build faalde voor {config_file}:\n{log.read_text()}")
            times[index] = BuildTime(wall=wall, cpu=usage.ru_utime + usage.ru_stime)

        threads = [
            threading.Thread(target=run, args=(index, config, site))
            for index, (config, site) in enumerate(jobs)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    if errors:
        raise RuntimeError("\n".join(errors))
    return [t for t in times if t is not None]


def build(target: Path) -> BuiltSite:
    """Build the project's site into `target` and add the baseline page."""
    seconds = mkdocs_build(ROOT / "mkdocs.yml", target, cwd=ROOT).wall
    add_baseline(target)
    return BuiltSite(root=target, build_seconds=seconds)


def add_baseline(site_dir: Path) -> None:
    """Write the stock-boot page and copy the stock Pyodide files next to it."""
    folder = site_dir / BASELINE_DIR
    (folder / "pyodide").mkdir(parents=True, exist_ok=True)
    (folder / "index.html").write_text(_BASELINE_HTML, encoding="utf-8")
    (folder / "page.mjs").write_text(_BASELINE_PAGE, encoding="utf-8")
    (folder / "worker.mjs").write_text(_BASELINE_WORKER, encoding="utf-8")
    for name in STOCK_FILES:
        shutil.copyfile(PYODIDE / name, folder / "pyodide" / name)


def runtime_matches_stock(site: BuiltSite) -> bool:
    """Whether the site's Pyodide runtime files are byte for byte the stock ones."""
    runtime_dirs = list((site.root / "assets" / "quiz" / "pyodide").glob("*/"))
    if len(runtime_dirs) != 1:
        return False
    for name in STOCK_FILES:
        ours = runtime_dirs[0] / name
        if not ours.is_file():
            continue  # the site ships its own lock file elsewhere
        stock = site.root / BASELINE_DIR / "pyodide" / name
        if _sha256(ours) != _sha256(stock):
            return False
    return True


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
