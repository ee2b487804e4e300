"""Renderers: one per output format, behind one small interface.

``renderer_for(Format.X)`` is exhaustive over the enum (a test checks it), and
template renderers compile their templates once per run, not per report.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from ci_assess.core.models.report import Report

if TYPE_CHECKING:
    from ci_assess.core.branding import Branding


class Format(StrEnum):
    """Output formats of the gap report."""

    md = "md"
    html = "html"
    json = "json"

    @property
    def extension(self) -> str:
        """File extension for reports in this format."""
        return f".{self.value}"

    @classmethod
    def from_path(cls, path: str) -> Format | None:
        """The format implied by an output file name, if any."""
        suffix = Path(path).suffix.lower().lstrip(".")
        aliases = {"markdown": "md", "htm": "html"}
        value = aliases.get(suffix, suffix)
        return cls(value) if value in cls.__members__ else None


class Renderer(Protocol):
    """Turns a report into the text of one format."""

    def render(self, report: Report) -> str:
        """Return the whole document."""
        ...


def renderer_for(
    fmt: Format,
    template_dir: Path | None = None,
    branding: Branding | None = None,
    language: str | None = None,
) -> Renderer:
    """The renderer for ``fmt``.

    ``template_dir`` replaces the bundled templates (it must hold the format's main
    template); ``branding`` is the consultancy's name, logo and accent colour, which
    the HTML report shows (see ``files.branding.load_branding``); ``language``, when
    every report will be in it (``--lang``), is the one the bundled templates are
    loaded in first (else English; each report is rendered in its own either way).
    """
    if fmt is Format.json:
        from ci_assess.render.json_report import JsonRenderer

        return JsonRenderer()
    from ci_assess.render.templates import TemplateRenderer

    if fmt is Format.md:
        return TemplateRenderer(
            "report.md.j2", template_dir, autoescape=False, branding=branding, language=language
        )
    if fmt is Format.html:
        return TemplateRenderer(
            "report.html.j2", template_dir, autoescape=True, branding=branding, language=language
        )
    raise AssertionError(f"no renderer for {fmt}")  # pragma: no cover - exhaustive
