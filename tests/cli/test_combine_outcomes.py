"""Outcomes and key accounts in a combined report (`report --combine`), through the
real command line: facts taken from the file that gives them, conflicting facts
exit 2 naming both files and lines, element levels combined as exact means, and the
company-level comparison made against the combined answers. Expected values are
worked out by hand from examples/northwind-outcomes.yaml."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
from typer.testing import CliRunner

from ci_assess.cli import app
from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "northwind-outcomes.yaml"
CONTOSO_ELEMENTS = (
    "elements: {selection: 3, planning: 2, execution: 2, manager_selection: 3, "
    "organisation: 2, measurement: 1, coaching: 1}"
)


def _text() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


def _outcomes_block(text: str) -> str:
    return re.search(r"^outcomes:\n(?:  .*\n)+", text, re.M).group(0)  # type: ignore[union-attr]


def files(tmp_path: Path, ceo: str) -> tuple[Path, Path]:
    """The Head of Sales' file (with customers.csv beside it) and a CEO's file in
    another folder, which gives no customers file (its path is relative to its file)."""
    (tmp_path / "sales").mkdir()
    (tmp_path / "ceo").mkdir()
    sales = tmp_path / "sales" / "sales.yaml"
    shutil.copy(EXAMPLE, sales)
    shutil.copy(ROOT / "examples" / "customers.csv", tmp_path / "sales" / "customers.csv")
    path = tmp_path / "ceo" / "ceo.yaml"
    path.write_text(ceo, encoding="utf-8")
    return sales, path


def ceo_text(text: str | None = None) -> str:
    text = text if text is not None else _text()
    text = text.replace(
        "respondent: {name: Dana Whitfield, role: Head of Sales}",
        "respondent: {name: Avery Stone, role: CEO}",
    )
    return text.replace("customers: customers.csv\n", "")


def report(runner: CliRunner, *paths: Path) -> dict[str, Any]:
    """The JSON report of ``paths``: combined when several, else the single file's."""
    combine = ["--combine"] if len(paths) > 1 else []
    result = runner.invoke(
        app, ["report", *map(str, paths), *combine, "--format", "json", "-o", "-"]
    )
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_combined_report_carries_outcomes_key_accounts_and_currency(
    runner: CliRunner, tmp_path: Path
) -> None:
    single = report(runner, EXAMPLE)
    sales, ceo = files(tmp_path, ceo_text())
    combined = report(runner, sales, ceo)
    assert combined["currency"] == "EUR"
    assert combined["outcomes"] == single["outcomes"]
    assert combined["outcomes"], "the example has outcomes"
    ka = combined["key_accounts"]
    assert ka is not None
    # the concentration comes from the customers file beside sales.yaml
    assert ka["concentration"] == single["key_accounts"]["concentration"]
    assert ka["concentration"] is not None
    # both files agree: the same accounts, shares and scores as one file
    assert ka["accounts"] == single["key_accounts"]["accounts"]


def test_outcomes_given_in_one_file_only_are_used(runner: CliRunner, tmp_path: Path) -> None:
    single = report(runner, EXAMPLE)
    text = ceo_text()
    sales, ceo = files(tmp_path, ceo_text(text.replace(_outcomes_block(text), "")))
    combined = report(runner, ceo, sales)
    assert combined["outcomes"] == single["outcomes"]


def test_element_levels_are_combined_as_exact_means(runner: CliRunner, tmp_path: Path) -> None:
    text = ceo_text()
    # The CEO rates Contoso lower on selection (0) and higher on planning (3), and the
    # company-level key_accounts.selection question 0 where sales says 2.
    text = text.replace(
        CONTOSO_ELEMENTS,
        CONTOSO_ELEMENTS.replace("selection: 3, planning: 2", "selection: 0, planning: 3"),
    )
    assert "  key_accounts.selection: 2\n" in text
    text = text.replace("  key_accounts.selection: 2\n", "  key_accounts.selection: 0\n")
    sales, ceo = files(tmp_path, text)
    ka = report(runner, sales, ceo)["key_accounts"]
    contoso = ka["accounts"][0]
    assert contoso["name"] == "Contoso Foods"
    assert contoso["elements"]["selection"] == 1.5  # (3 + 0) / 2
    assert contoso["elements"]["planning"] == 2.5  # (2 + 3) / 2
    assert contoso["elements"]["execution"] == 2
    # (1.5 + 2.5 + 2 + 3 + 2 + 1 + 1) / 7 levels on 0-4: 100 x 13 / 28 = 46.43 -> 46.4
    assert contoso["score"] == 46.4
    selection = next(e for e in ka["elements"] if e["id"] == "selection")
    # accounts' selection: 1.5, 2, 3, 2, 2 -> 10.5 / 5 = 2.1; company-level: (2 + 0) / 2 = 1
    assert selection["mean"] == 2.1
    assert selection["company_level"] == 1
    assert selection["differs"] is True  # 1.1 levels apart
    published = json.loads((ROOT / "schemas" / "report.schema.json").read_text())
    jsonschema.validate(report(runner, sales, ceo), published)  # means are numbers there
    single = report(runner, EXAMPLE)["key_accounts"]
    single_selection = next(e for e in single["elements"] if e["id"] == "selection")
    assert (single_selection["mean"], single_selection["differs"]) == (2.4, False)


def test_the_report_notes_where_the_combined_answer_and_the_accounts_differ(
    runner: CliRunner, tmp_path: Path
) -> None:
    text = ceo_text().replace("  key_accounts.selection: 2\n", "  key_accounts.selection: 0\n")
    sales, ceo = files(tmp_path, text)
    result = runner.invoke(
        app, ["report", str(sales), str(ceo), "--combine", "--format", "md", "-o", "-"]
    )
    assert result.exit_code == 0, result.stderr
    assert "the company-level answer 1" in result.stdout


def _exit_2(tmp_path: Path, ceo: Path, sales: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "ci_assess", "report", str(sales), str(ceo), "--combine"],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    return done.stderr


def _line(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if needle in line)


def test_key_account_tiers_that_differ_exit_2_naming_both_files_and_lines(
    tmp_path: Path,
) -> None:
    text = ceo_text()
    text = text.replace(
        "    revenue: 4200000\n    tier: 3\n", "    revenue: 4200000\n    tier: 2\n"
    )
    sales, ceo = files(tmp_path, text)
    err = _exit_2(tmp_path, ceo, sales)
    assert "key_accounts[Contoso Foods].tier" in err
    ceo_line = _line(ceo, "tier: 2")
    sales_line = _line(sales, "tier: 3")
    assert f"{ceo}:{ceo_line}" in err or f"{sales}:{sales_line}" in err
    assert f"{ceo}" in err and f"{sales}" in err
    assert f":{ceo_line}" in err and f":{sales_line}" in err


def test_outcomes_that_differ_exit_2(tmp_path: Path) -> None:
    text = ceo_text().replace(
        "today: {value: 86, on: 2026-06-30}, target: 90",
        "today: {value: 87, on: 2026-06-30}, target: 90",
    )
    sales, ceo = files(tmp_path, text)
    err = _exit_2(tmp_path, ceo, sales)
    assert "outcomes.customer_retention" in err
    assert str(ceo) in err and str(sales) in err


def test_customers_files_compare_by_what_each_path_reads(runner: CliRunner, tmp_path: Path) -> None:
    # The same name in two folders, two different files: a conflict naming both.
    text = _text().replace(
        "respondent: {name: Dana Whitfield, role: Head of Sales}",
        "respondent: {name: Avery Stone, role: CEO}",
    )
    sales, ceo = files(tmp_path, text)
    csv = (ROOT / "examples" / "customers.csv").read_text(encoding="utf-8")
    (tmp_path / "ceo" / "customers.csv").write_text(
        csv.rstrip("\n") + "\nZeta Newcomer,1000\n", encoding="utf-8"
    )
    err = _exit_2(tmp_path, ceo, sales)
    assert "customers: 'customers.csv' lists other customers" in err
    assert str(ceo) in err and str(sales) in err
    # Two paths to one file, each relative to the file naming it: they agree.
    (tmp_path / "ceo" / "customers.csv").unlink()
    ceo.write_text(text.replace("customers: customers.csv", "customers: ../sales/customers.csv"))
    combined = report(runner, sales, ceo)
    assert combined["key_accounts"]["concentration"] is not None
