"""The report command's HTML options: branding, custom templates and PDF output."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ci_assess.cli import app
from tests.browser_tools import need_chromium
from tests.conftest import DATA, EXAMPLE, ROOT

BRAND = DATA / "brand"


def invoke(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_branding_options_reach_the_html(runner: CliRunner) -> None:
    code, out, err = invoke(
        runner, "report", str(EXAMPLE), "-f", "html", "--firm", "Acme <Advisory>",
        "--accent", "#123abc", "--logo", str(BRAND / "logo.svg"),
    )  # fmt: skip
    assert code == 0, err
    assert "Acme &lt;Advisory&gt;" in out
    assert "#123abc" in out
    assert "data:image/svg+xml;base64," in out


def test_brand_config_and_option_override(runner: CliRunner) -> None:
    code, out, _ = invoke(
        runner, "report", str(EXAMPLE), "-f", "html",
        "--brand-config", str(BRAND / "brand.yaml"), "--firm", "Other Firm",
    )  # fmt: skip
    assert code == 0
    assert "Other Firm" in out
    assert "Harbour &amp; Reed" not in out
    assert "#0f6e63" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--accent", "red"], "--accent"),
        (["--logo", "no/such/logo.png"], "no/such/logo.png"),
        (["--brand-config", "no/such/brand.yaml"], "file not found"),
        (["--template", "no/such/folder"], "no/such/folder"),
        (["--paper", "B5", "--format", "pdf", "-o", "never-written.pdf"], "unknown paper size"),
        (["--format", "pdf"], "a PDF goes to a file"),
    ],
)
def test_bad_html_options_exit_2(runner: CliRunner, args: list[str], message: str) -> None:
    code, out, err = invoke(runner, "report", str(EXAMPLE), *args)
    assert code == 2
    assert out == ""
    assert message in err
    assert "Traceback" not in err


def test_bad_brand_config_names_file_and_line(runner: CliRunner, tmp_path: Path) -> None:
    config = tmp_path / "brand.yaml"
    config.write_text("firm: X\naccent: '#zzz'\n")
    code, _, err = invoke(
        runner, "report", str(EXAMPLE), "-f", "html", "--brand-config", str(config)
    )
    assert code == 2
    assert f"{config}:2" in err


def test_custom_template_folder(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "report.md.j2").write_text("Custom: {{ report.company }}\n")
    code, out, _ = invoke(runner, "report", str(EXAMPLE), "--template", str(tmp_path))
    assert code == 0
    assert out == "Custom: Northwind Traders\n"


def test_custom_template_missing_main_template(runner: CliRunner, tmp_path: Path) -> None:
    code, _, err = invoke(runner, "report", str(EXAMPLE), "-f", "html", "--template", str(tmp_path))
    assert code == 2
    assert "report.html.j2" in err


def test_custom_template_that_breaks(runner: CliRunner, tmp_path: Path) -> None:
    shutil.copy(ROOT / "report_templates" / "report.md.j2", tmp_path / "report.md.j2")
    with (tmp_path / "report.md.j2").open("a") as handle:
        handle.write("{{ report.no_such_field }}\n")
    code, out, err = invoke(runner, "report", str(EXAMPLE), "--template", str(tmp_path))
    assert code == 2
    assert out == ""
    assert "report.md.j2" in err


@pytest.mark.slow
def test_pdf_from_extension_and_batch(runner: CliRunner, tmp_path: Path) -> None:
    need_chromium()
    target = tmp_path / "northwind.pdf"
    code, _, err = invoke(runner, "report", str(EXAMPLE), "-o", str(target), "--paper", "Letter")
    assert code == 0, err
    assert target.read_bytes().startswith(b"%PDF-")
    code, _, err = invoke(
        runner, "report", str(EXAMPLE), "--out-dir", str(tmp_path / "o"), "-f", "pdf"
    )
    assert code == 0, err
    assert (tmp_path / "o" / "northwind.pdf").read_bytes().startswith(b"%PDF-")
    assert sorted(p.name for p in (tmp_path / "o").iterdir()) == ["northwind.pdf"]


def test_pdf_without_chromium_names_the_install(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no browser anywhere on PATH
    code, _, err = invoke(runner, "report", str(EXAMPLE), "-o", str(tmp_path / "r.pdf"))
    assert code == 2
    assert "apt-get install chromium" in err
    assert not (tmp_path / "r.pdf").exists()
