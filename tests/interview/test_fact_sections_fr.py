# ruff: noqa: RUF001 (French text: its apostrophe is U+2019)
"""``interview --lang fr --section outcomes|key-accounts`` through the Prompt interface:
every prompt and notice in French, KPI titles and key-account elements from the French
overlay, the same reply keys and the same file as in English (issue 18)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ci_assess.interview.session import InterviewOptions, Outcome, Result, run_interview
from tests.interview.test_fact_sections import (
    ELEMENTS_CONTOSO,
    OUTCOME_REPLIES,
    northwind,
    saved,
)
from tests.interview.test_interview import TODAY, Reply, Script

NBSP, NNBSP = "\u00a0", "\u202f"
# Words of English prose no French prompt contains (short French words left out).
ENGLISH = {"the", "and", "is", "of", "each", "with", "every", "this", "its", "type", "keeps"}


def run(
    output: Path, replies: Sequence[Reply], section: str, lang: str | None = "fr"
) -> tuple[Result, Script]:
    script = Script(replies)
    options = InterviewOptions(output=output, today=TODAY, section=section, language=lang)
    return run_interview(options, script), script


def english_words(lines: list[str]) -> set[str]:
    return {w for line in lines for w in line.lower().replace(",", " ").split()} & ENGLISH


def test_outcomes_in_french_write_the_same_file(tmp_path: Path) -> None:
    (tmp_path / "fr").mkdir()
    (tmp_path / "en").mkdir()
    french, english = northwind(tmp_path / "fr"), northwind(tmp_path / "en")
    result, script = run(french, OUTCOME_REPLIES, "outcomes")
    assert result.outcome is Outcome.FINISHED
    run(english, OUTCOME_REPLIES, "outcomes", lang=None)
    # The same replies make the same outcomes: reply keys (c, v, i, -) do not change.
    assert saved(french)["outcomes"] == saved(english)["outcomes"]
    assert script.notices("warning") == [
        f"la fidélisation est une fraction{NBSP}: écrivez 0.8 pour 80{NBSP}%",
        "la valeur actuelle est datée du 2025-01-01, avant sa situation de référence (2025-06-30)",
    ]
    shown = [s.text for s in script.said if hasattr(s, "text")]
    # The KPI heading: its French title (overlay), unit and direction from the catalogue.
    assert (
        "── Fidélisation des clients (1 sur 12) · un pourcentage de 0 à 100 "
        f"(86 signifie 86{NBSP}%), à maximiser" in shown
    )
    assert script.asked[:5] == [
        "situation de référence, valeur",
        "situation de référence, date (AAAA-MM-JJ)",
        "aujourd’hui, valeur",
        "aujourd’hui, date (AAAA-MM-JJ)",
        "cible",
    ]
    assert f"situation de référence{NBSP}: c = effectifs, v = valeur" in script.asked
    clv = f"aujourd’hui{NBSP}: v = valeur, i = marge, fidélisation et actualisation"
    assert clv in script.asked
    assert "KPI propre à ajouter ou modifier (un nom, Entrée = terminé)" in script.asked
    assert not english_words(shown + script.asked)


def test_refused_replies_are_said_in_french(tmp_path: Path) -> None:
    out = northwind(tmp_path)
    replies: list[Reply] = ["abc", "150", "82", "2025-13-01", "2025-06-30", "q"]
    _, script = run(out, replies, "outcomes")
    assert script.notices("warning") == [
        f"pas un nombre{NBSP}: 'abc'{NNBSP}; écrivez par exemple 86 ou 0.8 (un point pour "
        "les décimales)",
        f"150 est hors limites{NBSP}: indiquez une valeur de 0 à 100",
        f"date non reconnue{NBSP}: '2025-13-01'{NNBSP}; utilisez AAAA-MM-JJ",
    ]
    assert saved(out)["outcomes"]["customer_retention"]["baseline"]["value"] == 82


def test_key_accounts_in_french(tmp_path: Path) -> None:
    out = northwind(tmp_path)
    replies: list[Reply] = [
        "EUR",
        *["a", "Contoso Foods", "4200000", "3", *ELEMENTS_CONTOSO, "CFO", "2025-01-10"],
        *["a", "contoso foods", "Fabrikam", "2600000", "5", "4"],  # a name taken; tier 5
        *["2", "2", "1", "2", "2", "1", "0", "", ""],
        "e nobody",
        "x",
        *["r Contoso Foods", "y"],
        "l",
        "",
    ]
    result, script = run(out, replies, "key-accounts")
    assert result.outcome is Outcome.FINISHED
    keys = (
        "a = ajouter · e NOM = modifier · r NOM = retirer · l = lister · Entrée = terminer · "
        "q = enregistrer et arrêter"
    )
    assert script.notices("warning") == [
        f"'contoso foods' est déjà un grand compte{NBSP}: e contoso foods le modifie",
        f"tapez le palier{NBSP}: 4, 3, 2 ou 1",
        f"aucun grand compte nommé 'nobody'{NNBSP}; les comptes{NBSP}: Contoso Foods, Fabrikam",
        keys,
    ]
    assert script.asked[0] == (
        f"devise des chiffres d’affaires (ISO 4217, par exemple EUR{NNBSP}; Entrée = aucune)"
    )
    assert f"grands comptes{NBSP}: {keys}" in script.asked
    assert f"retirer Contoso Foods{NNBSP}? (y = oui, n = non)" in script.asked
    shown = [s.text for s in script.said if hasattr(s, "text")]
    assert "Contoso Foods retiré" in shown
    assert "Aucun grand compte pour l’instant." in shown
    # Elements and tiers from the French overlay.
    assert any(line.startswith("Parcours de valeur" + NBSP + ": 4 = ") for line in shown)
    assert f"Fabrikam{NBSP}: chiffre d’affaires 2600000, palier 4, éléments 2 2 1 2 2 1 0" in shown
    assert not english_words(shown + script.asked)
    # The same file as in English: the reply keys and the values are the same.
    assert [a["name"] for a in saved(out)["key_accounts"]] == ["Fabrikam"]
