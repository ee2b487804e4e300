"""Writing reports: a file that cannot be written is a user error (exit 2) naming it.

Also: output folders, '-o -' for standard output, and the one 'error: ' printer.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path
from subprocess import CompletedProcess

import pytest
from typer.testing import CliRunner

from ci_assess.app.batch import Headline, Outcome
from ci_assess.cli import app
from ci_assess.cli.views import summary
from ci_assess.errors import InputError, print_error
from ci_assess.files.writing import replacing, write_atomic, write_new
from tests.conftest import EXAMPLE


def invoke(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    assert not isinstance(result.exception, OSError), result.exception  # no traceback
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The working folder, holding a regular file 'afile' and an empty folder 'somedir'."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "afile").write_text("not a folder\n")
    (tmp_path / "somedir").mkdir()
    return tmp_path


def listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


# --- a write that fails ----------------------------------------------------------------


def test_out_dir_below_a_file_is_an_input_error(runner: CliRunner, here: Path) -> None:
    code, stdout, stderr = invoke(runner, "report", str(EXAMPLE), "-d", "afile/sub")
    assert code == 2
    assert stdout == ""
    assert "error: afile/sub: folder cannot be created: Not a directory\n  hint: " in stderr
    assert listing(here) == ["afile", "somedir"]


def test_output_below_a_file_is_an_input_error(runner: CliRunner, here: Path) -> None:
    code, _, stderr = invoke(runner, "report", str(EXAMPLE), "-o", "afile/x.md")
    assert code == 2
    assert "error: afile: folder cannot be created: File exists\n" in stderr
    assert listing(here) == ["afile", "somedir"]


def test_output_that_is_a_folder_is_an_input_error(runner: CliRunner, here: Path) -> None:
    code, _, stderr = invoke(runner, "report", str(EXAMPLE), "-o", "somedir", "-f", "md")
    assert code == 2
    assert stderr.startswith(
        "error: somedir: is a folder, not a file that can be written\n  hint: "
    )
    assert listing(here) == ["afile", "somedir"]  # no temporary file left behind


def test_a_write_failure_in_a_batch_spares_the_other_files(runner: CliRunner, here: Path) -> None:
    for name in ("acme", "zeta"):
        (here / "clients" / name).mkdir(parents=True)
        shutil.copy(EXAMPLE, here / "clients" / name / "ceo.yaml")
    (here / "out" / "acme" / "ceo.md").mkdir(parents=True)  # a folder where a report goes
    code, _, stderr = invoke(
        runner, "report", "clients/acme/ceo.yaml", "clients/zeta/ceo.yaml", "-d", "out"
    )
    assert code == 2
    assert "error: out/acme/ceo.md: is a folder, not a file that can be written\n" in stderr
    assert "2 input(s), 1 report(s), 1 error(s)" in stderr
    assert (here / "out" / "zeta" / "ceo.md").read_text().startswith("# ")
    assert listing(here / "out") == ["acme", "acme/ceo.md", "zeta", "zeta/ceo.md"]


def test_write_atomic_turns_os_errors_into_input_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "answers.yaml"
    target.write_text("old\n")

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.fsync", full_disk)
    with pytest.raises(InputError) as caught:
        write_atomic(target, "new\n")
    assert caught.value.message.startswith(
        f"{target}: cannot be written: No space left on device\n  hint: "
    )
    assert target.read_text() == "old\n"
    assert listing(tmp_path) == ["answers.yaml"]


def test_write_atomic_into_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"folder '.*/no' does not exist"):
        write_atomic(tmp_path / "no" / "answers.yaml", "a: 1\n")


# --- '-o -' ------------------------------------------------------------------------------


def test_output_dash_is_standard_output(runner: CliRunner, here: Path) -> None:
    code, stdout, stderr = invoke(runner, "report", str(EXAMPLE), "-o", "-")
    assert code == 0, stderr
    assert stdout == invoke(runner, "report", str(EXAMPLE))[1]
    assert stdout.startswith("# ")
    code, stdout, _ = invoke(runner, "report", str(EXAMPLE), "-o", "-", "-f", "json")
    assert code == 0
    assert stdout.lstrip().startswith("{")
    assert listing(here) == ["afile", "somedir"]  # no file named '-'


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([str(EXAMPLE), str(EXAMPLE), "-o", "-"], "several inputs need --out-dir DIR"),
        ([str(EXAMPLE), "-o", "-", "-f", "pdf"], "a PDF goes to a file"),
        ([str(EXAMPLE), "-o", "-", "-d", "out"], "give --output or --out-dir, not both"),
    ],
)
def test_output_dash_usage_errors(
    runner: CliRunner, here: Path, args: list[str], message: str
) -> None:
    code, stdout, stderr = invoke(runner, "report", *args)
    assert code == 2
    assert stdout == ""
    assert stderr.startswith(f"error: {message}")
    assert listing(here) == ["afile", "somedir"]


# --- the summary and the error printer ------------------------------------------------


def failed_outcome(index: int) -> Outcome:
    return Outcome(f"f{index}.yaml", error=InputError.single(f"f{index}.yaml", "bad"))


def good_outcome(index: int) -> Outcome:
    headline = Headline("Co", 50.0, "2", "balanced", gated=False)
    return Outcome(f"g{index}.yaml", f"g{index}.md", headline)


def test_summary_builds_only_the_rows_it_shows(monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[str] = []
    row = summary._row

    def counting(o: Outcome) -> tuple[str, ...]:
        built.append(o.source)
        return row(o)

    monkeypatch.setattr(summary, "_row", counting)
    many = [failed_outcome(i) if i % 2 else good_outcome(i) for i in range(400)]
    tally = summary.Summary()
    for outcome in many:
        tally.add(outcome)
    limit = summary.FULL_TABLE_MAX_ROWS
    shown = [o.source for o in many[:limit]]
    shown += [o.source for o in many[limit:] if o.error is not None][: limit - limit // 2]
    assert built == shown
    assert (tally.total, tally.errors) == (400, 200)
    assert tally.table().row_count == limit

    built.clear()
    quiet = summary.Summary(tabled=False)
    for outcome in many:
        quiet.add(outcome)
    assert built == []
    assert (quiet.total, quiet.errors, quiet.gate_failures) == (400, 200, 0)


def test_one_error_printer() -> None:
    lines: list[str] = []
    error = InputError.single("a.yaml", "is wrong", line=3, hint="fix it")
    print_error(error, lines.append)
    assert lines == ["error: a.yaml:3: is wrong", "  hint: fix it"]


# --- what stands at the target decides how it is written -----------------------------


def test_a_symlink_is_kept_and_its_file_replaced(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    real = tmp_path / "real" / "answers.yaml"
    real.write_text("old\n")
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    write_atomic(link, "new\n")
    assert link.is_symlink()
    assert real.read_text() == "new\n"
    assert listing(tmp_path) == ["link.yaml", "real", "real/answers.yaml"]  # no temporary left
    with replacing(link) as partial:  # the PDF's way: the temporary file beside the target
        assert partial.parent == real.parent
        partial.write_text("newer\n")
    assert link.is_symlink()
    assert real.read_text() == "newer\n"


def test_a_dangling_symlink_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "report.md"
    link.symlink_to("gone.md")
    with pytest.raises(InputError, match=r"is a symbolic link to 'gone\.md', which does not"):
        write_atomic(link, "x\n")
    assert listing(tmp_path) == ["report.md"]
    assert link.is_symlink()


def test_a_hard_linked_file_is_refused(tmp_path: Path) -> None:
    first = tmp_path / "a.md"
    first.write_text("old\n")
    (tmp_path / "b.md").hardlink_to(first)
    with pytest.raises(InputError, match="has 2 hard links; replacing it would leave"):
        write_atomic(first, "new\n")
    assert (tmp_path / "b.md").read_text() == first.read_text() == "old\n"


def test_a_read_only_file_is_refused_unless_forced(tmp_path: Path) -> None:
    # Mode bits, not os.access: as root (CI) os.access says yes to everything.
    target = tmp_path / "r.md"
    target.write_text("keep\n")
    target.chmod(0o444)
    with pytest.raises(InputError) as caught:
        write_atomic(target, "new\n")
    assert caught.value.message == (
        f"{target}: is read-only (mode 0444)\n  hint: make it writable (chmod u+w), choose "
        "another name, or give --force to replace it anyway"
    )
    assert target.read_text() == "keep\n"
    with pytest.raises(InputError, match="read-only"), replacing(target):
        pass
    write_atomic(target, "new\n", force=True)
    assert target.read_text() == "new\n"
    assert target.stat().st_mode & 0o777 == 0o444  # still read-only, as its owner wanted


@pytest.mark.parametrize(("make", "what"), [("dir", "a folder"), ("socket", "a socket")])
def test_folders_and_sockets_are_refused(tmp_path: Path, make: str, what: str) -> None:
    import socket

    target = tmp_path / "out.md"
    if make == "dir":
        target.mkdir()
    else:
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(target))
        server.close()
    with pytest.raises(InputError, match=f"out.md: is {what}, not a file that can be written"):
        write_atomic(target, "x\n")
    assert listing(tmp_path) == ["out.md"]


def test_a_block_device_is_refused(tmp_path: Path) -> None:
    device = own_device(tmp_path, "loop0", stat.S_IFBLK, 7, 0)
    with pytest.raises(InputError, match="loop0: is a block device"):
        write_atomic(device, "x\n")
    assert device.is_block_device()


def own_device(folder: Path, name: str, kind: int, major: int, minor: int) -> Path:
    """A device node to write to. As root, a node of our own in ``folder``: a writer
    that replaces devices (the bug tested for) must never get at the system's, which
    root could rename over. Otherwise the system's ``/dev/NAME``, safe from a rename."""
    if os.geteuid() != 0:
        return Path("/dev") / name
    path = folder / name
    os.mknod(path, kind | 0o666, os.makedev(major, minor))
    return path


def char_device(folder: Path, name: str, minor: int) -> Path:
    """A memory device (1, minor): 3 null, 7 full; see own_device."""
    return own_device(folder, name, stat.S_IFCHR, 1, minor)


def open_reader(fifo: Path) -> int:
    """A reader on ``fifo`` that does not wait for a writer (a blocked test would hang)."""
    return os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)


def read_all(fd: int) -> bytes:
    try:
        return os.read(fd, 1 << 20)
    except BlockingIOError:
        return b""  # nothing was written into the pipe
    finally:
        os.close(fd)


def test_a_fifo_is_written_directly(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = open_reader(fifo)
    write_atomic(fifo, "through the pipe\n")
    assert read_all(reader) == b"through the pipe\n"
    assert fifo.is_fifo()
    assert listing(tmp_path) == ["pipe"]
    reader = open_reader(fifo)
    with replacing(fifo) as partial:  # a PDF into a pipe: printed aside, then copied in
        assert partial.parent != tmp_path
        partial.write_text("a pdf\n")
    assert read_all(reader) == b"a pdf\n"
    assert fifo.is_fifo()


def test_devices_are_written_directly(tmp_path: Path) -> None:
    null, full = char_device(tmp_path, "null", 3), char_device(tmp_path, "full", 7)
    write_atomic(null, "gone\n")  # a rename would put a regular file there
    assert null.is_char_device()
    with pytest.raises(InputError) as caught:
        write_atomic(full, "x" * 10_000)
    assert caught.value.message.startswith(
        f"{full}: cannot be written: No space left on device\n  hint: the device or pipe"
    )
    assert full.is_char_device()


def test_a_stream_whose_reader_left_is_a_broken_pipe(tmp_path: Path) -> None:
    read, write = os.pipe()
    os.close(read)
    try:
        with pytest.raises(BrokenPipeError):
            write_atomic(Path(f"/proc/self/fd/{write}"), "x\n")
    finally:
        os.close(write)


def cli(*args: str, stdout: int | None = None, cwd: Path | None = None) -> CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ci_assess", *args],
        stdout=subprocess.PIPE if stdout is None else stdout,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
        timeout=120,
        cwd=cwd,
    )


@pytest.mark.slow
def test_report_into_a_fifo_reaches_its_reader(tmp_path: Path) -> None:
    fifo = tmp_path / "report.md"
    os.mkfifo(fifo)
    reader = open_reader(fifo)
    done = cli("report", str(EXAMPLE), "-o", str(fifo))
    assert (done.returncode, done.stderr) == (0, "")
    assert read_all(reader).startswith(b"# ")  # the report is smaller than a pipe's buffer
    assert fifo.is_fifo()


@pytest.mark.slow
def test_report_to_a_full_device_and_to_dev_stdout(tmp_path: Path) -> None:
    full = char_device(tmp_path, "full", 7)
    done = cli("report", str(EXAMPLE), "-o", str(full), "-f", "md")
    assert done.returncode == 2
    assert done.stderr.startswith(f"error: {full}: cannot be written: No space left on")
    assert full.is_char_device()
    log = tmp_path / "log"
    log.write_text("before\n")
    # `-o /dev/stdout >> log` adds to the log. Tested as /dev/fd/1, the same descriptor
    # path: a writer with the bug could rename over the system's /dev/stdout as root.
    with log.open("a") as handle:
        done = cli("report", str(EXAMPLE), "-o", "/dev/fd/1", "-f", "md", stdout=handle.fileno())
    assert (done.returncode, done.stderr) == (0, "")
    assert log.read_text().startswith("before\n# ")


@pytest.mark.slow
def test_report_force_replaces_a_read_only_file(tmp_path: Path) -> None:
    target = tmp_path / "r.md"
    target.write_text("keep\n")
    target.chmod(0o444)
    done = cli("report", str(EXAMPLE), "-o", str(target))
    assert done.returncode == 2
    assert f"error: {target}: is read-only (mode 0444)" in done.stderr
    assert target.read_text() == "keep\n"
    done = cli("report", str(EXAMPLE), "-o", str(target), "--force")
    assert (done.returncode, done.stderr) == (0, "")
    assert target.read_text().startswith("# ")


def test_template_writes_into_a_stream_but_never_over_a_file(
    runner: CliRunner, tmp_path: Path
) -> None:
    code, _, stderr = invoke(runner, "template", "-o", str(char_device(tmp_path, "null", 3)))
    assert (code, stderr) == (0, "")
    link = tmp_path / "t.yaml"
    link.symlink_to(EXAMPLE)
    code, _, stderr = invoke(runner, "template", "-o", str(link))
    assert code == 2
    assert "exists; refusing to overwrite" in stderr


# --- write_new: never over anything ------------------------------------------------------


def test_write_new_creates_and_never_replaces(tmp_path: Path) -> None:
    target = tmp_path / "new.yaml"
    write_new(target, "a: 1\n")
    assert target.read_text() == "a: 1\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~_umask()
    for existing in (target, _dangling(tmp_path)):
        with pytest.raises(InputError, match="exists; refusing to overwrite it"):
            write_new(existing, "b: 2\n")
    assert target.read_text() == "a: 1\n"
    assert listing(tmp_path) == ["dangling", "new.yaml"]  # no temporary file left
    with pytest.raises(InputError, match="does not exist"):
        write_new(tmp_path / "no" / "x.yaml", "")


@pytest.mark.parametrize("exists", [False, True])
def test_write_new_without_hard_links_creates_exclusively(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exists: bool
) -> None:
    def no_links(*_: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    target = tmp_path / "new.yaml"
    if exists:
        target.write_text("keep\n")
        with pytest.raises(InputError, match="exists; refusing to overwrite it"):
            write_new(target, "a: 1\n")
        assert target.read_text() == "keep\n"
    else:
        write_new(target, "a: 1\n")
        assert target.read_text() == "a: 1\n"
    assert listing(tmp_path) == ["new.yaml"]


def _dangling(folder: Path) -> Path:
    link = folder / "dangling"
    link.symlink_to(folder / "missing")
    return link


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


# --- what a write costs ------------------------------------------------------------------


def test_new_files_read_the_umask_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """os.umask sets the umask to read it (0 for every thread meanwhile): once per process."""
    from ci_assess.files import writing

    umask_calls: list[int] = []
    real_umask = os.umask

    def counting_umask(mask: int) -> int:
        umask_calls.append(mask)
        return real_umask(mask)

    writing._umask.cache_clear()
    monkeypatch.setattr(os, "umask", counting_umask)
    for index in range(3):
        write_atomic(tmp_path / f"{index}.md", "x\n", durable=False)
    write_new(tmp_path / "new.yaml", "x\n")
    assert len(umask_calls) == 2  # set to 0 and back, once
    modes = {stat.S_IMODE(path.stat().st_mode) for path in tmp_path.iterdir()}
    assert modes == {0o666 & ~_umask()}
    writing._umask.cache_clear()


def test_a_bounded_read_stats_the_file_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ci_assess.files import inputs

    calls: list[int] = []
    real_fstat = os.fstat

    def counting_fstat(fd: int) -> os.stat_result:
        calls.append(fd)
        return real_fstat(fd)

    path = tmp_path / "a.yaml"
    path.write_text("a: 1\n")
    monkeypatch.setattr(os, "fstat", counting_fstat)
    assert inputs.read_input(str(path)) == b"a: 1\n"
    assert len(calls) == 2  # the kind of what was opened, then its size: one each


def test_a_report_write_is_one_exclusive_create_one_write_and_a_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No mkstemp-then-reopen, no chmod of a new file: the write's system calls, counted."""
    calls: list[str] = []
    real_open, real_write, real_replace = os.open, os.write, os.replace

    def counting_open(path: object, flags: int, mode: int = 0o777, **kw: object) -> int:
        calls.append("open-excl" if flags & os.O_EXCL else "open")
        return real_open(path, flags, mode, **kw)  # type: ignore[arg-type]

    def counting_write(fd: int, data: bytes) -> int:
        calls.append("write")
        return real_write(fd, data)

    def counting_replace(a: object, b: object) -> None:
        calls.append("rename")
        real_replace(a, b)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", counting_open)
    monkeypatch.setattr(os, "write", counting_write)
    monkeypatch.setattr(os, "replace", counting_replace)
    monkeypatch.setattr(os, "chmod", lambda *_: calls.append("chmod"))
    text = "é\n" * 40_000  # larger than a buffered writer's chunk
    target = tmp_path / "report.md"
    write_atomic(target, text, durable=False)
    assert calls == ["open-excl", "write", "rename"]
    assert target.read_text(encoding="utf-8") == text
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~_umask()
    assert listing(tmp_path) == ["report.md"]


def test_a_replaced_file_keeps_its_mode_and_temporary_names_are_partial_files(
    tmp_path: Path,
) -> None:
    from ci_assess.files.writing import _temporary_beside, is_partial

    target = tmp_path / "report.md"
    target.write_text("old\n")
    target.chmod(0o640)
    write_atomic(target, "new\n", durable=True)
    assert target.read_text() == "new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    fd, partial = _temporary_beside(target, target)
    os.close(fd)
    assert is_partial(partial) and stat.S_IMODE(partial.stat().st_mode) == 0o600 & ~_umask()
