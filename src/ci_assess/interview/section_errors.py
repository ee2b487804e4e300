"""How the interview's sections end a prompt: quit, or ask the same thing again."""

from __future__ import annotations


class Quit(Exception):
    """'q' at a section's prompt: save and stop."""


class Reask(Exception):
    """A reply that is refused; the message says why and what to type."""
