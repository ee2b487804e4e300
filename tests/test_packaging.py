"""What we publish: the sdist and the wheel hold what they must, and the wheel works.

Both are built once per test run the way a release builds them (``python -m build``:
the sdist from the checkout, the wheel from the unpacked sdist), so a file the sdist
forgets fails here as it would for a user building from it.
"""

from __future__ import annotations

import email.parser
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import venv
import zipfile
from pathlib import Path
from typing import NamedTuple

import pytest

import ci_assess
from tests.conftest import EXAMPLE, ROOT


class Dists(NamedTuple):
    sdist: Path
    wheel: Path


@pytest.fixture(scope="module")
def dists(tmp_path_factory: pytest.TempPathFactory) -> Dists:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "-o", str(out), str(ROOT)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    return Dists(next(out.glob("ci_assess-*.tar.gz")), next(out.glob("ci_assess-*.whl")))


def sdist_names(sdist: Path) -> set[str]:
    """The sdist's paths, without the leading ``ci_assess-VERSION/``."""
    with tarfile.open(sdist) as archive:
        return {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}


def wheel_names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


@pytest.mark.slow
def test_the_sdist_has_the_license_changelog_docs_and_typing_marker(dists: Dists) -> None:
    names = sdist_names(dists.sdist)
    expected = {"LICENSE", "CHANGELOG.md", "README.md", "src/ci_assess/py.typed"}
    assert expected <= names
    assert "docs/github-actions.yml" in names
    assert {name for name in names if name.startswith("questionnaires/")}


@pytest.mark.slow
def test_the_wheel_has_the_license_and_typing_marker(dists: Dists) -> None:
    names = wheel_names(dists.wheel)
    dist_info = f"ci_assess-{ci_assess.__version__}.dist-info"
    assert f"{dist_info}/licenses/LICENSE" in names
    assert "ci_assess/py.typed" in names
    assert "ci_assess/questionnaires/customer-intimacy.yaml" in names
    # Translations: the French overlay, and the compiled catalogue with its template.
    assert "ci_assess/questionnaires/customer-intimacy.fr.yaml" in names
    assert "ci_assess/locale/fr/LC_MESSAGES/ci_assess.mo" in names
    assert "ci_assess/locale/ci_assess.pot" in names
    with zipfile.ZipFile(dists.wheel) as archive:
        license_text = archive.read(f"{dist_info}/licenses/LICENSE").decode()
    assert license_text == (ROOT / "LICENSE").read_text()


@pytest.mark.slow
def test_the_metadata_takes_its_version_from_the_package(dists: Dists) -> None:
    with zipfile.ZipFile(dists.wheel) as archive:
        metadata_name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        metadata = email.parser.Parser().parsestr(archive.read(metadata_name).decode())
    assert metadata["Version"] == ci_assess.__version__
    assert metadata["License-Expression"] == "MIT"
    assert metadata["Author"] == "The ci-assess authors"
    assert "Typing :: Typed" in metadata.get_all("Classifier", [])
    assert any(req.startswith("platformdirs") for req in metadata.get_all("Requires-Dist", []))


@pytest.mark.slow
def test_wheel_installs_and_finds_its_data(tmp_path: Path, dists: Dists) -> None:
    wheel = dists.wheel
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
    french = run("report", "client.yaml", "--lang", "fr")  # the shipped overlay and catalogue
    assert "Orientation et fixation des objectifs" in french and "44,2" in french


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
