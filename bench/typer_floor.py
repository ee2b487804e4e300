"""`ci-assess report …` with the work taken out: what typer alone costs for its options.

Run by bench/run.py as a reference point for the one-report target. It imports the
libraries of the stated floor, then runs the real command line (the ``app`` of
``ci_assess.cli``, through its ``main`` when there is one) with the ``report``
command's callback replaced by one that does nothing, so typer builds and parses
exactly the options a real run does, and nothing else happens.

The command is found among the app's registered commands by the name typer gives
it (``name``, else the callback's ``__name__``), not by a module attribute, so that
this keeps working when the command's function moves (``ci_assess.cli`` may be a
module or a package). When the app loads its commands lazily (a ``COMMANDS`` table
of name → module, ``cli/root.py``), the report's module is imported first, which is
what the real run's first lookup of ``report`` does: the lazy group then finds it
imported and builds ``report``, with the no-op callback, and no other command.
It runs through the console script's entry point (``ci_assess.entry.main``) when there
is one, as the real command does.
"""

from __future__ import annotations

import functools
import importlib
import sys
from collections.abc import Callable
from typing import Any

import jinja2  # noqa: F401 - the stated floor's libraries, as a report imports them
import pydantic  # noqa: F401
import rich.console  # noqa: F401
import typer
import yaml  # noqa: F401

COMMAND = "report"


def command_name(name: str | None, callback: Callable[..., Any] | None) -> str | None:
    """The name typer registers a command under: its own, else from the callback's."""
    if name:
        return name
    if callback is None:
        return None
    return callback.__name__.lower().replace("_", "-")  # typer's get_command_name


def without_work(app: typer.Typer, wanted: str = COMMAND) -> None:
    """Replace the callback of ``wanted`` by a no-op with the same signature."""
    for info in app.registered_commands:
        callback = info.callback
        if callback is None or command_name(info.name, callback) != wanted:
            continue

        @functools.wraps(callback)  # the same signature, so typer builds the same options
        def nothing(*_: Any, **__: Any) -> None:
            return None

        info.callback = nothing
        return
    raise SystemExit(f"bench/typer_floor.py: no command named {wanted!r} is registered")


def register(wanted: str = COMMAND) -> None:
    """Import the module of ``wanted`` when the app loads its commands on first use."""
    root = sys.modules.get("ci_assess.cli.root")
    modules = getattr(root, "COMMANDS", None)
    if isinstance(modules, dict) and wanted in modules:
        importlib.import_module(modules[wanted])


def entry() -> Callable[[], Any]:
    """The app with ``report`` made a no-op, and what to call to run it."""
    cli = importlib.import_module("ci_assess.cli")
    app = getattr(cli, "app", None)
    if not isinstance(app, typer.Typer):
        raise SystemExit("bench/typer_floor.py: ci_assess.cli exposes no typer app 'app'")
    register()
    without_work(app)
    main = getattr(cli, "main", None)
    return script() or (main if callable(main) else app)


def script() -> Callable[[], Any] | None:
    """The console script's own entry point (``ci_assess.entry.main``), where there is one.

    It imports ``ci_assess.cli`` (already imported here, with ``report`` made a no-op)
    and sets the process up as a real run has it (the heap frozen at exit), so that the
    no-op differs from a real run by the command's work alone.
    """
    try:
        entry_module = importlib.import_module("ci_assess.entry")
    except ModuleNotFoundError:
        return None
    main = getattr(entry_module, "main", None)
    return main if callable(main) else None


if __name__ == "__main__":
    sys.exit(entry()())
