"""Control characters and bidi overrides in text fields: an input error with file,
line and column, from report, validate and the interview alike."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ci_assess.cli import app
from ci_assess.core.text import cleaned, forbidden_at
from ci_assess.errors import InputError
from ci_assess.files.loading import load_answers, load_questionnaire
from tests.conftest import DATA, EXAMPLE, VALID

MINI = VALID / "mini.yaml"
HEAD = "questionnaire: mini.yaml\ncompany: Acme\nanswers:\n"


def answers_file(folder: Path, body: str) -> Path:
    shutil.copy(MINI, folder / "mini.yaml")
    path = folder / "a.yaml"
    path.write_text(HEAD + body, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("body", "line", "column", "char"),
    [
        # An arrow key typed without line editing, as an old interview saved it.
        ('  direction.alpha: {level: 3, note: "ab\\e[Dc"}\n', 4, 40, "U+001B (ESC)"),
        ('  direction.alpha:\n    level: 3\n    evidence: "x\\x7f"\n', 6, 17, "U+007F (DEL)"),
        ('  direction.alpha: {na: "a\\u0085b"}\n', 4, 27, "U+0085"),
        ("  direction.alpha: {level: 1, note: a \u202e b}\n", 4, 39, "RIGHT-TO-LEFT OVERRIDE"),
        ('  direction.alpha: {level: 1, note: "tab\\tand\\nnewline, then \\r"}\n', 4, 62, "U+000D"),
    ],
)
def test_a_forbidden_character_is_an_input_error_with_line_and_column(
    tmp_path: Path, body: str, line: int, column: int, char: str
) -> None:
    path = answers_file(tmp_path, body)
    with pytest.raises(InputError) as caught:
        load_answers(str(path))
    problem = caught.value.problems[0]
    assert (problem.line, problem.column) == (line, column)
    assert char in problem.message
    assert problem.message.startswith("answers.direction.alpha.")
    assert str(problem).startswith(f"{path}:{line}:{column}: ")


def test_tab_and_newline_are_allowed(tmp_path: Path) -> None:
    path = answers_file(tmp_path, '  direction.alpha: {level: 1, note: "a\\tb\\nc \\\\ d"}\n')
    assert load_answers(str(path)).answers.answers["direction.alpha"].note == "a\tb\nc \\ d"


def test_a_key_and_the_metadata_are_checked_too(tmp_path: Path) -> None:
    shutil.copy(MINI, tmp_path / "mini.yaml")
    path = tmp_path / "a.yaml"
    path.write_text(
        'questionnaire: mini.yaml\ncompany: "Acme\\u202e"\nassessor: "\\a"\nanswers: {}\n',
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        load_answers(str(path))
    assert [(p.message.split(":")[0], p.line) for p in caught.value.problems] == [
        ("company", 2),
        ("assessor", 3),
    ]


def test_validate_and_report_say_it(tmp_path: Path, runner: CliRunner) -> None:
    path = answers_file(tmp_path, '  direction.alpha: {level: 3, note: "ab\\e[Dc"}\n')
    for command in (["validate", str(path)], ["report", str(path), "--format", "html"]):
        result = runner.invoke(app, command)
        assert result.exit_code == 2, result.output
        assert f"error: {path}:4:40: answers.direction.alpha.note: the value holds " in (
            result.stderr
        )
        assert "hint: remove it" in result.stderr
        assert "\x1b" not in result.stdout


def test_a_questionnaire_with_a_bidi_override_is_refused(tmp_path: Path) -> None:
    text = MINI.read_text(encoding="utf-8").replace(
        "How mature is alpha?", "How mature is \u202ealpha?", 1
    )
    path = tmp_path / "q.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_questionnaire(str(path))
    assert "RIGHT-TO-LEFT OVERRIDE" in caught.value.problems[0].message
    assert caught.value.problems[0].message.startswith("questions.0.text: ")


def test_validate_and_a_brand_config_check_it_too(tmp_path: Path, runner: CliRunner) -> None:
    text = MINI.read_text(encoding="utf-8").replace("Judge by what you see.", '"Judge\\a"', 1)
    path = tmp_path / "q.yaml"
    path.write_text(text, encoding="utf-8")
    checked = runner.invoke(app, ["validate", str(path)])
    assert checked.exit_code == 2
    assert "questions.0.help: the value holds the character U+0007 (BEL)" in checked.stderr

    brand = tmp_path / "brand.yaml"
    brand.write_text('firm: "Harbour\\e[31m & Reed"\n', encoding="utf-8")
    report = runner.invoke(app, ["report", str(EXAMPLE), "--brand-config", str(brand)])
    assert report.exit_code == 2
    assert f"{brand}:1:15: firm: the value holds the character U+001B (ESC)" in report.stderr


def test_cleaned_removes_whole_escape_sequences() -> None:
    assert cleaned("a\x1b[Db\x1bOHc\x1b[1;5Cd\x9b2Ke\x07") == ("abcde", 5)
    assert cleaned("plain\ttext") == ("plain\ttext", 0)
    assert forbidden_at("ok \u2067x") == 3


def test_the_hostile_fixture_with_an_override_is_refused_where_it_stands(tmp_path: Path) -> None:
    hostile = DATA / "hostile"
    shutil.copy(hostile / "questionnaire.yaml", tmp_path / "questionnaire.yaml")
    text = (hostile / "answers.yaml").read_text(encoding="utf-8")
    assert "\u200fRTL mark" in text  # what the HTML tests render as text
    path = tmp_path / "answers.yaml"
    path.write_text(text.replace("\u200fRTL mark", "\u202eRTL override"), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_answers(str(path))
    line = text[: text.index("\u200f")].count("\n") + 1
    assert [(p.line, p.column) for p in caught.value.problems] == [(line, 16)]
