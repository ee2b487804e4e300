"""The wheel ships the questionnaires and templates: install it in a fresh venv and use it."""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
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
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    _borrow_dependencies(python)
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
        [str(python), "-c", "import ci_assess.files.resources as r; print(r.questionnaires_dir())"],
        cwd=elsewhere, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert str(env_dir) in where, "the test must exercise the installed wheel"
    assert run("questionnaire", "list").startswith("customer-intimacy")
    run("report", "client.yaml", "-o", "client.html")
    assert (elsewhere / "client.html").read_text().startswith("<!DOCTYPE html>")


def _borrow_dependencies(python: Path) -> None:
    """Let the new venv import the test interpreter's packages (typer, pydantic, …).

    A ``.pth`` line appends the running interpreter's site-packages to the new venv's
    path: no download, and it works whether the tests run inside a venv or not
    (``system_site_packages`` would give the base interpreter's, without typer, in a
    venv). The venv's own site-packages stay first, and ``.pth`` files of the borrowed
    folder are not run, so an editable install of this checkout cannot shadow the wheel.
    """
    own = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    paths = dict.fromkeys([sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]])
    (Path(own) / "borrowed-dependencies.pth").write_text("\n".join(paths) + "\n")
