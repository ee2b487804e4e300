"""Rich output of the store's commands: the list of stored assessments, a benchmark.

The benchmark's lines are for the client and speak ``--lang`` (files.catalogues); the
listing is the consultant's own view of the store and stays English, as errors do."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

from ci_assess.app.store_language import Titles
from ci_assess.core.models.history import Benchmark
from ci_assess.files.catalogues import SourceTranslator, Translator


def N_(message: str) -> str:  # the gettext convention: extracted, translated where used
    """Mark a constant for extraction."""
    return message


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


def benchmark_lines(
    company: str, bench: Benchmark, t: Translator | None = None, titles: Titles | None = None
) -> list[str]:
    """``benchmark`` as plain lines: the segment, then each figure with its n.

    ``t`` is the language (English when None, exactly as before translations); with
    ``titles`` the groups and disciplines are named by title rather than id."""
    t = t or SourceTranslator()
    groups = titles.groups if titles is not None else {}
    disciplines = titles.disciplines if titles is not None else {}
    size = bench.segment.size
    segment = ", ".join(
        (
            t.gettext("industry %(name)s", name=bench.segment.industry)
            if bench.segment.industry
            else t.gettext("every industry"),
            (t.gettext(SIZES[size]) if size in SIZES else t.gettext("size %(name)s", name=size))
            if size
            else t.gettext("every size"),
        )
    )
    lines = [
        t.ngettext(
            "%(company)s among %(n)s other company (%(segment)s)",
            "%(company)s among %(n)s other companies (%(segment)s)",
            bench.n,
            company=company,
            segment=segment,
        )
    ]
    if bench.suppressed:
        lines.append(t.gettext("too few to compare (n = %(n)s; at least 5 are needed)", n=bench.n))
        return lines
    figure = _figure(t, bench.overall.percentile, bench.overall.n)
    lines.append(t.gettext("overall: %(figure)s", figure=figure))
    lines.extend(_line(t, groups.get(g.id, g.id), g.percentile, g.n) for g in bench.groups)
    if bench.disciplines:
        lines.append(t.gettext("positions (within the industry):"))
        lines.extend(
            _line(t, disciplines.get(d.id, d.id), d.percentile, d.n) for d in bench.disciplines
        )
    else:
        lines.append(t.gettext("positions: shown only within one industry (--industry NAME)"))
    return lines


SIZES = {
    "micro": N_("size micro"),
    "small": N_("size small"),
    "mid": N_("size mid"),
    "large": N_("size large"),
}
"""A segment's size as a reader is told it (the values stay micro/small/mid/large)."""


def _line(t: Translator, name: str, percentile: float | None, n: int) -> str:
    return t.gettext("  %(name)s: %(figure)s", name=name, figure=_figure(t, percentile, n))


def _figure(t: Translator, percentile: float | None, n: int) -> str:
    if percentile is None:
        if n < 5:
            return t.gettext("too few to compare (n = %(n)s)", n=n)
        return t.gettext("no score (n = %(n)s)", n=n)
    return t.gettext("percentile %(value)s (n = %(n)s)", value=t.number(percentile, 1), n=n)
