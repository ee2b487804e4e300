"""``_()`` and ``_e()`` in HTML fill their placeholders exactly as ``Markup % values`` does.

The templates call them some 300 times per report; ``templates._fill`` formats plain
``%(name)s`` messages without MarkupSafe's helper objects (see docs/performance.md).
"""

from __future__ import annotations

from typing import Any

import jinja2
import pytest
from markupsafe import Markup, escape

from ci_assess.render import templates


class _Html:
    def __html__(self) -> str:
        return "<b>as html</b>"

    def __str__(self) -> str:
        return "<as str>"


HOSTILE: list[Any] = [
    "Harbour & Reed <script>\"'",
    Markup("<em>already markup</em>"),
    3,
    2.5,
    True,
    None,
    _Html(),
    "",
    "plain",
]
MESSAGES = [
    "weight %(value)s",
    "%(value)s; level %(value)s, 100%% sure & <b>%(value)s</b>",
    "%(value)r and %(value)s",  # not plain %(name)s: the general path
    "no placeholder %(value)s at the end",
]


def _context(autoescape: bool) -> jinja2.runtime.Context:
    env = jinja2.Environment(autoescape=autoescape)
    return env.from_string("").new_context({})


@pytest.mark.parametrize("message", MESSAGES)
@pytest.mark.parametrize("trusted", [True, False])
@pytest.mark.parametrize("value", HOSTILE, ids=repr)
def test_fill_is_markup_formatting(message: str, trusted: bool, value: Any) -> None:
    expected = (Markup(message) if trusted else escape(message)) % {"value": value}
    got = templates._fill(_context(True), message, {"value": value}, trusted=trusted)
    assert type(got) is Markup
    assert str(got) == str(expected)


def test_plain_placeholders_only_take_the_fast_path() -> None:
    assert templates.named_only("weight %(weight)s, 100%%")
    assert not templates.named_only("%(n)d gaps")
    assert not templates.named_only("%s gaps")
    assert not templates.named_only("%(n)r")


def test_without_autoescape_fill_is_plain_formatting() -> None:
    got = templates._fill(_context(False), "a %(v)s & b", {"v": "<x>"}, trusted=True)
    assert got == "a <x> & b"
    assert type(got) is str
