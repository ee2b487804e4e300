"""Chart geometry for the HTML report, computed from the Report model and nothing else.

Each function is pure: it takes the report and returns plain, frozen data (SVG
coordinates in the chart's own viewBox units, already rounded, and the texts to
show). The template only draws what it is given and escapes every text, so no
number in a chart is ever typed by hand and no value reaches the page unescaped.

The viewBoxes are narrow (420 units) on purpose: the same SVG is scaled down to a
phone's width, and text sized for 420 units stays legible there (about 12 px).
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import NamedTuple

from ci_assess.core.models.report import GroupResult, Report
from ci_assess.files.catalogues import Translator, translator

WIDTH = 420.0
TICKS = (0, 25, 50, 75, 100)
# The ranked-gaps chart shows the largest gaps; the table beside it lists the same
# rows and the report details every gap below them.
RANKED_GAPS_SHOWN = 10
# Line distance and width of a discipline's label block on the map.
LABEL_STEP = 18.0
LABEL_WIDTH = 180.0
# Average glyph advance of the system sans-serif fonts, in ems, erring wide (DejaVu
# Sans, Linux's fallback, is the widest of them); used to wrap labels so they fit.
_EM_ADVANCE = 0.58
_EM_ADVANCE_BOLD = 0.64


def _r(value: float) -> float:
    """SVG coordinates with one decimal: exact enough, and stable in golden files."""
    return round(value, 1)


def text_width(text: str, font_size: float, *, bold: bool = False) -> float:
    """Estimated width of ``text`` in viewBox units (generous, so that it fits)."""
    return len(text) * font_size * (_EM_ADVANCE_BOLD if bold else _EM_ADVANCE)


def wrap(
    text: str, width: float, font_size: float, max_lines: int, *, bold: bool = False
) -> list[str]:
    """Split ``text`` into lines that fit ``width`` units, ending with '…' when cut."""
    # The texts are the questionnaire's, the same in every report of a batch.
    return list(_wrap(text, width, font_size, max_lines, bold))


@lru_cache(maxsize=2048)
def _wrap(text: str, width: float, font_size: float, max_lines: int, bold: bool) -> tuple[str, ...]:
    chars = max(8, int(width / text_width("x", font_size, bold=bold)))
    lines = textwrap.wrap(" ".join(text.split()), chars, break_long_words=True) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: chars - 1].rstrip() + "\u2026"
    return tuple(lines)


class TextLine(NamedTuple):
    """One line of a wrapped label and the baseline it is written at."""

    y: float
    text: str


def _text_lines(lines: list[str], first: float, step: float) -> list[TextLine]:
    """``lines`` written one under the other, the first at baseline ``first``."""
    return [TextLine(_r(first + step * i), text) for i, text in enumerate(lines)]


@dataclass(frozen=True)
class Tick:
    """A gridline of a 0-100 axis; the end labels are anchored inside the chart."""

    x: float
    label: str
    anchor: str


def ticks() -> list[Tick]:
    """Gridlines at 0, 25, 50, 75 and 100 across the chart's width."""
    anchors = {0: "start", 100: "end"}
    return [Tick(_r(t / 100 * WIDTH), str(t), anchors.get(t, "middle")) for t in TICKS]


# --- process groups: current against target ----------------------------------------


@dataclass(frozen=True)
class GroupRow:
    """One process group: a bar for the score, a hatched gap and a mark at the target."""

    labels: list[TextLine]
    value: str
    value_y: float
    bar_y: float
    bar_bottom: float
    bar_width: float | None
    gap_x: float
    gap_width: float
    target_x: float | None
    target_top: float
    target_bottom: float


@dataclass(frozen=True)
class GroupChart:
    """Paired bars of the five process groups."""

    width: float
    height: float
    bar_height: float
    rows: list[GroupRow]
    ticks: list[Tick]
    axis_y: float
    desc: str = ""

    @property
    def grid_xs(self) -> list[float]:
        """Where the inner gridlines cross each bar's track."""
        return [t.x for t in self.ticks[1:-1]]


def group_chart(report: Report) -> GroupChart:
    """Current score against target for each of the five process groups."""
    line, bar_h, gap_after = 18.0, 16.0, 22.0
    rows: list[GroupRow] = []
    y = 4.0
    t = _tr(report)
    for group in report.process_groups:
        value = _group_value(group, t)
        room = WIDTH - text_width(value, 14) - 12
        lines = wrap(group.title, room, 14, 2, bold=True)
        labels = _text_lines(lines, y + 14, line)
        bar_y = y + line * len(lines) + 4
        rows.append(_group_row(group, labels, value, bar_y, bar_h))
        y = bar_y + bar_h + gap_after
    axis_y = y - gap_after + 10
    return GroupChart(
        width=WIDTH,
        height=_r(axis_y + 22),
        bar_height=bar_h,
        rows=rows,
        ticks=ticks(),
        axis_y=_r(axis_y),
        desc="".join(_group_desc(g, t) for g in report.process_groups),
    )


def N_(message: str) -> str:  # the gettext convention: extracted, translated where used
    """Mark a constant for extraction."""
    return message


def _tr(report: Report) -> Translator:
    """The report's language for the charts' words and figures (English: as always)."""
    return translator(None if report.language == "en" else report.language)


def _group_desc(group: GroupResult, t: Translator) -> str:
    """A group's sentence in the chart's text description (plain text, escaped later)."""
    score = t.gettext("not answered") if group.score is None else t.score(group.score)
    target = "" if group.target is None else t.gettext(", target %(x)s", x=t.score(group.target))
    return f"{group.title}: {score}{target}. "


def _group_value(group: GroupResult, t: Translator) -> str:
    """The figures shown at the end of a group's label line."""
    if group.score is None:
        return t.gettext("not answered")
    if group.target is None:
        return t.score(group.score)
    return t.gettext(
        "%(score)s of %(target)s", score=t.score(group.score), target=t.score(group.target)
    )


def _group_row(
    group: GroupResult, labels: list[TextLine], value: str, bar_y: float, bar_h: float
) -> GroupRow:
    """A group's bar, gap and target mark; a missing score or target draws nothing."""
    score_x = None if group.score is None else group.score / 100 * WIDTH
    target_x = None if group.target is None else group.target / 100 * WIDTH
    gap = 0.0
    if score_x is not None and target_x is not None and target_x > score_x:
        gap = target_x - score_x
    return GroupRow(
        labels=labels,
        value=value,
        value_y=labels[0].y,
        bar_y=_r(bar_y),
        bar_bottom=_r(bar_y) + bar_h,
        bar_width=None if score_x is None else _r(score_x),
        gap_x=_r(score_x or 0.0),
        gap_width=_r(gap),
        target_x=None if target_x is None else _r(target_x),
        # The target mark reaches 5 units beyond the bar at either end.
        target_top=_r(bar_y) - 5,
        target_bottom=_r(bar_y) + bar_h + 5,
    )


# --- value-discipline map: a triangle plot ------------------------------------------


@dataclass(frozen=True)
class Point:
    """A point in the chart's viewBox."""

    x: float
    y: float


@dataclass(frozen=True)
class Label:
    """One line of a vertex label; ``kind`` is title, score or tag (a CSS class)."""

    text: str
    y: float
    kind: str


@dataclass(frozen=True)
class Vertex:
    """One discipline: its axis, its score point and its label block."""

    axis_end: Point
    point: Point | None
    label_x: float
    labels: list[Label]
    is_lead: bool
    is_intended: bool


@dataclass(frozen=True)
class DisciplineMap:
    """The value-discipline map: three axes, parity and leadership triangles, the profile."""

    width: float
    height: float
    centre: Point
    vertices: list[Vertex]
    outline: str
    leadership: str
    parity: str
    profile: str | None
    leadership_label: Point | None
    parity_label: Point | None


def discipline_map(report: Report) -> DisciplineMap:
    """Place the three discipline scores on a triangle plot with the threshold lines."""
    radius, step = 140.0, LABEL_STEP
    count = len(report.disciplines)
    angles = [-90 + 360 * i / count for i in range(count)]
    labels = [_label_lines(report, i) for i in range(count)]
    # The top vertex's label block sits above the triangle: leave it exactly its room.
    centre = Point(WIDTH / 2, _r(32 + step * (len(labels[0]) - 1) + radius))

    def at(angle: float, score: float) -> Point:
        rad = math.radians(angle)
        r = radius * score / 100
        return Point(_r(centre.x + r * math.cos(rad)), _r(centre.y + r * math.sin(rad)))

    def polygon(score: float) -> str:
        return _points([at(a, score) for a in angles])

    vertices = [_vertex(report, i, angles[i], labels[i], at) for i in range(count)]
    scores = [d.score for d in report.disciplines]
    profile = None
    if all(s is not None for s in scores):
        profile = _points([at(a, s or 0.0) for a, s in zip(angles, scores, strict=True)])
    lowest = max(label.y for v in vertices for label in v.labels)
    return DisciplineMap(
        width=WIDTH,
        height=_r(lowest + 12),
        centre=centre,
        vertices=vertices,
        outline=polygon(100),
        leadership=polygon(report.method.leadership),
        parity=polygon(report.method.parity),
        profile=profile,
        **_threshold_labels(report, angles, at),
    )


def _threshold_labels(
    report: Report, angles: list[float], at: Callable[[float, float], Point]
) -> dict[str, Point | None]:
    """Where to write "leadership" and "parity": just below each line's bottom side.

    When the two lines are too close for both labels, neither is drawn in the chart
    (the legend under it still names both lines and their values).
    """

    def below(score: float) -> Point:
        one, two = at(angles[1], score), at(angles[-1], score)
        return Point(_r((one.x + two.x) / 2), _r(max(one.y, two.y) + 11))

    lead, parity = below(report.method.leadership), below(report.method.parity)
    if lead.y - parity.y < 12:
        return {"leadership_label": None, "parity_label": None}
    return {"leadership_label": lead, "parity_label": parity}


def _label_lines(report: Report, index: int) -> list[tuple[str, str]]:
    """A vertex label's lines as (text, kind): the title, the score, then the tags."""
    discipline = report.disciplines[index]
    t = _tr(report)
    tags = [
        t.gettext(tag)
        for tag, shown in (
            (N_("measured lead"), discipline.id == report.placement.lead),
            (N_("intended lead"), discipline.id == report.placement.intended),
        )
        if shown
    ]
    score = t.gettext("not answered") if discipline.score is None else t.score(discipline.score)
    return [
        *((text, "title") for text in wrap(discipline.title, LABEL_WIDTH, 15, 2, bold=True)),
        (score, "score"),
        *((tag, "tag") for tag in tags),
    ]


def _vertex(
    report: Report,
    index: int,
    angle: float,
    lines: list[tuple[str, str]],
    at: Callable[[float, float], Point],
) -> Vertex:
    """A discipline's axis end, score point and label block (above or below the vertex)."""
    discipline = report.disciplines[index]
    end = at(angle, 100)
    if math.sin(math.radians(angle)) < 0:  # an upper vertex: the label sits above it
        first = end.y - 18 - LABEL_STEP * (len(lines) - 1)
    else:
        first = end.y + 30
    return Vertex(
        axis_end=end,
        point=None if discipline.score is None else at(angle, discipline.score),
        # Centred under its vertex, but never so close to an edge that it is clipped.
        label_x=_r(min(max(end.x, LABEL_WIDTH / 2 + 4), WIDTH - LABEL_WIDTH / 2 - 4)),
        labels=[
            Label(text, _r(first + LABEL_STEP * i), kind) for i, (text, kind) in enumerate(lines)
        ],
        is_lead=discipline.id == report.placement.lead,
        is_intended=discipline.id == report.placement.intended,
    )


def _points(points: list[Point]) -> str:
    """An SVG ``points`` attribute."""
    return " ".join(f"{p.x},{p.y}" for p in points)


# --- ranked gaps ----------------------------------------------------------------------


@dataclass(frozen=True)
class GapRow:
    """One ranked gap: its label lines, a bar for gap x weight and the figures after it."""

    rank: int
    labels: list[TextLine]
    bar_y: float
    bar_width: float
    value: str
    detail: str
    value_x: float
    value_y: float


@dataclass(frozen=True)
class GapChart:
    """The largest gaps, ranked by gap x weight."""

    width: float
    height: float
    bar_height: float
    rows: list[GapRow]
    shown: int
    total: int
    desc: str = ""


def gap_chart(report: Report, limit: int = RANKED_GAPS_SHOWN) -> GapChart:
    """Bars for the ``limit`` largest weighted gaps, in rank order."""
    shown = report.priorities[:limit]
    details = [f"= {p.gap} \u00d7 {p.weight}" for p in shown]
    # The longest bar leaves room for the figures written after it.
    widest = max(
        (text_width(f"{p.weighted_gap} {d}", 14) for p, d in zip(shown, details, strict=True)),
        default=0.0,
    )
    bar_room = WIDTH - widest - 12
    largest = max((p.weighted_gap for p in shown), default=1) or 1
    bar_h, line = 14.0, 18.0
    rows: list[GapRow] = []
    y = 2.0
    for p, detail in zip(shown, details, strict=True):
        lines = wrap(f"{p.rank}. {p.text}", WIDTH, 14, 3)
        bar_y = y + line * len(lines) + 2
        bar_width = max(2.0, p.weighted_gap / largest * bar_room)
        rows.append(
            GapRow(
                rank=p.rank,
                labels=_text_lines(lines, y + 14, line),
                bar_y=_r(bar_y),
                bar_width=_r(bar_width),
                value=str(p.weighted_gap),
                detail=detail,
                value_x=_r(bar_width + 8),
                value_y=_r(bar_y) + 12,
            )
        )
        y = bar_y + bar_h + 16
    return GapChart(
        width=WIDTH,
        height=_r(max(y - 8, 20.0)),
        bar_height=bar_h,
        rows=rows,
        shown=len(shown),
        total=len(report.priorities),
        desc="".join(
            _tr(report).gettext(
                "%(rank)s. %(text)s: gap %(gap)s \u00d7 weight %(weight)s = %(weighted)s. ",
                rank=p.rank,
                text=p.text,
                gap=p.gap,
                weight=p.weight,
                weighted=p.weighted_gap,
            )
            for p in shown
        ),
    )


class Charts:
    """Every chart of the report, each computed when a template first uses it.

    The Markdown report draws no chart, so it pays nothing for them.
    """

    def __init__(self, report: Report) -> None:
        self._report = report

    @cached_property
    def groups(self) -> GroupChart:
        """Process groups, current against target."""
        return group_chart(self._report)

    @cached_property
    def disciplines(self) -> DisciplineMap:
        """The value-discipline map."""
        return discipline_map(self._report)

    @cached_property
    def gaps(self) -> GapChart:
        """The ranked gaps."""
        return gap_chart(self._report)


def charts(report: Report) -> Charts:
    """All chart geometry for ``report`` (computed lazily, chart by chart)."""
    return Charts(report)
