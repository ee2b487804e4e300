"""The calibration set: every reference case scored by the real engine against the
verdict written down before the engine existed (tests/data/reference/README.md).

A case's `expected:` is never edited to match the tool. Where a case was wrong, or held
a placeholder for an id the 2.0.0 library did not have yet, its file says so in
`revised:` (key -> {value, reason}); the test reads the revised value and requires a
reason for every revision.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from ci_assess.core.models.report import Report
from ci_assess.core.scoring import score
from ci_assess.files.loading import load_answers

REFERENCE = Path(__file__).parents[1] / "data" / "reference"
CASES = sorted(p for p in REFERENCE.iterdir() if (p / "expected.yaml").is_file())


def expected_of(case: Path) -> dict[str, Any]:
    """The case's expectations, with every revision (which must give its reason) applied."""
    doc = yaml.safe_load((case / "expected.yaml").read_text(encoding="utf-8"))
    expected = dict(doc["expected"])
    for key, revision in (doc.get("revised") or {}).items():
        assert key in expected, f"{case.name}: revised an unknown key {key!r}"
        assert str(revision.get("reason", "")).strip(), f"{case.name}: {key} revised without reason"
        expected[key] = revision["value"]
    return expected


def report_of(case: Path) -> Report:
    loaded = load_answers(str(case / "answers.yaml"))
    return score(loaded.questionnaire, loaded.answers)


def first_action(report: Report) -> str | None:
    return next((a.id for s in report.roadmap for a in s.actions), None)


def got_of(report: Report) -> dict[str, Any]:
    """What the tool says, in the keys of expected.yaml."""
    p = report.placement
    return {
        "pattern": p.pattern,
        "lead": p.lead,
        "intended": p.intended,
        "matches_intent": p.matches_intent,
        "strengths": list(p.strengths),
        "under_parity": list(p.under_parity),
        "engagement_verdict": report.engagement.verdict,
        "borderline": bool(p.borderline),
        "borderline_disciplines": list(p.borderline),
        "top_priorities": [x.question for x in report.priorities[:3]],
        "first_roadmap_action": first_action(report),
        "biggest_risk": report.biggest_risk.id if report.biggest_risk else None,
    }


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_the_tool_reaches_the_expected_verdict(case: Path) -> None:
    expected, report = expected_of(case), report_of(case)
    got = got_of(report)
    wrong = {k: (expected[k], v) for k, v in got.items() if expected[k] != v}
    assert wrong == {}, f"{case.name}: key -> (expected, got)"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_the_expected_red_flags_and_no_others_named(case: Path) -> None:
    expected, report = expected_of(case), report_of(case)
    raised = {f.id for f in report.red_flags}
    assert set(expected["red_flags_raised"]) <= raised, "must be raised"
    assert not set(expected["red_flags_not_raised"]) & raised, "must not be raised"


def test_the_pair_differs_by_one_answer() -> None:
    """pair_a_below and pair_b_above are one position answer one level apart."""
    a = load_answers(str(REFERENCE / "pair_a_below" / "answers.yaml")).answers.answers
    b = load_answers(str(REFERENCE / "pair_b_above" / "answers.yaml")).answers.answers
    moved = [q for q in a.keys() | b.keys() if a.get(q) != b.get(q)]
    assert len(moved) == 1
    (qid,) = moved
    assert (b[qid].level or 0) - (a[qid].level or 0) == 1
