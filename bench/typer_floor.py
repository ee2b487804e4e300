"""`ci-assess report …` with the work taken out: what typer alone costs for its options.

Run by bench/run.py as a reference point for the one-report target. It imports the
libraries of the stated floor, then runs the real command line (`ci_assess.cli.app`)
with the `report` command's callback replaced by one that does nothing, so typer
builds and parses exactly the options a real run does, and nothing else happens.
"""

from __future__ import annotations

import functools
from typing import Any

import jinja2  # noqa: F401 - the stated floor's libraries, as a report imports them
import pydantic  # noqa: F401
import rich.console  # noqa: F401
import yaml  # noqa: F401

from ci_assess import cli


def _without_work(command: Any) -> None:
    @functools.wraps(command)  # the same signature, so typer builds the same options
    def nothing(**_: Any) -> None:
        return None

    for info in cli.app.registered_commands:
        if info.callback is command:
            info.callback = nothing
            return
    raise SystemExit("bench/typer_floor.py: 'report' is no longer a registered command")


if __name__ == "__main__":
    _without_work(cli.report)
    cli.app()
