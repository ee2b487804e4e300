"""Folders given as inputs: the answers files in them, and the folders inputs come from.

A folder stands for its ``*.yaml`` and ``*.yml`` files, sorted by name: not hidden ones
(an interview's ``.NAME.lock``, a write's temporary ``.NAME.XXXX.tmp``), not ``*.tmp``,
not the contents of sub-folders. A questionnaire kept beside the answers (a top-level
``questions:`` key) is skipped with a note rather than reported as a bad answers file.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from typing import NamedTuple

from ci_assess.errors import InputError
from ci_assess.files import yamlio
from ci_assess.files.yamlio import STDIN

ANSWERS_SUFFIXES = (".yaml", ".yml")
# A questionnaire's top-level key that no answers file has (the answers model forbids it).
_QUESTIONNAIRE_KEY = re.compile(r"^[\"']?questions[\"']?[ \t]*:", re.MULTILINE)
# The errors for which pathlib's is_dir() answers False rather than raising (3.11-3.13),
# and their Windows codes (not ready, invalid name, cannot access the file).
_NOT_THERE = frozenset({errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP})
_WINDOWS_NOT_THERE = frozenset({21, 123, 1921})


class Input(NamedTuple):
    """One answers file to read, and the folder it belongs to for combining."""

    path: str
    folder: str
    """The folder given on the command line, or the file's own folder; "-" for stdin."""


# Not a dataclass: a dataclass's methods are compiled from generated source in every
# process (about 3 M instructions at import, and a report imports this module).
class Expanded:
    """The inputs with folders replaced by their answers files.

    Two lists of strings side by side rather than one object per input: a batch can
    name ten thousand files, and whatever is kept per input before the batch's
    workers are forked is kept in every worker too. Each folder's name is held once.
    """

    __slots__ = ("folders", "paths", "skipped")

    def __init__(self) -> None:
        # The answers files, in order.
        self.paths: list[str] = []
        # Each one's folder: given on the command line, or the file's own; "-" for stdin.
        self.folders: list[str] = []
        # Notes on what a folder held that is not an answers file.
        self.skipped: list[str] = []

    @property
    def inputs(self) -> list[Input]:
        """Each answers file with its folder, in order."""
        return [Input(p, f) for p, f in zip(self.paths, self.folders, strict=True)]


def expand(names: list[str]) -> Expanded:
    """Replace each folder among ``names`` by its answers files (InputError when a folder
    holds none)."""
    found = Expanded()
    # One string per folder, not one per file: ``os.path.dirname`` makes a new one.
    folders: dict[str, str] = {}
    for name in names:
        if name != STDIN and _is_dir(name):
            paths = _folder(name, found.skipped)
            found.paths.extend(paths)
            found.folders.extend([name] * len(paths))
        else:
            folder = STDIN if name == STDIN else os.path.dirname(name) or "."  # noqa: PTH120
            found.paths.append(name)
            found.folders.append(folders.setdefault(folder, folder))
    return found


def _is_dir(name: str) -> bool:
    """``Path(name).is_dir()`` without a Path: pathlib interns every part of every path
    it parses, and a table of ten thousand file names outlives the Paths themselves.

    The same answers: "" is the current folder, as ``Path("")`` is; a missing file, a
    path through a file, a loop of links or a bad name is no folder; any other error
    (permission denied) is raised, as pathlib raises it.
    """
    try:
        return stat.S_ISDIR(os.stat(name or ".").st_mode)  # noqa: PTH116 - no Path
    except OSError as exc:
        if exc.errno not in _NOT_THERE and getattr(exc, "winerror", 0) not in _WINDOWS_NOT_THERE:
            raise
        return False
    except ValueError:  # a NUL in the name
        return False


def _folder(folder: str, skipped: list[str]) -> list[str]:
    try:
        # The names Path(folder).iterdir() would give, without a Path for each.
        entries = sorted(os.listdir(folder or "."))  # noqa: PTH208
    except OSError as exc:
        raise InputError.single(
            folder, f"folder cannot be read: {exc.strerror or exc}", hint="check its permissions"
        ) from None
    paths = []
    for entry in entries:
        path = os.path.join(folder, entry)  # noqa: PTH118 - plain strings, as given
        if entry.startswith(".") or entry.endswith(".tmp"):  # locks, partial writes
            continue
        if not entry.endswith(ANSWERS_SUFFIXES) or _is_dir(path):
            continue
        if _is_questionnaire(path):
            skipped.append(f"skipped: {path} (a questionnaire, not an answers file)")
            continue
        paths.append(path)
    if not paths:
        raise InputError.single(
            folder,
            "folder holds no answers file (*.yaml, *.yml)",
            hint="name the answers files, or the folder that holds them",
        )
    return paths


def _is_questionnaire(path: str) -> bool:
    """Whether the file reads as a questionnaire; an unreadable one is left to the loader."""
    try:
        text = yamlio.read_text(path)
    except InputError:
        return False
    return _QUESTIONNAIRE_KEY.search(text) is not None
