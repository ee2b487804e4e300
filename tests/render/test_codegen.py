"""The fast path for autoescaped output escapes exactly as Jinja's own ``escape`` does."""

from __future__ import annotations

import enum
from typing import Any

import jinja2
import pytest
from markupsafe import Markup

from ci_assess.render.codegen import FastEscapeCodeGenerator, escape_text


class Shout(enum.StrEnum):
    evil = "<b>&'\""


class Level(enum.IntEnum):
    high = 3


class Html:
    """An object that renders itself (``__html__``), as a Markup-aware type does."""

    def __html__(self) -> str:
        return "<em>trusted</em>"

    def __str__(self) -> str:
        return "<em>untrusted</em>"


class Sub(str):
    pass


VALUES: list[Any] = [
    "plain text",
    "",
    "a & <b> \"double\" 'single' >",
    "\u202e<script>alert(1)</script>",
    0,
    -42,
    2.5,
    float("nan"),
    1e300,
    True,
    None,
    Markup("<b>already safe</b>"),
    Markup("a &amp; b"),
    Html(),
    Sub("<sub & class>"),
    Shout.evil,
    Level.high,
    ["<list>", 1],
    {"k": "<v>"},
]

# The same values written every way an Output node compiles: at the top level (yield),
# in a macro and in a set block (a buffer), with a filter and an expression, and
# under a scoped autoescape that is switched off or decided at run time.
TEMPLATE = """\
{% macro cell(v) %}<td>{{ v }}|{{ v | string }}|{{ [v] | first }}</td>{% endmacro %}
{% for v in values %}
[{{ v }}] {{ cell(v) }} {% set block %}({{ v }}){% endset %}{{ block }}
{% autoescape false %}raw={{ v }}{% endautoescape %}
{% autoescape flag %}dyn={{ v }}{% endautoescape %}
{% endfor %}
{{ "<const & folded>" }} {{ 1 + 2 }}
"""


def environment(fast: bool, **options: Any) -> jinja2.Environment:
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, **options)
    if fast:
        env.code_generator_class = FastEscapeCodeGenerator
    return env


@pytest.mark.parametrize("flag", [True, False])
def test_fast_path_writes_what_escape_writes(flag: bool) -> None:
    plain = environment(False).from_string(TEMPLATE).render(values=VALUES, flag=flag)
    fast = environment(True).from_string(TEMPLATE).render(values=VALUES, flag=flag)
    assert fast == plain
    assert "&lt;script&gt;" in fast and "<script>" in fast  # escaped, and raw where asked
    assert "[<em>trusted</em>]" in fast and "[<em>untrusted</em>]" not in fast


def test_fast_path_is_compiled_in() -> None:
    """Were Jinja's hooks renamed, this fails instead of the speed silently going."""
    code = environment(True).compile("{{ x }}{% macro m(y) %}{{ y }}{% endmacro %}", raw=True)
    assert code.count("_ci_escape_text(_ci_v) if type(_ci_v := ") == 2
    assert (
        "escape("
        not in environment(True)
        .compile("{{ x }}", raw=True)
        .replace("else escape(_ci_v)", "")
        .split("def root", 1)[1]
    )


def test_without_autoescape_or_with_finalize_jinja_compiles_as_ever() -> None:
    text = jinja2.Environment(autoescape=False)
    text.code_generator_class = FastEscapeCodeGenerator
    assert "_ci_v" not in text.compile("{{ x }}", raw=True)
    assert text.from_string("{{ x }}").render(x="<b>") == "<b>"
    finalized = environment(True, finalize=lambda v: "" if v is None else v)
    assert "_ci_v" not in finalized.compile("{{ x }}", raw=True)
    assert finalized.from_string("[{{ x }}{{ y }}]").render(x=None, y="<") == "[&lt;]"


def test_undefined_values_still_fail() -> None:
    with pytest.raises(jinja2.UndefinedError):
        environment(True).from_string("{{ missing }}").render()


def test_escape_text() -> None:
    assert (
        escape_text("<a href=\"x\">'&'</a>")
        == "&lt;a href=&#34;x&#34;&gt;&#39;&amp;&#39;&lt;/a&gt;"
    )
    assert type(escape_text("plain")) is str
