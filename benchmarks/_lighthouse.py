"""Lighthouse (npm `lighthouse`, pinned in package.json) with the Debian Chromium.

Default settings: mobile form factor and simulated throttling (slow 4G, 4x CPU slowdown),
the four categories the targets name. Each run starts its own Chromium with a fresh
profile.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from tests.support import ROOT
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS

from . import _runs, _site

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = (
    "first-contentful-paint",
    "largest-contentful-paint",
    "total-blocking-time",
    "cumulative-layout-shift",
    "speed-index",
)
PAGES = {"home": _site.HOME_PATH, "article": _site.ARTICLE_PATH, "quiz": _site.QUIZ_PATH}


def version() -> str:
    done = subprocess.run(
        ["npx", "--no-install", "lighthouse", "--version"],
        capture_output=True, text=True, cwd=ROOT, check=True,
    )  # fmt: skip
    return str(done.stdout).strip()


def benchmark(results: dict[str, Any], base: str, runs: int, runner: _runs.Runner) -> None:
    """`runs` kept runs of each of the PAGES served at `base`, in `results["lighthouse"]`."""
    results["meta"]["lighthouse"] = version()
    for page, path in PAGES.items():

        def one_run(_index: int, url: str = base + path) -> dict[str, Any]:
            return run(url)

        kept = runner.repeat(f"lighthouse {page}", runs, 1, one_run, _runs.say)
        results["lighthouse"][page] = [
            {**attempt.result, "foreign_cpu": attempt.foreign_cpu} for attempt in kept
        ]


def run(url: str) -> dict[str, Any]:
    """One Lighthouse run: category scores (0-100), key metrics and the audits that lose points."""
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "report.json"
        command = [
            "npx", "--no-install", "lighthouse", url,
            "--output=json", f"--output-path={report}", "--quiet",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={' '.join(CHROMIUM_ARGS)}",
        ]  # fmt: skip
        env = {**os.environ, "CHROME_PATH": CHROMIUM}
        done = subprocess.run(
            command, capture_output=True, text=True, env=env, cwd=ROOT, check=False
        )
        if done.returncode != 0 or not report.is_file():
            raise RuntimeError(f"lighthouse faalde voor {url}:\n{done.stderr[-2000:]}")
        data = json.loads(report.read_text(encoding="utf-8"))
    scores = {c: round(100 * (data["categories"][c]["score"] or 0)) for c in CATEGORIES}
    metrics = {m: data["audits"][m]["numericValue"] for m in METRICS}
    losing = [
        {"category": category["id"], "audit": ref["id"], "score": audit["score"]}
        for category in data["categories"].values()
        for ref in category["auditRefs"]
        if ref["weight"] > 0
        and (audit := data["audits"][ref["id"]])["score"] is not None
        and audit["score"] < 1
    ]
    return {
        "scores": scores,
        "metrics": metrics,
        "losing_audits": losing,
        "warnings": data.get("runWarnings", []),
        "benchmark_index": data.get("environment", {}).get("benchmarkIndex"),
    }
