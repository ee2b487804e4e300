"""The report's parts that compare it with other assessments: progress and benchmark.

``progress`` compares an assessment with an earlier one of the same company (a file,
a folder of respondents, or a stored assessment); ``benchmark`` ranks its scores among
the latest stored assessment of every other company. Both are null on a report that
was not asked for them. The JSON keys are a contract (docs/history.md): ``from`` is a
Python keyword, so the field is ``from_`` and serialised by its alias.

Only the classes every report's modules import are made here (an outcome indicator's
change, which ``core.outcomes`` names, and the bases): the rest live in
``core.models.compared``, imported when one of them is first asked for from this
module, so that a report with neither section makes none of them (some 2.5 M
instructions a class).
"""

from typing import TYPE_CHECKING, Any

from pydantic import ConfigDict, Field

from ci_assess.core.models.base import FrozenModel
from ci_assess.core.models.outcome_report import Direction

if TYPE_CHECKING:
    from ci_assess.core.models.compared import (
        Baseline,
        Benchmark,
        Change,
        ComparedOn,
        Figure,
        PatternChange,
        Progress,
        QuestionChange,
        Segment,
        SubjectChange,
        SubjectFigure,
    )

__all__ = [
    "Baseline",
    "Benchmark",
    "Change",
    "ComparedOn",
    "Figure",
    "OutcomeChange",
    "PatternChange",
    "Progress",
    "QuestionChange",
    "ReportModel",
    "Segment",
    "SubjectChange",
    "SubjectFigure",
]

# What __getattr__ imports from core.models.compared.
_COMPARED = frozenset(__all__) - {"OutcomeChange", "ReportModel"}


class ReportModel(FrozenModel):
    """As ``report.ReportModel`` (which imports this module): every key written."""

    model_config = ConfigDict(json_schema_serialization_defaults_required=True)


class _Aliased(ReportModel):
    model_config = ConfigDict(
        json_schema_serialization_defaults_required=True,
        serialize_by_alias=True,
        validate_by_name=True,
    )


class OutcomeChange(_Aliased):
    """An outcome indicator measured today on both sides: the baseline's then, this one's now."""

    id: str
    """The KPI's id (catalogue, or custom.<name>)."""
    from_: float = Field(alias="from")
    """The baseline assessment's `today` value, rounded as shown."""
    to: float
    """This assessment's `today` value, rounded as shown."""
    delta: float
    """to - from, on the values as shown."""
    direction: Direction
    """improved or worse by the KPI's `better`; unchanged when the delta is 0."""
    within_margin_of_error: bool | None
    """Both sides NPS from counts: whether |delta| is under 1.96 x sqrt(SE1^2 + SE2^2), so the
    change may be noise; null otherwise."""


def __getattr__(name: str) -> Any:
    """The classes of ``core.models.compared``, imported on first use (PEP 562)."""
    if name in _COMPARED:
        from ci_assess.core.models import compared

        return getattr(compared, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
