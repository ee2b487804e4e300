"""The root command group loads a command's module only when that command is used.

typer builds the click command of every registered command, with all its options,
whenever the app starts, ``--version`` included. So the command modules are not
imported up front (``cli/__init__.py`` imports none of them): the root group knows
each command's name and module (``root.COMMANDS``) and, the first time a command is
looked up, imports its module (which registers the command on the root app, as
before) and converts that one registration to a click command with the functions
typer's own ``get_group`` uses for every registered command and group, with the
root app's settings. The result is the same object typer would have built eagerly,
so help, parsing and completion do not change; ``ci-assess report …`` builds
``report`` and nothing else, ``--version`` builds nothing.

This is the pattern of click's "Lazily Loading Subcommands", with one addition:
``TyperGroup`` reads ``self.commands`` directly for its "Did you mean …?" hint and
for listing, so ``commands`` is a mapping that knows every name without loading
anything (``LazyCommands``) and builds a command when it is looked up.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, MutableMapping
from typing import Any

import typer
import typer.main

from ci_assess.cli.boundary import Boundary


def registered_name(info: Any) -> str | None:
    """The name typer gives a registration: its own, else its callback's (``get_command_name``)."""
    if info.name:
        return str(info.name)
    callback = getattr(info, "callback", None)
    if isinstance(info, typer.models.CommandInfo) and callback is not None:
        return typer.main.get_command_name(callback.__name__)
    return None


def build(app: typer.Typer, name: str) -> Any:
    """The click command of the command or group registered on ``app`` as ``name``.

    The same call, with the same settings, that ``typer.main.get_group`` makes for
    each registration when it builds the whole tree; ``None`` when nothing is
    registered under that name.
    """
    for command_info in app.registered_commands:
        if registered_name(command_info) == name:
            return typer.main.get_command_from_info(
                command_info,
                pretty_exceptions_short=app.pretty_exceptions_short,
                rich_markup_mode=app.rich_markup_mode,
            )
    for group_info in app.registered_groups:
        if registered_name(group_info) == name:
            return typer.main.get_group_from_info(
                group_info,
                pretty_exceptions_short=app.pretty_exceptions_short,
                rich_markup_mode=app.rich_markup_mode,
                suggest_commands=app.suggest_commands,
            )
    return None


class LazyCommands(MutableMapping[str, Any]):
    """A group's commands: every name known up front, each command built on first lookup.

    ``names`` maps each command's name to the module that defines it, in the order
    ``--help`` lists them; ``load(name)`` imports that module and builds the command.
    Commands given already built (typer builds whatever is registered when the app
    starts: in a test run the modules may be imported) are used as they are.
    """

    def __init__(
        self,
        names: Mapping[str, str],
        built: Mapping[str, Any],
        load: Callable[[str], Any],
    ) -> None:
        self._names = dict(names)
        self._built = dict(built)
        self._load = load

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            if name not in self._names:
                raise KeyError(name)
            command = self._load(name)
            if command is None:
                raise KeyError(name)  # the module registered no such command (tested)
            self._built[name] = command
        return self._built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        self._names.pop(name, None)
        del self._built[name]

    def __iter__(self) -> Iterator[str]:
        yield from self._names
        yield from (name for name in self._built if name not in self._names)

    def __len__(self) -> int:
        return len(self._names.keys() | self._built.keys())

    def __contains__(self, name: object) -> bool:
        return name in self._names or name in self._built

    def loaded(self) -> list[str]:
        """The names whose command is built so far (for tests and the bench)."""
        return list(self._built)


class LazyBoundary(Boundary):
    """The root group: ``Boundary``'s error handling, commands loaded on first use.

    A subclass sets ``modules`` (command name → module, in ``--help`` order) and
    ``registry`` (the typer app the modules register their commands on).
    """

    modules: Mapping[str, str] = {}

    @staticmethod
    def registry() -> typer.Typer:  # pragma: no cover - every subclass names its app
        raise NotImplementedError

    def __init__(self, *args: Any, commands: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commands = LazyCommands(self.modules, dict(commands or {}), self._load)

    def _load(self, name: str) -> Any:
        # __import__ rather than importlib.import_module: the same import, and one that
        # `python -X importtime` lists (tests/cli/test_startup.py reads that listing).
        __import__(self.modules[name])
        return build(self.registry(), name)

    def list_commands(self, ctx: Any) -> list[str]:
        """Every command's name, without loading any (TyperGroup's would build them all)."""
        return list(self.commands)
