"""Progress against a baseline, with the figures worked out by hand (tests/history_data.py)."""

from __future__ import annotations

from pathlib import Path

from ci_assess.app.assessments import assess_group, read
from ci_assess.core.models.history import Baseline
from ci_assess.core.progress import compare
from tests.history_data import MINI, write

WHERE = Baseline(assessed_on=None, milestone=None, source="test")


def _side(path: Path):  # type: ignore[no-untyped-def]
    return assess_group([read(str(path))]).side


def test_progress_is_rescored_on_the_common_questions(tmp_path: Path) -> None:
    before = write(tmp_path, "before.yaml", "Acme", "2026-01-10", beta=1)
    # direction.beta 1 -> 3; organizational_behaviour.beta answered only now.
    after = write(tmp_path, "after.yaml", "Acme", "2026-07-10", beta=3, ob_beta=4)
    progress = compare(_side(after), _side(before), WHERE)
    assert progress.comparable
    # 14 questions answered on both sides (13 levels, one N/A), of the 15 asked.
    assert (progress.compared_on.questions, progress.compared_on.of) == (14, 15)
    # Overall: 8.75 / 18 = 48.6 before; 9.25 / 18 = 51.4 after (beta earns 0.5 more).
    assert (progress.overall.from_, progress.overall.to, progress.overall.delta) == (
        48.6,
        51.4,
        2.8,
    )
    groups = {g.id: (g.from_, g.to, g.delta) for g in progress.groups}
    assert groups["direction"] == (62.5, 75.0, 12.5)  # (2.25 + 0.25) / 4 -> (2.25 + 0.75) / 4
    # organizational_behaviour.beta is not common: the group is compared on alpha alone.
    assert groups["organizational_behaviour"] == (50.0, 50.0, 0.0)
    assert [(q.question, q.from_, q.to) for q in progress.questions] == [
        ("direction.beta", 1, 3),
        ("organizational_behaviour.beta", None, 4),
    ]
    assert progress.pattern.from_ == progress.pattern.to == "leader_below_parity"


def test_across_major_versions_scores_stand_side_by_side(tmp_path: Path) -> None:
    newer = tmp_path / "mini-1.yaml"
    newer.write_text(MINI.read_text().replace("version: '0.1'", "version: '1.0'"))
    before = write(tmp_path, "before.yaml", "Acme", "2026-01-10", beta=1)
    after = write(tmp_path, "after.yaml", "Acme", "2026-07-10", beta=3, questionnaire=newer)
    progress = compare(_side(after), _side(before), WHERE)
    assert not progress.comparable
    assert (progress.overall.from_, progress.overall.to, progress.overall.delta) == (
        48.6,
        51.4,
        None,
    )
    assert all(g.delta is None for g in (*progress.groups, *progress.disciplines))
    assert [q.question for q in progress.questions] == ["direction.beta"]


def test_progress_serialises_from_as_its_json_key(tmp_path: Path) -> None:
    path = write(tmp_path, "a.yaml", "Acme", "2026-01-10")
    progress = compare(_side(path), _side(path), WHERE)
    data = progress.model_dump(mode="json")
    assert data["overall"] == {"from": 48.6, "to": 48.6, "delta": 0.0}
    assert data["questions"] == []
