"""``md_escape``'s fast path returns exactly what the full escaping does.

Most values of a Markdown report hold nothing Markdown would read; ``md_escape``
returns those as they are after one search, and gives the rest to ``_md_escaped``.
"""

from __future__ import annotations

import random

import pytest

from ci_assess.render import templates
from ci_assess.render.templates import _md_escaped, md_escape

# Every character the escaping treats apart, with letters, digits and other spaces.
ALPHABET = "`*[]|~_<&\\#-+=>.)!/;?aZ09 \t\n\r\f\v\u00a0\u2009é٣"
PLAIN = [
    "",
    "Harbour and Reed",
    "Le client paie 46,9\u00a0% : prérequis",
    "Customer intimacy, version 2.1",
    "1999 was a good year",
    "A-1 grade (c. 3) + more = fine > less",
]


def test_the_fast_path_is_the_full_escaping_on_random_values() -> None:
    rng = random.Random(17)
    for _ in range(20_000):
        value = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 8)))
        assert md_escape(value) == _md_escaped(value), repr(value)


@pytest.mark.parametrize(
    "value", [*PLAIN, " x", "x ", "a  b", "- x", "1. x", "2) x", "# x", "a_b", "<b>", 42, None]
)
def test_the_fast_path_is_the_full_escaping(value: object) -> None:
    assert md_escape(value) == _md_escaped(str(value))
    assert type(md_escape(value)) is str


@pytest.mark.parametrize("value", PLAIN)
def test_plain_values_take_the_fast_path(value: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(text: str) -> str:
        raise AssertionError(f"escaped in full: {text!r}")

    monkeypatch.setattr(templates, "_md_escaped", full)
    assert md_escape(value) == value
