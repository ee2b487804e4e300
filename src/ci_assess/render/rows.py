"""The HTML report's long lists as plain tuples, for the templates to draw.

A report repeats two row layouts dozens of times (every gap, every answer). A
template reads ``item.rank`` through ``Environment.getattr``, a Python call for each
field of each row (some 900 per report); it unpacks a tuple in the ``for`` itself at
no cost (``{% for rank, text, ... in rows.priorities %}``). So the rows are built
here, once per report, as named tuples: unpacked by the bundled templates, and still
readable by name (``row.rank``) in a firm's own. No markup here: the templates in
``report_templates/_rows.html.j2`` draw and escape every value.
"""

from __future__ import annotations

from functools import cached_property
from typing import NamedTuple

from ci_assess.core.models.report import Report, Status


class PriorityRow(NamedTuple):
    """A gap, as the appendix lists it (the group by its title, the reason in words)."""

    rank: int
    text: str
    group: str
    question: str
    level: int | float  # a mean of several respondents need not be a whole level
    target: int
    gap: int | float
    weight: int
    weighted_gap: int | float
    note: str | None
    evidence: str | None
    recommendation: str
    reason: str
    owner: str | None
    horizon: str | None


class AnswerLine(NamedTuple):
    """A question and its answer, as the appendix shows it."""

    question: str
    text: str
    weight: int
    status: Status
    level: int | float | None
    level_name: str | None
    na: str | None
    target: int | None
    note: str | None
    evidence: str | None


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
            for p in self._report.priorities
        ]

    @cached_property
    def answers(self) -> list[AnswerLine]:
        """Every question with its answer, in questionnaire order."""
        return [
            AnswerLine(
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
            for a in self._report.answers
        ]
