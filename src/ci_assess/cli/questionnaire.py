"""`ci-assess questionnaire list|show`: the bundled questionnaires, or any by path."""

from pathlib import Path
from typing import Annotated

import typer

from ci_assess.cli.boundary import Boundary
from ci_assess.cli.options import DOCS, choice, epilog
from ci_assess.cli.root import app

questionnaire_app = typer.Typer(
    cls=Boundary,
    help="List and show questionnaires.",
    epilog=f"Docs: {DOCS}; each command's --help has examples.",
)
app.add_typer(questionnaire_app, name="questionnaire")


@questionnaire_app.command("list", epilog=epilog("Commands", "ci-assess questionnaire list"))
def questionnaire_list() -> None:
    """List the bundled questionnaires, every version (the current one last).

    The last column names the languages it can be shown in: its own (en) and those of
    its overlays (customer-intimacy.fr.yaml: fr). An answers file picks a version with
    `questionnaire_version`; `show ID@VERSION` shows an older one.
    """
    from ci_assess.core.language import SOURCE_LANGUAGE
    from ci_assess.files.loading import bundled_questionnaires, bundled_versions, load_questionnaire
    from ci_assess.files.overlays import languages

    for qid, current in bundled_questionnaires().items():
        for version, path in bundled_versions(qid).items():
            q = load_questionnaire(f"{qid}@{version}")
            which = "current" if path == current else f"use {qid}@{version}"
            spoken = ", ".join([SOURCE_LANGUAGE, *languages(path)])
            typer.echo(
                f"{qid}\t{version}\t{len(q.questions)} questions\t{q.title}\t{which}\t{spoken}"
            )


@questionnaire_app.command(
    "show",
    epilog=epilog(
        "Commands",
        "ci-assess questionnaire show customer-intimacy",
        "ci-assess questionnaire show customer-intimacy@1.0.0 --format json",
    ),
)
def questionnaire_show(
    ref: Annotated[str, typer.Argument(help="Bundled id or path.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
    lang: Annotated[
        str | None,
        typer.Option("--lang", help="Show its texts in this language (BCP 47), from its overlay."),
    ] = None,
) -> None:
    """Show a questionnaire: groups, questions, weights and levels."""
    from ci_assess.cli.options import option_language
    from ci_assess.files.loading import load_questionnaire

    fmt = choice(fmt, ["text", "json"], "format")
    language = option_language(lang)
    q = load_questionnaire(ref, Path.cwd())
    if language is not None and language != "en":
        from ci_assess.files.overlays import localise_questionnaire

        localised = localise_questionnaire(q, language)
        for line in localised.warnings:
            typer.echo(line, err=True)
        q = localised.questionnaire
    if fmt == "json":
        import json

        from ci_assess.app.assess import questionnaire_json

        typer.echo(json.dumps(questionnaire_json(q), indent=2, ensure_ascii=False))
        return
    from ci_assess.cli.views.questionnaire import print_questionnaire

    print_questionnaire(q, language=language)
