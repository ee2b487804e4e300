"""The sections issues 13 and 15 added (outcomes, key accounts, progress, benchmark) in
French: golden reports, no English sentence left, figures formatted for the locale, the
JSON's figures identical to English, plurals that agree in French.

The goldens go through the real command line where a second file or a store is involved
(``--baseline``, ``--benchmark``), run from the repository so that the baseline's path
the report names is the same on every machine.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from babel.messages.extract import extract_from_file
from typer.testing import CliRunner

from ci_assess.app.assess import assess
from ci_assess.app.compare import open_cached
from ci_assess.cli import app
from ci_assess.files.catalogues import translator
from ci_assess.render import Format, renderer_for
from tests.cli.test_combine_outcomes import CONTOSO_ELEMENTS, ceo_text
from tests.cli.test_combine_outcomes import files as combine_files
from tests.conftest import EXAMPLE, ROOT, VALID
from tests.render.test_report_pages import (
    CORE_PAGES,
    MIN_LINES,
    flat,
    lines,
    printed_pages,
    visible,
)

GOLDEN = Path(__file__).parents[1] / "golden"
OUTCOMES = ROOT / "examples" / "northwind-outcomes.yaml"
BASELINE = VALID / "northwind-outcomes-2025.yaml"
TEMPLATES = ROOT / "report_templates"
PARTIALS = [
    "_outcomes",
    "_key_accounts",
    "_key_account_elements",
    "_key_accounts_appendix",
    "_progress",
    "_progress_summary",
    "_benchmark",
]
SOURCES = ["outcome_view.py", "progress_outcomes.py"]


def _check_golden(text: str, name: str, request: pytest.FixtureRequest) -> None:
    golden = GOLDEN / name
    if request.config.getoption("--update-golden"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def _cli(*args: str) -> str:
    done = CliRunner().invoke(app, list(args))
    assert done.exit_code == 0, done.output
    return done.stdout


@pytest.fixture(scope="module")
def french_outcomes() -> dict[Format, str]:
    report = assess(str(OUTCOMES), language="fr")
    return {fmt: renderer_for(fmt).render(report) for fmt in (Format.md, Format.html, Format.json)}


@pytest.fixture(scope="module")
def french_progress() -> dict[str, str]:
    """northwind-outcomes against its 2025 baseline, in French, as the CLI writes it."""
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)  # the report names the baseline by the path it was given
        base = ["report", "examples/northwind-outcomes.yaml", "--lang", "fr", "--baseline"]
        path = str(BASELINE.relative_to(ROOT))
        return {fmt: _cli(*base, path, "-f", fmt) for fmt in ("md", "html", "json")}


@pytest.mark.parametrize("fmt", [Format.md, Format.html, Format.json])
def test_golden_french_outcomes(
    french_outcomes: dict[Format, str], fmt: Format, request: pytest.FixtureRequest
) -> None:
    """Refresh with: python -m pytest tests/render/test_french_sections.py --update-golden"""
    _check_golden(french_outcomes[fmt], f"northwind-outcomes.fr{fmt.extension}", request)


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_golden_french_progress(
    french_progress: dict[str, str], fmt: str, request: pytest.FixtureRequest
) -> None:
    _check_golden(french_progress[fmt], f"northwind-outcomes-progress.fr.{fmt}", request)


# --- hand-checked figures and words ----------------------------------------------------


def test_outcome_rows_in_french_figures_and_words(french_outcomes: dict[Format, str]) -> None:
    """Worked out from examples/northwind-outcomes.yaml before the run: retention 82 -> 86
    (+4.0 points, target 90 not reached), CLV 2,900 -> 1,200 x 0.8 / 0.3 = 3,200 EUR,
    Contoso's revenue 4,200,000 EUR reviewed 10 Jan 2025, 730 review days."""
    md = french_outcomes[Format.md]
    nb, nnb = "\u00a0", "\u202f"
    assert f"| Fidélisation des clients | 82,0{nb}%, 30 juin 2025 | 86,0{nb}%, 30 juin 2026" in md
    assert f"\\+4,0{nb}points | ▲ en amélioration | pas encore |" in md
    assert f"2{nnb}900,00{nb}€, 30 juin 2025 | 3{nnb}200,00{nb}€, 30 juin 2026" in md
    assert f"20,0{nb}±{nb}10,5 (n{nb}={nb}250)" in md
    assert (
        f"| Contoso Foods | 4{nnb}200{nnb}000{nb}€ | 37,17{nb}% | 3 Différenciation | 50,0 |" in md
    )
    assert "| 10 janv. 2025 |" in md and "jamais consignée" in md
    assert f"plus de 730{nb}jours avant l\u2019évaluation" not in md  # a count, not a unit
    assert "plus de 730 jours avant l\u2019évaluation" in md
    assert f"Signaux{nb}: *sans parrain*" in md
    assert f"2{nb}: Fabrikam Restaurants, Harbour Hotels" in md
    assert f"l\u2019indice de Herfindahl-Hirschman est de 2{nnb}214,0 (sur 10{nnb}000)" in md


def test_french_counts_agree_with_their_number(french_progress: dict[str, str]) -> None:
    """French reads 0 and 1 in the singular: '1 critère rempli', '1 compte', '0 compte'."""
    md, html = french_progress["md"], french_progress["html"]
    assert "1 critère rempli sur 5." in md and "critères remplis" not in md
    assert "1 groupe en progrès" in md
    assert "3 réponses ont changé" in md
    assert ">1 compte</text>" in html and ">0 compte</text>" in html and ">2 comptes</text>" in html
    assert "1 grave, " in html


@pytest.mark.parametrize("n, expected", [(0, "0 compte"), (1, "1 compte"), (2, "2 comptes")])
def test_plural_forms_of_the_catalogue(n: int, expected: str) -> None:
    t = translator("fr")
    assert t.ngettext("%(n)s account", "%(n)s accounts", n) == expected
    english = translator(None).ngettext("%(n)s account", "%(n)s accounts", n)
    assert english == f"{n} account" + ("" if n == 1 else "s")


def test_progress_in_french_dates_and_words(french_progress: dict[str, str]) -> None:
    md = french_progress["md"]
    nb = "\u00a0"
    assert "## Progrès depuis le 12 juin 2025\n" in md
    assert f"Depuis le 12 juin 2025{nb}: maturité du modèle opérationnel 43,2 → 44,2 (+1,0)" in md
    assert f"**Maturité globale{nb}:** 43,2 → 44,2 (+1,0)." in md
    assert f"Fidélisation des clients 82,0{nb}% → 86,0{nb}%, en amélioration" in md
    assert "(voir «\u00a0Progrès\u00a0»)" in md


# --- nothing left in English ---------------------------------------------------------


def _messages() -> list[tuple[str, str | None]]:
    """Every message the partials and their Python write: (singular, plural or None)."""
    found: list[tuple[str, str | None]] = []
    keywords = {"_": None, "_e": None, "N_": None, "gettext": None, "ngettext": (1, 2)}
    files = [TEMPLATES / f"{p}.{kind}.j2" for p in PARTIALS for kind in ("md", "html")]
    files += [ROOT / "src" / "ci_assess" / "render" / name for name in SOURCES]
    for path in files:
        method = "python" if path.suffix == ".py" else "jinja2"
        for _, message, _, _ in extract_from_file(method, str(path), keywords=keywords):
            found.append((message, None) if isinstance(message, str) else (message[0], message[1]))
    return sorted(set(found), key=str)


def _msgids() -> list[str]:
    return sorted({m for pair in _messages() for m in pair if m})


def _fragments(msgid: str) -> list[str]:
    """The English words of a message between its placeholders: those of two words or more
    (a single word like "Score" may be French too, and "n =" is no word)."""
    pieces = [p.strip(" ,.;:()") for p in re.split(r"%\(\w+\)s|%%", msgid)]
    return [p for p in pieces if len(re.findall(r"[A-Za-z]{2,}", p)) >= 2]


def test_the_partials_write_enough_messages_to_check() -> None:
    ids = _msgids()
    assert len(ids) > 100  # the extraction saw the partials (a wrong path would give none)
    assert "Revenue concentration" in ids and "never recorded" in ids


def test_every_message_of_these_sections_is_translated() -> None:
    t = translator("fr")
    same = {"Score", "Question", "%(indicator)s: %(note)s"}  # French as well, or nbsp only
    untranslated = []
    for singular, plural in _messages():
        if plural is None:
            shown = [t.gettext(singular)]
        else:
            shown = [t.plural(singular, plural, 1), t.plural(singular, plural, 2)]
        if singular not in same and (singular in shown or plural in shown):
            untranslated.append(singular)
    assert untranslated == []


def _sections(report: str, fmt: str) -> str:
    """These sections of a report (the rest holds the example's English notes): outcomes,
    key accounts and progress, and the executive summary's progress line."""
    if fmt == "md":
        since = [line for line in report.splitlines() if line.startswith("Depuis ")]
        return "\n".join(since) + report[report.index("## Résultats") : report.index("\n# Annexe")]
    parts = re.findall(
        r"<p>Depuis .*?</p>"
        r'|<section aria-labelledby="(?:outcomes|key-accounts|progress)">.*?</section>',
        report,
        re.DOTALL,
    )
    return "".join(parts)


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_no_english_sentence_in_the_french_sections(
    french_progress: dict[str, str], french_outcomes: dict[Format, str], fmt: str
) -> None:
    text = _sections(french_progress[fmt], fmt) + _sections(french_outcomes[Format(fmt)], fmt)
    shown = visible(text) if fmt == "html" else text
    shown = " ".join(shown.replace("\\", "").split())
    # The client's own texts are English in the example: the custom KPI's title.
    shown = shown.replace("Days to onboard a key account", "")
    left = sorted({f for m in _msgids() for f in _fragments(m) if f in shown})
    assert left == []
    assert set(re.findall(r"[A-Za-z]+", shown)) & ENGLISH == set()


ENGLISH = {"improved", "worse", "unchanged", "Tier", "Flags", "sponsor", "revenue",
           "customers", "Progress", "Benchmark", "baseline", "none", "never", "yes",
           "days", "accounts", "weak", "since", "Since", "moved", "nothing"}  # fmt: skip


def test_the_english_checks_find_english_where_there_is() -> None:
    """The same checks on the English sections find sentences and words: they can fail."""
    md = renderer_for(Format.md).render(assess(str(OUTCOMES)))
    shown = md[md.index("## Outcomes") : md.index("\n# Appendix")]
    assert len({f for m in _msgids() for f in _fragments(m) if f in shown}) > 30
    assert len(set(re.findall(r"[A-Za-z]+", shown)) & ENGLISH) > 10


# --- JSON: only the words differ ----------------------------------------------------

HUMAN = {"title", "text", "level", "level_name", "level_description", "name", "message",
         "recommendation", "owner", "target_source", "tier_name", "language"}  # fmt: skip


def _differences(en: Any, fr: Any, path: str = "") -> list[str]:
    """Where the two reports differ, except in a human-readable field (by its key)."""
    if isinstance(en, dict) and isinstance(fr, dict):
        if en.keys() != fr.keys():
            return [f"{path}: keys {sorted(en.keys() ^ fr.keys())}"]
        found = []
        for key in en:
            inside = path.rsplit(".", 1)[-1] in {"tier_names", "reason"} and key != "code"
            if (key in HUMAN or inside) and isinstance(en[key], str):
                continue
            found += _differences(en[key], fr[key], f"{path}.{key}")
        return found
    if isinstance(en, list) and isinstance(fr, list) and len(en) == len(fr):
        return [
            d
            for k, (a, b) in enumerate(zip(en, fr, strict=True))
            for d in _differences(a, b, f"{path}[{k}]")
        ]
    return [] if en == fr else [f"{path}: {en!r} != {fr!r}"]


def test_french_json_differs_from_english_only_in_words(french_progress: dict[str, str]) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)
        english = _cli(
            "report", "examples/northwind-outcomes.yaml", "--baseline",
            str(BASELINE.relative_to(ROOT)), "-f", "json",
        )  # fmt: skip
    en, fr = json.loads(english), json.loads(french_progress["json"])
    assert fr["language"] == "fr" and en["language"] == "en"
    assert _differences(en, fr) == []
    # ... and the words that are the client's do differ (the check compares something).
    assert fr["outcomes"][0]["title"] != en["outcomes"][0]["title"]
    assert fr["key_accounts"]["tier_names"] != en["key_accounts"]["tier_names"]
    assert fr["progress"] == en["progress"] and fr["key_accounts"]["accounts"][0]["reviewed_on"]


def test_the_json_comparison_catches_a_changed_figure() -> None:
    en = {"outcomes": [{"title": "Retention", "delta": 4.0, "on": "2026-06-30"}]}
    fr = {"outcomes": [{"title": "Fidélisation", "delta": 4.0, "on": "2026-06-30"}]}
    assert _differences(en, fr) == []
    fr["outcomes"][0]["on"] = "30 juin 2026"
    assert _differences(en, fr) == [".outcomes[0].on: '2026-06-30' != '30 juin 2026'"]


# --- benchmark ---------------------------------------------------------------------

SEGMENT = "industry: food distribution\nsize: mid\n"


def _peer(folder: Path, k: int) -> Path:
    """Northwind's answers as another company of the segment, ``k`` answers a level up."""
    text = EXAMPLE.read_text(encoding="utf-8").replace("Northwind Traders", f"Peer {k}")
    for _ in range(k * 6):
        text = text.replace("level: 1\n", "level: 2\n", 1)
    path = folder / f"peer-{k}.yaml"
    path.write_text(text + SEGMENT, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def benchmark_sections(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The benchmark section of Northwind among six stored peers, in French."""
    open_cached.cache_clear()
    folder = tmp_path_factory.mktemp("bench")
    url = f"sqlite:///{folder / 'store.sqlite3'}"
    _cli("history", "add", *(str(_peer(folder, k)) for k in range(6)), "--db", url)
    mine = folder / "northwind.yaml"
    mine.write_text(EXAMPLE.read_text(encoding="utf-8") + SEGMENT, encoding="utf-8")
    args = ["report", str(mine), "--benchmark", "--lang", "fr", "--db", url]
    md, html = _cli(*args), _cli(*args, "-f", "html")
    open_cached.cache_clear()
    return {
        "md": md[md.index("## Comparaison sectorielle") :].split("\n## ")[0].split("\n# ")[0],
        "html": html[html.index('<section aria-labelledby="benchmark">') :].split("</section>")[0],
    }


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_golden_french_benchmark_section(
    benchmark_sections: dict[str, str], fmt: str, request: pytest.FixtureRequest
) -> None:
    _check_golden(benchmark_sections[fmt] + "\n", f"northwind-benchmark.fr.{fmt}", request)


def test_benchmark_in_french(benchmark_sections: dict[str, str]) -> None:
    md = benchmark_sections["md"]
    assert "Par rapport à la dernière évaluation de 6 autres entreprises, secteur food " in md
    assert "| Maturité globale |" in md and "| Centile |" in md
    assert not re.search(r"\d\.\d", md)  # percentiles with a decimal comma
    # By hand: peer 0 is Northwind itself (a tie counts half), peers 1-5 raise answers of
    # level 1, so score higher overall: (0 + 0.5) / 6 = 8.3 %; a group none of them
    # changed ties with all six: 3 / 6 = 50.0.
    assert "| Maturité globale | 8,3 | 6 |" in md
    assert "| Processus de support | 50,0 | 6 |" in md


# --- the printed French report --------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_french_outcomes_report_keeps_its_printed_core(paper: str, tmp_path: Path) -> None:
    """With outcomes and key accounts the French PDF still prints the five core sections
    on at most five pages before them, and no page is nearly empty (the heatmap's taller
    French labels and the longer sentences included)."""
    source = tmp_path / "fr-outcomes" / "northwind-outcomes.yaml"
    source.parent.mkdir()
    source.write_text(OUTCOMES.read_text(encoding="utf-8") + "language: fr\n", encoding="utf-8")
    shutil.copy(OUTCOMES.parent / "customers.csv", source.parent / "customers.csv")
    pages = printed_pages(source, paper, tmp_path)
    heads = [[s.strip() for s in lines(page)] for page in pages]
    outcomes = [i for i, page in enumerate(heads) if "Résultats" in page]
    appendix = [i for i, page in enumerate(heads) if "Annexe" in page]
    assert outcomes and appendix, "the sections have their French headings"
    assert outcomes[0] <= CORE_PAGES, f"{outcomes[0]} pages before the outcomes"
    assert any("Grands comptes" in page for page in heads[outcomes[0] : appendix[0] + 1])
    thin = {i + 1: len(lines(page)) for i, page in enumerate(pages) if len(lines(page)) < MIN_LINES}
    assert thin == {}, f"pages with fewer than {MIN_LINES} lines: {thin}"
    assert "Synthèse" in flat(pages[0])


def test_combined_means_of_key_account_levels_in_french(tmp_path: Path) -> None:
    """A combined report's element levels are means (1.5 = (3 + 0) / 2 for Contoso's
    selection, 2.5 = (2 + 3) / 2 for its planning): French writes them 1,5 and 2,5 in the
    table and in the heatmap's cells; English as before."""
    text = ceo_text().replace(
        CONTOSO_ELEMENTS,
        CONTOSO_ELEMENTS.replace("selection: 3, planning: 2", "selection: 0, planning: 3"),
    )
    sales, ceo = combine_files(tmp_path, text)
    base = ["report", str(sales), str(ceo), "--combine"]
    md, html = _cli(*base, "--lang", "fr"), _cli(*base, "--lang", "fr", "-f", "html")
    assert "| Contoso Foods | 1,5 | 2,5 | 2 | 3 | 2 | 1 | 1 |" in md
    assert 'text-anchor="middle">1,5</text>' in html and '<td class="num">2,5</td>' in html
    assert "| Contoso Foods | 1.5 | 2.5 | 2 | 3 | 2 | 1 | 1 |" in _cli(*base)
