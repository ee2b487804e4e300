"""The language of a combined report (issue 18 with issue 14): ``--lang``, else the files'
common ``language`` (the files that give one agree), else English with a note (the
files ask for different languages: one warning line, one sentence in the report); the
scores are the same in every language, and the senior roles are recognised in the
questionnaire's language and in the report's."""

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


NOTE = (
    "The respondents' files ask for different report languages (fr in 3 files and en in 1 "
    "file), so this report is in English, the questionnaire's source language; the scores "
    "are the same in every language."
)


def test_files_that_disagree_on_the_language_make_an_english_report_with_a_note(
    runner: CliRunner, tmp_path: Path
) -> None:
    # Three files ask for French, one for English, two say nothing: no error, English.
    folder = company(tmp_path, ceo="fr", service_1="fr", service_2="fr_fr", hr="en")
    code, out, err = report(runner, folder, "-f", "json")
    assert code == 0, err
    # Tags are compared in their canonical spelling (fr_fr is fr-FR, another tag than fr);
    # most asked first, then by tag.
    assert err.splitlines() == [
        "warning: the respondents' files ask for fr (2), en (1) and fr-FR (1); "
        "the report is in English; choose its language with --lang"
    ]
    data = json.loads(out)
    assert data["language"] == "en"
    english = json.loads(report(runner, company(tmp_path / "en"), "-f", "json")[1])
    assert english["language_note"] is None
    assert data["overall"] == english["overall"]
    code, out, err = report(runner, folder, "-f", "md")
    assert code == 0, err
    assert "## Respondents and perception gaps" in out


def test_the_note_counts_the_files_per_language(runner: CliRunner, tmp_path: Path) -> None:
    folder = company(tmp_path, ceo="fr", service_1="fr", service_2="fr", hr="en")
    code, out, err = report(runner, folder, "-f", "json")
    assert code == 0, err
    assert err == (
        "warning: the respondents' files ask for fr (3) and en (1); the report is in "
        "English; choose its language with --lang\n"
    )
    assert json.loads(out)["language_note"] == NOTE
    md = report(runner, folder, "-f", "md")[1]
    # After the table of who was interviewed, before the heatmap.
    assert "\n\n" + NOTE + "\n\n" in md
    assert md.index("| Respondent |") < md.index(NOTE) < md.index("### Follow-up agenda")
    html = report(runner, folder, "-f", "html")[1]
    assert f'<p class="language-note">{NOTE.replace(chr(39), "&#39;")}</p>' in html


def test_lang_chooses_when_the_files_disagree(runner: CliRunner, tmp_path: Path) -> None:
    folder = company(tmp_path, ceo="fr", hr="en")
    code, out, err = report(runner, folder, "-f", "json", "--lang", "fr")
    assert code == 0, err
    assert "warning" not in err
    data = json.loads(out)
    assert data["language"] == "fr" and data["language_note"] is None


def test_english_variants_are_one_language(runner: CliRunner, tmp_path: Path) -> None:
    folder = company(tmp_path, ceo="en", hr="en-GB")
    code, out, err = report(runner, folder, "-f", "json")
    assert code == 0, err
    assert "warning" not in err
    assert json.loads(out)["language_note"] is None


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


def test_each_folder_of_a_batch_chooses_its_own_language(runner: CliRunner, tmp_path: Path) -> None:
    clients = tmp_path / "clients"
    french = company(tmp_path / "a", ceo="fr", hr="fr")
    mixed = company(tmp_path / "b", ceo="fr", hr="en")
    (clients / "alpha").mkdir(parents=True)
    (clients / "beta").mkdir(parents=True)
    french.rename(clients / "alpha" / "2026-11")
    mixed.rename(clients / "beta" / "2026-11")
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        [
            "report",
            str(clients / "alpha" / "2026-11"),
            str(clients / "beta" / "2026-11"),
            "--combine",
            "--out-dir",
            str(out),
            "-f",
            "json",
        ],
    )
    assert result.exit_code == 0, result.stderr
    alpha = json.loads((out / "alpha" / "2026-11.json").read_text(encoding="utf-8"))
    beta = json.loads((out / "beta" / "2026-11.json").read_text(encoding="utf-8"))
    assert (alpha["language"], alpha["language_note"]) == ("fr", None)
    assert beta["language"] == "en"
    # A tie is listed by tag.
    assert beta["language_note"] == NOTE.replace(
        "fr in 3 files and en in 1 file", "en in 1 file and fr in 1 file"
    )
    # One warning, for the folder that needs it.
    assert result.stderr.count("ask for en (1) and fr (1);") == 1
