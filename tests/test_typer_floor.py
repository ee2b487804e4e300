"""bench/typer_floor.py stays an honest floor with commands loaded on first use.

It must run the real command line with report's options built and parsed, report's
work left out, and no other command built: the one-report target is judged against it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import ci_assess
from ci_assess.cli.root import COMMANDS
from tests.conftest import EXAMPLE

FLOOR = Path(__file__).resolve().parents[1] / "bench" / "typer_floor.py"


def floor(*args: str) -> subprocess.CompletedProcess[str]:
    src = str(Path(ci_assess.__file__).parents[1])
    env = {**os.environ, "PYTHONPATH": src, "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-X", "importtime", str(FLOOR), *args],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )  # fmt: skip


@pytest.mark.slow
def test_the_floor_parses_reports_options_and_does_no_work(tmp_path: Path) -> None:
    out = tmp_path / "x.html"
    done = floor("report", str(EXAMPLE), "-o", str(out), "--format", "html")
    assert done.returncode == 0, done.stderr
    assert not out.exists(), "the report's work ran"
    imported = {line.rsplit("|", 1)[1].strip() for line in done.stderr.splitlines() if "|" in line}
    assert "typer._adapters" in imported, "report's options were not converted"
    others = set(COMMANDS.values()) - {COMMANDS["report"]}
    assert not imported & (others | {"ci_assess.app.batch"})


@pytest.mark.slow
def test_the_floor_still_checks_reports_options() -> None:
    done = floor("report", str(EXAMPLE), "--no-such-option")
    assert done.returncode == 2 and "No such option" in done.stderr


def test_the_floor_runs_through_the_console_script_s_entry_point() -> None:
    # So that it sets the process up as a real run does (the heap frozen at exit).
    import importlib.util

    import ci_assess.entry

    spec = importlib.util.spec_from_file_location("typer_floor", FLOOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.script() is ci_assess.entry.main
