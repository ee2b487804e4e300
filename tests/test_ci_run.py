"""`.ci/run` itself: what fails the run, and what runs in which order.

The script is run for real, in a copy of the repository's layout whose tools are
stand-ins: ``python3 -m venv`` makes a "venv" whose ``python``, ``ruff``, ``mypy`` and
``lint-imports`` log their arguments and exit with the code a test chooses. So these
tests check the script's control flow (a failing step fails the run, pytest's "no tests"
included), not the tools, which the real run exercises.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT

STUB = """#!/usr/bin/env bash
name=$(basename "$0")
printf '%s %s\\n' "$name" "$*" >> "$CI_LOG"
if [[ $name == python3 && $1 == -m && $2 == venv ]]; then
  mkdir -p "$3/bin"
  for tool in python ruff mypy lint-imports ci-assess; do cp "$0" "$3/bin/$tool"; done
  printf 'export PATH="%s/bin:$PATH"\\n' "$3" > "$3/bin/activate"
  exit 0
fi
case "$name $1 $2" in
  "python --version "*) echo "Python 3.stub" ;;
  "python -m pip") exit "${PIP_RC:-0}" ;;
  "python -m pytest") exit "${PYTEST_RC:-0}" ;;
  "mypy "*) exit "${MYPY_RC:-0}" ;;
  "lint-imports "*) exit "${LINT_IMPORTS_RC:-0}" ;;
  "ci-assess i18n check") exit "${I18N_RC:-0}" ;;
  "ci-assess report "*)
    [[ ${REPORT_RC:-0} -eq 0 ]] && echo '<!DOCTYPE html>' > "$4"
    exit "${REPORT_RC:-0}" ;;
esac
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A checkout with the real .ci/run, a no-op install-deps and stand-in tools."""
    (tmp_path / ".ci").mkdir()
    shutil.copy(ROOT / ".ci" / "run", tmp_path / ".ci" / "run")
    (tmp_path / ".ci" / "install-deps").write_text('echo install-deps >> "$CI_LOG"\n')
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    bin_dir = tmp_path / "stub-bin"
    bin_dir.mkdir()
    (bin_dir / "python3").write_text(STUB)
    (bin_dir / "python3").chmod(0o755)
    (tmp_path / "examples").mkdir()
    (tmp_path / "examples" / "northwind.yaml").write_text("company: x\n")
    # A checkout: the quick-start line runs in a copy of its tracked files.
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    subprocess.run(
        ["git", "-C", str(tmp_path), "add", ".ci", "pyproject.toml", "examples"], check=True
    )
    return tmp_path


def ci_run(repo: Path, **codes: int) -> tuple[int, list[str], str]:
    """Run the copied .ci/run; its exit code, the tools' log, and its stderr."""
    log = repo / "log"
    env = {
        **os.environ,
        "PATH": f"{repo / 'stub-bin'}{os.pathsep}{os.environ['PATH']}",
        "CI_LOG": str(log),
        "TMPDIR": str(repo),
        **{name: str(code) for name, code in codes.items()},
    }
    done = subprocess.run(
        ["bash", str(repo / ".ci" / "run")], env=env, capture_output=True, text=True, check=False
    )
    lines = log.read_text().splitlines() if log.exists() else []
    return done.returncode, [line.split(" /")[0].strip() for line in lines], done.stderr


def test_every_step_in_order(repo: Path) -> None:
    code, steps, stderr = ci_run(repo)
    assert code == 0, stderr
    assert steps == [
        "install-deps",
        "python3 -m venv",
        "python --version",
        "python -m pip install -e .[test]",
        "python -m pytest",
        "ruff format --check .",
        "ruff check .",
        "mypy",
        "lint-imports",
        "ci-assess i18n check customer-intimacy",
        "python -m pip install .",
        "ci-assess report examples/northwind.yaml -o northwind.html",
    ]
    assert not list(repo.glob("ci-assess-venv.*")), "the venv is removed afterwards"
    assert not list(repo.glob("ci-assess-copy.*")), "so is the checkout's copy"
    assert not (repo / "northwind.html").exists(), "the report is written in the copy"


def test_a_failing_quick_start_line_fails_it(repo: Path) -> None:
    code, steps, stderr = ci_run(repo, REPORT_RC=2)
    assert code == 2
    assert steps[-1] == "ci-assess report examples/northwind.yaml -o northwind.html"
    assert ".ci/run: all gates passed" not in stderr


def test_broken_layer_contracts_fail_it(repo: Path) -> None:
    code, steps, stderr = ci_run(repo, LINT_IMPORTS_RC=1)
    assert code == 1
    assert steps[-1] == "lint-imports"  # nothing after a failed gate
    assert ".ci/run: FAILED (exit 1): lint-imports" in stderr


def test_an_incomplete_translation_fails_it(repo: Path) -> None:
    code, steps, stderr = ci_run(repo, I18N_RC=1)
    assert code == 1
    assert steps[-1] == "ci-assess i18n check customer-intimacy"
    assert ".ci/run: FAILED (exit 1): ci-assess i18n check customer-intimacy" in stderr


@pytest.mark.parametrize("pytest_code", [1, 5])  # 5: pytest collected no test
def test_a_failing_or_empty_test_run_fails_it(repo: Path, pytest_code: int) -> None:
    code, steps, stderr = ci_run(repo, PYTEST_RC=pytest_code)
    assert code == pytest_code
    assert steps[-1] == "python -m pytest"  # no gate after it
    assert f".ci/run: FAILED (exit {pytest_code})" in stderr


def test_a_failed_install_fails_it_before_the_tests(repo: Path) -> None:
    """``set -e`` does not stop at a failure left of ``&&``: the script must."""
    code, steps, stderr = ci_run(repo, PIP_RC=1)
    assert code != 0
    assert steps[-1] == "python -m pip install -e .[test]"
    assert "the test line failed" in stderr


def test_a_failing_gate_fails_it(repo: Path) -> None:
    code, steps, _ = ci_run(repo, MYPY_RC=1)
    assert code == 1
    assert steps[-1] == "mypy"


def test_the_suite_runs_with_the_tools_required() -> None:
    text = (ROOT / ".ci" / "run").read_text()
    assert "export CI_ASSESS_REQUIRE_TOOLS=1" in text.splitlines()


# --- the tools the HTML checks need: skipped, or failed when required ------------------


@pytest.mark.parametrize(
    ("value", "outcome"), [("1", "failed"), ("yes", "failed"), ("0", "skipped"), (None, "skipped")]
)
def test_a_missing_tool_fails_when_required(
    value: str | None, outcome: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests import browser_tools

    if value is None:
        monkeypatch.delenv(browser_tools.REQUIRE_ENV, raising=False)
    else:
        monkeypatch.setenv(browser_tools.REQUIRE_ENV, value)
    monkeypatch.setenv("PATH", str(tmp_path))  # no java there
    expected = pytest.fail.Exception if outcome == "failed" else pytest.skip.Exception
    with pytest.raises(expected, match="java not found"):
        browser_tools.need_vnu()
