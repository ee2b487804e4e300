"""Language tags (BCP 47) and how one falls back to another: ``fr-CH`` → ``fr`` → ``en``.

Pure string work, so that choosing a language never imports Babel: only a report or
an interview actually rendered in another language than the source's does.
"""

from __future__ import annotations

import re

SOURCE_LANGUAGE = "en"
"""The language the bundled questionnaire and the tool's own strings are written in."""
TAG_PATTERN = r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$"
_TAG = re.compile(TAG_PATTERN)


def normalise(tag: str) -> str | None:
    """``tag`` in its canonical spelling (``fr_ch`` → ``fr-CH``), or None if it is no tag.

    Language lower case, a four-letter script title case, a region upper case; an
    underscore (as in POSIX locales) is read as a hyphen.
    """
    if not _TAG.fullmatch(tag):
        return None
    first, *rest = tag.replace("_", "-").split("-")
    parts = [first.lower()]
    for part in rest:
        if len(part) == 4 and part.isalpha():
            parts.append(part.title())
        elif len(part) in (2, 3) and (part.isalpha() or part.isdigit()):
            parts.append(part.upper())
        else:
            parts.append(part.lower())
    return "-".join(parts)


def fallbacks(tag: str) -> list[str]:
    """``tag`` and the tags it falls back to, most specific first, ending in English.

    ``fallbacks("fr-CH")`` is ``["fr-CH", "fr", "en"]``; ``fallbacks("en-GB")`` is
    ``["en-GB", "en"]``.
    """
    parts = tag.split("-")
    chain = ["-".join(parts[:n]) for n in range(len(parts), 0, -1)]
    if SOURCE_LANGUAGE not in chain:
        chain.append(SOURCE_LANGUAGE)
    return chain


def pick(tag: str, available: set[str]) -> str | None:
    """The first of ``tag``'s fallbacks that is available, English excluded.

    None means the source language: either ``tag`` is English, or nothing in its chain
    is available (which callers report as an unknown language unless it is English).
    """
    for candidate in fallbacks(tag):
        if candidate == SOURCE_LANGUAGE:
            return None
        if candidate in available:
            return candidate
    return None  # pragma: no cover - fallbacks always ends in the source language


def is_source(tag: str) -> bool:
    """True for English and its regional variants (``en``, ``en-GB``)."""
    return tag.split("-", maxsplit=1)[0] == SOURCE_LANGUAGE
