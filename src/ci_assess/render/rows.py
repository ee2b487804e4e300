"""The HTML report's long lists as plain tuples, for the templates to draw.

A report repeats two row layouts dozens of times (every gap, every answer). A
template reads ``item.rank`` through ``Environment.getattr``, a Python call for each
field of each row (some 900 per report); it unpacks a tuple in the ``for`` itself at
no cost (``{% for rank, text, ... in rows.priorities %}``). So the rows are built
here, once per report, as tuples whose items also have names: unpacked by the
bundled templates, and still readable by name (``row.rank``) in a firm's own. No
markup here: the templates in ``report_templates/_rows.html.j2`` draw and escape
every value.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property
from operator import itemgetter
from typing import Any, ClassVar, Self

from ci_assess.core.models.report import Report


class _Row(tuple[Any, ...]):
    """A tuple whose items are also read by name (``row.rank``): a named tuple written
    out, because ``typing.NamedTuple`` builds each class from generated source when the
    module is imported (2 M instructions for these two, on every HTML report's start)."""

    __slots__ = ()
    _fields: ClassVar[tuple[str, ...]] = ()

    def _asdict(self) -> dict[str, Any]:
        """The items by name, in order."""
        return dict(zip(self._fields, self, strict=True))

    @classmethod
    def _make(cls, iterable: Iterable[Any]) -> Self:
        """A row from its items in order, as ``namedtuple._make``."""
        made = cls(iterable)
        if len(made) != len(cls._fields):
            raise TypeError(f"{cls.__name__} takes {len(cls._fields)} items, not {len(made)}")
        return made

    def _replace(self, **changes: Any) -> Self:
        """A copy with some items changed by name, as ``namedtuple._replace``."""
        unknown = changes.keys() - set(self._fields)
        if unknown:
            raise ValueError(f"{type(self).__name__} has no field {sorted(unknown)[0]!r}")
        return type(self)(
            changes.get(name, value) for name, value in zip(self._fields, self, strict=True)
        )

    def __repr__(self) -> str:
        items = ", ".join(
            f"{name}={value!r}" for name, value in zip(self._fields, self, strict=True)
        )
        return f"{type(self).__name__}({items})"


class PriorityRow(_Row):
    """A gap, as the appendix lists it (the group by its title, the reason in words):
    rank, text, group, question, level (a mean of several respondents need not be a whole
    level), target, gap, weight, weighted_gap, note, evidence, recommendation, reason,
    owner, horizon."""

    __slots__ = ()
    _fields = (
        "rank",
        "text",
        "group",
        "question",
        "level",
        "target",
        "gap",
        "weight",
        "weighted_gap",
        "note",
        "evidence",
        "recommendation",
        "reason",
        "owner",
        "horizon",
    )
    rank = property(itemgetter(0))
    text = property(itemgetter(1))
    group = property(itemgetter(2))
    question = property(itemgetter(3))
    level = property(itemgetter(4))
    target = property(itemgetter(5))
    gap = property(itemgetter(6))
    weight = property(itemgetter(7))
    weighted_gap = property(itemgetter(8))
    note = property(itemgetter(9))
    evidence = property(itemgetter(10))
    recommendation = property(itemgetter(11))
    reason = property(itemgetter(12))
    owner = property(itemgetter(13))
    horizon = property(itemgetter(14))


class AnswerLine(_Row):
    """A question and its answer, as the appendix shows it: question, text, weight,
    status, level, level_name, na, target, note, evidence."""

    __slots__ = ()
    _fields = (
        "question",
        "text",
        "weight",
        "status",
        "level",
        "level_name",
        "na",
        "target",
        "note",
        "evidence",
    )
    question = property(itemgetter(0))
    text = property(itemgetter(1))
    weight = property(itemgetter(2))
    status = property(itemgetter(3))
    level = property(itemgetter(4))
    level_name = property(itemgetter(5))
    na = property(itemgetter(6))
    target = property(itemgetter(7))
    note = property(itemgetter(8))
    evidence = property(itemgetter(9))


class Rows:
    """The report's lists, each built when a template first uses it (Markdown uses none)."""

    def __init__(
        self, report: Report, group_titles: dict[str, str], reasons: dict[str, str]
    ) -> None:
        self._report = report
        self._group_titles = group_titles
        self._reasons = reasons  # each priority's reason in words (render.plain)

    @cached_property
    def priorities(self) -> list[PriorityRow]:
        """Every gap, in rank order."""
        titles = self._group_titles
        return [
            PriorityRow(
                (
                    p.rank,
                    p.text,
                    titles[p.group],
                    p.question,
                    p.level,
                    p.target,
                    p.gap,
                    p.weight,
                    p.weighted_gap,
                    p.note,
                    p.evidence,
                    p.recommendation,
                    self._reasons[p.question],
                    p.owner,
                    p.horizon,
                )
            )
            for p in self._report.priorities
        ]

    @cached_property
    def answers(self) -> list[AnswerLine]:
        """Every question with its answer, in questionnaire order."""
        return [
            AnswerLine(
                (
                    a.question,
                    a.text,
                    a.weight,
                    a.status,
                    a.level,
                    a.level_name,
                    a.na,
                    a.target,
                    a.note,
                    a.evidence,
                )
            )
            for a in self._report.answers
        ]
