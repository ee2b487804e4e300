"""Quality gates (``--fail-under``): pure checks of a report's displayed scores."""

from __future__ import annotations

import difflib
from typing import NamedTuple

from ci_assess.core.models.report import GateResult, Report
from ci_assess.errors import CiAssessError

OVERALL = "overall"


class GateSpecError(CiAssessError):
    """A ``--fail-under`` option that cannot be understood (exit code 2)."""


# A named tuple, not a frozen dataclass: as immutable, equal by value and hashable, but
# without methods compiled from generated source at import (every report imports this).
class Gate(NamedTuple):
    """``subject`` must score at least ``threshold``."""

    subject: str
    threshold: float


def parse_gate(spec: str) -> Gate:
    """``60`` gates the overall score; ``direction=60`` a group or discipline."""
    subject, _, value = spec.rpartition("=")
    subject = subject.strip() or OVERALL
    try:
        threshold = float(value)
    except ValueError:
        raise GateSpecError(
            f"--fail-under {spec!r}: expected a number, or ID=NUMBER (e.g. direction=60)"
        ) from None
    if not 0 <= threshold <= 100:
        raise GateSpecError(f"--fail-under {spec!r}: scores run from 0 to 100")
    return Gate(subject, threshold)


def scores_by_subject(report: Report) -> dict[str, float | None]:
    """Every gateable score exactly as the report displays it."""
    scores: dict[str, float | None] = {OVERALL: report.overall.score}
    scores.update((g.id, g.score) for g in [*report.process_groups, *report.other_groups])
    scores.update((d.id, d.score) for d in report.disciplines)
    return scores


def apply_gates(report: Report, gates: list[Gate]) -> Report:
    """Return the report with its gate outcomes; an unknown subject is a usage error.

    The comparison uses the rounded score the report shows, so a displayed 59.9 fails
    a gate of 60 and a displayed 60.0 passes it. A score that could not be computed
    (nothing answered) fails: a gate must never pass on missing evidence.
    """
    if not gates:
        return report
    scores = scores_by_subject(report)
    results = []
    for gate in gates:
        if gate.subject not in scores:
            close = difflib.get_close_matches(gate.subject, list(scores), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else f"; use one of {sorted(scores)}"
            raise GateSpecError(f"--fail-under: unknown group or discipline {gate.subject!r}{hint}")
        value = scores[gate.subject]
        passed = value is not None and value >= gate.threshold
        results.append(
            GateResult(subject=gate.subject, threshold=gate.threshold, score=value, passed=passed)
        )
    return report.model_copy(update={"gates": tuple(results)})


def failed(report: Report) -> list[GateResult]:
    """The gates this report did not meet."""
    return [g for g in report.gates or [] if not g.passed]
