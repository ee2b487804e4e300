"""The interview at a real pseudo-terminal of 80 x 24, as a consultant types it.

Line editing (arrow keys, Home and End), ``e`` pre-filling a note, ``u`` restoring
the file on disk, compact mode, the review fitting the screen, Ctrl-C, and the resume
message after kill -9 in the middle of a note. Driven with pexpect; POSIX only.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pexpect  # in the [test] extra: never skipped for want of it
import pytest

from ci_assess.core.models.answers import Answer
from tests.conftest import interruptible
from tests.interview.test_interview import MINI, answers_in

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX"),
]

ROWS, COLUMNS = 24, 80
LEFT, HOME, END, UP = "\x1b[D", "\x1b[H", "\x1b[F", "\x1b[A"
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\x1b[=>]")


def spawn(folder: Path, *extra: str) -> Any:
    """A real interview on folder/pat.yaml (mini questionnaire) at an 80 x 24 terminal."""
    shutil.copy(MINI, folder / "mini.yaml")
    env = {**os.environ, "HOME": str(folder), "TERM": "xterm", "NO_COLOR": "1"}
    env.pop("COLUMNS", None)
    env.pop("LINES", None)
    args = ["-m", "ci_assess", "interview", "-o", "pat.yaml", "--questionnaire", "mini.yaml"]
    args += ["--company", "Acme", "--respondent", "Pat Lee", "--role", "CEO", *extra]
    # interruptible: a suite started in the background (SIGINT ignored) would pass the
    # ignored SIGINT on, and the Ctrl-C test would wait for an exit that never comes.
    return pexpect.spawn(
        sys.executable, args, cwd=folder, env=env, dimensions=(ROWS, COLUMNS),
        encoding="utf-8", timeout=60, preexec_fn=interruptible,
    )  # fmt: skip


@pytest.fixture
def child(tmp_path: Path) -> Iterator[Any]:
    proc = spawn(tmp_path, "--target", "cust")
    yield proc
    proc.close(force=True)


def screen_lines(text: str) -> list[str]:
    """What ``text`` puts on the screen, line by line, without the terminal's escapes."""
    return _ANSI.sub("", text).replace("\r", "").split("\n")


def test_arrow_keys_home_and_end_edit_the_note(child: Any, tmp_path: Path) -> None:
    child.expect("answer: ")
    child.send("3\r")
    child.expect(r"note \(Enter = none\): ")
    child.send(f"wrld{LEFT * 3}o{HOME}hello {END}!\r")
    child.expect("evidence")
    child.send("\r")
    child.expect("answer: ")

    assert answers_in(tmp_path / "pat.yaml") == {
        "direction.alpha": Answer(level=3, note="hello world!")
    }
    saved = (tmp_path / "pat.yaml").read_bytes()
    assert b"\x1b" not in saved and b"[D" not in saved
    assert not list(tmp_path.glob(".*history*"))  # the notes' history stays in memory


def test_e_prefills_u_restores_the_file_c_compacts_and_the_review_fits(
    child: Any, tmp_path: Path
) -> None:
    out = tmp_path / "pat.yaml"
    child.expect("answer: ")
    child.send("3\r")
    child.expect("note")
    child.send("first\r")
    child.expect("evidence")
    child.send("\r")
    child.expect("answer: ")
    child.send("b\r")
    child.expect("answer: ")
    child.send("e\r")  # only the note and evidence, the note pre-filled: typing appends
    child.expect("note")
    child.send(" and more\r")
    child.expect("evidence")
    child.send("deck\r")
    child.expect("answer: ")
    assert answers_in(out)["direction.alpha"] == Answer(
        level=3, note="first and more", evidence="deck"
    )

    child.send("u\r")
    child.expect("undone: direction.alpha is back to 3 Embedded · note: first")
    child.expect("answer: ")
    assert answers_in(out)["direction.alpha"] == Answer(level=3, note="first")

    child.send("c\r")
    child.expect("compact mode on")
    child.expect("0 Absent · 1 Ad hoc · 2 Developing · 3 Embedded · 4 Leading")
    child.expect("answer: ")
    assert "beta at level" not in child.before  # no descriptions in compact mode
    child.send("?\r")
    child.expect("alpha at level 4")  # '?' shows them
    child.expect("answer: ")

    child.send("r\r")
    child.expect("Review: ")
    child.expect("review: ")
    review = [line for line in screen_lines("Review: " + child.before) if line.strip()]
    assert len(review) + 1 <= ROWS  # and the prompt below it
    assert max(len(line) for line in review) <= COLUMNS
    assert any(line.lstrip().startswith("9") and "Readiness" in line for line in review)

    child.send("\x03")  # Ctrl-C at the review
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert answers_in(out)["direction.alpha"] == Answer(level=3, note="first")


def test_resume_after_kill_9_in_a_note_says_what_was_lost(tmp_path: Path) -> None:
    first = spawn(tmp_path, "--target", "2")
    try:
        first.expect("answer: ")
        first.send("2\r")
        first.expect("note")
        first.send("1\r")
        first.expect("evidence")
        first.send("\r")
        first.expect("answer: ")
        first.send("4\r")
        first.expect("note")
        first.send("typed but never confirmed")
        marker = tmp_path / ".pat.yaml.session"
        assert marker.read_text(encoding="utf-8") == "open: note\nquestion: direction.beta\n"
        first.kill(signal.SIGKILL)
        first.expect(pexpect.EOF)
    finally:
        first.close(force=True)

    second = spawn(tmp_path)
    try:
        # rich wraps the line at 80 columns: any white space between the words
        second.expect(r"Acme — Pat Lee \(CEO\): 2 of 15 answered; question 2 was saved\s+without")
        second.expect(r"the\s+note\s+you\s+had\s+started")
        second.expect("Resuming at question 3.")
        second.expect("answer: ")
    finally:
        second.close(force=True)
    assert answers_in(tmp_path / "pat.yaml")["direction.beta"] == Answer(level=4)


def test_up_recalls_this_sessions_notes_at_a_note_prompt_only(child: Any, tmp_path: Path) -> None:
    child.expect("answer: ")
    child.send("3\r")
    child.expect("note")
    child.send("weekly account reviews\r")
    child.expect("evidence")
    child.send("\r")
    child.expect("answer: ")
    child.send(f"{UP}2\r")  # no history at the answer prompt: the reply is just "2"
    child.expect("note")
    child.send(f"{UP}, minuted\r")  # the earlier note, recalled and extended
    child.expect("evidence")
    child.send("\r")
    child.expect("answer: ")
    assert answers_in(tmp_path / "pat.yaml") == {
        "direction.alpha": Answer(level=3, note="weekly account reviews"),
        "direction.beta": Answer(level=2, note="weekly account reviews, minuted"),
    }
