"""The wheel ships the questionnaires and templates: install it in a fresh venv and use it."""

from __future__ import annotations

import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, ROOT


@pytest.mark.slow
def test_wheel_installs_and_finds_its_data(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(ROOT)],
        check=True,
    )
    wheel = next(dist.glob("ci_assess-*.whl"))
    env_dir = tmp_path / "venv"
    # System site-packages provide the dependencies (no download); the venv's own
    # site-packages come first on sys.path, so the wheel shadows any source checkout.
    venv.create(env_dir, system_site_packages=True, with_pip=False)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "-q",
            "--no-deps",
            str(wheel),
        ],
        check=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(EXAMPLE, elsewhere / "client.yaml")

    def run(*args: str) -> str:
        done = subprocess.run(
            [str(env_dir / "bin" / "ci-assess"), *args],
            cwd=elsewhere, capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        return done.stdout

    where = subprocess.run(
        [str(python), "-c", "import ci_assess.resources as r; print(r.questionnaires_dir())"],
        cwd=elsewhere, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert str(env_dir) in where, "the test must exercise the installed wheel"
    assert run("questionnaire", "list").startswith("customer-intimacy")
    run("report", "client.yaml", "-o", "client.html")
    assert (elsewhere / "client.html").read_text().startswith("<!DOCTYPE html>")
