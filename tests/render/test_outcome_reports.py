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
    start = html.index('<section aria-labelledby="outcomes">')
    end = html.index('<section class="appendix"')
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


def _with_accounts(tmp_path: Path, count: int, name: str = "Account") -> Path:
    """The outcome example with ``count`` key accounts (no customers file)."""
    text = OUTCOMES_EXAMPLE.read_text(encoding="utf-8")
    head, rest = text.split("customers: customers.csv\nkey_accounts:\n", 1)
    answers = rest[rest.index("\nanswers:") :]
    levels = (
        "{selection: 2, planning: 2, execution: 2, manager_selection: 2, organisation: 2, "
        "measurement: 2, coaching: 2}"
    )
    accounts = "".join(
        f"  - {{name: '{name} {n}', revenue: {1000 * (n + 1)}, tier: {1 + n % 4}, "
        f"elements: {levels}, sponsor: CEO, reviewed_on: 2026-01-01}}\n"
        for n in range(count)
    )
    path = tmp_path / "many.yaml"
    path.write_text(head + "key_accounts:\n" + accounts + answers, encoding="utf-8")
    return path


@pytest.mark.parametrize(("count", "in_appendix"), [(10, False), (11, True)])
def test_heatmap_moves_to_the_appendix_beyond_ten_accounts(
    tmp_path: Path, count: int, in_appendix: bool
) -> None:
    report = assess(str(_with_accounts(tmp_path, count)))
    html = renderer_for(Format.html).render(report)
    md = renderer_for(Format.md).render(report)
    heatmap_at = html.index('id="heatmap-title"')
    assert heatmap_at > html.index('id="key-accounts"')
    assert (heatmap_at > html.index('id="appendix"')) is in_appendix
    assert ("## Key-account elements per account" in md.split("# Appendix", 1)[1]) is in_appendix
    assert (
        "The levels of the seven elements per account are in the appendix." in md
    ) is in_appendix
    assert html.count('id="heatmap-title"') == 1  # once, never in both places


def test_account_names_are_escaped(tmp_path: Path) -> None:
    report = assess(str(_with_accounts(tmp_path, 2, name="<script>alert(1)</script> *x*")))
    html = renderer_for(Format.html).render(report)
    md = renderer_for(Format.md).render(report)
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "\\<script>alert(1)\\</script> \\*x\\*" in md


def test_without_assessed_on_the_review_is_said_once_not_checked(tmp_path: Path) -> None:
    text = OUTCOMES_EXAMPLE.read_text(encoding="utf-8").replace("assessed_on: 2026-11-20\n", "")
    path = tmp_path / "undated.yaml"
    path.write_text(text, encoding="utf-8")
    (tmp_path / "customers.csv").write_text(
        (ROOT / "examples" / "customers.csv").read_text(encoding="utf-8"), encoding="utf-8"
    )
    report = assess(str(path))
    assert report.key_accounts is not None and report.key_accounts.review_checked is False
    assert all("review_overdue" not in a.flags for a in report.key_accounts.accounts)
    md = renderer_for(Format.md).render(report)
    assert md.count("The review dates were not checked") == 1


def test_concentration_alone_with_an_empty_key_account_list(tmp_path: Path) -> None:
    """`key_accounts: []` with a customers file: the concentration view without accounts."""
    (tmp_path / "customers.csv").write_text(
        (ROOT / "examples" / "customers.csv").read_text(encoding="utf-8"), encoding="utf-8"
    )
    text = (ROOT / "examples" / "northwind.yaml").read_text(encoding="utf-8")
    path = tmp_path / "alone.yaml"
    path.write_text(
        text.replace("\nanswers:", "\nkey_accounts: []\ncustomers: customers.csv\nanswers:", 1),
        encoding="utf-8",
    )
    report = assess(str(path))
    assert report.key_accounts is not None
    assert report.key_accounts.accounts == () and report.key_accounts.elements == ()
    assert report.key_accounts.concentration is not None
    assert report.key_accounts.concentration.top20_share == 0.7345  # 8.3 of 11.3 million
    assert report.key_accounts.combined_share == 0.0
    html = renderer_for(Format.html).render(report)
    assert 'id="curve-title"' in html and 'id="heatmap-title"' not in html
    md = renderer_for(Format.md).render(report)
    assert "0 key accounts, together 0.00 % of total revenue." in md
