"""Locate the bundled data folders (questionnaires, report templates, schemas).

These are read-only and ship with ci-assess; the user's own cache and data folders
are in ``files.paths``. In a wheel they ship inside the package
(``ci_assess/questionnaires``); in a source checkout or an editable install they are
the top-level folders of the repository.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from types import ModuleType

_PACKAGE_DIR = Path(__file__).resolve().parents[1]  # src/ci_assess, or site-packages/ci_assess


@cache
def bundled_dir(name: str) -> Path:
    """Return the folder ``name`` from the installed package or the source tree."""
    for candidate in (_PACKAGE_DIR / name, _PACKAGE_DIR.parents[1] / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"bundled data folder {name!r} is missing from this installation")


def questionnaires_dir() -> Path:
    """Folder of the bundled questionnaires (``<id>.yaml``)."""
    return bundled_dir("questionnaires")


def templates_dir() -> Path:
    """Folder of the bundled Jinja2 report templates."""
    return bundled_dir("report_templates")


def names_in(folder: str | Path, suffix: str, prefix: str = "") -> list[str]:
    """The names in ``folder`` that start with ``prefix`` and end with ``suffix``, sorted.

    scandir, not Path.glob: glob compiles its pattern into a regex on every call and
    makes a Path per entry, which cost a one-report run more than the listing. OSError
    when ``folder`` cannot be listed.
    """
    with os.scandir(folder) as entries:
        return sorted(
            e.name for e in entries if e.name.startswith(prefix) and e.name.endswith(suffix)
        )


def code_digest(files: Iterable[str | Path]) -> str:
    """A short digest of the source files ``files`` as they are on disk, in the order
    given: part of a disk cache's key where what is cached depends on that code, which
    the version alone does not tell apart between two commits.

    It digests each file's path, size, inode, modification time and status-change
    time, not its bytes: reading and hashing some twenty modules cost a one-report run
    about 3 million instructions, a status costs one system call. The change time is
    the one no tool can set: an edit, a checkout, an install, an extraction that keeps
    the archive's modification times (tar, unzip, cp -p, a package manager) all set it
    to the current time, and the path tells two installs apart even where every time
    is the same (a Nix store). So an entry made by other code is not found; the price
    is a cache miss after a touch, chmod or new link that changed nothing. (Two writes
    of a file within one tick of the file system's clock, a few milliseconds, would
    look alike: scripted rewrites, not installs.)
    """
    digest = hashlib.blake2b(digest_size=16)
    for path in files:
        status = os.stat(path)  # noqa: PTH116 - str or Path, no Path made
        digest.update(os.fsencode(path))
        stamps = (status.st_size, status.st_ino, status.st_mtime_ns, status.st_ctime_ns)
        digest.update(b"\0%d\0%d\0%d\0%d\0" % stamps)
    return digest.hexdigest()


def module_files(*modules: ModuleType) -> list[Path]:
    """The source file of each module."""
    return [Path(str(module.__file__)) for module in modules]
