"""Which store, how to connect, and whether its schema fits this tool.

The store is chosen by ``--db URL``, else ``CI_ASSESS_DB``, else a SQLite file in
the user's data folder (``history.sqlite3``, created with mode 0600: it holds client
data). ``sqlite:///`` alone also means that file. A URL is shown with its password
masked in every message.

SQLite runs in WAL mode with a busy timeout, and every transaction begins
IMMEDIATE (takes the write lock at once), so that two ``history add`` runs queue
instead of failing on a lock upgrade. PostgreSQL relies on transactions and the
unique identity index; its schema changes run under an advisory lock.

Schema versions (Alembic revisions): an empty store is initialised on first use on
both engines; an older SQLite store upgrades itself (one user, one tool); an older
PostgreSQL store is upgraded only by ``ci-assess history upgrade`` (colleagues may
still run the older tool); a store newer than this tool is refused (exit 2).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, IntegrityError, NoSuchModuleError

from ci_assess.errors import CiAssessError

DB_ENV = "CI_ASSESS_DB"
"""The store's URL when ``--db`` is not given."""
DEFAULT_FILE = "history.sqlite3"
"""The default store's file name, in the user's data folder."""
VERSION_TABLE = "ci_assess_store_version"
"""Alembic's version table, named for us: a firm's database may hold other tools' tables."""
MIGRATIONS = Path(__file__).parent / "migrations"
SQLITE_BUSY_MS = 30_000
"""How long SQLite waits for another writer before giving up."""
ADVISORY_LOCK = 0x0C1A55E5
"""PostgreSQL advisory lock key held while the schema is created or upgraded."""


class StoreError(CiAssessError):
    """The store cannot be opened or used as asked (exit code 2)."""


class IdentityTaken(Exception):
    """Another process stored an assessment with the same identity at the same moment."""


@dataclass(frozen=True)
class Store:
    """An open store: its engine and the URL as messages show it."""

    engine: Engine
    shown: str

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """One transaction; a database error becomes a StoreError naming the store."""
        try:
            with self.engine.begin() as conn:
                yield conn
        except IntegrityError:
            raise IdentityTaken from None
        except DBAPIError as exc:
            raise StoreError(f"store {self.shown}: {_first_line(exc)}") from None

    def close(self) -> None:
        self.engine.dispose()


def store_url(option: str | None) -> str:
    """The store's URL: ``--db``, else ``CI_ASSESS_DB``, else the default SQLite file."""
    chosen = option or os.environ.get(DB_ENV) or ""
    if chosen in {"", "sqlite:///", "sqlite://"}:
        from ci_assess.files.paths import data_dir

        try:
            folder = data_dir()
        except RuntimeError as exc:
            raise StoreError(f"{exc}; give --db URL or set {DB_ENV}") from None
        return f"sqlite:///{folder / DEFAULT_FILE}"
    return chosen


def mask(url: str) -> str:
    """``url`` with its password replaced by ***; a URL that cannot be parsed, hidden."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<a URL that cannot be read>"


def open_store(url: str, *, upgrade: bool = False) -> Store:
    """Connect to the store at ``url`` and make sure its schema is this tool's.

    ``upgrade`` (``history upgrade``) upgrades an older PostgreSQL store; SQLite
    stores always upgrade themselves.
    """
    parsed = _parse(url)
    store = Store(_engine(parsed), mask(url))
    try:
        _check_schema(store, upgrade=upgrade)
    except BaseException:
        store.close()
        raise
    return store


def _parse(url: str) -> URL:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreError(
            f"{mask(url)} is not a database URL\n  hint: use sqlite:///PATH or "
            "postgresql+psycopg://USER@HOST/DATABASE"
        ) from None
    backend = parsed.get_backend_name()
    if backend == "postgresql" and parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    if backend not in {"sqlite", "postgresql"}:
        raise StoreError(
            f"{mask(url)}: the store runs on SQLite or PostgreSQL, not {backend}\n"
            "  hint: use sqlite:///PATH or postgresql+psycopg://USER@HOST/DATABASE"
        )
    return parsed


def _engine(url: URL) -> Engine:
    if url.get_backend_name() == "sqlite":
        return _sqlite_engine(url)
    try:
        return create_engine(url, pool_pre_ping=False)
    except (NoSuchModuleError, ImportError):
        raise StoreError(
            f"{mask(url.render_as_string(hide_password=False))}: the PostgreSQL driver "
            "is not installed\n  hint: pip install 'ci-assess[postgresql]'"
        ) from None


def _sqlite_engine(url: URL) -> Engine:
    database = url.database or ""
    if database and database != ":memory:":
        _create_private(Path(database))
    engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: object) -> None:
        # Transactions are ours (BEGIN IMMEDIATE below), not the driver's deferred ones.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def _create_private(path: Path) -> None:
    """Create the SQLite file (and its folder) readable by its owner only: client data."""
    if path.exists():
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:
        return  # another process created it a moment ago
    except OSError as exc:
        raise StoreError(
            f"{path}: the store cannot be created: {exc.strerror or exc}\n"
            f"  hint: choose another place with --db sqlite:///PATH or {DB_ENV}"
        ) from None


def _check_schema(store: Store, *, upgrade: bool) -> None:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(str(MIGRATIONS))
    head = script.get_current_head()
    current = _revision(store)
    if current == head:
        return
    with store.begin() as conn:  # SQLite: the write lock; PostgreSQL: the advisory lock
        if not store.is_sqlite:
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_LOCK})
        current = _current_revision(conn)
        if current == head:
            return  # another process did it while we waited
        known = {rev.revision for rev in script.walk_revisions()}
        if current is not None and current not in known:
            raise StoreError(
                f"store {store.shown} was written by a newer ci-assess (schema {current}; "
                f"this one knows up to {head})\n  hint: upgrade ci-assess "
                "(pip install --upgrade ci-assess)"
            )
        if current is None and _has_tables(conn):
            raise StoreError(
                f"{store.shown} holds tables but is not a ci-assess store\n"
                "  hint: give the URL of an empty database or of a ci-assess store"
            )
        if current is not None and not store.is_sqlite and not upgrade:
            raise StoreError(
                f"store {store.shown} has an older schema ({current}; this ci-assess "
                f"needs {head})\n  hint: run 'ci-assess history upgrade' once, when every "
                "colleague has this version (older ones will then refuse the store)"
            )
        _migrate(conn)


def _revision(store: Store) -> str | None:
    """The store's revision, read without taking a write lock."""
    try:
        with store.engine.connect() as conn:
            return _current_revision(conn)
    except DBAPIError as exc:
        raise StoreError(f"cannot open the store {store.shown}: {_first_line(exc)}") from None


def _current_revision(conn: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    context = MigrationContext.configure(conn, opts={"version_table": VERSION_TABLE})
    return context.get_current_revision()


def _has_tables(conn: Connection) -> bool:
    return bool({"assessments", "scores"} & set(inspect(conn).get_table_names()))


def _migrate(conn: Connection) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = conn
    command.upgrade(config, "head")


def _first_line(exc: DBAPIError) -> str:
    """The driver's message, first line only (the statement and parameters stay out)."""
    original = exc.orig if exc.orig is not None else exc
    lines = str(original).strip().splitlines()
    return lines[0] if lines else type(original).__name__
