"""Undo, editing a note, compact mode, the confirmation at the review, the timer, the
resume message and replies cleaned of control characters, through the Prompt interface
(and the command line where the exit code is the point)."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from ci_assess.cli import app
from ci_assess.cli.views.terminal import TerminalPrompt
from ci_assess.core.models.answers import Answer
from ci_assess.interview.marker import Marker, marker_path
from ci_assess.interview.prompts import Notice, QuestionView, ReviewView
from ci_assess.interview.session import Outcome, run_interview
from ci_assess.interview.tracking import PACE_AFTER
from tests.interview.test_interview import (
    META,
    MINI,
    MINI_IDS,
    Script,
    answers_in,
    level,
    options,
    run,
)

KNOWN = {"company": "Acme", "respondent": "Pat Lee", "role": "CEO", "target": "2"}


def test_u_undoes_each_change_back_to_the_start_of_the_session(tmp_path: Path) -> None:
    out = tmp_path / "pat.yaml"
    seen: list[dict[str, Answer]] = []
    replies = [
        *level(3, "first"),  # direction.alpha
        *level(1),  # direction.beta
        "u",  # at operational.alpha: direction.beta back to unanswered, asked again
        *["b", "e", "first, edited", "deck"],  # direction.alpha: note and evidence only
        "u",  # the edit undone
        "u",  # direction.alpha back to unanswered
        "u",  # nothing left to undo in this session
        "q",
    ]
    script = Script(replies, on_ask=lambda _t: seen.append(answers_in(out) if out.exists() else {}))
    result = run_interview(options(out, **KNOWN), script)

    assert result.outcome is Outcome.PAUSED
    successes = script.notices("success")
    assert successes == [
        "undone: direction.beta is back to unanswered",
        "undone: direction.alpha is back to 3 Embedded · note: first",
        "undone: direction.alpha is back to unanswered",
    ]
    assert script.notices("warning")[-1] == "nothing to undo in this session"
    assert answers_in(out) == {}  # every undo was saved at once
    assert script.questions_shown()[:4] == [
        "direction.alpha",
        "direction.beta",
        "operational.alpha",
        "direction.beta",  # where the undone answer was
    ]


def test_u_at_the_review_and_not_across_a_resume(tmp_path: Path) -> None:
    out = tmp_path / "pat.yaml"
    run(out, [*level(2), "r", "u", "", "q"], **KNOWN)  # undone from the review; Enter: none yet
    assert answers_in(out) == {}

    run(out, [*level(4), "q"])
    _, script = run(out, ["u", "q"])  # a new session: the answer of the last one stays
    assert script.notices("warning") == ["nothing to undo in this session"]
    assert answers_in(out) == {"direction.alpha": Answer(level=4)}


def test_e_edits_only_the_note_and_evidence_prefilled(tmp_path: Path) -> None:
    out = tmp_path / "pat.yaml"
    replies = ["e", *level(3, "old note", "old deck"), "n", "Not here", "", ""]
    replies += ["b", "e", "new note", "-"]  # back to direction.beta: its note only
    replies += ["b", "b", "e", "", "", "q"]  # back to direction.alpha: Enter keeps both
    result, script = run(out, replies, **KNOWN)

    assert result.outcome is Outcome.PAUSED
    assert script.notices("warning")[0] == "no answer to edit yet: give a level or n first"
    assert answers_in(out) == {
        "direction.alpha": Answer(level=3, note="old note", evidence="old deck"),
        "direction.beta": Answer(na="Not here", note="new note"),  # n/a stays n/a
    }
    edits = [p for a, p in zip(script.asked, script.prefilled, strict=True) if p]
    assert "Not here" not in edits  # 'e' does not ask the reason again
    assert edits[:2] == ["old note", "old deck"]  # b over an answer, then e: pre-filled


def test_e_number_at_the_review(tmp_path: Path) -> None:
    out = tmp_path / "pat.yaml"
    replies = [*level(2, "n1"), "r", "e 1", "n2", "", "e 2", "s", "q"]
    _, script = run(out, replies, **KNOWN)
    assert answers_in(out) == {"direction.alpha": Answer(level=2, note="n2")}
    assert script.notices("warning") == ["no answer to edit yet: give a level or n first"]
    assert script.questions_shown()[-1] == "direction.beta"  # asked instead, from the review


def test_compact_mode_toggles_and_question_mark_shows_the_descriptions(tmp_path: Path) -> None:
    out = tmp_path / "pat.yaml"
    _, script = run(out, ["?", "c", "q"], compact=True, **KNOWN)
    shown = [s for s in script.said if isinstance(s, QuestionView)]
    assert [v.compact for v in shown] == [True, False, False]
    assert script.notices("info")[-1] == "compact mode off"

    screen = io.StringIO()
    prompt = TerminalPrompt(Console(file=screen, width=80), io.StringIO("q\n"))
    run_interview(options(tmp_path / "b.yaml", compact=True, **KNOWN), prompt)
    text = screen.getvalue()
    assert "0 Absent · 1 Ad hoc · 2 Developing · 3 Embedded · 4 Leading   ? = descriptions" in text
    assert "alpha at level 4" not in text


def test_finishing_with_questions_unanswered_asks_first(tmp_path: Path, runner: CliRunner) -> None:
    out = tmp_path / "pat.yaml"
    args = ["interview", "-o", str(out), "--questionnaire", str(MINI)]
    replies = [*META, *level(2), "r", ""]  # a stray Enter at the review: asked, then input ends
    ended = runner.invoke(app, args, input="\n".join(replies) + "\n")
    assert ended.exit_code == 1, ended.output
    assert "14 question(s) unanswered: finish anyway? (y/N)" in ended.stdout
    assert "input ended before the interview was finished" in ended.stderr
    assert answers_in(out) == {"direction.alpha": Answer(level=2)}

    declined = runner.invoke(app, args, input="r\nf\nn\nq\n")
    assert declined.exit_code == 0
    assert "not finished" in declined.stdout and "saved and stopped" in declined.stderr

    confirmed = runner.invoke(app, args, input="r\nf\ny\n")
    assert confirmed.exit_code == 0
    assert confirmed.stderr.startswith(f"done: {out} holds 1 of 15 answered (0 n/a), 14 unanswered")

    scripted = runner.invoke(app, [*args, "--yes"], input="r\nf\n")
    assert scripted.exit_code == 0 and "finish anyway" not in scripted.stdout


def test_a_complete_interview_finishes_without_asking(tmp_path: Path) -> None:
    out = tmp_path / "pat.yaml"
    replies = [*(r for _ in MINI_IDS for r in level(1)), ""]
    result, script = run(out, replies, **KNOWN)
    assert result.outcome is Outcome.FINISHED
    assert not [a for a in script.asked if "finish anyway" in a]


def test_the_review_is_grouped_and_v_lists_one_group(tmp_path: Path) -> None:
    out = tmp_path / "pat.yaml"
    _, script = run(out, [*level(3, "a note"), "r", "v 1", "v nope", "v", "q"], **KNOWN)
    reviews = [s for s in script.said if isinstance(s, ReviewView)]
    summary, listed, again = reviews
    assert summary.rows == () and len(summary.groups) == 9
    first = summary.groups[0]
    assert (first.title, first.answered, first.size, first.unanswered) == ("Direction", 1, 2, (2,))
    assert listed.shown_group == "direction"
    assert [(r.number, r.answer, r.details) for r in listed.rows] == [
        (1, "3 Embedded", "note: a note"),
        (2, None, ""),
    ]
    assert listed.rows[0].text == "How mature is alpha?"
    assert again.shown_group is None
    assert script.notices("warning")[0].startswith("not a question: 'v nope'")


def test_the_timer_gives_the_time_left_after_five_answers(tmp_path: Path) -> None:
    out = tmp_path / "pat.yaml"
    script = Script([*(r for _ in range(PACE_AFTER + 1) for r in level(2)), "q"], tick=30.0)
    run_interview(options(out, **KNOWN), script)
    views = [s for s in script.said if isinstance(s, QuestionView)]
    # The clock moves 30 s at each question asked: every answer took 30 s.
    assert [v.elapsed for v in views] == [0.0, 30.0, 60.0, 90.0, 120.0, 150.0, 180.0]
    assert [v.remaining for v in views[:PACE_AFTER]] == [None] * PACE_AFTER
    assert views[PACE_AFTER].remaining == 30.0 * (15 - PACE_AFTER)  # median pace x left

    screen = io.StringIO()
    console = Console(file=screen, width=80)
    TerminalPrompt(console, io.StringIO("")).say(views[PACE_AFTER])  # piped: no timer
    assert "elapsed" not in screen.getvalue()
    from ci_assess.cli.views.terminal import render

    console.print(render(views[PACE_AFTER], clock=True))
    assert "2:30 elapsed in this session · about 5 min left at this pace" in screen.getvalue()


def test_replies_are_cleaned_of_control_characters(tmp_path: Path) -> None:
    out = tmp_path / "pat.yaml"
    replies = ["3", "wr\x1b[D\x1b[Dite\x1b[C it", "deck\x07 \u202eevil", "q"]
    _, script = run(out, replies, **KNOWN)
    assert answers_in(out) == {
        "direction.alpha": Answer(level=3, note="write it", evidence="deck evil")
    }
    removed = [t for t in script.notices("info") if t.startswith("removed ")]
    assert removed == [
        "removed 3 control characters or escape sequences (a key this terminal does not "
        "edit with?): 'write it' is kept",
        "removed 2 control characters or escape sequences (a key this terminal does not "
        "edit with?): 'deck evil' is kept",
    ]


def test_an_escape_sequence_never_reaches_the_file_or_a_report(tmp_path: Path) -> None:
    out = tmp_path / "pat.yaml"
    replies = [*META, "3", "left\x1b[D\x1b[Dright \x1bOH home", "", "q"]
    done = subprocess.run(
        [sys.executable, "-m", "ci_assess", "interview", "-o", str(out), "--questionnaire",
         str(MINI)],
        input="\n".join(replies) + "\n", capture_output=True, text=True, cwd=tmp_path,
        timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert b"\x1b" not in out.read_bytes() and b"\\e" not in out.read_bytes()
    assert answers_in(out)["direction.alpha"].note == "leftright  home"
    for fmt in ("html", "md", "json"):
        report = subprocess.run(
            [sys.executable, "-m", "ci_assess", "report", str(out), "--format", fmt],
            capture_output=True, timeout=120, check=True,
        )  # fmt: skip
        assert b"\x1b" not in report.stdout and b"\\u001b" not in report.stdout


def test_the_marker_records_the_open_prompt_and_goes_at_the_end(tmp_path: Path) -> None:
    out = tmp_path / "pat.yaml"
    marker = marker_path(out.resolve())
    during: list[str] = []

    def look(text: str) -> None:
        during.append(marker.read_text(encoding="utf-8") if marker.exists() else "")

    script = Script([*level(2, "x"), "n", KeyboardInterrupt], on_ask=look)
    run_interview(options(out, **KNOWN), script)
    assert during == [
        "",  # answer
        "open: note\nquestion: direction.alpha\n",
        "open: evidence\nquestion: direction.alpha\n",
        "",  # answer
        "open: reason\nquestion: direction.beta\n",
    ]
    assert Marker(marker).lost() == ("reason", "direction.beta")

    _, resumed = run(out, [*level(1), "f", "y"])
    assert resumed.said[1] == Notice(
        "Acme — Pat Lee (CEO): 1 of 15 answered; question 2 is unanswered: its n/a reason "
        "was being typed"
    )
    assert not marker.exists()  # finished: nothing left to say


def test_a_marker_that_is_no_file_is_left_alone(tmp_path: Path) -> None:
    out = tmp_path / "pat.yaml"
    target = tmp_path / "elsewhere"
    marker_path(out.resolve()).symlink_to(target)
    run(out, [*level(2, "x"), "q"], **KNOWN)
    assert not target.exists()  # never written through the link
    assert Marker(marker_path(out.resolve())).lost() is None


def test_report_and_validate_skip_the_marker(tmp_path: Path, runner: CliRunner) -> None:
    out = tmp_path / "pat.yaml"
    run(out, [*level(2), "3", KeyboardInterrupt], **KNOWN)  # interrupted at the note
    marker = marker_path(out.resolve())
    assert marker.exists()
    checked = runner.invoke(app, ["validate", str(out), str(marker)])
    assert checked.exit_code == 0, checked.output
    assert f"skipped: {marker} (an interview's session marker)" in checked.stderr


def test_the_bundled_review_fits_24_by_80(tmp_path: Path) -> None:
    screen = io.StringIO()
    console = Console(file=screen, width=80, height=24)
    replies = ["3", "a note that is far longer than the column it is shown in, by far", ""]
    prompt = TerminalPrompt(console, io.StringIO("\n".join([*replies, "r", "v 11", "q"]) + "\n"))
    bundled = options(tmp_path / "pat.yaml", questionnaire=None, **KNOWN)
    run_interview(bundled, prompt)
    text = screen.getvalue()
    screens = [part.split("\nreview: ")[0] for part in text.split("\nReview: ")[1:]]
    assert len(screens) == 2
    for shown in screens:
        lines = ("Review: " + shown).splitlines()
        assert len(lines) + 2 <= 24  # with the blank line above and the prompt below
        assert max(map(len, lines)) <= 80
    summary, readiness = screens
    assert "11  Transformation readiness           0 of 9" in summary
    assert "11 Transformation readiness: 0 of 9 answered" in readiness
    assert "64  unanswered" in readiness


@pytest.mark.parametrize("content", ["", "open: nothing\n", "garbage", "open: note\n", "\xff"])
def test_a_marker_that_says_nothing_clear_is_ignored(tmp_path: Path, content: str) -> None:
    out = tmp_path / "pat.yaml"
    run(out, [*level(2), "q"], **KNOWN)
    marker_path(out.resolve()).write_text(content, encoding="utf-8")
    _, script = run(out, ["q"])
    assert script.said[1] == Notice("Acme — Pat Lee (CEO): 1 of 15 answered")


def test_a_folder_where_the_marker_goes_does_not_stop_the_interview(tmp_path: Path) -> None:
    out = tmp_path / "pat.yaml"
    marker_path(out.resolve()).mkdir()
    result, _ = run(
        out, [*level(2, "kept"), *[r for _ in MINI_IDS[1:] for r in level(1)], ""], **KNOWN
    )
    assert result.outcome is Outcome.FINISHED
    assert answers_in(out)["direction.alpha"] == Answer(level=2, note="kept")
    assert marker_path(out.resolve()).is_dir()  # not ours to remove
