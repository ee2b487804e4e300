"""Command line: thin adapters from options to one core call, and the one error boundary.

Heavy modules (pydantic models, jinja2, rich) are imported inside the commands so
that ``--help`` and ``--version`` start fast; a test guards the imported set.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from ci_assess import __version__
from ci_assess.errors import CiAssessError

EXIT_OK, EXIT_FINDING, EXIT_INPUT = 0, 1, 2


class _Boundary(TyperGroup):
    """Turn every CiAssessError into a message on stderr and its exit code."""

    def invoke(self, ctx: Any) -> Any:  # typer's click Context type is private
        try:
            return super().invoke(ctx)
        except CiAssessError as exc:
            report_error(exc)
            raise typer.Exit(exc.exit_code) from None


def report_error(exc: CiAssessError) -> None:
    """Print an error on stderr: 'error: ' before each problem, hints indented below."""
    for line in exc.message.splitlines():
        typer.echo(line if line.startswith(" ") else f"error: {line}", err=True)


app = typer.Typer(
    cls=_Boundary,
    help="Assess customer intimacy as an operating model and render the gap report.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
questionnaire_app = typer.Typer(cls=_Boundary, help="List and show questionnaires.")
app.add_typer(questionnaire_app, name="questionnaire")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ci-assess {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Assess customer intimacy as an operating model and render the gap report."""


@app.command()
def report(
    files: Annotated[list[str], typer.Argument(help="Answers files; '-' reads standard input.")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here; format from the extension.")
    ] = None,
    fmt: Annotated[
        str | None, typer.Option("--format", "-f", help="md, html or json (default md).")
    ] = None,
    strict: Annotated[bool, typer.Option(help="Unanswered questions are an error.")] = False,
    questionnaire: Annotated[
        str | None, typer.Option("--questionnaire", "-q", help="Override the file's questionnaire.")
    ] = None,
) -> None:
    """Render the gap report for an answers file."""
    from ci_assess.assess import assess
    from ci_assess.files import write_atomic
    from ci_assess.render import renderer_for

    chosen = _choose_format(fmt, output)
    if len(files) > 1:
        raise _usage("give one answers file (batch runs arrive with --out-dir)")
    text = renderer_for(chosen).render(assess(files[0], strict=strict, questionnaire=questionnaire))
    if output is None:
        sys.stdout.write(text)
    else:
        write_atomic(output, text)


@app.command()
def validate(
    files: Annotated[
        list[str], typer.Argument(help="Questionnaire or answers files ('-' = stdin).")
    ],
) -> None:
    """Check questionnaires and answers files; report every problem with its line."""
    from ci_assess.validation import validate_file

    failed = False
    for name in files:
        try:
            kind = validate_file(name)
        except CiAssessError as exc:
            failed = True
            report_error(exc)
        else:
            typer.echo(f"ok: {'<stdin>' if name == '-' else name} ({kind})", err=True)
    if failed:
        raise typer.Exit(EXIT_INPUT)


@app.command()
def template(
    questionnaire: Annotated[
        str, typer.Option("--questionnaire", "-q", help="Bundled id or path.")
    ] = "customer-intimacy",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here.")] = None,
) -> None:
    """Print a blank answers file for a questionnaire."""
    from ci_assess.blank import blank_answers
    from ci_assess.files import write_atomic
    from ci_assess.loading import load_questionnaire

    if output is not None and output.exists():
        raise _usage(f"{output} exists; refusing to overwrite answers (choose another name)")
    text = blank_answers(load_questionnaire(questionnaire, Path.cwd()), questionnaire)
    if output is None:
        sys.stdout.write(text)
    else:
        write_atomic(output, text)


@questionnaire_app.command("list")
def questionnaire_list() -> None:
    """List the bundled questionnaires."""
    from ci_assess.loading import bundled_questionnaires, load_questionnaire

    for qid in bundled_questionnaires():
        q = load_questionnaire(qid)
        typer.echo(f"{qid}\t{q.version}\t{len(q.questions)} questions\t{q.title}")


@questionnaire_app.command("show")
def questionnaire_show(
    ref: Annotated[str, typer.Argument(help="Bundled id or path.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
) -> None:
    """Show a questionnaire: groups, questions, weights and levels."""
    from ci_assess.loading import load_questionnaire

    if fmt not in {"text", "json"}:
        raise _usage(f"unknown format {fmt!r}; use text or json")
    q = load_questionnaire(ref, Path.cwd())
    if fmt == "json":
        import json

        from ci_assess.assess import questionnaire_json

        typer.echo(json.dumps(questionnaire_json(q), indent=2, ensure_ascii=False))
        return
    from ci_assess.show import print_questionnaire

    print_questionnaire(q)


def _choose_format(fmt: str | None, output: Path | None) -> Any:
    from ci_assess.render import Format

    if fmt is not None:
        if fmt not in Format.__members__:
            raise _usage(f"unknown format {fmt!r}; use md, html or json")
        return Format(fmt)
    if output is None:
        return Format.md
    implied = Format.from_path(str(output))
    if implied is None:
        raise _usage(f"cannot tell the format from {output.name!r}; add --format md|html|json")
    return implied


def _usage(message: str) -> CiAssessError:
    return CiAssessError(message)


def main() -> None:
    """Console-script entry point."""
    app()
