"""Language overlays: the model marks what is translatable; files fall back per field."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from ci_assess.cli import app
from ci_assess.core.language import fallbacks, normalise
from ci_assess.core.models.questionnaire import Questionnaire
from ci_assess.core.overlay import slots, source_hash, string_fields
from ci_assess.core.scoring import score
from ci_assess.errors import InputError
from ci_assess.files import loading
from ci_assess.files.loading import load_answers, load_questionnaire, resolve_questionnaire
from ci_assess.files.overlays import find_overlay, languages, read_overlay
from ci_assess.files.resources import questionnaires_dir
from tests.conftest import EXAMPLE

BUNDLED = questionnaires_dir() / "customer-intimacy.yaml"


def test_every_string_of_the_questionnaire_is_translatable_or_an_id() -> None:
    unmarked = [(m, f) for m, f, text, ident in string_fields(Questionnaire) if not (text or ident)]
    both = [(m, f) for m, f, text, ident in string_fields(Questionnaire) if text and ident]
    assert unmarked == [], "mark each as Text (translated) or with ID (core.models.text)"
    assert both == []


def test_the_strings_the_issue_names_are_translatable() -> None:
    """Titles, texts, help, levels, recommendations, scale names, bands, red flags,
    initiatives, actions, criteria and owners (the senior roles)."""
    marked = {(m, f) for m, f, text, _ in string_fields(Questionnaire) if text}
    for expected in [
        ("Questionnaire", "title"),
        ("Question", "text"),
        ("Question", "help"),
        ("Question", "levels"),
        ("Question", "recommendation"),
        ("Question", "owner"),
        ("ScaleLevel", "name"),
        ("MaturityLevel", "name"),
        ("MaturityLevel", "description"),
        ("RedFlag", "title"),
        ("RedFlag", "message"),
        ("EngagementInitiative", "title"),
        ("Action", "title"),
        ("Criterion", "text"),
        ("Group", "title"),
        ("Discipline", "title"),
        ("Kpi", "title"),  # the outcomes catalogue (issue 13)
        ("Kpi", "description"),
        ("KeyAccountElement", "title"),
        ("KeyAccountElement", "levels"),
        ("Tier", "name"),
        ("Tier", "description"),
    ]:
        assert expected in marked
    identifiers = {(m, f) for m, f, _, ident in string_fields(Questionnaire) if ident}
    assert ("Discipline", "aliases") in identifiers and ("Question", "prerequisites") in identifiers
    assert "weight" not in {s.name for s in slots(Questionnaire)}


def test_source_hash_is_of_the_nfc_text() -> None:
    # Hand-computed: sha256(b"abc") = ba7816bf8f01cfea…
    assert source_hash("abc") == "ba7816bf"
    assert source_hash("e\u0301") == source_hash("\u00e9")  # decomposed é is the same text


@pytest.mark.parametrize(
    ("tag", "chain"),
    [("fr-CH", ["fr-CH", "fr", "en"]), ("fr", ["fr", "en"]), ("en-GB", ["en-GB", "en"])],
)
def test_fallbacks(tag: str, chain: list[str]) -> None:
    assert fallbacks(tag) == chain


def test_normalise() -> None:
    assert normalise("FR_ch") == "fr-CH"
    assert normalise("zh-hant-tw") == "zh-Hant-TW"
    assert normalise("français") is None


# --- a small overlay beside a copy of the bundled questionnaire --------------------------


def _copy(tmp_path: Path) -> tuple[Path, Questionnaire]:
    target = tmp_path / "ci.yaml"
    shutil.copyfile(BUNDLED, target)
    return target, load_questionnaire(str(target))


def _entry(text: str, source: str) -> dict[str, str]:
    return {"fr": text, "source": source_hash(source)}


def _write(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    return path


def _overlay(q: Questionnaire, **sections: Any) -> dict[str, Any]:
    return {"overlay": q.id, "language": "fr", **sections}


def test_the_french_overlay_translates_outcomes_and_key_accounts() -> None:
    """The KPI catalogue, the key-account elements with their levels and the value
    journey's tiers (keyed by tier) come from the bundled French overlay."""
    path = resolve_questionnaire("customer-intimacy")
    source = load_questionnaire(str(path))
    overlay = find_overlay(path, "fr")
    assert overlay is not None
    french = read_overlay(overlay, source).questionnaire
    kpis = {k.id: k for k in french.outcomes}
    assert kpis["customer_retention"].title == "Fidélisation des clients"
    assert kpis["customer_lifetime_value"].title == "Valeur vie client"
    elements = {e.id: e for e in french.key_account_elements}
    assert elements["planning"].title == "Plan de compte"
    assert elements["planning"].levels[0] == "Il n\u2019existe aucun plan pour ce compte."
    tiers = {t.tier: t.name for t in french.value_journey}
    assert tiers == {4: "Prix", 3: "Différenciation", 2: "Valeur ajoutée", 1: "Bénéfice mutuel"}
    assert [k.unit for k in french.outcomes] == [k.unit for k in source.outcomes]


def test_fallback_per_field(tmp_path: Path) -> None:
    path, q = _copy(tmp_path)
    question = q.question_map["direction.value_proposition"]
    _write(
        tmp_path / "ci.fr.yaml",
        _overlay(
            q,
            questions={
                question.id: {
                    "text": _entry("Vos salariés comprennent-ils la proposition ?", question.text),
                    "levels": {2: _entry("Annoncée partout.", question.levels[2])},
                }
            },
        ),
    )
    read = read_overlay(tmp_path / "ci.fr.yaml", q)
    translated = read.questionnaire.question_map[question.id]
    assert translated.text == "Vos salariés comprennent-ils la proposition ?"
    assert translated.levels[2] == "Annoncée partout."
    assert translated.levels[3] == question.levels[3]  # missing: the source, per field
    assert translated.help == question.help
    other = read.questionnaire.question_map["direction.strategic_choice"]
    assert other.text == q.question_map["direction.strategic_choice"].text
    assert ("questions", question.id, "help") in read.findings.missing
    assert read.findings.stale == []
    assert path.exists()


def test_a_stale_entry_after_the_source_text_changes(tmp_path: Path) -> None:
    path, q = _copy(tmp_path)
    question = q.question_map["direction.value_proposition"]
    _write(
        tmp_path / "ci.fr.yaml",
        _overlay(q, questions={question.id: {"text": _entry("Traduit.", question.text)}}),
    )
    assert read_overlay(tmp_path / "ci.fr.yaml", q).findings.stale == []
    path.write_text(path.read_text().replace(question.text, "How well is the promise known?"))
    loading._load_questionnaire_file.cache_clear()  # the run's cache: the file was edited
    changed = load_questionnaire(str(path))
    read = read_overlay(tmp_path / "ci.fr.yaml", changed)
    assert read.findings.stale == [("questions", question.id, "text")]
    assert read.questionnaire.question_map[question.id].text == "How well is the promise known?"
    [warning] = read.stale_warnings()
    assert warning.startswith(
        f"warning: {tmp_path / 'ci.fr.yaml'}:5: questions.{question.id}.text:"
    )
    assert "shown untranslated" in warning


def test_the_translation_scores_as_the_source(tmp_path: Path) -> None:
    _, q = _copy(tmp_path)
    group = q.groups[0]
    _write(
        tmp_path / "ci.fr.yaml",
        _overlay(q, groups={group.id: {"title": _entry("Orientation", group.title)}}),
    )
    localised = read_overlay(tmp_path / "ci.fr.yaml", q).questionnaire
    answers = load_answers(str(EXAMPLE)).answers
    english, french = score(q, answers), score(localised, answers)
    assert french.process_groups[0].title == "Orientation"
    assert french.model_dump(exclude={"process_groups"}) == english.model_dump(
        exclude={"process_groups"}
    )
    assert [g.score for g in french.process_groups] == [g.score for g in english.process_groups]
    assert localised.question_map == q.question_map  # rebuilt, not a stale cached copy


@pytest.mark.parametrize(
    ("section", "line", "words"),
    [
        ({"questions": {"direction.value_proposition": {"weight": 3}}}, 5, "unknown key 'weight'"),
        (
            {"questions": {"direction.value_propsition": {"text": {"fr": "x", "source": "0" * 8}}}},
            4,
            "has no question 'direction.value_propsition'",
        ),
        (
            {"questions": {"direction.value_proposition": {"text": {"de": "x", "source": "0"}}}},
            6,
            "unknown key 'de'",
        ),
        (
            {"scale": {9: {"name": {"fr": "Neuf", "source": "00000000"}}}},
            4,
            "has no scale level '9'",
        ),
    ],
)
def test_strict_keys(tmp_path: Path, section: dict[str, Any], line: int, words: str) -> None:
    _, q = _copy(tmp_path)
    _write(tmp_path / "ci.fr.yaml", _overlay(q, **section))
    with pytest.raises(InputError) as caught:
        read_overlay(tmp_path / "ci.fr.yaml", q)
    found = [(p.line, p.message) for p in caught.value.problems]
    assert any(at == line and words in message for at, message in found), found


def test_an_overlay_of_another_questionnaire_or_language(tmp_path: Path) -> None:
    _, q = _copy(tmp_path)
    _write(tmp_path / "ci.fr.yaml", {"overlay": "other", "language": "fr"})
    with pytest.raises(InputError, match="overlay: 'other', but the questionnaire"):
        read_overlay(tmp_path / "ci.fr.yaml", q)
    _write(tmp_path / "ci.fr.yaml", {"overlay": q.id, "language": "de"})
    with pytest.raises(InputError, match="the file name says 'fr'"):
        read_overlay(tmp_path / "ci.fr.yaml", q)
    _write(tmp_path / "ci.fr.yaml", {"overlay": q.id, "language": "fr_CH"})
    with pytest.raises(InputError, match="write the tag as 'fr-CH'"):
        read_overlay(tmp_path / "ci.fr.yaml", q)


def test_find_overlay_falls_back_along_the_tag(tmp_path: Path) -> None:
    path, q = _copy(tmp_path)
    _write(tmp_path / "ci.fr.yaml", _overlay(q))
    assert find_overlay(path, "fr-CH") == tmp_path / "ci.fr.yaml"
    assert find_overlay(path, "de") is None
    _write(tmp_path / "ci.fr-CH.yaml", {**_overlay(q), "language": "fr-CH"})
    assert find_overlay(path, "fr-CH") == tmp_path / "ci.fr-CH.yaml"
    assert languages(path) == ["fr", "fr-CH"]


def test_validate_recognises_an_overlay(tmp_path: Path, runner: CliRunner) -> None:
    _, q = _copy(tmp_path)
    good = _write(tmp_path / "ci.fr.yaml", _overlay(q, title={"fr": "Titre", "source": "0" * 8}))
    result = runner.invoke(app, ["validate", str(good)])
    assert result.exit_code == 0, result.stderr
    assert f"ok: {good} (overlay)" in result.stderr
    _write(good, _overlay(q, questions={"direction.value_proposition": {"levels": {7: "x"}}}))
    result = runner.invoke(app, ["validate", str(good)])
    assert result.exit_code == 2
    assert f"{good}:6:" in result.stderr


def test_schema_overlay_describes_entries_of_any_language(runner: CliRunner) -> None:
    import json

    import jsonschema

    result = runner.invoke(app, ["schema", "overlay"])
    assert result.exit_code == 0
    validator = jsonschema.Draft202012Validator(json.loads(result.stdout))
    good = {
        "overlay": "customer-intimacy",
        "language": "de",
        "questions": {"direction.value_proposition": {"text": {"de": "…", "source": "3f9a1c2e"}}},
    }
    validator.validate(good)
    bad = {**good, "questions": {"direction.value_proposition": {"weight": 2}}}
    assert not validator.is_valid(bad)


def test_questionnaire_list_shows_languages_never_overlays(runner: CliRunner) -> None:
    result = runner.invoke(app, ["questionnaire", "list"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [line.split("\t")[0] for line in lines] == ["customer-intimacy"] * 2
    assert lines[1].endswith("\tcurrent\ten, fr")
    assert lines[0].endswith("\ten")
