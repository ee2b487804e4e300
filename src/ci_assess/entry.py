"""The console script's entry point: Ctrl-C while the tool is still starting.

Importing the command line (typer, and pydantic for the options of the command asked
for) takes a few tenths of a second, longer on a busy machine; a Ctrl-C in that time arrived before the error
boundary existed and printed a traceback. This module imports nothing of ours until
``main`` runs, so an interrupt during start-up ends as every other one does:
"interrupted", exit 130 (the exit-code table in ``errors``).
"""

import sys


def main() -> None:
    """Import and run the command line; a Ctrl-C during the import is exit 130."""
    try:
        from ci_assess.cli import main as run
    except KeyboardInterrupt:
        from ci_assess.errors import ExitCode

        sys.stderr.write("\ninterrupted\n")  # what the boundary says for a later Ctrl-C
        sys.exit(ExitCode.INTERRUPTED)
    run()
