"""Outcomes and key accounts against the published schemas, and in the blank template."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import yaml
from typer.testing import CliRunner

from ci_assess.cli import app
from ci_assess.files.loading import load_answers, load_questionnaire
from ci_assess.files.schemas import schema
from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "northwind-outcomes.yaml"


def as_json(value: Any) -> Any:
    """YAML data as an editor's schema check sees it: dates as text, and `on` a key.

    PyYAML (YAML 1.1) reads a bare `on:` key as true; YAML 1.2 tools read "on".
    """
    if isinstance(value, dict):
        return {("on" if k is True else k): as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    return value.isoformat() if isinstance(value, dt.date) else value


def test_example_validates_against_the_answers_schema() -> None:
    data = as_json(yaml.safe_load(EXAMPLE.read_text(encoding="utf-8")))
    jsonschema.Draft202012Validator(schema("answers")).validate(data)
    assert len(data["key_accounts"]) == 5 and "nps" in data["outcomes"]


def test_reports_validate_against_the_report_schema(tmp_path: Path) -> None:
    validator = jsonschema.Draft202012Validator(schema("report"))
    runner = CliRunner()
    result = runner.invoke(app, ["report", str(EXAMPLE), "-f", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    validator.validate(report)
    assert report["schema_version"] == "2.1"
    assert report["key_accounts"]["tiers"] == {"1": 0, "2": 1, "3": 2, "4": 2}
    # Without a customers file: shares from total_revenue, no concentration.
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        "customers: customers.csv", "total_revenue: 20000000"
    )
    other = tmp_path / "total.yaml"
    other.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["report", str(other), "-f", "json"])
    data = json.loads(result.stdout)
    validator.validate(data)
    assert data["key_accounts"]["concentration"] is None
    assert data["key_accounts"]["accounts"][0]["share"] == 0.21  # 4.2 of 20 million


def test_template_lists_every_kpi_and_element_commented(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["template"])
    text = result.stdout
    questionnaire = load_questionnaire("customer-intimacy")
    for kpi in questionnaire.outcomes:
        assert f"  # {kpi.id}: {{baseline: {{value: , on: }}" in text
    assert (
        "# outcomes:" in text and "# key_accounts:" in text and "# customers: customers.csv" in text
    )
    for element in questionnaire.key_account_elements:
        assert f"{element.id}: " in text
    # Uncommented and filled in, the blocks load.
    filled = (
        text.replace('company: ""', "company: Client Co")
        .replace("# outcomes:", "outcomes:")
        .replace(
            "  # nps: {baseline: {value: , on: }", "  nps: {baseline: {value: 12, on: 2026-01-31}"
        )
        .replace("# key_accounts:", "key_accounts:")
        .replace("  # - name: ", "  - name: Contoso")
        .replace("  #   revenue: ", "    revenue: 5")
        .replace("  #   tier: ", "    tier: 2")
        .replace("  #   elements: {selection: ", "    elements: {selection: 1")
        .replace("planning: ,", "planning: 1,")
        .replace("execution: ,", "execution: 1,")
        .replace("manager_selection: ,", "manager_selection: 1,")
        .replace("organisation: ,", "organisation: 1,")
        .replace("measurement: ,", "measurement: 1,")
        .replace("coaching: }", "coaching: 1}")
    )
    path = tmp_path / "filled.yaml"
    path.write_text(filled, encoding="utf-8")
    loaded = load_answers(str(path))
    assert loaded.answers.outcomes["nps"].baseline is not None
    assert loaded.key_accounts is not None and loaded.key_accounts.accounts[0].name == "Contoso"
