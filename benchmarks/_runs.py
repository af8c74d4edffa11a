"""Repeated measurements on a shared machine: N kept runs, disturbed ones measured again.

Each attempt waits briefly for a quiet machine, then runs while a meter records the CPU
share other processes took. An attempt with more than `_machine.DISTURBED_SHARE` is
repeated, as long as extra attempts and the time budget allow; then the N least disturbed
attempts are kept, in the order they ran.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import _machine


def say(text: str) -> None:
    """A line of progress on stderr, with the time of day."""
    print(f"[bench {time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


@dataclass
class Attempt:
    index: int
    result: Any
    foreign_cpu: float
    seconds: float
    kept: bool = False

    @property
    def disturbed(self) -> bool:
        return self.foreign_cpu > _machine.DISTURBED_SHARE

    def as_json(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "foreign_cpu": round(self.foreign_cpu, 3),
            "seconds": round(self.seconds, 1),
            "kept": self.kept,
        }


class Runner:
    """Runs measurements within an overall deadline (time.monotonic())."""

    def __init__(self, deadline: float, waiter: _machine.QuietWaiter) -> None:
        self.deadline = deadline
        self.waiter = waiter
        self.log: dict[str, list[dict[str, Any]]] = {}

    def repeat(
        self,
        label: str,
        runs: int,
        extra: int,
        action: Callable[[int], Any],
        say: Callable[[str], None],
    ) -> list[Attempt]:
        """`runs` kept attempts of `action(attempt_index)`; up to `extra` more if disturbed."""
        attempts: list[Attempt] = []
        while True:
            clean = sum(not a.disturbed for a in attempts)
            if clean >= runs or len(attempts) >= runs + extra:
                break
            if len(attempts) >= runs:
                typical = sum(a.seconds for a in attempts) / len(attempts)
                if time.monotonic() + typical > self.deadline:
                    say(f"{label}: no time left to repeat a disturbed run")
                    break
            index = len(attempts)
            say(f"{label}: run {index + 1} (kept so far {clean}/{runs})")
            self.waiter.wait()
            meter = _machine.Meter()
            start = time.monotonic()
            result = action(index)
            attempt = Attempt(index, result, meter.share(), time.monotonic() - start)
            if attempt.disturbed:
                say(f"{label}: other processes took {attempt.foreign_cpu:.0%} of the CPU")
            attempts.append(attempt)
        for attempt in sorted(attempts, key=lambda a: a.foreign_cpu)[:runs]:
            attempt.kept = True
        self.log[label] = [a.as_json() for a in attempts]
        return [a for a in attempts if a.kept]
