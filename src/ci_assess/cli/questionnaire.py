"""`ci-assess questionnaire list|show`: the bundled questionnaires, or any by path."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ci_assess.cli.options import usage
from ci_assess.cli.root import questionnaire_app


@questionnaire_app.command("list")
def questionnaire_list() -> None:
    """List the bundled questionnaires."""
    from ci_assess.files.loading import bundled_questionnaires, load_questionnaire

    for qid in bundled_questionnaires():
        q = load_questionnaire(qid)
        typer.echo(f"{qid}\t{q.version}\t{len(q.questions)} questions\t{q.title}")


@questionnaire_app.command("show")
def questionnaire_show(
    ref: Annotated[str, typer.Argument(help="Bundled id or path.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
) -> None:
    """Show a questionnaire: groups, questions, weights and levels."""
    from ci_assess.files.loading import load_questionnaire

    if fmt not in {"text", "json"}:
        raise usage(f"unknown format {fmt!r}; use text or json")
    q = load_questionnaire(ref, Path.cwd())
    if fmt == "json":
        import json

        from ci_assess.app.assess import questionnaire_json

        typer.echo(json.dumps(questionnaire_json(q), indent=2, ensure_ascii=False))
        return
    from ci_assess.cli.views.questionnaire import print_questionnaire

    print_questionnaire(q)
