"""Writing outputs: what the target is decides how, so that a write never destroys it.

``check_target`` looks at what stands at the path first:

- nothing yet, or a regular file: a temporary file in the same folder, renamed over
  it (atomic: a reader, or a crash, never sees half a file);
- a symbolic link: the same for the file it points to, so the link stays a link and
  the file it names gets the new text (a dangling link is an error);
- a FIFO or a character device (a named pipe, ``/dev/null``, ``/dev/full``, a
  terminal) and ``/dev/stdout``, ``/dev/fd/N``: opened and written directly, since a
  rename would put a regular file where the device was and its reader would get
  nothing;
- a folder, a block device or a socket: refused, saying which it is;
- a file with several hard links: refused, since the rename would split them (the
  other names would keep the old text);
- a read-only file: refused unless ``force``. Read-only means the owner's write bit
  is off (``chmod u-w``, ``ls`` shows ``r--``): the mode bits, not ``os.access``,
  because root may write anything and the bit is what says "keep this".

Every refusal and every failed write is an InputError naming the path (exit 2). A
reader that closes a pipe early stays a BrokenPipeError: the command line ends
quietly with 141, as for standard output.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from functools import cache
from pathlib import Path

from ci_assess.errors import InputError

WRITE_HINT = "check that no folder has that name, that its folder is writable and has space"
STREAM_HINT = "the device or pipe took no more data: is it full, or did its reader stop?"
# Paths that name one of this process's open descriptors: written in place (appended),
# so that `-o /dev/stdout >> log` adds to the log instead of replacing it.
_DESCRIPTOR_PATHS = ("/dev/stdout", "/dev/stderr", "/dev/fd/", "/proc/self/fd/")
_REFUSED = {
    stat.S_IFDIR: "a folder",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


class Kind(Enum):
    """How a target is written."""

    NEW = "new"  # nothing there yet: created atomically
    FILE = "file"  # a regular file (perhaps behind a link): replaced atomically
    STREAM = "stream"  # a FIFO or character device: written directly


# Not a dataclass: their methods are compiled from generated source in every process
# (about 3 M instructions each at import, and a report imports this module).
class Target:
    """Where a write goes: ``path`` as given (for messages), ``real`` the file replaced."""

    __slots__ = ("kind", "path", "real")

    def __init__(self, path: Path, real: Path, kind: Kind) -> None:
        self.path = path
        self.real = real
        self.kind = kind


def check_target(
    path: Path, *, force: bool = False, force_option: str | None = "--force"
) -> Target:
    """What stands at ``path`` and how to write it; InputError when it must not be written.

    ``force`` allows replacing a read-only file; ``force_option`` is the option that
    says so, offered in the hint (None where the command has none).
    """
    try:
        link = os.lstat(path)
    except FileNotFoundError:
        return Target(path, path, Kind.NEW)
    except OSError as exc:
        raise _unwritable(path, exc) from None
    is_link = stat.S_ISLNK(link.st_mode)
    try:
        info = path.stat() if is_link else link
    except FileNotFoundError:
        raise InputError.single(
            str(path),
            f"is a symbolic link to {str(path.readlink())!r}, which does not exist",
            hint="point the link at an existing file, or remove it",
        ) from None
    except OSError as exc:
        raise _unwritable(path, exc) from None
    if _is_descriptor(path) or stat.S_ISFIFO(info.st_mode) or stat.S_ISCHR(info.st_mode):
        return Target(path, path, Kind.STREAM)
    refused = _REFUSED.get(stat.S_IFMT(info.st_mode))
    if refused is not None or not stat.S_ISREG(info.st_mode):
        what = refused or "not a regular file"
        raise InputError.single(
            str(path), f"is {what}, not a file that can be written", hint="choose a file name"
        )
    real = Path(os.path.realpath(path)) if is_link else path
    _check_replaceable(path, info, force, force_option)
    return Target(path, real, Kind.FILE)


def is_stream(path: Path) -> bool:
    """Whether ``path`` is written directly (a FIFO, a character device, /dev/stdout)."""
    try:
        info = path.stat()
    except OSError:
        return False
    return _is_descriptor(path) or stat.S_ISFIFO(info.st_mode) or stat.S_ISCHR(info.st_mode)


def write_atomic(path: Path, text: str, *, durable: bool = True, force: bool = False) -> None:
    """Write ``text`` to ``path``: atomically to a file, directly to a stream.

    A file is written via a temporary file in its folder and a rename: another
    process, or this one dying half-way (Ctrl-C, a full disk), sees the old file or
    the whole new one, never part of it. ``durable`` adds an fsync before the rename,
    so that after a power loss or an OS crash the file holds the new text rather than
    possibly nothing. Keep it for files a person wrote (answers: an interview cannot
    be repeated); batch reports skip it (``durable=False``): an fsync per file costs
    more than the report itself, and a report lost to an OS crash is rebuilt by
    running again. ``force`` replaces a read-only file.

    Raises InputError naming ``path`` when it cannot or must not be written.
    """
    target = check_target(path, force=force)
    data = text.encode("utf-8")
    if target.kind is Kind.STREAM:
        _write_stream(target, data)
        return
    _write_replacing(target, data, durable=durable)


def _write_replacing(target: Target, data: bytes, *, durable: bool) -> None:
    """``data`` into a new temporary file beside ``target.real``, renamed over it.

    One exclusive create, one write, one close, one rename: a new file is created
    with the mode open() would give it (0666, the kernel takes the umask off), so it
    needs no chmod; a replaced file's mode is copied onto the open descriptor.
    """
    path, real = target.path, target.real
    new = target.kind is Kind.NEW
    fd, partial = _temporary_beside(real, path, 0o666 if new else 0o600)
    try:
        try:
            if not new:
                os.fchmod(fd, _mode_for(real))
            _write_all(fd, data)
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        partial.replace(real)  # Path.replace: what the batch tests slow down
    except BaseException as exc:
        partial.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _unwritable(path, exc) from None
        raise


def _write_all(fd: int, data: bytes) -> None:
    """Write all of ``data`` (one system call, unless the kernel takes less)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


# What a write leaves behind if the process dies before its rename or link:
# ".<name>.<8 random characters>.tmp" (8 hex digits; tempfile.mkstemp's names, which
# earlier versions left, match too). Never a report, never an answers file
# (app.batch refuses it as an input). A pattern compiled on first use, by re's cache:
# compiling it at import would cost every run.
PARTIAL_FILE = r"\..+\.[a-z0-9_]{8}\.tmp"
# Names tried before giving up when every one exists already (as tempfile does).
_NAME_ATTEMPTS = 100
_CREATE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC


def is_partial(path: str | Path) -> bool:
    """Whether ``path`` is the temporary file of a write that never finished."""
    # A Path only for a name that could be one (its last part ends in .tmp): a batch
    # asks for every input, and pathlib interns each part it parses.
    if ".tmp" not in os.fspath(path):
        return False
    return re.fullmatch(PARTIAL_FILE, Path(path).name) is not None


def _temporary_beside(real: Path, shown: Path, mode: int = 0o600) -> tuple[int, Path]:
    """A new temporary file in ``real``'s folder, named as ``PARTIAL_FILE`` says, open
    for writing; errors name ``shown`` (the path the user gave, which may be a link to
    ``real``).

    Created exclusively (``O_EXCL``, links not followed), as ``tempfile.mkstemp`` does,
    with ``mode`` less the umask (mkstemp's is always 0600).
    """
    folder = real.parent
    for _ in range(_NAME_ATTEMPTS):
        partial = folder / f".{real.name}.{os.urandom(4).hex()}.tmp"
        try:
            return os.open(partial, _CREATE_FLAGS, mode), partial
        except FileExistsError:
            continue
        except FileNotFoundError:
            raise InputError.single(str(shown), f"folder {str(folder)!r} does not exist") from None
        except OSError as exc:
            raise _unwritable(shown, exc) from None
    raise _unwritable(shown, FileExistsError(errno.EEXIST, "no unused temporary file name"))


def write_new(path: Path, text: str) -> None:
    """Create ``path`` holding ``text``; InputError if anything stands there already.

    Never over an existing file, even one created a moment ago by another process: the
    text goes to a temporary file in the same folder, which is then hard-linked to
    ``path`` (``link`` fails if the name exists, atomically, and nobody ever sees half
    a file). Where hard links are not supported, ``O_EXCL`` creates the file instead.
    """
    fd, partial = _temporary_beside(path, path)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        partial.chmod(_new_file_mode())
        _link_new(partial, path, text)
    except OSError as exc:
        raise _unwritable(path, exc) from None
    finally:
        partial.unlink(missing_ok=True)


def _link_new(partial: Path, path: Path, text: str) -> None:
    try:
        os.link(partial, path)
    except FileExistsError:
        raise _exists(path) from None
    except OSError as exc:
        if exc.errno not in {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV}:
            raise
        _create_exclusively(path, text)  # a file system without hard links


def _create_exclusively(path: Path, text: str) -> None:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    try:
        fd = os.open(path, flags, 0o666)
    except FileExistsError:
        raise _exists(path) from None
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)


def _exists(path: Path) -> InputError:
    return InputError.single(
        str(path),
        "exists; refusing to overwrite it",
        hint="choose another name, or remove the file first",
    )


@contextmanager
def replacing(path: Path, *, force: bool = False) -> Iterator[Path]:
    """Yield a temporary file; it becomes ``path``'s content if the block succeeds.

    Whatever writes the temporary file (this process, or a browser printing a PDF),
    a file at ``path`` ends up with the old content or the whole new one; a stream
    at ``path`` receives the temporary file's bytes. The new file gets the mode a
    replaced file had, or for a new file the mode open() would give (0666 less the
    umask), not the private 0600 of the temporary file. If the block fails, the
    temporary file is removed; an OSError, from the block or from the rename,
    becomes an InputError naming ``path``.
    """
    target = check_target(path, force=force)
    if target.kind is not Kind.STREAM:
        with _replacing(target) as partial:
            yield partial
        return
    with tempfile.TemporaryDirectory(prefix="ci-assess-") as work:
        partial = Path(work) / (path.name or "output")
        try:
            yield partial
            data = partial.read_bytes()
        except OSError as exc:
            raise _unwritable(path, exc) from None
        _write_stream(target, data)


@contextmanager
def _replacing(target: Target) -> Iterator[Path]:
    """The temporary file next to ``target.real``, renamed over it when the block succeeds."""
    path, real = target.path, target.real
    fd, partial = _temporary_beside(real, path)
    os.close(fd)
    try:
        yield partial
        # A new file needs no stat: it gets the mode open() would give it.
        partial.chmod(_new_file_mode() if target.kind is Kind.NEW else _mode_for(real))
        partial.replace(real)
    except BaseException as exc:
        partial.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _unwritable(path, exc) from None
        raise


def _write_stream(target: Target, data: bytes) -> None:
    """Write ``data`` into a FIFO or device: no temporary file, no rename.

    Opening a FIFO waits for its reader, as a shell's ``>`` does. No O_CREAT: if the
    device went away meanwhile, nothing is created in its place.
    """
    try:
        fd = os.open(target.path, os.O_WRONLY | os.O_APPEND | os.O_NOCTTY | os.O_CLOEXEC)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
    except BrokenPipeError:
        raise  # the reader left: quiet, as for standard output
    except OSError as exc:
        raise _unwritable(target.path, exc, STREAM_HINT) from None


def _check_replaceable(
    path: Path, info: os.stat_result, force: bool, force_option: str | None
) -> None:
    """Refuse a regular file that a rename would damage: hard-linked, or read-only."""
    if info.st_nlink > 1:
        raise InputError.single(
            str(path),
            f"has {info.st_nlink} hard links; replacing it would leave the other names "
            "with the old content",
            hint="write to another name, or remove the other links first",
        )
    if info.st_mode & stat.S_IWUSR or force:
        return
    hint = "make it writable (chmod u+w), choose another name"
    hint += f", or give {force_option} to replace it anyway" if force_option else " for -o"
    raise InputError.single(
        str(path), f"is read-only (mode {stat.S_IMODE(info.st_mode):04o})", hint=hint
    )


def _is_descriptor(path: Path) -> bool:
    name = os.path.abspath(path)  # noqa: PTH100 - a string, links not followed
    return any(name == p or (p.endswith("/") and name.startswith(p)) for p in _DESCRIPTOR_PATHS)


def _unwritable(path: Path, exc: OSError, hint: str = WRITE_HINT) -> InputError:
    reason = exc.strerror or str(exc)
    return InputError.single(str(path), f"cannot be written: {reason}", hint=hint)


def _mode_for(path: Path) -> int:
    """The mode ``path`` has now, or for a new file the mode open() would give it."""
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        return _new_file_mode()


def _new_file_mode() -> int:
    """0666 less the umask: the mode open() gives a new file."""
    return 0o666 & ~_umask()


@cache
def _umask() -> int:
    """The process's umask, read once: reading it means setting it.

    os.umask sets the umask to read it, so for that moment it is 0 for every thread of
    the process; done once, not for each report. A program that changes its umask
    later calls ``_umask.cache_clear()``.
    """
    umask = os.umask(0)
    os.umask(umask)
    return umask
