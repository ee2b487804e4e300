"""The one error boundary: every way a command ends maps to one code of ``ExitCode``.

Internal errors are forced through the real command line: a child Python patches the
scoring function to raise, then runs ``ci_assess.cli.main`` exactly as the console
script does.
"""

from __future__ import annotations

import json
import os
import platform
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
        wait_until_reading_stdin(child)
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=30)
    finally:
        child.kill()
    assert child.returncode == 130  # ExitCode.INTERRUPTED
    assert out == ""
    assert err.strip() == "interrupted"


def wait_until_reading_stdin(child: subprocess.Popen[str], timeout: float = 120) -> None:
    """Wait until ``child`` blocks in read(2) on its standard input (Linux /proc).

    A fixed sleep was flaky on a loaded machine: a start-up slower than the sleep got the
    signal during its imports. Where /proc/PID/syscall cannot be read, a fixed wait.
    """
    read = {"x86_64": "0", "aarch64": "63"}.get(platform.machine())  # read(2)'s number
    path = Path(f"/proc/{child.pid}/syscall")
    if read is None or not path.exists():
        time.sleep(1.5)  # no /proc or another machine: let it start; no timing is asserted
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and child.poll() is None:
        try:
            if path.read_text().split()[:2] == [read, "0x0"]:  # read(2) on fd 0
                return
        except OSError:  # it ended in between: the loop's poll() sees it
            pass
        time.sleep(0.05)
    pytest.fail(f"the child never blocked reading standard input (exit {child.poll()})")


INTERRUPTED_DURING_IMPORT = (
    "import sys\n"
    "class Interrupt:\n"
    "    def find_spec(self, name, path=None, target=None):\n"
    "        if name == 'ci_assess.cli':\n"
    "            raise KeyboardInterrupt\n"
    "sys.meta_path.insert(0, Interrupt())\n"
    "from ci_assess.entry import main\n"
    "main()\n"
)


def test_ctrl_c_while_starting_is_exit_130_without_a_traceback() -> None:
    # A Ctrl-C before the error boundary exists (typer, rich, pydantic still importing).
    done = subprocess.run(
        [sys.executable, "-c", INTERRUPTED_DURING_IMPORT, "--version"],
        capture_output=True, text=True, check=False, env=child_env(), timeout=60,
    )  # fmt: skip
    assert done.returncode == ExitCode.INTERRUPTED
    assert done.stdout == ""
    assert done.stderr.strip() == "interrupted"


FROZEN_AT_EXIT = (
    "import atexit, gc, sys\n"
    "atexit.register(lambda: sys.stderr.write(f'frozen {gc.get_freeze_count() > 0}\\n'))\n"
    "from ci_assess.entry import main\n"
    "main()\n"
)


@pytest.mark.parametrize("args", [["--version"], ["report", str(EXAMPLE), "--format", "json"]])
def test_the_run_ends_with_the_heap_frozen_and_its_output_whole(args: list[str]) -> None:
    # entry.main freezes the heap once the command is done, so that the interpreter's
    # exit skips collecting it; atexit handlers run after that, and see it frozen.
    done = subprocess.run(
        [sys.executable, "-c", FROZEN_AT_EXIT, *args],
        capture_output=True, text=True, check=False, env=child_env(), timeout=120,
    )  # fmt: skip
    assert done.returncode == ExitCode.OK, done.stderr
    assert done.stderr.splitlines()[-1] == "frozen True"
    if args[0] == "report":
        assert json.loads(done.stdout)["schema_version"]  # every byte of it written


def test_the_console_script_and_python_m_start_through_the_entry_module() -> None:
    import tomllib

    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts == {"ci-assess": "ci_assess.entry:main"}
    assert "from ci_assess.entry import main" in (ROOT / "src/ci_assess/__main__.py").read_text()


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
