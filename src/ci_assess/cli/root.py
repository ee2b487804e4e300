"""The typer application: the root options (``--version``, ``--debug``) and the commands.

Each command lives in its own module (``cli/report.py``, ``cli/validate.py``, …) and
registers itself on ``app`` (a group such as ``history`` with ``app.add_typer``).
The modules are imported only when their command is used (``cli/lazy.py``):
``COMMANDS`` names each command's module, in the order ``--help`` lists them. A new
command needs its line there; ``tests/cli/test_lazy.py`` fails when a module
registers a command the table does not name.
"""

from typing import Annotated

import typer

from ci_assess import __version__
from ci_assess.cli.boundary import set_debug
from ci_assess.cli.lazy import LazyBoundary
from ci_assess.cli.options import DOCS

EPILOG = (
    "Exit codes: 0 done; 1 a finding you asked for (--fail-under, an unfinished interview); "
    "2 input, output or usage error; 3 internal error; 130 interrupted. "
    f"Docs: {DOCS}; each command's --help has examples."
)

COMMANDS = {  # name -> module, in --help order
    "benchmark": "ci_assess.cli.benchmark",
    "interview": "ci_assess.cli.interview",
    "migrate": "ci_assess.cli.migrate",
    "report": "ci_assess.cli.report",
    "schema": "ci_assess.cli.schema",
    "template": "ci_assess.cli.template",
    "validate": "ci_assess.cli.validate",
    "questionnaire": "ci_assess.cli.questionnaire",
    "history": "ci_assess.cli.history",
    "i18n": "ci_assess.cli.i18n",
}


class RootGroup(LazyBoundary):
    """The root command group: the commands of ``COMMANDS``, each loaded on first use."""

    modules = COMMANDS

    @staticmethod
    def registry() -> typer.Typer:
        return app


app = typer.Typer(
    cls=RootGroup,
    help="Assess customer intimacy as an operating model and render the gap report.",
    epilog=EPILOG,
    no_args_is_help=True,
    add_completion=True,  # --install-completion, --show-completion (bash, zsh, fish, PowerShell)
    pretty_exceptions_enable=False,
)


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
