"""Report fields whose model classes are imported on first use (core/models/deferred.py)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from ci_assess.core.models import combined, compared, history, report
from ci_assess.core.models.deferred import Deferred

CHILD = """
import sys
from ci_assess.core.models.report import Report
Report.model_rebuild()  # what the first report builds
print(sorted(m for m in ("ci_assess.core.models.compared", "ci_assess.core.models.combined")
             if m in sys.modules))
"""


def test_the_report_model_makes_no_deferred_class() -> None:
    done = subprocess.run(
        [sys.executable, "-c", CHILD], capture_output=True, text=True, check=False, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["[]"]


@pytest.mark.parametrize(
    "name", ["AgreementRow", "AssessedRange", "Attributed", "FollowUp", "GivenLevel"]
)
def test_the_combined_classes_are_still_found_in_the_report_module(name: str) -> None:
    assert getattr(report, name) is getattr(combined, name)


@pytest.mark.parametrize("name", ["Baseline", "Benchmark", "Progress", "Segment", "Figure"])
def test_the_store_classes_are_still_found_in_the_history_module(name: str) -> None:
    assert getattr(history, name) is getattr(compared, name)


def test_an_unknown_name_is_still_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'Nothing'"):
        report.Nothing  # noqa: B018
    with pytest.raises(AttributeError, match="no attribute 'Nothing'"):
        history.Nothing  # noqa: B018


def test_a_deferred_field_validates_as_its_class() -> None:
    entry = combined.AssessedRange.model_validate({"first": "2026-01-01", "last": "2026-02-01"})
    assert Deferred(combined.__name__, "AssessedRange")._validate(entry, None) is entry  # type: ignore[arg-type]
    made = Deferred(combined.__name__, "AssessedRange")._validate(
        {"first": "2026-01-01", "last": "2026-02-01"},
        None,  # type: ignore[arg-type]
    )
    assert made == entry
    assert repr(Deferred("m", "C")) == "Deferred(m.C)"
