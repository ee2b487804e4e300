"""The typer application: the root options (``--version``, ``--debug``) and the groups.

Each command lives in its own module (``cli/report.py``, ``cli/validate.py``, …) and
registers itself on ``app``; ``cli/__init__.py`` imports them in the order ``--help``
lists them.
"""

from typing import Annotated

import typer

from ci_assess import __version__
from ci_assess.cli.boundary import Boundary, set_debug
from ci_assess.cli.options import DOCS

EPILOG = (
    "Exit codes: 0 done; 1 a finding you asked for (--fail-under, an unfinished interview); "
    "2 input, output or usage error; 3 internal error; 130 interrupted. "
    f"Docs: {DOCS}; each command's --help has examples."
)

app = typer.Typer(
    cls=Boundary,
    help="Assess customer intimacy as an operating model and render the gap report.",
    epilog=EPILOG,
    no_args_is_help=True,
    add_completion=True,  # --install-completion, --show-completion (bash, zsh, fish, PowerShell)
    pretty_exceptions_enable=False,
)
questionnaire_app = typer.Typer(
    cls=Boundary,
    help="List and show questionnaires.",
    epilog=f"Docs: {DOCS}; each command's --help has examples.",
)
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
    debug: Annotated[
        bool,
        typer.Option(
            "--debug",
            help="Show the traceback of an internal error (also after the command name, "
            "or CI_ASSESS_DEBUG=1).",
        ),
    ] = False,
) -> None:
    """Assess customer intimacy as an operating model and render the gap report."""
    set_debug(debug)  # Boundary.main moved a --debug given after the command name here
