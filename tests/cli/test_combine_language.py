"""The language of a combined report (issue 18 with issue 14): ``--lang``, else the files'
common ``language`` (a fact: the files must agree on it, or one of them gives it), else
English; the scores are the same in every language, and the senior roles are
recognised in the questionnaire's language and in the report's."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml
from typer.testing import CliRunner

from ci_assess.cli import app
from tests.conftest import ROOT

COMPANY = ROOT / "examples" / "clients" / "northwind" / "2026-11"


def company(tmp_path: Path, **languages: str) -> Path:
    """The example company; ``languages`` sets file stem -> language."""
    folder = tmp_path / "northwind"
    shutil.copytree(COMPANY, folder)
    for stem, language in languages.items():
        path = folder / f"{stem.replace('_', '-')}.yaml"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["language"] = language
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
    return folder


def report(runner: CliRunner, folder: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["report", str(folder), "--combine", *args])
    return result.exit_code, result.stdout, result.stderr


def test_without_any_language_the_combined_report_is_english(
    runner: CliRunner, tmp_path: Path
) -> None:
    code, out, err = report(runner, company(tmp_path), "-f", "json")
    assert code == 0, err
    assert json.loads(out)["language"] == "en"


def test_the_files_common_language_decides(runner: CliRunner, tmp_path: Path) -> None:
    # Given in two files only: the others leave it open, so the report is in French.
    folder = company(tmp_path, ceo="fr", hr="fr")
    code, out, err = report(runner, folder, "-f", "md")
    assert code == 0, err
    assert "## Répondants et écarts de perception" in out
    assert "Angles morts" in out
    data = json.loads(report(runner, folder, "-f", "json")[1])
    english = json.loads(report(runner, company(tmp_path / "en"), "-f", "json")[1])
    assert data["language"] == "fr"
    # The same numbers in every language; only the words differ.
    assert data["overall"]["score"] == english["overall"]["score"]
    assert data["overall"]["level"] == "Réactif" and english["overall"]["level"] == "Responsive"
    assert data["perception_gaps"] == english["perception_gaps"]
    assert data["agreement"] == english["agreement"]
    assert data["senior_role"] == english["senior_role"] == "CEO"


def test_files_that_disagree_on_the_language_need_lang(runner: CliRunner, tmp_path: Path) -> None:
    folder = company(tmp_path, ceo="fr", hr="en")
    code, out, err = report(runner, folder, "-f", "json")
    assert code == 2 and out == ""
    assert "language is 'en', but" in err or "language is 'fr', but" in err
    assert "--lang" in err  # the hint names the way out
    code, out, err = report(runner, folder, "-f", "json", "--lang", "fr")
    assert code == 0, err
    assert json.loads(out)["language"] == "fr"


def test_lang_overrides_the_files_language(runner: CliRunner, tmp_path: Path) -> None:
    folder = company(tmp_path, ceo="fr", hr="fr")
    code, out, err = report(runner, folder, "-f", "json", "--lang", "en")
    assert code == 0, err
    assert json.loads(out)["language"] == "en"


def test_a_french_role_is_a_senior_role_in_a_french_report(
    runner: CliRunner, tmp_path: Path
) -> None:
    folder = company(tmp_path)
    ceo = folder / "ceo.yaml"
    data = yaml.safe_load(ceo.read_text(encoding="utf-8"))
    data["respondent"]["role"] = "Directeur général"
    ceo.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
    french = json.loads(report(runner, folder, "-f", "json", "--lang", "fr")[1])
    assert french["senior_role"] == "Directeur général"
    # The English questionnaire does not know the French title: no senior role there.
    assert json.loads(report(runner, folder, "-f", "json")[1])["senior_role"] is None
