"""Chart geometry for the HTML report, computed from the Report model and nothing else.

Each function is pure: it takes the report and returns plain data, never changed
once built (SVG coordinates in the chart's own viewBox units, already rounded, and
the texts to show). The template only draws what it is given and escapes every text,
so no number in a chart is ever typed by hand and no value reaches the page unescaped.

The map's viewBox is narrow (420 units) on purpose: the same SVG is scaled down to a
phone's width, and text sized for 420 units stays legible there (about 12 px). The
group bars are in percent of their track instead: each is an SVG stretched to the
column's width under an HTML label, so the bars use the full width at any size.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable
from functools import cached_property, lru_cache

from ci_assess.core.models.report import GroupResult, Report
from ci_assess.files.catalogues import Translator, translator

WIDTH = 420.0
TICKS = (0, 25, 50, 75, 100)
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


# The chart values are plain classes with ``__slots__`` and an ``__init__`` written
# out, not dataclasses: a dataclass's methods are generated as source and compiled in
# every process (about 3.5 M instructions for a small frozen one, some 40 M for this
# module's six), and an HTML report builds each of these only once or a few times.
# Nothing compares, hashes or changes them; the templates only read their fields.

# --- maturity by group: current against target -------------------------------------


class GroupRow:
    """One group: its score as a bar, the gap to its target, and the target mark.

    Lengths are in percent of the bar's track (0-100): the bar is drawn as an SVG
    stretched to the column's full width, and its labels are HTML text above it, so
    the chart fills the column at any screen width and its text never shrinks.
    """

    __slots__ = (
        "bar_width",
        "counted",
        "gap_width",
        "gap_x",
        "provisional",
        "target_x",
        "title",
        "value",
    )

    def __init__(
        self,
        title: str,
        value: str,
        counted: str,
        provisional: bool,
        bar_width: float | None,
        gap_x: float,
        gap_width: float,
        target_x: float | None,
    ) -> None:
        self.title = title
        self.value = value
        self.counted = counted
        self.provisional = provisional
        self.bar_width = bar_width
        self.gap_x = gap_x
        self.gap_width = gap_width
        self.target_x = target_x


class GroupChart:
    """Bars of the groups the maturity score is made of, with the gridline positions."""

    __slots__ = ("rows", "ticks")

    def __init__(self, rows: list[GroupRow], ticks: tuple[int, ...] = TICKS) -> None:
        self.rows = rows
        self.ticks = ticks

    @property
    def grid_xs(self) -> tuple[int, ...]:
        """Where the inner gridlines cross each bar's track."""
        return self.ticks[1:-1]


def maturity_groups(report: Report) -> list[GroupResult]:
    """The groups the overall maturity is made of, in report order: the process groups,
    then (format 2) the other groups of kind 'maturity' (key accounts, tailoring).

    Position blocks are the discipline scores and readiness is no part of maturity, so
    the maturity chart and table leave them out (each concept one number, one place).
    """
    return [*report.process_groups, *(g for g in report.other_groups if g.kind == "maturity")]


def group_chart(report: Report) -> GroupChart:
    """Current score against target for each group of the maturity axis."""
    groups = maturity_groups(report)
    t = translator(report.language)  # English: the source, no Babel
    return GroupChart(rows=[_group_row(g, t) for g in groups])


def N_(message: str) -> str:  # the gettext convention: extracted, translated where used
    """Mark a constant for extraction."""
    return message


def _group_value(group: GroupResult, t: Translator) -> str:
    """The figures shown beside a group's name."""
    if group.score is None:
        return t.gettext("not assessed")
    if group.target is None:
        return t.score(group.score)
    return t.gettext(
        "%(score)s of %(target)s", score=t.score(group.score), target=t.score(group.target)
    )


def _group_row(group: GroupResult, t: Translator) -> GroupRow:
    """A group's bar, gap and target mark; a missing score or target draws nothing."""
    gap = 0.0
    if group.score is not None and group.target is not None and group.target > group.score:
        gap = group.target - group.score
    return GroupRow(
        title=group.title,
        value=_group_value(group, t),
        counted=t.gettext(
            "%(answered)s/%(applicable)s answered",
            answered=group.answered,
            applicable=group.applicable,
        ),
        provisional=group.provisional,
        bar_width=None if group.score is None else _r(group.score),
        gap_x=_r(group.score or 0.0),
        gap_width=_r(gap),
        target_x=None if group.target is None else _r(group.target),
    )


# --- value-discipline map: a triangle plot ------------------------------------------


class Point:
    """A point in the chart's viewBox."""

    __slots__ = ("x", "y")

    def __init__(self, x: float, y: float) -> None:
        self.x = x
        self.y = y


class Label:
    """One line of a vertex label; ``kind`` is title, score or tag (a CSS class)."""

    __slots__ = ("kind", "text", "y")

    def __init__(self, text: str, y: float, kind: str) -> None:
        self.text = text
        self.y = y
        self.kind = kind


class Vertex:
    """One discipline: its axis, its score point and its label block."""

    __slots__ = ("axis_end", "is_intended", "is_lead", "label_x", "labels", "point")

    def __init__(
        self,
        axis_end: Point,
        point: Point | None,
        label_x: float,
        labels: list[Label],
        is_lead: bool,
        is_intended: bool,
    ) -> None:
        self.axis_end = axis_end
        self.point = point
        self.label_x = label_x
        self.labels = labels
        self.is_lead = is_lead
        self.is_intended = is_intended


class DisciplineMap:
    """The value-discipline map: three axes, parity and leadership triangles, the profile."""

    __slots__ = (
        "centre",
        "height",
        "leadership",
        "outline",
        "parity",
        "profile",
        "vertices",
        "width",
    )

    def __init__(
        self,
        width: float,
        height: float,
        centre: Point,
        vertices: list[Vertex],
        outline: str,
        leadership: str,
        parity: str,
        profile: str | None,
    ) -> None:
        self.width = width
        self.height = height
        self.centre = centre
        self.vertices = vertices
        self.outline = outline
        self.leadership = leadership
        self.parity = parity
        self.profile = profile


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
    )


def _label_lines(report: Report, index: int) -> list[tuple[str, str]]:
    """A vertex label's lines as (text, kind): the title, the score, then the tags."""
    discipline = report.disciplines[index]
    t = translator(report.language)  # English: the source, no Babel
    tags = [
        t.gettext(tag)
        for tag, shown in (
            (N_("measured lead"), discipline.id == report.placement.lead),
            (N_("intended lead"), discipline.id == report.placement.intended),
        )
        if shown
    ]
    score = t.gettext("not assessed") if discipline.score is None else t.score(discipline.score)
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


def charts(report: Report) -> Charts:
    """All chart geometry for ``report`` (computed lazily, chart by chart)."""
    return Charts(report)
