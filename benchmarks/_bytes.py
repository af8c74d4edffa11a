"""Bytes as a static host would send them: gzip (level 9) and brotli (quality 11).

The sizes are computed from the files themselves, for the paths a page really requested
(recorded by Playwright). A host sends a file compressed only when that makes it smaller
(already-compressed formats such as the stdlib zip and the wheel go as they are), so each
figure is min(raw, compressed). Sizes are cached on disk by content hash: brotli 11 on the
9.6 MB wasm takes about a minute.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import brotli

from . import _site

PYODIDE_PREFIXES = ("/assets/quiz/pyodide/", "/assets/quiz/py/")
QUIZ_PREFIX = "/assets/quiz/"
STOCK_PREFIX = f"/{_site.BASELINE_DIR}/pyodide/"


@dataclass(frozen=True)
class Sizes:
    raw: int
    gzip: int
    brotli: int

    def __add__(self, other: Sizes) -> Sizes:
        return Sizes(self.raw + other.raw, self.gzip + other.gzip, self.brotli + other.brotli)


ZERO = Sizes(0, 0, 0)


class SizeCache:
    """Compressed sizes by sha256 of the content, kept in a JSON file between runs."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._sizes: dict[str, list[int]] = {}
        if path.is_file():
            self._sizes = json.loads(path.read_text(encoding="utf-8"))

    def sizes(self, file: Path) -> Sizes:
        data = file.read_bytes()
        key = hashlib.sha256(data).hexdigest()
        with self._lock:
            known = self._sizes.get(key)
        if known is None:
            gz = len(gzip.compress(data, compresslevel=9, mtime=0))
            br = len(brotli.compress(data, quality=11))
            known = [len(data), min(len(data), gz), min(len(data), br)]
            with self._lock:
                self._sizes[key] = known
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self.path.write_text(json.dumps(self._sizes), encoding="utf-8")
        return Sizes(*known)


def page_bytes(site: _site.BuiltSite, requested: list[str], cache: SizeCache) -> dict[str, Any]:
    """Totals for the unique site paths one page load requested, split by kind."""
    total = ZERO
    pyodide = ZERO
    stock = ZERO
    script = ZERO  # the self-assessment's own JavaScript
    files: dict[str, dict[str, int]] = {}
    missing: list[str] = []
    for path in dict.fromkeys(requested):
        file = site.file_for(path)
        if file is None:
            missing.append(path)
            continue
        sizes = cache.sizes(file)
        files[path] = {"raw": sizes.raw, "gzip": sizes.gzip, "brotli": sizes.brotli}
        total += sizes
        if path.startswith(PYODIDE_PREFIXES):
            pyodide += sizes
        if path.startswith(STOCK_PREFIX):
            stock += sizes
        if path.startswith(QUIZ_PREFIX) and path.endswith((".mjs", ".js")):
            script += sizes
    return {
        "total": _as_dict(total),
        "pyodide": _as_dict(pyodide),
        "stock_pyodide": _as_dict(stock),
        "quiz_script": _as_dict(script),
        "pyodide_requests": [p for p in files if p.startswith(PYODIDE_PREFIXES)],
        "files": files,
        "missing": missing,
    }


def _as_dict(sizes: Sizes) -> dict[str, int]:
    return {"raw": sizes.raw, "gzip": sizes.gzip, "brotli": sizes.brotli}
