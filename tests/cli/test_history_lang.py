"""`history show --lang` and `benchmark --lang` (issue 18) through the real command line,
against a SQLite store: French words, titles and numbers in the text output, the same
JSON in every language, English exactly as before without --lang."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ci_assess.app.compare import open_cached
from ci_assess.cli import app
from tests.conftest import EXAMPLE
from tests.history_data import write

NBSP, NNBSP = "\u00a0", "\u202f"  # French: before ":" and before ";"


@pytest.fixture(autouse=True)
def _fresh_store_cache() -> None:
    open_cached.cache_clear()  # a store opened by an earlier test is not this test's


def run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    done = runner.invoke(app, list(args))
    return done.exit_code, done.stdout, done.stderr


def northwind(folder: Path, company: str, *extra: str) -> Path:
    """The bundled example as another company's file, in the food industry."""
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        "company: Northwind Traders\n",
        "\n".join([f"company: {company}", "industry: Food", *extra]) + "\n",
        1,
    )
    path = folder / f"{company.lower().replace(' ', '-')}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def peers(runner: CliRunner, tmp_path: Path) -> str:
    """A store of six other companies that answered exactly as Northwind did: every
    percentile of Northwind is then 100 x (2 x 0 below + 6 equal) / (2 x 6) = 50.0."""
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    files = [str(northwind(tmp_path / "peers", f"Peer {n}")) for n in range(6)]
    code, _, err = run(runner, "history", "add", *files, "--db", url)
    assert code == 0, err
    return url


def test_benchmark_in_french(runner: CliRunner, tmp_path: Path) -> None:
    url = peers(runner, tmp_path)
    subject = str(northwind(tmp_path, "Northwind Traders"))
    code, out, err = run(runner, "benchmark", subject, "--lang", "fr", "--db", url)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "Northwind Traders parmi 6 autres entreprises (secteur Food, toutes tailles)"
    assert lines[1] == f"global{NBSP}: centile 50,0 (n = 6)"
    # Groups and disciplines by their titles in the French overlay, not by id.
    assert f"  Orientation et fixation des objectifs{NBSP}: centile 50,0 (n = 6)" in lines
    assert f"  Préparation à la transformation{NBSP}: centile 50,0 (n = 6)" in lines
    assert f"positions (au sein du secteur){NBSP}:" in lines
    assert f"  Intimité client{NBSP}: centile 50,0 (n = 6)" in lines
    assert not any("direction" in line or "percentile" in line for line in lines)
    # fr-CH falls back to the French catalogue; the figures are the same.
    assert run(runner, "benchmark", subject, "--lang", "fr-CH", "--db", url)[1] == out


def test_benchmark_text_in_english_is_as_before(runner: CliRunner, tmp_path: Path) -> None:
    url = peers(runner, tmp_path)
    subject = str(northwind(tmp_path, "Northwind Traders"))
    code, out, _ = run(runner, "benchmark", subject, "--db", url)
    assert code == 0
    assert out.splitlines()[:3] == [
        "Northwind Traders among 6 other companies (industry Food, every size)",
        "overall: percentile 50.0 (n = 6)",
        "  direction: percentile 50.0 (n = 6)",
    ]
    assert run(runner, "benchmark", subject, "--lang", "en", "--db", url)[1] == out


def test_benchmark_json_is_the_same_in_every_language(runner: CliRunner, tmp_path: Path) -> None:
    url = peers(runner, tmp_path)
    subject = str(northwind(tmp_path, "Northwind Traders"))
    english = run(runner, "benchmark", subject, "-f", "json", "--db", url)[1]
    french = run(runner, "benchmark", subject, "-f", "json", "--lang", "fr", "--db", url)[1]
    assert french == english and json.loads(french)["overall"] == {"percentile": 50.0, "n": 6}


def test_benchmark_speaks_the_files_language(runner: CliRunner, tmp_path: Path) -> None:
    url = peers(runner, tmp_path)
    subject = str(northwind(tmp_path, "Northwind Traders", "language: fr"))
    code, out, err = run(runner, "benchmark", subject, "--db", url)
    assert code == 0, err
    assert out.startswith("Northwind Traders parmi 6 autres entreprises")
    # --lang wins over the file's language.
    english = run(runner, "benchmark", subject, "--lang", "en", "--db", url)[1]
    assert english.startswith("Northwind Traders among 6 other companies")


def test_benchmark_sentences_in_french_when_too_few(runner: CliRunner, tmp_path: Path) -> None:
    url = peers(runner, tmp_path)
    subject = str(northwind(tmp_path, "Northwind Traders"))
    args = ("benchmark", subject, "--size", "mid", "--industry", "other", "--lang", "fr")
    code, out, _ = run(runner, *args, "--db", url)
    assert code == 0
    assert out.splitlines() == [
        "Northwind Traders parmi 0 autre entreprise (secteur other, entreprises de taille "
        "intermédiaire)",
        f"trop peu pour comparer (n = 0{NNBSP}; il en faut au moins 5)",
    ]
    code, out, _ = run(
        runner, "benchmark", subject, "--industry", "any", "--lang", "fr", "--db", url
    )
    assert out.splitlines()[0].endswith("(tous secteurs, toutes tailles)")
    assert out.splitlines()[-1] == (
        f"positions{NBSP}: données seulement au sein d\u2019un secteur (--industry NOM)"
    )


def test_one_other_company_is_singular_in_english(runner: CliRunner, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 's.sqlite3'}"
    run(runner, "history", "add", str(write(tmp_path, "p.yaml", "P", "2026-01-01")), "--db", url)
    subject = write(tmp_path, "acme.yaml", "Acme", "2026-02-01")
    code, out, _ = run(runner, "benchmark", str(subject), "--db", url)
    assert code == 0
    assert out.splitlines()[0] == "Acme among 1 other company (every industry, every size)"


def mini_store(runner: CliRunner, tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    old = write(tmp_path / "2025", "ceo.yaml", "Acme", "2025-01-01", alpha=0)
    new = write(tmp_path / "2026", "ceo.yaml", "Acme", "2026-01-01", alpha=3)
    code, _, err = run(runner, "history", "add", str(old), "--milestone", "baseline", "--db", url)
    assert code == 0, err
    assert run(runner, "history", "add", str(new), "--db", url)[0] == 0
    return url


def test_history_show_in_french(runner: CliRunner, tmp_path: Path) -> None:
    url = mini_store(runner, tmp_path)
    code, out, err = run(runner, "history", "show", "Acme", "--lang", "fr", "--db", url)
    assert code == 0, err
    # Scores as a French reader writes them (36.1 and 48.6 in English, see test_history_cli).
    assert "| 2025-01-01 | baseline | mini 0.1 | 1 | 36,1 |" in out
    assert "| 2026-01-01 | \u2013 | mini 0.1 | 1 | 48,6 |" in out
    html = tmp_path / "tendance.html"
    code, _, err = run(
        runner, "history", "show", "Acme", "--lang", "fr", "-o", str(html), "--db", url
    )
    assert code == 0, err
    assert ">36,1<" in html.read_text(encoding="utf-8")


def test_history_show_json_and_english_are_unchanged(runner: CliRunner, tmp_path: Path) -> None:
    url = mini_store(runner, tmp_path)
    english = run(runner, "history", "show", "Acme", "-f", "json", "--db", url)[1]
    assert run(runner, "history", "show", "Acme", "-f", "json", "--lang", "fr", "--db", url)[1] == (
        english
    )
    md = run(runner, "history", "show", "Acme", "--db", url)[1]
    assert "| 2025-01-01 | baseline | mini 0.1 | 1 | 36.1 |" in md
    assert run(runner, "history", "show", "Acme", "--lang", "en", "--db", url)[1] == md


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    src = str(Path(__file__).resolve().parents[2] / "src")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([src, *sys.path])}
    return subprocess.run(
        [sys.executable, "-m", "ci_assess", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


@pytest.mark.parametrize("command", ["history show Acme", "benchmark FILE"])
def test_an_unknown_language_is_a_usage_error(
    runner: CliRunner, tmp_path: Path, command: str
) -> None:
    url = mini_store(runner, tmp_path)
    args = command.replace("FILE", str(write(tmp_path, "z.yaml", "Zeta", "2026-01-01"))).split()
    done = cli(*args, "--lang", "de", "--db", url)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.splitlines() == [
        "error: --lang: unknown language 'de'",
        "  hint: available languages: en, fr",
    ]
