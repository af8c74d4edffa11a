"""The README's table of figures: a row, its Markdown, and how a figure is written."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    measure: str
    result: str
    target: str
    met: bool | None  # None: a reference figure without a target


def table(rows: list[Row]) -> str:
    lines = ["| Measure | Result | Target | Met? |", "|---|---|---|---|"]
    for row in rows:
        met = "—" if row.met is None else ("**met**" if row.met else "**not met**")
        lines.append(f"| {row.measure} | {row.result} | {row.target} | {met} |")
    return "\n".join(lines)


def run_count(count: float) -> str:
    return "1 run" if count == 1 else f"{count:.0f} runs"


def ms(value: float) -> str:
    return f"{value:,.0f} ms" if value >= 100 else f"{value:.1f} ms"


def kb(value: float) -> str:
    return f"{value / 1000:,.0f} kB" if value < 1_000_000 else f"{value / 1e6:.2f} MB"
