"""A firm's own template and translations: its own words stay as written; the bundled
partials it imports speak the report's language with context, English without."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from ci_assess.cli import app
from tests.conftest import EXAMPLE


def _render(tmp_path: Path, body: str, *lang: str) -> str:
    folder = tmp_path / "tpl"
    folder.mkdir(exist_ok=True)
    (folder / "report.md.j2").write_text(body, encoding="utf-8")
    result = CliRunner().invoke(
        app, ["report", str(EXAMPLE), "--template", str(folder), "-f", "md", *lang]
    )
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_a_template_without_translation_calls_stays_english(tmp_path: Path) -> None:
    body = "Overall maturity: {{ report.overall.score | score }} ({{ report.overall.level }})\n"
    assert _render(tmp_path, body) == "Overall maturity: 44.2 (Responsive)\n"
    # Its words stay English; the questionnaire's texts and the numbers follow the language.
    assert _render(tmp_path, body, "--lang", "fr") == "Overall maturity: 44,2 (Réactif)\n"


def test_bundled_partials_follow_the_import(tmp_path: Path) -> None:
    without = '{% import "_text.j2" as text %}{{ text.value(none) }}\n'
    with_context = '{% import "_text.j2" as text with context %}{{ text.value(none) }}\n'
    assert _render(tmp_path, without, "--lang", "fr") == "not assessed\n"
    assert _render(tmp_path, with_context, "--lang", "fr") == "non évalué\n"
    assert _render(tmp_path, with_context) == "not assessed\n"


def test_a_template_can_use_the_catalogue(tmp_path: Path) -> None:
    body = '{{ _("Executive summary") }} · {{ _("Roadmap") }}\n'
    assert _render(tmp_path, body, "--lang", "fr") == "Synthèse · Feuille de route\n"
    assert _render(tmp_path, body) == "Executive summary · Roadmap\n"
