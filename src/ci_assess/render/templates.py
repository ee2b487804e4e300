"""Jinja2 renderers for Markdown and HTML.

StrictUndefined turns a typo in a template into an error instead of a blank;
HTML autoescapes every value, and Markdown escapes user text with ``md``. A
template folder given by the user (``--template DIR``) must hold the main
template; the partials it imports (``_text.j2``, ``_charts.html.j2``) are looked
up there first and then among the bundled ones, so a firm can restyle the report
by copying one file. Every template problem becomes a TemplateError that names
the file and, where Jinja knows it, the line.
"""

from __future__ import annotations

import datetime as dt
import re
import traceback
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from markupsafe import Markup

from ci_assess.errors import TemplateError
from ci_assess.models.report import Report
from ci_assess.resources import templates_dir

if TYPE_CHECKING:
    from ci_assess.render.branding import Branding

# Only inline markup matters: values always sit after other text on their line.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")
_CSS_PLAIN = re.compile(r"[A-Za-z0-9 ]")


def md_escape(value: object) -> str:
    """Escape text for CommonMark, on one line (safe inside table cells)."""
    text = " ".join(str(value).split())
    return _MD_SPECIAL.sub(r"\\\1", text)


def css_string(value: object) -> Markup:
    """A quoted CSS string holding ``value``, every other character as a hex escape.

    HTML escaping means nothing inside ``<style>`` (entities are not decoded there),
    so this output is marked safe instead: it holds only letters, digits, spaces,
    backslashes and the two quotes, and can close neither the string nor the element.
    ``css_string('a·b')`` is ``"a\\b7 b"``.
    """
    text = " ".join(str(value).split())
    # The space after each escape ends it (CSS consumes it), so a real space after
    # an escaped character survives.
    escaped = "".join(c if _CSS_PLAIN.match(c) else f"\\{ord(c):x} " for c in text)
    return Markup(f'"{escaped}"')


def long_date(value: dt.date) -> str:
    """A date as a client reads it: 20 November 2026 (English, any locale)."""
    months = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]
    return f"{value.day} {months[value.month - 1]} {value.year}"


def format_score(value: float | None) -> str:
    """A score as shown in every report: one decimal, or an en dash when missing."""
    return "\u2013" if value is None else f"{value:.1f}"


@cache
def _environment(folders: tuple[str, ...], autoescape: bool) -> jinja2.Environment:
    from ci_assess.render.compiled import bytecode_cache

    bundled = folders == (str(templates_dir()),)  # only these are cached compiled
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(list(folders)),
        bytecode_cache=bytecode_cache() if bundled else None,
        undefined=jinja2.StrictUndefined,
        autoescape=autoescape,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["md"] = md_escape
    env.filters["score"] = format_score
    env.filters["css_string"] = css_string
    env.filters["long_date"] = long_date
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
    ) -> None:
        from ci_assess.render.branding import Branding

        self.name = name
        self.folder = folder or templates_dir()
        self.branding = branding or Branding()
        self.template = self._load(folder is not None, autoescape)

    def _load(self, custom: bool, autoescape: bool) -> jinja2.Template:
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
            return _environment(tuple(folders), autoescape).get_template(self.name)
        except jinja2.TemplateNotFound as exc:
            raise TemplateError(self._not_found(exc)) from None
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateError(_syntax_message(exc, self.name)) from None

    def render(self, report: Report) -> str:
        """Render ``report``; template bugs become TemplateError, not tracebacks."""
        values = context(report)
        try:
            return self.template.render(report=report, branding=self.branding, **values)
        except jinja2.TemplateNotFound as exc:
            raise TemplateError(self._not_found(exc)) from None
        except jinja2.TemplateSyntaxError as exc:  # in a partial, compiled on first import
            raise TemplateError(_syntax_message(exc, self.name)) from None
        # A custom template is user input: whatever it raises (a missing key, a
        # division by zero, a filter given the wrong type) is reported with its line.
        except Exception as exc:
            raise TemplateError(self._runtime_message(exc)) from None

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


def context(report: Report) -> dict[str, Any]:
    """Lookup tables and chart geometry the templates need alongside the report."""
    from ci_assess.render.charts import RANKED_GAPS_SHOWN, charts

    groups = [*report.process_groups, *report.other_groups]
    return {
        "group_titles": {g.id: g.title for g in groups},
        "discipline_titles": {d.id: d.title for d in report.disciplines},
        "top": report.priorities[:3],
        "ranked": report.priorities[:RANKED_GAPS_SHOWN],
        "phases": ["understand", "test", "learn", "implement"],
        "charts": charts(report),
    }
