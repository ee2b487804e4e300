"""`interview --industry/--size`: the two answers-file keys benchmarks segment by."""

from __future__ import annotations

from pathlib import Path

import yaml
from typer.testing import CliRunner

from ci_assess.cli import app
from ci_assess.files.loading import load_answers
from tests.interview.test_interview import place


def test_industry_and_size_are_recorded(tmp_path: Path, runner: CliRunner) -> None:
    out = place(tmp_path, "complete.yaml")
    args = ["interview", "-o", str(out), "--no-input", "--industry", "Distribution"]
    result = runner.invoke(app, [*args, "--size", "mid"])
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(out.read_text())
    assert (data["industry"], data["size"]) == ("Distribution", "mid")
    answers = load_answers(str(out)).answers
    assert (answers.industry, answers.size) == ("Distribution", "mid")
    # Given again, the same values change nothing; another value contradicts the file.
    assert runner.invoke(app, [*args, "--size", "mid"]).exit_code == 0
    other = runner.invoke(app, [*args, "--size", "large"])
    assert other.exit_code == 2 and "records size 'mid', not 'large'" in other.stderr


def test_a_size_that_is_not_one_is_refused(tmp_path: Path, runner: CliRunner) -> None:
    out = place(tmp_path, "complete.yaml")
    before = out.read_bytes()
    result = runner.invoke(app, ["interview", "-o", str(out), "--no-input", "--size", "huge"])
    assert result.exit_code == 2
    assert "--size 'huge' is not a size" in result.stderr and "micro" in result.stderr
    assert out.read_bytes() == before


def test_an_answers_file_size_outside_the_four_is_an_error(
    tmp_path: Path, runner: CliRunner
) -> None:
    out = place(tmp_path, "complete.yaml")
    out.write_text(out.read_text() + "size: huge\n")
    result = runner.invoke(app, ["validate", str(out)])
    assert result.exit_code == 2
    assert "size" in result.stderr
