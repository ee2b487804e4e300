"""Chart geometry: every coordinate follows from the report's numbers."""

from __future__ import annotations

import math
from typing import Any

import pytest

from ci_assess.app.assess import assess
from ci_assess.core.models.report import Report
from ci_assess.render.charts import (
    WIDTH,
    discipline_map,
    group_chart,
    maturity_groups,
    wrap,
)
from tests.conftest import EXAMPLE


@pytest.fixture(scope="module")
def northwind() -> Report:
    return assess(str(EXAMPLE))


def changed(report: Report, **update: Any) -> Report:
    return report.model_copy(update=update)


def test_group_bars_follow_scores_and_targets(northwind: Report) -> None:
    chart = group_chart(northwind)
    # The maturity axis: five process groups, then key accounts and tailoring; the
    # position blocks (the discipline scores) and readiness are not in it.
    ids = [g.id for g in maturity_groups(northwind)]
    assert ids == [
        "direction",
        "operational",
        "evaluation",
        "support",
        "organizational_behaviour",
        "key_accounts",
        "tailoring",
    ]
    groups = {g.id: g for g in [*northwind.process_groups, *northwind.other_groups]}
    for row, gid in zip(chart.rows, ids, strict=True):
        group = groups[gid]
        assert group.score is not None and group.target is not None
        # Lengths in percent of the track: the bar is stretched to the column's width.
        assert row.bar_width == group.score
        assert row.target_x == group.target
        assert row.gap_x == row.bar_width
        assert row.gap_width == pytest.approx(group.target - group.score, abs=0.06)
        assert row.value == f"{group.score:.1f} of {group.target:.1f}"
        assert row.title == group.title
    organisation = chart.rows[ids.index("organizational_behaviour")]
    assert organisation.counted == "6/7 answered" and not organisation.provisional
    assert chart.ticks == (0, 25, 50, 75, 100) and chart.grid_xs == (25, 50, 75)


def test_group_without_answers_or_above_target(northwind: Report) -> None:
    first, second, *rest = northwind.process_groups
    report = changed(
        northwind,
        process_groups=[
            first.model_copy(update={"score": None, "gap": None, "answered": 0}),
            second.model_copy(update={"score": 90.0, "gap": 0.0}),
            *rest,
        ],
    )
    none, above = group_chart(report).rows[:2]
    assert none.bar_width is None and none.gap_width == 0 and none.value == "not assessed"
    assert none.counted == f"0/{first.applicable} answered"
    assert above.bar_width == 90.0 and above.gap_width == 0


def test_discipline_map_places_each_score_on_its_axis(northwind: Report) -> None:
    chart = discipline_map(northwind)
    centre = chart.centre
    for vertex, discipline in zip(chart.vertices, northwind.disciplines, strict=True):
        assert vertex.point is not None and discipline.score is not None
        full = math.dist((centre.x, centre.y), (vertex.axis_end.x, vertex.axis_end.y))
        here = math.dist((centre.x, centre.y), (vertex.point.x, vertex.point.y))
        assert here / full == pytest.approx(discipline.score / 100, abs=0.002)
        assert vertex.labels[0].kind == "title"
    lead = [v.is_lead for v in chart.vertices]
    intended = [v.is_intended for v in chart.vertices]
    assert lead == [d.id == northwind.placement.lead for d in northwind.disciplines]
    assert intended == [d.id == northwind.placement.intended for d in northwind.disciplines]
    assert [lbl.text for lbl in chart.vertices[0].labels][-2:] == ["80.6", "measured lead"]
    assert chart.profile is not None


def test_threshold_triangles_scale_with_the_thresholds(northwind: Report) -> None:
    def top_y(points: str) -> float:
        return float(points.split(maxsplit=1)[0].split(",")[1])

    chart = discipline_map(northwind)
    radius = chart.centre.y - top_y(chart.outline)
    assert chart.centre.y - top_y(chart.leadership) == pytest.approx(0.7 * radius, abs=0.1)
    assert chart.centre.y - top_y(chart.parity) == pytest.approx(0.5 * radius, abs=0.1)


def test_map_without_a_score(northwind: Report) -> None:
    first, *rest = northwind.disciplines
    report = changed(northwind, disciplines=[first.model_copy(update={"score": None}), *rest])
    chart = discipline_map(report)
    assert chart.profile is None
    assert chart.vertices[0].point is None
    assert "not assessed" in [lbl.text for lbl in chart.vertices[0].labels]


def test_labels_never_leave_the_chart(northwind: Report) -> None:
    long_titles = [
        d.model_copy(update={"title": "A very long discipline title " * 4})
        for d in northwind.disciplines
    ]
    chart = discipline_map(changed(northwind, disciplines=long_titles))
    for vertex in chart.vertices:
        assert len([lbl for lbl in vertex.labels if lbl.kind == "title"]) == 2
        assert all(12 <= lbl.y <= chart.height for lbl in vertex.labels)
        assert 90 <= vertex.label_x <= WIDTH - 90


def test_wrap() -> None:
    assert wrap("short", 400, 14, 2) == ["short"]
    lines = wrap("word " * 100, 200, 14, 3)
    assert len(lines) == 3 and lines[-1].endswith("\u2026")
    assert all(len(line) <= 200 / (14 * 0.58) for line in lines)
    assert wrap("W" * 60, 100, 14, 2)[0] == "W" * 12
