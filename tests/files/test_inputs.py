"""Bounded reads and hostile files: every one ends in exit 2 with a message, quickly.

The CLI cases run the real command in a subprocess (exit codes, streams, memory
limits); the rest call the reading functions directly.
"""

from __future__ import annotations

import io
import os
import resource
import socket
import subprocess
import sys
import threading
import types
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ci_assess.cli import app
from ci_assess.errors import InputError, UsageError
from ci_assess.files import inputs, yamlio
from ci_assess.files.loading import load_answers
from tests.conftest import EXAMPLE, VALID

HEAD = "questionnaire: customer-intimacy\ncompany: X\n"


def _run(*args: str, stdin: int | None = None, limit_memory: bool = False) -> tuple[int, str]:
    def cap() -> None:  # ulimit -v 1500000, as the reproduction
        resource.setrlimit(resource.RLIMIT_AS, (1_500_000 * 1024, 1_500_000 * 1024))

    done = subprocess.run(
        [sys.executable, "-m", "ci_assess", *args],
        stdin=stdin if stdin is not None else subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=cap if limit_memory else None,
        check=False,
    )
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr, done.stderr
    return done.returncode, done.stderr


def test_regular_file_over_the_limit_names_size_and_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    questionnaire = tmp_path / "q.yaml"  # 7.4 KiB, and a path no other test has cached
    questionnaire.write_bytes((VALID / "mini.yaml").read_bytes())
    path = tmp_path / "big.yaml"
    path.write_text(f"questionnaire: q.yaml\ncompany: X\nassessor: {'x' * 3000}\n")
    monkeypatch.setenv(inputs.LIMIT_ENV, "2048")
    with pytest.raises(InputError) as caught:
        load_answers(str(path))
    (problem,) = caught.value.problems
    assert problem.source == str(path)
    assert problem.message == "is 3 KiB, larger than the limit of 2 KiB"
    assert problem.hint is not None and inputs.LIMIT_ENV in problem.hint
    monkeypatch.setenv(inputs.LIMIT_ENV, "4096")  # the file is read; its questionnaire is not
    with pytest.raises(InputError) as caught:
        load_answers(str(path))
    (problem,) = caught.value.problems
    assert (problem.source, problem.line) == (str(path), 1)
    assert problem.message == (
        f"questionnaire {questionnaire}: is 7.4 KiB, larger than the limit of 4 KiB"
    )
    monkeypatch.setenv(inputs.LIMIT_ENV, "lots")
    with pytest.raises(UsageError, match="whole number of bytes"):
        load_answers(str(path))


def test_a_stream_is_read_up_to_the_limit_plus_one_byte(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[int] = []

    class Endless(io.RawIOBase):
        def readable(self) -> bool:
            return True

        def read(self, size: int = -1) -> bytes:
            asked.append(size)
            return b"a" * size

    monkeypatch.setattr(sys, "stdin", types.SimpleNamespace(buffer=Endless()))
    with pytest.raises(InputError, match="larger than the limit of 1 KiB"):
        inputs.read_input("-", limit=1024)
    assert asked == [1025]


def test_fifo_is_read(tmp_path: Path) -> None:
    fifo = tmp_path / "answers.fifo"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_bytes(EXAMPLE.read_bytes()))
    writer.start()
    assert inputs.read_input(str(fifo)) == EXAMPLE.read_bytes()
    writer.join()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.mkdir(), "is a folder, not a file"),
        (lambda p: (p.symlink_to(p.with_name("b")), p.with_name("b").symlink_to(p)),
         "is a symbolic link loop"),
        (lambda p: p.symlink_to(p.with_name("gone")), "is a symbolic link to a missing file"),
        (lambda p: socket.socket(socket.AF_UNIX).bind(str(p)), "is a socket, not a file"),
    ],
    ids=["folder", "link-loop", "dangling-link", "socket"],
)  # fmt: skip
def test_what_is_not_a_file_is_refused(tmp_path: Path, make: object, message: str) -> None:
    path = tmp_path / "a"
    make(path)  # type: ignore[operator]
    with pytest.raises(InputError, match=message):
        yamlio.read_text(str(path))


def test_devices_are_refused() -> None:
    with pytest.raises(InputError, match="is a character device"):
        yamlio.read_text("/dev/zero")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("company: x\n".encode("utf-16"), "is UTF-16 text: save it as UTF-8"),
        ("company: x\n".encode("utf-16-le"), "is UTF-16 text"),
        ("company: x\n".encode("utf-32"), "is UTF-32 text"),
        ("company: x\n".encode("utf-32-be"), "is UTF-32 text"),
        (b"company: x\x00\x01\n", "is a binary file"),
    ],
)
def test_wide_and_binary_encodings(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        yamlio.decode("a.yaml", data)


def test_latin1_says_line_column_and_how_to_convert() -> None:
    with pytest.raises(InputError) as caught:
        yamlio.decode("my file.yaml", b"company: X\nassessor: Ren\xe9 M\xfcller\n")
    (problem,) = caught.value.problems
    assert (problem.line, problem.column) == (2, 14)
    assert "looks like Latin-1" in problem.message
    assert (
        problem.hint
        == "save it as UTF-8, e.g. iconv -f latin1 -t utf-8 'my file.yaml' > 'my file.yaml'.utf8"
    )
    with pytest.raises(InputError) as caught:
        yamlio.decode("w.yaml", b"note: \x93quoted\x94\n")
    assert "-f windows-1252" in (caught.value.problems[0].hint or "")


def test_bom_and_crlf_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + EXAMPLE.read_bytes().replace(b"\n", b"\r\n"))
    assert load_answers(str(path)).answers == load_answers(str(EXAMPLE)).answers


def test_template_over_its_limit(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "report.md.j2").write_text("{{ report.company }}\n" + "x" * 2000)
    monkeypatch.setenv(inputs.LIMIT_ENV, "1024")  # for templates too
    result = runner.invoke(
        app, ["report", str(EXAMPLE), "--template", str(tmp_path), "--format", "md"]
    )
    assert result.exit_code == 2
    assert "report.md.j2: template is 2 KiB, larger than the limit of 1 KiB" in result.output


@pytest.mark.slow
def test_anchors_without_a_space_before_them_through_the_cli(tmp_path: Path) -> None:
    """libyaml reads an anchor right after a flow mapping's ':' or '?', and skips a
    byte-order mark at a line's start: such files were let through unscanned."""
    aliased = tmp_path / "aliased.yaml"
    for respondent in ('{"name":&who Pat, "role":*who}', "{?&who name : Pat, role: CEO}"):
        aliased.write_text(f"{HEAD}respondent: {respondent}\n")
        for command in ("report", "validate"):
            code, err = _run(command, str(aliased))
            assert code == 2, err
            assert f"{aliased}:3: anchors and aliases are not allowed in answers files" in err
            assert "hint: write the value out where it is used" in err
    deep = tmp_path / "deep.yaml"
    deep.write_text(f"{HEAD}assessor:\n\ufeff{'- ' * 70}x\n", encoding="utf-8")
    code, err = _run("report", str(deep))
    assert code == 2 and f"{deep}:4: is nested more than 64 levels deep" in err, err
    assert "hint: check the brackets and the indentation" in err


@pytest.mark.slow
def test_devices_and_endless_pipes_through_the_cli(tmp_path: Path) -> None:
    code, err = _run("report", "/dev/zero")
    assert code == 2 and "/dev/zero: is a character device" in err
    yes = subprocess.Popen(["yes", "a: b"], stdout=subprocess.PIPE)
    assert yes.stdout is not None
    code, err = _run("report", "-", stdin=yes.stdout.fileno())
    yes.kill()
    yes.wait()
    assert code == 2 and "<stdin>: is larger than the limit of 16 MiB" in err
    named = tmp_path / "a.yaml"
    named.write_text("questionnaire: /dev/zero\ncompany: X\n")
    code, err = _run("report", str(named))
    assert code == 2 and f"{named}:1: questionnaire /dev/zero: is a character device" in err


@pytest.mark.slow
def test_hostile_files_through_the_cli(tmp_path: Path) -> None:
    flood = tmp_path / "flood.yaml"  # 10 MB on one line, 5 million values
    flood.write_text("[" + "1," * 5_000_000 + "1]")
    code, err = _run("report", str(flood), limit_memory=True)
    assert code == 2 and "holds more than 250,000 values" in err
    wide = tmp_path / "wide.yaml"  # 10 MB on one line, in one value
    wide.write_text("{" + HEAD.replace("\n", ", ") + "assessor: " + "x" * 10_000_000 + ", bad: 1}")
    code, err = _run("report", str(wide), limit_memory=True)
    assert code == 2 and "unknown key 'bad'" in err and len(err) < 1000
    laughs = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    pairs = zip("abcdefgh", "bcdefghi", strict=True)
    laughs += [f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]" for p, c in pairs]
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(HEAD + "\n".join(laughs) + "\n")
    code, err = _run("report", str(bomb), limit_memory=True)
    assert code == 2 and f"{bomb}:3: anchors and aliases are not allowed in answers files" in err
    deep = tmp_path / "deep.yaml"
    deep.write_text(HEAD + "assessor: " + "[" * 10_000 + "]" * 10_000 + "\n")
    code, err = _run("validate", str(deep))
    assert code == 2 and f"{deep}:3: is nested more than 64 levels deep" in err
