"""Progress compares outcome indicators: each one measured today on both sides.

Two Northwind files through the real command line (``report NEW --baseline OLD``), the
expected figures worked out by hand below, before the tool was run.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from ci_assess.cli import app
from tests.conftest import ROOT

NORTHWIND = ROOT / "examples" / "northwind.yaml"

BASELINE_OUTCOMES = """
currency: EUR
outcomes:
  customer_retention: {today: {value: 82}}
  people_satisfaction: {today: {value: 64}}
  customer_lifetime_value: {today: {value: 2900}}
  win_rate: {baseline: {value: 50}}
  positive_feedback: {today: {value: 40}}
  nps: {today: {promoters: 120, passives: 60, detractors: 70}}
  custom.onboarding_days:
    {title: Days to onboard a key account, unit: days, better: lower, today: {value: 40}}
"""
CURRENT_OUTCOMES = """
currency: EUR
outcomes:
  customer_retention: {baseline: {value: 80}, today: {value: 86}}
  people_satisfaction: {today: {value: 61}}
  customer_lifetime_value: {today: {margin: 1200, retention: 0.8, discount: 0.1}}
  win_rate: {today: {value: 58}}
  positive_feedback: {today: {value: 40}}
  nps: {today: {promoters: 130, passives: 70, detractors: 60}}
  custom.onboarding_days:
    {title: Days to onboard a key account, unit: days, better: lower, today: {value: 28}}
"""

# By hand, in this report's outcome order (the catalogue's, then the custom KPI; the
# catalogue lists positive feedback before people satisfaction):
# - retention 82 -> 86 (the baseline file's today, not this file's own baseline 80).
# - people satisfaction 64 -> 61: -3.0, lower is worse.
# - CLV 2900 -> 1200 x 0.8 / (1 + 0.1 - 0.8) = 3200.00: +300.00.
# - win rate: the baseline file has no today value, so it is not compared.
# - positive feedback 40 -> 40: unchanged.
# - NPS from counts: 100 x (120 - 70) / 250 = 20.0 -> 100 x (130 - 60) / 260 = 26.9;
#   SE 100 sqrt((0.76 - 0.04) / 250) = 5.367 and 100 sqrt((0.7308 - 0.0725) / 260) = 5.032,
#   1.96 x sqrt(5.367^2 + 5.032^2) = 14.4 > 6.9: within the margin of error.
# - onboarding days 40 -> 28: -12.0, lower is better: improved.
EXPECTED = [
    {"id": "customer_retention", "from": 82.0, "to": 86.0, "delta": 4.0,
     "direction": "improved", "within_margin_of_error": None},
    {"id": "positive_feedback", "from": 40.0, "to": 40.0, "delta": 0.0,
     "direction": "unchanged", "within_margin_of_error": None},
    {"id": "people_satisfaction", "from": 64.0, "to": 61.0, "delta": -3.0,
     "direction": "worse", "within_margin_of_error": None},
    {"id": "customer_lifetime_value", "from": 2900.0, "to": 3200.0, "delta": 300.0,
     "direction": "improved", "within_margin_of_error": None},
    {"id": "nps", "from": 20.0, "to": 26.9, "delta": 6.9,
     "direction": "improved", "within_margin_of_error": True},
    {"id": "custom.onboarding_days", "from": 40.0, "to": 28.0, "delta": -12.0,
     "direction": "improved", "within_margin_of_error": None},
]  # fmt: skip


def _files(tmp_path: Path) -> tuple[Path, Path]:
    text = NORTHWIND.read_text(encoding="utf-8")
    old = tmp_path / "2025-06.yaml"
    old.write_text(
        text.replace("assessed_on: 2026-11-20", "assessed_on: 2025-06-12") + BASELINE_OUTCOMES,
        encoding="utf-8",
    )
    new = tmp_path / "2026-11.yaml"
    new.write_text(text + CURRENT_OUTCOMES, encoding="utf-8")
    return old, new


def test_progress_json_has_the_outcome_deltas(tmp_path: Path) -> None:
    old, new = _files(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "ci_assess", "report", str(new), "--baseline", str(old),
         "--format", "json"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    progress = json.loads(done.stdout)["progress"]
    assert progress["outcomes"] == EXPECTED
    assert list(progress)[-1] == "outcomes"  # appended: the earlier keys keep their order


def test_the_report_says_how_the_outcomes_moved(tmp_path: Path) -> None:
    old, new = _files(tmp_path)
    runner = CliRunner()
    md = runner.invoke(app, ["report", str(new), "--baseline", str(old)])
    assert md.exit_code == 0, md.output
    section = md.output.split("## Progress since", 1)[1]
    assert "**Outcomes:**" in section
    for words in (
        "Customer retention 82.0 % → 86.0 %, improved",
        "People satisfaction 64.0 % → 61.0 %, worse",
        "Customer lifetime value EUR 2,900.00 → EUR 3,200.00, improved",
        "Positive, regular feedback 40.0 % → 40.0 %, unchanged",
        "Net promoter score 20.0 → 26.9, improved, within the margin of error",
        "Days to onboard a key account 40.0 days → 28.0 days, improved",
    ):
        assert words in section, words
    assert "Win rate" not in section.split("| Score |", 1)[0]
    summary = md.output.split("## Progress since", 1)[0]
    assert "outcomes: 4 improved, 1 worse, 1 unchanged" in summary
    html = runner.invoke(app, ["report", str(new), "-f", "html", "--baseline", str(old)])
    assert html.exit_code == 0, html.output
    assert "<strong>Outcomes:</strong>" in html.output
    assert "Customer retention 82.0 % → 86.0 %, improved" in html.output
    assert "outcomes: 4 improved, 1 worse, 1 unchanged" in html.output
