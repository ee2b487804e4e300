"""`ci-assess interview`: the command-line adapter of the terminal interview.

Parses options, builds the terminal prompt, calls ``run_interview`` once and maps how
it ended to an exit code. The core and rich are imported inside the command so that
``ci-assess --help`` stays fast.

Exit codes: 0 finished, stopped with 'q', or input ended with every question answered;
1 input ended with questions still unanswered (the file is saved; a script notices);
2 a user error (the CLI boundary prints it), the answers file in use by another
interview, or 20 invalid piped replies in a row (the file is saved); 130 Ctrl-C (the
file is saved).
"""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ci_assess.cli.options import epilog
from ci_assess.cli.root import app
from ci_assess.errors import ExitCode

if TYPE_CHECKING:
    from ci_assess.interview.session import Result

EXIT_UNFINISHED, EXIT_INTERRUPTED = ExitCode.FINDING, ExitCode.INTERRUPTED


@app.command(
    epilog=epilog(
        "Interview",
        "ci-assess interview -o northwind-ceo.yaml --company Northwind --target ci",
        "ci-assess interview -o northwind-ceo.yaml --compact    # resume, level names only",
    )
)
def interview(
    output: Annotated[
        Path,
        typer.Option("--output", "-o", help="Answers file to write; an existing one is resumed."),
    ],
    questionnaire: Annotated[
        str | None,
        typer.Option("--questionnaire", help="Bundled id or path (default: customer-intimacy)."),
    ] = None,
    company: Annotated[str | None, typer.Option(help="The assessed company.")] = None,
    respondent: Annotated[str | None, typer.Option(help="The respondent's name.")] = None,
    role: Annotated[str | None, typer.Option(help="The respondent's role, e.g. CEO.")] = None,
    target: Annotated[
        str | None,
        typer.Option(
            help="Target value discipline: its id, number (1 operational excellence, "
            "2 customer intimacy, 3 product leadership), alias (oe, ci, pl), title or a "
            "prefix, in any case; or undecided (format 2)."
        ),
    ] = None,
    assessor: Annotated[str | None, typer.Option(help="Who runs the assessment.")] = None,
    industry: Annotated[
        str | None, typer.Option(help="The company's industry, e.g. distribution (benchmarks).")
    ] = None,
    size: Annotated[
        str | None,
        typer.Option(help="Company size: micro (<10 employees), small (10-49), mid, large (250+)."),
    ] = None,
    no_input: Annotated[
        bool,
        typer.Option("--no-input", help="Never prompt: fail (exit 2) naming what is missing."),
    ] = False,
    compact: Annotated[
        bool,
        typer.Option(
            "--compact", help="Level names on one line, descriptions on '?' ('c' toggles)."
        ),
    ] = False,
    yes: Annotated[
        bool,
        typer.Option(
            "--yes", "-y", help="Finish at the review without confirming unanswered questions."
        ),
    ] = False,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help="Interview language, BCP 47 (fr, fr-CH -> fr -> en); default: the file's "
            "'language', else English. A new file records it. Reply keys stay the same.",
        ),
    ] = None,
    section: Annotated[
        str | None,
        typer.Option(
            help="Fill one section instead of the questions: outcomes (baseline, today and "
            "target per KPI) or key-accounts (accounts added, edited or removed by name)."
        ),
    ] = None,
) -> None:
    """Interview one respondent at the terminal, saving after every answer.

    Keys at a question: a level, n = n/a, e = edit the note, u = undo, c = compact,
    b = back, s = skip, g = jump to group, r = review, ? = help, q = save and quit.
    Run the same command again to resume.
    """
    from ci_assess.cli.options import option_language
    from ci_assess.cli.views.terminal import TerminalPrompt
    from ci_assess.errors import UsageError
    from ci_assess.interview.prompts import Prompt, ReplyLimit
    from ci_assess.interview.session import InterviewOptions, run_interview

    if section is not None and section not in ("outcomes", "key-accounts"):
        raise UsageError(f"--section: unknown section {section!r}; use outcomes or key-accounts")
    options = InterviewOptions(
        output=output,
        questionnaire=questionnaire,
        company=company,
        respondent=respondent,
        role=role,
        target=target,
        assessor=assessor,
        no_input=no_input,
        language=option_language(lang),
        compact=compact,
        yes=yes,
        section=section,
        industry=industry,
        size=size,
    )
    terminal = TerminalPrompt()
    prompt: Prompt = ReplyLimit(terminal) if terminal.piped else terminal
    result = run_interview(options, prompt)
    typer.echo(result.message(), err=True)
    code = _exit_code(result)
    if code:
        raise typer.Exit(code)


def _exit_code(result: "Result") -> int:
    from ci_assess.interview.session import Outcome

    if result.outcome is Outcome.INTERRUPTED:
        return EXIT_INTERRUPTED
    if result.outcome is Outcome.GAVE_UP:
        return ExitCode.INPUT
    if result.outcome is Outcome.ENDED and result.unanswered:
        return EXIT_UNFINISHED
    return 0
