"""Writing reports: a file that cannot be written is a user error (exit 2) naming it.

Also: output folders, '-o -' for standard output, and the one 'error: ' printer.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ci_assess.app.batch import Headline, Outcome
from ci_assess.cli import app
from ci_assess.cli.views import summary
from ci_assess.errors import InputError, print_error
from ci_assess.files.writing import write_atomic
from tests.conftest import EXAMPLE


def invoke(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    assert not isinstance(result.exception, OSError), result.exception  # no traceback
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The working folder, holding a regular file 'afile' and an empty folder 'somedir'."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "afile").write_text("not a folder\n")
    (tmp_path / "somedir").mkdir()
    return tmp_path


def listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


# --- a write that fails ----------------------------------------------------------------


def test_out_dir_below_a_file_is_an_input_error(runner: CliRunner, here: Path) -> None:
    code, stdout, stderr = invoke(runner, "report", str(EXAMPLE), "-d", "afile/sub")
    assert code == 2
    assert stdout == ""
    assert "error: afile/sub: folder cannot be created: Not a directory\n  hint: " in stderr
    assert listing(here) == ["afile", "somedir"]


def test_output_below_a_file_is_an_input_error(runner: CliRunner, here: Path) -> None:
    code, _, stderr = invoke(runner, "report", str(EXAMPLE), "-o", "afile/x.md")
    assert code == 2
    assert "error: afile: folder cannot be created: File exists\n" in stderr
    assert listing(here) == ["afile", "somedir"]


def test_output_that_is_a_folder_is_an_input_error(runner: CliRunner, here: Path) -> None:
    code, _, stderr = invoke(runner, "report", str(EXAMPLE), "-o", "somedir", "-f", "md")
    assert code == 2
    assert stderr.startswith("error: somedir: cannot be written: Is a directory\n  hint: ")
    assert listing(here) == ["afile", "somedir"]  # no temporary file left behind


def test_a_write_failure_in_a_batch_spares_the_other_files(runner: CliRunner, here: Path) -> None:
    for name in ("acme", "zeta"):
        (here / "clients" / name).mkdir(parents=True)
        shutil.copy(EXAMPLE, here / "clients" / name / "ceo.yaml")
    (here / "out" / "acme" / "ceo.md").mkdir(parents=True)  # a folder where a report goes
    code, _, stderr = invoke(
        runner, "report", "clients/acme/ceo.yaml", "clients/zeta/ceo.yaml", "-d", "out"
    )
    assert code == 2
    assert "error: out/acme/ceo.md: cannot be written: Is a directory\n" in stderr
    assert "2 input(s), 1 report(s), 1 error(s)" in stderr
    assert (here / "out" / "zeta" / "ceo.md").read_text().startswith("# ")
    assert listing(here / "out") == ["acme", "acme/ceo.md", "zeta", "zeta/ceo.md"]


def test_write_atomic_turns_os_errors_into_input_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "answers.yaml"
    target.write_text("old\n")

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.fsync", full_disk)
    with pytest.raises(InputError) as caught:
        write_atomic(target, "new\n")
    assert caught.value.message.startswith(
        f"{target}: cannot be written: No space left on device\n  hint: "
    )
    assert target.read_text() == "old\n"
    assert listing(tmp_path) == ["answers.yaml"]


def test_write_atomic_into_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"folder '.*/no' does not exist"):
        write_atomic(tmp_path / "no" / "answers.yaml", "a: 1\n")


# --- '-o -' ------------------------------------------------------------------------------


def test_output_dash_is_standard_output(runner: CliRunner, here: Path) -> None:
    code, stdout, stderr = invoke(runner, "report", str(EXAMPLE), "-o", "-")
    assert code == 0, stderr
    assert stdout == invoke(runner, "report", str(EXAMPLE))[1]
    assert stdout.startswith("# ")
    code, stdout, _ = invoke(runner, "report", str(EXAMPLE), "-o", "-", "-f", "json")
    assert code == 0
    assert stdout.lstrip().startswith("{")
    assert listing(here) == ["afile", "somedir"]  # no file named '-'


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([str(EXAMPLE), str(EXAMPLE), "-o", "-"], "several inputs need --out-dir DIR"),
        ([str(EXAMPLE), "-o", "-", "-f", "pdf"], "a PDF goes to a file"),
        ([str(EXAMPLE), "-o", "-", "-d", "out"], "give --output or --out-dir, not both"),
    ],
)
def test_output_dash_usage_errors(
    runner: CliRunner, here: Path, args: list[str], message: str
) -> None:
    code, stdout, stderr = invoke(runner, "report", *args)
    assert code == 2
    assert stdout == ""
    assert stderr.startswith(f"error: {message}")
    assert listing(here) == ["afile", "somedir"]


# --- the summary and the error printer ------------------------------------------------


def failed_outcome(index: int) -> Outcome:
    return Outcome(f"f{index}.yaml", error=InputError.single(f"f{index}.yaml", "bad"))


def good_outcome(index: int) -> Outcome:
    headline = Headline("Co", 50.0, "2", "balanced", gated=False)
    return Outcome(f"g{index}.yaml", Path(f"g{index}.md"), headline)


def test_summary_builds_only_the_rows_it_shows(monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[str] = []
    row = summary._row

    def counting(o: Outcome) -> tuple[str, ...]:
        built.append(o.source)
        return row(o)

    monkeypatch.setattr(summary, "_row", counting)
    many = [failed_outcome(i) if i % 2 else good_outcome(i) for i in range(400)]
    tally = summary.Summary()
    for outcome in many:
        tally.add(outcome)
    limit = summary.FULL_TABLE_MAX_ROWS
    shown = [o.source for o in many[:limit]]
    shown += [o.source for o in many[limit:] if o.error is not None][: limit - limit // 2]
    assert built == shown
    assert (tally.total, tally.errors) == (400, 200)
    assert tally.table().row_count == limit

    built.clear()
    quiet = summary.Summary(tabled=False)
    for outcome in many:
        quiet.add(outcome)
    assert built == []
    assert (quiet.total, quiet.errors, quiet.gate_failures) == (400, 200, 0)


def test_one_error_printer() -> None:
    lines: list[str] = []
    error = InputError.single("a.yaml", "is wrong", line=3, hint="fix it")
    print_error(error, lines.append)
    assert lines == ["error: a.yaml:3: is wrong", "  hint: fix it"]
