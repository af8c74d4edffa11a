"""One local static host for the built site, used by the tests and the benchmarks.

Behaves like Netlify or Cloudflare Pages: MIME types for `.mjs` and `.wasm`, `index.html`
for folders (and a redirect to the trailing slash), `404.html` for missing pages, ETag
revalidation, and the headers of the site's own `_headers` file (written by
overrides/hooks/headers.py) on every response it matches; paths it gives no
`Cache-Control` get the hosts' default `public, max-age=0, must-revalidate`. Optionally
gzip or brotli when the browser accepts it (what the benchmarks measure), a path that
records what browsers POST to it (Content-Security-Policy reports), and a stand-in for
Umami's collection endpoint (tests/support/umami.py) on the site's own origin.
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

from .umami import Collector

HEADERS_FILE = "_headers"
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


# --- _headers ---------------------------------------------------------------------------


@dataclass(frozen=True)
class HeaderRules:
    """The rules of a `_headers` file: (path pattern, [(name, value)]) in file order.

    Netlify's and Cloudflare's reading: a line that starts in the first column is a path
    pattern, indented `Name: value` lines below it are its headers. In a pattern `*` (a
    splat) matches any run of characters, slashes included, and `:name` one path segment;
    the rest must match exactly. Every rule that matches applies; a header set by several
    of them gets their values joined by ", ".
    """

    rules: tuple[tuple[re.Pattern[str], tuple[tuple[str, str], ...]], ...] = ()

    @classmethod
    def parse(cls, text: str) -> HeaderRules:
        rules: list[tuple[re.Pattern[str], list[tuple[str, str]]]] = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            if not line[0].isspace():
                pattern = re.escape(line.strip()).replace(r"\*", ".*")
                pattern = re.sub(r":[A-Za-z]\w*", "[^/]+", pattern)
                rules.append((re.compile(pattern), []))
                continue
            name, colon, value = line.strip().partition(":")
            if not rules or not colon or not name.strip() or not value.strip():
                raise ValueError(f"{HEADERS_FILE}:{number}: not a header of a path: {line!r}")
            rules[-1][1].append((name.strip(), value.strip()))
        return cls(tuple((pattern, tuple(headers)) for pattern, headers in rules))

    @classmethod
    def read(cls, site: Path) -> HeaderRules:
        """The rules of `site/_headers`; none if the site has no such file."""
        path = site / HEADERS_FILE
        return cls.parse(path.read_text(encoding="utf-8")) if path.is_file() else cls()

    def headers_for(self, url_path: str) -> dict[str, str]:
        """Every header the rules give a URL path (without query), in file order."""
        found: dict[str, str] = {}
        for pattern, headers in self.rules:
            if pattern.fullmatch(url_path):
                for name, value in headers:
                    found[name] = f"{found[name]}, {value}" if name in found else value
        return found


# --- The server -------------------------------------------------------------------------


@dataclass
class Served:
    """A running server: its base URL, the bodies POSTed to its report path, and the paths
    of every GET request it answered (in order)."""

    base: str
    server: StaticServer
    posts: list[bytes] = field(default_factory=list)
    requested: list[str] = field(default_factory=list)


class _Files:
    """File bodies and their compressed forms, read once per server."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cache: dict[tuple[Path, int, str], bytes] = {}

    def body(self, path: Path, encoding: str) -> bytes:
        key = (path, path.stat().st_mtime_ns, encoding)
        with self._lock:
            if key in self._cache:
                return self._cache[key]
        raw = path.read_bytes()
        if encoding == "br":
            import brotli  # only when compressing

            data = bytes(brotli.compress(raw, quality=SERVE_BROTLI_QUALITY))
        elif encoding == "gzip":
            data = gzip.compress(raw, compresslevel=SERVE_GZIP_LEVEL, mtime=0)
        else:
            data = raw
        with self._lock:
            self._cache[key] = data
        return data


class _Handler(http.server.BaseHTTPRequestHandler):
    server: StaticServer
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self.server.requested.append(urlsplit(self.path).path)
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        path = urlsplit(self.path).path
        collector = self.server.collector
        if collector is not None and path == collector.path:
            answer = collector.receive(body, self.headers.get("Content-Type", ""))
            if answer is None:
                self.close_connection = True
                return
            status, reply = answer
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)
            return
        if path == self.server.report_path:
            self.server.posts.append(body)
        self.send_response(204 if path == self.server.report_path else 405)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep the output of tests and benchmarks clean

    def _respond(self, *, send_body: bool) -> None:
        root = self.server.root.resolve()
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
        declared = self.server.header_rules().headers_for(url_path)
        if "cache-control" not in {name.lower() for name in declared}:
            self.send_header("Cache-Control", DEFAULT_CACHE_CONTROL)
        for name, value in declared.items():
            report = self.server.report_path
            if name.lower() == "content-security-policy" and report:
                self.send_header(name, f"{value}; report-uri {report}")
            else:
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


class StaticServer(http.server.ThreadingHTTPServer):
    """Serves `root` on 127.0.0.1 (a free port). `root` may be set before it is built."""

    daemon_threads = True

    def __init__(
        self,
        root: Path,
        *,
        compress: bool,
        report_path: str | None,
        collector: Collector | None = None,
    ) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.root = root
        self.compress = compress
        self.report_path = report_path
        self.collector = collector
        self.posts: list[bytes] = []
        self.requested: list[str] = []
        self.files = _Files()
        self._rules: tuple[int, HeaderRules] | None = None

    def header_rules(self) -> HeaderRules:
        """The rules of `root/_headers`, read again whenever the file changes."""
        path = self.root / HEADERS_FILE
        stamp = path.stat().st_mtime_ns if path.is_file() else 0
        if self._rules is None or self._rules[0] != stamp:
            self._rules = (stamp, HeaderRules.read(self.root))
        return self._rules[1]

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Browsers drop connections they no longer need (navigation, aborted fetches).
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serve(
    root: Path,
    *,
    compress: bool = False,
    report_path: str | None = None,
    collector: Collector | None = None,
) -> Iterator[Served]:
    """Serve `root` while the block runs.

    `compress`: gzip or brotli as the browser asks (needs the `brotli` package).
    `report_path`: POSTs to it are recorded in `Served.posts`, and every
    Content-Security-Policy header gets `report-uri <report_path>`.
    `collector`: POSTs to its path go to it (Umami's `/api/send`, tests/support/umami.py).
    """
    server = StaticServer(root, compress=compress, report_path=report_path, collector=collector)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield Served(
            f"http://127.0.0.1:{server.server_address[1]}/", server, server.posts, server.requested
        )
    finally:
        server.shutdown()
        server.server_close()
