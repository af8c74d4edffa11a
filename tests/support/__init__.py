"""What the tests and the benchmarks share: the browser, the server, the answers, the site.

Importable as `tests.support` (pytest puts the checkout on `sys.path`, see pyproject.toml;
`python -m benchmarks` runs from it). Nothing here is a test: test modules import from this
package and never from each other.
"""

import os
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# `make unit` sets this for a quick round while working; `make test` always runs the full
# number of generated examples.
QUICK = os.environ.get("QUIZ_QUICK") == "1"


def examples(full: int) -> int:
    """How many examples a property test generates: `full`, or a tenth in a quick round."""
    return max(full // 10, 25) if QUICK else full


def wait_for(check: Callable[[], bool], what: str, timeout: float = 90) -> None:
    """Poll `check` until it holds; raise TimeoutError naming `what` after `timeout` s."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout:g} s waiting for {what}")
        time.sleep(0.1)
