"""A real PostgreSQL server for the store tests, started once per test session.

Debian's ``postgresql`` package puts its binaries in ``/usr/lib/postgresql/NN/bin``,
off PATH. ``initdb`` refuses to run as root, so as root the server runs as the
``postgres`` user (through ``runuser``) in a temporary folder that user owns. It
listens on a Unix socket in that folder only (no TCP port to collide with), and is
stopped at the end of the session. When it cannot start, the tests that need it are
skipped with the reason, or fail under ``CI_ASSESS_REQUIRE_TOOLS=1`` (``.ci/run``),
like the browser checks (``tests/browser_tools.py``).
"""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import pytest

from tests.browser_tools import REQUIRE_ENV, tools_required

PG_ROOT = Path("/usr/lib/postgresql")
SERVER_USER = "postgres"
INSTALL = "apt-get install postgresql, or run .ci/install-deps"


def pg_bin() -> Path | None:
    """The newest installed server's bin folder, or None."""
    found = sorted(
        (p for p in PG_ROOT.glob("*/bin") if (p / "initdb").is_file()),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
    )
    return found[-1] if found else None


@dataclass
class Server:
    """A running server: where its socket is, and how to name a fresh database on it."""

    socket_dir: Path
    names: Iterator[int]

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{SERVER_USER}@/{database}?host={self.socket_dir}"

    def new_database(self) -> str:
        """A new, empty database's URL (one per test: no test sees another's rows)."""
        import psycopg

        name = f"t{next(self.names)}"
        with psycopg.connect(
            host=str(self.socket_dir), user=SERVER_USER, dbname="postgres", autocommit=True
        ) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return self.url(name)


def missing(reason: str) -> NoReturn:
    if tools_required():
        pytest.fail(f"{reason} ({REQUIRE_ENV} is set)")
    pytest.skip(reason)


def _as_server_user(args: list[str]) -> list[str]:
    return ["runuser", "-u", SERVER_USER, "--", *args] if os.getuid() == 0 else args


def start(folder: Path, bin_dir: Path) -> str | None:
    """Initialise and start a server in ``folder``; the reason it failed, or None."""
    data, log = folder / "data", folder / "server.log"
    if os.getuid() == 0:
        try:
            entry = pwd.getpwnam(SERVER_USER)
        except KeyError:
            return f"running as root and there is no {SERVER_USER!r} user to run the server"
        os.chown(folder, entry.pw_uid, entry.pw_gid)
    steps = [
        [str(bin_dir / "initdb"), "-D", str(data), "-U", SERVER_USER, "-A", "trust", "--no-sync"],
        [
            str(bin_dir / "pg_ctl"),
            "-D",
            str(data),
            "-l",
            str(log),
            "-w",
            "-o",
            f"-k {folder} -c listen_addresses='' -F -c max_connections=50",
            "start",
        ],
    ]
    for step in steps:
        done = subprocess.run(
            _as_server_user(step), capture_output=True, text=True, check=False, timeout=120
        )
        if done.returncode != 0:
            detail = (done.stderr or done.stdout).strip().splitlines()
            return f"{Path(step[0]).name} failed: {detail[-1] if detail else done.returncode}"
    return None


def stop(folder: Path, bin_dir: Path) -> None:
    subprocess.run(
        _as_server_user(
            [str(bin_dir / "pg_ctl"), "-D", str(folder / "data"), "-m", "fast", "-w", "stop"]
        ),
        capture_output=True,
        check=False,
        timeout=120,
    )


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[Server | str]:
    """The session's server, or the reason there is none (each test then skips or fails)."""
    bin_dir = pg_bin()
    if bin_dir is None:
        yield f"no PostgreSQL server in {PG_ROOT}/NN/bin: {INSTALL}"
        return
    try:
        import psycopg  # noqa: F401
    except ImportError:
        yield "psycopg is not installed: pip install -e '.[test]'"
        return
    # Not under pytest's tmp folder: that one is private to the user running the tests.
    folder = Path(tempfile.mkdtemp(prefix="ci-assess-pg-"))
    folder.chmod(0o700)
    try:
        reason = start(folder, bin_dir)
        if reason is not None:
            yield f"the PostgreSQL server could not start: {reason}"
        else:
            yield Server(folder, itertools.count(1))
    finally:
        stop(folder, bin_dir)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path, postgres_server: Server | str) -> str:
    """A fresh, empty store on each engine."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.sqlite3'}"
    if isinstance(postgres_server, str):
        missing(postgres_server)
    assert isinstance(postgres_server, Server)
    return postgres_server.new_database()
