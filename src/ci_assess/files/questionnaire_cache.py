"""A disk cache of validated questionnaires, so that one report skips parsing its YAML.

Parsing and validating the bundled questionnaire (72 questions of prose) costs about
as much as everything else a one-report run does beyond importing its libraries, and
it is the same on every run. The validated model is kept pickled in the user's cache
folder (``files.paths.cache_dir()``), one file per questionnaire text.

A cached model is found by the BLAKE2b digest of the file's exact bytes (as strong a
hash as SHA-256, and half its instructions on a 140 KB questionnaire), in a folder named
after the versions of ci-assess, pydantic and Python and a digest of the modules that
define the model: an edited file, a new release, another pydantic or a changed model
(a new field, between two commits of one version) never meets an old entry. Only a
questionnaire that validated is stored, so errors are always reported from the file
itself. A cache is an optimisation and never a reason to fail: an unreadable, damaged
or stale entry is a miss, and a folder that cannot be written only means the next run parses again.
A questionnaire with a language overlay applied is kept the same way (``get_localised``),
found by the questionnaire's text and the overlay's name and text.
``CI_ASSESS_NO_CACHE=1`` turns this cache and the compiled-template cache off.

The entries are trusted as the compiled templates beside them are: they live in the
user's own cache folder, which only that user can write.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import sys
from collections.abc import Callable
from pathlib import Path

from ci_assess import __version__
from ci_assess.core.models.questionnaire import Questionnaire
from ci_assess.errors import InputError
from ci_assess.files.paths import caches_enabled
from ci_assess.files.resources import code_digest, module_files, names_in
from ci_assess.files.writing import replacing


def folder() -> Path:
    """The cache's folder; RuntimeError when there is no cache folder (no home)."""
    import pydantic

    from ci_assess.files.paths import cache_dir  # platformdirs, only when used

    python = f"{sys.version_info.major}.{sys.version_info.minor}"
    name = f"questionnaires-{__version__}-pydantic{pydantic.VERSION}-py{python}-{_models()}"
    return cache_dir() / name


@functools.cache
def _models() -> str:
    """A short digest of the source of every module the questionnaire model is made of.

    An unpickled model of another definition lacks the new fields (an AttributeError
    far from here); the version alone does not change between two commits.
    """
    from ci_assess.core import models

    here = os.path.dirname(str(models.__file__))  # noqa: PTH120 - strings, no Paths
    return code_digest(os.path.join(here, name) for name in names_in(here, ".py"))[:12]  # noqa: PTH118


def _entry(text: str) -> Path:
    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=32).hexdigest()
    return folder() / f"{digest}.pickle"


def get(text: str) -> Questionnaire | None:
    """The questionnaire validated earlier from exactly ``text``, or None."""
    loaded = _read(lambda: _entry(text))
    return loaded if isinstance(loaded, Questionnaire) else None


def put(text: str, questionnaire: Questionnaire) -> None:
    """Keep ``questionnaire``, validated from ``text``, for later runs (best effort)."""
    _write(lambda: _entry(text), questionnaire)


def _read(entry: Callable[[], Path]) -> object:
    """What the file ``entry()`` holds, or None: the cache off, or any trouble."""
    if not caches_enabled():
        return None
    try:
        return pickle.loads(entry().read_bytes())
    except Exception:  # missing, unreadable, damaged, or made by other code: a miss
        return None


def _write(entry: Callable[[], Path], value: object) -> None:
    """Keep ``value`` in the file ``entry()`` (best effort)."""
    if not caches_enabled():
        return
    # A failed write (read-only or full folder, no home) only means a miss next time.
    with contextlib.suppress(InputError, OSError, RuntimeError, pickle.PicklingError):
        target = entry()
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        with replacing(target) as partial:  # a reader sees no entry or the whole one
            partial.write_bytes(data)


# A questionnaire with a language overlay applied, and the warnings that gave (stale
# entries, which name the overlay's file and line): found by the questionnaire's text,
# the overlay's name as messages give it, the overlay's text and the code that applied
# it. Only an overlay that applied without an error is stored, so errors are always
# reported from the file.
Localised = tuple[Questionnaire, tuple[str, ...]]


@functools.cache
def _localiser() -> str:
    """A short digest of the code that checks and applies an overlay and words its
    warnings: a translation applied by other code (between two commits of one version)
    is never found."""
    from ci_assess.core import overlay
    from ci_assess.files import overlays

    return code_digest(module_files(overlay, overlays))


def _localised_entry(base: str, source: str, overlay: str) -> Path:
    digest = hashlib.blake2b(digest_size=32)
    for part in (_localiser(), base, source, overlay):
        data = part.encode("utf-8", "surrogatepass")
        digest.update(len(data).to_bytes(8, "big"))  # no two splits of one text agree
        digest.update(data)
    return folder() / f"localised-{digest.hexdigest()}.pickle"


def get_localised(base: str, source: str, overlay: str) -> Localised | None:
    """The questionnaire validated from ``base`` with the overlay ``source`` (whose text
    is ``overlay``) applied earlier, and its warnings; or None."""
    loaded = _read(lambda: _localised_entry(base, source, overlay))
    if not (isinstance(loaded, tuple) and len(loaded) == 2):
        return None
    questionnaire, warnings = loaded
    if not isinstance(questionnaire, Questionnaire) or not isinstance(warnings, tuple):
        return None
    return (questionnaire, warnings) if all(isinstance(w, str) for w in warnings) else None


def put_localised(base: str, source: str, overlay: str, localised: Localised) -> None:
    """Keep a localised questionnaire and its warnings for later runs (best effort)."""
    _write(lambda: _localised_entry(base, source, overlay), localised)
