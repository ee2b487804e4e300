"""bench/phase_counts.py: its child runs every step of today's batch path on generated files.

The step counts in docs/performance.md come from this child; were a step to call a
helper no longer on the batch path, it would count nothing a user waits for.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

SCRIPT = ROOT / "bench" / "phase_counts.py"


@pytest.mark.parametrize("fmt", ["json", "html"])
def test_the_child_runs_every_step_and_writes_the_reports(tmp_path: Path, fmt: str) -> None:
    generated = subprocess.run(
        [sys.executable, "-c",
         "import sys; sys.path.insert(0, sys.argv[1]); import run; from pathlib import Path;"
         " run.generate(Path(sys.argv[2]), 3, 1)", str(ROOT / "bench"), str(tmp_path)],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert generated.returncode == 0, generated.stderr
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--child", "7", "2", fmt, str(tmp_path)],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    written = sorted(p.name for p in (tmp_path / f"out-{fmt}-7").iterdir())
    assert written == [f"0.{fmt}", f"1.{fmt}", "warm-up"]
    assert (
        (tmp_path / f"out-{fmt}-7" / f"0.{fmt}")
        .read_text()
        .startswith("<!" if fmt == "html" else "{")
    )
