"""Shared fixtures: data paths, loaded models, a CLI runner, and hermetic settings."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from ci_assess.core.models.answers import AnswersFile
from ci_assess.core.models.questionnaire import Questionnaire
from ci_assess.files.loading import load_answers, load_questionnaire

DATA = Path(__file__).parent / "data"
VALID = DATA / "valid"
INVALID = DATA / "invalid"
ROOT = Path(__file__).parents[1]
EXAMPLE = ROOT / "examples" / "northwind.yaml"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", help="Rewrite the golden report files."
    )


@pytest.fixture(autouse=True)
def _hermetic(monkeypatch: pytest.MonkeyPatch) -> None:
    """Same output everywhere: no colour, a fixed terminal width."""
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.delenv("FORCE_COLOR", raising=False)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def mini() -> Questionnaire:
    return load_questionnaire(str(VALID / "mini.yaml"))


@pytest.fixture
def mini_answers() -> AnswersFile:
    return load_answers(str(VALID / "mini-answers.yaml")).answers
