"""Atomic file writes: a reader (or a crash) never sees half a file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ci_assess.errors import InputError


def write_atomic(path: Path, text: str, *, durable: bool = True) -> None:
    """Write ``text`` to ``path`` via a temporary file in the same folder and a rename.

    The rename alone makes the write atomic: another process, or this one dying
    half-way (Ctrl-C, a full disk), sees the old file or the whole new one, never
    part of it. ``durable`` adds an fsync before the rename, so that after a power
    loss or an OS crash the file holds the new text rather than possibly nothing.
    Keep it for files a person wrote (answers: an interview cannot be repeated);
    batch reports skip it (``durable=False``): an fsync per file costs more than the
    report itself, and a report lost to an OS crash is rebuilt by running again.
    """
    folder = path.parent
    if not folder.is_dir():
        raise InputError.single(str(path), f"folder {str(folder)!r} does not exist")
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        # mkstemp makes the file private (0600); keep the mode a replaced file had, or
        # give a new one the mode open() would (0666 less the umask).
        os.fchmod(fd, _mode_for(path))
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _mode_for(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
