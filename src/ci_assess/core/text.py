"""Characters that must never be in a text field, and replies cleaned of them.

A note typed at a terminal without line editing, an arrow key pressed in it, or a
pasted snippet carries escape sequences and other control characters; written to an
answers file they reach the HTML report as raw bytes, and a bidi override can make a
note read differently from what it holds. What is refused, in files and replies alike:
C0 controls except tab and line feed, DEL, C1 controls and the bidirectional
embeddings, overrides and isolates (U+202A to U+202E, U+2066 to U+2069). Pure: no I/O.
"""

from __future__ import annotations

import re
import unicodedata

FORBIDDEN = "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
"""One character no text field may hold: a pattern, which re compiles on first use (a
run that finds none never compiles it, nor ``_ESCAPE_SEQUENCE``)."""

# A whole terminal escape sequence (CSI such as ESC [ D for the left arrow, SS3 such as
# ESC O H for Home, or ESC and one character), removed as one: removing only the ESC
# would leave '[D' in the note.
_ESCAPE_SEQUENCE = r"(?s)\x1b(?:\[[0-?]*[ -/]*[@-~]|O.|.)?|\x9b[0-?]*[ -/]*[@-~]"


def forbidden_at(text: str) -> int | None:
    """Index of the first forbidden character in ``text``, or None."""
    found = re.search(FORBIDDEN, text)
    return found.start() if found else None


_CONTROL_NAMES = {
    0x00: "NUL",
    0x07: "BEL",
    0x08: "backspace",
    0x0B: "vertical tab",
    0x0C: "form feed",
    0x0D: "carriage return",
    0x1B: "ESC",
    0x7F: "DEL",
}


def describe(char: str) -> str:
    """'U+001B (ESC)', 'U+202E (RIGHT-TO-LEFT OVERRIDE)': a character named for a message."""
    code = ord(char)
    name = _CONTROL_NAMES.get(code) or unicodedata.name(char, "a control character")
    return f"U+{code:04X} ({name})"


def cleaned(text: str) -> tuple[str, int]:
    """``text`` without escape sequences and forbidden characters, and how many were removed."""
    without_sequences, sequences = re.subn(_ESCAPE_SEQUENCE, "", text)
    result, singles = re.subn(FORBIDDEN, "", without_sequences)
    return result, sequences + singles
