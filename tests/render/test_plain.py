"""render.plain: a priority's reason and the target profile in a client's words."""

from __future__ import annotations

import pytest

from ci_assess.app.assess import assess
from ci_assess.core.models.report import Priority, Reason, Report
from ci_assess.render.plain import target_words, why
from tests.conftest import EXAMPLE


@pytest.fixture(scope="module")
def northwind() -> Report:
    return assess(str(EXAMPLE))


def _with(priority: Priority, **update: object) -> Priority:
    return priority.model_copy(update=update)


def test_each_kind_of_reason(northwind: Report) -> None:
    p = northwind.priorities[3]
    texts = {"a.one": "Is there one?", "b.two": "Is there two?"}
    rank_of = {"a.one": 1, "b.two": 2, "c.late": 9}

    def said(code: str, *questions: str, **update: object) -> str:
        reason = Reason(code=code, questions=questions, text="scoring's words")  # type: ignore[arg-type]
        return why(_with(p, reason=reason, **update), rank_of, texts)

    # Hand-written expectations: ranks, never ids.
    assert (
        said("prerequisite", "a.one", "b.two")
        == "comes after priorities 1 and 2, its prerequisites"
    )
    assert said("prerequisite", "c.late") == "comes first: priority 9 depends on it"
    assert (
        said("prerequisite", "x.open")
        == "answer its prerequisite first: \u201cx.open\u201d"  # no text known: the id
    )
    texts["x.open"] = "Is it open?"
    assert (
        said("prerequisite", "x.open") == "answer its prerequisite first: \u201cIs it open?\u201d"
    )
    assert said("phase", "c.late", phase="understand") == (
        "an early step (Understand phase): it comes before larger gaps of later phases"
    )
    assert said("gap", p.question, gap=2, weight=5) == (
        "2 levels below its target on a question of weight 5 of 5"
    )
    assert said("gap", p.question, gap=1, weight=3) == (
        "one level below its target on a question of weight 3 of 5"
    )


def test_target_words(northwind: Report) -> None:
    def words(source: str) -> str:
        method = northwind.method.model_copy(update={"target_source": source})
        return target_words(northwind.model_copy(update={"method": method}))

    assert words("product_leadership profile") == "the target profile for product leadership"
    assert words("undecided profile") == (
        "the target profile for a company that has not chosen its discipline"
    )
    assert words("customer_intimacy profile with per-group overrides") == (
        "the target profile for customer intimacy, with the answers file's own targets for "
        "some groups"
    )
    assert words("house_style profile") == "the house style target profile"
