"""The cheap bounds that spare ordinary files the structure scan: fast forms, same answers.

``_may_be_hostile`` must be sound (never say "harmless" for a deep or aliased file),
so its faster forms are checked against the plain look-behind regexes they replace.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from ci_assess.files import yamlio

# Every character that matters to either regex, and a few that do not.
ALPHABET = " \t\n\r\x85\u2028\u2029-?:&!*[]{},ab#'\""
SLOW_ANCHOR = re.compile(r"(?:^|(?<=[\s\[\]{},]))[&*][^\s\[\]{},]")


@settings(max_examples=1500, derandomize=True, database=None, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=24))
def test_anchor_search_agrees_with_the_look_behind_form(text: str) -> None:
    assert yamlio._has_anchor_or_alias(text) == (SLOW_ANCHOR.search(text) is not None)


@settings(max_examples=1500, derandomize=True, database=None, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=24))
def test_line_prefix_agrees_with_the_look_behind_form(text: str) -> None:
    slow = max((len(m.group()) for m in yamlio._line_prefix().finditer(text)), default=0)
    assert yamlio._deepest_line_prefix(text) == slow


def test_an_ordinary_answers_file_needs_no_scan() -> None:
    text = "questionnaire: customer-intimacy\ncompany: Harbour & Reed\nanswers:\n  a.b: 3\n"
    assert not yamlio._may_be_hostile(text, aliases=False)
    assert yamlio._may_be_hostile(text + "  a.c: *x\n", aliases=False)
