"""Which note or evidence prompt was open: ``.NAME.session`` beside the answers file.

The answers file holds every confirmed reply, but not the text being typed: after
kill -9 (or a closed terminal) in the middle of a note, a resume would otherwise say
nothing of the note that never arrived. While a note, evidence or n/a reason prompt is
open, the marker file records which one (``open: note`` and the question id); it is
removed when the prompt is answered, and when the interview finishes. A resume that
finds it says which question was saved without that text. The typed text itself is
not recoverable. Written only while the session's lock is held (``lock.py``), in the
same folder; a symbolic link or anything but a regular file in its place is left
alone (the marker is a courtesy, never a reason to stop an interview).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_MAX_BYTES = 1024
_FLAGS = os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK


def marker_path(answers: Path) -> Path:
    """The marker of the answers file ``answers`` (a resolved path): ``.NAME.session``."""
    return answers.parent / f".{answers.name}.session"


class Marker:
    """The open-prompt record of one answers file; ``path`` None keeps it in memory only."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._found = self._read()  # what a previous session left: read once, at the start

    def lost(self) -> tuple[str, str] | None:
        """(field, question id) of the prompt open when the last session stopped, or None."""
        return self._found

    @contextmanager
    def open(self, field: str, question_id: str) -> Iterator[None]:
        """Record the ``field`` prompt of ``question_id`` as open for the block.

        Left in place when the block ends with an exception (Ctrl-C, the end of input,
        a crash): the prompt did not get its reply.
        """
        self._write(f"open: {field}\nquestion: {question_id}\n")
        yield
        self.remove()

    def remove(self) -> None:
        """No prompt open any more (and, at the end of the interview, no marker)."""
        if self.path is None:
            return
        try:
            if self.path.is_file() and not self.path.is_symlink():
                self.path.unlink()
        except OSError:
            pass  # gone already, or it cannot be removed: the next resume reads it

    def _write(self, text: str) -> None:
        if self.path is None:
            return
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | _FLAGS, 0o644)
        except OSError:
            return
        try:
            if stat.S_ISREG(os.fstat(fd).st_mode):
                os.ftruncate(fd, 0)
                os.pwrite(fd, text.encode("utf-8"), 0)
        except OSError:
            pass
        finally:
            os.close(fd)

    def _read(self) -> tuple[str, str] | None:
        if self.path is None:
            return None
        try:
            fd = os.open(self.path, os.O_RDONLY | _FLAGS)
        except OSError:  # none (the usual case), or a link or a FIFO: nothing to say
            return None
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return None
            raw = os.read(fd, _MAX_BYTES).decode("utf-8", errors="replace")
        except OSError:
            return None
        finally:
            os.close(fd)
        pairs = {
            key.strip(): value.strip()
            for key, _, value in (line.partition(":") for line in raw.splitlines())
        }
        field, question = pairs.get("open"), pairs.get("question")
        if field in {"note", "evidence", "reason"} and question:
            return field, question
        return None
