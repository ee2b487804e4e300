"""--format pdf: a headless Chromium prints the HTML report; clear errors without one."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ci_assess.app.assess import assess
from ci_assess.cli import app
from ci_assess.errors import CiAssessError, InputError
from ci_assess.files import writing
from ci_assess.render import Format, renderer_for
from ci_assess.render.pdf import with_paper, write_pdf
from tests.browser_tools import need_chromium
from tests.conftest import EXAMPLE

HTML = "<!DOCTYPE html><html><head><title>t</title></head><body><p>x</p></body></html>"


def fake_browser(folder: Path, script: str) -> None:
    """Put a stand-in 'chromium' on PATH that runs ``script`` (sh)."""
    exe = folder / "chromium"
    exe.write_text(f"#!/bin/sh\n{script}\n")
    exe.chmod(exe.stat().st_mode | stat.S_IXUSR)


@pytest.fixture
def only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty folder that is the whole PATH: no browser anywhere."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    monkeypatch.setenv("PATH", str(bin_dir))
    return bin_dir


def test_without_chromium_the_error_names_what_to_install(only: Path, tmp_path: Path) -> None:
    with pytest.raises(CiAssessError) as caught:
        write_pdf(HTML, tmp_path / "r.pdf")
    assert "apt-get install chromium" in caught.value.message
    assert not (tmp_path / "r.pdf").exists()


def test_a_failing_browser_is_reported_and_leaves_nothing(only: Path, tmp_path: Path) -> None:
    fake_browser(only, 'echo "noise" >&2; echo "FATAL: cannot open display" >&2; exit 3')
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(CiAssessError, match=r"failed to print the PDF: .*cannot open display"):
        write_pdf(HTML, out / "r.pdf")
    assert list(out.iterdir()) == []


def test_a_browser_that_writes_no_pdf_is_an_error(only: Path, tmp_path: Path) -> None:
    fake_browser(only, "exit 0")
    with pytest.raises(CiAssessError, match="exit code 0, no PDF written"):
        write_pdf(HTML, tmp_path / "r.pdf")


def test_the_pdf_replaces_the_target_in_one_step(only: Path, tmp_path: Path) -> None:
    # The stand-in writes a PDF to the --print-to-pdf= path it is given.
    fake_browser(
        only,
        'for a in "$@"; do case "$a" in --print-to-pdf=*) printf "%%PDF-1.4 fake" > "${a#*=}";; '
        "esac; done",
    )
    target = tmp_path / "r.pdf"
    target.write_text("old")
    write_pdf(HTML, target)
    assert target.read_bytes() == b"%PDF-1.4 fake"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bin", "r.pdf"]


def test_missing_target_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        write_pdf(HTML, tmp_path / "no" / "r.pdf")


def test_paper_size_goes_into_the_page_rule() -> None:
    assert with_paper(HTML, "Letter").count("@page { size: Letter; }</style></head>") == 1
    assert with_paper("<p>bare</p>", "A4").startswith("<style>@page { size: A4; }")


def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


@pytest.mark.slow
@pytest.mark.parametrize(("paper", "size"), [("A4", (595, 842)), ("Letter", (612, 792))])
def test_real_pdf_of_the_example(tmp_path: Path, paper: str, size: tuple[int, int]) -> None:
    need_chromium()
    html = renderer_for(Format.html).render(assess(str(EXAMPLE)))
    target = tmp_path / "northwind.pdf"
    write_pdf(html, target, paper="A4" if paper == "A4" else "Letter")
    data = target.read_bytes()
    assert data.startswith(b"%PDF-")
    assert _pages(data) >= 8, "one page per section at least"
    box = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)", data)
    assert box, "a page size"
    assert (round(float(box[1])), round(float(box[2]))) == size
    assert [p.name for p in tmp_path.iterdir()] == ["northwind.pdf"]


PRINTS = (  # a stand-in that writes a PDF to the --print-to-pdf= path it is given
    'for a in "$@"; do case "$a" in --print-to-pdf=*) printf "%%PDF-1.4 fake" > "${a#*=}";; '
    "esac; done"
)


@pytest.fixture
def umask_022() -> Iterator[None]:
    previous = os.umask(0o022)
    writing._umask.cache_clear()  # read once per process: read it again
    try:
        yield
    finally:
        os.umask(previous)
        writing._umask.cache_clear()


@pytest.mark.usefixtures("umask_022")
def test_pdfs_get_ordinary_permissions_and_keep_existing_ones(only: Path, tmp_path: Path) -> None:
    fake_browser(only, PRINTS)
    fresh = tmp_path / "fresh.pdf"
    write_pdf(HTML, fresh)
    assert fresh.stat().st_mode & 0o777 == 0o644
    kept = tmp_path / "kept.pdf"
    kept.write_text("old")
    kept.chmod(0o640)
    write_pdf(HTML, kept)
    assert kept.read_bytes() == b"%PDF-1.4 fake"
    assert kept.stat().st_mode & 0o777 == 0o640


def test_an_unwritable_pdf_is_an_input_error(only: Path, tmp_path: Path, runner: CliRunner) -> None:
    fake_browser(only, PRINTS)
    (tmp_path / "r.pdf").mkdir()  # a folder where the PDF goes
    with pytest.raises(InputError, match=r"r\.pdf: is a folder, not a file"):
        write_pdf(HTML, tmp_path / "r.pdf")
    result = runner.invoke(app, ["report", str(EXAMPLE), "-o", str(tmp_path / "r.pdf")])
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"error: {tmp_path / 'r.pdf'}: is a folder, not a file that can be written\n  hint: "
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bin", "r.pdf"]
