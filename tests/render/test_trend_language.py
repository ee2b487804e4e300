"""The trend of ``history show`` speaks the catalogue's language when asked: French words,
lang="fr", the same figures; without a language it is English exactly as before."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ci_assess.app import history
from ci_assess.render.trend import render_trend
from ci_assess.store.engine import Store, open_store
from tests.history_data import write


@pytest.fixture
def trend(tmp_path: Path) -> Iterator[dict[str, Any]]:
    store: Store = open_store(f"sqlite:///{tmp_path / 's.sqlite3'}")
    try:
        old = write(tmp_path / "2025", "ceo.yaml", "Acme", "2025-01-01", alpha=0)
        new = write(tmp_path / "2026", "ceo.yaml", "Acme", "2026-01-01", alpha=3)
        list(history.add(store, [str(old)], milestone="baseline"))
        list(history.add(store, [str(new)]))
        yield history.trend(store, "Acme")
    finally:
        store.close()


def test_trend_in_french(trend: dict[str, Any]) -> None:
    md = render_trend(trend, "md", "fr")
    html = render_trend(trend, "html", "fr")
    nb = "\u00a0"
    assert md.startswith(f"# Acme{nb}: évolution dans le temps\n")
    assert "2 évaluations enregistrées, de la plus ancienne à la plus récente." in md
    assert "| Évalué le | Jalon | Questionnaire | Répondants | Global |" in md
    assert "| 2025-01-01 | baseline | mini 0.1 | 1 | 36,1 |" in md  # by hand: 100 x 6.5 / 18
    assert '<html lang="fr">' in html and f"<h1>Acme{nb}: évolution dans le temps</h1>" in html
    english = render_trend(trend, "md")
    assert "| 2025-01-01 | baseline | mini 0.1 | 1 | 36.1 |" in english
    assert english.startswith("# Acme: progress over time\n") and "Jalon" not in english
    assert '<html lang="en">' in render_trend(trend, "html")
