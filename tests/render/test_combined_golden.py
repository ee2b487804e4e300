"""Golden combined reports of the example company (examples/clients/northwind/2026-11/),
in every text format, with and without --anonymous (JSON)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ci_assess.app.combine import CombineOptions, assess_combined
from ci_assess.render import Format, renderer_for
from tests.conftest import ROOT

GOLDEN = Path(__file__).parents[1] / "golden"
COMPANY = "examples/clients/northwind/2026-11"


def files() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / COMPANY).glob("*.yaml"))


@pytest.mark.parametrize(
    ("fmt", "anonymous"),
    [(Format.json, False), (Format.md, False), (Format.html, False), (Format.json, True)],
)
def test_golden_combined(
    fmt: Format, anonymous: bool, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Refresh with: python -m pytest tests/render/test_combined_golden.py --update-golden"""
    monkeypatch.chdir(ROOT)  # the files as the report names them: relative, as given
    report = assess_combined(files(), CombineOptions(anonymous=anonymous)).report
    text = renderer_for(fmt).render(report)
    golden = GOLDEN / f"northwind-combined{'-anonymous' if anonymous else ''}{fmt.extension}"
    if request.config.getoption("--update-golden"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", [Format.md, Format.html])
def test_golden_combined_french(
    fmt: Format, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The combined report in French (issue 18): the respondents, heatmap, agreement and
    follow-up sections and the blind spots through the catalogue, decimals with a comma.
    Refresh with: python -m pytest tests/render/test_combined_golden.py --update-golden"""
    monkeypatch.chdir(ROOT)
    report = assess_combined(files(), CombineOptions(), language="fr").report
    text = renderer_for(fmt).render(report)
    golden = GOLDEN / f"northwind-combined.fr{fmt.extension}"
    if request.config.getoption("--update-golden"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")
    assert "Répondants et écarts de perception" in text and "Points à approfondir" in text
    assert "Respondents and perception gaps" not in text and "Follow-up agenda" not in text


@pytest.mark.parametrize("fmt", [Format.md, Format.html])
def test_combined_report_names_no_question_id(fmt: Format, monkeypatch: pytest.MonkeyPatch) -> None:
    """The follow-up agenda names a question by its text and group, never by its id:
    the report goes to the client (ids stay in JSON)."""
    monkeypatch.chdir(ROOT)
    report = assess_combined(files(), CombineOptions()).report
    assert report.follow_up, "the example has questions to take back"
    text = renderer_for(fmt).render(report)
    if fmt is Format.html:  # visible text only: ids may stay in attributes
        text = re.sub(r"<[^>]+>", " ", text)
    shown = [a.question for a in report.answers if a.question in text]
    assert shown == []


@pytest.mark.parametrize("fmt", [Format.md, Format.html])
def test_combined_report_says_spread_in_words_not_ad(
    fmt: Format, monkeypatch: pytest.MonkeyPatch
) -> None:
    """'AD 1.00' was statisticians' shorthand in a report for a board: the follow-up
    agenda and the agreement table say it in words."""
    monkeypatch.chdir(ROOT)
    text = renderer_for(fmt).render(assess_combined(files(), CombineOptions()).report)
    assert not re.search(r"\bAD\b", text)
    assert "answers 1.00 levels from their mean of 1.50 on average" in text
