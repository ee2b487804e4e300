"""The interview's words in the respondent's language: ``_`` and ``ngettext`` as in gettext.

The interview speaks one language for its whole session, so the translator is set once
when it starts (``use``), the way ``gettext.install`` does for a program. Until then, and
for English, ``_`` is the identity: the interview reads exactly as it always has and
Babel is not imported. Reply keys (0-4, n, b, s, g, r, ?, q, y, e, f) and ids are the
same in every language; only what is shown changes.
"""

from __future__ import annotations

from typing import Any

from ci_assess.files.catalogues import SourceTranslator, Translator

_current: list[Translator] = [SourceTranslator()]


def use(translator: Translator) -> None:
    """Speak ``translator``'s language from now on (for this process's interview)."""
    _current[0] = translator


def reset() -> None:
    """Back to English, the source language (when an interview ends)."""
    _current[0] = SourceTranslator()


def language() -> str:
    """The language the interview speaks now."""
    return _current[0].language


def _(message: str, /, **values: Any) -> str:
    """``message`` in the interview's language, ``%(name)s`` filled from ``values``."""
    return _current[0].gettext(message, **values)


def ngettext(singular: str, plural: str, n: int, /, **values: Any) -> str:
    """The form for ``n`` in the interview's language; ``%(n)s`` and ``values`` filled."""
    return _current[0].ngettext(singular, plural, n, **values)


def N_(message: str) -> str:  # the gettext convention: extracted, translated where used
    """Mark a constant for extraction."""
    return message
