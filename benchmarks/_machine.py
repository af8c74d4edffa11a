"""How busy the machine is with work that is not ours: the benchmarks share their 2 cores.

"Foreign" CPU is the machine's busy time (from /proc/stat) minus the CPU time of this
process and its descendants (Chromium, Lighthouse, mkdocs builds), as a share of all the
machine's CPU time in the window. The runner waits (briefly) for a quiet machine before
each measurement, records the foreign share during it, and repeats a measurement that
another process disturbed. This process makes itself the subreaper of its descendants, so
that the CPU time of orphans (Chromium's renderers when Lighthouse kills its Chromium)
still counts as ours.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

DISTURBED_SHARE = 0.2  # foreign CPU above this share of the machine: measure again
QUIET_SHARE = 0.1  # before a measurement, wait for foreign CPU below this share
QUIET_SAMPLE_SECONDS = 1.5


_PR_SET_CHILD_SUBREAPER = 36


def become_subreaper() -> bool:
    """Adopt orphaned descendants (Linux); False where that is not possible."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def reap_adopted() -> None:
    """Collect adopted orphans that have exited (their CPU moves into our children's)."""
    me = os.getpid()
    for pid, rest in _processes():
        if rest[0] == "Z" and int(rest[1]) == me:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, os.WNOHANG)


def _processes() -> Iterator[tuple[int, list[str]]]:
    """Every process: its id and the fields of /proc/<pid>/stat after its name."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            text = (entry / "stat").read_text()
        except OSError:
            continue
        yield int(entry.name), text[text.rfind(")") + 2 :].split()


def _machine_jiffies() -> tuple[int, int]:
    """(busy, total) clock ticks of all CPUs since boot."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    total = sum(fields[:8])  # guest time is already inside user and nice
    return total - idle, total


def _tree_jiffies(root: int) -> int:
    """CPU ticks of `root` and all its descendants, including reaped children."""
    parents: dict[int, int] = {}
    ticks: dict[int, int] = {}
    for pid, rest in _processes():
        parents[pid] = int(rest[1])
        ticks[pid] = sum(int(x) for x in rest[11:15])  # utime stime cutime cstime
    total = 0
    for pid, cpu in ticks.items():
        node = pid
        while node and node != root:
            node = parents.get(node, 0)
        if node == root:
            total += cpu
    return total


@dataclass
class Meter:
    """Foreign CPU share over a window: start with `Meter()`, read with `.share()`."""

    busy: int = 0
    total: int = 0
    ours: int = 0

    def __post_init__(self) -> None:
        self.busy, self.total = _machine_jiffies()
        self.ours = _tree_jiffies(os.getpid())

    def share(self) -> float:
        busy, total = _machine_jiffies()
        ours = _tree_jiffies(os.getpid())
        reap_adopted()
        if total <= self.total:
            return 0.0
        return max(0.0, (busy - self.busy) - (ours - self.ours)) / (total - self.total)


class QuietWaiter:
    """Waits for a quiet machine before each measurement, within an overall time budget."""

    def __init__(self, *, per_wait: float, budget: float) -> None:
        self.per_wait = per_wait
        self.budget = budget
        self.waited = 0.0

    def wait(self) -> float:
        """Sleep until foreign CPU is below QUIET_SHARE (or a limit); returns the last share."""
        start = time.monotonic()
        while True:
            meter = Meter()
            time.sleep(QUIET_SAMPLE_SECONDS)
            share = meter.share()
            spent = time.monotonic() - start
            if share < QUIET_SHARE or spent >= self.per_wait or self.waited + spent >= self.budget:
                self.waited += spent
                return share
