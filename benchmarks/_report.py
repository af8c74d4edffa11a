"""From raw results to the summary: medians, per-run ratios, targets met or not, the table."""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import _machine
from ._figures import BrowserFigures, PathFigures

# The targets the site is held to (benchmarks/README.md says why each is what it is).
COLD_MAX_RATIO = {"lean": 1.0, "snapshot": 0.3}  # of the stock boot, per boot path
REPEAT_MAX_STOCK_RATIO = 0.3  # a repeat visit that restores a cached snapshot
RESULT_LATENCY_MAX_MS = 100.0
EVAL_P95_MAX_MS = 20.0
QUIZ_BYTES_MAX_RATIO = 0.70
ARTICLE_SCRIPT_MAX_GZIP = 2048
TBT_MAX_MS = 50.0
BUILD_OVERHEAD_MAX = 0.05
LIGHTHOUSE_TARGETS = {
    "home": {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100},
    "article": {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100},
    "quiz": {"performance": 90, "accessibility": 100, "best-practices": 100, "seo": 100},
}
LIGHTHOUSE_PAGES = {"home": "home page", "article": "main article", "quiz": "self-assessment"}

RESULTS_MARKER = "results"


@dataclass(frozen=True)
class Row:
    measure: str
    result: str
    target: str
    met: bool | None  # None: a reference figure without a target


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
    b = summary.get("browser")
    if b:
        spread = summary["browser_range"]
        out += _browser_rows(
            BrowserFigures.from_dict(b),
            _Spread(
                BrowserFigures.from_dict({key: low for key, (low, _) in spread.items()}),
                BrowserFigures.from_dict({key: high for key, (_, high) in spread.items()}),
            ),
            summary["boot_paths"],
        )
    out += _scale_rows(summary["scale"])
    out += _lighthouse_rows(summary["lighthouse"])
    return out


def table(rows_: list[Row]) -> str:
    lines = ["| Measure | Result | Target | Met? |", "|---|---|---|---|"]
    for row in rows_:
        met = "—" if row.met is None else ("**met**" if row.met else "**not met**")
        lines.append(f"| {row.measure} | {row.result} | {row.target} | {met} |")
    return "\n".join(lines)


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


def _runs(count: float) -> str:
    return "1 run" if count == 1 else f"{count:.0f} runs"


def _ms(value: float) -> str:
    return f"{value:,.0f} ms" if value >= 100 else f"{value:.1f} ms"


def _kb(value: float) -> str:
    return f"{value / 1000:,.0f} kB" if value < 1_000_000 else f"{value / 1e6:.2f} MB"


PATH_NAMES = {
    "lean": "lean boot (no snapshot; slow or unknown connection)",
    "snapshot": "snapshot boot (fast connection reported)",
}
REPEAT_NAMES = {
    "lean": "after a lean boot under Save-Data (no snapshot downloaded)",
    "prefetch": "after a lean boot on 4g, 9 Mbit/s (snapshot downloaded when idle, then restored)",
    "snapshot": "after a snapshot boot (snapshot cached)",
}


@dataclass(frozen=True)
class _Spread:
    """The lowest and the highest of each figure over the runs."""

    low: BrowserFigures
    high: BrowserFigures

    def ms(self, pick: Callable[[BrowserFigures], float]) -> str:
        return f" (runs: {pick(self.low):,.0f}–{pick(self.high):,.0f})"

    def ratio(self, pick: Callable[[BrowserFigures], float]) -> str:
        return f" (runs: {pick(self.low):.2f}–{pick(self.high):.2f})"

    def path_ms(self, path: str, pick: Callable[[PathFigures], float]) -> str:
        return self.ms(lambda f: pick(f.paths[path]))

    def path_ratio(self, path: str, pick: Callable[[PathFigures], float]) -> str:
        return self.ratio(lambda f: pick(f.paths[path]))


def _browser_rows(b: BrowserFigures, spread: _Spread, boot_paths: list[str]) -> list[Row]:
    """The browser figures' rows: boot times, latencies, bytes, main-thread blocking."""
    return [
        *_stock_rows(b, spread, boot_paths),
        *_cold_rows(b, spread),
        *_repeat_rows(b, spread),
        *_latency_rows(b),
        *_byte_rows(b),
        *_blocking_rows(b, spread),
    ]


def _stock_rows(b: BrowserFigures, spread: _Spread, boot_paths: list[str]) -> list[Row]:
    return [
        Row(
            "Stock Pyodide boot (baseline page), cold",
            f"{_ms(b.baseline_ready_ms)}{spread.ms(lambda f: f.baseline_ready_ms)}",
            "reference",
            None,
        ),
        Row(
            "Stock Pyodide boot, repeat visit (same context)",
            f"{_ms(b.baseline_repeat_ms)} = {b.baseline_repeat_ratio:.2f}× its cold boot",
            "reference",
            None,
        ),
        Row(
            "Boot path the worker reported (cold/repeat)",
            "<br>".join(boot_paths),
            "reference",
            None,
        ),
    ]


def _cold_rows(b: BrowserFigures, spread: _Spread) -> list[Row]:
    rows = []
    for path, name in PATH_NAMES.items():
        if (p := b.paths.get(path)) is None:
            continue
        limit = COLD_MAX_RATIO.get(path)
        rows.append(
            Row(
                f"Time to ready, cold (fresh context): {name}",
                f"{_ms(p.cold_ms)} = {p.cold_ratio:.2f}× stock boot"
                f"{spread.path_ratio(path, lambda fig: fig.cold_ratio)}",
                "reference" if limit is None else f"≤ {limit:.2f}× stock boot",
                None if limit is None else p.cold_ratio <= limit,
            )
        )
    return rows


def _repeat_rows(b: BrowserFigures, spread: _Spread) -> list[Row]:
    rows = []
    for path, name in REPEAT_NAMES.items():
        if (p := b.paths.get(path)) is None:
            continue
        target = path != "lean"  # Save-Data: no snapshot is downloaded, by design
        rows.append(
            Row(
                f"Time to ready, repeat visit (same context): {name}",
                f"{_ms(p.repeat_ms)} = {p.repeat_stock_ratio:.2f}× stock boot"
                f"{spread.path_ratio(path, lambda fig: fig.repeat_stock_ratio)}; "
                f"{p.repeat_ratio:.2f}× its own cold load",
                f"≤ {REPEAT_MAX_STOCK_RATIO:.2f}× stock boot" if target else "reference",
                p.repeat_stock_ratio <= REPEAT_MAX_STOCK_RATIO if target else None,
            )
        )
    return rows


def _latency_rows(b: BrowserFigures) -> list[Row]:
    rows = [
        Row(
            "Result latency: last answer (1 answer/s) → result visible",
            f"{_ms(b.result_latency_ms)} (next frame: {_ms(b.result_next_frame_ms)})",
            f"≤ {RESULT_LATENCY_MAX_MS:.0f} ms",
            b.result_latency_ms <= RESULT_LATENCY_MAX_MS,
        )
    ]
    if (e := b.evaluation) is not None:
        rows.append(
            Row(
                f"Evaluation latency in the worker, {e.count:,.0f} answer sets",
                f"p50 {_ms(e.p50_ms)}, p95 {_ms(e.p95_ms)}, max {_ms(e.max_ms)}",
                f"p95 ≤ {EVAL_P95_MAX_MS:.0f} ms",
                e.p95_ms <= EVAL_P95_MAX_MS,
            )
        )
    return rows


def _byte_rows(b: BrowserFigures) -> list[Row]:
    rows = [
        Row(
            "Bytes, article page (gzip / brotli)",
            f"{_kb(b.article_gzip)} / {_kb(b.article_brotli)}; "
            f"Pyodide bytes: {b.article_pyodide_raw:.0f}",
            "0 Pyodide bytes",
            b.article_pyodide_raw == 0,
        ),
        Row(
            "Script of the self-assessment on an article page (gzip / brotli)",
            f"{b.article_quiz_script_gzip:,.0f} B / {b.article_quiz_script_brotli:,.0f} B",
            f"≤ {ARTICLE_SCRIPT_MAX_GZIP:,} B gzip",
            b.article_quiz_script_gzip <= ARTICLE_SCRIPT_MAX_GZIP,
        ),
        Row(
            "Stock Pyodide download (baseline page: runtime, stdlib, full lock file)",
            f"{_kb(b.stock_gzip)} / {_kb(b.stock_brotli)}",
            "reference",
            None,
        ),
    ]
    for path, name in PATH_NAMES.items():
        if (p := b.paths.get(path)) is None:
            continue
        held = path == "lean"  # the snapshot's bytes buy its faster boot: a reference
        rows.append(
            Row(
                f"Bytes, self-assessment page, cold load (gzip / brotli): {name}",
                f"{_kb(p.gzip)} / {_kb(p.brotli)} = "
                f"{p.gzip_ratio:.2f}× / {p.brotli_ratio:.2f}× stock "
                f"(of which Pyodide, stdlib, lock file, wheel"
                f"{', snapshot' if path == 'snapshot' else ''}: "
                f"{_kb(p.pyodide_gzip)} / {_kb(p.pyodide_brotli)})",
                f"≤ {QUIZ_BYTES_MAX_RATIO:.2f}× stock" if held else "reference",
                max(p.gzip_ratio, p.brotli_ratio) <= QUIZ_BYTES_MAX_RATIO if held else None,
            )
        )
    return rows


def _blocking_rows(b: BrowserFigures, spread: _Spread) -> list[Row]:
    rows = []
    for path, name in PATH_NAMES.items():
        if (p := b.paths.get(path)) is None:
            continue
        rows.append(
            Row(
                f"Main-thread blocking, self-assessment page, cold load until ready + 1 s: {name}",
                f"TBT {_ms(p.tbt_ms)}{spread.path_ms(path, lambda fig: fig.tbt_ms)}; "
                f"{p.long_tasks:.0f} long tasks, longest {_ms(p.longest_task_ms)}",
                f"TBT ≤ {TBT_MAX_MS:.0f} ms",
                p.tbt_ms <= TBT_MAX_MS,
            )
        )
    rows.append(
        Row(
            "Main-thread blocking, article page (no Pyodide), for comparison",
            f"TBT {_ms(b.article_tbt_ms)}{spread.ms(lambda f: f.article_tbt_ms)}; "
            f"{b.article_long_tasks:.0f} long tasks, longest {_ms(b.article_longest_task_ms)}",
            "reference",
            None,
        )
    )
    return rows


def _scale_rows(scale: dict[str, dict[str, Any]]) -> list[Row]:
    out: list[Row] = []
    for size, s in scale.items():
        cpu, wall = s["cpu"], s["wall"]
        out.append(
            Row(
                f"Build, {int(size):,} posts, with / without the self-assessment "
                f"({_runs(s['runs'])}): CPU time (wall-clock time)",
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
                f"Lighthouse, {LIGHTHOUSE_PAGES[page]} ({_runs(data['runs'])}): "
                "performance / accessibility / best practices / SEO",
                " / ".join(f"{scores[c]:.0f}" for c in targets),
                " / ".join(f"≥ {t}" if t < 100 else "100" for t in targets.values()),
                all(scores[c] >= t for c, t in targets.items()),
            )
        )
    return out
