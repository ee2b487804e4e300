"""Rich output of the store's commands: the list of stored assessments, a benchmark."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

from ci_assess.core.models.history import Benchmark

DASH = "\u2013"  # an empty cell, as the reports show one


def stdout_console() -> Console:
    """The console for a table on standard output (wide off a terminal, as for logs)."""
    console = Console(highlight=False, soft_wrap=True)
    if not console.is_terminal:
        console = Console(highlight=False, soft_wrap=True, width=200)
    return console


def listing_table(entries: list[dict[str, Any]]) -> Table:
    """``history list`` as a table: one row per stored assessment."""
    table = Table(title=f"{len(entries)} stored assessment{'s' if len(entries) != 1 else ''}")
    for name, justify in (
        ("id", "right"),
        ("company", "left"),
        ("assessed on", "left"),
        ("milestone", "left"),
        ("respondents", "right"),
        ("questionnaire", "left"),
        ("overall", "right"),
        ("industry", "left"),
        ("size", "left"),
    ):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for e in entries:
        overall = e["overall"]
        table.add_row(
            str(e["id"]),
            e["company"],
            e["assessed_on"],
            e["milestone"] or DASH,
            str(len(e["respondents"])),
            f"{e['questionnaire']['id']} {e['questionnaire']['version']}",
            DASH if overall is None else f"{overall:.1f}",
            e["industry"] or DASH,
            e["size"] or DASH,
        )
    return table


def benchmark_lines(company: str, bench: Benchmark) -> list[str]:
    """``benchmark`` as plain lines: the segment, then each figure with its n."""
    segment = ", ".join(
        part
        for part in (
            f"industry {bench.segment.industry}" if bench.segment.industry else "every industry",
            f"size {bench.segment.size}" if bench.segment.size else "every size",
        )
    )
    lines = [f"{company} among {bench.n} other companies ({segment})"]
    if bench.suppressed:
        lines.append(f"too few to compare (n = {bench.n}; at least 5 are needed)")
        return lines
    lines.append(f"overall: {_figure(bench.overall.percentile, bench.overall.n)}")
    lines.extend(f"  {g.id}: {_figure(g.percentile, g.n)}" for g in bench.groups)
    if bench.disciplines:
        lines.append("positions (within the industry):")
        lines.extend(f"  {d.id}: {_figure(d.percentile, d.n)}" for d in bench.disciplines)
    else:
        lines.append("positions: shown only within one industry (--industry NAME)")
    return lines


def _figure(percentile: float | None, n: int) -> str:
    if percentile is None:
        return f"too few to compare (n = {n})" if n < 5 else f"no score (n = {n})"
    return f"percentile {percentile:.1f} (n = {n})"
