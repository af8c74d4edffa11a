"""The browser figures of one run (or their medians): what the runner fills and the report reads.

In the raw results (benchmarks/results/*.json) they stay one flat object of named numbers,
so that older results still read and every figure keeps its name there: a boot path's
figures are prefixed with the path (`lean_cold_ms`), the worker's evaluation figures with
`eval_`. `to_dict` and `from_dict` are the one translation between the two.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import Field, dataclass, fields
from typing import Any, Self

# A boot path's figures are known by this one of them; the others share its prefix.
PATH_MARK = "_cold_ms"
EVALUATION_PREFIX = "eval_"


@dataclass(frozen=True)
class PathFigures:
    """One boot path of the self-assessment page: a cold load and a repeat visit."""

    cold_ms: float
    repeat_ms: float
    cold_ratio: float  # of the stock boot
    repeat_ratio: float  # of its own cold load
    repeat_stock_ratio: float  # of the stock boot
    tbt_ms: float  # cold load until ready + 1 s
    long_tasks: float
    longest_task_ms: float
    gzip: float  # every file of the cold load
    brotli: float
    gzip_ratio: float  # of the stock download
    brotli_ratio: float
    pyodide_gzip: float  # of which Pyodide, stdlib, lock file, wheel (and snapshot)
    pyodide_brotli: float


@dataclass(frozen=True)
class EvaluationFigures:
    """The worker's evaluations of the answer sets, against CPython's verdicts."""

    count: float
    p50_ms: float
    p95_ms: float
    max_ms: float
    mismatches: float  # another verdict than CPython's
    wording_differs: float  # the same verdict in other words
    wording_min_depth: float  # how deeply nested those answers are at the least


@dataclass(frozen=True)
class BrowserFigures:
    """The figures of one browser run; every ratio is taken within the run."""

    baseline_ready_ms: float
    baseline_repeat_ms: float
    baseline_repeat_ratio: float
    stock_gzip: float
    stock_brotli: float
    result_latency_ms: float
    result_next_frame_ms: float
    article_tbt_ms: float
    article_long_tasks: float
    article_longest_task_ms: float
    article_gzip: float
    article_brotli: float
    article_pyodide_raw: float
    article_quiz_script_gzip: float
    article_quiz_script_brotli: float
    paths: dict[str, PathFigures]
    evaluation: EvaluationFigures | None
    foreign_cpu: float = 0.0  # the share of the CPU other processes took meanwhile

    def to_dict(self) -> dict[str, float]:
        """The flat figures, as the raw results hold them."""
        out = _numbers(self)
        for path, figures in self.paths.items():
            out |= {f"{path}_{key}": value for key, value in _numbers(figures).items()}
        if self.evaluation is not None:
            out |= {EVALUATION_PREFIX + k: v for k, v in _numbers(self.evaluation).items()}
        out["foreign_cpu"] = out.pop("foreign_cpu")
        return out

    @classmethod
    def from_dict(cls, flat: dict[str, Any]) -> Self:
        """The figures from a flat object (other keys, such as `detail`, are passed over)."""
        paths = {
            path: PathFigures(**_prefixed(flat, f"{path}_", PathFigures))
            for path in (key.removesuffix(PATH_MARK) for key in flat if key.endswith(PATH_MARK))
        }
        evaluation = (
            EvaluationFigures(**_prefixed(flat, EVALUATION_PREFIX, EvaluationFigures))
            if EVALUATION_PREFIX + "count" in flat
            else None
        )
        own = {f.name: flat[f.name] for f in _number_fields(cls) if f.name in flat}
        return cls(**own, paths=paths, evaluation=evaluation)

    @classmethod
    def combine(cls, runs: list[Self], reduce: Callable[[list[float]], float]) -> Self:
        """One figures object whose every figure is `reduce` of that figure over `runs`:
        figures that some run lacks (a path or the evaluations) are left out."""
        flats = [run.to_dict() for run in runs]
        shared = [key for key in flats[0] if all(key in flat for flat in flats)]
        return cls.from_dict({key: reduce([flat[key] for flat in flats]) for key in shared})


def _numbers(figures: Any) -> dict[str, float]:
    """A figures object's own numbers, by field name."""
    return {f.name: getattr(figures, f.name) for f in _number_fields(type(figures))}


def _number_fields(kind: Any) -> list[Field[Any]]:
    # The annotations are strings here (`from __future__ import annotations`).
    return [f for f in fields(kind) if f.type in ("float", float)]


def _prefixed(flat: dict[str, Any], prefix: str, kind: Any) -> dict[str, Any]:
    return {f.name: flat[prefix + f.name] for f in _number_fields(kind)}
