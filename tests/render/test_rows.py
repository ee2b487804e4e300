"""The HTML report's rows: the report's values, by name and in the templates' order."""

from __future__ import annotations

import pytest

from ci_assess.app.assess import assess
from ci_assess.render.plain import reasons
from ci_assess.render.rows import AnswerLine, PriorityRow, Rows
from tests.conftest import EXAMPLE


def test_rows_carry_the_report_values() -> None:
    report = assess(str(EXAMPLE))
    titles = {g.id: g.title for g in [*report.process_groups, *report.other_groups]}
    why = reasons(report)
    rows = Rows(report, titles, why)
    assert len(rows.priorities) == len(report.priorities)
    for row, p in zip(rows.priorities, report.priorities, strict=True):
        assert row.group == titles[p.group]
        values = p.model_dump() | {"group": titles[p.group], "reason": why[p.question]}
        assert row._asdict() == {name: values[name] for name in PriorityRow._fields}
    for line, a in zip(rows.answers, report.answers, strict=True):
        assert line._asdict() == {name: getattr(a, name) for name in AnswerLine._fields}
    assert rows.answers is rows.answers  # built once per report


def test_each_item_is_read_by_its_name() -> None:
    """The names a firm's template reads (``row.rank``) are the items the bundled ones
    unpack, in the same order."""
    values = tuple(f"v{i}" for i in range(len(PriorityRow._fields)))
    row = PriorityRow(values)
    assert [getattr(row, name) for name in PriorityRow._fields] == list(values)
    assert tuple(row) == values and row == values
    line = AnswerLine(tuple(range(len(AnswerLine._fields))))
    assert [getattr(line, name) for name in AnswerLine._fields] == list(range(10))
    assert repr(line).startswith("AnswerLine(question=0, text=1,")
    for cls in (PriorityRow, AnswerLine):
        named = [n for n, v in vars(cls).items() if isinstance(v, property)]
        assert named == list(cls._fields)


def test_a_row_is_made_and_changed_as_a_named_tuple_is() -> None:
    """``_make`` and ``_replace``, which a firm's template may call."""
    line = AnswerLine._make(range(10))
    changed = line._replace(text="other", weight=5)
    assert changed.text == "other" and changed.weight == 5 and changed.question == 0
    assert type(changed) is AnswerLine and line.text == 1
    with pytest.raises(ValueError, match="no field 'colour'"):
        line._replace(colour="red")
    with pytest.raises(TypeError, match="takes 10 items"):
        AnswerLine._make(range(3))
