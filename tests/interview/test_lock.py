"""One interview per answers file (interview/lock.py), and what else guards the interview:
the answers file's target (links, read-only, devices) and the limit on invalid piped replies.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import socket
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ci_assess.cli import app
from ci_assess.errors import InputError
from ci_assess.files import inputs
from ci_assess.interview import lock
from ci_assess.interview.prompts import INVALID_REPLY_LIMIT, ReplyLimit
from ci_assess.interview.session import Outcome, run_interview
from tests.conftest import EXAMPLE
from tests.interview.test_interview import (
    FIRST_THREE,
    FIRST_THREE_SAVED,
    META,
    Script,
    answers_in,
    feed,
    interview_command,
    level,
    options,
    run,
    start_interview,
    wait_until_saved,
)

# --- two real interviews on one file -------------------------------------------------


@pytest.mark.slow
def test_a_second_interview_is_refused_until_the_first_dies(tmp_path: Path) -> None:
    out = tmp_path / "pat.yaml"
    first = start_interview(out)
    try:
        feed(first.stdin, [*META, *FIRST_THREE])
        wait_until_saved(first, out, FIRST_THREE_SAVED)  # now waiting at a prompt
        second = subprocess.run(
            interview_command(out), input="q\n", capture_output=True, text=True,
            cwd=tmp_path, timeout=120, check=False,
        )  # fmt: skip
        assert second.returncode == 2
        since = dt.datetime.now().strftime("%H:")  # the minute may have turned meanwhile
        prefix = f"error: {out}: in use by PID {first.pid} on host {socket.gethostname()} since "
        assert second.stderr.startswith(prefix + since), second.stderr
        assert "\n  hint: another interview is saving to this file" in second.stderr
        assert answers_in(out) == FIRST_THREE_SAVED  # the refused one wrote nothing
    finally:
        first.send_signal(signal.SIGKILL)  # the kernel releases the lock of a dead process
        first.wait(timeout=120)
        assert first.stdin is not None
        first.stdin.close()
    third = subprocess.run(
        interview_command(out), input="q\n", capture_output=True, text=True,
        cwd=tmp_path, timeout=120, check=False,
    )  # fmt: skip
    assert third.returncode == 0, third.stderr
    assert f"saved and stopped: {out} holds 3 of 15 answered" in third.stderr


def test_the_lock_is_held_for_the_session_and_names_its_holder(tmp_path: Path) -> None:
    out = tmp_path / "pat.yaml"
    seen: list[str] = []

    def try_second(_: str) -> None:
        if seen:
            return
        with pytest.raises(InputError) as caught, lock.hold(out):
            pass  # pragma: no cover - never reached: the interview holds the lock
        seen.append(caught.value.message)

    result = run_interview(options(out), Script([*META, "q"], on_ask=try_second))
    assert result.outcome is Outcome.PAUSED
    assert seen[0].startswith(f"{out}: in use by PID {os.getpid()} on host ")
    with lock.hold(out) as held:  # released at the end
        assert held == tmp_path / ".pat.yaml.lock"
        assert f"pid: {os.getpid()}\n" in held.read_text()
    assert held.read_text() == ""  # no holder any more; the file stays


def test_holder_text() -> None:
    today = dt.date(2026, 11, 20)
    holder = {"pid": "4711", "host": "X", "started": "2026-11-20T10:42:13+00:00"}
    when = dt.datetime.fromisoformat(holder["started"]).astimezone()
    clock = when.strftime("%H:%M")
    expected = clock if when.date() == today else f"{when.date()} {clock}"
    assert lock.holder_text(holder, today) == f"PID 4711 on host X since {expected}"
    later = today + dt.timedelta(days=2)
    assert lock.holder_text(holder, later) == f"PID 4711 on host X since {when.date()} {clock}"
    assert lock.holder_text({}) == "another interview"  # it has not written its line yet
    assert lock.holder_text({"pid": "1", "started": "garbage"}) == "PID 1"


def test_no_lock_in_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"folder '.*/no' does not exist"):
        run(tmp_path / "no" / "pat.yaml", META)


# --- the answers file's target -----------------------------------------------------------


def test_an_interview_through_a_symlink_updates_the_real_file(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    real = tmp_path / "real" / "pat.yaml"
    link = tmp_path / "pat.yaml"
    link.symlink_to(real)
    with pytest.raises(InputError, match=r"is a symbolic link to .* which does not exist"):
        run(link, META)
    run(real, [*META, *level(3), "q"])
    result, _ = run(link, [*level(1), "q"])
    assert result.outcome is Outcome.PAUSED
    assert link.is_symlink()
    assert [a.level for a in answers_in(real).values()] == [3, 1]
    assert (tmp_path / "real" / ".pat.yaml.lock").exists()  # beside the real file
    assert not (tmp_path / ".pat.yaml.lock").exists()


def test_a_read_only_answers_file_is_refused_before_the_first_question(tmp_path: Path) -> None:
    out = tmp_path / "pat.yaml"
    run(out, [*META, *level(3), "q"])
    out.chmod(0o444)
    script = Script([*level(1), "q"])
    with pytest.raises(InputError) as caught:
        run_interview(options(out), script)
    assert caught.value.message.startswith(f"{out}: is read-only (mode 0444)\n  hint: make it")
    assert "--force" not in caught.value.message  # the interview has no such option
    assert script.asked == []


def test_a_device_is_no_answers_file() -> None:
    with pytest.raises(InputError, match="is a device or a pipe, not a file"):
        run(Path("/dev/null"), META)


# --- invalid piped replies -----------------------------------------------------------------


def test_twenty_invalid_replies_in_a_row_end_the_interview(tmp_path: Path) -> None:
    out = tmp_path / "pat.yaml"
    # 19 invalid, one valid (the count starts again), then the limit.
    replies = [*META, *["x"] * (INVALID_REPLY_LIMIT - 1), *level(2)]
    replies += ["9"] * INVALID_REPLY_LIMIT + ["never asked"]
    script = Script(replies)
    result = run_interview(options(out), ReplyLimit(script))
    assert result.outcome is Outcome.GAVE_UP
    assert list(script.replies) == ["never asked"]
    assert [a.level for a in answers_in(out).values()] == [2]  # saved
    assert result.message().startswith(
        f"error: stopped after {INVALID_REPLY_LIMIT} invalid replies in a row"
    )


@pytest.mark.slow
def test_piped_invalid_replies_exit_2_with_the_file_saved(tmp_path: Path) -> None:
    out = tmp_path / "pat.yaml"
    done = subprocess.run(
        interview_command(out), input="\n".join([*META, *["maybe"] * 30]) + "\n",
        capture_output=True, text=True, cwd=tmp_path, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert "error: stopped after 20 invalid replies in a row" in done.stderr
    assert f"resume with: ci-assess interview -o {out}" in done.stderr
    assert answers_in(out) == {}
    assert done.stdout.count("not an answer: 'maybe'") == 20


# --- a lock file is never read as an answers file ------------------------------------------


def test_is_lock_file() -> None:
    assert inputs.is_lock_file("clients/acme/.ceo.yaml.lock")
    assert not inputs.is_lock_file("clients/acme/ceo.yaml")
    assert not inputs.is_lock_file(".lock")
    assert not inputs.is_lock_file("ceo.lock")


def test_report_and_validate_skip_lock_files(runner: CliRunner, tmp_path: Path) -> None:
    shutil.copy(EXAMPLE, tmp_path / "ceo.yaml")
    with lock.hold(tmp_path / "ceo.yaml"):
        pass
    swept = [str(tmp_path / ".ceo.yaml.lock"), str(tmp_path / "ceo.yaml")]  # a dotglob
    done = runner.invoke(app, ["validate", *swept])
    assert done.exit_code == 0, done.stderr
    assert f"skipped: {swept[0]} (an interview's lock file)" in done.stderr
    done = runner.invoke(app, ["report", *swept, "-d", str(tmp_path / "out"), "-v"])
    assert done.exit_code == 0, done.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["ceo.md"]
    done = runner.invoke(app, ["report", swept[0]])
    assert done.exit_code == 2
    assert "every file given is an interview's lock file" in done.stderr


# --- a lock file that is no plain file ---------------------------------------------------------


def test_a_symlinked_lock_file_is_refused_and_its_target_kept(tmp_path: Path) -> None:
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me\n")
    (tmp_path / ".a.yaml.lock").symlink_to("precious.txt")
    done = subprocess.run(
        interview_command(tmp_path / "a.yaml"), input="q\n", capture_output=True, text=True,
        cwd=tmp_path, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    lock_file = tmp_path / ".a.yaml.lock"
    assert f"the lock file {lock_file} is a symbolic link (to precious.txt)" in done.stderr
    assert "Traceback" not in done.stderr
    assert precious.read_text() == "keep me\n"
    assert not (tmp_path / "a.yaml").exists()


@pytest.mark.parametrize(
    ("make", "what"),
    [
        (os.mkfifo, "a FIFO (named pipe)"),
        (lambda p: p.mkdir(), "a folder"),
        (lambda p: p.symlink_to(p.parent / "missing"), "a symbolic link (to "),
        (lambda p: os.link(p.parent / "other", p), "a file with 2 hard links"),
    ],
    ids=["fifo", "folder", "dangling-link", "hard-link"],
)
def test_a_lock_file_that_is_no_plain_file_is_refused(
    tmp_path: Path, make: Callable[[Path], object], what: str
) -> None:
    other = tmp_path / "other"
    other.write_text("keep me\n")
    lock_file = tmp_path / ".pat.yaml.lock"
    make(lock_file)
    with pytest.raises(InputError) as caught, lock.hold(tmp_path / "pat.yaml"):
        pass  # pragma: no cover - never reached
    assert f"the lock file {lock_file} is {what}" in caught.value.message
    assert "hint: remove it" in caught.value.message
    assert other.read_text() == "keep me\n"
