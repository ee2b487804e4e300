"""`ci-assess report --combine` through the real command line: folders, the example
company, bad inputs (exit 2 naming the files), batches, gates and --strict."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from ci_assess.app.combine import CombineOptions, combine_loaded
from ci_assess.cli import app
from ci_assess.files.loading import load_answers
from tests.conftest import ROOT, VALID

COMPANY = ROOT / "examples" / "clients" / "northwind" / "2026-11"


def run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def copy_company(tmp_path: Path) -> Path:
    folder = tmp_path / "clients" / "northwind" / "2026-11"
    shutil.copytree(COMPANY, folder)
    return folder


def edit(path: Path, **changes: object) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.update(changes)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def test_a_folder_combines_into_one_json_report(runner: CliRunner) -> None:
    code, out, err = run(runner, "report", str(COMPANY), "--combine", "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["company"] == "Northwind Traders"
    assert data["respondent"] is None
    assert len(data["respondents"]) == 6
    assert data["assessed_on"] == "2026-11-24"
    assert data["assessed_range"] == {"first": "2026-11-17", "last": "2026-11-24"}
    assert data["senior_role"] == "CEO"
    direction = next(g for g in data["perception_gaps"] if g["group"] == "direction")
    assert direction["blind_spot"] is True and direction["flagged"] is True
    assert data["follow_up"] and len(data["follow_up"]) <= 11


def test_files_given_one_by_one_equal_the_folder(runner: CliRunner) -> None:
    files = sorted(str(p) for p in COMPANY.glob("*.yaml"))
    _, by_files, _ = run(runner, "report", *reversed(files), "--combine", "-f", "json")
    _, by_folder, _ = run(runner, "report", str(COMPANY), "--combine", "-f", "json")
    assert by_files == by_folder


def test_anonymous_json_names_nobody(runner: CliRunner) -> None:
    code, out, err = run(runner, "report", str(COMPANY), "--combine", "--anonymous", "-f", "json")
    assert code == 0, err
    for name in ("Marcus Lindqvist", "Dana Whitfield", "Tom Berger", "Priya Nair", "ceo.yaml"):
        assert name not in out
    data = json.loads(out)
    assert [r["name"] for r in data["respondents"]] == [f"Respondent {n}" for n in range(1, 7)]
    assert data["anonymous"] is True


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_anonymous_reports_name_nobody_in_any_format(runner: CliRunner, fmt: str) -> None:
    code, out, err = run(runner, "report", str(COMPANY), "--combine", "--anonymous", "-f", fmt)
    assert code == 0, err
    for name in ("Marcus Lindqvist", "Dana Whitfield", "Tom Berger", "Priya Nair", "ceo.yaml"):
        assert name not in out
    assert "Respondent 6" in out
    named = run(runner, "report", str(COMPANY), "--combine", "-f", fmt)[1]
    assert "Marcus Lindqvist" in named  # the names are there to hide


def test_without_combine_a_folder_gives_one_report_per_file(
    runner: CliRunner, tmp_path: Path
) -> None:
    code, _, err = run(runner, "report", str(COMPANY), "--out-dir", str(tmp_path / "out"))
    assert code == 0, err
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(
        p.with_suffix(".md").name for p in COMPANY.glob("*.yaml")
    )


def test_a_folder_skips_hidden_temporary_subfolders_and_questionnaires(
    runner: CliRunner, tmp_path: Path
) -> None:
    folder = copy_company(tmp_path)
    (folder / ".ceo.yaml.lock").write_text("")
    (folder / ".ceo.yaml.a1b2.tmp").write_text("broken")
    (folder / "old.yaml.tmp").write_text("broken")
    (folder / "notes.txt").write_text("not yaml")
    (folder / "nested").mkdir()
    shutil.copy(COMPANY / "ceo.yaml", folder / "nested" / "other.yaml")
    shutil.copy(ROOT / "questionnaires" / "customer-intimacy.yaml", folder / "my-questions.yml")
    code, out, err = run(runner, "report", str(folder), "--combine", "-f", "json")
    assert code == 0, err
    assert "skipped:" in err and "my-questions.yml (a questionnaire" in err
    assert len(json.loads(out)["respondents"]) == 6


def test_an_empty_folder_is_an_input_error(runner: CliRunner, tmp_path: Path) -> None:
    code, _, err = run(runner, "report", str(tmp_path), "--combine")
    assert code == 2
    assert "holds no answers file" in err


# --- bad inputs: exit 2, naming the files --------------------------------------------------


def test_mixed_companies(runner: CliRunner, tmp_path: Path) -> None:
    folder = copy_company(tmp_path)
    edit(folder / "hr.yaml", company="Southwind Traders")
    code, _, err = run(runner, "report", str(folder), "--combine")
    assert code == 2
    assert "hr.yaml" in err and "Southwind Traders" in err and "Northwind Traders" in err


def test_company_names_match_after_normalising(runner: CliRunner, tmp_path: Path) -> None:
    folder = copy_company(tmp_path)
    edit(folder / "hr.yaml", company="  NORTHWIND   traders ")
    code, out, err = run(runner, "report", str(folder), "--combine", "-f", "json")
    assert code == 0, err
    assert json.loads(out)["company"] == "Northwind Traders"  # as first written


def test_mixed_questionnaire_versions(runner: CliRunner, tmp_path: Path) -> None:
    folder = copy_company(tmp_path)
    old = yaml.safe_load((VALID / "northwind-v1.yaml").read_text(encoding="utf-8"))
    old.update(company="Northwind Traders", respondent={"role": "CFO"})
    (folder / "cfo.yaml").write_text(yaml.safe_dump(old), encoding="utf-8")
    code, _, err = run(runner, "report", str(folder), "--combine")
    assert code == 2
    assert "different questionnaires" in err
    assert "customer-intimacy 1.0.0" in err and "customer-intimacy 2.0.0" in err
    assert "cfo.yaml" in err


def test_conflicting_company_facts(runner: CliRunner, tmp_path: Path) -> None:
    folder = copy_company(tmp_path)
    edit(folder / "ceo.yaml", targets={"direction": 80})
    edit(folder / "hr.yaml", targets={"direction": 60})
    code, _, err = run(runner, "report", str(folder), "--combine")
    assert code == 2
    assert "targets.direction" in err and "ceo.yaml" in err and "hr.yaml" in err
    assert ":" in err.split("targets.direction")[0]  # file:line before the message


def test_a_role_is_required(runner: CliRunner, tmp_path: Path) -> None:
    folder = copy_company(tmp_path)
    edit(folder / "service-1.yaml", respondent={"name": "Tom Berger"})
    code, _, err = run(runner, "report", str(folder), "--combine")
    assert code == 2
    assert "service-1.yaml" in err and "respondent.role is required" in err


def test_interviews_more_than_sixty_days_apart(runner: CliRunner, tmp_path: Path) -> None:
    folder = copy_company(tmp_path)
    edit(folder / "hr.yaml", assessed_on="2027-02-01")
    code, _, err = run(runner, "report", str(folder), "--combine")
    assert code == 2
    assert "looks like two assessments" in err and "hr.yaml" in err and "ceo.yaml" in err


def test_target_disagreement_needs_target(runner: CliRunner, tmp_path: Path) -> None:
    folder = copy_company(tmp_path)
    edit(folder / "ceo.yaml", target_discipline="pl")
    code, _, err = run(runner, "report", str(folder), "--combine")
    assert code == 2 and "--target" in err and "product_leadership" in err
    code, out, err = run(runner, "report", str(folder), "--combine", "--target", "ci", "-f", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["placement"]["intended"] == "customer_intimacy"
    said = {r["file"].rsplit("/", 1)[-1]: r["target_discipline"] for r in data["respondents"]}
    assert said["ceo.yaml"] == "product_leadership" and said["hr.yaml"] == "customer_intimacy"


def test_combine_options_need_combine(runner: CliRunner) -> None:
    code, _, err = run(runner, "report", str(COMPANY / "ceo.yaml"), "--anonymous")
    assert code == 2 and "--combine" in err


def test_several_inputs_need_no_out_dir_when_combined(runner: CliRunner) -> None:
    files = [str(COMPANY / "ceo.yaml"), str(COMPANY / "hr.yaml")]
    code, out, err = run(runner, "report", *files, "--combine")
    assert code == 0, err
    assert out.startswith("# Customer-intimacy gap report: Northwind Traders")
    code, _, err = run(runner, "report", *files)
    assert code == 2 and "--out-dir" in err


# --- batches, gates, --strict --------------------------------------------------------------


def test_out_dir_makes_one_report_per_folder(runner: CliRunner, tmp_path: Path) -> None:
    first = copy_company(tmp_path)
    second = tmp_path / "clients" / "zeta" / "2026-12"
    shutil.copytree(COMPANY, second)
    for path in second.glob("*.yaml"):
        edit(path, company="Zeta Foods")
    out = tmp_path / "reports"
    inputs = [*sorted(map(str, first.glob("*.yaml"))), str(second)]
    code, _, err = run(runner, "report", *inputs, "--combine", "--out-dir", str(out), "-f", "html")
    assert code == 0, err
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*.html")) == [
        "northwind/2026-11.html",
        "zeta/2026-12.html",
    ]
    assert "Zeta Foods" in (out / "zeta" / "2026-12.html").read_text(encoding="utf-8")


def test_one_folder_is_named_after_company_and_month(runner: CliRunner, tmp_path: Path) -> None:
    folder = copy_company(tmp_path)
    out = tmp_path / "reports"
    code, _, err = run(runner, "report", str(folder), "--combine", "-d", str(out))
    assert code == 0, err
    assert [str(p.relative_to(out)) for p in out.rglob("*.md")] == ["northwind/2026-11.md"]


def test_fail_under_gates_the_combined_score(runner: CliRunner) -> None:
    # combined overall maturity of the example is under 50 (the CEO alone is far above)
    code, out, err = run(
        runner, "report", str(COMPANY), "--combine", "-f", "json", "--fail-under", "50"
    )
    data = json.loads(out)
    assert data["overall"]["score"] < 50
    assert code == 1 and "overall" in err
    code, _, _ = run(runner, "report", str(COMPANY / "ceo.yaml"), "--fail-under", "50")
    assert code == 0


def test_strict_fails_only_on_what_nobody_answered(runner: CliRunner, tmp_path: Path) -> None:
    # the Head of Sales left two questions open; the CEO answered both
    files = [str(COMPANY / "head-of-sales.yaml"), str(COMPANY / "ceo.yaml")]
    code, _, err = run(runner, "report", *files, "--combine", "--strict")
    assert code == 0, err
    code, _, err = run(runner, "report", str(COMPANY / "head-of-sales.yaml"), "--strict")
    assert code == 2
    folder = tmp_path / "two"
    folder.mkdir()
    shutil.copy(COMPANY / "head-of-sales.yaml", folder)
    shutil.copy(COMPANY / "hr.yaml", folder)  # HR leaves the position blocks open
    code, _, err = run(runner, "report", str(folder), "--combine", "--strict")
    assert code == 2 and "nobody answered" in err and "speed_to_market" in err


def test_exit_codes_in_a_real_process(tmp_path: Path) -> None:
    folder = copy_company(tmp_path)
    edit(folder / "hr.yaml", company="Other")
    done = subprocess.run(
        [sys.executable, "-m", "ci_assess", "report", str(folder), "--combine"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert "Traceback" not in done.stderr and "hr.yaml" in done.stderr


# --- the use case without the command line ------------------------------------------------


def test_combine_loaded_without_the_cli() -> None:
    loaded = [load_answers(str(p)) for p in sorted(COMPANY.glob("*.yaml"))]
    result = combine_loaded(loaded, CombineOptions(anonymous=True))
    assert result.report.anonymous is True
    assert len(result.combined.voices) == 6
    assert result.combined.input.respondent is None
    with pytest.raises(Exception, match="nothing to combine"):
        combine_loaded([])
