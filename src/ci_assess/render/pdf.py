"""``--format pdf``: print the HTML report to PDF with a headless Chromium.

The HTML report already carries its print stylesheet (page breaks, no navigation,
page numbers), so the PDF is exactly what a browser's "Print to PDF" gives. Chromium
is not a Python dependency: it is looked up on PATH, and when it is missing the
error says what to install.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Literal

from ci_assess.errors import CiAssessError
from ci_assess.files.writing import replacing

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
INSTALL_HINT = (
    "install Debian's chromium package (apt-get install chromium), or Chromium or "
    "Google Chrome from your system's packages, so that one of "
    f"{', '.join(BROWSERS)} is on PATH; or write HTML and use the browser's Print to PDF"
)
TIMEOUT_SECONDS = 120
# Quiet, offline, throw-away: no first-run UI, no calls home, no shared profile.
_FLAGS = (
    "--headless",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--no-pdf-header-footer",
)
Paper = Literal["A4", "Letter"]


def find_browser() -> str | None:
    """The first Chromium-family browser on PATH, or None."""
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return None


def write_pdf(html: str, target: Path, paper: Paper = "A4", *, force: bool = False) -> None:
    """Print ``html`` to the PDF file ``target`` (replaced atomically; ``force``: even a
    read-only one), or into it when it is a stream (a named pipe, ``/dev/stdout``).

    Raises CiAssessError naming what to install when no Chromium is on PATH, with
    Chromium's own message when it fails, and InputError when ``target`` cannot be
    written.
    """
    # Chromium prints next to the target, then the PDF is renamed: a reader never
    # sees half of it, and it gets the mode any other report would.
    with replacing(target, force=force) as partial:
        browser = find_browser()
        if browser is None:
            raise CiAssessError(f"--format pdf needs a headless Chromium: {INSTALL_HINT}")
        with tempfile.TemporaryDirectory(prefix="ci-assess-pdf-") as work:
            page = Path(work) / "report.html"
            page.write_text(with_paper(html, paper), encoding="utf-8")
            _print(browser, page, partial, Path(work) / "profile")


def with_paper(html: str, paper: Paper) -> str:
    """``html`` with an ``@page`` size rule for ``paper``.

    Chromium's command line has no paper option and defaults to Letter; a CSS page
    size is the only way to choose. The report itself leaves the size to the
    browser, so that printing by hand works on either paper.
    """
    rule = f"<style>@page {{ size: {paper}; }}</style>"
    head_end = html.lower().find("</head>")
    if head_end < 0:
        return rule + html
    return html[:head_end] + rule + html[head_end:]


def _print(browser: str, page: Path, pdf: Path, profile: Path) -> None:
    """Run the browser once; turn every way it can fail into a CiAssessError."""
    command = [
        browser,
        *_FLAGS,
        *(["--no-sandbox"] if _is_root() else []),
        f"--user-data-dir={profile}",
        f"--print-to-pdf={pdf}",
        page.as_uri(),
    ]
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False
        )
    except subprocess.TimeoutExpired:
        raise CiAssessError(
            f"{browser} did not finish printing the PDF within {TIMEOUT_SECONDS} s"
        ) from None
    except OSError as exc:
        raise CiAssessError(f"cannot run {browser}: {exc.strerror}") from None
    if done.returncode != 0 or not _is_pdf(pdf):
        detail = _last_lines(done.stderr) or f"exit code {done.returncode}, no PDF written"
        raise CiAssessError(f"{browser} failed to print the PDF: {detail}")


def _is_root() -> bool:
    # Chromium refuses to start as root unless its sandbox is switched off (containers,
    # CI); a normal user keeps the sandbox.
    return hasattr(os, "geteuid") and os.geteuid() == 0


def _is_pdf(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(5) == b"%PDF-"
    except OSError:
        return False


def _last_lines(text: str, count: int = 3) -> str:
    """The end of the browser's stderr, where its error is (it logs a lot before)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return " | ".join(lines[-count:])
