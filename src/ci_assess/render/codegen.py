"""How the HTML templates compile: autoescape, with a fast path for plain values.

With autoescape, Jinja writes every ``{{ value }}`` as ``escape(value)``: two Python
calls in MarkupSafe (``escape`` and ``Markup.__new__``) for each of the 1,400-odd
values of an HTML report, about a third of its render time. ``FastEscapeCodeGenerator``
writes the same output with a type test in front instead:

* a ``str`` goes straight to MarkupSafe's C escaper (what ``escape`` calls too),
* an ``int`` or a ``float`` is written with ``str`` (its text has nothing to escape),
* a ``Markup`` is written as it is (``escape`` returns it unchanged),
* anything else still goes through ``escape`` (``__html__``, undefined values, ...).

So every value is escaped exactly as before, byte for byte, in bundled and custom
templates alike; ``tests/render/test_codegen.py`` compares the two on hostile values. The
hook is Jinja's documented ``Environment.code_generator_class``; the two methods it
overrides (``_output_child_pre``/``_post``, which wrap each output value) are private
to Jinja 3's code generator, though. Were they ever renamed, the override would
simply not be called and templates would compile to plain ``escape`` again: slower,
never unescaped (a test checks that the fast path is in the compiled code).
Templates compiled this way are cached under their own key (``compiled.environment_key``
names the generator).
"""

from __future__ import annotations

from typing import Any

from jinja2.compiler import CodeGenerator, Frame
from markupsafe import Markup, escape

try:  # MarkupSafe 3: the C (or pure Python) escaper behind ``escape``, str in, str out
    from markupsafe import _escape_inner as escape_text  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - MarkupSafe 2 has no such function

    def escape_text(value: str, /) -> str:
        """What ``escape`` makes of a ``str``, as a plain ``str``."""
        return str(escape(value))


__all__ = ["FastEscapeCodeGenerator", "Markup", "escape_text"]

# The names the compiled code uses; the prefix keeps them apart from Jinja's own
# (``l_``, ``t_``, ``f_``...), and one local (``_ci_v``) holds the value tested.
_IMPORT = (
    "from ci_assess.render.codegen import escape_text as _ci_escape_text, Markup as _ci_Markup"
)
_PRE = "(_ci_escape_text(_ci_v) if type(_ci_v := "
_POST = (
    ") is str else _ci_v if type(_ci_v) is _ci_Markup"
    " else str(_ci_v) if type(_ci_v) is int or type(_ci_v) is float else escape(_ci_v))"
)


class FastEscapeCodeGenerator(CodeGenerator):
    """Jinja's code generator, with a fast path for autoescaped output (see the module)."""

    def visit_Template(self, node: Any, frame: Frame | None = None) -> None:
        """The template module, and the two names the fast path needs."""
        super().visit_Template(node, frame)
        self.writeline(_IMPORT)

    def _output_child_pre(self, node: Any, frame: Frame, finalize: Any) -> None:
        if self._fast(frame, finalize):
            self.write(_PRE)
        else:
            super()._output_child_pre(node, frame, finalize)

    def _output_child_post(self, node: Any, frame: Frame, finalize: Any) -> None:
        if self._fast(frame, finalize):
            self.write(_POST)
        else:
            super()._output_child_post(node, frame, finalize)

    @staticmethod
    def _fast(frame: Frame, finalize: Any) -> bool:
        """Autoescape known when compiling, and no ``finalize`` to call first."""
        ctx = frame.eval_ctx
        return bool(ctx.autoescape) and not ctx.volatile and finalize.src is None
