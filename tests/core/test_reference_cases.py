"""The calibration set (tests/data/reference/) stays well formed.

Only the shape is checked here: every case has an expected verdict with all its
keys and a rationale for each, and an answers file in the format-2 shape. The
test that runs the v2 engine against these files belongs to the engine work.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ENGAGEMENT_INITIATIVE_IDS

REFERENCE = Path(__file__).parents[1] / "data" / "reference"
CASES = sorted(p for p in REFERENCE.iterdir() if p.is_dir())

EXPECTED_KEYS = {
    "pattern",
    "lead",
    "intended",
    "matches_intent",
    "engagement_verdict",
    "borderline",
    "borderline_disciplines",
    "top_priorities",
    "first_roadmap_action",
    "red_flags_raised",
    "red_flags_not_raised",
}
DISCIPLINES = {"operational_excellence", "customer_intimacy", "product_leadership"}
PATTERNS = {
    "focused_leader",
    "leader_below_parity",
    "dual_strength",
    "stuck_in_the_middle",
    "unfocused",
    "below_parity",
    "insufficient_data",
}
VERDICTS = {
    "operating_model",
    "in_transition",
    "engagement_without_intimacy",
    "neither",
    "insufficient_data",
}
INITIATIVES = set(ENGAGEMENT_INITIATIVE_IDS)
QUESTION_ID = re.compile(r"^[a-z_]+\.[a-z_]+$")
# A priority not yet known by id must say so: "TBD(2.0.0 ids): ...".
PENDING = re.compile(r"^TBD\(2\.0\.0 ids\)")


def _load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path}: not a mapping"
    return data


def test_set_is_big_enough() -> None:
    assert len(CASES) >= 12


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_expected_is_complete(case: Path) -> None:
    doc = _load(case / "expected.yaml")
    assert doc["case"] == case.name
    assert doc["kind"] in {"real", "constructed"}
    expected, rationale = doc["expected"], doc["rationale"]
    assert set(expected) >= EXPECTED_KEYS, EXPECTED_KEYS - set(expected)
    for key in expected:
        assert isinstance(rationale.get(key), str) and rationale[key].strip(), key
    assert expected["pattern"] in PATTERNS
    assert expected["lead"] is None or expected["lead"] in DISCIPLINES
    assert expected["intended"] in DISCIPLINES | {"undecided"}
    assert expected["matches_intent"] in {True, False, None}
    assert expected["engagement_verdict"] in VERDICTS
    assert isinstance(expected["borderline"], bool)
    assert set(expected["borderline_disciplines"]) <= DISCIPLINES
    assert bool(expected["borderline_disciplines"]) == expected["borderline"]
    assert len(expected["top_priorities"]) <= 3
    for item in expected["top_priorities"]:
        assert QUESTION_ID.match(item) or PENDING.match(item), item
    raised, not_raised = expected["red_flags_raised"], expected["red_flags_not_raised"]
    assert not set(raised) & set(not_raised), "a flag cannot be both raised and not"


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_design_scores_follow_from_levels(case: Path) -> None:
    """The block scores written down are the ones the recorded levels give."""
    design = _load(case / "expected.yaml")["design"]
    for discipline, levels in design["position_levels"].items():
        assert discipline in DISCIPLINES and len(levels) == 6
        score = round(100 * sum(levels) / (4 * len(levels)) + 1e-9, 1)
        assert score == pytest.approx(design["position_scores"][discipline]), discipline


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_answers_have_the_format_2_shape(case: Path) -> None:
    doc = _load(case / "answers.yaml")
    assert doc["questionnaire"] == "customer-intimacy"
    assert doc["questionnaire_version"] == "2.0.0"
    assert {"company", "respondent", "assessor", "assessed_on", "answers"} <= set(doc)
    assert set(doc["respondent"]) == {"name", "role"}
    intended = _load(case / "expected.yaml")["expected"]["intended"]
    assert doc.get("target_discipline", "undecided") == intended
    assert set(doc["engagement"]) == INITIATIVES
    for entry in doc["engagement"].values():
        assert isinstance(entry["runs"], bool)
        assert set(entry.get("changed", [])) <= {"structure", "metrics", "rewards", "hiring"}
    for qid, answer in doc["answers"].items():
        assert QUESTION_ID.match(qid), qid
        if isinstance(answer, dict):
            assert ("level" in answer) != ("na" in answer), qid
        else:
            assert isinstance(answer, int) and 0 <= answer <= 4, qid
