"""The French report: golden Markdown and HTML, French words, numbers and dates, the same
figures as English, lang="fr", and the printed core still five pages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ci_assess.app.assess import assess
from ci_assess.core.models.report import Report
from ci_assess.render import Format, renderer_for
from tests.conftest import EXAMPLE
from tests.render.test_report_pages import CORE_PAGES, MIN_LINES, flat, lines, printed_pages

GOLDEN = Path(__file__).parents[1] / "golden"


@pytest.fixture(scope="module")
def french() -> Report:
    return assess(str(EXAMPLE), language="fr")


@pytest.mark.parametrize("fmt", [Format.md, Format.html, Format.json])
def test_golden_french(french: Report, fmt: Format, request: pytest.FixtureRequest) -> None:
    """Refresh with: python -m pytest tests/render/test_french.py --update-golden"""
    text = renderer_for(fmt).render(french)
    golden = GOLDEN / f"northwind.fr{fmt.extension}"
    if request.config.getoption("--update-golden"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def test_french_headings_texts_numbers_and_dates(french: Report) -> None:
    md = renderer_for(Format.md).render(french)
    html = renderer_for(Format.html).render(french)
    assert md.startswith("# Rapport d\u2019écarts en intimité client\u00a0: Northwind Traders")
    assert "## Synthèse" in md and "## Feuille de route" in md and "# Annexe" in md
    assert "Évalué le\u00a0: 20 novembre 2026" in md
    assert "Complétude\u00a0: 97\u00a0% (69 répondues" in md
    assert "**44,2** / 100 (Réactif)" in md
    assert '<html lang="fr">' in html
    assert '<h2 id="summary">Synthèse</h2>' in html
    assert "20 novembre 2026" in html and "44,2" in html
    english = renderer_for(Format.html).render(assess(str(EXAMPLE)))
    assert '<html lang="en">' in english and "Synthèse" not in english


def test_french_and_english_json_carry_the_same_figures(french: Report) -> None:
    en = json.loads(renderer_for(Format.json).render(assess(str(EXAMPLE))))
    fr = json.loads(renderer_for(Format.json).render(french))
    for key in ("overall", "process_groups", "other_groups", "disciplines"):
        assert _figures(fr[key]) == _figures(en[key]), key
    assert fr["placement"] == en["placement"]
    assert [p["question"] for p in fr["priorities"]] == [p["question"] for p in en["priorities"]]


WORDS = ("title", "level", "level_description")


def _figures(node: object) -> object:
    """``node`` without its words: every number, id and flag, in the same places."""
    if isinstance(node, dict):
        return {k: _figures(v) for k, v in node.items() if k not in WORDS}
    if isinstance(node, list):
        return [_figures(v) for v in node]
    return node


@pytest.mark.slow
@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_french_core_fits_five_pages(paper: str, tmp_path: Path) -> None:
    """French runs longer than English: the five-page core and no nearly empty page hold."""
    source = tmp_path / "fr" / "northwind.yaml"
    source.parent.mkdir()
    source.write_text(EXAMPLE.read_text(encoding="utf-8") + "language: fr\n", encoding="utf-8")
    pages = printed_pages(source, paper, tmp_path)
    starts = [i for i, page in enumerate(pages) if "Annexe" in [s.strip() for s in lines(page)]]
    assert starts, "the Appendix has its French heading"
    assert starts[0] <= CORE_PAGES, f"{starts[0]} pages before the Appendix"
    thin = {i + 1: len(lines(page)) for i, page in enumerate(pages) if len(lines(page)) < MIN_LINES}
    assert thin == {}, f"pages with fewer than {MIN_LINES} lines: {thin}"
    assert "Synthèse" in flat(pages[0])


def test_the_outcomes_and_key_accounts_sections_in_french() -> None:
    """Issue 13's sections: the questionnaire's KPI, element and tier texts come from the
    overlay, the outcomes section's headings and sentences from the catalogue; the
    figures are those of the English report."""
    outcomes = EXAMPLE.parent / "northwind-outcomes.yaml"
    french = assess(str(outcomes), language="fr")
    english = assess(str(outcomes))
    md = renderer_for(Format.md).render(french)
    html = renderer_for(Format.html).render(french)
    assert "## Résultats\n" in md and '<h2 id="outcomes">Résultats</h2>' in html
    assert "| Indicateur | Situation de référence | Aujourd\u2019hui | Cible |" in md
    assert '<th scope="col">Cible atteinte</th>' in html
    assert "| Fidélisation des clients |" in md and "3 Différenciation" in md
    assert "Plan de compte" in md and "Valeur ajoutée" in html
    assert [o.model_dump(exclude={"title"}) for o in french.outcomes] == [
        o.model_dump(exclude={"title"}) for o in english.outcomes
    ]
