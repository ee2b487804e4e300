"""Method v2 on the bundled 2.0.0: axes, intent, placement, engagement, sequence, roadmap.

Tests build scoring inputs in code (the engine is pure) and check the rules of
docs/method.md one by one; the properties of test_scoring.py are checked here on v2.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ci_assess.app.assess import assess
from ci_assess.core.models.questionnaire import DisciplineId, Intent, Questionnaire
from ci_assess.core.models.report import Report
from ci_assess.core.placement import classify
from ci_assess.core.scoring import score_input
from ci_assess.core.scoring_input import Initiative, Levels, NotApplicable, ScoringInput
from ci_assess.errors import IncompleteError
from ci_assess.files.loading import load_questionnaire
from tests.core.test_scoring import every_score

OE, CI, PL = (d.value for d in DisciplineId)
INTENTS: list[Intent | None] = [*DisciplineId, "undecided", None]


@pytest.fixture(scope="module")
def q() -> Questionnaire:
    return load_questionnaire("customer-intimacy")


def run(
    q: Questionnaire,
    levels: dict[str, Any],
    intent: Intent | None = DisciplineId.customer_intimacy,
    engagement: dict[str, Initiative] | None = None,
) -> Report:
    given_levels = {k: NotApplicable("n/a") if v == "na" else v for k, v in levels.items()}
    return score_input(
        q,
        ScoringInput(
            company="Test Co",
            levels=Levels(given_levels),
            target_discipline=intent,
            engagement=engagement or {},
        ),
    )


def all_at(q: Questionnaire, level: int, **overrides: Any) -> dict[str, Any]:
    return {**{x.id: level for x in q.questions}, **overrides}


def block(q: Questionnaire, discipline: str, levels: list[int]) -> dict[str, int]:
    ids = [x.id for x in q.questions if x.group == f"position_{discipline}"]
    return dict(zip(ids, levels, strict=True))


# --- the two axes ---------------------------------------------------------------------


def test_overall_covers_the_seven_maturity_groups_and_not_readiness(q: Questionnaire) -> None:
    levels = all_at(q, 4, **{x.id: 0 for x in q.questions if x.group == "readiness"})
    report = run(q, levels)
    assert report.overall.score == 100.0
    key_accounts_at_zero = {**levels, **{x.id: 0 for x in q.questions if x.group == "key_accounts"}}
    # Issue 11 point 6: key accounts at zero no longer leave maturity at 100.
    assert run(q, key_accounts_at_zero).overall.score == pytest.approx(84.1, abs=0.05)


def test_discipline_scores_are_their_position_blocks(q: Questionnaire) -> None:
    levels = {**block(q, OE, [4] * 6), **block(q, CI, [2] * 6), **block(q, PL, [0] * 6)}
    report = run(q, {**all_at(q, 1), **levels})
    assert [d.score for d in report.disciplines] == [100.0, 50.0, 0.0]
    assert report.placement.pattern == "leader_below_parity"


# --- placement --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scores", "pattern", "lead"),
    [
        ({OE: 80.0, CI: 75.0, PL: 40.0}, "dual_strength", None),
        ({OE: 90.0, CI: 75.0, PL: 55.0}, "focused_leader", OE),
        ({OE: 90.0, CI: 75.0, PL: 45.0}, "leader_below_parity", OE),
        ({OE: 72.0, CI: 71.0, PL: 70.0}, "unfocused", None),
        ({OE: 49.9, CI: 49.9, PL: 40.0}, "below_parity", None),
        ({OE: 69.9, CI: 60.0, PL: 50.0}, "stuck_in_the_middle", None),
        ({OE: None, CI: 60.0, PL: 50.0}, "insufficient_data", None),
    ],
)
def test_seven_patterns(
    q: Questionnaire, scores: dict[str, float | None], pattern: str, lead: str | None
) -> None:
    assert classify(q.thresholds, scores) == (pattern, lead)


def test_dual_strength_matches_an_intent_among_its_strengths(q: Questionnaire) -> None:
    levels = {**block(q, OE, [2] * 6), **block(q, CI, [4] * 6), **block(q, PL, [4, 4, 4, 4, 4, 3])}
    for intent, matches in ((CI, True), (PL, True), (OE, False), ("undecided", None)):
        p = run(q, levels, DisciplineId(intent) if intent != "undecided" else "undecided").placement
        assert (p.pattern, p.strengths, p.matches_intent) == ("dual_strength", (CI, PL), matches)


def test_one_level_from_the_line_is_borderline(q: Questionnaire) -> None:
    # Customer intimacy at 68.1: one level up on any of its questions makes it lead.
    levels = {
        **block(q, OE, [3, 2, 2, 2, 2, 2]),
        **block(q, CI, [3, 3, 3, 3, 2, 2]),
        **block(q, PL, [3, 2, 2, 2, 2, 2]),
    }
    p = run(q, levels).placement
    assert (p.pattern, p.borderline) == ("stuck_in_the_middle", (CI,))
    assert set(p.borderline_questions) == set(block(q, CI, [0] * 6))
    far = {**levels, **block(q, CI, [4, 4, 4, 3, 2, 2])}
    assert run(q, far).placement.borderline == ()


def test_a_block_without_answers_leaves_the_placement_undecided(q: Questionnaire) -> None:
    p = run(q, {**block(q, OE, [4] * 6), **block(q, CI, [4] * 6)}).placement
    assert (p.pattern, p.matches_intent, p.borderline) == ("insufficient_data", None, ())


# --- engagement -------------------------------------------------------------------------

RUNS = Initiative(runs=True)
IDLE = Initiative(runs=False)


def inventory(q: Questionnaire, running: int) -> dict[str, Initiative]:
    ids = [e.id for e in q.engagement_initiatives]
    return {iid: RUNS if n < running else IDLE for n, iid in enumerate(ids)}


def tagged_at(q: Questionnaire, level: int) -> dict[str, int]:
    return {x.id: level for x in q.questions if x.operating_model}


@pytest.mark.parametrize(
    ("running", "level", "verdict"),
    [
        (2, 3, "operating_model"),
        (2, 2, "in_transition"),
        (4, 1, "engagement_without_intimacy"),
        (3, 1, "neither"),
    ],
)
def test_engagement_verdicts(q: Questionnaire, running: int, level: int, verdict: str) -> None:
    report = run(q, tagged_at(q, level), engagement=inventory(q, running))
    assert report.engagement.verdict == verdict
    assert report.engagement.index == 10.0 * running


def test_engagement_without_answers_is_insufficient_data(q: Questionnaire) -> None:
    assert run(q, tagged_at(q, 1)).engagement.verdict == "insufficient_data"
    assert run(q, {}, engagement=inventory(q, 5)).engagement.verdict == "insufficient_data"


def test_pseudo_intimacy_fires_by_intent_or_by_a_claimed_lead(q: Questionnaire) -> None:
    levels = {**all_at(q, 1), **tagged_at(q, 0)}
    claimed = {**levels, **block(q, CI, [4] * 6)}
    raised = {
        (intent, claim): "pseudo_intimacy"
        in {f.id for f in run(q, claimed if claim else levels, intent, inventory(q, 6)).red_flags}
        for intent in (DisciplineId.customer_intimacy, DisciplineId.operational_excellence)
        for claim in (False, True)
    }
    assert raised == {
        (DisciplineId.customer_intimacy, False): True,
        (DisciplineId.customer_intimacy, True): True,
        (DisciplineId.operational_excellence, False): False,
        (DisciplineId.operational_excellence, True): True,
    }


# --- intent -----------------------------------------------------------------------------


def test_readiness_does_not_apply_to_an_oe_intent_but_keeps_its_answers(q: Questionnaire) -> None:
    report = run(q, all_at(q, 0), DisciplineId.operational_excellence)
    rows = [a for a in report.answers if a.group == "readiness"]
    assert {a.status for a in rows} == {"not_applicable_by_rule"}
    assert all(a.level == 0 and a.target is None for a in rows)
    assert rows[0].na == "applies only when the intent is customer intimacy or undecided"
    assert not any(p.group == "readiness" for p in report.priorities)
    assert not any(f.id == "no_accountable_executive" for f in report.red_flags)
    assert report.not_applicable == len(rows) and report.completeness == 1.0


def test_strict_counts_inapplicable_questions_as_answered(tmp_path: Path, q: Questionnaire) -> None:
    path = tmp_path / "oe.yaml"
    body = "\n".join(
        f"  {x.id}: 2" for x in q.questions if x.group != "readiness"
    )  # readiness left out: it does not apply
    path.write_text(
        'questionnaire: customer-intimacy\nquestionnaire_version: "2"\ncompany: X\n'
        f"target_discipline: oe\nanswers:\n{body}\n",
        encoding="utf-8",
    )
    assert assess(str(path), strict=True).unanswered == ()
    path.write_text(path.read_text().replace("target_discipline: oe", "target_discipline: ci"))
    with pytest.raises(IncompleteError, match="--strict"):
        assess(str(path), strict=True)


def test_an_oe_leader_gets_no_maturity_priorities_while_ci_holds_parity(
    q: Questionnaire,
) -> None:
    levels = {
        **all_at(q, 1),
        **block(q, OE, [4, 4, 4, 2, 2, 3]),
        **block(q, CI, [2] * 6),
        **block(q, PL, [2] * 6),
    }
    report = run(q, levels, DisciplineId.operational_excellence)
    assert {p.group for p in report.priorities} == {"position_operational_excellence"}
    assert all(p.target == 3 for p in report.priorities)
    under = {**levels, **block(q, CI, [1] * 6)}
    report = run(q, under, DisciplineId.operational_excellence)
    maturity = [p for p in report.priorities if not p.group.startswith("position_")]
    assert maturity and all(p.target == 2 for p in maturity)  # parity targets
    (section,) = report.roadmap
    assert section.phase == "parity" and section.criteria == ()
    transformation = {a.id for a in q.actions if a.transformation}
    assert not transformation & {a.id for a in section.actions}


def test_undecided_puts_the_strategic_choice_before_everything(q: Questionnaire) -> None:
    levels = {**all_at(q, 0), "direction.strategic_choice": 1}
    report = run(q, levels, "undecided")
    assert report.priorities[0].question == "direction.strategic_choice"
    assert all(p.target <= 2 for p in report.priorities)  # the CI profile at parity
    second = report.priorities[1]
    assert "direction.strategic_choice" in second.reason.questions
    # Unanswered, it holds every other priority back: "answer it first".
    held = run(q, {k: v for k, v in levels.items() if k != "direction.strategic_choice"}, None)
    assert held.placement.intended == "undecided"
    assert all(p.reason.code == "prerequisite" for p in held.priorities)
    assert held.priorities[0].reason.text.startswith("answer direction.strategic_choice first")


# --- sequence ---------------------------------------------------------------------------


def test_a_priority_never_precedes_its_prerequisite(q: Questionnaire) -> None:
    report = run(q, all_at(q, 0))
    rank = {p.question: p.rank for p in report.priorities}
    for x in q.questions:
        for pre in x.prerequisites:
            if x.id in rank and pre in rank:
                assert rank[pre] < rank[x.id], (pre, x.id)


def test_phase_comes_before_size_and_reasons_say_why(q: Questionnaire) -> None:
    levels = {
        **all_at(q, 3),
        "tailoring.value_journey": 0,  # implement, 3 x 5 = 15
        "direction.walking_the_floor": 2,  # learn, 1 x 2 = 2
    }
    first, second = run(q, levels).priorities
    assert (first.question, first.reason.code) == ("direction.walking_the_floor", "phase")
    assert (second.question, second.reason.code) == ("tailoring.value_journey", "gap")
    assert second.reason.text == "gap x weight 15 (level 0, target 3)"
    assert (first.owner, first.horizon) == ("Leadership team", "0-3m")


def test_the_programme_question_is_never_a_priority(q: Questionnaire) -> None:
    report = run(q, all_at(q, 3, **{"readiness.programme": 0}))
    assert report.priorities == ()


def test_flags_that_assume_a_programme_need_one(q: Questionnaire) -> None:
    levels = all_at(q, 3, **{"readiness.focus": 0})
    assert "too_many_initiatives" not in {
        f.id for f in run(q, {**levels, "readiness.programme": 0}).red_flags
    }
    raised = run(q, {**levels, "readiness.programme": 1})
    assert "too_many_initiatives" in {f.id for f in raised.red_flags}
    assert raised.biggest_risk is not None and raised.biggest_risk.id == "too_many_initiatives"


def test_without_flags_the_biggest_risk_is_a_risky_pattern(q: Questionnaire) -> None:
    levels = {**all_at(q, 3), **block(q, PL, [1] * 6), **block(q, OE, [4] * 6)}
    risk = run(q, levels, DisciplineId.operational_excellence).biggest_risk
    assert risk is not None and (risk.source, risk.id) == ("pattern", "leader_below_parity")
    assert run(q, all_at(q, 3)).biggest_risk is None


def test_implement_shows_the_go_no_go(q: Questionnaire) -> None:
    report = run(q, all_at(q, 2))
    implement = report.roadmap[-1]
    assert implement.phase == "implement"
    met = {c.id: c.met for c in implement.criteria}
    assert met == {
        "pilot_metrics_baselined": False,
        "leadership_in_place": False,
        "pilot_learnt_from": False,
        "operating_model_changed": True,
        "customers_see_the_difference": True,
    }
    assert [s.phase for s in report.roadmap] == ["understand", "test", "learn", "implement"]


def test_format_1_is_not_assessed_and_indicative() -> None:
    v1 = load_questionnaire("customer-intimacy@1.0.0")
    report = score_input(v1, ScoringInput(company="X", levels=Levels({})))
    assert report.engagement.verdict == "not_assessed"
    assert report.placement.indicative and report.placement.intended is None
    assert [s.phase for s in report.roadmap] == ["understand", "test", "learn", "implement"]


# --- properties on v2 -------------------------------------------------------------------


def answer_sets(q: Questionnaire, fractional: bool) -> st.SearchStrategy[dict[str, Any]]:
    level: st.SearchStrategy[Any] = (
        st.lists(st.integers(0, 4), min_size=1, max_size=3).map(
            lambda xs: Fraction(sum(xs), len(xs))
        )
        if fractional
        else st.integers(0, 4)
    )
    value = st.one_of(level, st.just(None), st.just("na"))
    ids = [x.id for x in q.questions]
    return st.lists(value, min_size=len(ids), max_size=len(ids)).map(
        lambda values: {k: v for k, v in zip(ids, values, strict=True) if v is not None}
    )


V2 = load_questionnaire("customer-intimacy")
FRACTIONAL = pytest.mark.parametrize("fractional", [False, True], ids=["whole", "fractional"])


@FRACTIONAL
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_v2_raising_one_answer_never_lowers_a_score(fractional: bool, data: st.DataObject) -> None:
    levels = data.draw(answer_sets(V2, fractional))
    intent = data.draw(st.sampled_from(INTENTS))
    raisable = [k for k, v in levels.items() if v != "na" and v < 4]
    if not raisable:
        return
    qid = data.draw(st.sampled_from(raisable))
    before = run(V2, levels, intent)
    after = run(V2, {**levels, qid: min(levels[qid] + 1, 4)}, intent)
    for old, new in zip(every_score(before), every_score(after), strict=True):
        assert (old is None) == (new is None)
        assert old is None or new is None or new >= old
    assert (
        before.engagement.score is None or (after.engagement.score or 0) >= before.engagement.score
    )


@FRACTIONAL
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_v2_bounded_deterministic_and_na_neutral(fractional: bool, data: st.DataObject) -> None:
    levels = data.draw(answer_sets(V2, fractional))
    intent = data.draw(st.sampled_from(INTENTS))
    first = run(V2, levels, intent)
    assert first == run(V2, levels, intent)
    assert all(v is None or 0 <= v <= 100 for v in every_score(first))
    assert 0 <= first.completeness <= 1
    unanswered = [x.id for x in V2.questions if x.id not in levels]
    if unanswered:
        qid = data.draw(st.sampled_from(unanswered))
        after = run(V2, {**levels, qid: "na"}, intent)
        assert every_score(after) == every_score(first)
        # The same priorities; only their order may change, because an unanswered
        # prerequisite holds its dependants back and an N/A one does not (the rule).
        assert {p.question for p in after.priorities} == {p.question for p in first.priorities}


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_applicability_never_depends_on_levels(data: st.DataObject) -> None:
    intent = data.draw(st.sampled_from(INTENTS))
    one, other = data.draw(answer_sets(V2, False)), data.draw(answer_sets(V2, False))

    def ruled_out(report: Report) -> set[str]:
        return {a.question for a in report.answers if a.status == "not_applicable_by_rule"}

    assert ruled_out(run(V2, one, intent)) == ruled_out(run(V2, other, intent))
