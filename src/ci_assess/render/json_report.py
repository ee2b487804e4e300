"""JSON renderer: the report model as a stable, documented JSON object."""

from __future__ import annotations

from ci_assess.core.models.report import Report


class JsonRenderer:
    """Serialise the whole report; keys follow the published report schema."""

    def render(self, report: Report) -> str:
        """Return indented JSON with a final newline."""
        return report.model_dump_json(indent=2) + "\n"
