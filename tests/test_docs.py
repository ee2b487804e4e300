"""The commands documented in docs/ (CI workflow, pre-commit hooks) really run."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from tests.conftest import EXAMPLE, INVALID, ROOT

DOCS = ROOT / "docs"


def engagement(tmp_path: Path) -> Path:
    """An engagement repository: clients/<name>/*.yaml."""
    for name in ("acme", "zeta"):
        (tmp_path / "clients" / name).mkdir(parents=True)
        shutil.copy(EXAMPLE, tmp_path / "clients" / name / "ceo.yaml")
    return tmp_path


def ci_assess(
    command: str, cwd: Path, extra: list[str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run a documented 'ci-assess …' line the way a shell would (globs expanded)."""
    words: list[str] = []
    for word in shlex.split(command)[1:]:
        matches = sorted(str(p.relative_to(cwd)) for p in cwd.glob(word)) if "*" in word else []
        words.extend(matches or [word])
    return subprocess.run(
        [sys.executable, "-m", "ci_assess", *words, *(extra or [])],
        cwd=cwd, capture_output=True, text=True, check=False,
    )  # fmt: skip


def workflow_commands() -> list[str]:
    steps = yaml.safe_load((DOCS / "github-actions.yml").read_text())["jobs"]["reports"]["steps"]
    return [s["run"] for s in steps if str(s.get("run", "")).startswith("ci-assess ")]


def test_workflow_commands_run(tmp_path: Path) -> None:
    repo = engagement(tmp_path)
    commands = workflow_commands()
    assert len(commands) == 3
    for command in commands:
        done = ci_assess(command, repo)
        assert done.returncode == 0, (command, done.stderr)
    assert sorted(p.name for p in (repo / "reports" / "acme").iterdir()) == ["ceo.html", "ceo.json"]


def test_workflow_gate_fails_a_broken_engagement(tmp_path: Path) -> None:
    repo = engagement(tmp_path)
    shutil.copy(INVALID / "unknown-question.yaml", repo / "clients" / "acme" / "cfo.yaml")
    done = ci_assess(workflow_commands()[0], repo)
    assert done.returncode == 2
    assert "unknown question id" in done.stderr


def run_hook(
    hook: dict[str, Any], repo: Path, changed: list[str]
) -> subprocess.CompletedProcess[str]:
    """Run a hook the way pre-commit does: its entry split into words, no shell, the
    changed files appended unless ``pass_filenames`` is false."""
    files = changed if hook.get("pass_filenames", True) else []
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    return subprocess.run(
        [*shlex.split(hook["entry"]), *files],
        cwd=repo, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip


def test_pre_commit_hooks_run(tmp_path: Path) -> None:
    repo = engagement(tmp_path)
    hooks = yaml.safe_load((DOCS / "pre-commit-config.yaml").read_text())["repos"][0]["hooks"]
    # One client's file changed: every report still lands in its client's folder.
    changed = ["clients/zeta/ceo.yaml"]
    for hook in hooks:
        assert all(re.search(hook["files"], f) for f in changed), hook["id"]
        done = run_hook(hook, repo, changed)
        assert done.returncode == 0, (hook["id"], done.stderr)
    reports = sorted(str(p.relative_to(repo)) for p in (repo / "reports").rglob("*"))
    assert reports == ["reports/acme", "reports/acme/ceo.md", "reports/zeta", "reports/zeta/ceo.md"]


def test_offered_hook_entry_is_a_real_command(tmp_path: Path) -> None:
    hook = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())[0]
    done = ci_assess(hook["entry"], ROOT, [str(EXAMPLE)])
    assert done.returncode == 0, done.stderr


def test_ci_runs_the_readme_test_line_verbatim() -> None:
    """A newcomer's copy of the quick-start test line is exactly what CI runs."""
    blocks = re.findall(r"```sh\n(.*?)```", (ROOT / "README.md").read_text(), re.S)
    test_line = next(b.strip() for b in blocks if "pytest" in b)
    ci_lines = (ROOT / ".ci" / "run").read_text().splitlines()
    assert test_line in ci_lines


def test_ci_runs_the_readme_quick_start_line_verbatim() -> None:
    """The first quick-start line (install, write the example's report) runs in CI too."""
    blocks = re.findall(r"```sh\n(.*?)```", (ROOT / "README.md").read_text(), re.S)
    first = next(b.strip() for b in blocks if "ci-assess report" in b)
    assert first.startswith("python -m pip install . && ")
    ci_lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()]
    assert first in ci_lines


def test_pre_commit_runs_the_gates_of_ci() -> None:
    """The repository's own pre-commit hooks are the gates .ci/run runs, word for word,
    with the venv's tools (language: system: nothing downloaded)."""
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    hooks = [hook for repo in config["repos"] for hook in repo["hooks"]]
    ci_lines = {line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()}
    assert [hook["id"] for hook in hooks] == ["ruff-format", "ruff-check", "mypy", "lint-imports"]
    for hook in hooks:
        assert config["repos"][0]["repo"] == "local"
        assert hook["language"] == "system"
        assert hook["pass_filenames"] is False  # the whole tree, as CI checks it
        assert hook["entry"] in ci_lines, hook["id"]


_TEST_PATH = re.compile(r"\btests/[\w/]+\.py\b")


def test_every_test_file_named_in_code_and_docs_exists() -> None:
    """Docstrings and docs that point at a test point at one that is there (tests move)."""
    texts = [ROOT / "README.md", ROOT / "CHANGELOG.md"]
    for folder, pattern in (("src", "*.py"), ("docs", "*.md"), ("schemas", "*"), ("bench", "*.py"),
                            (".ci", "*"), ("tests", "*.py"), ("tests", "*.md")):  # fmt: skip
        texts += [p for p in (ROOT / folder).rglob(pattern) if p.is_file()]
    missing = sorted(
        f"{text.relative_to(ROOT)}: {name}"
        for text in texts
        for name in set(_TEST_PATH.findall(text.read_text(encoding="utf-8", errors="replace")))
        if not (ROOT / name).is_file()
    )
    assert missing == []
