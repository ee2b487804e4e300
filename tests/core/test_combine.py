"""Combining respondents: means, AD and its c/6 threshold, perception gaps, anonymity
pooling and the facts that must agree. Every expected number is worked out by hand in
the comment beside it, before the code was run."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import Field

from ci_assess.core import agreement, anonymity, perception
from ci_assess.core.combine import (
    FACT_FIELDS,
    Voice,
    combine_levels,
    company_key,
    mismatches,
    ordered,
)
from ci_assess.core.combined_report import Options, combined_report
from ci_assess.core.models.answers import AnswersFile
from ci_assess.core.models.questionnaire import Questionnaire
from ci_assess.core.scoring import group_scores, score
from ci_assess.core.scoring_input import NotApplicable
from ci_assess.files.loading import load_questionnaire

DIRECTION = [
    "direction.strategic_choice",
    "direction.value_proposition",
    "direction.customer_segmentation",
    "direction.long_term_orientation",
    "direction.leading_by_example",
    "direction.peer_relationships",
    "direction.market_screening",
    "direction.people_briefings",
    "direction.walking_the_floor",
]


@pytest.fixture(scope="module")
def v2() -> Questionnaire:
    return load_questionnaire("customer-intimacy")


def voice(name: str, role: str | None, answers: dict[str, Any], **meta: Any) -> Voice:
    data: dict[str, Any] = {
        "questionnaire": "customer-intimacy",
        "questionnaire_version": "2.0.0",
        "company": meta.pop("company", "Acme"),
        "answers": answers,
        **meta,
    }
    if role is not None:
        data["respondent"] = {"name": name, "role": role}
    return Voice.of(f"{name}.yaml", AnswersFile.model_validate(data))


def whole(role: str, level: int, name: str | None = None) -> Voice:
    """A respondent who gives every direction question the same level."""
    return voice(name or f"{role}-{level}", role, dict.fromkeys(DIRECTION, level))


# --- means -----------------------------------------------------------------------------


def test_levels_are_exact_means_and_na_rules() -> None:
    a = voice(
        "a", "CEO", {"direction.strategic_choice": 2, "direction.value_proposition": {"na": "x"}}
    )
    b = voice(
        "b", "Sales", {"direction.strategic_choice": 3, "direction.value_proposition": {"na": "y"}}
    )
    c = voice(
        "c", "Service", {"direction.strategic_choice": 3, "direction.customer_segmentation": 1}
    )
    d = voice("d", "HR", {"direction.customer_segmentation": {"na": "z"}})
    levels, disputed = combine_levels([a, b, c, d])
    # (2 + 3 + 3) / 3 = 8/3, exact
    assert levels["direction.strategic_choice"] == Fraction(8, 3)
    # nobody gave a level, two said N/A: N/A, with both reasons
    assert levels["direction.value_proposition"] == NotApplicable("x; y")
    # one level (1) and one N/A: the level's mean, and applicability disputed
    assert levels["direction.customer_segmentation"] == 1
    assert disputed == {"direction.customer_segmentation"}
    # nobody answered: unanswered (absent)
    assert "direction.long_term_orientation" not in levels


def test_one_respondent_moves_a_mean_by_one_nth_for_borderline(v2: Questionnaire) -> None:
    voices = [whole("CEO", 3), whole("Sales", 1), whole("Service", 2)]
    made = combined_report(v2, voices)
    # three levels on each direction question: one respondent moves the mean by 1/3
    assert made.combined.input.borderline_steps["direction.strategic_choice"] == Fraction(1, 3)


# --- AD and its threshold ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("levels", "ad"),
    [
        ([2, 3], Fraction(1, 2)),  # mean 5/2: (1/2 + 1/2) / 2
        ([4, 0], Fraction(2)),  # mean 2: (2 + 2) / 2
        ([4, 1, 1, 2, 2, 2], Fraction(2, 3)),  # mean 2: (2+1+1+0+0+0) / 6
        ([0, 0, 1, 2, 2, 2], Fraction(5, 6)),  # mean 7/6: (7+7+1+5+5+5)/6 / 6 = 30/36
        ([0, 2, 2], Fraction(8, 9)),  # mean 4/3: (4/3 + 2/3 + 2/3) / 3
        ([3, 3, 3], Fraction(0)),
    ],
)
def test_average_deviation_by_hand(levels: list[int], ad: Fraction) -> None:
    assert agreement.average_deviation(levels) == ad


def test_threshold_is_c_over_six() -> None:
    assert agreement.threshold(0, 4) == Fraction(5, 6)  # 5 levels: 0.83
    assert agreement.threshold(0, 3) == Fraction(4, 6)
    assert agreement.threshold(1, 7) == Fraction(7, 6)


def test_disagree_only_above_the_threshold(v2: Questionnaire) -> None:
    q1, q2, q3 = DIRECTION[:3]
    values = [(0, 0, 0), (0, 2, 0), (1, 2, 2), (2, 2, 2), (2, 2, 2), (2, 0, 2)]
    voices = [voice(f"r{n}", "Staff", {q1: a, q2: b, q3: c}) for n, (a, b, c) in enumerate(values)]
    made = combined_report(v2, voices)
    rows = {r.question: r for r in made.report.agreement or ()}
    # q1: 0,0,1,2,2,2 -> AD exactly 5/6: not above c/6, so no disagreement (shown 0.83)
    assert (rows[q1].ad, rows[q1].disagree) == (0.83, False)
    # q2: 0,2,2,2,2,0 -> mean 4/3, AD (4/3*2 + 2/3*4)/6 = 16/18 = 0.89 > 0.83
    assert (rows[q2].ad, rows[q2].disagree) == (0.89, True)
    # q3: 0,0,2,2,2,2 -> the same spread as q2
    assert rows[q3].disagree
    groups = {g.group: g.ad for g in made.report.group_agreement or ()}
    # direction: (5/6 + 8/9 + 8/9) / 3 = (15 + 16 + 16) / 54 = 47/54 = 0.87
    assert groups["direction"] == 0.87
    assert groups["operational"] is None  # no question with two levels
    n = {g.group: g.respondents for g in made.report.group_agreement or ()}
    assert (n["direction"], n["operational"]) == (6, 0)
    follow = [(f.question, f.reason) for f in made.report.follow_up or ()]
    # the two in disagreement (same AD: by weight, then questionnaire order), then one
    # more to make three: q1, the highest-AD other
    weights = {q: v2.question_map[q].weight for q in (q2, q3)}
    first, second = sorted((q2, q3), key=lambda q: (-weights[q], DIRECTION.index(q)))
    assert follow == [(first, "disagree"), (second, "disagree"), (q1, "high_deviation")]


def test_a_single_level_has_no_ad_but_a_dispute_is_followed_up(v2: Questionnaire) -> None:
    q = DIRECTION[0]
    made = combined_report(
        v2, [voice("a", "CEO", {q: 3}), voice("b", "Sales", {q: {"na": "not us"}})]
    )
    assert made.report.agreement == ()
    (item,) = made.report.follow_up or ()
    assert (item.question, item.reason, item.n, item.na, item.ad) == (
        q,
        "applicability_disputed",
        1,
        1,
        None,
    )


# --- perception gaps and blind spots -----------------------------------------------------


def test_perception_gap_and_blind_spot_by_hand(v2: Questionnaire) -> None:
    voices = [whole("CEO", 4), whole("Service", 2), whole("Service", 1), whole("Sales", 2)]
    made = combined_report(v2, voices)
    gap = next(g for g in made.report.perception_gaps or () if g.group == "direction")
    # CEO all 4 = 100; Service mean 3/2 = 37.5; Sales all 2 = 50
    assert gap.roles == {"CEO": 100.0, "Sales": 50.0, "Service": 37.5}
    assert gap.counts == {"CEO": 1, "Sales": 1, "Service": 2}
    assert gap.spread == 62.5 and gap.flagged  # 100 - 37.5 >= 25
    # others: (2 + 1 + 2) / 3 = 5/3 -> 100 * (5/3) / 4 = 41.7; 100 - 41.7 = 58.3 >= 25
    assert (gap.senior, gap.others, gap.blind_spot) == (100.0, 41.7, True)
    assert made.report.senior_role == "CEO"
    other = next(g for g in made.report.perception_gaps or () if g.group == "operational")
    assert (other.roles["CEO"], other.spread, other.flagged, other.blind_spot) == (
        None,
        None,
        False,
        None,  # nothing answered on either side
    )


def test_one_level_apart_is_flagged_just_under_is_not(v2: Questionnaire) -> None:
    # 3 vs 2 everywhere: 75 - 50 = 25, exactly one level's worth -> flagged, blind spot
    made = combined_report(v2, [whole("CEO", 3), whole("Sales", 2)])
    gap = made.report.perception_gaps[0]  # type: ignore[index]
    assert (gap.spread, gap.flagged, gap.blind_spot) == (25.0, True, True)
    # one question lower for the CEO: 100 * (3*w - w1... ) just under 75 -> not flagged
    answers = dict.fromkeys(DIRECTION, 3) | {"direction.strategic_choice": 2}
    made = combined_report(v2, [voice("ceo", "CEO", answers), whole("Sales", 2)])
    gap = made.report.perception_gaps[0]  # type: ignore[index]
    assert gap.spread is not None and gap.spread < 25
    assert not gap.flagged and gap.blind_spot is False


def test_no_senior_role_means_no_blind_spot_and_says_why(v2: Questionnaire) -> None:
    made = combined_report(v2, [whole("Sales", 4), whole("Service", 1)])
    assert made.report.senior_role is None
    assert all(g.blind_spot is False for g in made.report.perception_gaps or ())
    assert "--senior-role" in (made.report.perception_note or "")
    named = combined_report(
        v2, [whole("Sales", 4), whole("Service", 1)], Options(senior_role=" sales ")
    )
    assert named.report.senior_role == "Sales"
    assert named.report.perception_gaps[0].blind_spot is True  # type: ignore[index]


def test_roles_group_after_trimming_and_case_folding(v2: Questionnaire) -> None:
    made = combined_report(v2, [whole("Service", 1), whole(" service ", 3), whole("CEO", 4)])
    gap = made.report.perception_gaps[0]  # type: ignore[index]
    assert gap.roles == {"CEO": 100.0, "Service": 50.0}  # mean of 1 and 3: 2 -> 50


# --- anonymity ---------------------------------------------------------------------------


def roles_of(counts: dict[str, int]) -> anonymity.Roles:
    voices = [whole(role, n % 5, f"{role}{n}") for role, k in counts.items() for n in range(k)]
    return anonymity.pooled(voices)


def test_small_roles_are_pooled() -> None:
    found = roles_of({"Service": 3, "CEO": 1, "Sales": 1, "HR": 1})
    assert [(g.label, len(g.voices)) for g in found.groups] == [
        ("Service", 3),
        ("other roles", 3),
    ]
    assert not found.withheld


def test_a_pool_under_three_joins_the_smallest_named_role() -> None:
    found = roles_of({"Service": 4, "Sales": 3, "CEO": 1, "HR": 1})
    assert [(g.label, len(g.voices)) for g in found.groups] == [
        ("Sales and other roles", 5),
        ("Service", 4),
    ]


def test_no_role_of_three_withholds_per_role_scores(v2: Questionnaire) -> None:
    found = roles_of({"CEO": 1, "Sales": 2, "HR": 2})
    assert found.withheld
    voices = [whole("CEO", 4), whole("Sales", 1, "s1"), whole("Sales", 2, "s2")]
    made = combined_report(v2, voices, Options(anonymous=True))
    assert all(g.roles == {} and g.blind_spot is None for g in made.report.perception_gaps or ())
    assert "withheld" in (made.report.perception_note or "")


def test_anonymous_names_number_by_role_then_hash(v2: Questionnaire) -> None:
    voices = [whole("Service", n, f"agent{n}") for n in (1, 2, 3)] + [whole("CEO", 4, "Dana")]
    made = combined_report(v2, voices, Options(anonymous=True))
    people = made.report.respondents or ()
    assert [p.name for p in people] == [
        "Respondent 1",
        "Respondent 2",
        "Respondent 3",
        "Respondent 4",
    ]
    assert all(p.file is None for p in people)
    # CEO sorts before Service; the CEO is one person, pooled with nobody: merged
    assert people[0].role == "Service and other roles"
    expected = [v.digest for v in ordered(voices)]
    assert [v.digest for v in made.combined.voices] == expected
    row = next(a for a in made.report.answers if a.question == DIRECTION[0])
    assert [(level.level, level.count, level.respondent) for level in row.levels or ()] == [
        (1, 1, None),
        (2, 1, None),
        (3, 1, None),
        (4, 1, None),
    ]
    assert "Dana" not in made.report.model_dump_json()


def test_anonymous_notes_are_unattributed_and_sorted(v2: Questionnaire) -> None:
    q = DIRECTION[0]
    voices = [
        voice(f"p{n}", "Staff", {q: {"level": 2, "note": text}})
        for n, text in enumerate(["zebra", "apple", "mango"])
    ]
    made = combined_report(v2, voices, Options(anonymous=True))
    row = next(a for a in made.report.answers if a.question == q)
    assert [(n.respondent, n.role, n.text) for n in row.notes or ()] == [
        (None, None, "apple"),
        (None, None, "mango"),
        (None, None, "zebra"),
    ]
    assert row.note == "apple / mango / zebra"


# --- facts -------------------------------------------------------------------------------


def test_company_names_compare_normalised() -> None:
    assert company_key("  Caf\u00e9  Müller ") == company_key("CAFE\u0301 MÜLLER")
    assert company_key("Acme Ltd") != company_key("Acme Inc")


def test_mismatches_name_both_files() -> None:
    a = voice("a", "CEO", {}, company="Acme", targets={"direction": 75})
    b = voice("b", "Sales", {}, company="acme ", targets={"direction": 60, "support": 50})
    c = voice("c", None, {}, company="Zeta")
    found = {
        (m.message.split(" ")[0], tuple(s for s, _ in m.places)) for m in mismatches([a, b, c])
    }
    assert ("respondent.role", ("c.yaml",)) in found
    assert any(m[0] == "company" and "c.yaml" in m[1] for m in found)
    assert any(m[0] == "targets.direction" and set(m[1]) == {"a.yaml", "b.yaml"} for m in found)
    assert "targets" in FACT_FIELDS


def test_a_fact_given_once_is_kept() -> None:
    a = voice("a", "CEO", {}, targets={"direction": 75})
    b = voice("b", "Sales", {}, targets={"support": 50})
    assert mismatches([a, b]) == []


def test_dates_more_than_sixty_days_apart() -> None:
    a = voice("a", "CEO", {}, assessed_on=dt.date(2026, 1, 1))
    b = voice("b", "Sales", {}, assessed_on=dt.date(2026, 3, 2))  # 60 days: one assessment
    assert mismatches([a, b]) == []
    c = voice("c", "HR", {}, assessed_on=dt.date(2026, 3, 3))  # 61 days
    (found,) = mismatches([a, b, c])
    assert "looks like two assessments" in found.message
    assert [s for s, _ in found.places] == ["c.yaml", "a.yaml"]


def test_target_disciplines_must_agree_unless_chosen() -> None:
    a = voice("a", "CEO", {}, target_discipline="customer_intimacy")
    b = voice("b", "Sales", {}, target_discipline="product_leadership")
    (found,) = mismatches([a, b])
    assert "customer_intimacy: a.yaml; product_leadership: b.yaml" in found.message
    assert "--target" in found.hint
    assert mismatches([a, b], target="customer_intimacy") == []  # type: ignore[arg-type]


def test_the_same_answers_twice_is_refused() -> None:
    a = voice("a", "CEO", {DIRECTION[0]: 2})
    twin = Voice.of("copy.yaml", a.answers)
    assert any("same answers" in m.message for m in mismatches([a, twin]))


# --- properties --------------------------------------------------------------------------

LEVELS = st.dictionaries(
    st.sampled_from([*DIRECTION, "evaluation.nps", "position_customer_intimacy.retention"]),
    st.one_of(st.integers(0, 4), st.just({"na": "n/a"})),
)


@settings(max_examples=25, deadline=None)
@given(LEVELS)
def test_one_respondent_combined_scores_as_the_single_file(answers: dict[str, Any]) -> None:
    q = load_questionnaire("customer-intimacy")
    alone = voice("solo", "CEO", answers, target_discipline="customer_intimacy")
    single = score(q, alone.answers)
    combined = combined_report(q, [alone]).report
    keys = (
        *("overall", "process_groups", "other_groups", "disciplines", "placement", "priorities"),
        *("roadmap", "red_flags", "biggest_risk", "completeness", "answered", "not_applicable"),
    )
    for key in keys:
        assert getattr(combined, key) == getattr(single, key), key
    assert combined.unanswered == single.unanswered


@settings(max_examples=15, deadline=None)
@given(st.lists(LEVELS, min_size=2, max_size=4), st.randoms(use_true_random=False))
def test_the_order_of_files_changes_nothing(answers: list[dict[str, Any]], rnd: Any) -> None:
    q = load_questionnaire("customer-intimacy")
    roles = ["CEO", "Sales", "Service", "Service"]
    voices = [voice(f"r{n}", roles[n], a) for n, a in enumerate(answers)]
    shuffled = list(voices)
    rnd.shuffle(shuffled)
    first = combined_report(q, voices).report.model_dump_json()
    assert combined_report(q, shuffled).report.model_dump_json() == first


@settings(max_examples=15, deadline=None)
@given(LEVELS, st.sampled_from(DIRECTION))
def test_raising_one_respondent_never_lowers_a_score(answers: dict[str, Any], qid: str) -> None:
    q = load_questionnaire("customer-intimacy")
    other = voice("o", "Sales", dict.fromkeys(DIRECTION, 2))
    before = combined_report(q, [voice("c", "CEO", answers), other]).report
    current = answers.get(qid)
    raised = dict(answers) | {qid: min(4, current + 1) if isinstance(current, int) else 4}
    after = combined_report(q, [voice("c", "CEO", raised), other]).report
    for b, a in zip(before.process_groups, after.process_groups, strict=True):
        assert b.score is None or (a.score is not None and a.score >= b.score)
        assert a.score is None or 0 <= a.score <= 100


def test_perception_uses_the_engine(v2: Questionnaire) -> None:
    assert perception.level_worth(v2) == 25
    voices = [whole("CEO", 4), voice("s", "Sales", {DIRECTION[0]: 1, "evaluation.nps": 3})]
    made = combined_report(v2, voices)
    # the Sales role's scores are what the engine reports for the Sales file alone
    alone = score(v2, voices[1].answers)
    by_group = {g.id: g.score for g in alone.process_groups}
    for gap in made.report.perception_gaps or ():
        assert gap.roles["Sales"] == by_group[gap.group]
    assert group_scores(v2, made.combined.input) == {
        g.id: g.score for g in (*made.report.process_groups, *made.report.other_groups)
    }


class _WithAccounts(AnswersFile):
    """An answers file with a list fact of named items, like key accounts."""

    named_items: list[dict[str, Any]] = Field(default_factory=list)


def test_named_items_of_a_fact_compare_by_name_and_field(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from ci_assess.core import combine

    monkeypatch.setattr(combine, "FACT_FIELDS", ("targets", "named_items"))
    monkeypatch.setattr(combine, "JUDGEMENT_KEYS", frozenset({"levels"}))

    def file(name: str, role: str, accounts: list[dict[str, Any]]) -> Voice:
        answers = _WithAccounts(
            questionnaire="customer-intimacy",
            company="Acme",
            respondent={"role": role},  # type: ignore[arg-type]
            named_items=accounts,
        )
        return Voice.of(f"{name}.yaml", answers)

    ceo = file("ceo", "CEO", [{"name": "Big Co", "tier": 2, "levels": 3}, {"name": "Small"}])
    # the same account, named with other spacing and case, in another order; the
    # levels (a judgement) differ and are not compared; the tier is a fact
    sales = file("sales", "Sales", [{"name": "small"}, {"name": " BIG co", "tier": 3, "levels": 1}])
    (found,) = mismatches([ceo, sales])
    assert found.message.startswith("named_items[")
    assert ".tier is 3, but ceo.yaml gives 2" in found.message
    assert found.places == (
        ("sales.yaml", ("named_items", 1, "tier")),
        ("ceo.yaml", ("named_items", 0, "tier")),
    )
    agreeing = file("hr", "HR", [{"name": "Big Co", "tier": 2, "levels": 0}])
    assert mismatches([ceo, agreeing]) == []
