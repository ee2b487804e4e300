"""Atomic file writes: a reader (or a crash) never sees half a file."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ci_assess.errors import InputError

WRITE_HINT = "check that no folder has that name, that its folder is writable and has space"


def write_atomic(path: Path, text: str, *, durable: bool = True) -> None:
    """Write ``text`` to ``path`` via a temporary file in the same folder and a rename.

    The rename alone makes the write atomic: another process, or this one dying
    half-way (Ctrl-C, a full disk), sees the old file or the whole new one, never
    part of it. ``durable`` adds an fsync before the rename, so that after a power
    loss or an OS crash the file holds the new text rather than possibly nothing.
    Keep it for files a person wrote (answers: an interview cannot be repeated);
    batch reports skip it (``durable=False``): an fsync per file costs more than the
    report itself, and a report lost to an OS crash is rebuilt by running again.

    Raises InputError naming ``path`` when it cannot be written.
    """
    with replacing(path) as partial, partial.open("w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
        if durable:
            handle.flush()
            os.fsync(handle.fileno())


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """Yield a temporary file next to ``path``; it replaces ``path`` if the block succeeds.

    Whatever writes the temporary file (this process, or a browser printing a PDF),
    ``path`` ends up with the old file or the whole new one. The new file gets the
    mode a replaced file had, or for a new file the mode open() would give (0666
    less the umask), not the private 0600 of the temporary file. If the block fails,
    the temporary file is removed; an OSError, from the block or from the rename,
    becomes an InputError naming ``path``.
    """
    folder = path.parent
    try:
        fd, name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except FileNotFoundError:
        raise InputError.single(str(path), f"folder {str(folder)!r} does not exist") from None
    except OSError as exc:
        raise _unwritable(path, exc) from None
    os.close(fd)
    partial = Path(name)
    try:
        yield partial
        partial.chmod(_mode_for(path))
        partial.replace(path)
    except BaseException as exc:
        partial.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _unwritable(path, exc) from None
        raise


def _unwritable(path: Path, exc: OSError) -> InputError:
    reason = exc.strerror or str(exc)
    return InputError.single(str(path), f"cannot be written: {reason}", hint=WRITE_HINT)


def _mode_for(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
