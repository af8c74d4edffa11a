"""The snapshot file leaves out the memory image's long runs of zeros and gets them back.

The browser's side of the format (`unpackSnapshot` in overrides/assets/quiz/worker.mjs) is
tested by every restore in tests/test_snapshot.py and tests/test_prefetch.py.
"""

from __future__ import annotations

import json
import random

import pytest

from quiz_build import pack_snapshot, unpack_snapshot
from quiz_build._assets import SNAPSHOT_CHUNK, SNAPSHOT_MIN_HOLE

CHUNK = SNAPSHOT_CHUNK


def _image(*parts: tuple[str, int]) -> bytes:
    """Memory made of ("zero" | "data", number of chunks) parts."""
    rng = random.Random(7)
    return b"".join(
        bytes(n * CHUNK) if kind == "zero" else rng.randbytes(n * CHUNK) for kind, n in parts
    )


def _header(packed: bytes) -> dict[str, object]:
    length = int.from_bytes(packed[:4], "little")
    header: dict[str, object] = json.loads(packed[4 : 4 + length])
    return header


@pytest.mark.parametrize(
    "parts",
    [
        [
            ("data", 3),
            ("zero", 40),
            ("data", 2),
            ("zero", 20),
        ],  # a hole in the middle, one at the end
        [("zero", 30), ("data", 1)],  # at the start
        [("data", 1), ("zero", 15), ("data", 1)],  # too short to leave out
        [("data", 5)],  # none
        [("zero", 17)],  # nothing but zeros
    ],
)
def test_a_packed_image_unpacks_to_the_same_bytes(parts: list[tuple[str, int]]) -> None:
    image = _image(*parts) + b"\x01" * 144  # Pyodide's image is not a whole number of chunks
    packed = pack_snapshot(image)
    assert unpack_snapshot(packed) == image
    header = _header(packed)
    assert header["size"] == len(image)
    zeros_left_out = sum(
        n for kind, n in parts if kind == "zero" and n * CHUNK >= SNAPSHOT_MIN_HOLE
    )
    assert len(packed) < len(image) - zeros_left_out * CHUNK + 1024


def test_the_holes_are_the_long_zero_runs() -> None:
    image = _image(("data", 2), ("zero", 16), ("data", 1), ("zero", 15), ("data", 1))
    assert _header(pack_snapshot(image))["holes"] == [[2 * CHUNK, 16 * CHUNK]]
