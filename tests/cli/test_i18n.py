"""`i18n check`, `template --lang`, `questionnaire show --lang`, and the catalogue template
kept in step with the code."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from typer.testing import CliRunner

from ci_assess.cli import app
from ci_assess.core.overlay import source_hash
from tests.conftest import ROOT

BUNDLED = ROOT / "questionnaires" / "customer-intimacy.yaml"


def test_the_bundled_translation_is_complete(runner: CliRunner) -> None:
    result = runner.invoke(app, ["i18n", "check"])
    assert result.exit_code == 0, result.stdout
    lines = result.stdout.splitlines()
    assert lines[0].endswith(": 859 texts, 0 missing, 0 stale")
    assert lines[1].startswith("fr: tool catalogue (") and lines[1].endswith(
        "0 untranslated, 0 fuzzy"
    )


def test_missing_and_stale_entries_are_listed_with_their_hash(
    tmp_path: Path, runner: CliRunner
) -> None:
    q = tmp_path / "q.yaml"
    text = BUNDLED.read_text(encoding="utf-8")
    q.write_text(text.replace("name: Leading", "name: Best in class"), encoding="utf-8")
    overlay = (ROOT / "questionnaires" / "customer-intimacy.fr.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(overlay)
    del data["questions"]["direction.value_proposition"]["help"]
    (tmp_path / "q.fr.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    result = runner.invoke(app, ["i18n", "check", str(q)])
    assert result.exit_code == 1
    out = result.stdout
    assert ": 859 texts, 1 missing, 1 stale" in out
    help_text = yaml.safe_load(text)["questions"][1]["help"]
    assert (
        f"  missing: questions.direction.value_proposition.help (source {source_hash(help_text)})"
        in out
    )
    assert f"scale.4.name (source now {source_hash('Best in class')})" in out


def test_template_in_french_records_the_language(tmp_path: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, ["template", "--lang", "fr"])
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert "# Chaque réponse\u00a0: un niveau 0..4 (0 Absent, 1 Ponctuel," in text
    assert "  # --- Orientation et fixation des objectifs ---" in text
    assert "\nlanguage: fr\nanswers:\n" in text
    filled = tmp_path / "a.yaml"
    filled.write_text(text.replace('company: ""', "company: Acme"), encoding="utf-8")
    report = runner.invoke(app, ["report", str(filled), "-f", "json"])
    assert report.exit_code == 0, report.stderr
    assert '"language": "fr"' in report.stdout
    english = runner.invoke(app, ["template"]).stdout
    assert "language:" not in english and "# Each answer: a level 0..4" in english


def test_questionnaire_show_in_french(runner: CliRunner) -> None:
    result = runner.invoke(app, ["questionnaire", "show", "customer-intimacy", "--lang", "fr"])
    assert result.exit_code == 0, result.stderr
    assert "Échelle\u00a0: 0 Absent, 1 Ponctuel" in result.stdout
    data = runner.invoke(
        app, ["questionnaire", "show", "customer-intimacy", "--lang", "fr-CH", "-f", "json"]
    ).stdout
    english = runner.invoke(app, ["questionnaire", "show", "customer-intimacy", "-f", "json"])
    import json

    fr, en = json.loads(data), json.loads(english.stdout)
    assert fr["questions"][0]["text"].startswith("L\u2019équipe de direction")
    assert [q["weight"] for q in fr["questions"]] == [q["weight"] for q in en["questions"]]
    assert [q["id"] for q in fr["questions"]] == [q["id"] for q in en["questions"]]


def test_the_catalogue_template_matches_the_code(tmp_path: Path) -> None:
    """Regenerate as docs/translations.md says (pybabel extract, then update)."""
    from babel.messages.pofile import read_po

    fresh = tmp_path / "fresh.pot"
    keywords = ["-k", "N_", "-k", "_e", "-k", "ngettext:1,2", "--no-location"]
    command = [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg"]
    subprocess.run(
        [*command, *keywords, "-o", str(fresh), "."],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    committed = ROOT / "src" / "ci_assess" / "locale" / "ci_assess.pot"
    with fresh.open("rb") as a, committed.open("rb") as b:
        assert {m.id for m in read_po(a)} == {m.id for m in read_po(b)}


def test_a_second_language_is_a_matter_of_adding_files(tmp_path: Path) -> None:
    """A German overlay beside a copy of the questionnaire: i18n check sees the language."""
    shutil.copy(BUNDLED, tmp_path / "q.yaml")
    (tmp_path / "q.de.yaml").write_text("overlay: customer-intimacy\nlanguage: de\n", "utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "ci_assess", "i18n", "check", str(tmp_path / "q.yaml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "de: questionnaire customer-intimacy" in done.stdout
    assert ": 859 texts, 859 missing, 0 stale" in done.stdout
    assert "de: tool catalogue (none)" in done.stdout
