"""Markers that say what a questionnaire string is: text a translator translates, or an id.

Every ``str`` in the questionnaire model carries one of the two (a test walks the model
and fails on a string that has neither). The overlay format (``core.overlay``) is built
from the markers: a field marked ``Text`` becomes translatable in every overlay, with no
other change, and an ``Id`` never appears in one. So a new human-readable field is
declared ``Text`` (or ``Text | None``, ``list[Text]``, ``dict[K, Text]``) and nothing else
needs to know about it.
"""

from __future__ import annotations

from typing import Annotated, Final


class Translatable:
    """Marker: a human-readable string an overlay may translate (titles, texts, help …)."""

    def __repr__(self) -> str:
        return "TRANSLATABLE"


class Identifying:
    """Marker: an id, a version or a key a file refers to; the same in every language."""

    def __repr__(self) -> str:
        return "ID"


TRANSLATABLE: Final = Translatable()
ID: Final = Identifying()

Text = Annotated[str, TRANSLATABLE]
"""A string shown to people: translated by a language overlay."""
