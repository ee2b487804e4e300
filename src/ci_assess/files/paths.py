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
import sys
from pathlib import Path

APP_NAME = "ci-assess"


def cache_dir() -> Path:
    """The user's cache folder for ci-assess (RuntimeError when it cannot be known)."""
    folder = _plain_xdg("XDG_CACHE_HOME", ".cache")
    if folder is None:
        import platformdirs  # every other platform and case (some 11 M instructions)

        folder = platformdirs.user_cache_dir(APP_NAME, appauthor=False)
    return _absolute(folder, "cache")


def data_dir() -> Path:
    """The user's data folder for ci-assess (RuntimeError when it cannot be known)."""
    folder = _plain_xdg("XDG_DATA_HOME", ".local/share")
    if folder is None:
        import platformdirs

        folder = platformdirs.user_data_dir(APP_NAME, appauthor=False)
    return _absolute(folder, "data")


def _plain_xdg(variable: str, in_home: str) -> str | None:
    """The folder platformdirs gives on plain Linux, without importing it; None otherwise.

    Every report needs the cache folder (compiled templates, the parsed questionnaire),
    and importing platformdirs costs more than the rest of finding it. The plain case is
    the one every platformdirs release since 3 agrees on: Linux that is not an Android
    app, ``variable`` absolute or empty, and then an absolute ``HOME``. Anything else
    (macOS, Windows, Android, a relative value, no home) is platformdirs' to decide.
    """
    if sys.platform != "linux" or hasattr(sys, "getandroidapilevel"):
        return None
    env = os.environ
    if env.get("ANDROID_DATA") == "/data" and env.get("ANDROID_ROOT") == "/system":
        return None  # platformdirs looks for an Android app's folder here
    # The string functions platformdirs itself uses, for the very same text.
    given = env.get(variable, "")
    if given.strip():
        if given != given.strip():  # how a release treats outer spaces is its own to say
            return None
        return os.path.join(given, APP_NAME) if os.path.isabs(given) else None  # noqa: PTH117,PTH118
    if not os.path.isabs(env.get("HOME", "")):  # noqa: PTH117
        return None
    return os.path.join(os.path.expanduser(f"~/{in_home}"), APP_NAME)  # noqa: PTH111,PTH118


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
