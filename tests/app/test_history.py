"""The store's use cases on both engines: add, identity, replace, list, trend, remove, export,
progress from the store, benchmarks against hand-computed percentiles."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from ci_assess.app import history
from ci_assess.app.assessments import group, read
from ci_assess.app.compare import benchmark_of, open_cached, progress_of, single
from ci_assess.errors import InputError, UsageError
from ci_assess.store.engine import Store, open_store
from tests.history_data import MINI, write


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    opened = open_store(store_url)
    yield opened
    opened.close()


def _statuses(store: Store, paths: list[Path], **options: object) -> list[str]:
    outcomes = list(history.add(store, [str(p) for p in paths], **options))  # type: ignore[arg-type]
    return [o.status or f"error: {o.error}" for o in outcomes]


def test_files_of_one_company_within_60_days_are_one_assessment(tmp_path: Path) -> None:
    files = [
        read(str(write(tmp_path / "a", "ceo.yaml", "Acme", "2026-01-01"))),
        read(str(write(tmp_path / "b" / "deep", "cfo.yaml", " ACME ", "2026-03-02"))),  # 60 days
        read(str(write(tmp_path, "later.yaml", "Acme", "2026-03-03"))),  # 61 days after the first
        read(str(write(tmp_path, "zeta.yaml", "Zeta", "2026-01-01"))),
    ]
    groups = [[f.source.rsplit("/", 1)[-1] for f in g] for g in group(files)]
    assert groups == [["ceo.yaml", "cfo.yaml"], ["later.yaml"], ["zeta.yaml"]]


def test_several_respondents_are_one_combined_assessment(store: Store, tmp_path: Path) -> None:
    ceo = write(tmp_path / "acme", "ceo.yaml", "Acme", "2026-01-01", alpha=3)
    cfo = write(tmp_path / "elsewhere", "cfo.yaml", "Acme", "2026-01-20", alpha=1, role="CFO")
    assert _statuses(store, [ceo, cfo]) == ["added"]
    (entry,) = history.listing(store)
    # direction.alpha: the mean of 3 and 1 is 2, so 6.5 + 0.75 x 2 = 8 points of 18.
    assert entry["overall"] == 44.4
    assert sorted(entry["respondents"]) == ["CEO", "CFO"]
    assert entry["assessed_on"] == "2026-01-20"  # the latest interview
    trend = history.trend(store, "Acme")
    assert trend["assessments"][0]["groups"]["direction"] == 43.8  # (1.5 + 0.25) / 4
    assert _statuses(store, [cfo, ceo]) == ["unchanged"]  # the same files, in any order


def test_respondents_that_cannot_be_combined_add_nothing(store: Store, tmp_path: Path) -> None:
    ceo = write(tmp_path, "ceo.yaml", "Acme", "2026-01-01", industry="retail")
    cfo = write(tmp_path, "cfo.yaml", "Acme", "2026-01-20", industry="food", role="CFO")
    (statuses,) = _statuses(store, [ceo, cfo])
    assert statuses.startswith("error") and "industry" in statuses
    assert history.listing(store) == []


def test_the_same_content_again_changes_nothing(store: Store, tmp_path: Path) -> None:
    path = write(tmp_path, "a.yaml", "Acme", "2026-01-01")
    assert _statuses(store, [path]) == ["added"]
    assert _statuses(store, [path]) == ["unchanged"]
    assert len(history.listing(store)) == 1


def test_other_answers_under_the_same_identity_need_replace(store: Store, tmp_path: Path) -> None:
    path = write(tmp_path, "a.yaml", "Acme", "2026-01-01", alpha=3)
    _statuses(store, [path])
    write(tmp_path, "a.yaml", "acme", "2026-01-01", alpha=4)  # the same identity, new answers
    (refused,) = list(history.add(store, [str(path)]))
    assert isinstance(refused.error, InputError)
    assert "stored with different answers" in refused.error.message
    assert history.listing(store)[0]["overall"] == 48.6  # unchanged
    assert _statuses(store, [path], replace=True) == ["replaced"]
    (entry,) = history.listing(store)
    assert entry["overall"] == 52.8  # alpha 4: 9.5 / 18


def test_a_bad_file_adds_nothing_and_does_not_stop_the_others(store: Store, tmp_path: Path) -> None:
    good = write(tmp_path, "good.yaml", "Acme", "2026-01-01")
    undated = tmp_path / "undated.yaml"
    undated.write_text(good.read_text().replace("assessed_on: 2026-01-01\n", ""))
    broken = tmp_path / "broken.yaml"
    broken.write_text("company: [\n")
    statuses = _statuses(store, [undated, broken, good])
    assert statuses[-1] == "added"
    assert [s.split(":")[0] for s in statuses[:2]] == ["error", "error"]
    assert "assessed_on is required" in statuses[0]
    assert [e["company"] for e in history.listing(store)] == ["Acme"]


def test_list_gives_the_documented_entries(store: Store, tmp_path: Path) -> None:
    path = write(tmp_path, "a.yaml", "Acme", "2026-01-01", industry="Distribution", size="mid")
    _statuses(store, [path], milestone="baseline")
    (entry,) = history.listing(store, "ACME")
    assert set(entry) == {
        "id", "company", "industry", "size", "assessed_on", "milestone", "respondents",
        "questionnaire", "overall", "added_at",
    }  # fmt: skip
    assert entry["industry"] == "Distribution" and entry["size"] == "mid"
    assert entry["milestone"] == "baseline" and entry["respondents"] == ["CEO"]
    assert entry["questionnaire"] == {"id": "mini", "version": "0.1"}
    assert entry["assessed_on"] == "2026-01-01" and entry["overall"] == 48.6
    assert history.listing(store, "Zeta") == []


@pytest.mark.parametrize("name", ["previous", "latest", "@x", " "])
def test_reserved_and_odd_milestones_are_refused(name: str) -> None:
    with pytest.raises(UsageError):
        history.check_milestone(name)


def test_remove_a_company_or_one_assessment(store: Store, tmp_path: Path) -> None:
    _statuses(store, [write(tmp_path, "a1.yaml", "Acme", "2025-01-01")])
    _statuses(store, [write(tmp_path, "a2.yaml", "Acme", "2026-01-01")])
    _statuses(store, [write(tmp_path, "z.yaml", "Zeta", "2026-01-01")])
    zeta = history.listing(store, "Zeta")[0]["id"]
    assert history.remove(store, ident=zeta) == 1
    assert history.remove(store, company="acme") == 2
    assert history.listing(store) == []
    with pytest.raises(InputError, match="no stored assessment"):
        history.remove(store, company="Acme")


def test_the_trend_breaks_where_the_major_version_changes(store: Store, tmp_path: Path) -> None:
    newer = tmp_path / "mini-1.yaml"
    newer.write_text(MINI.read_text().replace("version: '0.1'", "version: '1.0'"))
    _statuses(
        store, [write(tmp_path, "1.yaml", "Acme", "2025-01-01", alpha=0)], milestone="baseline"
    )
    _statuses(store, [write(tmp_path, "2.yaml", "Acme", "2025-07-01", alpha=2)])
    _statuses(store, [write(tmp_path, "3.yaml", "Acme", "2026-01-01", questionnaire=newer)])
    data = history.trend(store, "acme")
    assert [a["overall"] for a in data["assessments"]] == [36.1, 44.4, 48.6]
    assert [a["milestone"] for a in data["assessments"]] == ["baseline", None, None]
    assert data["segments"] == [[0, 1], [2]]
    assert data["order"]["groups"][:2] == ["direction", "operational"]  # questionnaire order
    assert data["assessments"][0]["groups"]["direction"] == 6.3  # 0.25 / 4, half up


def test_an_unknown_company_lists_the_nearest_names(store: Store, tmp_path: Path) -> None:
    _statuses(store, [write(tmp_path, "a.yaml", "Northwind Traders", "2026-01-01")])
    with pytest.raises(InputError, match="did you mean 'Northwind Traders'"):
        history.trend(store, "Northwnd Traders")


def test_export_csv_has_a_column_per_group_and_discipline(store: Store, tmp_path: Path) -> None:
    _statuses(store, [write(tmp_path, "a.yaml", "Acme", "2026-01-01")])
    _statuses(store, [write(tmp_path, "z.yaml", "Zeta", "2026-01-01", alpha=0)])
    rows = list(csv.DictReader(io.StringIO(history.export(store, "csv"))))
    assert [r["company"] for r in rows] == ["Acme", "Zeta"]
    assert rows[0]["overall"] == "48.6" and rows[1]["overall"] == "36.1"
    assert rows[0]["group:direction"] == "62.5" and rows[1]["group:direction"] == "6.3"
    assert rows[0]["discipline:customer_intimacy"] == "43.5"
    lines = history.export(store, "jsonl").splitlines()
    assert [json.loads(line)["company"] for line in lines] == ["Acme", "Zeta"]


def test_progress_from_the_store(
    store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CI_ASSESS_DB", store_url)
    open_cached.cache_clear()
    store = open_store(store_url)
    try:
        _statuses(
            store, [write(tmp_path, "0.yaml", "Acme", "2025-01-01", alpha=0)], milestone="baseline"
        )
        _statuses(store, [write(tmp_path, "1.yaml", "Acme", "2025-07-01", alpha=2)])
        _statuses(store, [write(tmp_path, "z.yaml", "Zeta", "2025-12-01", alpha=4)])
    finally:
        store.close()
    current = single(str(write(tmp_path, "2.yaml", "Acme", "2026-01-01", alpha=3)), None)
    previous = progress_of(current, "@previous", None)
    assert str(previous.baseline.assessed_on) == "2025-07-01"
    assert previous.baseline.milestone is None
    assert (previous.overall.from_, previous.overall.to, previous.overall.delta) == (
        44.4,
        48.6,
        4.2,
    )
    milestone = progress_of(current, "@baseline", None)
    assert milestone.baseline.milestone == "baseline" and milestone.overall.from_ == 36.1
    assert milestone.baseline.source.startswith("store:")
    first = single(str(write(tmp_path, "first.yaml", "Acme", "2024-01-01")), None)
    with pytest.raises(InputError, match="no earlier assessment of Acme"):
        progress_of(first, "@previous", None)
    with pytest.raises(UsageError, match="reserved"):
        progress_of(current, "@latest", None)
    open_cached.cache_clear()


def test_progress_from_a_file_and_a_folder(tmp_path: Path) -> None:
    current = single(str(write(tmp_path, "now.yaml", "Acme", "2026-01-01", alpha=3)), None)
    old = write(tmp_path / "2025", "ceo.yaml", "Acme", "2025-01-01", alpha=0)
    write(tmp_path / "2025" / "mid", "ceo.yaml", "Acme", "2025-07-01", alpha=2)
    assert progress_of(current, str(old), None).overall.from_ == 36.1
    from_folder = progress_of(current, str(tmp_path / "2025"), None)  # the latest before
    assert from_folder.overall.from_ == 44.4 and from_folder.baseline.source == str(
        tmp_path / "2025"
    )


def test_a_baseline_of_another_company_names_both(tmp_path: Path) -> None:
    current = single(str(write(tmp_path, "now.yaml", "Acme", "2026-01-01")), None)
    other = write(tmp_path, "zeta.yaml", "Zeta", "2025-01-01")
    with pytest.raises(InputError, match="assessment of Zeta, not of Acme"):
        progress_of(current, str(other), None)
    folder = tmp_path / "zeta"
    write(folder, "zeta.yaml", "Zeta", "2025-01-01")
    with pytest.raises(InputError, match="of Zeta, not of Acme"):
        progress_of(current, str(folder), None)


def _seed_peers(store: Store, tmp_path: Path) -> None:
    # Six distributors: overall 36.1, 40.3, 44.4, 48.6, 48.6, 52.8 (alpha 0, 1, 2, 3, 3, 4);
    # direction 6.3, 31.3, 50.0, 62.5, 62.5, 75.0.
    for n, alpha in enumerate([0, 1, 2, 3, 3, 4]):
        size = "mid" if n < 4 else "large"
        industry = " distribution " if n % 2 else "Distribution"
        path = write(
            tmp_path,
            f"p{n}.yaml",
            f"Peer {n}",
            "2026-01-01",
            alpha=alpha,
            industry=industry,
            size=size,
        )
        _statuses(store, [path])
    # An older assessment of Peer 0 (alpha 4) does not count: only each company's latest.
    _statuses(
        store,
        [write(tmp_path, "p0-old.yaml", "Peer 0", "2025-01-01", alpha=4, industry="distribution")],
    )
    # Two retailers, and an earlier assessment of the subject itself: never its own peer.
    for n in range(2):
        _statuses(
            store,
            [
                write(
                    tmp_path, f"r{n}.yaml", f"Retail {n}", "2026-01-01", alpha=0, industry="retail"
                )
            ],
        )
    _statuses(
        store,
        [write(tmp_path, "acme-old.yaml", "Acme", "2025-01-01", alpha=0, industry="distribution")],
    )


def test_benchmark_percentiles_against_hand_computed_ones(store_url: str, tmp_path: Path) -> None:
    open_cached.cache_clear()
    store = open_store(store_url)
    try:
        _seed_peers(store, tmp_path)
    finally:
        store.close()
    subject = single(
        str(
            write(
                tmp_path,
                "acme.yaml",
                "Acme",
                "2026-02-01",
                alpha=3,
                industry="DISTRIBUTION",
                size="mid",
            )
        ),
        None,
    )
    # The file's own segment: distribution and mid -> Peers 0-3 only: too few.
    own = benchmark_of(subject, store_url, None, None)
    assert (own.segment.industry, own.segment.size, own.n, own.suppressed) == (
        "DISTRIBUTION",
        "mid",
        4,
        True,
    )
    assert own.overall.percentile is None and own.overall.n == 4
    # Every size: the six distributors. Overall 48.6: 3 below, 2 equal -> (3 + 1) / 6 = 66.7.
    wide = benchmark_of(subject, store_url, None, "any")
    assert (wide.n, wide.suppressed, wide.overall.percentile, wide.overall.n) == (6, False, 66.7, 6)
    figures = {g.id: (g.percentile, g.n) for g in wide.groups}
    assert figures["direction"] == (66.7, 6)  # 62.5: 6.3, 31.3, 50.0 below; two equal
    assert figures["operational"] == (50.0, 6)  # everyone 50.0: all equal
    assert {d.id for d in wide.disciplines} == {
        "operational_excellence",
        "customer_intimacy",
        "product_leadership",
    }
    # Every industry: the two retailers (36.1) join; positions are not ranked across industries.
    everyone = benchmark_of(subject, store_url, "any", "any")
    assert everyone.n == 8 and everyone.overall.percentile == 75.0  # (5 + 1) / 8
    assert everyone.disciplines == ()
    open_cached.cache_clear()


def test_removing_a_latest_assessment_makes_the_earlier_one_count(
    store: Store, store_url: str, tmp_path: Path
) -> None:
    open_cached.cache_clear()
    for n, alpha in enumerate([0, 1, 2, 3]):
        _statuses(store, [write(tmp_path, f"p{n}.yaml", f"Peer {n}", "2026-01-01", alpha=alpha)])
    _statuses(store, [write(tmp_path, "p4-old.yaml", "Peer 4", "2025-01-01", alpha=0)])
    _statuses(store, [write(tmp_path, "p4.yaml", "Peer 4", "2026-01-01", alpha=4)])
    subject = single(str(write(tmp_path, "acme.yaml", "Acme", "2026-02-01", alpha=3)), None)
    # Peers 36.1, 40.3, 44.4, 48.6 and Peer 4's latest, 52.8: (3 + 0.5) / 5 = 70.0.
    assert benchmark_of(subject, store_url, None, None).overall.percentile == 70.0
    newest = [e for e in history.listing(store, "Peer 4") if e["assessed_on"] == "2026-01-01"]
    history.remove(store, ident=newest[0]["id"])
    # Peer 4's earlier assessment (36.1) is its latest now: 36.1, 40.3, 44.4 and 36.1
    # below 48.6, Peer 3 equal: (4 + 0.5) / 5 = 90.0.
    assert benchmark_of(subject, store_url, None, None).overall.percentile == 90.0
    open_cached.cache_clear()
