"""Standard output that cannot be written, through a real process (cli/boundary, cli.main).

A full device or a closed standard output is an output error: exit 2 and one line
"error: standard output: cannot write: …". A reader that leaves early (``| head``)
ends the run quietly with 141, whoever wrote: our commands, rich (which exits 1 on
its own), or typer's help and --version.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE

pytestmark = pytest.mark.slow
COMMANDS = [
    ["report", str(EXAMPLE)],
    ["report", str(EXAMPLE), "-f", "json"],
    ["schema", "report"],
    ["questionnaire", "show", "customer-intimacy"],  # rich
    ["questionnaire", "list"],
    ["template"],
    ["--version"],
    ["--help"],  # typer's help, written before any command runs
    ["report", "--help"],
]


def run(args: list[str], *, stdout: int | None = None, shell: str | None = None) -> tuple[int, str]:
    """Exit code and standard error of ci-assess ARGS (or of a bash line running it)."""
    command = [sys.executable, "-m", "ci_assess", *args]
    if shell is not None:
        quoted = " ".join(f"'{part}'" for part in command)
        command = ["bash", "-c", shell.replace("CMD", quoted)]
    done = subprocess.run(
        command, stdout=stdout, stderr=subprocess.PIPE, text=True, check=False, timeout=120
    )
    return done.returncode, done.stderr


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_a_full_standard_output_is_exit_2(args: list[str]) -> None:
    with Path("/dev/full").open("w") as full:
        code, stderr = run(args, stdout=full.fileno())
    assert (code, stderr) == (2, "error: standard output: cannot write: No space left on device\n")


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_a_closed_standard_output_is_exit_2(args: list[str]) -> None:
    code, stderr = run(args, shell="CMD >&-")
    assert (code, stderr) == (
        2,
        "error: standard output: cannot write: standard output is closed\n",
    )


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_a_reader_that_left_is_a_quiet_141(args: list[str]) -> None:
    # The read end is closed before the process starts, so its first write fails:
    # what `| head -c 10` does to output larger than the pipe's buffer, without a race.
    read, write = os.pipe()
    os.close(read)
    try:
        code, stderr = run(args, stdout=write)
    finally:
        os.close(write)
    assert (code, stderr) == (141, "")


def test_head_on_output_larger_than_a_pipe_is_141() -> None:
    # The real pipeline, on rich's output (which exits 1 on a broken pipe by itself):
    # 108 KiB, well over what a pipe holds, so the writer is still writing when
    # `head -c 10` leaves. (A report of 70 KiB can fit whole in this kernel's pipe.)
    line = "CMD | (sleep 1; head -c 10 >/dev/null); exit ${PIPESTATUS[0]}"
    code, stderr = run(["questionnaire", "show", "customer-intimacy"], shell=line)
    assert (code, stderr) == (141, "")


def test_a_report_file_into_a_closed_pipe_is_141() -> None:
    # The batch's writer, given /dev/stdout's kind of path (written directly): its
    # broken pipe ends the run as 141 too, not as an error of the file.
    read, write = os.pipe()
    os.close(read)
    try:
        code, stderr = run(["report", str(EXAMPLE), "-o", "/dev/fd/1", "-f", "md"], stdout=write)
    finally:
        os.close(write)
    assert (code, stderr) == (141, "")
