"""Chart geometry: every coordinate follows from the report's numbers."""

from __future__ import annotations

import math
from typing import Any

import pytest

from ci_assess.app.assess import assess
from ci_assess.core.models.report import Report
from ci_assess.render.charts import (
    RANKED_GAPS_SHOWN,
    WIDTH,
    discipline_map,
    gap_chart,
    group_chart,
    wrap,
)
from tests.conftest import EXAMPLE, VALID


@pytest.fixture(scope="module")
def northwind() -> Report:
    return assess(str(EXAMPLE))


def changed(report: Report, **update: Any) -> Report:
    return report.model_copy(update=update)


def test_group_bars_follow_scores_and_targets(northwind: Report) -> None:
    chart = group_chart(northwind)
    assert len(chart.rows) == len(northwind.process_groups) == 5
    for row, group in zip(chart.rows, northwind.process_groups, strict=True):
        assert group.score is not None and group.target is not None
        assert row.bar_width == pytest.approx(group.score / 100 * WIDTH, abs=0.06)
        assert row.target_x == pytest.approx(group.target / 100 * WIDTH, abs=0.06)
        assert row.gap_x == row.bar_width
        assert row.gap_width == pytest.approx((group.target - group.score) / 100 * WIDTH, abs=0.1)
        assert row.value == f"{group.score:.1f} of {group.target:.1f}"
    assert [t.label for t in chart.ticks] == ["0", "25", "50", "75", "100"]
    assert chart.rows[1].bar_y > chart.rows[0].bar_y + chart.bar_height


def test_group_without_answers_or_above_target(northwind: Report) -> None:
    first, second, *rest = northwind.process_groups
    report = changed(
        northwind,
        process_groups=[
            first.model_copy(update={"score": None, "gap": None}),
            second.model_copy(update={"score": 90.0, "gap": 0.0}),
            *rest,
        ],
    )
    none, above = group_chart(report).rows[:2]
    assert none.bar_width is None and none.gap_width == 0 and none.value == "not answered"
    assert above.bar_width == pytest.approx(0.9 * WIDTH) and above.gap_width == 0


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
    assert chart.profile is not None and chart.leadership_label is not None


def test_threshold_triangles_scale_with_the_thresholds(northwind: Report) -> None:
    def top_y(points: str) -> float:
        return float(points.split(maxsplit=1)[0].split(",")[1])

    chart = discipline_map(northwind)
    radius = chart.centre.y - top_y(chart.outline)
    assert chart.centre.y - top_y(chart.leadership) == pytest.approx(0.7 * radius, abs=0.1)
    assert chart.centre.y - top_y(chart.parity) == pytest.approx(0.5 * radius, abs=0.1)


def test_map_without_a_score_or_with_close_lines(northwind: Report) -> None:
    first, *rest = northwind.disciplines
    report = changed(northwind, disciplines=[first.model_copy(update={"score": None}), *rest])
    chart = discipline_map(report)
    assert chart.profile is None
    assert chart.vertices[0].point is None
    assert "not answered" in [lbl.text for lbl in chart.vertices[0].labels]
    close = changed(
        northwind, method=northwind.method.model_copy(update={"parity": 65.0, "leadership": 70.0})
    )
    assert discipline_map(close).leadership_label is None


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


def test_gap_bars_are_ranked_and_proportional(northwind: Report) -> None:
    chart = gap_chart(northwind)
    assert chart.shown == RANKED_GAPS_SHOWN and chart.total == len(northwind.priorities)
    assert [r.rank for r in chart.rows] == list(range(1, RANKED_GAPS_SHOWN + 1))
    shown = northwind.priorities[:RANKED_GAPS_SHOWN]
    unit = chart.rows[0].bar_width / shown[0].weighted_gap
    for row, priority in zip(chart.rows, shown, strict=True):
        assert row.bar_width == pytest.approx(priority.weighted_gap * unit, abs=0.1)
        assert row.value == str(priority.weighted_gap)
        assert row.detail == f"= {priority.gap} \u00d7 {priority.weight}"
        assert row.value_x + 60 <= WIDTH
        assert row.labels[0].text.startswith(f"{priority.rank}. ")
    assert chart.height > chart.rows[-1].bar_y


def test_gap_chart_of_a_small_report() -> None:
    report = assess(str(VALID / "mini-answers.yaml"))
    chart = gap_chart(report)
    assert chart.shown == chart.total == len(report.priorities) < RANKED_GAPS_SHOWN
    empty = gap_chart(report.model_copy(update={"priorities": []}))
    assert empty.rows == [] and empty.shown == 0


def test_wrap() -> None:
    assert wrap("short", 400, 14, 2) == ["short"]
    lines = wrap("word " * 100, 200, 14, 3)
    assert len(lines) == 3 and lines[-1].endswith("\u2026")
    assert all(len(line) <= 200 / (14 * 0.58) for line in lines)
    assert wrap("W" * 60, 100, 14, 2)[0] == "W" * 12
