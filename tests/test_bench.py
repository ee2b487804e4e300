"""bench/run.py's in-process timings (``--phases``) run the load path as it is today.

A step that calls a helper no longer on that path (or no longer there at all) would
measure nothing a user waits for; this runs the child that times the steps.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import EXAMPLE, ROOT


def test_the_phases_child_times_every_step_on_a_real_answers_file(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--phases-child", str(tmp_path / "out"),
         str(EXAMPLE)],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    seconds = json.loads(done.stdout)
    assert list(seconds) == [
        "read", "parse", "validate", "score", "render json", "render html", "write", "baseline",
    ]  # fmt: skip
    assert all(value >= 0 for value in seconds.values())
    assert (tmp_path / "out" / "0.html").read_text().startswith("<!")
