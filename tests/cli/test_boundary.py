"""The one error boundary: every way a command ends maps to one code of ``ExitCode``.

Internal errors are forced through the real command line: a child Python patches the
scoring function to raise, then runs ``ci_assess.cli.main`` exactly as the console
script does.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ci_assess.errors import ExitCode, most_severe
from tests.conftest import EXAMPLE, ROOT, interruptible

# The child replaces the scoring function with one that fails like a bug would.
CRASHING_MAIN = (
    "import sys, ci_assess.core.scoring as scoring\n"
    "def crash(*args, **kwargs):\n"
    "    raise RuntimeError('boom in scoring')\n"
    "scoring.score = crash\n"
    "from ci_assess.cli import main\n"
    "sys.argv[0] = 'ci-assess'\n"
    "main()\n"
)


def crashing(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real command line with a scoring function that raises."""
    return subprocess.run(
        [sys.executable, "-c", CRASHING_MAIN, *args],
        capture_output=True, text=True, check=False, cwd=ROOT, env=env, timeout=60,
    )  # fmt: skip


def child_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CI_ASSESS_")}
    return {**env, **extra}


def test_an_internal_error_is_one_line_and_exit_3() -> None:
    done = crashing("report", str(EXAMPLE), env=child_env())
    assert done.returncode == 3  # ExitCode.INTERNAL, the documented number
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith(f"internal error: {EXAMPLE}: RuntimeError: boom in scoring")
    assert "please report it with the command and file" in lines[0]
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (("--debug", "report", str(EXAMPLE)), {}),
        (("report", "--debug", str(EXAMPLE)), {}),  # a root option, also after the command
        (("report", str(EXAMPLE)), {"CI_ASSESS_DEBUG": "1"}),
    ],
    ids=["root-option", "after-command", "environment"],
)
def test_debug_shows_the_traceback(args: tuple[str, ...], env: dict[str, str]) -> None:
    done = crashing(*args, env=child_env(**env))
    assert done.returncode == ExitCode.INTERNAL
    assert "Traceback (most recent call last)" in done.stderr
    assert ", in crash" in done.stderr  # the frame that raised
    assert done.stderr.rstrip().splitlines()[-1].startswith(f"internal error: {EXAMPLE}: Runtime")


def test_debug_after_double_dash_is_a_file_name(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "ci_assess", "report", "--", "--debug"],
        capture_output=True, text=True, check=False, cwd=tmp_path, env=child_env(), timeout=60,
    )  # fmt: skip
    assert done.returncode == ExitCode.INPUT
    assert "--debug" in done.stderr and "not found" in done.stderr


def test_user_errors_stay_exit_2_without_traceback(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "ci_assess", "report", str(tmp_path / "missing.yaml")],
        capture_output=True, text=True, check=False, env=child_env(), timeout=60,
    )  # fmt: skip
    assert done.returncode == ExitCode.INPUT
    assert done.stderr.startswith("error: ")
    assert "Traceback" not in done.stderr


def test_an_unknown_option_is_a_usage_error() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "ci_assess", "report", "--no-such-option", str(EXAMPLE)],
        capture_output=True, text=True, check=False, env=child_env(), timeout=60,
    )  # fmt: skip
    assert done.returncode == ExitCode.INPUT
    assert "No such option" in done.stderr


def test_ctrl_c_in_any_command_exits_130() -> None:
    # `report -` waits for standard input, which stays open: a person pressing Ctrl-C.
    child = subprocess.Popen(
        [sys.executable, "-m", "ci_assess", "report", "-"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, env=child_env(), preexec_fn=interruptible,  # noqa: PLW1509 - no threads
    )  # fmt: skip
    try:
        time.sleep(1.5)  # let it start and block on the read; no timing is asserted
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=30)
    finally:
        child.kill()
    assert child.returncode == 130  # ExitCode.INTERRUPTED
    assert out == ""
    assert err.strip() == "interrupted"


def test_most_severe_orders_outcomes_as_the_readme_says() -> None:
    assert most_severe([]) is ExitCode.OK
    assert most_severe([ExitCode.OK, ExitCode.FINDING]) is ExitCode.FINDING
    assert most_severe([ExitCode.FINDING, ExitCode.INPUT]) is ExitCode.INPUT
    assert most_severe([ExitCode.INPUT, ExitCode.INTERNAL, ExitCode.FINDING]) is ExitCode.INTERNAL
    assert most_severe([ExitCode.INTERNAL, ExitCode.INTERRUPTED]) is ExitCode.INTERRUPTED


@pytest.mark.parametrize("args", [("--debug", "report"), ("report", "--debug")])
def test_debug_works_through_the_app_too(
    args: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``ci_assess.cli.app`` (what CliRunner and Python users call) takes --debug as
    ``main`` does, and forgets it after the run."""
    from typer.testing import CliRunner

    from ci_assess.app import assess
    from ci_assess.cli import app
    from ci_assess.cli.boundary import debug_enabled

    def crash(*_: object, **__: object) -> None:
        raise RuntimeError("boom in scoring")

    monkeypatch.setattr(assess, "score", crash)
    done = CliRunner().invoke(app, [*args, str(EXAMPLE)])
    assert done.exit_code == 3
    assert "Traceback (most recent call last)" in done.stderr
    assert not debug_enabled()
    quiet = CliRunner().invoke(app, ["report", str(EXAMPLE)])
    assert quiet.exit_code == 3
    assert "Traceback" not in quiet.stderr
