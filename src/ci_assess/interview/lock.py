"""One interview per answers file: an advisory lock held for the whole session.

Two interviews on one file would each save their own answers over the other's. The
lock is a separate, stable file ``.NAME.lock`` beside the answers file (in the
folder of the file a symbolic link resolves to): the answers file itself is replaced
by a rename on every save, so a lock on it would be held on a file that no longer
has a name. ``fcntl.flock`` is released by the kernel when the process ends, however
it ends (kill -9 included), so a dead interview never blocks the next one and there
is no stale lock to clean up. The file is left in place (removing it would let a
third process lock a new file while a second still waits on the old one); it holds
the holder's PID, host and start time, so that a refusal says who has the file.
"""

from __future__ import annotations

import datetime as dt
import errno
import fcntl
import os
import socket
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ci_assess.errors import InputError
from ci_assess.files.inputs import lock_path

_MAX_HOLDER_BYTES = 1024


@contextmanager
def hold(answers: Path, shown: Path | None = None) -> Iterator[Path]:
    """Hold the lock of ``answers`` for the block; InputError (exit 2) if another has it.

    ``shown`` is the path the user gave (a link, say), used in messages.
    """
    source = str(shown or answers)
    path = lock_path(answers)
    fd = _open(path, source)
    try:
        _lock(fd, source, path)
        _write_holder(fd)
        yield path
        os.ftruncate(fd, 0)  # no holder any more; the file stays (see the docstring)
    finally:
        os.close(fd)  # releases the lock


# O_NOFOLLOW: a lock file that is a symbolic link is refused, not followed (the holder
# lines are written over it, so following it would empty whatever it points to).
# O_NONBLOCK: a FIFO in its place must not hang the open; it is refused just after.
_OPEN_FLAGS = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC


def _open(path: Path, source: str) -> int:
    """The lock file opened for writing, created if missing; InputError if it is no plain file."""
    try:
        fd = os.open(path, _OPEN_FLAGS, 0o644)
    except FileNotFoundError:
        folder = str(path.parent)
        raise InputError.single(source, f"folder {folder!r} does not exist") from None
    except OSError as exc:
        what = _kind(path, exc)
        if what:
            raise _not_a_lock_file(source, path, what) from None
        raise InputError.single(
            source, f"cannot create the lock file {path}: {exc.strerror or exc}"
        ) from None
    info = os.fstat(fd)
    what = None if stat.S_ISREG(info.st_mode) else _mode_kind(info.st_mode)
    if what is None and info.st_nlink != 1:
        what = f"a file with {info.st_nlink} hard links"
    if what:
        os.close(fd)
        raise _not_a_lock_file(source, path, what)
    return fd


def _kind(path: Path, exc: OSError) -> str | None:
    """What stands at ``path`` when opening it failed because it is no plain file, or None."""
    if exc.errno not in {errno.ELOOP, errno.EISDIR, errno.ENXIO, errno.EMLINK}:
        return None
    if path.is_symlink():
        return f"a symbolic link (to {path.readlink()})"
    try:
        return _mode_kind(path.lstat().st_mode)
    except OSError:
        return None


def _mode_kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    return "not a regular file"


def _not_a_lock_file(source: str, path: Path, what: str) -> InputError:
    return InputError.single(
        source,
        f"the lock file {path} is {what}, not a regular file",
        hint="remove it (the interview creates its lock file itself) and start again",
    )


def _lock(fd: int, source: str, path: Path) -> None:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        if exc.errno not in {errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES}:
            raise InputError.single(source, f"cannot lock {path}: {exc.strerror or exc}") from None
        raise InputError.single(
            source,
            f"in use by {holder_text(_read_holder(fd))}",
            hint="another interview is saving to this file: finish it there (or stop it), "
            "or choose another --output file",
        ) from None


def _write_holder(fd: int) -> None:
    started = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    text = f"pid: {os.getpid()}\nhost: {socket.gethostname()}\nstarted: {started}\n"
    os.ftruncate(fd, 0)
    os.pwrite(fd, text.encode("utf-8"), 0)


def _read_holder(fd: int) -> dict[str, str]:
    """The holder's ``key: value`` lines; empty when it has not written them yet."""
    try:
        raw = os.pread(fd, _MAX_HOLDER_BYTES, 0).decode("utf-8", errors="replace")
    except OSError:
        return {}
    pairs = (line.split(":", 1) for line in raw.splitlines() if ":" in line)
    return {key.strip(): value.strip() for key, value in pairs}


def holder_text(holder: dict[str, str], today: dt.date | None = None) -> str:
    """'PID 4711 on host X since 10:42' (with the date when not today), or what is known."""
    parts = []
    if holder.get("pid"):
        parts.append(f"PID {holder['pid']}")
    if holder.get("host"):
        parts.append(f"on host {holder['host']}")
    since = _since(holder.get("started", ""), today or dt.date.today())
    if since:
        parts.append(f"since {since}")
    return " ".join(parts) if parts else "another interview"


def _since(started: str, today: dt.date) -> str | None:
    try:
        when = dt.datetime.fromisoformat(started).astimezone()
    except ValueError:
        return None
    clock = when.strftime("%H:%M")
    return clock if when.date() == today else f"{when.date().isoformat()} {clock}"
