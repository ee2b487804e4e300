"""``interview --section outcomes|key-accounts``, driven through the Prompt interface.

Replies are scripted (``Script`` from test_interview.py); every confirmed reply is
on disk at once, and a normal interview keeps the outcomes and key accounts a file holds.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from ci_assess.app.assess import assess
from ci_assess.cli import app
from ci_assess.files.loading import load_answers
from ci_assess.interview.session import InterviewOptions, Outcome, Result, run_interview
from tests.conftest import ROOT
from tests.interview.test_interview import TODAY, Reply, Script

EXAMPLES = ROOT / "examples"
SKIP_KPI = ["", "", ""]  # baseline value, today value, target: all skipped


def run(output: Path, replies: Sequence[Reply], section: str) -> tuple[Result, Script]:
    script = Script(replies)
    options = InterviewOptions(output=output, today=TODAY, section=section)
    return run_interview(options, script), script


def northwind(tmp_path: Path, name: str = "northwind.yaml") -> Path:
    out = tmp_path / name
    shutil.copy(EXAMPLES / name, out)
    shutil.copy(EXAMPLES / "customers.csv", tmp_path / "customers.csv")
    return out


def saved(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


OUTCOME_REPLIES: list[Reply] = [
    *["82", "2025-06-30", "86", "2026-06-30", "90"],  # customer_retention
    *SKIP_KPI * 4,  # satisfaction, feedback, people satisfaction, market share
    # customer lifetime value: no baseline; today from its inputs (80 refused: a fraction)
    *["", "i", "1200", "80", "0.8", "0.1", "2026-06-30", ""],
    *SKIP_KPI * 5,  # growth, win rate, advice, partnership, referrals
    # nps: counts for the baseline; a value today dated before it, refused, then right
    *["c", "120", "60", "70", "2025-06-30", "v", "31", "2025-01-01", "2026-06-30", ""],
    # a custom KPI, then done
    *["onboarding_days", "Days to onboard a key account", "days", "lower"],
    *["40", "", "28", "", "30", ""],
]


def test_outcomes_section_fills_the_contract_example(tmp_path: Path) -> None:
    out = northwind(tmp_path)
    result, script = run(out, OUTCOME_REPLIES, "outcomes")
    assert result.outcome is Outcome.FINISHED
    assert script.notices("warning") == [
        "retention is a fraction: write 0.8 for 80 %",
        "today is dated 2025-01-01, before its baseline (2025-06-30)",
    ]
    outcomes = saved(out)["outcomes"]
    assert outcomes == {
        "customer_retention": {
            "baseline": {"value": 82, "on": dt.date(2025, 6, 30)},
            "today": {"value": 86, "on": dt.date(2026, 6, 30)},
            "target": 90,
        },
        "customer_lifetime_value": {
            "today": {
                "margin": 1200,
                "retention": 0.8,
                "discount": 0.1,
                "on": dt.date(2026, 6, 30),
            }
        },
        "nps": {
            "baseline": {
                "promoters": 120,
                "passives": 60,
                "detractors": 70,
                "on": dt.date(2025, 6, 30),
            },
            "today": {"value": 31, "on": dt.date(2026, 6, 30)},
        },
        "custom.onboarding_days": {
            "title": "Days to onboard a key account",
            "unit": "days",
            "better": "lower",
            "baseline": {"value": 40},
            "today": {"value": 28},
            "target": 30,
        },
    }
    load_answers(str(out))  # a valid answers file
    # The answers themselves are untouched.
    assert saved(out)["answers"] == saved(EXAMPLES / "northwind.yaml")["answers"]


def test_every_confirmed_reply_is_saved_at_once(tmp_path: Path) -> None:
    out = northwind(tmp_path)
    seen: list[Any] = []

    def on_ask(text: str) -> None:
        seen.append((text, saved(out).get("outcomes")))

    script = Script(["82", "2025-06-30", "86"], on_ask=on_ask)
    result = run_interview(InterviewOptions(output=out, today=TODAY, section="outcomes"), script)
    assert result.outcome is Outcome.ENDED  # input ended after three replies
    assert seen[1] == (
        "baseline date (YYYY-MM-DD)",
        {"customer_retention": {"baseline": {"value": 82}}},
    )
    assert saved(out)["outcomes"]["customer_retention"]["today"] == {"value": 86}


def test_q_saves_and_stops(tmp_path: Path) -> None:
    out = northwind(tmp_path)
    result, _ = run(out, ["82", "q"], "outcomes")
    assert result.outcome is Outcome.PAUSED
    assert saved(out)["outcomes"] == {"customer_retention": {"baseline": {"value": 82}}}


def test_out_of_range_and_non_numbers_are_asked_again(tmp_path: Path) -> None:
    out = northwind(tmp_path)
    _, script = run(out, ["186", "86,5", "86.5", "", "q"], "outcomes")
    assert script.notices("warning") == [
        "186 is out of range: give 0 to 100",
        "not a number: '86,5'; write e.g. 86 or 0.8 (a dot for decimals)",
    ]
    assert saved(out)["outcomes"]["customer_retention"]["baseline"] == {"value": 86.5}


ELEMENTS_CONTOSO = ["3", "2", "2", "3", "2", "1", "1"]


def test_key_accounts_added_edited_and_removed_by_name(tmp_path: Path) -> None:
    out = northwind(tmp_path)
    replies: list[Reply] = [
        "EUR",
        *["a", "Contoso Foods", "4200000", "3", *ELEMENTS_CONTOSO, "CFO", "2025-01-10"],
        *["a", "contoso foods", "Fabrikam", "2600000", "5", "4"],  # a name taken; tier 5
        *["2", "2", "1", "2", "2", "1", "0", "", ""],
        "e nobody",
        *["e FABRIKAM", "", "", "", "", "9", "", "", "", "", "", "COO", "-"],
        *["r Contoso Foods", "y"],
        "",
    ]
    result, script = run(out, replies, "key-accounts")
    assert result.outcome is Outcome.FINISHED
    assert script.notices("warning") == [
        "'contoso foods' is already a key account: e contoso foods edits it",
        "type the tier: 4, 3, 2 or 1",
        "no key account named 'nobody'; the accounts: Contoso Foods, Fabrikam",
        "type a level 0-4",
    ]
    data = saved(out)
    assert data["currency"] == "EUR"
    assert data["key_accounts"] == [
        {
            "name": "Fabrikam",
            "revenue": 2600000,
            "tier": 4,
            "elements": {
                "selection": 2,
                "planning": 2,
                "execution": 1,
                "manager_selection": 2,
                "organisation": 2,
                "measurement": 1,
                "coaching": 0,
            },
            "sponsor": "COO",
        }
    ]
    report = assess(str(out))
    assert report.key_accounts is not None
    assert report.key_accounts.accounts[0].flags == ("review_overdue", "weak_element")


def test_an_account_is_saved_once_its_required_facts_are_in(tmp_path: Path) -> None:
    out = northwind(tmp_path)
    run(out, ["", "a", "Contoso Foods", "4200000", "3", *ELEMENTS_CONTOSO[:6]], "key-accounts")
    assert "key_accounts" not in saved(out)  # six of seven elements: not a valid account yet
    run(out, ["", "a", "Contoso Foods", "4200000", "3", *ELEMENTS_CONTOSO, "CFO"], "key-accounts")
    assert saved(out)["key_accounts"][0]["sponsor"] == "CFO"  # saved before the review date


def test_accounts_kept_in_a_csv_are_edited_there(tmp_path: Path) -> None:
    out = northwind(tmp_path)
    text = out.read_text(encoding="utf-8").replace(
        "answers:", "key_accounts: accounts.csv\nanswers:", 1
    )
    out.write_text(text, encoding="utf-8")
    (tmp_path / "accounts.csv").write_text(
        "name,revenue,tier,selection,planning,execution,manager_selection,organisation,"
        "measurement,coaching\nContoso Foods,1,3,1,1,1,1,1,1,1\n",
        encoding="utf-8",
    )
    _, script = run(out, [], "key-accounts")
    assert script.notices("warning") == [
        "key_accounts names accounts.csv: edit the accounts in that file"
    ]


def test_a_normal_interview_keeps_outcomes_and_key_accounts(tmp_path: Path) -> None:
    out = northwind(tmp_path, "northwind-outcomes.yaml")
    before = load_answers(str(out))
    run_interview(InterviewOptions(output=out, today=TODAY), Script(["2", "", "", "q"]))
    after = load_answers(str(out))
    assert after.answers.answers != before.answers.answers  # the file was rewritten
    assert after.answers.outcomes == before.answers.outcomes
    assert after.answers.key_accounts == before.answers.key_accounts
    assert after.key_accounts == before.key_accounts
    assert (after.answers.customers, after.answers.currency) == ("customers.csv", "EUR")


@pytest.mark.parametrize("section", ["bogus", "key_accounts"])
def test_an_unknown_section_is_a_usage_error(tmp_path: Path, section: str) -> None:
    result = CliRunner().invoke(
        app, ["interview", "-o", str(tmp_path / "a.yaml"), "--section", section]
    )
    assert result.exit_code == 2
    assert "unknown section" in result.output
