"""Outcome deltas in progress: across major versions too, and the NPS margin of error."""

from __future__ import annotations

from pathlib import Path

from ci_assess.app.assessments import assess_group, read
from ci_assess.core.models.history import Baseline
from ci_assess.core.progress import compare
from tests.conftest import ROOT
from tests.history_data import MINI, answers_text

NORTHWIND = ROOT / "examples" / "northwind.yaml"

WHERE = Baseline(assessed_on=None, milestone=None, source="test")


def _file(tmp_path: Path, name: str, date: str, outcomes: str, questionnaire: Path = MINI) -> Path:
    path = tmp_path / name
    text = answers_text("Acme", date, questionnaire=questionnaire)
    path.write_text(text + "outcomes:\n" + outcomes, encoding="utf-8")
    return path


def _side(path: Path):  # type: ignore[no-untyped-def]
    return assess_group([read(str(path))]).side


def test_outcomes_are_compared_across_major_versions(tmp_path: Path) -> None:
    newer = tmp_path / "mini-1.yaml"
    newer.write_text(MINI.read_text().replace("version: '0.1'", "version: '1.0'"))
    kpi = "  custom.churn: {title: Churn, unit: percent, better: lower, today: {value: %s}}\n"
    before = _file(tmp_path, "before.yaml", "2026-01-10", kpi % "12.25")
    after = _file(tmp_path, "after.yaml", "2026-07-10", kpi % "10.04", questionnaire=newer)
    progress = compare(_side(after), _side(before), WHERE)
    assert not progress.comparable and progress.overall.delta is None
    # 12.25 and 10.04 shown with one decimal, half up: 12.3 -> 10.0, -2.3; lower is better.
    [churn] = progress.outcomes
    assert (churn.id, churn.from_, churn.to, churn.delta, churn.direction) == (
        "custom.churn",
        12.3,
        10.0,
        -2.3,
        "improved",
    )
    assert churn.within_margin_of_error is None


def test_an_nps_change_beyond_the_margin_of_error_says_so(tmp_path: Path) -> None:
    text = NORTHWIND.read_text(encoding="utf-8")
    kpi = "outcomes:\n  nps: {today: {promoters: %d, passives: 0, detractors: %d}}\n"
    before, after = tmp_path / "before.yaml", tmp_path / "after.yaml"
    before.write_text(
        text.replace("assessed_on: 2026-11-20", "assessed_on: 2025-11-20") + kpi % (500, 500)
    )
    after.write_text(text + kpi % (900, 100))
    # 0.0 -> 80.0 on 1000 each: SE 100 sqrt(1/1000) = 3.162 and 100 sqrt((1 - 0.64)/1000)
    # = 1.897; 1.96 x sqrt(10 + 3.6) = 7.2 < 80: beyond the margin of error.
    [nps] = compare(_side(after), _side(before), WHERE).outcomes
    assert (nps.id, nps.from_, nps.to, nps.delta) == ("nps", 0.0, 80.0, 80.0)
    assert nps.direction == "improved" and nps.within_margin_of_error is False


def test_an_indicator_missing_on_one_side_is_not_compared(tmp_path: Path) -> None:
    kpi = "  custom.a: {title: A, unit: count, better: higher, %s}\n"
    before = _file(tmp_path, "before.yaml", "2026-01-10", kpi % "baseline: {value: 3}")
    after = _file(tmp_path, "after.yaml", "2026-07-10", kpi % "today: {value: 5}")
    assert compare(_side(after), _side(before), WHERE).outcomes == ()
