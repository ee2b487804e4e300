"""A disk cache of the bundled templates, compiled, so that one report skips compiling.

Compiling the HTML report's templates costs about as much as everything else a
one-report run does beyond importing its libraries (some 45 ms), and they are the
same on every run. Jinja keeps the compiled code in the user's cache folder
(``$XDG_CACHE_HOME/ci-assess`` or ``~/.cache/ci-assess``), one file per template,
checked against the template's source and Jinja's version on every load, so an
edited template or an upgraded Jinja is simply compiled again.

A cache is an optimisation and never a reason to fail: a folder that cannot be
created, read or written, or a damaged file, only means compiling as before.
Templates from a user's ``--template`` folder are not cached (they are small, may be
edited between runs, and would leave a file per folder behind).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket

from ci_assess import __version__

# Set to any value to compile the templates on every run (tests, debugging).
NO_CACHE_ENV = "CI_ASSESS_NO_TEMPLATE_CACHE"


class _TolerantCache(jinja2.FileSystemBytecodeCache):
    """Jinja's file cache, except that trouble with a cache file means a cache miss."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # a damaged or unreadable file: compile instead
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        # Jinja writes a temporary file and renames it: never half a file. A folder
        # that is read-only or full only means that the next run compiles again.
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def cache_folder() -> Path:
    """Where compiled templates are kept (RuntimeError when there is no home folder)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "ci-assess" / f"templates-{__version__}"


def bytecode_cache(mode: str) -> jinja2.BytecodeCache | None:
    """The cache for the bundled templates compiled in ``mode``, or None when there can be none.

    Jinja keys a cached template by its name and source only, not by how it was
    compiled; ``_text.j2`` is compiled with autoescape for HTML (``mode="html"``) and
    without it for Markdown (``"text"``), so each mode keeps its own files. Sharing
    them let a Markdown run's code render HTML unescaped.
    """
    if os.environ.get(NO_CACHE_ENV):
        return None
    try:
        folder = cache_folder()
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except (OSError, RuntimeError):
        return None
    return _TolerantCache(str(folder), pattern=f"__jinja2_{mode}_%s.cache")
