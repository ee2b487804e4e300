"""Commands loaded on first use (cli/lazy.py) behave as the eagerly built tree did.

The root group imports a command's module only when the command is looked up. What
must not change: every ``--help`` (compared byte for byte between a fresh process,
which builds lazily, and this process, where typer builds the imported commands
eagerly), the "Did you mean …?" hint, exit codes, and shell completion of command
names, subcommands and options. What must hold for it to stay lazy: the table of
``root.COMMANDS`` names every command a module registers, with that module.
"""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

import ci_assess
from ci_assess.cli import app
from ci_assess.cli.lazy import LazyCommands, build, registered_name
from ci_assess.cli.root import COMMANDS, RootGroup

ENV = {"COLUMNS": "100", "NO_COLOR": "1"}


def run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """A fresh ``python -m ci_assess ARGS``: nothing imported, so every command loads lazily."""
    src = str(Path(ci_assess.__file__).parents[1])
    paths = [src, *os.environ.get("PYTHONPATH", "").split(os.pathsep)]
    full = {**os.environ, **ENV, **env, "PYTHONPATH": os.pathsep.join(p for p in paths if p)}
    return subprocess.run(
        [sys.executable, "-m", "ci_assess", *args],
        capture_output=True, text=True, env=full, timeout=120, check=False,
    )  # fmt: skip


def import_every_command() -> None:
    for module in COMMANDS.values():
        importlib.import_module(module)


def registrations() -> dict[str, Any]:
    """Every command and group registered on the root app, by the name typer gives it."""
    import_every_command()
    found: dict[str, Any] = {}
    for info in [*app.registered_commands, *app.registered_groups]:
        name = registered_name(info)
        assert name is not None, f"a registration without a name: {info}"
        assert name not in found, f"{name!r} is registered twice"
        found[name] = info
    return found


def module_of(info: Any) -> set[str]:
    """The modules whose functions a registration runs (a group: each of its commands)."""
    if isinstance(info, typer.models.TyperInfo):
        assert info.typer_instance is not None
        return {
            c.callback.__module__ for c in info.typer_instance.registered_commands if c.callback
        }
    return {info.callback.__module__}


def test_the_table_names_every_registered_command_with_its_module() -> None:
    found = registrations()
    assert list(found) != [] and set(found) == set(COMMANDS)
    for name, info in found.items():
        assert module_of(info) == {COMMANDS[name]}, name


def test_the_table_keeps_the_order_help_always_had() -> None:
    # registration order of the eager tree: commands, then groups (questionnaire first)
    assert list(COMMANDS) == [
        "benchmark", "interview", "migrate", "report", "schema", "template", "validate",
        "questionnaire", "history", "i18n",
    ]  # fmt: skip


def help_paths() -> list[tuple[str, ...]]:
    """Every command and group of the tree, as the words that call it."""
    import_every_command()
    group = typer.main.get_command(app)
    ctx = typer.Context(group, info_name="ci-assess")
    paths: list[tuple[str, ...]] = [()]
    for name in group.list_commands(ctx):  # type: ignore[attr-defined]
        paths.append((name,))
        command = group.get_command(ctx, name)  # type: ignore[attr-defined]
        if hasattr(command, "list_commands"):
            sub = typer.Context(command, info_name=name, parent=ctx)
            paths.extend((name, s) for s in command.list_commands(sub))
    return paths


PATHS = help_paths()


@pytest.mark.slow
@pytest.mark.parametrize("path", PATHS, ids=[" ".join(p) or "ci-assess" for p in PATHS])
def test_help_built_lazily_is_the_eager_help(runner: CliRunner, path: tuple[str, ...]) -> None:
    eager = runner.invoke(app, [*path, "--help"], env=ENV, prog_name="ci-assess")  # all imported
    lazy = run(*path, "--help")
    assert eager.exit_code == lazy.returncode == 0, lazy.stderr
    assert lazy.stdout == eager.stdout


@pytest.mark.slow
def test_a_mistyped_command_is_still_named() -> None:
    done = run("reprt", "x.yaml")
    assert done.returncode == 2
    assert "No such command 'reprt'. Did you mean 'report'?" in done.stderr
    sub = run("history", "lst")
    assert sub.returncode == 2 and "Did you mean 'list'?" in sub.stderr


def complete(words: str, shell: str = "bash") -> list[str]:
    """What the shell's completion asks the program for, for the command line ``words``."""
    cword = len(words.split()) - (0 if words.endswith(" ") else 1)
    done = run(
        _CI_ASSESS_COMPLETE=f"complete_{shell}",
        COMP_WORDS=words,
        COMP_CWORD=str(cword),
        _TYPER_COMPLETE_ARGS=words,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


@pytest.mark.slow
def test_completion_of_command_names_subcommands_and_options() -> None:
    assert complete("ci-assess ") == list(COMMANDS)
    assert complete("ci-assess r") == ["report"]
    assert complete("ci-assess history ") == ["add", "list", "show", "export", "remove", "upgrade"]
    assert complete("ci-assess report --f") == ["--format", "--fail-under", "--firm", "--force"]
    assert complete("ci-assess questionnaire s") == ["show"]
    zsh = complete("ci-assess r", "zsh")
    assert zsh == ['_arguments \'*: :(("report":"Render the gap report for one or many..."))\'']


def test_a_command_is_built_on_first_lookup_and_kept() -> None:
    group = RootGroup(name="ci-assess")
    assert isinstance(group.commands, LazyCommands) and group.commands.loaded() == []
    ctx = typer.Context(group, info_name="ci-assess")
    assert group.list_commands(ctx) == list(COMMANDS)
    assert group.commands.loaded() == [], "listing the names builds nothing"
    report = group.get_command(ctx, "report")
    assert report is not None and report.name == "report"
    assert group.commands.loaded() == ["report"]
    assert group.get_command(ctx, "report") is report
    assert group.get_command(ctx, "no-such-command") is None
    assert "report" in group.commands and "nothing" not in group.commands
    assert len(group.commands) == len(COMMANDS)


def test_commands_given_built_are_used_and_can_be_replaced_or_removed() -> None:
    made: list[str] = []

    def load(name: str) -> Any:
        made.append(name)
        return None if name == "ghost" else f"command {name}"

    given = "command given"
    commands = LazyCommands({"a": "mod.a", "ghost": "mod.ghost"}, {"given": given}, load)
    assert list(commands) == ["a", "ghost", "given"] and len(commands) == 3
    assert commands["given"] is given and made == []
    with pytest.raises(KeyError):
        commands["ghost"]  # its module registered nothing under that name
    assert commands.get("ghost") is None and "ghost" not in commands.loaded()
    other = "another a"
    commands["a"] = other
    assert commands["a"] is other and made == ["ghost", "ghost"]
    del commands["a"]
    assert "a" not in commands and list(commands) == ["ghost", "given"]


def test_build_makes_what_typer_makes_and_nothing_for_an_unknown_name() -> None:
    import_every_command()
    eager = typer.main.get_command(app)
    ctx = typer.Context(eager, info_name="ci-assess")
    for name in COMMANDS:
        lazy = build(app, name)
        same = eager.get_command(ctx, name)  # type: ignore[attr-defined]
        assert type(lazy) is type(same) and lazy.name == same.name == name
        assert [p.name for p in lazy.params] == [p.name for p in same.params]
    assert build(app, "no-such-command") is None
