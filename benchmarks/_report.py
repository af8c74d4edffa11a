"""From raw results to the summary: medians, per-run ratios, targets met or not, the notes
under the table, and the README's section with the table."""

from __future__ import annotations

import math
import statistics
from typing import Any

from . import _browser_rows, _machine
from ._figures import BrowserFigures
from ._table import Row, run_count, table

# The targets the builds and Lighthouse are held to (benchmarks/README.md says why each is
# what it is); those of the browser figures are in _browser_rows.py.
BUILD_OVERHEAD_MAX = 0.05
LIGHTHOUSE_TARGETS = {
    "home": {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100},
    "article": {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100},
    "quiz": {"performance": 90, "accessibility": 100, "best-practices": 100, "seo": 100},
}
LIGHTHOUSE_PAGES = {"home": "home page", "article": "main article", "quiz": "self-assessment"}

RESULTS_MARKER = "results"


def median(values: list[float]) -> float:
    return statistics.median(values) if values else math.nan


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def summarize(results: dict[str, Any]) -> dict[str, Any]:
    """The figures of the table, from the raw results of all runs."""
    runs = results["browser_runs"]
    summary: dict[str, Any] = {}
    if runs:
        figures = [BrowserFigures.from_dict(run) for run in runs]
        summary["browser"] = BrowserFigures.combine(figures, median).to_dict()
        summary["boot_paths"] = sorted({run["boot_paths"] for run in runs if "boot_paths" in run})
        low = BrowserFigures.combine(figures, min).to_dict()
        high = BrowserFigures.combine(figures, max).to_dict()
        summary["browser_range"] = {key: (low[key], high[key]) for key in low}
    scale = results.get("scale") or {}
    summary["scale"] = {}
    for size, builds in scale.items():
        entry: dict[str, Any] = {"runs": len(builds)}
        for kind, suffix in (("wall", ""), ("cpu", "_cpu")):
            ratios = [b["with" + suffix] / b["without" + suffix] - 1 for b in builds]
            entry[kind] = {
                "with": median([b["with" + suffix] for b in builds]),
                "without": median([b["without" + suffix] for b in builds]),
                "overhead": median(ratios),
                "overhead_range": (min(ratios), max(ratios)),
            }
        summary["scale"][size] = entry
    summary["lighthouse"] = {
        page: {
            "scores": {
                category: median([run["scores"][category] for run in page_runs])
                for category in page_runs[0]["scores"]
            },
            "runs": len(page_runs),
        }
        for page, page_runs in (results.get("lighthouse") or {}).items()
        if page_runs
    }
    return summary


def rows(results: dict[str, Any], summary: dict[str, Any]) -> list[Row]:
    """The table's rows, each with its target and whether this run met it."""
    out: list[Row] = []
    if summary.get("browser"):
        out += _browser_rows.rows(summary)
    out += _scale_rows(summary["scale"])
    out += _lighthouse_rows(summary["lighthouse"])
    return out


def results_section(results: dict[str, Any], summary: dict[str, Any]) -> str:
    """The generated part of the README: machine, versions, table, targets not met."""
    meta = results["meta"]
    table_rows = rows(results, summary)
    unmet = [row.measure for row in table_rows if row.met is False]
    lines = [
        f"Run of {meta['date']} ({meta['runtime_minutes']:.1f} minutes in all).",
        "",
        "| Machine and versions | |",
        "|---|---|",
        f"| CPU | {meta['cpu']} ({meta['cores']} cores) |",
        f"| Load average before / after the run | {meta['load_before']} / {meta['load_after']} |",
        f"| Chromium | {meta['chromium']} (headless, Debian) |",
        f"| Node | {meta['node']} |",
        f"| Pyodide | {meta['pyodide']} (npm, self-hosted) |",
        f"| Lighthouse | {meta['lighthouse']} |",
        f"| Python, MkDocs, Material | {meta['python']}, {meta['mkdocs']}, {meta['material']} |",
        f"| Caching headers | {meta['caching']} |",
        f"| Other processes on the machine | {_contention(meta)} |",
        "",
        f"Runs: browser figures {meta['runs']}, build scale {meta['scale_runs_text']}, "
        f"Lighthouse {meta['lighthouse_runs']} per page. Each figure is the median over the "
        "runs; each ratio is taken within one run, then the median of those ratios is shown.",
        "",
        table(table_rows),
        "",
    ]
    lines += [f"- {note}" for note in meta.get("notes", [])]
    if meta.get("notes"):
        lines.append("")
    if unmet:
        lines.append("Targets not met in this run: " + "; ".join(unmet) + ".")
    else:
        lines.append("All targets were met in this run.")
    return "\n".join(lines)


def replace_section(readme: str, marker: str, section: str) -> str:
    """`readme` with the text between the `marker` comments replaced by `section`.

    The one way benchmark figures get into benchmarks/README.md; all prose around them is
    the README's own.
    """
    start = f"<!-- {marker}:start (written by `python -m benchmarks`; edits here are lost) -->"
    end = f"<!-- {marker}:end -->"
    if readme.find(start) == -1 or readme.find(end) == -1:
        raise ValueError(f"benchmarks/README.md lacks the markers {start} ... {end}")
    head, rest = readme.split(start, 1)
    return f"{head}{start}\n\n{section}\n\n{end}{rest.split(end, 1)[1]}"


def add_notes(results: dict[str, Any]) -> None:
    """The figures under the table; what they mean is explained in the README."""
    meta = results["meta"]
    notes = meta["notes"]
    runs = results["browser_runs"]
    meta["scale_runs_text"] = (
        ", ".join(f"{len(b)} per variant at {int(s):,} posts" for s, b in results["scale"].items())
        or "not run"
    )
    if runs:
        sets = meta["answer_sets"]
        evaluations = [
            figures.evaluation
            for figures in map(BrowserFigures.from_dict, runs)
            if figures.evaluation is not None
        ]
        wording = max((e.wording_differs for e in evaluations), default=0)
        notes.append(
            f"Evaluation: {sets['count']:,} answer sets ({sets['with_outcome']} with an "
            f"outcome, {sets['with_errors']} with errors); another verdict than CPython's: "
            f"{sum(e.mismatches for e in evaluations)} in all runs; the same verdict in other "
            f"words: {wording} per run"
            + (
                f" (nested at least {min(e.wording_min_depth for e in evaluations)} deep)."
                if wording
                else "."
            )
        )
        latencies = [r["detail"]["latency"] for r in runs]
        wrong = sum(x["outcome"] != x["expected_outcome"] for x in latencies)
        notes.append(f"Result latency: {wrong} of {len(runs)} runs showed an unexpected outcome.")
        same = "yes" if meta["runtime_is_stock"] else "no"
        notes.append(f"Baseline runtime files byte for byte the site's: {same}.")
    if results["lighthouse"]:
        notes.append(
            "Lighthouse audits below 1 in at least half of the runs: "
            + _losing_audits(results["lighthouse"])
            + "."
        )


def _losing_audits(lighthouse: dict[str, list[dict[str, Any]]]) -> str:
    parts = []
    for page, runs in lighthouse.items():
        counts: dict[str, int] = {}
        for run in runs:
            for audit in run["losing_audits"]:
                key = f"{audit['category']} `{audit['audit']}`"
                counts[key] = counts.get(key, 0) + 1
        common = [f"{key} ({n}/{len(runs)})" for key, n in counts.items() if 2 * n >= len(runs)]
        parts.append(f"{LIGHTHOUSE_PAGES[page]}: {', '.join(common) or 'none'}")
    return "; ".join(parts)


# --- Helper functions -----------------------------------------------------------------


def _contention(meta: dict[str, Any]) -> str:
    attempts = [a for log in meta.get("attempts", {}).values() for a in log]
    kept = [a["foreign_cpu"] for a in attempts if a["kept"]]
    if not kept:
        return "not measured"
    repeated = len(attempts) - len(kept)
    return (
        f"CPU share taken by other processes during the kept measurements: median "
        f"{median(kept):.0%}, max {max(kept):.0%}; {repeated} measurement(s) discarded and "
        f"repeated (over {_machine.DISTURBED_SHARE:.0%}); "
        f"{meta.get('quiet_wait_seconds', 0):.0f} s spent waiting for a quiet machine"
    )


def _scale_rows(scale: dict[str, dict[str, Any]]) -> list[Row]:
    out: list[Row] = []
    for size, s in scale.items():
        cpu, wall = s["cpu"], s["wall"]
        out.append(
            Row(
                f"Build, {int(size):,} posts, with / without the self-assessment "
                f"({run_count(s['runs'])}): CPU time (wall-clock time)",
                f"{cpu['with']:.1f} s / {cpu['without']:.1f} s: "
                f"**{100 * cpu['overhead']:+.1f}%** (runs: {_pct_range(cpu)}); wall clock "
                f"{wall['with']:.1f} s / {wall['without']:.1f} s: {100 * wall['overhead']:+.1f}% "
                f"(runs: {_pct_range(wall)})",
                f"overhead ≤ {100 * BUILD_OVERHEAD_MAX:.0f}% (CPU time)",
                cpu["overhead"] <= BUILD_OVERHEAD_MAX,
            )
        )
    sizes = sorted(scale, key=int)
    if len(sizes) >= 2:
        small, large = scale[sizes[0]], scale[sizes[-1]]
        factor = int(sizes[-1]) / int(sizes[0])
        out.append(
            Row(
                f"Build growth {int(sizes[0]):,} → {int(sizes[-1]):,} posts ({factor:.0f}× posts)",
                f"CPU time with: {large['cpu']['with'] / small['cpu']['with']:.1f}×, without: "
                f"{large['cpu']['without'] / small['cpu']['without']:.1f}×; wall clock with: "
                f"{large['wall']['with'] / small['wall']['with']:.1f}×, without: "
                f"{large['wall']['without'] / small['wall']['without']:.1f}×",
                "report",
                None,
            )
        )
    return out


def _pct_range(figures: dict[str, Any]) -> str:
    low, high = figures["overhead_range"]
    return f"{100 * low:+.1f}% to {100 * high:+.1f}%"


def _lighthouse_rows(lighthouse: dict[str, dict[str, Any]]) -> list[Row]:
    out: list[Row] = []
    for page, data in lighthouse.items():
        scores, targets = data["scores"], LIGHTHOUSE_TARGETS[page]
        out.append(
            Row(
                f"Lighthouse, {LIGHTHOUSE_PAGES[page]} ({run_count(data['runs'])}): "
                "performance / accessibility / best practices / SEO",
                " / ".join(f"{scores[c]:.0f}" for c in targets),
                " / ".join(f"≥ {t}" if t < 100 else "100" for t in targets.values()),
                all(scores[c] >= t for c, t in targets.items()),
            )
        )
    return out
