"""The store's engine: which store, initialisation, upgrades, refusals, on both engines."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from sqlalchemy import text

from ci_assess.store import engine
from ci_assess.store.engine import StoreError, mask, open_store, store_url


def test_the_option_comes_before_the_variable_and_the_default(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CI_ASSESS_DB", "sqlite:///from-env.sqlite3")
    assert store_url("sqlite:///from-option.sqlite3") == "sqlite:///from-option.sqlite3"
    assert store_url(None) == "sqlite:///from-env.sqlite3"
    monkeypatch.delenv("CI_ASSESS_DB")
    data = Path(str(tmp_path))
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    assert store_url(None) == f"sqlite:///{data / 'ci-assess' / 'history.sqlite3'}"
    assert store_url("sqlite:///") == store_url(None)


def test_the_default_store_is_created_private(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    store = open_store(store_url(None))
    store.close()
    path = tmp_path / "data" / "ci-assess" / "history.sqlite3"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_passwords_are_masked() -> None:
    shown = mask("postgresql+psycopg://ana:s3cret@db.example/firm")
    assert "s3cret" not in shown
    assert shown == "postgresql+psycopg://ana:***@db.example/firm"


def test_a_server_that_is_not_there_is_named_without_its_password(tmp_path: Path) -> None:
    url = f"postgresql+psycopg://ana:s3cret@/nowhere?host={tmp_path}"
    with pytest.raises(StoreError) as caught:
        open_store(url)
    assert "s3cret" not in caught.value.message
    assert "ana:***@" in caught.value.message


@pytest.mark.parametrize(
    "url", ["mysql://x@y/z", "not a url at all"], ids=["other-engine", "nonsense"]
)
def test_unsupported_urls_are_refused(url: str) -> None:
    with pytest.raises(StoreError, match="sqlite:///PATH"):
        open_store(url)


def _revision(url: str) -> str:
    store = open_store(url)
    try:
        with store.begin() as conn:
            return str(
                conn.execute(text(f"SELECT version_num FROM {engine.VERSION_TABLE}")).scalar_one()
            )
    finally:
        store.close()


def test_an_empty_store_is_initialised_on_first_use(store_url: str) -> None:
    assert _revision(store_url) == "0001"
    assert _revision(store_url) == "0001"  # the second time: nothing to do


def _set_revision(url: str, revision: str) -> None:
    store = open_store(url)
    try:
        with store.begin() as conn:
            conn.execute(
                text(f"UPDATE {engine.VERSION_TABLE} SET version_num = :r"), {"r": revision}
            )
    finally:
        store.close()


def test_a_store_newer_than_the_tool_is_refused(store_url: str) -> None:
    _set_revision(store_url, "9999")
    with pytest.raises(StoreError, match="newer ci-assess") as caught:
        open_store(store_url)
    assert caught.value.exit_code == 2


def _with_second_revision(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A copy of the migrations with a revision 0002 (adds a table), as a later tool has."""
    import shutil

    copy = tmp_path / "migrations"
    shutil.copytree(engine.MIGRATIONS, copy, ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "versions" / "0002_later.py").write_text(
        '"""A later revision."""\n'
        "import sqlalchemy as sa\nfrom alembic import op\n\n"
        'revision = "0002"\ndown_revision = "0001"\nbranch_labels = None\ndepends_on = None\n\n\n'
        "def upgrade() -> None:\n"
        '    op.create_table("later", sa.Column("id", sa.Integer, primary_key=True))\n'
    )
    monkeypatch.setattr(engine, "MIGRATIONS", copy)
    return copy


def test_an_older_store_is_upgraded_sqlite_itself_postgresql_on_request(
    store_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert _revision(store_url) == "0001"  # made by the tool as it is
    _with_second_revision(monkeypatch, tmp_path)  # now a later tool opens it
    if store_url.startswith("sqlite"):
        assert _revision(store_url) == "0002"
        return
    with pytest.raises(StoreError, match="history upgrade"):
        open_store(store_url)
    open_store(store_url, upgrade=True).close()
    assert _revision(store_url) == "0002"


def test_a_database_with_other_tables_is_not_taken_over(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE assessments (x INTEGER)")
    with pytest.raises(StoreError, match="not a ci-assess store"):
        open_store(f"sqlite:///{path}")


def test_sqlite_runs_in_wal_mode(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 's.sqlite3'}")
    try:
        with store.begin() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar_one() == "wal"
    finally:
        store.close()
