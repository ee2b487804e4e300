"""The bundled templates' constant messages, translated once when a template compiles.

The report templates call ``_("Ranked gaps")`` / ``_e("not scored yet")`` some 360
times per report, almost all with a constant message and no values: each call is a
Jinja ``Context.call``, ``templates._gettext``, a catalogue lookup and a ``Markup``,
about a third of an HTML report's render. ``TranslatingCodeGenerator`` replaces each
such call, when the template compiles, by the very value the call returns at run
time in the environment's language:

* ``_`` with autoescape: ``Markup(translation)`` (trusted, like text in the template);
* ``_e`` with autoescape: ``escape(translation)`` (escaped, like a quoted string);
* without autoescape (Markdown): the translation itself.

Jinja then folds the constants into the template's text, so ``{{ _("Summary") }}``
costs nothing when rendering. A call with values (``_("%(n)s gaps", n=3)``, about 220
a report) becomes the filter ``templates.filled_html`` (or ``filled_text``) applied to
its translation, escaped or trusted as the call would have, with the same values: the
compiled code calls the filter directly and fills the values in, where the call went
through ``Context.call``, ``_gettext`` and a catalogue lookup. ``ngettext``, a message
that is not a constant, and anything else stay calls, rendered as before.

What makes that exact:

* Only the bundled templates get it, each environment in one language
  (``templates._environment``); the renderer picks the environment of each report's
  language, whose ``tr`` is the translator used here. A ``--template`` folder compiles
  as before, also for the bundled partials it imports (its environment has no language),
  since a firm's template may define its own ``_``.
* A template that binds ``_`` or ``_e`` itself (``set``, a loop, a macro argument, an
  import), or changes autoescape inside (``{% autoescape %}``), is left as it is.
* A call without values inside ``~`` (concatenation) with autoescape stays a call:
  Jinja folds a constant ``~`` to a plain ``str`` when compiling, where at run time it
  is ``Markup``. The filters take the context, so Jinja never folds them.
* Every bundled partial is imported or included with its context (a test checks it):
  one imported without context would translate into English at run time.

The language and its catalogue join the compiled-template cache key
(``compiled.environment_key`` calls ``cache_key``): code compiled for one language is
never loaded for another, nor after the catalogue changes.
"""

from __future__ import annotations

import hashlib
from typing import Any

from jinja2 import nodes
from jinja2.compiler import Frame
from jinja2.environment import Environment
from jinja2.visitor import NodeTransformer
from markupsafe import escape

from ci_assess.files.catalogues import DOMAIN, LOCALE_DIR, Translator, translator
from ci_assess.render.codegen import FastEscapeCodeGenerator
from ci_assess.render.templates import named_only

# The environment attribute that holds the language its templates are compiled in.
_LANGUAGE = "ci_assess_language"
# The template functions this pass may replace: message only, trusted or escaped.
_GETTEXT = {"_": False, "_e": True}
# The filters a call with values becomes, with and without autoescape; names no
# template of ours uses, registered in each environment that compiles in a language.
FILL_HTML = "ci_assess_filled_html"  # a message whose only placeholders are %(name)s
FILL_HTML_ANY = "ci_assess_filled_html_any"
FILL_TEXT = "ci_assess_filled_text"


def compile_in(env: Environment, language: str) -> None:
    """Make ``env`` compile its templates' messages in ``language``."""
    from ci_assess.render.templates import filled_html, filled_html_any, filled_text

    env.extend(**{_LANGUAGE: language})
    env.filters[FILL_HTML] = filled_html
    env.filters[FILL_HTML_ANY] = filled_html_any
    env.filters[FILL_TEXT] = filled_text
    env.code_generator_class = TranslatingCodeGenerator


def language_of(env: Environment) -> str | None:
    """The language ``env`` compiles its messages in, or None (compiled as written)."""
    language = getattr(env, _LANGUAGE, None)
    return language if isinstance(language, str) else None


def cache_key(env: Environment) -> str | None:
    """The language and a digest of each catalogue it may read, or None without a
    language: what the compiled code depends on beyond the template's source."""
    language = language_of(env)
    if language is None:
        return None
    from ci_assess.core.language import fallbacks

    # The files BabelTranslator's chain may load (fr-CH: fr_CH's, then fr's).
    parts = [language]
    for tag in fallbacks(language)[:-1]:
        path = LOCALE_DIR / tag.replace("-", "_") / "LC_MESSAGES" / f"{DOMAIN}.mo"
        try:
            parts.append(hashlib.sha256(path.read_bytes()).hexdigest()[:16])
        except OSError:
            parts.append("-")
    return " ".join(parts)


class TranslatingCodeGenerator(FastEscapeCodeGenerator):
    """The fast-escape generator, with constant messages translated first (see the module)."""

    def visit_Template(self, node: nodes.Template, frame: Frame | None = None) -> None:
        language = language_of(self.environment)
        if language is not None:
            autoescape = bool(nodes.EvalContext(self.environment, self.name).autoescape)
            translate_constants(node, translator(language), autoescape=autoescape)
        super().visit_Template(node, frame)


def translate_constants(template: nodes.Template, tr: Translator, *, autoescape: bool) -> int:
    """Replace, in place, each ``_``/``_e`` call of ``template`` with one constant message
    by what it returns at run time (with values: the filter that fills them into the
    translation); return how many were replaced."""
    if not _may_translate(template):
        return 0
    constants = _Constants(tr, autoescape)
    constants.visit(template)
    return constants.replaced


def _may_translate(template: nodes.Template) -> bool:
    """False when the template binds ``_``/``_e`` or sets autoescape itself."""
    if any(template.find_all((nodes.EvalContextModifier,))):
        return False
    bound: set[str] = {n.name for n in template.find_all(nodes.Name) if n.ctx != "load"}
    bound.update(macro.name for macro in template.find_all(nodes.Macro))
    for imported in template.find_all(nodes.Import):
        bound.add(imported.target)
    for names in template.find_all(nodes.FromImport):
        bound.update(n if isinstance(n, str) else n[1] for n in names.names)
    return not bound & _GETTEXT.keys()


def _message(call: nodes.Call) -> tuple[str, bool] | None:
    """``(message, escaped)`` for ``_("…")`` or ``_e("…")``, with or without named values
    (``call.kwargs``) but nothing else, or None."""
    name = call.node
    if not (isinstance(name, nodes.Name) and name.name in _GETTEXT):
        return None
    if call.dyn_args or call.dyn_kwargs or len(call.args) != 1:
        return None
    (arg,) = call.args
    if not (isinstance(arg, nodes.Const) and type(arg.value) is str):
        return None
    return arg.value, _GETTEXT[name.name]


class _Constants(NodeTransformer):
    """Replaces the calls ``_message`` accepts, except under ``~`` with autoescape."""

    def __init__(self, tr: Translator, autoescape: bool) -> None:
        self.tr = tr
        self.autoescape = autoescape
        self.replaced = 0
        self._in_concat = 0

    def visit_Concat(self, node: nodes.Concat, *args: Any, **kwargs: Any) -> nodes.Node:
        self._in_concat += 1
        try:
            return self.generic_visit(node, *args, **kwargs)
        finally:
            self._in_concat -= 1

    def visit_Call(self, node: nodes.Call, *args: Any, **kwargs: Any) -> nodes.Node:
        visited = self.generic_visit(node, *args, **kwargs)  # its arguments first
        found = _message(node) if visited is node else None
        if found is None or (self.autoescape and self._in_concat and not node.kwargs):
            return visited
        message, escaped = found
        # What templates._fill is given: the translation, escaped in HTML for ``_e``.
        text = self.tr.gettext(message)
        shown = str(escape(text)) if self.autoescape and escaped else text
        self.replaced += 1
        line = node.lineno
        if node.kwargs:  # filled in at run time by the filter, as _fill would
            name = FILL_TEXT
            if self.autoescape:
                name = FILL_HTML if named_only(shown) else FILL_HTML_ANY
            return nodes.Filter(
                nodes.Const(shown, lineno=line), name, [], node.kwargs, None, None, lineno=line
            )
        if not self.autoescape:
            return nodes.Const(text, lineno=line)
        return nodes.MarkSafe(nodes.Const(shown, lineno=line), lineno=line)
