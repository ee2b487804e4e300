"""Reports in the client's language: the same scores, French texts, numbers and dates."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ci_assess.cli import app
from ci_assess.core.overlay import source_hash
from ci_assess.files.catalogues import resolve, translator
from tests.conftest import EXAMPLE, ROOT

# Hand-checked against the English golden report: overall 44.2, Réactif (Responsive).
OVERALL_EN, OVERALL_FR = "**44.2** / 100 (Responsive)", "**44,2** / 100 (Réactif)"


def _report(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["report", *args])
    return result.exit_code, result.stdout, result.stderr


def test_lang_fr_markdown_has_french_texts_and_numbers(runner: CliRunner) -> None:
    code, out, err = _report(runner, str(EXAMPLE), "--lang", "fr", "-f", "md")
    assert code == 0, err
    assert OVERALL_FR in out
    assert "| Orientation et fixation des objectifs | 50,0 | 75,0 | 25,0 |" in out
    assert "Un dirigeant expérimenté est-il personnellement responsable" in out
    code, english, _ = _report(runner, str(EXAMPLE), "-f", "md")
    assert OVERALL_EN in english and "Réactif" not in english


def test_lang_fr_json_has_the_same_scores_as_english(runner: CliRunner) -> None:
    _, english, _ = _report(runner, str(EXAMPLE), "-f", "json")
    code, french, err = _report(runner, str(EXAMPLE), "-f", "json", "--lang", "fr")
    assert code == 0, err
    en, fr = json.loads(english), json.loads(french)
    assert (en["language"], fr["language"]) == ("en", "fr")
    assert fr["overall"]["level"] == "Réactif" and en["overall"]["level"] == "Responsive"
    assert fr["method"]["target_source"] == "profil intimité client"
    reasons = {p["reason"]["text"] for p in fr["priorities"]}
    assert "vient en premier\u00a0: 6 priorités suivantes en dépendent" in reasons

    def figures(report: dict[str, object]) -> object:
        """Every id, number, boolean and date: what must not depend on the language."""

        def keep(node: object) -> object:
            if isinstance(node, dict):
                return {k: keep(v) for k, v in node.items() if not isinstance(v, str) or k in IDS}
            if isinstance(node, list):
                return [keep(v) for v in node]
            return node

        return keep({k: v for k, v in report.items() if k != "language"})

    assert figures(fr) == figures(en)
    assert [p["question"] for p in fr["priorities"]] == [p["question"] for p in en["priorities"]]


IDS = {"id", "question", "group", "phase", "pattern", "verdict", "status", "assessed_on", "code"}


def test_a_regional_tag_falls_back_and_formats_for_its_region(runner: CliRunner) -> None:
    assert resolve("fr-CH") == "fr-CH" and resolve("FR_ch") == "fr-CH"
    assert resolve("en-GB") == "en"
    code, out, err = _report(runner, str(EXAMPLE), "--lang", "fr-CH", "-f", "md")
    assert code == 0, err
    assert "Orientation et fixation des objectifs" in out  # the fr overlay and catalogue


def test_numbers_and_dates_through_babel() -> None:
    import datetime as dt

    fr = translator("fr")
    assert fr.score(46.9) == "46,9"
    assert fr.long_date(dt.date(2026, 11, 20)) == "20 novembre 2026"
    assert translator(None).long_date(dt.date(2026, 11, 20)) == "20 November 2026"
    assert translator(None).score(46.9) == "46.9"


def test_an_unknown_language_is_a_usage_error_listing_the_available_ones() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "ci_assess", "report", str(EXAMPLE), "--lang", "de"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert "error: --lang: unknown language 'de'" in done.stderr
    assert "available languages: en, fr" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_answers_files_language(tmp_path: Path, runner: CliRunner) -> None:
    french = tmp_path / "fr.yaml"
    french.write_text(EXAMPLE.read_text(encoding="utf-8") + "language: fr\n", encoding="utf-8")
    code, out, err = _report(runner, str(french), "-f", "md")
    assert code == 0, err
    assert OVERALL_FR in out
    code, out, _ = _report(runner, str(french), "-f", "md", "--lang", "en")
    assert OVERALL_EN in out  # --lang overrides the file
    german = tmp_path / "de.yaml"
    german.write_text(EXAMPLE.read_text(encoding="utf-8") + "language: de\n", encoding="utf-8")
    code, _, err = _report(runner, str(german))
    line = len(EXAMPLE.read_text(encoding="utf-8").splitlines()) + 1
    assert code == 2
    assert f"{german}:{line}: language: unknown language 'de'" in err
    assert "available languages: en, fr" in err


def test_a_stale_translation_warns_once_and_shows_english(tmp_path: Path) -> None:
    """A copied questionnaire whose one text changed after translation: its French entry
    is stale, so that text is English, with one warning for the whole batch."""
    source = (ROOT / "questionnaires" / "customer-intimacy.yaml").read_text(encoding="utf-8")
    old = "Customer intimacy operating-model assessment"
    (tmp_path / "q.yaml").write_text(source.replace(f"title: {old}", "title: CI check"))
    overlay = (ROOT / "questionnaires" / "customer-intimacy.fr.yaml").read_text(encoding="utf-8")
    assert f'source: "{source_hash(old)}"' in overlay
    (tmp_path / "q.fr.yaml").write_text(overlay, encoding="utf-8")
    answers = EXAMPLE.read_text(encoding="utf-8").replace(
        "questionnaire: customer-intimacy", f"questionnaire: {tmp_path / 'q.yaml'}"
    )
    files = []
    for n in (1, 2):
        (tmp_path / f"a{n}.yaml").write_text(answers, encoding="utf-8")
        files.append(str(tmp_path / f"a{n}.yaml"))
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "ci_assess",
            "report",
            *files,
            "-d",
            str(tmp_path / "out"),
            "--lang",
            "fr",
            "-q",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    warnings = [line for line in done.stderr.splitlines() if line.startswith("warning:")]
    assert warnings == [
        f"warning: {tmp_path / 'q.fr.yaml'}:8: title: the source text changed since it was "
        "translated; shown untranslated (update the translation and its source hash)"
    ]
    text = (tmp_path / "out" / "a1.md").read_text(encoding="utf-8")
    assert "CI check" in text and "Orientation et fixation des objectifs" in text


@pytest.mark.parametrize("name", ["ci_assess.po"])
def test_the_compiled_catalogues_match_their_sources(name: str) -> None:
    """Regenerate with: pybabel compile -d src/ci_assess/locale -D ci_assess"""
    from io import BytesIO

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    folder = ROOT / "src" / "ci_assess" / "locale"
    sources = sorted(folder.glob(f"*/LC_MESSAGES/{name}"))
    assert sources, "no catalogue found"
    for po in sources:
        with po.open("rb") as handle:
            catalogue = read_po(handle)
        compiled = BytesIO()
        write_mo(compiled, catalogue)
        assert po.with_suffix(".mo").read_bytes() == compiled.getvalue(), po
