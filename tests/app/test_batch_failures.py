"""A batch that goes wrong, through the real command line: a bug on one file, Ctrl-C,
SIGTERM, a parent that dies, temporary files left by a crash.

Faults are planted with tests/faults/sitecustomize.py (see there), which every process
of the run imports at start-up, spawned workers included.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ci_assess.app import batch
from ci_assess.cli import app
from tests.conftest import EXAMPLE, INVALID, interruptible

FAULTS = Path(__file__).parents[1] / "faults"
BUG = "planted fault for Client 1"

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


def clients(folder: Path, count: int) -> list[str]:
    """``count`` good answers files, of companies ``Client 0`` … ``Client N``."""
    folder.mkdir(parents=True, exist_ok=True)
    names = []
    for index in range(count):
        path = folder / f"client{index:02d}.yaml"
        path.write_text(EXAMPLE.read_text().replace("Northwind Traders", f"Client {index}"))
        names.append(str(path))
    return names


def fault_env(**faults: str) -> dict[str, str]:
    paths = [str(FAULTS), *os.environ.get("PYTHONPATH", "").split(os.pathsep)]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in paths if p), **faults}


def ci_assess(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ci_assess", *args],
        capture_output=True, text=True, check=False, env=env, timeout=300,
    )  # fmt: skip


def leftovers(folder: Path) -> list[str]:
    """Temporary files of atomic writes anywhere below ``folder``."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*.tmp"))


def reports(folder: Path, suffix: str = ".md") -> list[str]:
    return sorted(p.name for p in folder.rglob(f"*{suffix}"))


# --- a bug on one file -----------------------------------------------------------------


def test_a_bug_on_one_file_is_an_internal_error_and_the_others_get_reports(
    tmp_path: Path,
) -> None:
    files = clients(tmp_path / "in", 3)
    out = tmp_path / "out"
    done = ci_assess(["report", *files, "-d", str(out)], fault_env(FAULT_BUG_COMPANY="Client 1"))
    assert done.returncode == 3
    line = f"internal error: {files[1]}: RuntimeError: {BUG} — please report it"
    assert line in done.stderr
    assert "Traceback" not in done.stderr
    assert reports(out) == ["client00.md", "client02.md"]
    assert "3 input(s), 2 report(s), 0 error(s), 1 internal error(s)" in done.stderr


def test_the_traceback_only_when_debugging(tmp_path: Path) -> None:
    files = clients(tmp_path / "in", 2)
    env = fault_env(FAULT_BUG_COMPANY="Client 1", CI_ASSESS_DEBUG="1")
    done = ci_assess(["report", *files, "-d", str(tmp_path / "out")], env)
    assert done.returncode == 3
    traceback_at = done.stderr.index("Traceback (most recent call last)")
    assert traceback_at < done.stderr.index(f"internal error: {files[1]}")
    assert f"RuntimeError: {BUG}" in done.stderr


def test_the_most_severe_outcome_decides_the_exit_code(tmp_path: Path) -> None:
    """A bug (3) over bad input (2) over an unmet gate (1)."""
    files = clients(tmp_path / "in", 2)
    broken = tmp_path / "in" / "broken.yaml"
    shutil.copy(INVALID / "level-out-of-range.yaml", broken)
    args = ["report", *files, str(broken), "-d", str(tmp_path / "out"), "--fail-under", "99"]
    assert ci_assess(args, fault_env(FAULT_BUG_COMPANY="Client 1")).returncode == 3
    assert ci_assess(args, fault_env()).returncode == 2
    assert ci_assess([*args[:3], *args[4:]], fault_env()).returncode == 1


def test_a_bug_in_a_spawned_worker(tmp_path: Path) -> None:
    """The bug is planted in the workers too: they are spawned, and import the fault."""
    files = clients(tmp_path / "in", batch.PARALLEL_MIN_INPUTS)
    out = tmp_path / "out"
    env = fault_env(FAULT_BUG_COMPANY="Client 1", FAULT_START_METHOD="spawn")
    done = ci_assess(["report", *files, "-d", str(out), "-f", "json"], env)
    assert done.returncode == 3, done.stderr
    assert f"internal error: {files[1]}: RuntimeError: {BUG}" in done.stderr
    assert len(reports(out, ".json")) == len(files) - 1
    assert "Traceback" not in done.stderr


def test_a_bug_in_process_is_counted_too(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ci_assess.app.assess as assess_module

    real = vars(assess_module)["score"]

    def score(questionnaire: object, answers: object) -> object:
        if getattr(answers, "company", None) == "Client 1":
            raise RuntimeError(BUG)
        return real(questionnaire, answers)

    monkeypatch.setitem(vars(assess_module), "score", score)
    files = clients(tmp_path / "in", 2)
    result = runner.invoke(app, ["report", *files, "-d", str(tmp_path / "out")])
    assert result.exit_code == 3
    assert f"internal error: {files[1]}: RuntimeError: {BUG}" in result.stderr


# --- interrupted runs --------------------------------------------------------------------


def start(args: list[str], env: dict[str, str]) -> subprocess.Popen[str]:
    """ci-assess in a session of its own, so that a signal can go to its whole group,
    as a terminal's Ctrl-C does."""
    return subprocess.Popen(
        [sys.executable, "-m", "ci_assess", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        start_new_session=True, preexec_fn=interruptible,  # noqa: PLW1509 - no threads here
    )  # fmt: skip


def wait_for(condition: Callable[[], bool], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


@posix_only
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_interrupted_while_writing_leaves_no_temporary_file(
    tmp_path: Path, signum: signal.Signals
) -> None:
    """One process: the signal lands while a report's temporary file exists."""
    files = clients(tmp_path / "in", 3)
    out = tmp_path / "out"
    run = start(["report", *files, "-d", str(out)], fault_env(FAULT_SLOW_RENAME="30"))
    wait_for(lambda: bool(leftovers(out)) if out.exists() else False)
    os.killpg(run.pid, signum)
    _, stderr = run.communicate(timeout=60)
    assert run.returncode == 130, stderr
    assert "interrupted" in stderr
    assert "Traceback" not in stderr
    assert leftovers(out) == []
    assert reports(out) == []


@posix_only
def test_ctrl_c_in_a_parallel_batch(tmp_path: Path) -> None:
    """Workers finish the report they are writing, take no other, and leave nothing."""
    files = clients(tmp_path / "in", batch.PARALLEL_MIN_INPUTS)
    out = tmp_path / "out"
    run = start(["report", *files, "-d", str(out)], fault_env(FAULT_SLOW_RENAME="0.3"))
    wait_for(lambda: bool(reports(out)) if out.exists() else False)
    os.killpg(run.pid, signal.SIGINT)
    sent = time.monotonic()
    _, stderr = run.communicate(timeout=60)
    assert run.returncode == 130, stderr
    assert time.monotonic() - sent < 5, "the workers went on with their chunks"
    assert "Traceback" not in stderr
    assert leftovers(out) == []
    assert 0 < len(reports(out)) < len(files)


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (Linux: from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def running(pid: int) -> bool:
    """Alive and not a zombie (an exited orphan may wait for a reaper that never comes)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_workers_exit_when_their_parent_dies(tmp_path: Path) -> None:
    files = clients(tmp_path / "in", batch.PARALLEL_MIN_INPUTS)
    out = tmp_path / "out"
    run = start(["report", *files, "-d", str(out)], fault_env(FAULT_SLOW_RENAME="0.3"))
    wait_for(lambda: bool(reports(out)) if out.exists() else False)
    workers = children(run.pid)
    assert workers, "no worker processes found"
    run.kill()  # the parent alone: no cleanup of its own, no signal to the workers
    run.communicate(timeout=60)
    try:
        wait_for(lambda: not any(running(pid) for pid in workers), seconds=10)
    finally:  # should the test fail, leave no orphan behind
        for pid in filter(running, workers):
            os.kill(pid, signal.SIGKILL)
    assert leftovers(out) == []  # each finished the report it was writing
    assert len(reports(out)) < len(files)


# --- temporary files left by a crash ---------------------------------------------------


def test_a_partial_file_is_recognised(tmp_path: Path) -> None:
    import os

    from ci_assess.files.writing import _temporary_beside, is_partial

    fd, partial = _temporary_beside(tmp_path / "ceo.md", tmp_path / "ceo.md")
    os.close(fd)
    assert is_partial(partial)  # the very names the writer makes
    assert not is_partial("ceo.md")
    assert not is_partial("notes.tmp")
    assert not is_partial(".ceo.md.tmp")


def test_a_stale_temporary_file_is_not_a_report(runner: CliRunner, tmp_path: Path) -> None:
    files = clients(tmp_path / "in", 2)
    out = tmp_path / "out"
    out.mkdir()
    stale = out / ".client00.md.k3j_x9a2.tmp"
    stale.write_text("half a rep")  # a crash between write and rename, last run
    result = runner.invoke(app, ["report", *files, "-d", str(out), "-v"])
    assert result.exit_code == 0, result.stderr
    assert "2 input(s), 2 report(s), 0 error(s)" in result.stderr
    assert "tmp" not in result.stderr.replace(str(tmp_path), "")
    assert (out / "client00.md").read_text().startswith("#")
    assert stale.read_text() == "half a rep"  # another run's file is not ours to delete


def test_a_stale_temporary_file_given_as_input_is_refused(
    runner: CliRunner, tmp_path: Path
) -> None:
    """``ci-assess report clients/acme/.*`` would pick up what a crashed interview left."""
    files = clients(tmp_path / "in", 1)
    stale = tmp_path / "in" / ".client00.yaml.abcd1234.tmp"
    shutil.copy(files[0], stale)
    out = tmp_path / "out"
    result = runner.invoke(app, ["report", *files, str(stale), "-d", str(out)])
    assert result.exit_code == 2
    assert f"error: {stale}: a temporary file left by an interrupted write" in result.stderr
    assert "hint: delete it" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["client00.md"]
