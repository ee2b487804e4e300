"""Every command's --help reads like a person wrote it: metavars, examples, the docs.

Walks the whole command tree, so that an option added later (by any command) is
checked too: no typer type names (``<bool>``, ``<list[str]>``, ``<path>``), no
``{files}...``, a metavar of capitals or listed values for every option that takes
one, none for flags, and an example and the docs pointer in every command's help.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from ci_assess.cli import app
from ci_assess.cli.options import DOCS, choice, paper_size
from ci_assess.errors import UsageError
from tests.conftest import EXAMPLE

# FILE, DIR, N|ID=N, A4|Letter, md|html|json|pdf, #RRGGBB, FILE…
READABLE = re.compile(r"^(#?[A-Z][A-Z0-9-]*|[A-Za-z0-9#=-]+(\|[A-Za-z0-9#=-]+)+)…?$")
# typer's type names and click's '...' after an argument ('COMMAND [ARGS]...' of a group is
# click's own convention and stays).
LEAKS = re.compile(r"<[a-z][a-z_\[\], ]*>|\{[a-z_]+\}|(?<!\[ARGS\])\.\.\.|\bTEXT\b|\bBOOLEAN\b")


def commands(
    group: Any = None, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every command of the app with the words that call it, groups included."""
    import click

    group = group or typer.main.get_command(app)
    ctx = click.Context(group, info_name="ci-assess")
    yield path, group
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if hasattr(command, "list_commands"):
            yield from commands(command, (*path, name))
        else:
            yield (*path, name), command


ALL = list(commands())
IDS = [" ".join(p) or "ci-assess" for p, _ in ALL]


def help_of(runner: CliRunner, path: tuple[str, ...]) -> str:
    result = runner.invoke(app, [*path, "--help"], env={"COLUMNS": "100", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    return result.stdout


def test_the_walk_sees_every_command() -> None:
    assert {"report", "interview", "validate", "template", "migrate", "schema"} <= set(IDS)
    assert {"questionnaire list", "questionnaire show"} <= set(IDS)


@pytest.mark.parametrize(("path", "command"), ALL, ids=IDS)
def test_help_shows_readable_metavars(
    runner: CliRunner, path: tuple[str, ...], command: Any
) -> None:
    text = help_of(runner, path)
    assert LEAKS.search(text) is None, LEAKS.search(text)
    import click

    for param in command.get_params(click.Context(command)):
        flag = getattr(param, "is_flag", False)
        if flag:
            assert param.metavar == "", f"{param.name}: a flag shows no metavar"
        else:
            assert READABLE.match(param.metavar or ""), f"{param.name}: {param.metavar!r}"
            assert param.metavar in text


@pytest.mark.parametrize(("path", "command"), ALL, ids=IDS)
def test_help_has_examples_and_the_docs(
    runner: CliRunner, path: tuple[str, ...], command: Any
) -> None:
    text = " ".join(help_of(runner, path).split())
    assert f"Docs: {' '.join(DOCS.split())}" in text
    if not hasattr(command, "list_commands"):
        assert "Examples: $ ci-assess " + " ".join(path) in text


def test_a_new_option_gets_a_readable_metavar_without_being_listed() -> None:
    from ci_assess.cli.options import readable_metavars

    probe = typer.Typer()

    @probe.command()
    def report(
        history_dir: Path = Path(),
        language: str = "en",
        top: int = 3,
        watch: bool = False,
    ) -> None:
        del history_dir, language, top, watch

    command = typer.main.get_command(probe)
    readable_metavars(command.params, "report")
    assert {p.name: p.metavar for p in command.params if "completion" not in p.name} == {
        "history_dir": "DIR",
        "language": "LANGUAGE",
        "top": "N",
        "watch": "",
    }


def test_choices_ignore_case(runner: CliRunner) -> None:
    assert paper_size("letter") == paper_size("LETTER") == "Letter"
    assert choice("JSON", ["text", "json"], "format") == "json"
    with pytest.raises(UsageError, match="unknown paper size 'B5'; use A4 or Letter"):
        paper_size("B5")
    done = runner.invoke(app, ["report", str(EXAMPLE), "--format", "JSON", "--paper", "letter"])
    assert done.exit_code == 0, done.output
    assert done.stdout.startswith("{")
    wrong = runner.invoke(app, ["report", str(EXAMPLE), "--paper", "B5"])
    assert wrong.exit_code == 2 and "unknown paper size 'B5'" in wrong.stderr
    schema = runner.invoke(app, ["schema", "Answers"])
    assert schema.exit_code == 0 and '"title"' in schema.stdout


@pytest.mark.slow
def test_completion_can_be_installed(runner: CliRunner) -> None:
    text = help_of(runner, ())
    assert "--install-completion" in text and "--show-completion" in text
    # typer finds the shell among the process's ancestors unless told not to (its own
    # test switch, with which --show-completion takes the shell's name): a run started
    # in the background, its parent gone, has no shell above it ("Shell  not supported").
    env = {**os.environ, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    shown = subprocess.run(
        [sys.executable, "-m", "ci_assess", "--show-completion", "bash"],
        capture_output=True, text=True, timeout=120, check=False, env=env,
    )  # fmt: skip
    assert shown.returncode == 0, shown.stderr
    assert "complete -o default -F _ci_assess_completion ci-assess" in shown.stdout
