"""Bounded reads of the files the tool is given: at most a limit, and only real files.

Every input (answers, questionnaires, branding configs, report templates, and any
format added later) is read through here, so that ``/dev/zero``, an endless pipe or a
symbolic-link loop ends in an InputError naming the file instead of a hang, an
exhausted memory or a misleading "file not found". Regular files, pipes and FIFOs
(``-``, ``/dev/stdin``, ``<(…)``) are read, never more than the limit plus one byte;
devices and sockets are refused, and so are folders (commands that take folders
list them themselves).
"""

from __future__ import annotations

import errno
import os
import re
import stat
import sys
from pathlib import Path
from typing import BinaryIO

from ci_assess.errors import InputError, UsageError

LIMIT_ENV = "CI_ASSESS_MAX_INPUT_BYTES"
MiB = 1024 * 1024
DEFAULT_LIMIT = 16 * MiB
"""Answers files, questionnaires and branding configs: thousands of times their real size."""
TEMPLATE_LIMIT = 1 * MiB
"""Report templates: the bundled ones are a few KiB."""
STDIN = "-"
_HINT = f"set {LIMIT_ENV} to a larger number of bytes if the file is meant to be this big"


def input_limit(default: int = DEFAULT_LIMIT) -> int:
    """The byte limit for one input: ``CI_ASSESS_MAX_INPUT_BYTES`` when set, else ``default``."""
    value = os.environ.get(LIMIT_ENV, "").strip()
    if not value:
        return default
    if not value.isdecimal() or int(value) < 1:
        raise UsageError(
            f"{LIMIT_ENV} must be a whole number of bytes, e.g. {DEFAULT_LIMIT}; got {value!r}"
        )
    return int(value)


def size_text(size: int) -> str:
    """A size as people read it: 512 bytes, 3.5 KiB, 16 MiB."""
    for unit, factor in (("MiB", MiB), ("KiB", 1024)):
        if size >= factor:
            return f"{size / factor:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} bytes"


def read_input(path: str, limit: int | None = None, *, large_hint: str = _HINT) -> bytes:
    """The bytes of ``path`` (standard input for ``-``), refusing what is not a readable file.

    ``limit`` defaults to ``input_limit()``; more than that is an InputError that names
    the file, its size and the limit, with ``large_hint`` (by default: how to raise the
    limit; a reader with a fixed limit says why it is there).
    """
    limit = input_limit() if limit is None else limit
    if path == STDIN:
        return _read_stdin(limit, large_hint)
    mode = _mode(path)
    problem = kind_problem(mode)
    if problem:
        raise InputError.single(path, problem)
    try:
        with Path(path).open("rb") as stream:
            # Checked again on what was opened: the path may have changed in between.
            problem = kind_problem(os.fstat(stream.fileno()).st_mode)
            if problem:
                raise InputError.single(path, problem)
            return _bounded(stream, path, limit, large_hint)
    except OSError as exc:
        raise _os_problem(path, exc) from None


def file_problem(path: Path, limit: int) -> str | None:
    """What makes ``path`` unfit to read as a file of at most ``limit`` bytes, or None.

    For readers that open the file themselves (Jinja's template loader).
    """
    try:
        info = path.stat()
    except OSError as exc:
        return _os_problem(str(path), exc).problems[0].message
    problem = kind_problem(info.st_mode)
    if problem is None and stat.S_ISREG(info.st_mode) and info.st_size > limit:
        return _too_large(info.st_size, limit)
    return problem


def kind_problem(mode: int) -> str | None:
    """Why a file of this mode is not read as an input (None for files, pipes and FIFOs)."""
    if stat.S_ISREG(mode) or stat.S_ISFIFO(mode):
        return None
    if stat.S_ISDIR(mode):
        return "is a folder, not a file"
    kinds = {
        stat.S_ISCHR: "a character device (such as /dev/zero or a terminal)",
        stat.S_ISBLK: "a block device",
        stat.S_ISSOCK: "a socket",
    }
    what = next((name for test, name in kinds.items() if test(mode)), "not a regular file")
    return f"is {what}, not a file: give a file, a pipe or '-' for standard input"


def _mode(path: str) -> int:
    """The mode of what ``path`` names, following symbolic links."""
    try:
        return Path(path).stat().st_mode
    except OSError as exc:
        raise _os_problem(path, exc) from None


def _os_problem(path: str, exc: OSError) -> InputError:
    """An OSError as a message that says what is wrong with the path."""
    if exc.errno == errno.ELOOP:
        return InputError.single(
            path,
            "is a symbolic link loop (a link that points, maybe through others, back at itself)",
            hint="point the link at a real file",
        )
    if exc.errno in {errno.ENOENT, errno.ENOTDIR}:
        link = Path(path)
        if link.is_symlink():
            target = link.readlink()
            return InputError.single(
                path, f"is a symbolic link to a missing file ({target})", hint="fix the link"
            )
        return InputError.single(path, "file not found", hint="check the path and spelling")
    if exc.errno == errno.ENAMETOOLONG:
        return InputError.single(path[:80] + "…", "file name too long")
    if exc.errno == errno.EISDIR:
        return InputError.single(path, "is a folder, not a file")
    return InputError.single(path, f"cannot be read: {exc.strerror or exc}")


def _read_stdin(limit: int, large_hint: str) -> bytes:
    """Standard input, up to the limit; a terminal is read until end of input (Ctrl-D)."""
    stream = sys.stdin.buffer
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):  # not a real file (tests, embedding)
        fd = None
    if fd is not None and not os.isatty(fd):
        problem = kind_problem(os.fstat(fd).st_mode)
        if problem:
            raise InputError.single("<stdin>", f"standard input {problem}")
    return _bounded(stream, "<stdin>", limit, large_hint)


def _bounded(stream: BinaryIO, source: str, limit: int, large_hint: str) -> bytes:
    """At most ``limit`` bytes of ``stream``; one more means the input is too large."""
    try:
        info = os.fstat(stream.fileno())
    except (AttributeError, OSError, ValueError):
        info = None
    regular = info is not None and stat.S_ISREG(info.st_mode)
    size = info.st_size if info is not None and regular else 0
    if regular and size > limit:  # known before reading anything
        raise InputError.single(source, _too_large(size, limit), hint=large_hint)
    data = stream.read(limit + 1)
    if len(data) > limit:
        shown = size if regular else None
        raise InputError.single(source, _too_large(shown, limit), hint=large_hint)
    return data


def _too_large(size: int | None, limit: int) -> str:
    if size is None:  # a pipe: only known to go on past the limit
        return f"is larger than the limit of {size_text(limit)} (read past it, then stopped)"
    return f"is {size_text(size)}, larger than the limit of {size_text(limit)}"


# The interview's lock files (``interview.lock``) sit beside the answers files: named
# here, in the input layer, so that every command that takes a folder's files can
# skip them without importing the interview. Its open-prompt marker (``.NAME.session``,
# interview/marker.py) sits there too, and is skipped the same way. (A pattern that
# re compiles on first use: most runs never test a name that could be one.)
_LOCK_NAME = r"\..+\.(lock|session)"


def lock_path(answers: Path) -> Path:
    """The lock file of the answers file ``answers`` (a resolved path): ``.NAME.lock``."""
    return answers.parent / f".{answers.name}.lock"


def is_lock_file(name: str) -> bool:
    """Whether ``name`` is named like an interview's lock file (``.NAME.lock``) or
    session marker (``.NAME.session``); never an answers file."""
    # A Path only for a name that could be one (its last part is part of the name): a
    # batch asks for every input, and pathlib interns each part it parses.
    if ".lock" not in name and ".session" not in name:
        return False
    return re.fullmatch(_LOCK_NAME, Path(name).name) is not None
