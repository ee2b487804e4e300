"""The suite is hermetic: tests and the processes they start keep to temporary folders.

Nothing is written under the user's real home (the compiled-template cache would be
the first thing there), and the developer's own CI_ASSESS_* settings do not change
what the tests see.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import platformdirs
import pytest
from typer.testing import CliRunner

from ci_assess.cli import app
from ci_assess.files import paths
from ci_assess.render import compiled
from tests.conftest import EXAMPLE, KEPT_TOOL_VARIABLES, REAL_CACHE, REAL_HOME, ROOT, TOOL_PREFIX


def written_since(folder: Path, names: set[str], start: float) -> list[str]:
    """Which of ``names`` in ``folder`` (the real cache) were written at or after ``start``.

    Only the files this checkout's run writes are looked at: other checkouts on the
    machine may be writing their own into the real cache at the same time.
    """
    return sorted(
        name
        for name in names
        if (folder / name).exists() and (folder / name).stat().st_mtime >= start
    )


def cache_files(cache_root: Path) -> dict[str, set[str]]:
    """The compiled-template files below a ``ci-assess`` cache folder, by sub-folder."""
    return {
        sub.name: {f.name for f in sub.iterdir()} for sub in cache_root.iterdir() if sub.is_dir()
    }


def run_report(tmp_path: Path, env: dict[str, str]) -> float:
    """``ci-assess report`` to HTML in a subprocess; the time it started."""
    start = tmp_path.stat().st_mtime - 1  # the file system's clock, one second of slack
    done = subprocess.run(
        [sys.executable, "-m", "ci_assess", "report", str(EXAMPLE), "-o", str(tmp_path / "r.html")],
        capture_output=True, text=True, check=False, env=env, cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return start


def test_the_user_folders_are_temporary(tmp_path_factory: pytest.TempPathFactory) -> None:
    base = tmp_path_factory.getbasetemp()
    for folder in (
        Path.home(),
        paths.cache_dir(),
        paths.data_dir(),
        Path(platformdirs.user_config_dir("ci-assess", appauthor=False)),
        compiled.cache_folder(),
    ):
        assert folder.is_relative_to(base), folder
    assert Path.home() != REAL_HOME


def test_a_subprocess_keeps_its_cache_in_the_temporary_folder(tmp_path: Path) -> None:
    cache = Path(os.environ["XDG_CACHE_HOME"]) / "ci-assess"
    start = run_report(tmp_path, dict(os.environ))
    written = cache_files(cache)
    assert written, "the report compiled no template into the test's cache"
    for sub, names in written.items():
        assert written_since(REAL_CACHE / sub, names, start) == []


def test_without_xdg_the_cache_goes_to_the_redirected_home(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
    start = run_report(tmp_path, env)
    written = cache_files(Path(env["HOME"]) / ".cache" / "ci-assess")
    assert written
    for sub, names in written.items():
        assert written_since(REAL_HOME / ".cache" / "ci-assess" / sub, names, start) == []


def test_in_process_commands_use_the_temporary_cache(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["report", str(EXAMPLE), "-o", str(tmp_path / "r.html")])
    assert result.exit_code == 0, result.stderr
    assert compiled.cache_folder().is_relative_to(os.environ["XDG_CACHE_HOME"])


def test_the_tools_variables_are_removed() -> None:
    """Run again by ``test_a_developers_settings_do_not_reach_the_tests`` in a subprocess
    whose environment sets them."""
    leftover = [v for v in os.environ if v.startswith(TOOL_PREFIX)]
    assert set(leftover) <= KEPT_TOOL_VARIABLES


@pytest.mark.slow
def test_a_developers_settings_do_not_reach_the_tests(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "CI_ASSESS_DEBUG": "1",
        "CI_ASSESS_NO_TEMPLATE_CACHE": "1",
        "CI_ASSESS_REQUIRE_TOOLS": "1",
        "FORCE_COLOR": "1",
    }
    here = Path(__file__).relative_to(ROOT)
    tests = [
        f"{here}::{name}"
        for name in (
            "test_the_tools_variables_are_removed",
            "test_sets_a_tool_variable_itself",
            "test_finds_no_tool_variable_set_by_the_test_before",
        )
    ]
    done = subprocess.run(
        [sys.executable, "-m", "pytest", *tests, "-q", "-p", "no:cacheprovider", "--no-cov"],
        cwd=ROOT, capture_output=True, text=True, check=False, env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "3 passed" in done.stdout


def test_sets_a_tool_variable_itself() -> None:
    os.environ["CI_ASSESS_DEBUG"] = "1"  # as main() does for --debug


def test_finds_no_tool_variable_set_by_the_test_before() -> None:
    """The test above set it directly, past monkeypatch: the fixture still removed it."""
    assert "CI_ASSESS_DEBUG" not in os.environ
