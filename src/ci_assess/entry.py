"""The console script's entry point: Ctrl-C while the tool is still starting, and exit.

Importing the command line (typer, and pydantic for the options of the command asked
for) takes a few tenths of a second, longer on a busy machine; a Ctrl-C in that time
arrived before the error boundary existed and printed a traceback. This module imports
nothing of ours until ``main`` runs, so an interrupt during start-up ends as every other
one does: "interrupted", exit 130 (the exit-code table in ``errors``).

When the command is done, the heap is frozen (``gc.freeze``). The interpreter's
shutdown would otherwise run full garbage collections over every object the run made
(modules, model classes, compiled templates) only to find the few cycles among them:
some 60 M instructions (6 % of one report), for memory the operating system takes
back anyway. Nothing that matters waits for those collections: reports are written
and closed before the command returns, atexit handlers and ``weakref.finalize``
callbacks still run, and objects outside cycles are still freed one by one as the
modules are cleared.
"""

import gc
import sys


def main() -> None:
    """Import and run the command line; a Ctrl-C during the import is exit 130."""
    try:
        from ci_assess.cli import main as run
    except KeyboardInterrupt:
        from ci_assess.errors import ExitCode

        sys.stderr.write("\ninterrupted\n")  # what the boundary says for a later Ctrl-C
        sys.exit(ExitCode.INTERRUPTED)
    try:
        run()  # ends in sys.exit with the run's exit code
    finally:
        gc.freeze()  # the exit's collections skip what the run made (module docstring)
