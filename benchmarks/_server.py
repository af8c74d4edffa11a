"""A local static host for the built site: what the browser benchmarks and Lighthouse load.

Behaves like a plain static host: correct MIME types for `.mjs` and `.wasm`, `index.html`
for folders, `404.html` for missing pages, gzip or brotli when the browser accepts it, and
ETag revalidation with `Cache-Control: public, max-age=0, must-revalidate` (what Netlify
and Cloudflare Pages send by default), unless the build ships a `_headers` file (their
format): then its headers apply, so the caching the site declares is what the browser sees.
"""

from __future__ import annotations

import email.utils
import gzip
import hashlib
import http.server
import mimetypes
import re
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import brotli  # type: ignore[import-untyped]

MIME_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".wasm": "application/wasm",
    ".svg": "image/svg+xml",
    ".xml": "application/xml",
    ".xsl": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".zip": "application/zip",
    ".whl": "application/zip",
    ".png": "image/png",
    ".woff2": "font/woff2",
    ".gz": "application/gzip",
}
# Formats that are compressed already: a host sends them as they are.
INCOMPRESSIBLE = {".zip", ".whl", ".png", ".jpg", ".jpeg", ".webp", ".woff2", ".gz", ".ico"}
# What Netlify and Cloudflare Pages send when the site declares nothing: revalidate each time.
DEFAULT_CACHE_CONTROL = "public, max-age=0, must-revalidate"
# Compression levels of a host that compresses on the fly (not the byte benchmark's).
SERVE_GZIP_LEVEL = 6
SERVE_BROTLI_QUALITY = 5


@dataclass
class HeaderRules:
    """`_headers` rules: (pattern, headers) in file order; all matching rules apply."""

    rules: list[tuple[re.Pattern[str], list[tuple[str, str]]]] = field(default_factory=list)

    @classmethod
    def read(cls, path: Path) -> HeaderRules:
        rules = cls()
        if not path.is_file():
            return rules
        current: list[tuple[str, str]] | None = None
        for raw in path.read_text(encoding="utf-8").splitlines():
            line = raw.rstrip()
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            if not raw[0].isspace():
                pattern = re.escape(line.strip()).replace(r"\*", ".*")
                pattern = re.sub(r":[A-Za-z]+", "[^/]+", pattern)
                current = []
                rules.rules.append((re.compile(f"^{pattern}$"), current))
            elif current is not None and ":" in line:
                name, value = line.strip().split(":", 1)
                current.append((name.strip(), value.strip()))
        return rules

    def headers_for(self, url_path: str) -> list[tuple[str, str]]:
        found: list[tuple[str, str]] = []
        for pattern, headers in self.rules:
            if pattern.match(url_path):
                found.extend(headers)
        return found


class _Files:
    """File bodies and their compressed forms, read once per server."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cache: dict[tuple[Path, str], bytes] = {}

    def body(self, path: Path, encoding: str) -> bytes:
        key = (path, encoding)
        with self._lock:
            if key in self._cache:
                return self._cache[key]
        raw = path.read_bytes()
        if encoding == "br":
            data = bytes(brotli.compress(raw, quality=SERVE_BROTLI_QUALITY))
        elif encoding == "gzip":
            data = gzip.compress(raw, compresslevel=SERVE_GZIP_LEVEL, mtime=0)
        else:
            data = raw
        with self._lock:
            self._cache[key] = data
        return data


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _StaticServer
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _respond(self, *, send_body: bool) -> None:
        root = self.server.root
        url_path = unquote(urlsplit(self.path).path)
        target = (root / url_path.lstrip("/")).resolve()
        if not target.is_relative_to(root):
            self._send(404, root / "404.html", url_path, send_body=send_body)
            return
        if target.is_dir():
            if not url_path.endswith("/"):
                self.send_response(301)
                self.send_header("Location", url_path + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            target = target / "index.html"
        if not target.is_file():
            self._send(404, root / "404.html", url_path, send_body=send_body)
            return
        self._send(200, target, url_path, send_body=send_body)

    def _send(self, status: int, path: Path, url_path: str, *, send_body: bool) -> None:
        if not path.is_file():
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        stat = path.stat()
        suffix = path.suffix.lower()
        content_type = MIME_TYPES.get(suffix) or mimetypes.guess_type(path.name)[0]
        encoding = self._encoding(suffix) if self.server.compress else "identity"
        version = f"{path}:{stat.st_mtime_ns}:{stat.st_size}:{encoding}"
        etag = '"' + hashlib.sha1(version.encode()).hexdigest()[:20] + '"'
        if status == 200 and etag in self.headers.get("If-None-Match", ""):
            self.send_response(304)
            self._common_headers(url_path, etag, stat.st_mtime)
            self.end_headers()
            return
        body = self.server.files.body(path, encoding)
        self.send_response(status)
        self.send_header("Content-Type", content_type or "application/octet-stream")
        self.send_header("Content-Length", str(len(body)))
        if encoding != "identity":
            self.send_header("Content-Encoding", encoding)
        self._common_headers(url_path, etag, stat.st_mtime)
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def _common_headers(self, url_path: str, etag: str, mtime: float) -> None:
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", email.utils.formatdate(mtime, usegmt=True))
        self.send_header("Vary", "Accept-Encoding")
        declared = self.server.header_rules.headers_for(url_path)
        if not any(name.lower() == "cache-control" for name, _ in declared):
            self.send_header("Cache-Control", DEFAULT_CACHE_CONTROL)
        for name, value in declared:
            self.send_header(name, value)

    def _encoding(self, suffix: str) -> str:
        if suffix in INCOMPRESSIBLE:
            return "identity"
        accepted = {
            part.split(";")[0].strip()
            for part in self.headers.get("Accept-Encoding", "").split(",")
        }
        if "br" in accepted:
            return "br"
        if "gzip" in accepted:
            return "gzip"
        return "identity"


class _StaticServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A browser that closes a connection mid-request (Lighthouse does) is no error here.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)

    def __init__(self, root: Path, *, compress: bool) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.root = root.resolve()
        self.compress = compress
        self.files = _Files()
        self.header_rules = HeaderRules.read(self.root / "_headers")


@contextmanager
def serve(root: Path, *, compress: bool = True) -> Iterator[str]:
    """Serve `root` on 127.0.0.1 (a free port) while the block runs; yields the base URL."""
    server = _StaticServer(root, compress=compress)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def has_header_rules(root: Path) -> bool:
    """Whether the built site ships a `_headers` file the server applies."""
    return bool(HeaderRules.read(root / "_headers").rules)
