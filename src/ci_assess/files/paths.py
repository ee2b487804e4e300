"""The user's own folders for ci-assess: the cache, and the data folder for what it keeps.

Each platform has its convention, and platformdirs knows them:

- Linux (XDG): cache ``$XDG_CACHE_HOME/ci-assess`` or ``~/.cache/ci-assess``, data
  ``$XDG_DATA_HOME/ci-assess`` or ``~/.local/share/ci-assess``;
- macOS: ``~/Library/Caches/ci-assess`` and ``~/Library/Application Support/ci-assess``;
- Windows: ``%LOCALAPPDATA%\\ci-assess\\Cache`` and ``%LOCALAPPDATA%\\ci-assess``.

The cache holds what can be rebuilt (compiled templates) and may be deleted at any
time; the data folder is for what cannot. Neither is created here: the caller makes
the folder when it first writes there. Not to be confused with
``resources.bundled_dir``, the read-only data shipped inside the package.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "ci-assess"


def cache_dir() -> Path:
    """The user's cache folder for ci-assess (RuntimeError when it cannot be known)."""
    return _absolute(platformdirs.user_cache_dir(APP_NAME, appauthor=False), "cache")


def data_dir() -> Path:
    """The user's data folder for ci-assess (RuntimeError when it cannot be known)."""
    return _absolute(platformdirs.user_data_dir(APP_NAME, appauthor=False), "data")


def _absolute(folder: str, what: str) -> Path:
    # Without a home folder (HOME unset and no password entry) "~" stays unexpanded,
    # and a relative XDG_* variable is taken as given: either way the folder would
    # land inside whatever the working directory happens to be.
    path = Path(folder)
    if not path.is_absolute():
        raise RuntimeError(f"the user's {what} folder is not known (got {folder!r})")
    return path


NO_CACHE_ENV = "CI_ASSESS_NO_CACHE"
"""Set to 1 to use no disk cache at all (parsed questionnaires, compiled templates)."""


def caches_enabled() -> bool:
    """Whether the disk caches are used: ``CI_ASSESS_NO_CACHE`` unset or ``0``."""
    return os.environ.get(NO_CACHE_ENV, "") in {"", "0"}
