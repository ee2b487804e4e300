"""Report parts built without a second validation are the objects validation builds."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel

from ci_assess.core.branding import DEFAULT_ACCENT, DEFAULT_BRANDING, Branding
from ci_assess.core.engagement import NOT_ASSESSED
from ci_assess.core.models import trusted
from ci_assess.core.models.report import AnswerRow, Contribution, Engagement, Reason
from ci_assess.core.scoring import score
from ci_assess.files.loading import load_answers
from tests.conftest import EXAMPLE


def test_built_is_what_validation_builds() -> None:
    fields: dict[str, Any] = {"question": "q1", "group": "direction", "text": "Asked?", "weight": 3}
    made = trusted.built(
        AnswerRow, status="unanswered", disciplines=("customer_intimacy",), **fields
    )
    validated = AnswerRow(status="unanswered", disciplines=("customer_intimacy",), **fields)
    assert made == validated
    assert repr(made) == repr(validated)
    assert made.model_fields_set == validated.model_fields_set
    assert made.model_dump_json() == validated.model_dump_json()
    assert list(made.__dict__) == list(AnswerRow.model_fields)
    with pytest.raises(Exception, match="frozen"):
        made.weight = 4  # type: ignore[misc]


def test_the_check_refuses_what_only_validation_would_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(trusted, "CHECK", True)
    # An int where the field is a float: validation makes it 1.0, built would keep 1.
    with pytest.raises(AssertionError, match="Contribution"):
        trusted.built(Contribution, question="q1", weight=2, level=1, points=1)
    # A list where the field is a tuple.
    with pytest.raises(AssertionError, match="Reason"):
        trusted.built(Reason, code="gap", questions=["q1"], text="gap")
    # A missing required field, an unknown field: validation errors.
    with pytest.raises(ValueError):
        trusted.built(Reason, code="gap", text="gap")
    with pytest.raises(ValueError):
        trusted.built(Reason, code="gap", questions=(), text="gap", extra=1)


def test_built_refuses_a_model_with_its_own_new() -> None:
    # built makes instances with object.__new__: a class's own __new__ would be skipped.
    class Counted(BaseModel):
        name: str

        def __new__(cls, *args: Any, **kwargs: Any) -> Counted:
            return super().__new__(cls)

    with pytest.raises(TypeError, match="Counted defines __new__"):
        trusted.built(Counted, name="x")


def test_the_suite_checks_every_built_part() -> None:
    assert trusted.CHECK, "tests/conftest.py turns the comparison on for every test"
    loaded = load_answers(str(EXAMPLE))
    report = score(loaded.questionnaire, loaded.answers)
    # The whole report, dumped and validated again, is the same report.
    assert type(report).model_validate(report.model_dump()) == report
    assert repr(type(report).model_validate(report.model_dump())) == repr(report)


def test_built_from_is_what_validation_builds(monkeypatch: pytest.MonkeyPatch) -> None:
    fields: dict[str, Any] = {"question": "q1", "group": "direction", "text": "Asked?", "weight": 3}
    base = trusted.prepared(AnswerRow, disciplines=("customer_intimacy",), **fields)
    made = trusted.built_from(base, status="answered", level=2, target=None)
    validated = AnswerRow(
        status="answered", level=2, target=None, disciplines=("customer_intimacy",), **fields
    )
    assert repr(made) == repr(validated)
    assert list(made.__dict__) == list(AnswerRow.model_fields)
    # A set, as validation makes it: model_copy(update=...) adds to it.
    assert type(made.model_fields_set) is set
    assert made.model_fields_set == validated.model_fields_set
    assert made.model_copy(update={"note": "n"}).note == "n"
    # Each object its own field dict: the prepared one is copied, never shared.
    other = trusted.built_from(base, status="unanswered")
    assert other.level is None and made.__dict__ is not base.values
    monkeypatch.setattr(trusted, "CHECK", True)
    with pytest.raises(AssertionError, match="AnswerRow"):
        # A list where the field is a tuple: validation would make it one.
        trusted.built_from(base, status="unanswered", disciplines=["customer_intimacy"])


def test_contributions_and_plain_answer_rows_are_made_once() -> None:
    # Shared between reports (frozen objects): scoring a second file builds none again.
    loaded = load_answers(str(EXAMPLE))
    first = score(loaded.questionnaire, loaded.answers)
    second = score(loaded.questionnaire, loaded.answers)
    assert first == second
    pairs = zip(first.process_groups, second.process_groups, strict=True)
    assert all(
        a is b for g, h in pairs for a, b in zip(g.contributions, h.contributions, strict=True)
    )
    rows = list(zip(first.answers, second.answers, strict=True))
    plain = [(a, b) for a, b in rows if a.note is None and a.evidence is None and a.na is None]
    remarked = [(a, b) for a, b in rows if (a, b) not in plain]
    assert plain and remarked
    assert all(a is b for a, b in plain)
    # A row with a note or evidence is its answers file's own.
    assert all(a is not b and a == b for a, b in remarked)
    # The engagement inventory's rows likewise (validated once, then shared).
    initiatives = zip(first.engagement.initiatives, second.engagement.initiatives, strict=True)
    assert first.engagement.initiatives
    assert all(a is b for a, b in initiatives)


def assert_same(made: BaseModel, validated: BaseModel) -> None:
    """Equal, with the same field values and types, fields set and JSON."""
    assert made == validated
    assert repr(made) == repr(validated)
    assert list(map(type, made.__dict__.values())) == list(map(type, validated.__dict__.values()))
    assert made.model_fields_set == validated.model_fields_set
    assert made.model_dump_json() == validated.model_dump_json()


def test_the_engagement_not_assessed_is_what_validation_builds() -> None:
    # Built at import without validation (no Engagement validator in a run).
    validated = Engagement(index=None, verdict="not_assessed", score=None, initiatives=())
    assert_same(NOT_ASSESSED, validated)


def test_the_default_branding_is_what_validation_builds() -> None:
    # Made once without validation: a report given no branding builds no validator.
    assert_same(DEFAULT_BRANDING, Branding())
    assert DEFAULT_BRANDING.accent == DEFAULT_ACCENT and DEFAULT_BRANDING.firm is None
