"""Jinja2 renderers for Markdown and HTML.

StrictUndefined turns a typo in a template into an error instead of a blank;
HTML autoescapes every value, and Markdown escapes user text with ``md``.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from ci_assess.errors import TemplateError
from ci_assess.models.report import Report
from ci_assess.resources import templates_dir

# Only inline markup matters: values always sit after other text on their line.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")


def md_escape(value: object) -> str:
    """Escape text for CommonMark, on one line (safe inside table cells)."""
    text = " ".join(str(value).split())
    return _MD_SPECIAL.sub(r"\\\1", text)


@cache
def _environment(folder: str, autoescape: bool) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        undefined=jinja2.StrictUndefined,
        autoescape=autoescape,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["md"] = md_escape
    env.filters["score"] = format_score
    return env


def format_score(value: float | None) -> str:
    """A score as shown in every report: one decimal, or an en dash when missing."""
    return "\u2013" if value is None else f"{value:.1f}"


class TemplateRenderer:
    """Render one named template with the report and lookup tables."""

    def __init__(self, name: str, folder: Path | None, *, autoescape: bool) -> None:
        self.name = name
        self.folder = folder or templates_dir()
        try:
            env = _environment(str(self.folder), autoescape)
            self.template = env.get_template(name)
        except jinja2.TemplateNotFound:
            raise TemplateError(f"template {name!r} not found in {self.folder}") from None
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateError(
                f"{exc.filename or name}:{exc.lineno}: template error: {exc.message}"
            ) from None

    def render(self, report: Report) -> str:
        """Render ``report``; template bugs become TemplateError, not tracebacks."""
        try:
            return self.template.render(report=report, **context(report))
        except jinja2.TemplateError as exc:
            raise TemplateError(f"{self.folder / self.name}: template error: {exc}") from None


def context(report: Report) -> dict[str, Any]:
    """Lookup tables the templates need alongside the report."""
    groups = [*report.process_groups, *report.other_groups]
    return {
        "group_titles": {g.id: g.title for g in groups},
        "discipline_titles": {d.id: d.title for d in report.disciplines},
        "top": report.priorities[:3],
        "phases": ["understand", "test", "learn", "implement"],
    }
