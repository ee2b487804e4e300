"""`ci-assess report`: gap reports for one or many answers files."""

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any

import typer

from ci_assess.cli.options import (
    choose_format,
    draft_fraction,
    epilog,
    is_stdout,
    option_language,
    paper_size,
    skip_lock_files,
    usage,
)
from ci_assess.cli.root import app
from ci_assess.errors import ExitCode


@app.command(
    epilog=epilog(
        "Commands",
        "ci-assess report northwind.yaml -o northwind.html",
        "ci-assess report clients/*/*.yaml -d reports -f pdf --paper letter",
        "ci-assess report a.yaml --fail-under 40 --fail-under evaluation=30",
    )
)
def report(
    files: Annotated[
        list[str],
        typer.Argument(help="Answers files or folders of them; '-' reads standard input (once)."),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Write the report here ('-': stdout); format from the extension."
        ),
    ] = None,
    out_dir: Annotated[
        Path | None,
        typer.Option(
            "--out-dir",
            "-d",
            help="Write one report per input (per folder with --combine) into this folder.",
        ),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option("--format", "-f", help="md, html, json or pdf (default md; any case)."),
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
    paper: Annotated[str, typer.Option(help="PDF paper size: A4 or Letter (any case).")] = "A4",
    draft_below: Annotated[
        str,
        typer.Option(
            "--draft-below",
            metavar="FRACTION",
            help="Mark the report as a draft when less than this share of questions is "
            "answered (N/A counts as answered); 1 (default): any unanswered question, 0: never.",
        ),
    ] = "1.0",
    force: Annotated[
        bool, typer.Option("--force", help="Replace report files that are read-only.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary table.")] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Name each file written.")
    ] = False,
    combine: Annotated[
        bool,
        typer.Option("--combine", help="One report for the company from all respondents' files."),
    ] = False,
    anonymous: Annotated[
        bool,
        typer.Option(
            "--anonymous", help="With --combine: no names or files; small role groups pooled."
        ),
    ] = False,
    senior_role: Annotated[
        str | None,
        typer.Option(
            "--senior-role", help="With --combine: the role whose blind spots to show (e.g. CEO)."
        ),
    ] = None,
    target: Annotated[
        str | None,
        typer.Option(
            "--target",
            help="With --combine: the target discipline, when the files differ (id, number, "
            "alias such as ci, title or prefix; or undecided).",
        ),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help="Report language, BCP 47 (fr, fr-CH -> fr -> en); default: each file's "
            "'language' (with --combine: the files' common one), else English.",
        ),
    ] = None,
    baseline: Annotated[
        str | None,
        typer.Option(
            help="Add progress against an earlier assessment: a file, a folder, or from the "
            "store @previous or @MILESTONE."
        ),
    ] = None,
    benchmark: Annotated[
        bool, typer.Option("--benchmark", help="Add percentile ranks among stored peers.")
    ] = False,
    db: Annotated[
        str | None,
        typer.Option(
            "--db", help="Store URL for --baseline @… and --benchmark (default: CI_ASSESS_DB)."
        ),
    ] = None,
) -> None:
    """Render the gap report for one or many answers files (--combine: one for all)."""
    from ci_assess.app import batch
    from ci_assess.cli.views import summary
    from ci_assess.core.gates import parse_gate
    from ci_assess.files.branding import load_branding
    from ci_assess.files.folders import expand

    language = option_language(lang)
    if not combine and (anonymous or senior_role is not None or target is not None):
        raise usage("--anonymous, --senior-role and --target go with --combine")
    expanded = expand(skip_lock_files(files, verbose=verbose))
    if not quiet:
        for note in expanded.skipped:
            typer.echo(note, err=True)
    files = expanded.paths
    chosen, pdf = choose_format(fmt, output)
    paper = paper_size(paper)  # checked even when no PDF is made: a wrong option is an error
    extension = ".pdf" if pdf else None
    groups = None
    if combine:
        groups, targets = _combined_targets(expanded, output, out_dir, chosen, extension)
    else:
        targets = _targets(files, output, out_dir, chosen, extension)
    gates = [parse_gate(spec) for spec in fail_under or []]
    branding = load_branding(brand_config, firm, logo, accent)
    job = batch.Job(
        chosen,
        template_dir,
        branding,
        strict,
        questionnaire,
        gates,
        paper if pdf else None,
        force=force,
        language=language,
        draft_below=draft_fraction(draft_below),
        extras=_extras(len(files) if groups is None else len(groups), baseline, benchmark, db),
    )
    console = summary.stderr_console()
    count = len(files) if groups is None else len(groups)
    show_table = not quiet and (count > 1 or out_dir is not None)
    tally = summary.Summary(tabled=show_table)
    # Started before the progress bar's thread: a large batch starts its workers here.
    if groups is None:
        outcomes = batch.run(job, files, targets, sys.stdout.write)
    else:
        from ci_assess.app.combine import CombineOptions, run_combined

        options = CombineOptions(target, anonymous, senior_role)
        outcomes = run_combined(job, groups, targets, sys.stdout.write, options)
    with summary.progress(console, count, enabled=not quiet) as bar:
        task = bar.add_task("reports", total=count) if bar else None
        for outcome in outcomes:
            summary.print_outcome(console, outcome, verbose=verbose)
            tally.add(outcome)
            if bar is not None and task is not None:
                bar.advance(task)
    if show_table:
        console.print(tally.table())
    code = tally.exit_code()
    if code is not ExitCode.OK:
        raise typer.Exit(code)


def _extras(reports: int, baseline: str | None, benchmark: bool, db: str | None) -> Any:
    """The progress and benchmark asked for; None for a plain report (no store loaded).

    ``reports``: how many reports the run makes (a combined one counts once)."""
    if baseline is None and not benchmark:
        return None
    if baseline is not None and reports > 1 and not baseline.startswith("@"):
        raise usage("with several inputs, --baseline takes only @previous or @MILESTONE")
    from ci_assess.app.compare import Extras

    return Extras(baseline=baseline, benchmark=benchmark, db=db)


def _targets(
    files: list[str], output: Path | None, out_dir: Path | None, fmt: Any, extension: str | None
) -> Sequence[str | None]:
    """Where each input's report goes (None: standard output); strings, as the batch
    keeps them (``batch.output_paths``)."""
    from ci_assess.app.batch import check_distinct, output_paths

    if files.count("-") > 1:
        raise usage("'-' (standard input) can be given only once")
    if output is not None and out_dir is not None:
        raise usage("give --output or --out-dir, not both")
    if out_dir is not None:
        paths = output_paths(files, out_dir, fmt, extension=extension)
        check_distinct(files, paths)  # before anything is written
        return paths
    if is_stdout(output):
        output = None
    if len(files) > 1:
        raise usage("several inputs need --out-dir DIR (one report per input)")
    if output is None and extension == ".pdf":
        raise usage("a PDF goes to a file: give -o FILE.pdf or --out-dir DIR")
    return [None if output is None else str(output)]


def _combined_targets(
    expanded: Any, output: Path | None, out_dir: Path | None, fmt: Any, extension: str | None
) -> tuple[list[Any], Sequence[str | None]]:
    """The combined reports (one per folder with --out-dir, else one) and where each goes."""
    from ci_assess.app.batch import check_distinct
    from ci_assess.app.combine import group_paths, groups

    pairs = [(i.path, i.folder) for i in expanded.inputs]
    if [p for p, _ in pairs].count("-") > 1:
        raise usage("'-' (standard input) can be given only once")
    if output is not None and out_dir is not None:
        raise usage("give --output or --out-dir, not both")
    found = groups(pairs, by_folder=out_dir is not None)
    if out_dir is not None:
        paths = group_paths(found, out_dir, fmt, extension=extension)
        check_distinct([g.name for g in found], paths)
        return found, paths
    if extension == ".pdf" and (output is None or is_stdout(output)):
        raise usage("a PDF goes to a file: give -o FILE.pdf or --out-dir DIR")
    return found, [None if output is None or is_stdout(output) else str(output)]
