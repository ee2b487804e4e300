"""The store's commands through the real command line, on both engines; two `history add`
processes at once; the report's --baseline and --benchmark."""

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
from ci_assess.core.models.report import SCHEMA_VERSION
from tests.history_data import write


@pytest.fixture(autouse=True)
def _fresh_store_cache() -> None:
    open_cached.cache_clear()  # a store opened by an earlier test is not this test's


def run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    done = runner.invoke(app, list(args))
    return done.exit_code, done.stdout, done.stderr


def test_add_list_show_export_remove(runner: CliRunner, store_url: str, tmp_path: Path) -> None:
    old = write(tmp_path / "2025", "ceo.yaml", "Acme", "2025-01-01", alpha=0)
    new = write(tmp_path / "2026", "ceo.yaml", "Acme", "2026-01-01", alpha=3)
    code, _, err = run(
        runner, "history", "add", str(old), "--milestone", "baseline", "--db", store_url
    )
    assert code == 0, err
    assert "added: Acme 2025-01-01" in err
    code, _, err = run(runner, "history", "add", str(new), str(old), "--db", store_url)
    assert code == 0 and "unchanged: Acme 2025-01-01" in err
    code, out, _ = run(runner, "history", "list", "--format", "json", "--db", store_url)
    assert [(e["assessed_on"], e["milestone"], e["overall"]) for e in json.loads(out)] == [
        ("2025-01-01", "baseline", 36.1),
        ("2026-01-01", None, 48.6),
    ]
    code, out, _ = run(runner, "history", "list", "--db", store_url)
    assert code == 0 and "2 stored assessments" in out and "baseline" in out
    code, out, _ = run(runner, "history", "show", "acme", "--format", "json", "--db", store_url)
    assert code == 0 and [a["overall"] for a in json.loads(out)["assessments"]] == [36.1, 48.6]
    code, out, _ = run(runner, "history", "show", "Acme", "--db", store_url)
    assert "| 2025-01-01 | baseline | mini 0.1 | 1 | 36.1 |" in out
    html = tmp_path / "trend.html"
    code, _, _ = run(runner, "history", "show", "Acme", "-o", str(html), "--db", store_url)
    assert code == 0 and "<polyline" in html.read_text()
    code, out, _ = run(runner, "history", "export", "--format", "csv", "--db", store_url)
    assert out.splitlines()[0].startswith("id,company,industry,size,assessed_on,milestone")
    code, _, err = run(runner, "history", "remove", "--company", "ACME", "--yes", "--db", store_url)
    assert code == 0 and "removed 2 assessments" in err
    code, out, _ = run(runner, "history", "list", "--format", "json", "--db", store_url)
    assert json.loads(out) == []


def test_a_conflicting_add_exits_2_at_the_end(runner: CliRunner, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 's.sqlite3'}"
    path = write(tmp_path, "a.yaml", "Acme", "2026-01-01", alpha=3)
    run(runner, "history", "add", str(path), "--db", url)
    write(tmp_path, "a.yaml", "Acme", "2026-01-01", alpha=4)
    other = write(tmp_path, "z.yaml", "Zeta", "2026-01-01")
    code, _, err = run(runner, "history", "add", str(path), str(other), "--db", url)
    assert code == 2
    assert "stored with different answers" in err and "--replace" in err
    assert "added: Zeta" in err  # the other assessment went in
    code, _, err = run(runner, "history", "add", str(path), "--replace", "--db", url)
    assert code == 0 and "replaced: Acme" in err


def test_remove_asks_before_deleting_client_data(runner: CliRunner, tmp_path: Path) -> None:
    code, _, err = run(
        runner, "history", "remove", "--id", "1", "--db", f"sqlite:///{tmp_path / 's'}"
    )
    assert code == 2 and "--yes" in err
    code, _, err = run(runner, "history", "remove", "--db", f"sqlite:///{tmp_path / 's'}")
    assert code == 2 and "--company NAME or --id ID" in err


def test_report_with_baseline_and_benchmark(runner: CliRunner, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 's.sqlite3'}"
    old = write(tmp_path, "old.yaml", "Acme", "2025-01-01", alpha=0)
    run(runner, "history", "add", str(old), "--milestone", "baseline", "--db", url)
    new = write(tmp_path, "new.yaml", "Acme", "2026-01-01", alpha=3)
    code, out, err = run(
        runner,
        "report",
        str(new),
        "--baseline",
        "@baseline",
        "--benchmark",
        "-f",
        "json",
        "--db",
        url,
    )
    assert code == 0, err
    data = json.loads(out)
    assert data["schema_version"] == SCHEMA_VERSION
    assert data["progress"]["overall"] == {"from": 36.1, "to": 48.6, "delta": 12.5}
    assert data["progress"]["baseline"]["milestone"] == "baseline"
    assert data["benchmark"]["n"] == 0 and data["benchmark"]["suppressed"] is True
    code, out, _ = run(runner, "report", str(new), "--baseline", str(old))
    assert "## Progress since 2025-01-01" in out
    assert "**Overall maturity:** 36.1 → 48.6 (+12.5)." in out
    assert "- **What moved:** Direction (+56.2)." in out  # 6.3 -> 62.5
    code, out, _ = run(runner, "report", str(new), "-f", "html", "--baseline", str(old))
    assert '<h2 id="progress">Progress since 2025-01-01</h2>' in out
    code, out, _ = run(runner, "report", str(new))
    assert "Progress" not in out and "Benchmark" not in out


def test_report_baseline_problems_exit_2(runner: CliRunner, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 's.sqlite3'}"
    new = write(tmp_path, "new.yaml", "Acme", "2026-01-01")
    code, _, err = run(runner, "report", str(new), "--baseline", "@previous", "--db", url)
    assert code == 2 and "no earlier assessment of Acme" in err
    other = write(tmp_path, "z.yaml", "Zeta", "2025-01-01")
    code, _, err = run(runner, "report", str(new), "--baseline", str(other))
    assert code == 2 and "Zeta" in err and "Acme" in err
    code, _, err = run(
        runner,
        "report",
        str(new),
        str(other),
        "-d",
        str(tmp_path / "out"),
        "--baseline",
        str(other),
    )
    assert code == 2 and "only @previous or @MILESTONE" in err


def test_benchmark_command(runner: CliRunner, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 's.sqlite3'}"
    for n, alpha in enumerate([0, 1, 2, 3, 3, 4]):
        run(
            runner,
            "history",
            "add",
            str(write(tmp_path, f"p{n}.yaml", f"P{n}", "2026-01-01", alpha=alpha, industry="food")),
            "--db",
            url,
        )
    subject = write(tmp_path, "acme.yaml", "Acme", "2026-02-01", alpha=3, industry="Food")
    code, out, _ = run(runner, "benchmark", str(subject), "--format", "json", "--db", url)
    assert code == 0
    data = json.loads(out)
    assert data["segment"] == {"industry": "Food", "size": None}
    assert data["overall"] == {"percentile": 66.7, "n": 6}
    code, out, _ = run(runner, "benchmark", str(subject), "--db", url)
    assert "overall: percentile 66.7 (n = 6)" in out
    code, out, _ = run(runner, "benchmark", str(subject), "--industry", "other", "--db", url)
    assert "too few to compare (n = 0" in out
    code, _, err = run(runner, "benchmark", str(subject), "--size", "huge", "--db", url)
    assert code == 2 and "not a size" in err


def _add_process(url: str, files: list[Path]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "ci_assess", "history", "add", *map(str, files), "--db", url],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )


@pytest.mark.slow
def test_two_adds_at_once_lose_nothing(store_url: str, tmp_path: Path) -> None:
    first = [write(tmp_path / "a", f"{n}.yaml", f"A{n}", "2026-01-01") for n in range(12)]
    second = [write(tmp_path / "b", f"{n}.yaml", f"B{n}", "2026-01-01") for n in range(12)]
    shared = write(tmp_path, "shared.yaml", "Shared", "2026-01-01")  # both add it
    from ci_assess.store.engine import open_store

    open_store(store_url).close()  # initialised first (the race on creation is the next test's)
    runs = [_add_process(store_url, [*first, shared]), _add_process(store_url, [shared, *second])]
    results = [p.communicate(timeout=120) for p in runs]
    assert [p.returncode for p in runs] == [0, 0], results
    listed = subprocess.run(
        [sys.executable, "-m", "ci_assess", "history", "list", "-f", "json", "--db", store_url],
        capture_output=True,
        text=True,
        check=True,
    )
    companies = sorted(e["company"] for e in json.loads(listed.stdout))
    assert companies == sorted(
        [f"A{n}" for n in range(12)] + [f"B{n}" for n in range(12)] + ["Shared"]
    )


@pytest.mark.slow
def test_two_first_uses_at_once_initialise_the_store_once(store_url: str, tmp_path: Path) -> None:
    runs = [
        _add_process(store_url, [write(tmp_path, f"{n}.yaml", f"C{n}", "2026-01-01")])
        for n in range(2)
    ]
    results = [p.communicate(timeout=120) for p in runs]
    assert [p.returncode for p in runs] == [0, 0], results


def test_upgrade_and_export_to_a_file(runner: CliRunner, store_url: str, tmp_path: Path) -> None:
    code, _, err = run(runner, "history", "upgrade", "--db", store_url)
    assert code == 0 and "is up to date" in err
    run(
        runner,
        "history",
        "add",
        str(write(tmp_path, "a.yaml", "Acme", "2026-01-01")),
        "--db",
        store_url,
    )
    out = tmp_path / "all.jsonl"
    code, _, _ = run(runner, "history", "export", "-f", "jsonl", "-o", str(out), "--db", store_url)
    assert code == 0 and json.loads(out.read_text())["company"] == "Acme"


def test_a_store_that_cannot_be_reached_exits_2_with_the_password_masked(tmp_path: Path) -> None:
    url = f"postgresql+psycopg://ana:s3cret@/nowhere?host={tmp_path}"
    done = subprocess.run(
        [sys.executable, "-m", "ci_assess", "history", "list", "--db", url],
        capture_output=True, text=True, check=False,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )  # fmt: skip
    assert done.returncode == 2
    assert "s3cret" not in done.stderr and "ana:***@" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_variable_chooses_the_store(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'env.sqlite3'}"
    monkeypatch.setenv("CI_ASSESS_DB", url)
    code, _, err = run(
        runner, "history", "add", str(write(tmp_path, "a.yaml", "Acme", "2026-01-01"))
    )
    assert code == 0, err
    code, out, _ = run(runner, "history", "list", "-f", "json", "--db", url)  # the same file
    assert code == 0 and [e["company"] for e in json.loads(out)] == ["Acme"]


def test_a_combined_report_against_a_combined_baseline(runner: CliRunner, tmp_path: Path) -> None:
    # 2025: CEO alpha 0, CFO alpha 2 (mean 1: 7.25 / 18 = 40.3); 2026: alpha 3 and 1
    # (mean 2: 8 / 18 = 44.4).
    write(tmp_path / "2025", "ceo.yaml", "Acme", "2025-01-01", alpha=0)
    write(tmp_path / "2025", "cfo.yaml", "Acme", "2025-01-10", alpha=2, role="CFO")
    now = [
        write(tmp_path / "2026", "ceo.yaml", "Acme", "2026-01-01", alpha=3),
        write(tmp_path / "2026", "cfo.yaml", "Acme", "2026-01-10", alpha=1, role="CFO"),
    ]
    args = ["report", *map(str, now), "--combine", "-f", "json"]
    code, out, err = run(runner, *args, "--baseline", str(tmp_path / "2025"))
    assert code == 0, err
    progress = json.loads(out)["progress"]
    assert progress["overall"] == {"from": 40.3, "to": 44.4, "delta": 4.1}
    assert progress["questions"] == [{"question": "direction.alpha", "from": 1, "to": 2}]
    code, _, err = run(runner, *args, "--baseline", str(tmp_path / "2025" / "ceo.yaml"))
    assert code == 2 and "with --combine, the baseline is a folder" in err
