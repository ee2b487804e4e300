"""The report's message console is made only when something is printed or asked of it.

A report that succeeds prints nothing on standard error, so it need not import rich
(tests/cli/test_startup.py guards that); what is printed once the console exists is
what the eagerly made console printed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from ci_assess.cli import app
from ci_assess.cli.views import summary
from tests.conftest import EXAMPLE


def test_the_console_is_made_on_first_print(capsys: pytest.CaptureFixture[str]) -> None:
    console = summary.stderr_console()
    assert not console.made
    with summary.progress(console, 3, enabled=True) as bar:  # too few files for a bar
        assert bar is None
    with summary.progress(console, 500, enabled=False) as bar:  # --quiet
        assert bar is None
    assert not console.made, "deciding on no progress bar asks nothing of the terminal"
    console.print("wrote [x].html", markup=False)
    assert console.made and console.console is console.console
    assert capsys.readouterr().err == "wrote [x].html\n"


def test_a_large_batch_asks_the_terminal_and_so_makes_the_console() -> None:
    console = summary.stderr_console()
    with summary.progress(console, summary.PROGRESS_MIN_FILES, enabled=True) as bar:
        assert bar is None  # not a terminal under pytest
    assert console.made and not console.is_terminal


def test_messages_and_the_table_still_reach_standard_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(EXAMPLE.read_text().replace("company: Northwind Traders", "company: [x"))
    done = CliRunner().invoke(
        app, ["report", str(EXAMPLE), str(broken), "--out-dir", str(tmp_path / "out")]
    )
    assert done.exit_code == 2
    assert f"{broken}:" in done.stderr and "error" in done.stderr
    assert "ci-assess report: 2 input(s), 1 report(s), 1 error(s)" in done.stderr
