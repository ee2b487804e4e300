"""The command line, through typer's runner and through a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from ci_assess.cli import app
from tests.conftest import EXAMPLE, INVALID, ROOT, VALID


def run(runner: CliRunner, *args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_version(runner: CliRunner) -> None:
    code, out, _ = run(runner, "--version")
    assert code == 0
    assert out.startswith("ci-assess ")


def test_help_lists_commands(runner: CliRunner) -> None:
    code, out, _ = run(runner, "--help")
    assert code == 0
    for command in ("report", "validate", "template", "questionnaire"):
        assert command in out


def test_report_markdown_to_stdout(runner: CliRunner) -> None:
    code, out, err = run(runner, "report", str(EXAMPLE))
    assert code == 0, err
    assert out.startswith("# Customer-intimacy gap report: Northwind Traders")


def test_report_json_contract(runner: CliRunner) -> None:
    code, out, _ = run(runner, "report", str(EXAMPLE), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["company"] == "Northwind Traders"
    assert set(data["questionnaire"]) >= {"id", "version"}
    assert 0 <= data["completeness"] <= 1
    assert set(data["overall"]) >= {"score", "level"}
    assert [g["id"] for g in data["process_groups"]] == [
        "direction", "operational", "evaluation", "support", "organizational_behaviour",
    ]  # fmt: skip
    for group in data["process_groups"]:
        assert set(group) >= {"id", "title", "score", "target", "gap"}
    assert {d["id"] for d in data["disciplines"]} == {
        "operational_excellence", "customer_intimacy", "product_leadership",
    }  # fmt: skip
    assert set(data["placement"]) >= {"lead", "intended", "pattern"}
    for item in data["priorities"]:
        assert set(item) >= {"question", "group", "level", "target", "gap", "recommendation"}
    for flag in data["red_flags"]:
        assert set(flag) >= {"id", "message"}


@pytest.mark.parametrize(
    ("name", "start"), [("r.html", "<!DOCTYPE html>"), ("r.md", "# "), ("r.json", "{")]
)
def test_report_format_from_extension(
    runner: CliRunner, tmp_path: Path, name: str, start: str
) -> None:
    target = tmp_path / name
    code, out, _ = run(runner, "report", str(EXAMPLE), "-o", str(target))
    assert code == 0
    assert out == ""
    assert target.read_text().startswith(start)
    assert [p.name for p in tmp_path.iterdir()] == [name]  # no temporary file left


def test_report_unknown_extension(runner: CliRunner, tmp_path: Path) -> None:
    code, _, err = run(runner, "report", str(EXAMPLE), "-o", str(tmp_path / "r.docx"))
    assert code == 2
    assert "cannot tell the format from 'r.docx'" in err


def test_report_unknown_format(runner: CliRunner) -> None:
    code, _, err = run(runner, "report", str(EXAMPLE), "--format", "pdfx")
    assert code == 2
    assert "unknown format 'pdfx'" in err


def test_report_from_stdin(runner: CliRunner) -> None:
    code, out, _ = run(runner, "report", "-", "--format", "json", stdin=EXAMPLE.read_text())
    assert code == 0
    assert json.loads(out)["company"] == "Northwind Traders"


def test_report_bad_stdin_names_stdin(runner: CliRunner) -> None:
    code, _, err = run(runner, "report", "-", stdin="company: [")
    assert code == 2
    assert err.startswith("error: <stdin>:")


def test_report_template_not_utf8_exit_2(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "report.md.j2").write_bytes("# {{ report.company }}\nCaf\u00e9\n".encode("latin-1"))
    code, out, err = run(runner, "report", str(EXAMPLE), "--template", str(tmp_path))
    assert code == 2
    assert out == ""
    assert err == (
        f"error: {tmp_path / 'report.md.j2'}:2: template is not UTF-8 text (byte 0xe9)\n"
        "  hint: save the file as UTF-8 and run again\n"
    )


def test_report_template_unreadable_exit_2(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import jinja2

    def refuse(*_: object) -> None:
        raise PermissionError(13, "Permission denied")

    (tmp_path / "report.md.j2").write_text("{{ report.company }}\n")
    monkeypatch.setattr(jinja2.FileSystemLoader, "get_source", refuse)
    code, out, err = run(runner, "report", str(EXAMPLE), "--template", str(tmp_path))
    assert code == 2
    assert out == ""
    assert f"error: {tmp_path / 'report.md.j2'}: cannot read template: Permission denied" in err
    assert "Traceback" not in err


def test_strict_refuses_incomplete(runner: CliRunner) -> None:
    code, out, err = run(runner, "report", str(EXAMPLE), "--strict")
    assert code == 2
    assert out == ""
    assert "2 question(s) unanswered (--strict)" in err
    assert "organizational_behaviour.hiring_for_attitude" in err


def test_report_bad_input_exit_2_without_traceback(runner: CliRunner) -> None:
    code, out, err = run(runner, "report", str(INVALID / "unknown-question.yaml"))
    assert code == 2
    assert out == ""
    assert "unknown-question.yaml:5: answers: unknown question id 'operational.complaint'" in err
    assert "hint: did you mean 'operational.complaints'?" in err
    assert "Traceback" not in err


def test_validate_reports_each_file(runner: CliRunner) -> None:
    code, _, err = run(
        runner, "validate", str(VALID / "mini.yaml"), str(INVALID / "level-out-of-range.yaml")
    )
    assert code == 2
    assert "ok: " in err and "(questionnaire)" in err
    assert "level 7 is outside the scale" in err


def test_validate_ok(runner: CliRunner) -> None:
    code, _, err = run(runner, "validate", str(EXAMPLE))
    assert code == 0
    assert "(answers)" in err


def test_validate_neither_kind(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("foo: 1\n")
    code, _, err = run(runner, "validate", str(path))
    assert code == 2
    assert "neither a questionnaire" in err


def test_template_round_trips(runner: CliRunner, tmp_path: Path) -> None:
    code, out, _ = run(runner, "template")
    assert code == 0
    data = yaml.safe_load(out)
    assert data["questionnaire"] == "customer-intimacy"
    assert "direction.value_proposition" in data["answers"]
    filled = tmp_path / "client.yaml"
    filled.write_text(out.replace('company: ""', "company: Client Co"))
    code, out, err = run(runner, "report", str(filled), "--format", "json")
    assert code == 0, err
    assert json.loads(out)["completeness"] == 0.0


def _edited(source: Path, target: Path, *replacements: tuple[str, str]) -> Path:
    """A copy of ``source`` at ``target`` with each text replaced (each must occur once)."""
    text = source.read_text(encoding="utf-8")
    for old, new in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    target.write_text(text, encoding="utf-8")
    return target


def test_template_comments_every_line_of_multiline_texts(runner: CliRunner, tmp_path: Path) -> None:
    questionnaire = _edited(
        VALID / "mini.yaml",
        tmp_path / "multi.yaml",
        ("title: Mini questionnaire for tests\n", "title: |\n  Mini questionnaire\n  for: tests\n"),
        ("Organizational Behaviour\n", "|\n    Organizational\n    behaviour: people\n"),
        (
            "  text: How mature is executive owner?\n",
            "  text: |\n    How mature is\n    executive: owner?\n",
        ),
        (
            "    0: executive_owner at level 0\n",
            "    0: |\n      nobody owns it\n\n      - not even the board\n",
        ),
    )
    code, out, err = run(runner, "template", "--questionnaire", str(questionnaire))
    assert code == 0, err
    assert "  #   0: nobody owns it\n  #\n  #      - not even the board\n" in out
    data = yaml.safe_load(out)
    assert set(data) == {
        "questionnaire", "company", "assessed_on", "assessor", "respondent", "industry",
        "size", "target_discipline", "answers",
    }  # fmt: skip
    assert data["industry"] is None and data["size"] is None  # optional: left empty
    ids = yaml.safe_load((VALID / "mini.yaml").read_text())["questions"]
    assert data["answers"] == {q["id"]: None for q in ids}
    filled = tmp_path / "client.yaml"
    filled.write_text(out.replace('company: ""', "company: Client Co"))
    code, _, err = run(runner, "validate", str(filled))
    assert code == 0, err
    assert "(answers)" in err


def test_template_never_overwrites(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "client.yaml"
    target.write_text("precious: answers\n")
    code, _, err = run(runner, "template", "-o", str(target))
    assert code == 2
    assert "refusing to overwrite" in err
    assert target.read_text() == "precious: answers\n"


def test_template_never_overwrites_a_file_created_while_it_works(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check before the work is a courtesy; the write itself refuses an existing file."""
    from ci_assess.files import blank

    target = tmp_path / "client.yaml"
    real = blank.blank_answers

    def racing(*args: Any, **kwargs: Any) -> str:
        target.write_text("precious: answers\n")  # another process, after the check
        return real(*args, **kwargs)

    monkeypatch.setattr(blank, "blank_answers", racing)
    code, _, err = run(runner, "template", "-o", str(target))
    assert code == 2, err
    assert f"{target}: exists; refusing to overwrite it" in err
    assert target.read_text() == "precious: answers\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["client.yaml"]  # no temporary file


def test_questionnaire_list(runner: CliRunner) -> None:
    code, out, _ = run(runner, "questionnaire", "list")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("customer-intimacy\t1.0.0\t52 questions\t")
    assert lines[0].endswith("\tuse customer-intimacy@1.0.0\ten")
    assert lines[1].startswith("customer-intimacy\t2.0.0\t72 questions\t")
    assert lines[1].endswith("\tcurrent\ten, fr")


def test_questionnaire_show_an_older_version(runner: CliRunner) -> None:
    code, out, _ = run(runner, "questionnaire", "show", "customer-intimacy@1", "-f", "json")
    assert code == 0
    assert json.loads(out)["version"] == "1.0.0"
    code, _, err = run(runner, "questionnaire", "show", "customer-intimacy@3")
    assert code == 2
    assert "has no version '3'" in err and "bundled versions: 1.0.0, 2.0.0" in err


def test_questionnaire_show_text(runner: CliRunner) -> None:
    code, out, _ = run(runner, "questionnaire", "show", "customer-intimacy")
    assert code == 0
    assert "direction.value_proposition" in out


def test_questionnaire_show_prints_markup_as_written(runner: CliRunner, tmp_path: Path) -> None:
    questionnaire = _edited(
        VALID / "mini.yaml",
        tmp_path / "markup.yaml",
        ("title: Mini questionnaire for tests", 'title: "Mini [bold]tests[/] \\\\"'),
        ("title: Direction\n", 'title: "Direction [/]"\n'),
        ("text: How mature is executive owner?", 'text: "Owner [/] or [bold]boss?"'),
        ("0: executive_owner at level 0", '0: "[red]nobody[/red] \\\\"'),
    )
    code, out, err = run(runner, "questionnaire", "show", str(questionnaire))
    assert code == 0, err
    assert out.startswith("Mini [bold]tests[/] \\ (mini v0.1)\n")
    assert "Direction [/] (direction)" in out
    assert "Owner [/] or [bold]boss?" in out
    assert "0: [red]nobody[/red] \\ " in out


def test_questionnaire_show_json_contract(runner: CliRunner) -> None:
    code, out, _ = run(runner, "questionnaire", "show", "customer-intimacy", "--format", "json")
    assert code == 0
    data = json.loads(out)
    for question in data["questions"]:
        assert set(question) >= {"id", "text", "group", "disciplines", "weight", "scale"}
        assert question["scale"]["min"] == 0 and question["scale"]["max"] == 4
    assert data["thresholds"] == {
        "leadership": 70.0,
        "parity": 50.0,
        "lead_margin": 10.0,
        "engagement": 40.0,
    }
    by_id = {q["id"]: q for q in data["questions"]}
    assert by_id["position_customer_intimacy.retention"]["disciplines"] == ["customer_intimacy"]
    assert by_id["direction.strategic_choice"]["disciplines"] == []


def test_questionnaire_show_unknown(runner: CliRunner) -> None:
    code, _, err = run(runner, "questionnaire", "show", "customer-intimcy")
    assert code == 2
    assert "did you mean 'customer-intimacy'?" in err


def test_questionnaire_show_by_path(runner: CliRunner) -> None:
    code, out, _ = run(runner, "questionnaire", "show", str(VALID / "mini.yaml"), "-f", "json")
    assert code == 0
    assert json.loads(out)["id"] == "mini"


# --- a real process: the entry point, stdin, exit codes ------------------------------


def cli(
    *args: str, stdin: str | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ci_assess", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        check=False,
    )


def test_subprocess_report_from_pipe() -> None:
    done = cli("report", "-", "--format", "json", stdin=EXAMPLE.read_text())
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["placement"]["pattern"] == "leader_below_parity"


def test_subprocess_bad_input() -> None:
    done = cli("report", str(INVALID / "python-tag.yaml"))
    assert done.returncode == 2
    assert "YAML tag not allowed" in done.stderr
    assert "Traceback" not in done.stderr


def test_subprocess_usage_error_is_2() -> None:
    done = cli("report", "--no-such-option")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr


def test_reports_get_ordinary_permissions_and_keep_existing_ones(
    runner: CliRunner, tmp_path: Path
) -> None:
    fresh = tmp_path / "fresh.md"
    assert runner.invoke(app, ["report", str(EXAMPLE), "-o", str(fresh)]).exit_code == 0
    assert fresh.stat().st_mode & 0o777 == 0o666 & ~_umask()
    kept = tmp_path / "kept.md"
    kept.write_text("old")
    kept.chmod(0o640)
    assert runner.invoke(app, ["report", str(EXAMPLE), "-o", str(kept)]).exit_code == 0
    assert kept.stat().st_mode & 0o777 == 0o640


def _umask() -> int:
    import os

    current = os.umask(0)
    os.umask(current)
    return current
