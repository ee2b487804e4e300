"""Loading: every class of bad input gives file, line, what is wrong and a hint."""

from __future__ import annotations

from pathlib import Path

import pytest

from ci_assess.app.validation import validate_file
from ci_assess.core.models.questionnaire import DisciplineId
from ci_assess.errors import InputError
from ci_assess.files.loading import load_answers, load_questionnaire
from tests.conftest import EXAMPLE, INVALID, VALID

# file, line (None: the whole file), words the message must contain, words of the hint
CASES: list[tuple[str, int | None, str, str | None]] = [
    (
        "unknown-question.yaml",
        5,
        "unknown question id 'operational.complaint'",
        "operational.complaints",
    ),
    ("level-out-of-range.yaml", 5, "level 7 is outside the scale", "levels are 0..4"),
    ("level-not-integer.yaml", 4, "2.5 is not a level", None),
    ("level-string.yaml", 4, "level: Input should be a valid integer", "whole number"),
    ("level-bool.yaml", 4, "true is not a level", None),
    ("unknown-key.yaml", 3, "unknown key 'assesor'", "did you mean 'assessor'?"),
    ("unknown-answer-key.yaml", 4, "unknown key 'notes'", "did you mean 'note'?"),
    ("wrong-type.yaml", 2, "company: Input should be a valid string", None),
    (
        "duplicate-answer.yaml",
        6,
        "'direction.value_proposition' appears twice (first on line 4)",
        None,
    ),
    ("malformed.yaml", 5, "is not valid YAML", "indentation"),
    ("python-tag.yaml", 2, "YAML tag not allowed", "plain data"),
    ("empty.yaml", None, "is empty", "ci-assess template"),
    ("comments-only.yaml", None, "is empty", None),
    ("binary.yaml", None, "is a binary file", None),
    (
        "unknown-questionnaire.yaml",
        1,
        "unknown questionnaire 'customer-intimasy'",
        "did you mean 'customer-intimacy'?",
    ),
    ("level-and-na.yaml", 4, "give either 'level' or 'na'", None),
    ("not-a-mapping.yaml", 1, "must hold a mapping", None),
    ("bad-date.yaml", 3, "assessed_on", None),
    # PyYAML reads these as a date and an int, and its own constructors then fail.
    ("impossible-date.yaml", 3, "'2026-02-30' is not a valid date", "YYYY-MM-DD"),
    ("forced-tag.yaml", 5, "'three' is not a valid whole number", "'!!' tag"),
    # Shown as 62.3 but compared as 62.25 otherwise: refused, with the value to write.
    ("target-two-decimals.yaml", 4, "62.25 has more than one decimal", None),
    ("missing-company.yaml", None, "required key 'company' is missing", None),
    (
        "unknown-target-group.yaml",
        3,
        "targets: unknown group 'directon'",
        "did you mean 'direction'?",
    ),
]


@pytest.mark.parametrize(("name", "line", "message", "hint"), CASES, ids=[c[0] for c in CASES])
def test_bad_answers_file(name: str, line: int | None, message: str, hint: str | None) -> None:
    path = str(INVALID / name)
    with pytest.raises(InputError) as caught:
        load_answers(path)
    problem = caught.value.problems[0]
    assert problem.source == path
    assert problem.line == line
    assert message in problem.message
    if hint:
        assert problem.hint is not None and hint in problem.hint
    assert str(problem).startswith(f"{path}:{line}:" if line else f"{path}:")


def test_missing_file() -> None:
    with pytest.raises(InputError, match="file not found"):
        load_answers("no/such/file.yaml")


def test_folder_is_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a folder"):
        load_answers(str(tmp_path))


def test_non_utf8_text(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("company: Caf\xe9\n".encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8"):
        load_answers(str(path))


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    path = tmp_path / "many.yaml"
    path.write_text(
        "questionnaire: customer-intimacy\ncompany: X\nanswers:\n"
        "  direction.value_propositon: 3\n  operational.complaints: 9\n"
    )
    with pytest.raises(InputError) as caught:
        load_answers(str(path))
    assert [p.line for p in caught.value.problems] == [4, 5]


def test_bad_questionnaire_reports_each_problem() -> None:
    with pytest.raises(InputError) as caught:
        validate_file(str(INVALID / "questionnaire-bad.yaml"))
    problems = caught.value.problems
    assert [p.line for p in problems] == [5, 6, 20]
    assert problems[0].hint is not None and "quotes" in problems[0].hint
    assert "less than or equal to 5" in problems[2].message


def _line(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line of the ``occurrence``-th line that contains ``needle``."""
    hits = [n for n, line in enumerate(text.splitlines(), 1) if needle in line]
    return hits[occurrence - 1]


def test_questionnaire_consistency_rules(tmp_path: Path) -> None:
    """Rules across fields: each problem names the line of the key it is about."""
    text = (VALID / "mini.yaml").read_text()
    cases = [
        # file, original text, replacement, line of the key (needle, occurrence), message
        ("twice", "id: direction.beta", "id: direction.alpha", ("id: direction.alpha", 2),
         r"question 'direction.alpha' is declared twice"),
        ("prefix", "id: support.alpha", "id: direction.gamma", ("id: direction.gamma", 1),
         r"id must start with its group 'support'"),
        ("levels", "    4: alpha at level 4\n", "", ("  levels:", 1),
         r"describe every level [0, 1, 2, 3, 4]"),
        ("flag", "question: readiness.executive_owner", "question: readiness.owner",
         ("question: readiness.owner", 1),
         "red flag 'no_accountable_executive': unknown question"),
    ]  # fmt: skip
    for name, old, new, (needle, occurrence), message in cases:
        changed = text.replace(old, new, 1)
        path = tmp_path / f"{name}.yaml"
        path.write_text(changed)
        with pytest.raises(InputError) as caught:
            load_questionnaire(str(path))
        problem = caught.value.problems[0]
        assert message in problem.message, name
        assert problem.line == _line(changed, needle, occurrence), name
    threshold = tmp_path / "threshold.yaml"
    threshold.write_text(text.replace("  leadership: 70\n", "  leadership: 70.04\n", 1))
    with pytest.raises(InputError) as caught:
        load_questionnaire(str(threshold))
    assert str(caught.value.problems[0]).startswith(
        f"{threshold}:18: thresholds.leadership: 70.04 has more than one decimal"
    )


def test_questionnaire_path_is_relative_to_the_answers_file() -> None:
    loaded = load_answers(str(VALID / "mini-answers.yaml"))
    assert loaded.questionnaire.id == "mini"


def test_blank_answers_are_unanswered(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(
        "questionnaire: customer-intimacy\ncompany: X\nanswers:\n  direction.value_proposition:\n"
    )
    assert load_answers(str(path)).answers.answers == {}


def test_bundled_example_is_valid() -> None:
    loaded = load_answers(str(EXAMPLE))
    assert loaded.answers.company == "Northwind Traders"
    assert loaded.questionnaire.id == "customer-intimacy"


def test_bundled_questionnaire_covers_the_contract() -> None:
    """The current bundled questionnaire (2.0.0) holds every id the format-2 spec pins."""
    q = load_questionnaire("customer-intimacy")
    assert (q.format, q.version) == (2, "2.0.0")
    process = ["direction", "operational", "evaluation", "support", "organizational_behaviour"]
    assert [g.id for g in q.groups if g.kind == "process"] == process
    assert [g.id for g in q.groups if g.kind == "maturity"] == ["key_accounts", "tailoring"]
    blocks = [g for g in q.groups if g.kind == "position"]
    assert [g.discipline for g in blocks] == list(DisciplineId)
    for block in blocks:
        weights = [x.weight for x in q.questions if x.group == block.id]
        assert (len(weights), sum(weights)) == (6, 18), block.id
    pinned = {
        *(f"key_accounts.{e}" for e in KEY_ACCOUNT_ELEMENTS),
        *(f"readiness.{r}" for r in READINESS_PINNED),
        "direction.strategic_choice",
    }
    assert pinned <= set(q.question_map)
    assert [e.id for e in q.engagement_initiatives] == list(ENGAGEMENT_PINNED)
    assert set(FLAGS_PINNED) <= {f.id for f in q.red_flags}
    for question in q.questions:
        assert question.id.startswith(question.group + ".")
        assert question.recommendation and question.text and question.help
        assert question.phase and question.owner and question.horizon


KEY_ACCOUNT_ELEMENTS = (
    "selection",
    "planning",
    "execution",
    "manager_selection",
    "organisation",
    "measurement",
    "coaching",
)
READINESS_PINNED = (
    "programme",
    "executive_owner",
    "senior_team",
    "focus",
    "success_criteria",
    "progress_reviews",
    "time_horizon",
)
ENGAGEMENT_PINNED = (
    "social_customer_care",
    "online_community",
    "consultative_selling_training",
    "recommendation_engine",
    "voice_of_customer_widget",
    "call_waiting_message",
    "experience_scenarios",
    "social_crm",
    "co_creation",
    "kam_in_sales",
)
FLAGS_PINNED = (
    "no_accountable_executive",
    "campaign_not_operating_model",
    "too_many_initiatives",
    "pseudo_intimacy",
    "incentives_not_aligned",
    "no_lifetime_value_measurement",
    "no_baseline_metrics",
    "relationships_at_risk_from_turnover",
    "key_accounts_stuck_at_price",
    "no_segmentation",
    "kam_only_in_sales",
    "engagement_counts_as_success",
    "short_time_horizon",
)


def test_bundled_version_1_still_covers_its_contract() -> None:
    q = load_questionnaire("customer-intimacy@1.0.0")
    process = ["direction", "operational", "evaluation", "support", "organizational_behaviour"]
    assert [g.id for g in q.groups if g.kind == "process"] == process
    for group in process:
        count = sum(1 for question in q.questions if question.group == group)
        assert 5 <= count <= 8, group
    for discipline in ("operational_excellence", "product_leadership"):
        assert any(discipline in question.disciplines for question in q.questions)
    assert (q.thresholds.leadership, q.thresholds.parity, q.thresholds.lead_margin) == (70, 50, 10)
    assert {"no_accountable_executive", "campaign_not_operating_model", "too_many_initiatives"} <= {
        f.id for f in q.red_flags
    }
    for question in q.questions:
        assert question.id.startswith(question.group + ".")
        assert question.recommendation and question.text and question.help
