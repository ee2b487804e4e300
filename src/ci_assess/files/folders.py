"""Folders given as inputs: the answers files in them, and the folders inputs come from.

A folder stands for its ``*.yaml`` and ``*.yml`` files, sorted by name: not hidden ones
(an interview's ``.NAME.lock``, a write's temporary ``.NAME.XXXX.tmp``), not ``*.tmp``,
not the contents of sub-folders. A questionnaire kept beside the answers (a top-level
``questions:`` key) is skipped with a note rather than reported as a bad answers file.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from ci_assess.errors import InputError
from ci_assess.files import yamlio
from ci_assess.files.yamlio import STDIN

ANSWERS_SUFFIXES = (".yaml", ".yml")
# A questionnaire's top-level key that no answers file has (the answers model forbids it).
_QUESTIONNAIRE_KEY = re.compile(r"^[\"']?questions[\"']?[ \t]*:", re.MULTILINE)


# Not a dataclass: their methods are compiled from generated source in every process
# (about 3 M instructions each at import, and a report imports this module).
class Input:
    """One answers file to read, and the folder it belongs to for combining."""

    __slots__ = ("folder", "path")

    def __init__(self, path: str, folder: str) -> None:
        self.path = path
        # The folder given on the command line, or the file's own folder; "-" for stdin.
        self.folder = folder


class Expanded:
    """The inputs with folders replaced by their answers files."""

    __slots__ = ("inputs", "skipped")

    def __init__(self, inputs: list[Input] | None = None, skipped: list[str] | None = None) -> None:
        self.inputs: list[Input] = [] if inputs is None else inputs
        # Notes on what a folder held that is not an answers file.
        self.skipped: list[str] = [] if skipped is None else skipped

    @property
    def paths(self) -> list[str]:
        """The answers files, in order."""
        return [i.path for i in self.inputs]


def expand(names: list[str]) -> Expanded:
    """Replace each folder among ``names`` by its answers files (InputError when a folder
    holds none)."""
    found = Expanded()
    for name in names:
        if name != STDIN and Path(name).is_dir():
            found.inputs.extend(_folder(name, found.skipped))
        else:
            folder = STDIN if name == STDIN else os.path.dirname(name) or "."  # noqa: PTH120
            found.inputs.append(Input(name, folder))
    return found


def _folder(folder: str, skipped: list[str]) -> list[Input]:
    try:
        entries = sorted(e.name for e in Path(folder).iterdir())
    except OSError as exc:
        raise InputError.single(
            folder, f"folder cannot be read: {exc.strerror or exc}", hint="check its permissions"
        ) from None
    inputs = []
    for entry in entries:
        path = os.path.join(folder, entry)  # noqa: PTH118 - plain strings, as given
        if entry.startswith(".") or entry.endswith(".tmp"):  # locks, partial writes
            continue
        if not entry.endswith(ANSWERS_SUFFIXES) or Path(path).is_dir():
            continue
        if _is_questionnaire(path):
            skipped.append(f"skipped: {path} (a questionnaire, not an answers file)")
            continue
        inputs.append(Input(path, folder))
    if not inputs:
        raise InputError.single(
            folder,
            "folder holds no answers file (*.yaml, *.yml)",
            hint="name the answers files, or the folder that holds them",
        )
    return inputs


def _is_questionnaire(path: str) -> bool:
    """Whether the file reads as a questionnaire; an unreadable one is left to the loader."""
    try:
        text = yamlio.read_text(path)
    except InputError:
        return False
    return _QUESTIONNAIRE_KEY.search(text) is not None
