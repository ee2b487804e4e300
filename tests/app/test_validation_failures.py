"""`ci-assess validate` on several files when one of them hits a bug, through the real
command line (the fault is planted with tests/faults/sitecustomize.py).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.app.test_batch_failures import BUG, ci_assess, clients, fault_env
from tests.conftest import INVALID


def test_a_bug_on_one_file_is_named_and_the_others_are_still_checked(tmp_path: Path) -> None:
    files = clients(tmp_path / "in", 3)
    broken = tmp_path / "in" / "broken.yaml"
    shutil.copy(INVALID / "level-out-of-range.yaml", broken)
    done = ci_assess(["validate", *files, str(broken)], fault_env(FAULT_BUG_VALIDATE="Client 1"))
    assert done.returncode == 3, done.stderr  # a bug outranks bad input (2)
    line = f"internal error: {files[1]}: RuntimeError: {BUG} — please report it"
    assert line in done.stderr
    assert "Traceback" not in done.stderr
    assert f"ok: {files[0]} (answers)" in done.stderr
    assert f"ok: {files[2]} (answers)" in done.stderr  # checked after the bug
    assert f"error: {broken}:" in done.stderr
    assert done.stderr.index(line) < done.stderr.index(f"ok: {files[2]}")  # in the files' order


def test_the_traceback_of_a_validation_bug_only_when_debugging(tmp_path: Path) -> None:
    files = clients(tmp_path / "in", 2)
    env = fault_env(FAULT_BUG_VALIDATE="Client 0", CI_ASSESS_DEBUG="1")
    done = ci_assess(["validate", *files], env)
    assert done.returncode == 3
    traceback_at = done.stderr.index("Traceback (most recent call last)")
    assert traceback_at < done.stderr.index(f"internal error: {files[0]}")
    assert f"ok: {files[1]} (answers)" in done.stderr


def test_bad_input_alone_still_exits_2(tmp_path: Path) -> None:
    files = clients(tmp_path / "in", 1)
    broken = tmp_path / "in" / "broken.yaml"
    shutil.copy(INVALID / "level-out-of-range.yaml", broken)
    assert ci_assess(["validate", *files, str(broken)], fault_env()).returncode == 2
    assert ci_assess(["validate", *files], fault_env()).returncode == 0
