"""Find the external tools the HTML checks run: Chromium, Java with the Nu checker, Node,
and poppler (pdfinfo, pdftotext) for the printed report's pages.

Each ``need_*`` returns the tool or skips the calling test with a reason that names
what to install (pytest's ``-ra`` lists it as SKIPPED). ``.ci/install-deps`` installs
all of them, and ``.ci/run`` sets ``CI_ASSESS_REQUIRE_TOOLS=1``, which turns a missing
tool into a failure instead of a skip.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any, NoReturn

import pytest

from ci_assess.render.pdf import find_browser

BROWSER_DIR = Path(__file__).parent / "browser"
NODE_MODULES = BROWSER_DIR / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
INSTALL = "run .ci/install-deps"


REQUIRE_ENV = "CI_ASSESS_REQUIRE_TOOLS"


def tools_required() -> bool:
    """Whether a missing tool fails its tests: CI_ASSESS_REQUIRE_TOOLS set (not to 0).

    .ci/run sets it, after .ci/install-deps: in CI a skipped check would be a check
    that silently did not run.
    """
    return os.environ.get(REQUIRE_ENV, "") not in {"", "0"}


def _missing(reason: str) -> NoReturn:
    if tools_required():
        pytest.fail(f"{reason} ({REQUIRE_ENV} is set)")
    pytest.skip(reason)


def need_chromium() -> str:
    """Path of a Chromium-family browser, or skip."""
    found = find_browser()
    if found is None:
        _missing(f"no chromium on PATH: apt-get install chromium, or {INSTALL}")
    return found


def need_poppler() -> tuple[str, str]:
    """Paths of poppler's pdfinfo and pdftotext (Debian's poppler-utils), or skip."""
    found = shutil.which("pdfinfo"), shutil.which("pdftotext")
    if None in found:
        _missing(f"pdfinfo/pdftotext not found: apt-get install poppler-utils, or {INSTALL}")
    info, text = found
    assert info is not None and text is not None
    return info, text


def need_node_packages() -> str:
    """Path of node, with tests/browser's packages installed, or skip."""
    node = shutil.which("node")
    if node is None:
        _missing(f"node not found: install Node.js 18+, then {INSTALL}")
    for package in ("playwright-core", "axe-core"):
        if not (NODE_MODULES / package).is_dir():
            _missing(f"npm package {package} missing in {BROWSER_DIR}: {INSTALL}")
    return node


def need_vnu() -> list[str]:
    """The command that runs the W3C Nu HTML checker, or skip."""
    java = shutil.which("java")
    if java is None:
        _missing(f"java not found: apt-get install default-jre-headless, or {INSTALL}")
    if not VNU_JAR.is_file():
        _missing(f"vnu.jar missing (npm package vnu-jar in {BROWSER_DIR}): {INSTALL}")
    return [java, "-jar", str(VNU_JAR)]


def nu_check(files: list[Path]) -> list[dict[str, Any]]:
    """Run the Nu checker on ``files``; return its error messages (empty when valid)."""
    command = [*need_vnu(), "--errors-only", "--format", "json", "--stdout", *map(str, files)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"the Nu checker gave no JSON (exit {done.returncode}): {done.stderr}")
    return [m for m in report["messages"] if m.get("type") in {"error", "non-document-error"}]


def browser_check(job: dict[str, Any], work: Path) -> dict[str, Any]:
    """Run tests/browser/check.js on ``job`` (see its header) and return its JSON."""
    node = need_node_packages()
    job = {"chromium": need_chromium(), **job}
    job_file = work / "job.json"
    job_file.write_text(json.dumps(job), encoding="utf-8")
    done = subprocess.run(
        [node, str(BROWSER_DIR / "check.js"), str(job_file)],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    if done.returncode != 0:
        pytest.fail(f"check.js failed (exit {done.returncode}):\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout)
    return result
