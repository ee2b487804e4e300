"""Scoring: numbers built from models in code, and properties that hold for all answers."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ci_assess.core.models.answers import AnswersFile
from ci_assess.core.models.questionnaire import Questionnaire
from ci_assess.core.models.report import Report
from ci_assess.core.rounding import round1
from ci_assess.core.scoring import classify, score, score_input, target_level
from ci_assess.core.scoring_input import Levels, NotApplicable, ScoringInput


def answers_for(levels: dict[str, Any], **extra: Any) -> AnswersFile:
    return AnswersFile.model_validate(
        {"questionnaire": "mini", "company": "Test Co", "answers": levels, **extra}
    )


def all_at(q: Questionnaire, level: int) -> AnswersFile:
    return answers_for({question.id: level for question in q.questions})


def every_score(report: Report) -> list[float | None]:
    groups = [g.score for g in report.process_groups + report.other_groups]
    return [report.overall.score, *groups, *(d.score for d in report.disciplines)]


def test_all_top_scores_100(mini: Questionnaire) -> None:
    report = score(mini, all_at(mini, 4))
    assert every_score(report) == [100.0] * len(every_score(report))
    assert report.priorities == ()
    assert report.completeness == 1.0


def test_all_bottom_scores_0(mini: Questionnaire) -> None:
    report = score(mini, all_at(mini, 0))
    assert every_score(report) == [0.0] * len(every_score(report))
    assert report.placement.pattern == "below_parity"


def test_weighted_mean_by_hand(mini: Questionnaire, mini_answers: AnswersFile) -> None:
    report = score(mini, mini_answers)
    direction = report.process_groups[0]
    # alpha: weight 3 at level 3 (0.75), beta: weight 1 at level 1 (0.25) -> 2.5 / 4
    assert direction.score == 62.5
    assert direction.gap == 12.5
    assert [c.points for c in direction.contributions] == [2.25, 0.25]


def test_na_leaves_the_denominator(mini: Questionnaire) -> None:
    with_na = score(mini, answers_for({"operational.alpha": 2, "operational.beta": {"na": "x"}}))
    alone = score(mini, answers_for({"operational.alpha": 2}))
    assert with_na.process_groups[1].score == alone.process_groups[1].score == 50.0
    assert with_na.not_applicable == 1
    assert with_na.completeness > alone.completeness


def test_unanswered_are_listed_and_group_without_answers_is_null(mini: Questionnaire) -> None:
    report = score(mini, answers_for({"direction.alpha": 4}))
    assert report.process_groups[1].score is None
    assert report.process_groups[1].gap is None
    assert "operational.alpha" in report.unanswered
    assert report.placement.pattern == "insufficient_data"
    assert report.placement.lead is None


def test_empty_answers_score_nothing(mini: Questionnaire) -> None:
    report = score(mini, answers_for({}))
    assert report.overall.score is None
    assert report.overall.level is None
    assert report.completeness == 0.0


def test_targets_override_per_group(mini: Questionnaire) -> None:
    report = score(mini, answers_for({"direction.alpha": 2}, targets={"direction": 100}))
    assert report.process_groups[0].target == 100.0
    assert report.priorities[0].target == 4
    assert "overrides" in report.method.target_source


def test_intended_discipline_changes_the_profile(mini: Questionnaire) -> None:
    answers = answers_for(
        {"operational_excellence.cost": 2}, target_discipline="operational_excellence"
    )
    report = score(mini, answers)
    oe = next(g for g in report.other_groups if g.id == "operational_excellence")
    assert oe.target == 75.0
    assert report.priorities[0].question == "operational_excellence.cost"


def test_priorities_rank_gap_times_weight(mini: Questionnaire, mini_answers: AnswersFile) -> None:
    priorities = score(mini, mini_answers).priorities
    keys = [(p.weighted_gap, p.weight) for p in priorities]
    assert keys == sorted(keys, reverse=True)
    assert [p.rank for p in priorities] == list(range(1, len(priorities) + 1))
    first = priorities[0]
    assert first.weighted_gap == first.gap * first.weight
    assert first.gap == first.target - first.level


def test_red_flags_need_every_condition(mini: Questionnaire) -> None:
    raised = score(mini, answers_for({"readiness.executive_owner": 1}))
    assert [f.id for f in raised.red_flags] == ["no_accountable_executive"]
    calm = score(mini, answers_for({"readiness.executive_owner": 2}))
    assert calm.red_flags == ()
    pseudo = answers_for({"operational.alpha": 3, "evaluation.alpha": 0})
    assert [f.id for f in score(mini, pseudo).red_flags] == ["pseudo_intimacy"]


def test_unanswered_condition_never_raises_a_flag(mini: Questionnaire) -> None:
    assert score(mini, answers_for({"operational.alpha": 4})).red_flags == ()


@pytest.mark.parametrize(
    ("scores", "pattern", "lead"),
    [
        ((30, 40, 49.9), "below_parity", None),
        ((70, 70, 70), "unfocused", None),
        ((80, 60, 50), "focused_leader", "operational_excellence"),
        ((50, 80, 70), "focused_leader", "customer_intimacy"),
        ((80, 45, 60), "leader_below_parity", "operational_excellence"),
        # Two strengths within the margin: dual_strength (was stuck_in_the_middle).
        ((75, 70, 40), "dual_strength", None),
        ((80, 71, 55), "dual_strength", None),
        # A top discipline the margin ahead leads even when the next is at leadership.
        ((85, 72, 60), "focused_leader", "operational_excellence"),
        ((90, 75, 40), "leader_below_parity", "operational_excellence"),
        ((70, 69.9, 69.9), "stuck_in_the_middle", None),
        ((69.9, 50, 50), "stuck_in_the_middle", None),
        ((60, 55, 20), "stuck_in_the_middle", None),
        ((95, 90, 90), "unfocused", None),
        ((50, 50, 50), "stuck_in_the_middle", None),
    ],
)
def test_placement_rules(
    mini: Questionnaire, scores: tuple[float, float, float], pattern: str, lead: str | None
) -> None:
    ids = ["operational_excellence", "customer_intimacy", "product_leadership"]
    assert classify(mini, dict(zip(ids, scores, strict=True))) == (pattern, lead)


def test_placement_thresholds_are_data(mini: Questionnaire) -> None:
    lenient = mini.model_copy(
        update={"thresholds": mini.thresholds.model_copy(update={"leadership": 60})}
    )
    scores = {"operational_excellence": 65.0, "customer_intimacy": 50.0, "product_leadership": 50.0}
    assert classify(mini, scores) == ("stuck_in_the_middle", None)
    assert classify(lenient, scores) == ("focused_leader", "operational_excellence")


def test_placement_reports_intent(mini: Questionnaire, mini_answers: AnswersFile) -> None:
    placement = score(mini, mini_answers).placement
    assert placement.intended == "customer_intimacy"
    assert placement.lead == "operational_excellence"
    assert placement.matches_intent is False


@pytest.mark.parametrize(("target", "level"), [(0, 0), (50, 2), (75, 3), (76, 4), (100, 4)])
def test_target_level(mini: Questionnaire, target: float, level: int) -> None:
    assert target_level(mini, target) == level


@pytest.mark.parametrize(
    ("value", "shown"), [(18.75, 18.8), (0.05, 0.1), (62.5, 62.5), (2.25, 2.3)]
)
def test_round_half_up(value: float, shown: float) -> None:
    assert round1(value) == shown


def test_report_is_frozen(mini: Questionnaire, mini_answers: AnswersFile) -> None:
    report = score(mini, mini_answers)
    with pytest.raises(ValueError, match="frozen"):
        report.company = "Other"  # type: ignore[misc]


# --- exact fractions ---------------------------------------------------------------------


def test_a_mean_level_is_scored_exactly(mini: Questionnaire) -> None:
    """Five respondents give direction.alpha 3, 3, 2, 2, 2: a mean of 12/5.

    Exactly, (3 x 0.6 + 1 x 0.25) / 4 = 51.25, which rounds half up to 51.3; summed in
    floats the mean lands a hair below 51.25 and would round to 51.2.
    """
    levels = {"direction.alpha": Fraction(12, 5), "direction.beta": 1}
    report = report_of(mini, levels)
    assert report.process_groups[0].score == 51.3
    assert [c.level for c in report.process_groups[0].contributions] == [2.4, 1]
    assert [c.points for c in report.process_groups[0].contributions] == [1.8, 0.25]


def test_a_fractional_level_in_priorities_and_answers(mini: Questionnaire) -> None:
    report = report_of(mini, {"direction.alpha": Fraction(7, 3)})
    (priority,) = [p for p in report.priorities if p.question == "direction.alpha"]
    assert (priority.level, priority.target, priority.gap) == (2.33, 3, 0.67)
    assert priority.weighted_gap == 2  # (3 - 7/3) x 3, exactly
    row = report.answers[0]
    assert (row.status, row.level, row.level_name, row.level_description) == (
        "answered",
        2.33,
        None,
        None,
    )
    whole = report_of(mini, {"direction.alpha": Fraction(6, 2)}).answers[0]
    assert (whole.level, whole.level_name) == (3, "Embedded")


def test_red_flags_compare_fractional_levels_exactly(mini: Questionnaire) -> None:
    just_below = report_of(mini, {"readiness.executive_owner": Fraction(199, 100)})
    assert [f.id for f in just_below.red_flags] == ["no_accountable_executive"]
    at = report_of(mini, {"readiness.executive_owner": Fraction(2)})
    assert at.red_flags == ()


# --- properties over all answer sets --------------------------------------------------
#
# Each property runs twice: with whole levels from an answers file (one respondent),
# and with exact fractions given straight to the engine (means of 1-5 respondents).


def respondents_mean() -> st.SearchStrategy[Fraction]:
    """The mean of one to five respondents' levels."""
    return st.lists(st.integers(0, 4), min_size=1, max_size=5).map(
        lambda xs: Fraction(sum(xs), len(xs))
    )


def answer_sets(q: Questionnaire, fractional: bool = False) -> st.SearchStrategy[dict[str, Any]]:
    """Question id -> a level, or "na"; unanswered questions are left out."""
    level: st.SearchStrategy[Any] = respondents_mean() if fractional else st.integers(0, 4)
    value = st.one_of(level, st.just(None), st.just("na"))
    ids = [question.id for question in q.questions]

    def build(values: list[Any]) -> dict[str, Any]:
        return {qid: v for qid, v in zip(ids, values, strict=True) if v is not None}

    return st.lists(value, min_size=len(ids), max_size=len(ids)).map(build)


def report_of(q: Questionnaire, levels: dict[str, Any]) -> Report:
    """Score ``levels``: through an answers file when they are whole, else the engine."""
    if all(isinstance(v, int | str) for v in levels.values()):
        return score(
            q,
            answers_for(
                {k: {"na": "does not apply"} if v == "na" else v for k, v in levels.items()}
            ),
        )
    given_levels = {
        k: NotApplicable("does not apply") if v == "na" else v for k, v in levels.items()
    }
    return score_input(q, ScoringInput(company="Test Co", levels=Levels(given_levels)))


def _mini() -> Questionnaire:
    from ci_assess.files.loading import load_questionnaire
    from tests.conftest import VALID

    return load_questionnaire(str(VALID / "mini.yaml"))


def assert_between(low: Report, middle: Report, high: Report) -> None:
    """Every score of ``middle`` lies between the same score of ``low`` and ``high``."""
    rows = zip(every_score(low), every_score(middle), every_score(high), strict=True)
    for lo, mid, hi in rows:
        assert (lo is None) == (mid is None) == (hi is None)
        if lo is not None and mid is not None and hi is not None:
            assert lo <= mid <= hi


FRACTIONAL = pytest.mark.parametrize("fractional", [False, True], ids=["whole", "fractional"])


@FRACTIONAL
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_raising_one_answer_never_lowers_a_score(fractional: bool, data: st.DataObject) -> None:
    q = _mini()
    levels = data.draw(answer_sets(q, fractional))
    raisable = [k for k, v in levels.items() if v != "na" and v < 4]
    if not raisable:
        return
    qid = data.draw(st.sampled_from(raisable))
    step = Fraction(data.draw(st.integers(1, 12)), 12) if fractional else 1
    raised = min(levels[qid] + step, 4)
    before = report_of(q, levels)
    after = report_of(q, {**levels, qid: raised})
    for old, new in zip(every_score(before), every_score(after), strict=True):
        assert (old is None) == (new is None)
        if old is not None and new is not None:
            assert new >= old


@FRACTIONAL
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_scores_bounded_and_deterministic(fractional: bool, data: st.DataObject) -> None:
    q = _mini()
    levels = data.draw(answer_sets(q, fractional))
    first, second = report_of(q, levels), report_of(q, levels)
    assert first == second
    assert 0 <= first.completeness <= 1
    for value in every_score(first):
        assert value is None or 0 <= value <= 100
    for g in first.process_groups:
        assert g.gap is None or g.gap >= 0


@FRACTIONAL
@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_marking_an_unanswered_question_na_changes_no_score(
    fractional: bool, data: st.DataObject
) -> None:
    q = _mini()
    levels = data.draw(answer_sets(q, fractional))
    unanswered = [question.id for question in q.questions if question.id not in levels]
    if not unanswered:
        return
    qid = data.draw(st.sampled_from(unanswered))
    before = report_of(q, levels)
    after = report_of(q, {**levels, qid: "na"})
    assert every_score(after) == every_score(before)
    assert [p.question for p in after.priorities] == [p.question for p in before.priorities]
    assert after.not_applicable == before.not_applicable + 1


@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_the_order_of_the_inputs_changes_nothing(data: st.DataObject) -> None:
    """Levels given in any order, each the mean of respondents in any order: one report."""
    q = _mini()
    answered = data.draw(
        st.dictionaries(
            st.sampled_from([question.id for question in q.questions]),
            st.lists(st.integers(0, 4), min_size=1, max_size=5),
        )
    )

    def levels_in(order: list[str], shuffled: bool) -> dict[str, Any]:
        out = {}
        for qid in order:
            respondents = answered[qid]
            if shuffled:
                respondents = data.draw(st.permutations(respondents))
            # Summed one respondent at a time, as combining files one by one would.
            total = sum((Fraction(x) for x in respondents), Fraction(0))
            out[qid] = total / len(respondents)
        return out

    first = report_of(q, levels_in(list(answered), shuffled=False))
    again = report_of(q, levels_in(data.draw(st.permutations(list(answered))), shuffled=True))
    assert again == first


@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_a_level_between_two_levels_scores_between_them(data: st.DataObject) -> None:
    q = _mini()
    levels = data.draw(answer_sets(q, fractional=True))
    qid = data.draw(st.sampled_from([question.id for question in q.questions]))
    whole = data.draw(st.integers(0, 3))
    between = whole + Fraction(data.draw(st.integers(1, 99)), 100)
    low = report_of(q, {**levels, qid: whole})
    middle = report_of(q, {**levels, qid: between})
    high = report_of(q, {**levels, qid: whole + 1})
    assert_between(low, middle, high)
