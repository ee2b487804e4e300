"""Command line: thin adapters from options to one core call, and the one error boundary.

Heavy modules (pydantic models, jinja2, rich) are imported inside the commands so
that ``--help`` and ``--version`` start fast; a test guards the imported set.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any, Literal

import typer
from typer.core import TyperGroup

from ci_assess import __version__
from ci_assess.errors import CiAssessError, print_error

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
    print_error(exc, lambda line: typer.echo(line, err=True))


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
    files: Annotated[
        list[str], typer.Argument(help="Answers files; '-' reads standard input (once).")
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Write the report here ('-': stdout); format from the extension."
        ),
    ] = None,
    out_dir: Annotated[
        Path | None,
        typer.Option("--out-dir", "-d", help="Write one report per input into this folder."),
    ] = None,
    fmt: Annotated[
        str | None, typer.Option("--format", "-f", help="md, html, json or pdf (default md).")
    ] = None,
    fail_under: Annotated[
        list[str] | None,
        typer.Option(
            "--fail-under",
            help="Exit 1 if the overall score (N) or a group or discipline (ID=N) is under N.",
        ),
    ] = None,
    strict: Annotated[bool, typer.Option(help="Unanswered questions are an error.")] = False,
    questionnaire: Annotated[
        str | None, typer.Option("--questionnaire", help="Override the files' questionnaire.")
    ] = None,
    template_dir: Annotated[
        Path | None,
        typer.Option(
            "--template", help="Folder of custom templates (report.html.j2, report.md.j2)."
        ),
    ] = None,
    firm: Annotated[str | None, typer.Option(help="Consultancy name on the HTML report.")] = None,
    logo: Annotated[
        Path | None, typer.Option(help="Logo file (PNG, JPEG or SVG) for the HTML report.")
    ] = None,
    accent: Annotated[
        str | None, typer.Option(help="Accent colour of the HTML report, #rgb or #rrggbb.")
    ] = None,
    brand_config: Annotated[
        Path | None,
        typer.Option(help="YAML file with firm, logo and accent; options override it."),
    ] = None,
    paper: Annotated[str, typer.Option(help="PDF paper size: A4 or Letter.")] = "A4",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary table.")] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Name each file written.")
    ] = False,
) -> None:
    """Render the gap report for one or many answers files."""
    from ci_assess import batch, summary
    from ci_assess.gates import parse_gate
    from ci_assess.render import renderer_for
    from ci_assess.render.branding import load_branding

    chosen, pdf = _choose_format(fmt, output)
    targets = _targets(files, output, out_dir, chosen, ".pdf" if pdf else None)
    gates = [parse_gate(spec) for spec in fail_under or []]
    branding = load_branding(brand_config, firm, logo, accent)
    renderer = renderer_for(chosen, template_dir, branding)
    job = batch.Job(renderer, chosen, strict, questionnaire, gates, _paper(paper) if pdf else None)
    console = summary.stderr_console()
    show_table = not quiet and (len(files) > 1 or out_dir is not None)
    tally = summary.Summary(tabled=show_table)
    # Started before the progress bar's thread: a large batch forks its workers here.
    outcomes = batch.run(job, files, targets, sys.stdout.write)
    with summary.progress(console, len(files), enabled=not quiet) as bar:
        task = bar.add_task("reports", total=len(files)) if bar else None
        for outcome in outcomes:
            summary.print_outcome(console, outcome, verbose=verbose)
            tally.add(outcome)
            if bar is not None and task is not None:
                bar.advance(task)
    if show_table:
        console.print(tally.table())
    if tally.errors:
        raise typer.Exit(EXIT_INPUT)
    if tally.gate_failures:
        raise typer.Exit(EXIT_FINDING)


def _targets(
    files: list[str], output: Path | None, out_dir: Path | None, fmt: Any, extension: str | None
) -> list[Path | None]:
    """Where each input's report goes (None: standard output)."""
    from ci_assess.batch import check_distinct, output_paths

    if files.count("-") > 1:
        raise _usage("'-' (standard input) can be given only once")
    if output is not None and out_dir is not None:
        raise _usage("give --output or --out-dir, not both")
    if out_dir is not None:
        paths = output_paths(files, out_dir, fmt, extension=extension)
        check_distinct(files, paths)  # before anything is written
        return list(paths)
    if _is_stdout(output):
        output = None
    if len(files) > 1:
        raise _usage("several inputs need --out-dir DIR (one report per input)")
    if output is None and extension == ".pdf":
        raise _usage("a PDF goes to a file: give -o FILE.pdf or --out-dir DIR")
    return [output]


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
        str, typer.Option("--questionnaire", help="Bundled id or path.")
    ] = "customer-intimacy",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here.")] = None,
    schema_url: Annotated[
        str | None,
        typer.Option(help="$schema for editors (default: the installed answers schema)."),
    ] = None,
) -> None:
    """Print a blank answers file for a questionnaire."""
    from ci_assess.blank import blank_answers
    from ci_assess.files import write_atomic
    from ci_assess.loading import load_questionnaire
    from ci_assess.schemas import shipped_schema_uri

    if output is not None and output.exists():
        raise _usage(f"{output} exists; refusing to overwrite answers (choose another name)")
    url = schema_url or shipped_schema_uri("answers")
    text = blank_answers(load_questionnaire(questionnaire, Path.cwd()), questionnaire, url)
    if output is None:
        sys.stdout.write(text)
    else:
        write_atomic(output, text)


@app.command()
def schema(
    kind: Annotated[str, typer.Argument(help="questionnaire, answers or report.")],
) -> None:
    """Print the JSON Schema of a file format, generated from the models."""
    from ci_assess.schemas import MODELS, schema_text

    if kind not in MODELS:
        raise _usage(f"unknown schema {kind!r}; use one of {', '.join(MODELS)}")
    sys.stdout.write(schema_text(kind))


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


def _choose_format(fmt: str | None, output: Path | None) -> tuple[Any, bool]:
    """The format to render, and whether to print it to PDF (an HTML report printed)."""
    from ci_assess.render import Format

    name = fmt
    if name is None and output is not None and not _is_stdout(output):
        name = "pdf" if output.suffix.lower() == ".pdf" else None
        implied = Format.from_path(str(output))
        if name is None and implied is None:
            raise _usage(
                f"cannot tell the format from {output.name!r}; add --format md|html|json|pdf"
            )
        name = name or (implied.value if implied else None)
    if name == "pdf":
        return Format.html, True
    if name is None:
        return Format.md, False
    if name not in Format.__members__:
        raise _usage(f"unknown format {name!r}; use md, html, json or pdf")
    return Format(name), False


def _is_stdout(output: Path | None) -> bool:
    """``-o -``: standard output, as without ``-o``."""
    return output is not None and str(output) == "-"


def _paper(name: str) -> Literal["A4", "Letter"]:
    papers: dict[str, Literal["A4", "Letter"]] = {"A4": "A4", "Letter": "Letter"}
    if name not in papers:
        raise _usage(f"unknown paper size {name!r}; use A4 or Letter")
    return papers[name]


def _usage(message: str) -> CiAssessError:
    from ci_assess.errors import UsageError

    return UsageError(message)


# Registered here, after the decorated commands, so `--help` lists it after `report`.
from ci_assess.interview_cli import interview  # noqa: E402

app.command()(interview)


def main() -> None:
    """Console-script entry point."""
    app()
