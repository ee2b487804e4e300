"""Jinja2 renderers for Markdown and HTML.

StrictUndefined turns a typo in a template into an error instead of a blank;
HTML autoescapes every value, and Markdown escapes user text with ``md``. A
template folder given by the user (``--template DIR``) must hold the main
template; the partials it imports (``_text.j2``, ``_charts.html.j2``,
``_rows.html.j2``) are looked up there first and then among the bundled ones, so a
firm can restyle the report by copying one file. All markup is in those files: this
package only hands them values (the report, chart geometry, row tuples). HTML
templates compile with ``codegen.FastEscapeCodeGenerator``, which escapes exactly as
autoescape does, only faster. Every template problem becomes a TemplateError that names
the file and, where Jinja knows it, the line.
"""

from __future__ import annotations

import datetime as dt
import re
import traceback
from collections.abc import Callable
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from markupsafe import Markup, escape

from ci_assess.core.models.report import Report
from ci_assess.core.rounding import format_score
from ci_assess.errors import TemplateError
from ci_assess.files import inputs
from ci_assess.files.catalogues import english_long_date, translator
from ci_assess.files.resources import templates_dir
from ci_assess.render.codegen import escape_text

if TYPE_CHECKING:
    from ci_assess.core.branding import Branding


class _MarkdownPatterns:
    """What ``md_escape`` looks for, compiled on first use: an HTML or JSON report never
    escapes Markdown, and compiling these costs some 3.7 M instructions at start-up."""

    __slots__ = ("hashes", "leading", "maybe", "space", "special")

    def __init__(self) -> None:
        # What would start Markdown where it stands, and nothing else, so that a
        # client's "Harbour & Reed" stays as typed: code spans, emphasis and
        # strikethrough markers (an underscore only outside a word: snake_case never
        # makes emphasis), link brackets, table pipes, "<" that opens raw HTML or an
        # autolink, "&" that opens an entity, and a backslash that would escape what
        # follows it (or break the line at its end).
        self.special = re.compile(
            r"[`*\[\]|~]"
            r"|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])"
            r"|<(?=[A-Za-z/!?])"
            r"|&(?=#?[A-Za-z0-9]+;)"
            r"|\\(?=[!-/:-@\[-`{-~]|$)"
        )
        # "#" opens a heading at the start of a line and closes one at its end ("Acme ##").
        self.hashes = re.compile(r"^#+|(?<=\s)#+$")
        # What makes a line a block when the value starts it (a summary sentence starting
        # with the company): a list item (``-``, ``+``, ``1.``, ``1)``), a setext underline
        # (``=``) or a block quote (``>``). ``*`` is escaped wherever it is, by ``special``.
        self.leading = re.compile(r"^(?:[-+=>]|\d+[.)](?=\s|$))")
        self.space = re.compile(r"[ \t\n\r\f\v]+")
        # Every character ``special``, ``hashes`` and ``space`` act on: a value without
        # any (and without two spaces, an outer space or a leading marker) is returned as
        # it is. A plain character class, which the regex engine scans for in one C loop,
        # where ``special``'s alternatives are each tried at every position of the text
        # (that was two thirds of a Markdown report's render).
        self.maybe = re.compile(r"[`*\[\]|~_<&\\#\t\n\r\f\v]")


_markdown: _MarkdownPatterns | None = None


def _markdown_patterns() -> _MarkdownPatterns:
    """The patterns, compiled by the first call."""
    # A module global, not functools.cache: md_escape reads it once per value.
    global _markdown  # noqa: PLW0603 - compiled once, for the process
    if _markdown is None:
        _markdown = _MarkdownPatterns()
    return _markdown


# What css_string writes as itself (``[A-Za-z0-9 ]``); every other character is escaped.
_CSS_PLAIN = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 ")


def md_escape(value: object) -> str:
    """Escape text for CommonMark, on one line (safe inside table cells).

    The result reads as literal text wherever it is placed, also at the start of a
    line or at the end of a heading, and escapes only what would start Markdown, raw
    HTML or an entity where it stands: ``md_escape('# Harbour & Reed *1*')`` is
    ``\\# Harbour & Reed \\*1\\*``.
    """
    text = str(value)
    md = _markdown or _markdown_patterns()
    if (
        md.maybe.search(text) is None
        and "  " not in text
        and text[:1] != " "
        and text[-1:] != " "
        and md.leading.match(text) is None
    ):
        return text  # nothing to escape and no spacing to change: most values
    return _md_escaped(text)


def _md_escaped(text: str) -> str:
    """``md_escape``'s work on a value that may need it."""
    # Runs of ASCII whitespace become one space; a no-break space (French "46,9 %",
    # "prérequis :") is text and stays.
    md = _markdown_patterns()
    text = md.special.sub(_escape_all, md.space.sub(" ", text).strip(" "))
    text = md.hashes.sub(_escape_all, text)
    return md.leading.sub(_escape_last, text, count=1)


def _escape_all(match: re.Match[str]) -> str:
    """A backslash before each character of the match: ``##`` becomes ``\\#\\#``."""
    return "".join(f"\\{c}" for c in match.group())


def _escape_last(match: re.Match[str]) -> str:
    """``-`` becomes ``\\-``, ``1.`` becomes ``1\\.``: a backslash before the marker."""
    marker = match.group()
    return f"{marker[:-1]}\\{marker[-1]}"


def sentence(value: object) -> str:
    """``value`` with its first letter in capitals and the rest as it is (Jinja's
    ``capitalize`` would lower-case a quoted question or a name)."""
    text = str(value)
    shown = text[:1].upper() + text[1:]
    # A translated sentence in HTML is Markup already escaped: it stays Markup.
    return Markup(shown) if isinstance(value, Markup) else shown


def css_string(value: object, exact: bool = False) -> Markup:
    """A quoted CSS string holding ``value``, every other character as a hex escape.

    HTML escaping means nothing inside ``<style>`` (entities are not decoded there),
    so this output is marked safe instead: it holds only letters, digits, spaces,
    backslashes and the two quotes, and can close neither the string nor the element.
    ``css_string('a·b')`` is ``"a\\b7 b"``.
    """
    # ``exact``: spaces kept as they are (a translated "Page " before a CSS counter).
    text = str(value) if exact else " ".join(str(value).split())
    # The space after each escape ends it (CSS consumes it), so a real space after
    # an escaped character survives.
    escaped = "".join(c if c in _CSS_PLAIN else f"\\{ord(c):x} " for c in text)
    return Markup(f'"{escaped}"')


def long_date(value: dt.date) -> str:
    """A date as a client reads it: 20 November 2026 (English, any locale)."""
    return english_long_date(value)


# Numbers and dates in the report's language: the render context's ``tr`` (a
# files.catalogues.Translator). A template rendered without one (a caller of its own)
# gets the English formats, exactly as before translations existed.
@jinja2.pass_context
def localised_score(ctx: jinja2.runtime.Context, value: float | None) -> str:
    """``{{ x | score }}``: one decimal, 46.9 or 46,9; an en dash when missing."""
    tr = ctx.get("tr")
    return format_score(value) if tr is None else str(tr.score(value))


@jinja2.pass_context
def localised_number(ctx: jinja2.runtime.Context, value: float, decimals: int = 0) -> str:
    """``{{ x | number(2) }}``: a number with fixed decimals in the report's language."""
    tr = ctx.get("tr")
    return f"{value:.{decimals}f}" if tr is None else str(tr.number(value, decimals))


@jinja2.pass_context
def localised_percent(ctx: jinja2.runtime.Context, share: float, decimals: int = 0) -> str:
    """``{{ 0.97 | percent }}``: 97% in English, 97 % (no-break space) in French."""
    tr = ctx.get("tr")
    return f"{share * 100:.{decimals}f}%" if tr is None else str(tr.percent(share, decimals))


_TAG_WORDS = {
    "structure": "structure",
    "metrics": "metrics",
    "rewards": "rewards",
    "hiring": "hiring",
}


@jinja2.pass_context
def translated_tag(ctx: jinja2.runtime.Context, tag: str) -> str:
    """``{{ tags | map("translated_tag") }}``: an operating-model tag in the report's language."""
    tr = ctx.get("tr")
    return tag if tr is None else str(tr.gettext(_TAG_WORDS.get(tag, tag)))


@jinja2.pass_context
def localised_date(ctx: jinja2.runtime.Context, value: dt.date) -> str:
    """``{{ d | long_date }}``: 20 November 2026, or 20 novembre 2026 in French."""
    tr = ctx.get("tr")
    return long_date(value) if tr is None else str(tr.long_date(value))


class _Loader(jinja2.FileSystemLoader):
    """Jinja's file loader, except that a file it cannot read or decode is a TemplateError."""

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        path = Path(self._path(template))
        problem = inputs.file_problem(path, inputs.input_limit(inputs.TEMPLATE_LIMIT))
        if problem and path.exists():  # a missing one is reported by the renderer
            raise TemplateError(
                f"{path}: template {problem}\n  hint: a report template is a small text file"
            )
        try:
            return super().get_source(environment, template)
        except jinja2.TemplateNotFound:  # an OSError too, but reported by the renderer
            raise
        except UnicodeDecodeError as exc:
            line = exc.object.count(b"\n", 0, exc.start) + 1
            raise TemplateError(
                f"{self._path(template)}:{line}: template is not UTF-8 text"
                f" (byte 0x{exc.object[exc.start]:02x})\n"
                "  hint: save the file as UTF-8 and run again"
            ) from None
        except OSError as exc:
            raise TemplateError(
                f"{self._path(template)}: cannot read template: {exc.strerror or exc}\n"
                "  hint: check that the file exists and that you may read it"
            ) from None

    def _path(self, template: str) -> str:
        """The file Jinja read for ``template``: the first folder that holds it."""
        pieces = jinja2.loaders.split_template_path(template)
        for folder in self.searchpath:
            path = Path(folder, *pieces)
            if path.is_file():
                return str(path)
        return template


@cache
def _environment(
    folders: tuple[str, ...], autoescape: bool, language: str | None = None
) -> jinja2.Environment:
    """The environment of ``folders``; with a ``language``, the bundled templates' constant
    messages are translated into it when they compile (``translated``), so each template
    rendered from it must be given that language's ``tr``."""
    from ci_assess.render.codegen import FastEscapeCodeGenerator
    from ci_assess.render.compiled import bytecode_cache, environment_key

    bundled = folders == (str(templates_dir()),)
    env = jinja2.Environment(
        loader=_Loader(list(folders)),
        undefined=jinja2.StrictUndefined,
        autoescape=autoescape,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        # The bundled templates never change while a program runs: no stat call per
        # import and report. A firm's own may be edited between two renders.
        auto_reload=not bundled,
    )
    env.code_generator_class = FastEscapeCodeGenerator
    env.filters["md"] = md_escape
    env.filters["score"] = localised_score
    env.filters["css_string"] = css_string
    env.filters["long_date"] = localised_date
    env.filters["number"] = localised_number
    env.filters["percent"] = localised_percent
    env.filters["translated_tag"] = translated_tag
    # Also globals: a partial imported without context still finds them (in English).
    env.globals.update({"_": _gettext, "_e": _gettext_escaped, "ngettext": _ngettext})
    env.filters["sentence"] = sentence
    if bundled and language is not None:  # a firm's own templates may define their own _
        from ci_assess.render.translated import compile_in

        compile_in(env, language)
    # Last, so that the cache key sees every option and filter set above.
    if bundled:  # only the bundled templates are cached compiled
        env.bytecode_cache = bytecode_cache(environment_key(env))
    return env


class TemplateRenderer:
    """Render one named template with the report, the charts and the branding."""

    def __init__(
        self,
        name: str,
        folder: Path | None,
        *,
        autoescape: bool,
        branding: Branding | None = None,
        language: str | None = None,
    ) -> None:
        from ci_assess.core.branding import DEFAULT_BRANDING

        self.name = name
        self.folder = folder or templates_dir()
        self.branding = branding or DEFAULT_BRANDING
        self.autoescape = autoescape
        self.custom = folder is not None
        # The bundled templates compile once per language, their messages translated
        # (see render.translated): the reports' language (``language``, English when
        # each file has its own) loaded now, as a custom one is, so that a template that
        # cannot be compiled fails before any report; another one on first use.
        first = "en" if language is None else language
        self.template = self._load(self.custom, autoescape, None if self.custom else first)
        self._in_language = {} if self.custom else {first: self.template}

    def _load(self, custom: bool, autoescape: bool, language: str | None) -> jinja2.Template:
        """Compile the main template; a custom folder must hold it itself."""
        folders = [str(self.folder)]
        if custom:
            if not self.folder.is_dir():
                raise TemplateError(f"template folder {self.folder} does not exist")
            if not (self.folder / self.name).is_file():
                raise TemplateError(
                    f"template {self.name!r} not found in {self.folder}\n"
                    f"  hint: copy it from {templates_dir()} and edit the copy"
                )
            folders.append(str(templates_dir()))
        try:
            return _environment(tuple(folders), autoescape, language).get_template(self.name)
        except jinja2.TemplateNotFound as exc:
            raise TemplateError(self._not_found(exc)) from None
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateError(_syntax_message(exc, self.name)) from None

    def render(self, report: Report) -> str:
        """Render ``report``; template bugs become TemplateError, not tracebacks."""
        template = self.template if self.custom else self._template_in(report.language)
        values = context(report)
        try:
            return template.render(
                report=report, branding=self.branding, **values, **language_context(report)
            )
        except jinja2.TemplateNotFound as exc:
            raise TemplateError(self._not_found(exc)) from None
        except jinja2.TemplateSyntaxError as exc:  # in a partial, compiled on first import
            raise TemplateError(_syntax_message(exc, self.name)) from None
        except TemplateError:  # a partial that cannot be read (see _Loader)
            raise
        # A custom template is user input: whatever it raises (a missing key, a
        # division by zero, a filter given the wrong type) is reported with its line.
        except Exception as exc:
            raise TemplateError(self._runtime_message(exc)) from None

    def _template_in(self, language: str) -> jinja2.Template:
        """The bundled main template compiled in ``language`` (the report's: the ``tr``
        ``language_context`` gives it is the translator its messages were compiled with)."""
        found = self._in_language.get(language)
        if found is None:
            found = self._in_language[language] = self._load(False, self.autoescape, language)
        return found

    def _not_found(self, exc: jinja2.TemplateNotFound) -> str:
        where = str(self.folder)
        if self.folder != templates_dir():
            where += f" or {templates_dir()}"
        return f"template {exc.name!r} (used by {self.name}) not found in {where}"

    def _runtime_message(self, exc: Exception) -> str:
        """``file:line: template error: ...`` from the innermost template frame."""
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith(".j2")]
        where = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else self.name
        detail = str(exc) if isinstance(exc, jinja2.TemplateError) else _describe(exc)
        return f"{where}: template error: {detail}"


def _syntax_message(exc: jinja2.TemplateSyntaxError, name: str) -> str:
    return f"{exc.filename or exc.name or name}:{exc.lineno}: template error: {exc.message}"


def _describe(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}"


def language_context(report: Report) -> dict[str, Any]:
    """``_`` (gettext, ``%(name)s`` filled from keywords), ``ngettext`` and ``tr`` (numbers,
    dates) in the report's language; English is the identity and imports no Babel."""
    tr = translator(None if report.language == "en" else report.language)
    return {
        "_": _gettext,
        "_e": _gettext_escaped,
        "ngettext": _ngettext,
        "tr": tr,
        "lang": report.language,
    }


def _fill(ctx: jinja2.runtime.Context, text: str, values: dict[str, Any], *, trusted: bool) -> str:
    """In HTML each value is escaped once (a macro's output, already Markup, is not
    escaped again); the translation itself is trusted like text written in the
    template (``_``), or escaped like a string expression was (``_e``)."""
    if ctx.eval_ctx.autoescape:
        shown = Markup(text) if trusted else escape(text)
        return _filled_markup(shown, values) if values else shown
    return text % values if values else text


def _filled_markup(shown: str, values: dict[str, Any]) -> Markup:
    """``Markup(shown) % values``: each %(name)s is ``str(escape(value))``."""
    if named_only(shown):
        if len(values) == 1:
            ((name, value),) = values.items()
            if type(value) is int:  # "weight 3", "target 2": a few texts, every row
                return _filled_int(shown, name, value)
        # What ``Markup(shown) % values`` gives, without MarkupSafe's helper object,
        # escape call and Markup per value (a str value straight to the C escaper), and
        # the result made Markup as ``Markup.__new__`` makes a plain str one.
        filled = str.__mod__(
            shown,
            {k: escape_text(v) if type(v) is str else _escaped(v) for k, v in values.items()},
        )
        return str.__new__(Markup, filled)
    return Markup(shown) % values


# What a bundled template's ``_("… %(n)s …", n=x)`` / ``_e(…)`` becomes when it compiles
# in a language (``render.translated``): the message comes translated, and in HTML
# already escaped or trusted, so only the values are filled in at run time. Filters, so
# that the compiled code calls them directly (a template's function call goes through
# ``Context.call``); ``pass_context`` only so that Jinja never runs them when compiling
# (a constant folded under ``~`` would lose its Markup).
@jinja2.pass_context
def filled_html(ctx: jinja2.runtime.Context, shown: str, /, **values: Any) -> Markup:
    """``_fill`` with autoescape, for a message translated (and escaped) when compiling
    whose only placeholders are %(name)s: ``_filled_markup``'s fast path, in one call."""
    if len(values) == 1:
        ((name, value),) = values.items()
        if type(value) is int:
            return _filled_int(shown, name, value)
    filled = str.__mod__(
        shown, {k: escape_text(v) if type(v) is str else _escaped(v) for k, v in values.items()}
    )
    return str.__new__(Markup, filled)


@jinja2.pass_context
def filled_html_any(ctx: jinja2.runtime.Context, shown: str, /, **values: Any) -> Markup:
    """``_fill`` with autoescape, for a message with other placeholders than %(name)s."""
    return Markup(shown) % values


@jinja2.pass_context
def filled_text(ctx: jinja2.runtime.Context, text: str, /, **values: Any) -> str:
    """``_fill`` without autoescape (Markdown), for a message translated when compiling."""
    return text % values


@lru_cache(maxsize=1024)
def _filled_int(shown: str, name: str, value: int) -> Markup:
    """``shown`` (escaped already) with its one placeholder a whole number: the same few
    pairs recur in every row of a report. Keyed by text, so trusted or escaped alike."""
    return Markup(str.__mod__(shown, {name: str(value)}))


# A %(name)s placeholder, and a literal %%: all the bundled messages use (compiled by
# the first call, through re's own cache).
_NAMED_PLACEHOLDER = r"%\(\w+\)s|%%"


@cache
def named_only(text: str) -> bool:
    """True when ``text``'s only placeholders are %(name)s (and %%): then each value
    is formatted as ``str(escape(value))``, exactly what ``Markup.__mod__`` writes."""
    return "%" not in re.sub(_NAMED_PLACEHOLDER, "", text)


def _escaped(value: object) -> str:
    """``str(escape(value))``, with the same shortcuts as the compiled templates'
    (``codegen``): a ``str`` through the C escaper, a number as its text."""
    kind = type(value)
    if kind is str:
        return escape_text(value)  # type: ignore[arg-type]
    if kind is int or kind is float:
        return str(value)
    return str(escape(value))


@jinja2.pass_context
def _gettext(ctx: jinja2.runtime.Context, message: str, /, **values: Any) -> str:
    """``{{ _("Ranked gaps") }}``, ``{{ _("%(n)s gaps", n=3) }}``: text of the template, in
    the report's language."""
    return _fill(ctx, _translator_of(ctx).gettext(message), values, trusted=True)


def _translator_of(ctx: jinja2.runtime.Context) -> Any:
    """The render's translator; English in a partial imported without context (a firm's
    own template importing a bundled partial): its words stay English, never an error."""
    if type(ctx) is not jinja2.runtime.Context:
        return ctx.get("tr") or translator(None)
    # What ctx.get("tr") looks up (Context.resolve_or_missing: the render's variables,
    # then the globals), without its three calls: the templates translate ~300 times a report.
    found = ctx.vars["tr"] if "tr" in ctx.vars else ctx.parent.get("tr")
    return found or translator(None)


@jinja2.pass_context
def _gettext_escaped(ctx: jinja2.runtime.Context, message: str, /, **values: Any) -> str:
    """``_e("…")``: a translated string used as a value (in a mapping, a condition), escaped
    in HTML as a quoted string in the template is."""
    return _fill(ctx, _translator_of(ctx).gettext(message), values, trusted=False)


@jinja2.pass_context
def _ngettext(
    ctx: jinja2.runtime.Context, singular: str, plural: str, n: int, /, **values: Any
) -> str:
    """``{{ ngettext("%(n)s gap", "%(n)s gaps", count) }}``: the form for ``n``."""
    return _fill(
        ctx, _translator_of(ctx).plural(singular, plural, n), {"n": n, **values}, trusted=True
    )


class _OutcomeViewOnFirstUse:
    """The context's ``outcome_view``: ``render.outcome_view`` is imported, and its
    ``OutcomeView`` built, when a template first reads an attribute. Only the outcome,
    key-account, progress and benchmark partials read it, so a report without those
    sections does not import the module (about 4 M instructions a report)."""

    __slots__ = ("_report", "_view")

    def __init__(self, report: Report) -> None:
        self._report = report
        self._view: Any = None

    def __getattr__(self, name: str) -> Any:
        # Called only for what the slots are not: the view's own attributes.
        if self._view is None:
            from ci_assess.render.outcome_view import OutcomeView

            self._view = OutcomeView(self._report)
        return getattr(self._view, name)


def context(report: Report) -> dict[str, Any]:
    """Lookup tables and chart geometry the templates need alongside the report."""
    from ci_assess.render.charts import charts, maturity_groups
    from ci_assess.render.plain import reasons, target_words
    from ci_assess.render.rows import Rows

    groups = [*report.process_groups, *report.other_groups]
    group_titles = {g.id: g.title for g in groups}
    why = reasons(report)
    maturity = maturity_groups(report)
    discipline_names = {d.title for d in report.disciplines}
    return {
        "group_titles": group_titles,
        "discipline_titles": {d.id: d.title for d in report.disciplines},
        "top": report.priorities[:3],
        "why": why,
        "target_words": target_words(report),
        # The groups the maturity score is made of, and the rest that is no discipline
        # (readiness): position blocks are shown once, as the discipline scores.
        "maturity_groups": maturity,
        "other_sections": [
            g
            for g in report.other_groups
            # Not among the maturity groups, by identity: a list's ``in`` compares each
            # with pydantic's ``__eq__``, and group ids are unique within a report.
            if not any(g is m for m in maturity)
            and g.kind != "position"
            # format 1: a discipline group named like its discipline is the map's
            and not (g.kind == "discipline" and g.title in discipline_names)
        ],
        "done": len(report.answers) - len(report.unanswered),
        "total_questions": len(report.answers),
        "phases": ["understand", "test", "learn", "implement"],
        "charts": charts(report),
        "rows": Rows(report, group_titles, why),
        "outcome_view": _OutcomeViewOnFirstUse(report),
    }
