"""Golden reports for the example with outcomes and five key accounts, and what they show."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from ci_assess.app.assess import assess
from ci_assess.core.models.report import Report
from ci_assess.render import Format, renderer_for
from tests.conftest import ROOT

GOLDEN = Path(__file__).parents[1] / "golden"
OUTCOMES_EXAMPLE = ROOT / "examples" / "northwind-outcomes.yaml"


@pytest.fixture(scope="module")
def report() -> Report:
    return assess(str(OUTCOMES_EXAMPLE))


@pytest.mark.parametrize("fmt", list(Format))
def test_golden(report: Report, fmt: Format, request: pytest.FixtureRequest) -> None:
    """Refresh with: python -m pytest tests/render/test_outcome_reports.py --update-golden"""
    text = renderer_for(fmt).render(report)
    golden = GOLDEN / f"northwind-outcomes{fmt.extension}"
    if request.config.getoption("--update-golden"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def test_outcomes_and_key_accounts_change_no_score(report: Report) -> None:
    """The same answers without outcomes and key accounts score exactly the same."""
    plain = json.loads(
        renderer_for(Format.json).render(assess(str(ROOT / "examples" / "northwind.yaml")))
    )
    full = json.loads(renderer_for(Format.json).render(report))
    for key in ("outcomes", "key_accounts", "currency"):
        full.pop(key)
        plain.pop(key)
    assert full == plain


def test_html_sections_are_accessible_svg_without_script(report: Report) -> None:
    html = renderer_for(Format.html).render(report)
    start, end = html.index('<section aria-labelledby="outcomes">'), html.index('id="ranked"')
    part = html[start:end]
    assert "<script" not in part
    charts = re.findall(r"<svg [^>]*>", part)
    assert len(charts) == 3  # the value journey, the heatmap, the concentration curve
    for svg in charts:
        assert 'role="img"' in svg and "aria-labelledby" in svg and "aria-describedby" in svg
    # Directions are shapes and words, not colour alone.
    assert "▲</span> improved" in part and "▼</span> worse" in part
    assert "association, not proof" in part
    assert "top 20 % (3 of 12): 73.5 % of revenue" in part


def test_markdown_names_the_margin_of_error_and_the_differences(report: Report) -> None:
    md = renderer_for(Format.md).render(report)
    assert "Net promoter score: the change is within the margin of error" in md
    assert (
        "Account manager selection: the accounts' mean is 2.40, the company-level answer 1." in md
    )
    assert "| 20.0 ± 10.5 (n = 250), 30 Jun 2025 |" in md
