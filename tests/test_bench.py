"""bench/run.py: its in-process timings run today's load path; ``--only`` picks figures.

A step that calls a helper no longer on that path (or no longer there at all) would
measure nothing a user waits for; this runs the child that times the steps. The
figure keys that ``--only`` accepts must be the figures the bench builds.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

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


def _bench() -> Any:
    """bench/run.py as a module (it is a script, not a package)."""
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_run"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def test_only_knows_every_figure_and_nothing_else() -> None:
    bench = _bench()
    tool = bench.Tool(Path("venv"), Path(), {})
    names = [f"in/c{i:05d}.yaml" for i in range(3)]
    built = [f.key for f in [*bench.startup_figures(tool), *bench.batch_figures(tool, names)]]
    assert [*built, *bench.RSS_KEYS] == list(bench.FIGURE_KEYS)
    figures = [*bench.startup_figures(tool), *bench.batch_figures(tool, names)]
    chosen = bench.selected(figures, ["batch-html-per-file", "version"])
    assert [f.key for f in chosen] == ["version", "batch-html-per-file"]
    assert bench.selected(figures, None) == figures


def test_only_refuses_unknown_figures_and_a_partial_docs_block(
    capsys: pytest.CaptureFixture[str],
) -> None:
    bench = _bench()
    args = bench.parse_args(["--only", "report,rss-html"])
    assert args.only == ["report", "rss-html"] and not args.skip_rss
    assert bench.parse_args(["--only", "report"]).skip_rss
    for argv in (["--only", "reprot"], ["--only", "version", "--write-docs"]):
        with pytest.raises(SystemExit) as stopped:
            bench.parse_args(argv)
        assert stopped.value.code == 2
    assert "--write-docs records every figure" in capsys.readouterr().err


def test_every_guarded_command_is_one_the_bench_runs() -> None:
    bench = _bench()
    tool = bench.Tool(Path("venv"), Path(), {})
    figures = [*bench.startup_figures(tool), *bench.batch_figures(tool, ["a.yaml", "b.yaml"])]
    keys = {c.key for f in figures for c in f.commands()}
    guarded = {k for k in keys if bench.forbidden_imports(k) is not None}
    assert guarded == {"version", "help", "report-html", "batch-json-2", "batch-json-1",
                       "batch-html-2", "batch-html-1"}  # fmt: skip
    assert "babel" in bench.forbidden_imports("report-html")


def test_the_import_guard_sees_what_a_command_imports(tmp_path: Path) -> None:
    # The guard must fail on a command that loads a forbidden package, and pass otherwise.
    bench = _bench()
    tool = bench.Tool(Path(sys.prefix), tmp_path, {"PATH": "/usr/bin:/bin"})
    clean = bench.Command("report-html", (sys.executable, "-c", "import json"))
    dirty = bench.Command("batch-html-41", (sys.executable, "-c", "import babel.numbers"))
    assert "json" in bench.imported_packages(clean, tool)
    rows = bench.import_guards([clean, dirty], tool)
    assert [(r["command"], r["imported"], r["passed"]) for r in rows] == [
        ("report-html", [], True),
        ("batch-html-41", ["babel"], False),
    ]
    assert "| `batch-html-41` | babel, sqlalchemy, alembic | babel | **FAIL** |" in (
        bench.guards_table(rows)
    )
