"""Values and chart geometry for the outcome and key-account sections of a report.

Like ``charts`` and ``rows``: pure functions of the Report, returning frozen data
(texts already formatted, SVG coordinates already rounded) that the partials
``_outcomes.*.j2`` and ``_key_accounts.*.j2`` only place and escape. Directions are
shown as a word and a shape (up, down and round marks, a dash), never by colour
alone; the charts use the Okabe-Ito blue and orange, which stay apart for every
common colour-vision type.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from functools import cached_property

from ci_assess.core.models.outcome_report import (
    KeyAccountsResult,
    OutcomeResult,
    OutcomeSide,
)
from ci_assess.core.models.report import Report
from ci_assess.render.charts import WIDTH, _r, wrap

DASH = "\u2013"
HEATMAP_INLINE = 10
"""Up to this many accounts the heatmap stands in the section; beyond, in the appendix."""
MARKS = {"improved": "▲", "worse": "▼", "unchanged": "●", "unknown": DASH}
DIRECTION_WORDS = {
    "improved": "improved",
    "worse": "worse",
    "unchanged": "unchanged",
    "unknown": "no comparison",
}
FLAG_WORDS = {
    "no_sponsor": "no sponsor",
    "review_overdue": "review overdue",
    "price_tier_high_share": "high share at price tier",
    "weak_element": "weak element",
}
_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def number(value: float, places: int) -> str:
    """``value`` with ``places`` decimals and thin thousands groups: 4,200,000.00."""
    return f"{value:,.{places}f}".replace("-", "\u2212")


def short_date(value: dt.date) -> str:
    """30 Jun 2026."""
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def percent_share(share: float | None) -> str:
    """A 0-1 share as a percentage with two decimals, or an en dash."""
    return DASH if share is None else f"{share * 100:.2f} %"


def money(value: float, currency: str | None) -> str:
    """An amount in the report's currency: EUR 4,200,000 (cents only when there are some)."""
    places = 0 if float(value).is_integer() else 2
    shown = number(value, places)
    return f"{currency} {shown}" if currency else shown


# --- outcomes ------------------------------------------------------------------------


@dataclass(frozen=True)
class OutcomeRow:
    """One indicator as the outcomes table shows it."""

    id: str
    title: str
    baseline: str
    today: str
    target: str
    delta: str
    mark: str
    direction: str
    direction_id: str
    on_track: str
    note: str
    groups: tuple[str, ...]


def value_text(value: float, unit: str, currency: str | None) -> str:
    """A value in its unit: 86.0 %, EUR 3,200, 28.0 days, 0.0800."""
    from ci_assess.core.outcomes import DECIMALS

    places = DECIMALS[unit]
    if unit == "percent":
        return f"{number(value, places)} %"
    if unit == "currency":
        return f"{currency} {number(value, places)}" if currency else number(value, places)
    if unit == "days":
        return f"{number(value, places)} days"
    return number(value, places)


def _side_text(side: OutcomeSide | None, unit: str, currency: str | None) -> str:
    if side is None:
        return DASH
    text = value_text(side.value, unit, currency)
    if side.margin_of_error is not None:
        text += f" ± {number(side.margin_of_error, 1)} (n = {side.n})"
    if side.on is not None:
        text += f", {short_date(side.on)}"
    return text


def _delta_text(o: OutcomeResult, currency: str | None) -> str:
    if o.delta is None:
        return DASH
    sign = "+" if o.delta > 0 else ""
    if o.unit == "percent":  # a change of percentages is in points, not per cent
        return f"{sign}{number(o.delta, 1)} points"
    return sign + value_text(o.delta, o.unit, currency)


def outcome_rows(report: Report) -> tuple[OutcomeRow, ...]:
    """Every indicator of the report, in its order."""
    titles = {g.id: g.title for g in (*report.process_groups, *report.other_groups)}
    rows = []
    for o in report.outcomes:
        on_track = DASH if o.on_track is None else ("yes" if o.on_track else "not yet")
        note = ""
        if o.within_margin_of_error:
            note = "the change is within the margin of error, so it may be noise."
        rows.append(
            OutcomeRow(
                id=o.id,
                title=o.title,
                baseline=_side_text(o.baseline, o.unit, report.currency),
                today=_side_text(o.today, o.unit, report.currency),
                target=DASH if o.target is None else value_text(o.target, o.unit, report.currency),
                delta=_delta_text(o, report.currency),
                mark=MARKS[o.direction],
                direction=DIRECTION_WORDS[o.direction],
                direction_id=o.direction,
                on_track=on_track,
                note=note,
                groups=tuple(titles.get(g, g) for g in o.groups),
            )
        )
    return tuple(rows)


@dataclass(frozen=True)
class GroupLink:
    """A group and the outcomes the method links to it, each with its direction."""

    title: str
    score: str
    outcomes: tuple[str, ...]


def group_links(report: Report) -> tuple[GroupLink, ...]:
    """Groups in report order with the recorded outcomes linked to them."""
    found = []
    for g in (*report.process_groups, *report.other_groups):
        linked = [
            f"{o.title} ({MARKS[o.direction]} {DIRECTION_WORDS[o.direction]})"
            for o in report.outcomes
            if g.id in o.groups
        ]
        if linked:
            score = DASH if g.score is None else f"{g.score:.1f}"
            found.append(GroupLink(g.title, score, tuple(linked)))
    return tuple(found)


# --- key accounts --------------------------------------------------------------------


@dataclass(frozen=True)
class AccountRow:
    """One key account as its table shows it."""

    name: str
    revenue: str
    share: str
    tier: str
    score: str
    sponsor: str
    reviewed_on: str
    flags: tuple[str, ...]


def account_rows(section: KeyAccountsResult, currency: str | None) -> tuple[AccountRow, ...]:
    """Each key account, in file order."""
    rows = []
    for a in section.accounts:
        flags = [FLAG_WORDS[f] for f in a.flags if f != "weak_element"]
        if a.weak_elements:
            flags.append("weak: " + ", ".join(_element_titles(section)[e] for e in a.weak_elements))
        rows.append(
            AccountRow(
                name=a.name,
                revenue=money(a.revenue, currency),
                share=percent_share(a.share),
                tier=f"{a.tier} {a.tier_name}",
                score=f"{a.score:.1f}",
                sponsor=a.sponsor or "none",
                reviewed_on=short_date(a.reviewed_on) if a.reviewed_on else "never recorded",
                flags=tuple(flags),
            )
        )
    return tuple(rows)


def _element_titles(section: KeyAccountsResult) -> dict[str, str]:
    return {e.id: e.title for e in section.elements}


@dataclass(frozen=True)
class Bubble:
    """An account on the value journey: a circle sized by revenue, with its label."""

    cx: float
    cy: float
    r: float
    labels: tuple[tuple[float, str], ...]
    desc: str


@dataclass(frozen=True)
class Lane:
    """One tier of the value journey: a column with its heading."""

    x: float
    width: float
    heading: str
    name: tuple[tuple[float, str], ...]
    count: str
    bubbles: tuple[Bubble, ...]


@dataclass(frozen=True)
class JourneyChart:
    """The value journey, tier 4 (price) on the left to tier 1 (partnership) on the right."""

    width: float
    height: float
    lanes: tuple[Lane, ...]
    desc: str


_LANE_TOP = 66.0
_SLOT = 74.0
_MAX_R = 22.0
_MIN_R = 4.0


def journey_chart(
    section: KeyAccountsResult, tier_names: dict[int, str], currency: str | None
) -> JourneyChart:
    """Each account in its tier's lane; circle area proportional to revenue."""
    biggest = max((a.revenue for a in section.accounts), default=0.0)
    lane_w = WIDTH / 4
    lanes = []
    most = max((section.tiers[str(t)] for t in (4, 3, 2, 1)), default=0)
    for i, tier in enumerate((4, 3, 2, 1)):
        x = lane_w * i
        members = [a for a in section.accounts if a.tier == tier]
        bubbles = []
        for k, a in enumerate(members):
            r = _MAX_R * math.sqrt(a.revenue / biggest) if biggest > 0 else _MIN_R
            cy = _LANE_TOP + _SLOT * k + _MAX_R + 2
            lines = wrap(a.name, lane_w - 6, 11, 2)
            labels = tuple((_r(cy + _MAX_R + 13 + 12 * n), line) for n, line in enumerate(lines))
            desc = f"{a.name}: tier {tier}, {money(a.revenue, currency)}"
            bubbles.append(Bubble(_r(x + lane_w / 2), _r(cy), _r(max(r, _MIN_R)), labels, desc))
        count = section.tiers[str(tier)]
        name = wrap(tier_names.get(tier, ""), lane_w - 2, 12, 2)
        lanes.append(
            Lane(
                _r(x),
                _r(lane_w),
                f"Tier {tier}",
                tuple((_r(32 + 13 * n), line) for n, line in enumerate(name)),
                f"{count} account{'s' if count != 1 else ''}",
                tuple(bubbles),
            )
        )
    parts = [
        f"Tier {t} {tier_names.get(t, '')}: "
        + (", ".join(a.name for a in section.accounts if a.tier == t) or "none")
        for t in (4, 3, 2, 1)
    ]
    height = _LANE_TOP + _SLOT * max(most, 1) + 12
    return JourneyChart(WIDTH, _r(height), tuple(lanes), ". ".join(parts) + ".")


@dataclass(frozen=True)
class Cell:
    """One element of one account in the heatmap."""

    x: float
    level: int | float
    """As the report shows it (a combined report's mean has two decimals)."""
    shade: str


@dataclass(frozen=True)
class HeatRow:
    """One account's row of the heatmap."""

    y: float
    names: tuple[tuple[float, str], ...]
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Heatmap:
    """The seven elements (columns) of every account (rows), the level written in each cell."""

    width: float
    height: float
    label_width: float
    cell: float
    columns: tuple[tuple[float, str], ...]
    rows: tuple[HeatRow, ...]
    desc: str


# A sequential blue ramp (light to darker) readable in grey as well; the level is
# written in each cell, so the colour only repeats it. Every shade keeps the report's
# dark text above a 4.5:1 contrast (the template's CSS colours chart text).
_SHADES = ("#f4f7fb", "#d6e5f3", "#b3cfe9", "#8cb6dd", "#5f9acd")
_HEAT_TOP = 96.0


def heatmap(section: KeyAccountsResult, low: int, high: int) -> Heatmap:
    """A grid of element levels per account, darker for higher levels."""
    label_w = 126.0
    cell = _r((WIDTH - label_w) / max(len(section.elements), 1))
    span = max(high - low, 1)
    columns = tuple(
        (_r(label_w + cell * n + cell / 2 + 4), e.id.split("_")[0][:13])
        for n, e in enumerate(section.elements)
    )
    rows = []
    for k, a in enumerate(section.accounts):
        cells = []
        for n, e in enumerate(section.elements):
            level = a.elements.get(e.id, low)
            step = round((len(_SHADES) - 1) * (level - low) / span)
            cells.append(Cell(_r(label_w + cell * n), level, _SHADES[step]))
        y = _HEAT_TOP + cell * k
        lines = wrap(a.name, label_w - 6, 12, 2)
        first = y + cell / 2 + 4 - 7 * (len(lines) - 1)
        names = tuple((_r(first + 14 * n), line) for n, line in enumerate(lines))
        rows.append(HeatRow(_r(y), names, tuple(cells)))
    desc = " ".join(
        f"{a.name}: "
        + ", ".join(f"{e.title} {a.elements.get(e.id)}" for e in section.elements)
        + "."
        for a in section.accounts
    )
    height = _HEAT_TOP + cell * len(section.accounts) + 4
    return Heatmap(WIDTH, _r(height), label_w, cell, columns, tuple(rows), desc)


@dataclass(frozen=True)
class CurveChart:
    """Cumulative revenue share over customers ranked by revenue, the top 20 % marked."""

    width: float
    height: float
    left: float
    top: float
    plot_w: float
    plot_h: float
    points: str
    diagonal: str
    mark_x: float
    mark_y: float
    mark_label: str
    label_x: float
    anchor: str
    ticks: tuple[tuple[float, str], ...]
    x_label: str
    desc: str


def curve_chart(section: KeyAccountsResult) -> CurveChart | None:
    """The concentration curve, or None without a customers file."""
    c = section.concentration
    if c is None:
        return None
    left, top, plot_w, plot_h = 40.0, 12.0, WIDTH - 52.0, 200.0
    n = c.customers

    def at(k: int, value: float) -> tuple[float, float]:
        return _r(left + plot_w * k / n), _r(top + plot_h * (1 - value))

    pts = [at(0, 0.0), *(at(k + 1, v) for k, v in enumerate(c.curve))]
    top20 = math.ceil(n / 5)
    mx, my = at(top20, c.top20_share)
    label = f"top 20 % ({top20} of {n}): {c.top20_share * 100:.1f} % of revenue"
    anchor = "start" if mx < left + plot_w / 2 else "end"
    ticks = tuple((_r(top + plot_h * (1 - v / 100)), f"{v} %") for v in (0, 25, 50, 75, 100))
    desc = (
        f"{n} customers ranked by revenue. The largest {top20} ({'20 %'} of customers) bring "
        f"{c.top20_share * 100:.1f} % of revenue; the HHI is {c.hhi:.1f}."
    )
    return CurveChart(
        WIDTH,
        _r(top + plot_h + 36),
        left,
        top,
        plot_w,
        plot_h,
        " ".join(f"{x},{y}" for x, y in pts),
        f"{left},{top + plot_h} {left + plot_w},{top}",
        mx,
        my,
        label,
        _r(mx + 8 if anchor == "start" else mx - 8),
        anchor,
        ticks,
        f"customers ranked by revenue (1 to {n})",
        desc,
    )


class OutcomeView:
    """Everything the two partials need, computed on first use."""

    def __init__(self, report: Report) -> None:
        self.report = report

    @cached_property
    def outcomes(self) -> tuple[OutcomeRow, ...]:
        return outcome_rows(self.report)

    @cached_property
    def links(self) -> tuple[GroupLink, ...]:
        return group_links(self.report)

    @cached_property
    def accounts(self) -> tuple[AccountRow, ...]:
        section = self.report.key_accounts
        return () if section is None else account_rows(section, self.report.currency)

    @cached_property
    def journey(self) -> JourneyChart | None:
        section = self.report.key_accounts
        if section is None:
            return None
        names = {int(t): name for t, name in section.tier_names.items()}
        return journey_chart(section, names, self.report.currency)

    @cached_property
    def heatmap(self) -> Heatmap | None:
        section = self.report.key_accounts
        if section is None or not section.accounts:
            return None
        scale = self.report.method.scale
        return heatmap(section, scale[0].level, scale[-1].level)

    @cached_property
    def curve(self) -> CurveChart | None:
        section = self.report.key_accounts
        return None if section is None else curve_chart(section)

    @cached_property
    def progress(self) -> tuple[str, ...]:
        """The progress section's outcome indicators, before → after, in words."""
        from ci_assess.render.progress_outcomes import change_texts

        return change_texts(self.report)

    @cached_property
    def progress_counts(self) -> str:
        """The executive summary's count of them: "4 improved, 1 worse"."""
        from ci_assess.render.progress_outcomes import change_counts

        return change_counts(self.report)

    @property
    def heatmap_inline(self) -> bool:
        section = self.report.key_accounts
        return section is not None and len(section.accounts) <= HEATMAP_INLINE
