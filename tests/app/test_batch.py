"""Batch runs, quality gates and schemas: what CI pipelines rely on."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from ci_assess.app.assess import assess
from ci_assess.cli import app
from ci_assess.core.gates import Gate, GateSpecError, apply_gates, parse_gate
from ci_assess.files.schemas import MODELS, schema, schema_text
from tests.conftest import EXAMPLE, INVALID, ROOT


@pytest.fixture
def clients(tmp_path: Path) -> Path:
    """clients/<name>/*.yaml with two good files sharing a name and one broken file."""
    root = tmp_path / "clients"
    for name in ("acme", "zeta"):
        (root / name).mkdir(parents=True)
        shutil.copy(EXAMPLE, root / name / "ceo.yaml")
    shutil.copy(INVALID / "level-out-of-range.yaml", root / "zeta" / "broken.yaml")
    return root


def invoke(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_batch_with_a_broken_file(runner: CliRunner, clients: Path, tmp_path: Path) -> None:
    out = tmp_path / "reports"
    files = sorted(str(p) for p in clients.rglob("*.yaml"))
    code, stdout, stderr = invoke(runner, "report", *files, "--out-dir", str(out), "-f", "html")
    assert code == 2
    assert stdout == ""
    assert "broken.yaml:5: answers: operational.complaints: level 7 is outside the scale" in stderr
    written = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert written == ["acme/ceo.html", "zeta/ceo.html"]  # no temporary or partial files
    assert "3 input(s), 2 report(s), 1 error(s)" in stderr


def test_batch_all_good_exit_0_and_summary(
    runner: CliRunner, clients: Path, tmp_path: Path
) -> None:
    (clients / "zeta" / "broken.yaml").unlink()
    files = sorted(str(p) for p in clients.rglob("*.yaml"))
    code, _, stderr = invoke(
        runner, "report", *files, "--out-dir", str(tmp_path / "o"), "-f", "json"
    )
    assert code == 0
    assert "Northwind Traders" in stderr
    assert (tmp_path / "o" / "acme" / "ceo.json").exists()


def test_batch_quiet_hides_the_summary(runner: CliRunner, clients: Path, tmp_path: Path) -> None:
    files = [str(clients / "acme" / "ceo.yaml")]
    code, _, stderr = invoke(runner, "report", *files, "--out-dir", str(tmp_path / "o"), "-q")
    assert code == 0
    assert stderr == ""


def test_batch_verbose_names_written_files(
    runner: CliRunner, clients: Path, tmp_path: Path
) -> None:
    files = [str(clients / "acme" / "ceo.yaml")]
    code, _, stderr = invoke(runner, "report", *files, "--out-dir", str(tmp_path / "o"), "-v")
    assert code == 0
    assert f"wrote {tmp_path / 'o' / 'ceo.md'}" in stderr


def test_batch_from_stdin_and_files(runner: CliRunner, clients: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        ["report", "-", str(clients / "acme" / "ceo.yaml"), "--out-dir", str(tmp_path / "o")],
        input=EXAMPLE.read_text(),
    )
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "o" / "stdin.md").exists()
    assert (tmp_path / "o" / "ceo.md").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["a.yaml", "b.yaml"], "several inputs need --out-dir DIR"),
        (["-", "-", "--out-dir", "o"], "'-' (standard input) can be given only once"),
        (["a.yaml", "-o", "x.md", "--out-dir", "o"], "give --output or --out-dir, not both"),
    ],
)
def test_batch_usage_errors(runner: CliRunner, args: list[str], message: str) -> None:
    code, _, stderr = invoke(runner, "report", *args)
    assert code == 2
    assert message in stderr


def test_a_linked_client_folder_keeps_its_name(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "share" / "acme").mkdir(parents=True)
    shutil.copy(EXAMPLE, tmp_path / "share" / "acme" / "ceo.yaml")
    (tmp_path / "clients" / "zeta").mkdir(parents=True)
    shutil.copy(EXAMPLE, tmp_path / "clients" / "zeta" / "ceo.yaml")
    (tmp_path / "clients" / "acme").symlink_to(Path("..") / "share" / "acme")
    code, _, stderr = invoke(
        runner, "report", "clients/acme/ceo.yaml", "clients/zeta/ceo.yaml", "-d", "out", "-v"
    )
    assert code == 0, stderr
    assert "wrote out/acme/ceo.md" in stderr
    written = sorted(str(p.relative_to("out")) for p in Path("out").rglob("*.md"))
    assert written == ["acme/ceo.md", "zeta/ceo.md"]


@pytest.mark.parametrize(
    "names", [["ceo.yaml", "ceo.yml"], ["ceo.yaml", "./ceo.yaml"], ["ceo.yaml", "ceo.yaml"]]
)
def test_two_inputs_sharing_a_report_is_a_usage_error(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, names: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("ceo.yaml", "ceo.yml"):
        shutil.copy(EXAMPLE, tmp_path / name)
    code, stdout, stderr = invoke(runner, "report", *names, "-d", "out")
    assert code == 2
    assert stdout == ""
    shared = f"'{names[0]}' and '{names[1]}' would both be written to 'out/ceo.md'; "
    assert stderr.startswith(f"error: {shared}")
    assert not (tmp_path / "out").exists()  # refused before anything is written


# --- gates ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "gate"),
    [("60", Gate("overall", 60)), ("direction=55.5", Gate("direction", 55.5)),
     ("overall=0", Gate("overall", 0))],
)  # fmt: skip
def test_parse_gate(spec: str, gate: Gate) -> None:
    assert parse_gate(spec) == gate


@pytest.mark.parametrize("spec", ["abc", "direction=", "=x", "120", "direction=-1"])
def test_parse_gate_rejects(spec: str) -> None:
    with pytest.raises(GateSpecError):
        parse_gate(spec)


def test_gate_compares_the_displayed_value() -> None:
    report = assess(str(EXAMPLE))
    shown = report.overall.score
    assert shown is not None
    exactly = apply_gates(report, [Gate("overall", shown)])
    assert exactly.gates is not None and exactly.gates[0].passed
    above = apply_gates(report, [Gate("overall", shown + 0.1)])
    assert above.gates is not None and not above.gates[0].passed


def test_gate_on_an_unscored_group_fails(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("questionnaire: customer-intimacy\ncompany: X\nanswers: {}\n")
    gated = apply_gates(assess(str(path)), [Gate("support", 0)])
    assert gated.gates is not None and gated.gates[0].passed is False


def test_gate_unknown_subject() -> None:
    with pytest.raises(GateSpecError, match="did you mean 'direction'"):
        apply_gates(assess(str(EXAMPLE)), [Gate("directon", 10)])


@pytest.mark.parametrize(
    ("gates", "code", "listed"),
    [
        (["40"], 0, []),
        (["45"], 1, ["overall 44.2 is under 45"]),
        (["44.2"], 0, []),
        (["evaluation=40", "operational_excellence=80"], 1, ["evaluation 35.0 is under 40"]),
        (["customer_intimacy=60", "support=51"], 1,
         ["customer_intimacy 56.9 is under 60", "support 50.0 is under 51"]),
    ],
)  # fmt: skip
def test_fail_under_exit_codes(
    runner: CliRunner, gates: list[str], code: int, listed: list[str]
) -> None:
    args = ["report", str(EXAMPLE), "-f", "json"]
    for gate in gates:
        args += ["--fail-under", gate]
    exit_code, stdout, stderr = invoke(runner, *args)
    assert exit_code == code
    data = json.loads(stdout)
    assert [g["passed"] for g in data["gates"]].count(False) == len(listed)
    for line in listed:
        assert line in stderr


def test_fail_under_bad_spec_is_usage_error(runner: CliRunner) -> None:
    code, _, stderr = invoke(runner, "report", str(EXAMPLE), "--fail-under", "directon=3")
    assert code == 2
    assert "unknown group or discipline 'directon'" in stderr


def test_input_error_wins_over_gate_failure(
    runner: CliRunner, clients: Path, tmp_path: Path
) -> None:
    files = sorted(str(p) for p in clients.rglob("*.yaml"))
    code, _, stderr = invoke(
        runner, "report", *files, "--out-dir", str(tmp_path / "o"), "--fail-under", "99"
    )
    assert code == 2
    assert "overall 44.2 is under 99" in stderr


def test_no_gates_means_null(runner: CliRunner) -> None:
    _, stdout, _ = invoke(runner, "report", str(EXAMPLE), "-f", "json")
    assert json.loads(stdout)["gates"] is None


# --- schemas ----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(MODELS))
def test_committed_schemas_are_current(kind: str) -> None:
    """Regenerate with: ci-assess schema KIND > schemas/KIND.schema.json"""
    assert (ROOT / "schemas" / f"{kind}.schema.json").read_text() == schema_text(kind)


@pytest.mark.parametrize("kind", list(MODELS))
def test_schema_command(runner: CliRunner, kind: str) -> None:
    code, stdout, _ = invoke(runner, "schema", kind)
    assert code == 0
    jsonschema.Draft202012Validator.check_schema(json.loads(stdout))


def test_schema_unknown(runner: CliRunner) -> None:
    code, _, stderr = invoke(runner, "schema", "answer")
    assert code == 2
    assert "unknown schema 'answer'" in stderr


def test_example_and_filled_template_validate_against_answers_schema(runner: CliRunner) -> None:
    validator = jsonschema.Draft202012Validator(schema("answers"))
    example = yaml.safe_load(EXAMPLE.read_text())
    example["assessed_on"] = str(example["assessed_on"])
    validator.validate(example)
    _, text, _ = invoke(runner, "template")
    assert text.startswith("# yaml-language-server: $schema=file://")
    filled = yaml.safe_load(text.replace('company: ""', "company: Client Co"))
    filled["answers"]["direction.value_proposition"] = 3
    filled["answers"]["operational.complaints"] = {"level": 2, "note": "ok"}
    filled["answers"]["operational.loyalty_rewards"] = {"na": "B2B"}
    validator.validate(filled)


def test_report_validates_against_report_schema(runner: CliRunner) -> None:
    _, stdout, _ = invoke(runner, "report", str(EXAMPLE), "-f", "json", "--fail-under", "10")
    jsonschema.Draft202012Validator(schema("report")).validate(json.loads(stdout))


def test_template_schema_line_points_at_a_real_file(runner: CliRunner) -> None:
    _, text, _ = invoke(runner, "template")
    uri = text.splitlines()[0].split("$schema=", 1)[1]
    assert Path(uri.removeprefix("file://")).is_file()


def test_template_custom_schema_url(runner: CliRunner) -> None:
    _, text, _ = invoke(runner, "template", "--schema-url", "./answers.schema.json")
    assert text.startswith("# yaml-language-server: $schema=./answers.schema.json\n")


def test_batch_in_a_real_process(clients: Path, tmp_path: Path) -> None:
    files = sorted(str(p) for p in clients.rglob("*.yaml"))
    done = subprocess.run(
        [sys.executable, "-m", "ci_assess", "report", *files, "--out-dir", str(tmp_path / "o")],
        capture_output=True, text=True, check=False,
        env={"NO_COLOR": "1", "PATH": "/usr/bin:/bin", "HOME": os.environ["HOME"]},
    )  # fmt: skip
    assert done.returncode == 2
    assert "\x1b[" not in done.stderr  # no colour codes off a terminal
    assert "Traceback" not in done.stderr
