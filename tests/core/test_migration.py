"""The pure migration plan (core.migration) on small questionnaires built in code."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from ci_assess.core.migration import mapping_problems, plan_migration
from ci_assess.core.models.answers import Answer
from ci_assess.core.models.migration import Migration, QuestionMapping
from ci_assess.core.models.questionnaire import Questionnaire


def _migration(questions: dict[str, Any], version: str = "0.1") -> Migration:
    return Migration.model_validate(
        {
            "from": {"questionnaire": "mini", "version": "0.1"},
            "to": {"questionnaire": "mini", "version": version},
            "questions": questions,
        }
    )


def _identity(mini: Questionnaire, **changes: Any) -> Migration:
    questions: dict[str, Any] = {q.id: {"to": [q.id], "kind": "same"} for q in mini.questions}
    return _migration(questions | changes)


def test_same_answers_are_copied_with_note_evidence_and_na(mini: Questionnaire) -> None:
    answers = {
        "direction.beta": Answer(level=1, note="board only", evidence="deck p.4"),
        "operational.beta": Answer(na="no loyalty scheme"),
        "support.alpha": Answer(level=2),
    }
    plan = plan_migration(answers, mini, mini, _identity(mini))
    assert plan.carried == answers
    assert list(plan.carried) == ["direction.beta", "operational.beta", "support.alpha"]
    assert plan.hints == {} and plan.not_carried == () and plan.new_questions == ()


def test_split_merged_and_changed_leave_hints_not_answers(mini: Questionnaire) -> None:
    migration = _identity(
        mini,
        **{
            "direction.alpha": {
                "to": ["direction.alpha", "direction.beta"],
                "kind": "split",
                "note": "two things at once",
            },
            "direction.beta": {"to": ["direction.alpha"], "kind": "merged", "note": "twice"},
            "operational.alpha": {"to": ["operational.alpha"], "kind": "changed", "note": "new"},
        },
    )
    answers = {
        "direction.alpha": Answer(level=3, note="said so"),
        "direction.beta": Answer(na="n/a here"),
        "operational.alpha": Answer(level=2),
    }
    plan = plan_migration(answers, mini, mini, migration)
    assert plan.carried == {}
    assert plan.hints["direction.alpha"] == (
        "0.1 direction.alpha (split): level 3 Embedded",
        "  note: said so",
        "  why: two things at once",
        "0.1 direction.beta (merged): n/a (n/a here)",
        "  why: twice",
    )
    assert plan.hints["direction.beta"][0] == "0.1 direction.alpha (split): level 3 Embedded"
    assert [item.line() for item in plan.not_carried] == [
        "direction.alpha: split into direction.alpha, direction.beta; level 3 Embedded "
        "left as a comment",
        "direction.beta: merged into direction.alpha; n/a (n/a here) left as a comment",
        "operational.alpha: changed meaning in operational.alpha; level 2 Developing "
        "left as a comment",
    ]


def test_unanswered_old_questions_leave_nothing(mini: Questionnaire) -> None:
    migration = _identity(
        mini, **{"direction.alpha": {"to": ["direction.alpha"], "kind": "changed", "note": "x"}}
    )
    plan = plan_migration({}, mini, mini, migration)
    assert plan.carried == {} and plan.hints == {} and plan.not_carried == ()


def test_questions_no_old_question_maps_to_are_new(mini: Questionnaire) -> None:
    migration = _identity(
        mini, **{"direction.beta": {"to": ["direction.alpha"], "kind": "merged", "note": "x"}}
    )
    plan = plan_migration({}, mini, mini, migration)
    assert plan.new_questions == ("direction.beta",)


def test_dropped_answer_is_listed_without_a_hint(mini: Questionnaire) -> None:
    migration = _identity(mini, **{"support.alpha": {"kind": "dropped", "note": "gone"}})
    plan = plan_migration({"support.alpha": Answer(level=1)}, mini, mini, migration)
    assert plan.hints == {}
    assert [item.line() for item in plan.not_carried] == [
        "support.alpha: dropped; level 1 Ad hoc not carried"
    ]


def test_a_level_off_the_new_scale_is_not_copied(mini: Questionnaire) -> None:
    narrow = mini.model_copy(update={"scale": mini.scale[:3]})
    plan = plan_migration({"support.alpha": Answer(level=4)}, mini, narrow, _identity(mini))
    assert plan.carried == {}
    assert plan.hints["support.alpha"][0] == "0.1 support.alpha (same): level 4 Leading"


def test_mapping_problems_name_versions_ids_and_gaps(mini: Questionnaire) -> None:
    questions: dict[str, Any] = {q.id: {"to": [q.id], "kind": "same"} for q in mini.questions}
    del questions["support.alpha"]
    questions["direction.alpha"] = {"to": ["direction.nope"], "kind": "same"}
    questions["gone.question"] = {"kind": "dropped", "note": "x"}
    found = mapping_problems(_migration(questions, version="9"), mini, mini)
    assert found == [
        (("to",), "to: names mini 9, but the questionnaire is mini 0.1"),
        (
            ("questions", "direction.alpha", "to"),
            "direction.alpha: 'direction.nope' is not a question of 0.1",
        ),
        (("questions", "gone.question"), "gone.question: not a question of 0.1"),
        (("questions",), "no mapping for support.alpha"),
    ]
    assert mapping_problems(_identity(mini), mini, mini) == []


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"to": ["a.b", "a.c"], "kind": "same"}, "exactly one question"),
        ({"to": ["a.b"], "kind": "dropped", "note": "x"}, "'to' must be empty"),
        ({"kind": "split", "note": "x"}, "needs the new question"),
        ({"to": ["a.b"], "kind": "changed"}, "needs a 'note'"),
    ],
)
def test_inconsistent_mappings_are_refused(data: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        QuestionMapping.model_validate(data)
