"""The interview in French, driven through the Prompt interface: the same keys and ids,
French prompts, questions and levels, and an answers file that records the language."""

from __future__ import annotations

from pathlib import Path

import yaml

from ci_assess.interview.prompts import QuestionView, ReviewView
from ci_assess.interview.session import InterviewOptions, run_interview
from tests.interview.test_interview import TODAY, Script, level


def _run(output: Path, replies: list[str], lang: str | None = "fr") -> Script:
    script = Script(replies)
    run_interview(InterviewOptions(output=output, today=TODAY, language=lang), script)
    return script


def test_the_interview_in_french(tmp_path: Path) -> None:
    out = tmp_path / "a.yaml"
    replies = ["Intimité client", "Acme", "", "CEO", "", "", "x", *level(3, "Noté"), "r"]
    replies += ["v 1", "q"]  # the review by group, then group 1's questions
    script = _run(out, replies)
    assert script.asked[:6] == [
        "discipline visée (1-4 ou nom)",
        "entreprise",
        "nom du répondant (Entrée = aucun)",
        "fonction du répondant, p. ex. directeur général",
        "évaluateur (Entrée = aucun)",
        f"date de l\u2019entretien (Entrée = {TODAY})",
    ]
    assert "2 = customer_intimacy (ci, Intimité client)" in script.notices("help")[1]
    first = next(s for s in script.said if isinstance(s, QuestionView))
    assert first.question_id == "direction.strategic_choice"  # ids never change
    assert first.text.startswith("L\u2019équipe de direction a-t-elle choisi explicitement")
    assert [row.name for row in first.levels] == [
        "Absent",
        "Ponctuel",
        "En développement",
        "Ancré",
        "Exemplaire",
    ]
    assert first.keys.startswith("0-4 niveau · n = sans objet · b = retour")
    assert script.notices("warning")[0].startswith("réponse non reconnue\u00a0: 'x'")
    review = next(s for s in script.said if isinstance(s, ReviewView) and s.rows)
    assert review.rows[0].answer == "3 Ancré" and review.rows[0].details == "note\u00a0: Noté"
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert data["target_discipline"] == "customer_intimacy"
    assert data["language"] == "fr"
    assert data["answers"]["direction.strategic_choice"] == {"level": 3, "note": "Noté"}


def test_a_file_in_french_resumes_in_french_and_english_after(tmp_path: Path) -> None:
    out = tmp_path / "a.yaml"
    _run(out, ["2", "Acme", "", "CEO", "", "", "q"])
    resumed = _run(out, ["q"], lang=None)  # the file's language: fr
    assert resumed.asked == ["réponse"]
    other = tmp_path / "b.yaml"
    english = _run(other, ["2", "Acme", "", "CEO", "", "", "q"], lang=None)
    assert english.asked[0] == "target discipline (1-4 or name)"
    assert "language" not in yaml.safe_load(other.read_text(encoding="utf-8"))


def test_the_new_interview_keys_speak_french(tmp_path: Path) -> None:
    """Compact mode, undo, the grouped review and finishing with questions open (#16)."""
    out = tmp_path / "a.yaml"
    replies = ["2", "Acme", "", "CEO", "", "", "c", *level(3), "u", "r", "f", "n", "q"]
    script = _run(out, replies)
    said = [s.text for s in script.said if hasattr(s, "text") and isinstance(s.text, str)]
    assert (
        "mode compact activé\u00a0: noms des niveaux seulement,\u202f? affiche les descriptions"
        in said
    )
    assert any(t.startswith("annulé\u00a0: direction.strategic_choice revient à") for t in said)
    assert "terminer malgré tout\u202f? (y/N)" in script.asked[-2]
    assert "question(s) sans réponse" in script.asked[-2]
    review = next(s for s in script.said if isinstance(s, ReviewView))
    assert review.keys.startswith("numéro ou identifiant = modifier cette réponse · e N")
