"""`ci-assess template`: a blank answers file for a questionnaire."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from ci_assess.cli.options import epilog, option_language, usage
from ci_assess.cli.root import app


@app.command(
    epilog=epilog(
        "Commands",
        "ci-assess template > northwind.yaml",
        "ci-assess template --target oe -o acme.yaml    # without the readiness questions",
    )
)
def template(
    questionnaire: Annotated[
        str, typer.Option("--questionnaire", help="Bundled id or path.")
    ] = "customer-intimacy",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here.")] = None,
    schema_url: Annotated[
        str | None,
        typer.Option(help="$schema for editors (default: the installed answers schema)."),
    ] = None,
    target: Annotated[
        str | None,
        typer.Option(
            help="The client's target discipline (id, number, alias such as ci, title or "
            "prefix; or undecided): questions that do not apply to it are left out."
        ),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help="Language of the comments and question texts (BCP 47); the file records "
            "it as 'language', so its report is in that language too.",
        ),
    ] = None,
) -> None:
    """Print a blank answers file for a questionnaire."""
    from ci_assess.core.intent_names import match_intent, refusal
    from ci_assess.files.blank import blank_answers
    from ci_assess.files.loading import load_questionnaire
    from ci_assess.files.schemas import shipped_schema_uri
    from ci_assess.files.writing import is_stream, write_atomic, write_new

    # A named pipe or /dev/stdout holds nothing to lose; a file (or a link to one) may.
    # Said before the work; write_new refuses a file that appears in the meantime.
    stream = output is not None and is_stream(output)
    if output is not None and output.exists() and not stream:
        raise usage(f"{output} exists; refusing to overwrite answers (choose another name)")
    language = option_language(lang)
    loaded = load_questionnaire(questionnaire, Path.cwd())
    shown = loaded
    if language is not None and language != "en":
        from ci_assess.files.overlays import localise_questionnaire

        localised = localise_questionnaire(loaded, language)
        for line in localised.warnings:
            typer.echo(line, err=True)
        shown = localised.questionnaire
    intent = None
    if target is not None:
        found = match_intent(loaded, target)
        if found.intent is None:
            raise usage(f"--target: {refusal(loaded, found)}")
        intent = found.intent
    url = schema_url or shipped_schema_uri("answers")
    text = blank_answers(shown, questionnaire, url, intent, language)
    if output is None:
        sys.stdout.write(text)
    elif stream:
        write_atomic(output, text)
    else:
        write_new(output, text)
