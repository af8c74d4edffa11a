"""Put the rules and the Pyodide runtime into the built site.

Called by the MkDocs hook before the pages are built. Produces, under `assets/quiz/`:
- `py/closeforce_quiz-<version>+<hash>-py3-none-any.whl`: every file of the runtime
  package `quiz/` (found by walking the folder) and the definition as JSON — the very code
  the tests run;
- `py/pyodide-lock.<hash>.json`: a lock file that lists only that wheel, written by
  pyodide-build (`pyodide lockfile add-wheels`), which records the wheel's sha256;
- `py/snapshot.<key>.bin`: a Pyodide memory snapshot with the quiz already imported and
  exercised (made in Node by `_snapshot.mjs`), which restores in about a second, without
  its long runs of zero bytes (half of it; see `pack_snapshot`); named by `assets_key`
  (its inputs), as two builds of it differ in a few bytes;
- `py/python_stdlib.<hash>.zip`: only the standard-library modules that a normal boot with
  the same warm-up imports, compiled to .pyc by the runtime's own Python (a boot that
  compiles no source is roughly twice as fast);
- `py/leads_stdlib.<hash>.zip`: the same for the lead page (/leadlijst/), whose worker also
  reads, judges and writes lead lists (csv, zipfile, xml.etree, more codecs): a separate
  zip, so that the self-assessment's download and boot stay as they are;
- `pyodide/<hash>/`: the files of the pinned npm package a browser needs.
Every name carries a hash of its content (the snapshot: of its inputs), so hosts may cache
them forever.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wheel.wheelfile import WheelFile

import quiz

from ._warm_up import lead_warm_up_files, warm_up_requests

DIST_NAME = "closeforce-quiz"
VERSION = "1.0.0"
RUNTIME = Path(quiz.__file__).parent  # the runtime package: all of it ships, nothing else
BUILD = Path(__file__).parent  # this package: how the files are made
# The stock python_stdlib.zip is not among them: the site ships a trimmed copy (py/).
RUNTIME_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm")


@dataclass(frozen=True)
class Assets:
    """Site-relative URLs of what the worker loads, as the page passes them on."""

    pyodide: str  # folder of pyodide.mjs and the runtime, ending in "/"
    stdlib: str
    lock_file: str
    wheel: str
    snapshot: str
    leads_stdlib: str
    package: str
    rules_hash: str
    lock_file_contents: str  # the lock file itself: the page passes it inline (no round trip)

    def as_json(self) -> dict[str, str]:
        return {
            "pyodide": self.pyodide,
            "stdlib": self.stdlib,
            "lockFile": self.lock_file,
            "wheel": self.wheel,
            "snapshot": self.snapshot,
            "leadsStdlib": self.leads_stdlib,
            "package": self.package,
            "rulesHash": self.rules_hash,
            "lockFileContents": self.lock_file_contents,
        }


def package_files(folder: Path) -> list[Path]:
    """Every file of a package folder, sorted, without Python's caches (__pycache__, .pyc)."""
    return sorted(
        path
        for path in folder.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    )


def rules_hash(definition_data: Any) -> str:
    """A hash of the runtime's files and the definition: what the browser's rules are."""
    digest = hashlib.sha256(_folder_digest(RUNTIME))
    digest.update(_definition_json(definition_data))
    return digest.hexdigest()[:16]


def assets_key(definition_data: Any, pyodide_dir: Path) -> str:
    """Changes whenever what `build_assets` writes could change: rules, runtime, this code."""
    digest = hashlib.sha256(_folder_digest(BUILD))
    digest.update(rules_hash(definition_data).encode())
    package_json = pyodide_dir / "package.json"
    digest.update(package_json.read_bytes() if package_json.is_file() else b"-")
    return digest.hexdigest()[:16]


def build_wheel(definition_data: Any, out_dir: Path) -> Path:
    """Write the quiz wheel (py3-none-any): the runtime folder plus the definition as JSON."""
    files = package_files(RUNTIME)
    if RUNTIME / quiz.PACKED_DEFINITION in files:
        raise RuntimeError(
            f"{RUNTIME / quiz.PACKED_DEFINITION} hoort niet in de checkout: de build schrijft "
            "dat bestand alleen in de wheel. Verwijder het."
        )
    version = f"{VERSION}+{rules_hash(definition_data)}"
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{DIST_NAME.replace('-', '_')}-{version}-py3-none-any.whl"
    dist_info = f"{DIST_NAME.replace('-', '_')}-{version}.dist-info"
    with WheelFile(path, "w") as wheel:
        for file in files:
            wheel.writestr(f"quiz/{file.relative_to(RUNTIME).as_posix()}", file.read_bytes())
        wheel.writestr(f"quiz/{quiz.PACKED_DEFINITION}", _definition_json(definition_data))
        wheel.writestr(
            f"{dist_info}/METADATA",
            f"Metadata-Version: 2.1\nName: {DIST_NAME}\nVersion: {version}\n"
            "Requires-Python: >=3.12\n",
        )
        wheel.writestr(
            f"{dist_info}/WHEEL",
            "Wheel-Version: 1.0\nGenerator: closeforce-site\nRoot-Is-Purelib: true\n"
            "Tag: py3-none-any\n",
        )
        wheel.writestr(f"{dist_info}/top_level.txt", "quiz\n")
    return path


def write_lock_file(pyodide_dir: Path, wheel: Path) -> Path:
    """A lock file listing only the quiz wheel (with its sha256), next to the wheel."""
    stock = json.loads((pyodide_dir / "pyodide-lock.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as scratch:
        base = Path(scratch) / "base.json"
        base.write_text(json.dumps({"info": stock["info"], "packages": {}}), encoding="utf-8")
        out = Path(scratch) / "lock.json"
        pyodide_cli = Path(sys.executable).with_name("pyodide")
        command = [
            str(pyodide_cli), "lockfile", "add-wheels",
            "--input", str(base), "--output", str(out),
            "--base-path", str(wheel.parent), str(wheel),
        ]  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"pyodide lockfile add-wheels faalde:\n{done.stderr}")
        data = out.read_bytes()
    lock = wheel.parent / f"pyodide-lock.{hashlib.sha256(data).hexdigest()[:12]}.json"
    lock.write_bytes(data)
    return lock


def make_snapshot(
    wheel: Path, definition_data: Any
) -> tuple[Path, dict[str, bytes], dict[str, bytes]]:
    """A Pyodide memory snapshot with the quiz imported and warmed up, made in Node.

    The warm-up sends `warm_up_requests` through `quiz.browser.handle`, the function the
    page's worker calls, so every module the runtime can import is imported. Inside the
    snapshot, the Python global `__quiz_rules_hash__` names the rules it was made from, so
    the browser can tell a stale snapshot from a current one. Also returns the
    standard-library modules that a normal boot with the same warm-up imports: each name in
    the stock zip with its compiled form (.pyc, made by the runtime's Python); and the same
    for the lead page, after a warm-up that also opens, judges and writes lead lists.
    """
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("Node.js ontbreekt: de build maakt er de Pyodide-snapshot mee.")
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch) / "warm-up.json"
        work.write_text(json.dumps(warm_up_requests(definition_data)), encoding="utf-8")
        leads = Path(scratch) / "leads.json"
        files = [
            [name, base64.b64encode(data).decode()]
            for name, data in lead_warm_up_files(definition_data)
        ]
        leads.write_text(json.dumps(files), encoding="utf-8")
        out = Path(scratch) / "snapshot.bin"
        command = [node, str(BUILD / "_snapshot.mjs"), str(wheel), str(out),
                   rules_hash(definition_data), str(work), str(leads)]  # fmt: skip
        # From the project folder, where Node finds the pinned npm package `pyodide`.
        done = subprocess.run(
            command, capture_output=True, text=True, check=False, cwd=BUILD.parent
        )
        if done.returncode != 0 or not out.is_file():
            raise RuntimeError(f"De Pyodide-snapshot kon niet worden gemaakt:\n{done.stderr}")
        data = out.read_bytes()
        compiled: dict[str, str] = json.loads(
            Path(f"{out}.stdlib.json").read_text(encoding="utf-8")
        )
        compiled_leads: dict[str, str] = json.loads(
            Path(f"{out}.leads-stdlib.json").read_text(encoding="utf-8")
        )
    data = pack_snapshot(data)
    snapshot = wheel.parent / f"snapshot.{hashlib.sha256(data).hexdigest()[:12]}.bin"
    snapshot.write_bytes(data)
    return (
        snapshot,
        {name: base64.b64decode(pyc) for name, pyc in compiled.items()},
        {name: base64.b64decode(pyc) for name, pyc in compiled_leads.items()},
    )


# Runs of zero bytes at least this long are left out of the snapshot file.
SNAPSHOT_CHUNK = 1 << 16
SNAPSHOT_MIN_HOLE = 16 * SNAPSHOT_CHUNK


def pack_snapshot(memory: bytes) -> bytes:
    """The snapshot file: Pyodide's memory image without its long runs of zero bytes.

    Half of the 30 MiB image is zeros (memory the runtime has not used). Compression on the
    wire removes them anyway, but the browser would still receive, cache and read back the
    full image; this way it handles half of it. Layout: a JSON header's length (4 bytes,
    little-endian), the header `{"size": <image length>, "holes": [[offset, length], ...]}`,
    then the image without the holes. `unpackSnapshot` in worker.mjs puts the zeros back.
    """
    zeros = bytes(SNAPSHOT_CHUNK)
    holes: list[list[int]] = []
    start = None
    for offset in range(0, len(memory) + SNAPSHOT_CHUNK, SNAPSHOT_CHUNK):
        chunk = memory[offset : offset + SNAPSHOT_CHUNK]
        if len(chunk) == SNAPSHOT_CHUNK and chunk == zeros:
            start = offset if start is None else start
            continue
        if start is not None and offset - start >= SNAPSHOT_MIN_HOLE:
            holes.append([start, offset - start])
        start = None
    parts, kept_from = [], 0
    for offset, length in holes:
        parts.append(memory[kept_from:offset])
        kept_from = offset + length
    parts.append(memory[kept_from:])
    header = json.dumps({"size": len(memory), "holes": holes}).encode()
    return len(header).to_bytes(4, "little") + header + b"".join(parts)


def unpack_snapshot(data: bytes) -> bytes:
    """The memory image a snapshot file holds (what `unpackSnapshot` in worker.mjs does)."""
    length = int.from_bytes(data[:4], "little")
    header = json.loads(data[4 : 4 + length])
    memory, kept, written = bytearray(header["size"]), 4 + length, 0
    for offset, size in header["holes"]:
        memory[written:offset] = data[kept : kept + offset - written]
        kept += offset - written
        written = offset + size
    memory[written:] = data[kept:]
    return bytes(memory)


def trim_stdlib(
    pyodide_dir: Path, modules: dict[str, bytes], out_dir: Path, stem: str = "python_stdlib"
) -> Path:
    """python_stdlib.zip with only `modules` (what the engine's boot imports), content-hashed.

    `modules` maps each module's file in the stock zip (`json/decoder.py`) to its compiled
    form, which the zip holds in its place (`json/decoder.pyc`, imported without a source).
    """
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(pyodide_dir / "python_stdlib.zip") as stock,
        # Deflated entry by entry: hosts send zip files as they are (Cloudflare and Netlify
        # compress by content type, and application/zip is not among them), so a stored zip
        # that would compress better as one stream would go uncompressed.
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as trimmed,
    ):
        stock_entries = {info.filename: info for info in stock.infolist()}
        missing = set(modules) - set(stock_entries)
        if missing:
            raise RuntimeError(f"Niet in python_stdlib.zip: {', '.join(sorted(missing))}")
        for name in sorted(modules):
            entry = zipfile.ZipInfo(name + "c", date_time=stock_entries[name].date_time)
            trimmed.writestr(entry, modules[name], zipfile.ZIP_DEFLATED, compresslevel=9)
    data = buffer.getvalue()
    path = out_dir / f"{stem}.{hashlib.sha256(data).hexdigest()[:12]}.zip"
    path.write_bytes(data)
    return path


def copy_runtime(pyodide_dir: Path, out_root: Path) -> Path:
    """Copy the runtime files a browser needs into a content-hashed folder."""
    missing = [name for name in RUNTIME_FILES if not (pyodide_dir / name).is_file()]
    if missing:
        raise RuntimeError(
            f"Pyodide ontbreekt in {pyodide_dir} ({', '.join(missing)}): voer 'npm ci' uit "
            "(make doet dat vanzelf)."
        )
    digest = hashlib.sha256()
    for name in RUNTIME_FILES:
        digest.update(hashlib.sha256((pyodide_dir / name).read_bytes()).digest())
    target = out_root / digest.hexdigest()[:12]
    target.mkdir(parents=True, exist_ok=True)
    for name in RUNTIME_FILES:
        shutil.copyfile(pyodide_dir / name, target / name)
    return target


def build_assets(definition_data: Any, pyodide_dir: Path, site_dir: Path) -> Assets:
    """Everything the browser's self-assessment loads, written into `site_dir`."""
    quiz_dir = site_dir / "assets" / "quiz"
    wheel = build_wheel(definition_data, quiz_dir / "py")
    lock = write_lock_file(pyodide_dir, wheel)
    made, stdlib_modules, leads_modules = make_snapshot(wheel, definition_data)
    # Named after what it is made from, not after its bytes: two builds from the same inputs
    # make snapshots that differ in a few kB (random seeds, clocks) and behave the same, so
    # a snapshot a visitor has cached stays in use across deploys that leave them alone.
    snapshot = made.with_name(f"snapshot.{assets_key(definition_data, pyodide_dir)}.bin")
    made.replace(snapshot)
    stdlib = trim_stdlib(pyodide_dir, stdlib_modules, wheel.parent)
    leads_stdlib = trim_stdlib(pyodide_dir, leads_modules, wheel.parent, "leads_stdlib")
    runtime = copy_runtime(pyodide_dir, quiz_dir / "pyodide")

    def url(path: Path) -> str:
        return path.relative_to(site_dir).as_posix()

    return Assets(
        pyodide=url(runtime) + "/",
        stdlib=url(stdlib),
        lock_file=url(lock),
        wheel=url(wheel),
        snapshot=url(snapshot),
        leads_stdlib=url(leads_stdlib),
        package=DIST_NAME,
        rules_hash=rules_hash(definition_data),
        lock_file_contents=lock.read_text(encoding="utf-8"),
    )


def _folder_digest(folder: Path) -> bytes:
    """A digest of every file's name and content in a package folder."""
    digest = hashlib.sha256()
    for file in package_files(folder):
        name = file.relative_to(folder).as_posix()
        digest.update(name.encode() + b"\0" + hashlib.sha256(file.read_bytes()).digest())
    return digest.digest()


def _definition_json(definition_data: Any) -> bytes:
    return json.dumps(definition_data, ensure_ascii=False, sort_keys=True).encode()
