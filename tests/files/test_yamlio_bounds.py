"""The cheap bounds that spare ordinary files the structure scan: fast forms, same answers.

``_may_be_hostile`` must be sound (never say "harmless" for a deep or aliased file),
so its faster forms are checked against the plain look-behind regexes they replace,
and the anchor test against libyaml's own events.
"""

from __future__ import annotations

import re

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from ci_assess.files import yamlio

# Every character that matters to either regex, and a few that do not.
ALPHABET = " \t\n\r\x85\u2028\u2029\ufeff-?:&!*[]{},ab#'\""
SLOW_ANCHOR = re.compile(r"(?:^|(?<=[\s\[\]{},:?\"'\ufeff]))[&*][^\s\[\]{},]")
# YAML-ish pieces for libyaml to read: flow and block indicators, quoted keys, a mid-text
# byte-order mark (libyaml skips one at a line's start), anchors and aliases.
PIECES = [" ", "\t", "\n", "- ", "-", "? ", "?", ": ", ":", "&a ", "&a", "*a", "*a ", "[",
          "]", "{", "}", ",", "a", '"k"', "'k'", "#c", "\ufeff", "\r\n", "!t ", "--- "]  # fmt: skip


@settings(max_examples=1500, derandomize=True, database=None, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=24))
def test_anchor_search_agrees_with_the_look_behind_form(text: str) -> None:
    assert yamlio._has_anchor_or_alias(text) == (SLOW_ANCHOR.search(text) is not None)


def test_many_marks_are_searched_with_the_regex() -> None:
    """Past _MARKS_LOOKED_AT '&' or '*', the answer comes from one search: the same one."""
    many = "R&D " * (yamlio._MARKS_LOOKED_AT + 1)
    assert not yamlio._has_anchor_or_alias(many)
    assert not yamlio._has_anchor_or_alias("2*3 " * 70)
    for late in (many + "a: &x 1", "2*3 " * 70 + " *x", many + '{"a":*x}'):
        assert yamlio._has_anchor_or_alias(late) and SLOW_ANCHOR.search(late)


def _libyaml_sees_an_anchor_or_alias(text: str) -> bool:
    loader = yaml.CSafeLoader(text)
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                return True
    except yaml.YAMLError:
        pass  # the events before the error were looked at
    finally:
        loader.dispose()
    return False


@pytest.mark.parametrize(
    "text",
    ['{"a":&x 1, "b":*x}', "{'a':&x 1}", "[?&x a]", "{?*x}", '["a":*x]', "\ufeff&x a"],
)
def test_anchors_libyaml_reads_without_a_space_before_them_are_seen(text: str) -> None:
    """Flow ':' and '?' need no space after them in libyaml; a BOM at a line's start is
    skipped. The search before 1.8 (white space and flow indicators only) missed these."""
    assert _libyaml_sees_an_anchor_or_alias(text)
    assert yamlio._has_anchor_or_alias(text)
    assert yamlio._may_be_hostile(text, aliases=False)


@settings(max_examples=3000, derandomize=True, database=None, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=14).map("".join))
def test_every_anchor_or_alias_libyaml_reads_is_seen(text: str) -> None:
    if _libyaml_sees_an_anchor_or_alias(text):
        assert yamlio._has_anchor_or_alias(text)


@settings(max_examples=1500, derandomize=True, database=None, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=24), st.integers(min_value=0, max_value=12))
def test_line_prefix_reaches_agrees_with_the_deepest_prefix(text: str, column: int) -> None:
    assert yamlio._line_prefix_reaches(text, column) == (
        yamlio._deepest_line_prefix(text) >= column
    )


def test_line_prefix_reaches_with_properties_and_many_marks() -> None:
    """The cases the search alone would miss: a property in a prefix, hidden behind an
    ordinary '&' or '!' in text, or past _MARKS_LOOKED_AT of them."""
    deep = "a:\n- &x " + "- " * 30 + "b\n"  # the anchor makes the prefix long, not the dashes
    assert yamlio._deepest_line_prefix(deep) >= 40
    for text in (deep, "Q&A! " * 70 + "\n" + deep, "c: R&D!\n" + deep.replace("&x", "!t")):
        assert yamlio._line_prefix_reaches(text, 40)
    assert not yamlio._line_prefix_reaches("Q&A! " * 70 + "\na:\n  - b\n", 5)


@given(st.text(alphabet="[{a", max_size=40), st.integers(min_value=0, max_value=30))
def test_count_at_most_counts_up_to_one_past_the_most(text: str, most: int) -> None:
    assert yamlio._count_at_most(text, "[{", most) == min(
        text.count("[") + text.count("{"), most + 1
    )


@settings(max_examples=1500, derandomize=True, database=None, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=24))
def test_line_prefix_agrees_with_the_look_behind_form(text: str) -> None:
    slow = max((len(m.group()) for m in yamlio._line_prefix().finditer(text)), default=0)
    assert yamlio._deepest_line_prefix(text) == slow


def test_an_ordinary_answers_file_needs_no_scan() -> None:
    text = "questionnaire: customer-intimacy\ncompany: Harbour & Reed\nanswers:\n  a.b: 3\n"
    assert not yamlio._may_be_hostile(text, aliases=False)
    assert yamlio._may_be_hostile(text + "  a.c: *x\n", aliases=False)
    # A byte-order mark inside the text (a leading one is decoded away) hides a line's
    # indentation from the bound: such a file is always scanned.
    assert yamlio._may_be_hostile(text + "\ufeff  a.d: 1\n", aliases=False)
