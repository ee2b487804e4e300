"""The slotted value classes that replaced dataclasses keep what the dataclasses gave:
equality, hashing, immutability, copying; ``classify`` decides as the spec's scan did."""

from __future__ import annotations

import copy
import pickle
import random
from collections.abc import Mapping

import pytest

from ci_assess.core.models.questionnaire import PatternId, Thresholds
from ci_assess.core.placement import classify
from ci_assess.core.scoring_input import Initiative, Levels, NotApplicable, Remark, ScoringInput


@pytest.mark.parametrize(
    ("value", "same", "other"),
    [
        (NotApplicable("x"), NotApplicable("x"), NotApplicable("y")),
        (Remark(note="n"), Remark("n", None), Remark(evidence="n")),
        (
            Initiative(True, ("structure",)),
            Initiative(runs=True, changed=("structure",)),
            Initiative(True),
        ),
    ],
)
def test_records_compare_hash_and_copy_by_value(value: object, same: object, other: object) -> None:
    assert value == same and hash(value) == hash(same)
    assert value != other
    assert value != ("x",)  # not a tuple: equal only to its own kind
    for again in (pickle.loads(pickle.dumps(value)), copy.copy(value), copy.deepcopy(value)):
        assert again == value
    with pytest.raises(AttributeError, match="immutable"):
        value.note = "changed"  # type: ignore[attr-defined]


def test_records_show_their_fields() -> None:
    assert repr(NotApplicable("x")) == "NotApplicable(reason='x')"
    assert repr(Remark()) == "Remark(note=None, evidence=None)"
    assert repr(Initiative(False)) == "Initiative(runs=False, changed=())"


def test_scoring_input_replace_keeps_the_rest() -> None:
    data = ScoringInput("Co", Levels({"a.b": 2}), remarks={"a.b": Remark("n")}, assessor="Al")
    changed = data.replace(levels=Levels())
    assert changed.levels == Levels() and changed.assessor == "Al"
    assert changed.remarks == data.remarks
    assert data.levels == Levels({"a.b": 2})
    with pytest.raises(TypeError):
        hash(data)


def _spec(t: Thresholds, scores: Mapping[str, float | None]) -> tuple[PatternId, str | None]:
    """The former classify: the spec's order, read literally."""
    if not scores or any(v is None for v in scores.values()):
        return "insufficient_data", None
    known = {k: v for k, v in scores.items() if v is not None}
    values = sorted(known.values(), reverse=True)
    if all(v < t.parity for v in values):
        return "below_parity", None
    if all(v >= t.leadership for v in values):
        return "unfocused", None
    strong = [v for v in values if v >= t.leadership]
    if len(strong) == 2 and values[0] - values[1] < t.lead_margin:
        return "dual_strength", None
    if values[0] >= t.leadership and values[0] - values[1] >= t.lead_margin:
        leader = max(known, key=lambda k: known[k])
        at_parity = all(v >= t.parity for v in values[1:])
        return ("focused_leader" if at_parity else "leader_below_parity"), leader
    return "stuck_in_the_middle", None


@pytest.mark.parametrize("seed", range(40))
def test_classify_decides_as_the_spec_reads(seed: int) -> None:
    rng = random.Random(seed)
    t = Thresholds(leadership=rng.choice([60, 70, 80]), parity=rng.choice([40, 50, 60]))
    names = ["a", "b", "c", "d"][: rng.randint(1, 4)]
    for _ in range(50):
        scores: dict[str, float | None] = {
            n: None
            if rng.random() < 0.05
            else rng.choice([t.parity, t.leadership, 0.0])
            + rng.choice([-10.0, -0.1, 0.0, 0.1, 5.0, 10.0, 20.0])
            for n in names
        }
        assert classify(t, scores) == _spec(t, scores)
