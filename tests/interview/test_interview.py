"""The interview: scripted through the Prompt interface, piped, interrupted and killed.

Scripted tests drive ``run_interview`` with a list of replies; subprocess tests run
``python -m ci_assess interview`` with answers on a pipe, including a kill -9 in the
middle of an interview and a resume afterwards.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import signal
import subprocess
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, Any

import pytest
import yaml
from rich.console import Console
from typer.testing import CliRunner

from ci_assess.cli import app
from ci_assess.cli import interview as interview_cli
from ci_assess.cli.views import terminal
from ci_assess.cli.views.terminal import TerminalPrompt
from ci_assess.core.models.answers import Answer
from ci_assess.errors import InputError
from ci_assess.files.answers_yaml import HEADER
from ci_assess.files.loading import load_answers
from ci_assess.interview.prompts import (
    GroupsView,
    Notice,
    QuestionView,
    ReviewView,
    Shown,
)
from ci_assess.interview.session import (
    InterviewOptions,
    Outcome,
    Result,
    run_interview,
)
from tests.conftest import VALID, interruptible

MINI = VALID / "mini.yaml"
INTERVIEW_DATA = Path(__file__).parents[1] / "data" / "interview"
TODAY = dt.date(2026, 11, 20)
MINI_IDS = [
    "direction.alpha",
    "direction.beta",
    "operational.alpha",
    "operational.beta",
    "evaluation.alpha",
    "evaluation.beta",
    "support.alpha",
    "support.beta",
    "organizational_behaviour.alpha",
    "organizational_behaviour.beta",
    "intimacy.key_accounts",
    "operational_excellence.cost",
    "operational_excellence.reliability",
    "product_leadership.innovation",
    "readiness.executive_owner",
]
# company, respondent name, role, target discipline (2 = customer_intimacy), assessor, date
META = ["Acme & <Sons>", "Pat Lee", "CEO", "2", "", ""]
Reply = str | type[BaseException]


def level(value: int, note: str = "", evidence: str = "") -> list[str]:
    """The replies that answer one question with a level: level, note, evidence."""
    return [str(value), note, evidence]


def na(reason: str, note: str = "", evidence: str = "") -> list[str]:
    """The replies that mark one question not applicable: n, reason, note, evidence."""
    return ["n", reason, note, evidence]


class Script:
    """A Prompt that replies from a list; an exception class in the list is raised.

    When the replies run out it raises EOFError, like standard input at its end. As a
    pipe, an empty reply keeps a pre-filled text. The clock starts at 0 and moves
    ``tick`` seconds at every question asked ("answer").
    """

    def __init__(
        self,
        replies: Iterable[Reply],
        on_ask: Callable[[str], None] | None = None,
        tick: float = 0.0,
    ) -> None:
        self.replies: deque[Reply] = deque(replies)
        self.on_ask = on_ask
        self.asked: list[str] = []
        self.prefilled: list[str] = []
        self.said: list[Shown] = []
        self.clock = 0.0
        self.tick = tick

    def ask(self, text: str, *, prefill: str = "", free_text: bool = False) -> str:
        self.asked.append(text)
        self.prefilled.append(prefill)
        if text == "answer":
            self.clock += self.tick
        if self.on_ask is not None:
            self.on_ask(text)
        if not self.replies:
            raise EOFError
        reply = self.replies.popleft()
        if isinstance(reply, str):
            return reply or prefill
        raise reply()

    def now(self) -> float:
        return self.clock

    piped = False  # as TerminalPrompt: no limit on invalid replies (see ReplyLimit)

    def say(self, item: Shown) -> None:
        self.said.append(item)

    def notices(self, tone: str) -> list[str]:
        return [s.text for s in self.said if isinstance(s, Notice) and s.tone == tone]

    def questions_shown(self) -> list[str]:
        return [s.question_id for s in self.said if isinstance(s, QuestionView)]


def files_in(folder: Path) -> list[str]:
    """The names in ``folder`` but the interview's lock file, which stays by design."""
    return sorted(p.name for p in folder.iterdir() if p.name != ".pat.yaml.lock")


MARKER = ".pat.yaml.session"  # the open prompt's record, left when one was interrupted


def options(output: Path, **changes: Any) -> InterviewOptions:
    """Options for the mini questionnaire on a fixed day."""
    return InterviewOptions(
        **{"output": output, "questionnaire": str(MINI), "today": TODAY, **changes}
    )


def run(output: Path, replies: Iterable[Reply], **changes: Any) -> tuple[Result, Script]:
    script = Script(replies)
    return run_interview(options(output, **changes), script), script


def answers_in(path: Path) -> dict[str, Answer]:
    """The answers of a file, read the way `ci-assess report` reads it."""
    return load_answers(str(path)).answers.answers


def place(folder: Path, name: str) -> Path:
    """Copy a fixture answers file and the questionnaire it names into ``folder``."""
    shutil.copy(MINI, folder / "mini.yaml")
    return Path(shutil.copy(INTERVIEW_DATA / name, folder / name))


# --- scripted through the Prompt interface -------------------------------------------


def test_full_interview_with_every_key(tmp_path: Path) -> None:
    out = tmp_path / "pat.yaml"
    replies = [
        *META,
        *["x", "7", *level(3, "Strong story", "Deck p.4")],  # invalid, off-scale, then 3
        "b",  # at direction.beta: back to direction.alpha
        "",  # Enter keeps 3 with its note and evidence
        *["n", "", "No loyalty scheme", "", ""],  # n/a: a blank reason is asked again
        "?",  # help, then the same question again
        "s",  # skip operational.alpha
        *["g", "nope", "readiness"],  # jump: an unknown group is asked again
        *level(1),  # readiness.executive_owner, the last question: then the review
        *["zzz", "3", *level(2)],  # review: change the skipped operational.alpha
        *["direction.alpha", *level(4, "", "-")],  # keep the note, clear the evidence
        *["f", "", "f", "y"],  # 11 unanswered: asked to confirm, default no; then yes
    ]
    result, script = run(out, replies)

    assert result.outcome is Outcome.FINISHED
    assert script.questions_shown() == [
        "direction.alpha",
        "direction.beta",
        "direction.alpha",
        "direction.beta",
        "operational.alpha",
        "operational.beta",
        "readiness.executive_owner",
        "operational.alpha",
        "direction.alpha",
    ]
    assert answers_in(out) == {
        "direction.alpha": Answer(level=4, note="Strong story"),
        "direction.beta": Answer(na="No loyalty scheme"),
        "operational.alpha": Answer(level=2),
        "readiness.executive_owner": Answer(level=1),
    }
    warnings = script.notices("warning")
    assert warnings[0].startswith("not an answer: 'x'; type 0-4 level · n = n/a · b = back")
    assert warnings[1].startswith("not an answer: '7'")
    assert "n/a needs a reason" in warnings[2]
    assert warnings[3] == "not a group: 'nope'"
    assert warnings[4].startswith("not a question: 'zzz'")
    confirm = "11 question(s) unanswered: finish anyway? (y/N)"
    assert script.asked.count(confirm) == 2
    assert any("g = jump to group" in text for text in script.notices("help"))
    assert sum(isinstance(s, ReviewView) for s in script.said) == 3
    assert sum(isinstance(s, GroupsView) for s in script.said) == 1


def test_written_file_layout(tmp_path: Path) -> None:
    out = tmp_path / "pat.yaml"
    run(out, [*META, *level(3), *level(2, "yes", "12: see #4"), "n/a", *na("Zürich — “HQ”")[1:]])

    text = out.read_text(encoding="utf-8")
    assert text.startswith(HEADER)
    data = yaml.safe_load(text)
    assert list(data) == [
        "questionnaire",
        "company",
        "assessed_on",
        "respondent",
        "target_discipline",
        "answers",
    ]
    assert data["questionnaire"] == str(MINI.resolve())
    assert data["assessed_on"] == TODAY
    assert data["respondent"] == {"name": "Pat Lee", "role": "CEO"}
    assert data["answers"] == {
        "direction.alpha": 3,  # bare level: nothing else was said
        "direction.beta": {"level": 2, "note": "yes", "evidence": "12: see #4"},
        "operational.alpha": {"na": "Zürich — “HQ”"},
    }
    loaded = load_answers(str(out)).answers
    assert loaded.company == "Acme & <Sons>"
    assert loaded.answers["direction.beta"].note == "yes"  # a string, not a boolean


def test_every_change_is_on_disk_before_the_next_prompt(tmp_path: Path) -> None:
    out = tmp_path / "pat.yaml"
    seen: list[tuple[str, dict[str, Answer]]] = []

    def snapshot(text: str) -> None:
        seen.append((text, answers_in(out) if out.exists() else {}))

    script = Script([*META, *level(3, "noted"), *level(1), *na("none"), "2"], snapshot)
    result = run_interview(options(out), script)

    assert result.outcome is Outcome.ENDED  # input ended at the note of the fourth question
    at_answer = [answers for text, answers in seen if text == "answer"]
    assert [len(a) for a in at_answer] == [0, 1, 2, 3]
    notes = [answers for text, answers in seen if text.startswith("note")]
    # The level is saved before its note is typed, so an interrupted note loses only itself.
    assert notes[0]["direction.alpha"] == Answer(level=3)
    assert notes[-1]["operational.beta"] == Answer(level=2)
    assert answers_in(out)["direction.alpha"] == Answer(level=3, note="noted")


def test_interrupt_keeps_what_was_confirmed(tmp_path: Path) -> None:
    out = tmp_path / "pat.yaml"
    result, _ = run(out, [*META, *level(3), "2", KeyboardInterrupt])

    assert result.outcome is Outcome.INTERRUPTED
    assert answers_in(out) == {
        "direction.alpha": Answer(level=3),
        "direction.beta": Answer(level=2),
    }
    assert result.message().splitlines() == [
        f"interrupted: {out} holds 2 of 15 answered (0 n/a)",
        f"resume with: ci-assess interview -o {out}",
    ]


@pytest.mark.parametrize("stop", [KeyboardInterrupt, EOFError])
def test_a_note_is_kept_when_the_evidence_prompt_is_interrupted(
    tmp_path: Path, stop: type[BaseException]
) -> None:
    out = tmp_path / "pat.yaml"
    run(out, [*META, "3", "weekly account reviews", stop])

    assert answers_in(out) == {
        "direction.alpha": Answer(level=3, note="weekly account reviews"),
    }


@pytest.mark.parametrize("stop", [KeyboardInterrupt, EOFError])
def test_nothing_is_written_before_the_company_is_known(
    tmp_path: Path, stop: type[BaseException]
) -> None:
    out = tmp_path / "pat.yaml"
    result, _ = run(out, ["", stop])  # a blank company is asked again, then the stop

    assert not out.exists()
    assert not result.saved
    assert result.message().endswith("nothing saved (the company was not given yet)")


def test_quit_saves_and_stops(tmp_path: Path) -> None:
    out = tmp_path / "pat.yaml"
    result, script = run(out, [*META, *level(4), "q"])

    assert result.outcome is Outcome.PAUSED
    assert script.replies == deque()
    assert answers_in(out) == {"direction.alpha": Answer(level=4)}
    assert result.message().startswith(f"saved and stopped: {out} holds 1 of 15")


def test_back_at_the_first_question_and_review_shortcuts(tmp_path: Path) -> None:
    out = tmp_path / "pat.yaml"
    replies = ["b", "r", "b", "g", "", *level(2), "g", "9", "q"]
    result, script = run(out, replies, company="Acme", role="CEO", target="customer_intimacy")

    assert result.outcome is Outcome.PAUSED
    assert "this is the first question" in script.notices("warning")
    # b at the review goes back to the question left for it; g then Enter stays there.
    assert script.questions_shown() == [
        *["direction.alpha"] * 4,
        "direction.beta",  # the next open question after the answer
        "readiness.executive_owner",  # g 9
    ]
    assert answers_in(out) == {"direction.alpha": Answer(level=2)}


def test_jumping_to_a_group_asks_its_skipped_questions_again(tmp_path: Path) -> None:
    out = tmp_path / "pat.yaml"
    replies = ["s", "s", "g", "1", *level(2), "q"]
    _, script = run(out, replies, company="Acme", role="CEO", target="customer_intimacy")

    assert script.questions_shown() == [
        "direction.alpha",
        "direction.beta",
        "operational.alpha",
        "direction.alpha",  # g 1
        "direction.beta",  # skipped before, asked again after the jump
    ]


def test_options_fill_metadata_and_nothing_optional_is_asked(tmp_path: Path) -> None:
    out = tmp_path / "pat.yaml"
    _, script = run(
        out,
        [*level(2), "q"],
        company="Acme",
        respondent="Pat",
        role="CEO",
        target="Product_Leadership",
        assessor="Lead consultant",
    )

    assert script.asked[0] == "answer"
    loaded = load_answers(str(out)).answers
    assert loaded.target_discipline == "product_leadership"
    assert (loaded.assessor, loaded.assessed_on) == ("Lead consultant", TODAY)


def test_metadata_prompts_validate_and_re_ask(tmp_path: Path) -> None:
    out = tmp_path / "pat.yaml"
    # "²" is a digit to str.isdigit() but not a number to int(): asked again, no crash.
    replies = ["Acme", "", "", "Head of Sales", "9", "²", "leadership", "product_leadership"]
    replies += ["Lead consultant", "20/11/2026", "2026-11-18", "q"]
    _, script = run(out, replies)

    loaded = load_answers(str(out)).answers
    assert loaded.respondent is not None
    assert (loaded.respondent.name, loaded.respondent.role) == (None, "Head of Sales")
    assert loaded.target_discipline == "product_leadership"
    assert loaded.assessed_on == dt.date(2026, 11, 18)
    warnings = script.notices("warning")
    assert warnings[0] == "respondent role is required"
    assert warnings[1].startswith("not a discipline: '9'; type 1 = operational_excellence")
    assert warnings[3].startswith("not a discipline: 'leadership'; type 1 =")
    assert warnings[2].startswith("not a discipline: '²'")
    assert warnings[3].startswith("not a discipline: 'leadership'")
    assert warnings[4] == "not a date: '20/11/2026'; use YYYY-MM-DD"


def test_default_questionnaire_is_the_bundled_one(tmp_path: Path) -> None:
    out = tmp_path / "pat.yaml"
    # Format 2 asks the target first (it decides which questions apply): 2 = customer_intimacy.
    _, script = run(out, ["2", *META[:3], *META[4:], "q"], questionnaire=None)

    view = next(s for s in script.said if isinstance(s, QuestionView))
    assert view.total == 72
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["questionnaire"] == "customer-intimacy"
    assert load_answers(str(out)).questionnaire.id == "customer-intimacy"


def test_questionnaire_next_to_the_file_is_written_relative(tmp_path: Path) -> None:
    shutil.copy(MINI, tmp_path / "mini.yaml")
    (tmp_path / "sub").mkdir()
    near, far = tmp_path / "near.yaml", tmp_path / "sub" / "far.yaml"
    for out in (near, far):
        run(out, [*META, "q"], questionnaire=str(tmp_path / "mini.yaml"))

    assert yaml.safe_load(near.read_text(encoding="utf-8"))["questionnaire"] == "mini.yaml"
    assert yaml.safe_load(far.read_text(encoding="utf-8"))["questionnaire"] == str(
        (tmp_path / "mini.yaml").resolve()
    )
    assert load_answers(str(far)).questionnaire.id == "mini"


def test_resume_keeps_everything_and_starts_at_the_first_unanswered(tmp_path: Path) -> None:
    out = place(tmp_path, "partial.yaml")
    before = load_answers(str(out)).answers
    replies = ["Dana", "", "", *level(2), "", *na("Not asked")]  # name, assessor, date
    result, script = run(out, [*replies, *level(1), "f"], questionnaire=None)

    assert result.outcome is Outcome.FINISHED
    # Only missing *required* metadata opens the metadata questions; this file has it all.
    assert script.asked[0] == "answer"
    assert script.questions_shown() == [
        "operational.alpha",
        "support.beta",
        "readiness.executive_owner",
    ]
    after = load_answers(str(out)).answers
    assert {k: after.answers[k] for k in before.answers} == before.answers
    assert after.answers["operational.alpha"] == Answer(level=2)
    assert after.targets == before.targets
    assert after.model_dump(exclude={"answers"}) == before.model_dump(exclude={"answers"})
    text = out.read_text(encoding="utf-8")
    positions = [text.index(f"  {qid}:") for qid in MINI_IDS]
    assert positions == sorted(positions)  # written back in questionnaire order


def test_resume_of_a_complete_file_opens_the_review(tmp_path: Path) -> None:
    out = place(tmp_path, "complete.yaml")
    before = answers_in(out)
    result, script = run(
        out, ["2", *level(0, "", "-"), "q"], questionnaire=str(tmp_path / "mini.yaml")
    )

    assert result.outcome is Outcome.PAUSED
    assert script.said[1] == Notice(
        "Northwind Traders — Dana Whitfield (Head of Sales): 15 of 15 answered"
    )
    assert isinstance(script.said[3], ReviewView)
    assert script.said[3].unanswered == 0
    after = answers_in(out)
    assert after["direction.beta"] == Answer(level=0, note="Only the board knows it")
    assert {k: v for k, v in after.items() if k != "direction.beta"} == {
        k: v for k, v in before.items() if k != "direction.beta"
    }
    assert "targets:\n  direction: 80\n  readiness: 62.5\n" in out.read_text(encoding="utf-8")


def test_blank_template_is_filled_in(tmp_path: Path, runner: CliRunner) -> None:
    out = tmp_path / "blank.yaml"
    made = runner.invoke(app, ["template", "--questionnaire", str(MINI), "-o", str(out)])
    assert made.exit_code == 0, made.output

    run(out, [*META, *level(3), "q"], questionnaire=None)

    loaded = load_answers(str(out)).answers
    assert (loaded.company, loaded.answers) == (
        "Acme & <Sons>",
        {"direction.alpha": Answer(level=3)},
    )


# --- errors and --no-input -----------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (MINI.read_bytes(), "is a questionnaire, not an answers file"),
        ((INTERVIEW_DATA / "not-answers.yaml").read_bytes(), "is not an answers file"),
        (b"just some words\n", "must hold a mapping"),
        (b"", "is empty"),
        (b"\x00\x01binary", "is a binary file"),
        (b"company: [unclosed\n", "is not valid YAML"),
        (b"questionnaire: mini.yaml\ncompany: X\nanswers: {direction.alpha: 9}\n", "outside the"),
        # `report` and `validate` refuse aliases in answers files: so does the interview.
        (b"questionnaire: mini.yaml\ncompany: &c Acme\nassessor: *c\n", "anchor"),
    ],
)
def test_refuses_to_overwrite_what_is_not_an_answers_file(
    tmp_path: Path, runner: CliRunner, content: bytes, says: str
) -> None:
    shutil.copy(MINI, tmp_path / "mini.yaml")
    out = tmp_path / "notes.yaml"
    out.write_bytes(content)

    result = runner.invoke(
        app, ["interview", "-o", str(out), "--questionnaire", str(MINI)], input="Acme\n"
    )

    assert result.exit_code == 2
    assert says in result.stderr
    assert "not overwritten" in result.stderr
    assert out.read_bytes() == content


def test_resuming_with_another_questionnaire_is_an_error(tmp_path: Path, runner: CliRunner) -> None:
    out = place(tmp_path, "partial.yaml")
    before = out.read_bytes()

    result = runner.invoke(
        app, ["interview", "-o", str(out), "--questionnaire", "customer-intimacy"]
    )

    assert result.exit_code == 2
    assert "was made for questionnaire 'mini' (mini.yaml), not 'customer-intimacy'" in (
        result.stderr
    )
    assert out.read_bytes() == before


def test_no_input_names_what_is_missing(tmp_path: Path, runner: CliRunner) -> None:
    out = tmp_path / "pat.yaml"
    args = [
        "interview",
        "-o",
        str(out),
        "--questionnaire",
        str(MINI),
        "--company",
        "Acme",
        "--no-input",
    ]

    result = runner.invoke(app, args)

    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"error: --no-input: {out} needs respondent role (--role); "
        "target discipline (--target); 15 unanswered question(s): direction.alpha, "
        "direction.beta, operational.alpha, operational.beta, evaluation.alpha, … and 10 more"
    )
    assert "company" not in result.stderr.split("needs")[1].split(";")[0]
    assert not out.exists()


def test_no_input_names_unanswered_questions_of_a_file(tmp_path: Path, runner: CliRunner) -> None:
    out = place(tmp_path, "partial.yaml")

    result = runner.invoke(app, ["interview", "-o", str(out), "--no-input"])

    assert result.exit_code == 2
    assert (
        "3 unanswered question(s): operational.alpha, support.beta, readiness.executive_owner"
        in result.stderr
    )


def test_no_input_on_a_complete_file_changes_nothing(tmp_path: Path, runner: CliRunner) -> None:
    out = place(tmp_path, "complete.yaml")
    before = out.read_bytes()

    result = runner.invoke(app, ["interview", "-o", str(out), "--no-input"])

    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(f"done: {out} holds 15 of 15 answered (1 n/a)")
    assert out.read_bytes() == before  # comments and layout untouched


def test_an_option_contradicting_the_file_is_an_error(tmp_path: Path, runner: CliRunner) -> None:
    out = place(tmp_path, "complete.yaml")

    result = runner.invoke(app, ["interview", "-o", str(out), "--role", "CEO"])

    assert result.exit_code == 2
    assert "records role 'Head of Sales', not 'CEO'" in result.stderr


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--target", "cheapness"], "--target: unknown discipline 'cheapness'; use"),
        (["--company", "  "], "--company must not be empty"),
        (["-o", "missing/pat.yaml"], "folder 'missing' does not exist"),
        (
            ["--questionnaire", "no-such-questionnaire"],
            "unknown questionnaire 'no-such-questionnaire'",
        ),
    ],
)
def test_bad_options_are_refused(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch, args: list[str], says: str
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(
        app, ["interview", "-o", "pat.yaml", "--questionnaire", str(MINI), *args]
    )

    assert result.exit_code == 2
    assert says in result.stderr
    assert not (tmp_path / "pat.yaml").exists()


@pytest.mark.parametrize(("saves_before", "kept"), [(0, ""), (1, "; it still holds the answers")])
def test_a_save_that_fails_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, saves_before: int, kept: str
) -> None:
    real_replace = Path.replace
    done: list[Path] = []

    def disk_fills_up(self: Path, target: Path) -> Path:
        if len(done) >= saves_before:
            raise OSError(28, "No space left on device")
        done.append(target)
        return real_replace(self, target)

    monkeypatch.setattr(Path, "replace", disk_fills_up)
    out = tmp_path / "pat.yaml"
    with pytest.raises(InputError) as caught:
        run(out, [*META, *level(3)])
    assert str(caught.value).startswith(f"{out}: cannot be written: No space left on device{kept}")
    assert files_in(tmp_path) == (["pat.yaml"] if saves_before else [])


# --- the command and the terminal prompt ---------------------------------------------


def test_command_through_the_runner(tmp_path: Path, runner: CliRunner) -> None:
    out = tmp_path / "pat.yaml"
    replies = [*META, *(line for _ in MINI_IDS for line in level(2)), "f"]

    result = runner.invoke(
        app,
        ["interview", "-o", str(out), "--questionnaire", str(MINI)],
        input="\n".join(replies) + "\n",
    )

    assert result.exit_code == 0, result.output
    assert "Question 15 of 15" in result.stdout
    assert "Review: 15 answered (0 n/a), 0 unanswered" in result.stdout
    assert result.stderr.splitlines() == [
        f"done: {out} holds 15 of 15 answered (0 n/a)",
        f"next: ci-assess report {out}",
    ]
    assert answers_in(out) == {qid: Answer(level=2) for qid in MINI_IDS}
    report = runner.invoke(app, ["report", str(out), "--strict"])
    assert report.exit_code == 0, report.output


def test_command_exit_codes(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ["interview", "-o", str(tmp_path / "pat.yaml"), "--questionnaire", str(MINI)]
    ended = runner.invoke(app, args, input="\n".join([*META, *level(1)]) + "\n")
    assert ended.exit_code == 1
    assert "input ended before the interview was finished" in ended.stderr

    monkeypatch.setattr(terminal, "TerminalPrompt", lambda: Script(["3", KeyboardInterrupt]))
    interrupted = runner.invoke(app, args)
    assert interrupted.exit_code == interview_cli.EXIT_INTERRUPTED == 130
    assert f"resume with: ci-assess interview -o {tmp_path / 'pat.yaml'}" in interrupted.stderr
    assert len(answers_in(tmp_path / "pat.yaml")) == 2


def test_terminal_prompt_renders_views_and_echoes_piped_replies(tmp_path: Path) -> None:
    screen = io.StringIO()
    console = Console(file=screen, width=100, highlight=False)
    replies = [*META, *level(3, "Strong"), "g", "", "r", "?", "v 1", "q"]
    prompt = TerminalPrompt(console, io.StringIO("\n".join(replies) + "\n"))

    result = run_interview(options(tmp_path / "pat.yaml"), prompt)

    text = screen.getvalue()
    assert result.outcome is Outcome.PAUSED
    assert "\x1b[" not in text  # not a terminal: no colour
    assert "Direction · group 1 of 9" in text
    assert "Question 2 of 15 · 2 of 2 in this group (1 answered) · 1 answered in all" in text
    assert "4  Leading     beta at level 4" in text
    assert "0-4 level · n = n/a · b = back · s = skip · g = jump to group" in text
    assert "company: Acme & <Sons>\n" in text  # the piped reply is echoed after its prompt
    assert "Readiness (readiness)" in text
    assert "Review: 1 answered (0 n/a), 14 unanswered" in text
    assert "note: Strong" in text
    assert "Scale: 0 Absent, 1 Ad hoc, 2 Developing, 3 Embedded, 4 Leading." in text


def test_terminal_prompt_end_of_input_and_closed_terminal() -> None:
    class ClosedTerminal(io.StringIO):
        def readline(self, size: int = -1, /) -> str:  # type: ignore[override]  # as typeshed
            raise OSError(5, "Input/output error")

    console = Console(file=io.StringIO())
    with pytest.raises(EOFError):
        TerminalPrompt(console, io.StringIO("")).ask("company")
    with pytest.raises(EOFError):
        TerminalPrompt(console, ClosedTerminal()).ask("company")
    assert TerminalPrompt(console, io.StringIO("Acme\r\n")).ask("company") == "Acme"


@pytest.mark.parametrize("errors", ["strict", "surrogateescape"])
def test_terminal_prompt_replaces_bytes_that_are_not_text(errors: str) -> None:
    # A Latin-1 'é' on a UTF-8 terminal: a crash, or a surrogate that no YAML file
    # can hold (every later save and resume would fail), without the replacement.
    stdin = io.TextIOWrapper(io.BytesIO(b"Caf\xe9 Nord\n"), encoding="utf-8", errors=errors)
    reply = TerminalPrompt(Console(file=io.StringIO()), stdin).ask("company")
    assert reply == "Caf\ufffd Nord"


# --- real processes: piped, interrupted, killed ----------------------------------------


def interview_command(out: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "ci_assess",
        "interview",
        "-o",
        str(out),
        "--questionnaire",
        str(MINI),
    ]


def start_interview(out: Path, stderr: int = subprocess.DEVNULL) -> subprocess.Popen[str]:
    """A real interview on ``out`` reading replies from a pipe (``feed``), in out's folder;
    SIGINT handled as at a terminal (``interruptible``)."""
    return subprocess.Popen(
        interview_command(out),
        stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=stderr, text=True,
        cwd=out.parent, preexec_fn=interruptible,  # noqa: PLW1509 - the suite starts no threads
    )  # fmt: skip


def feed(stdin: IO[str] | None, replies: Iterable[str]) -> None:
    assert stdin is not None
    stdin.write("".join(f"{reply}\n" for reply in replies))
    stdin.flush()


def wait_until_saved(
    proc: subprocess.Popen[str], out: Path, expected: dict[str, Answer]
) -> dict[str, Answer]:
    """Poll the file until it holds ``expected``; each read must be a valid answers file."""
    deadline = time.monotonic() + 120  # a bound against hanging, not a speed requirement
    while time.monotonic() < deadline:
        answers = answers_in(out) if out.exists() else {}
        if answers == expected:
            return answers
        assert proc.poll() is None, "the interview ended early"
        time.sleep(0.02)
    pytest.fail(f"{out} never held {expected}")


FIRST_THREE = [*level(3, "Strong", "Deck"), *level(1), *na("No scheme")]
FIRST_THREE_SAVED = {
    "direction.alpha": Answer(level=3, note="Strong", evidence="Deck"),
    "direction.beta": Answer(level=1),
    "operational.alpha": Answer(na="No scheme"),
}
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


@pytest.mark.slow
def test_piped_subprocess_interview(tmp_path: Path) -> None:
    out = tmp_path / "pat.yaml"
    replies = [*META, "maybe", *FIRST_THREE, *(x for _ in MINI_IDS[3:] for x in level(4)), "f"]

    done = subprocess.run(
        interview_command(out),
        input="\n".join(replies) + "\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    assert "not an answer: 'maybe'" in done.stdout  # same validation as at the keyboard
    assert "\x1b[" not in done.stdout
    assert answers_in(out) == FIRST_THREE_SAVED | {qid: Answer(level=4) for qid in MINI_IDS[3:]}


@pytest.mark.slow
def test_piped_subprocess_end_of_input(tmp_path: Path) -> None:
    out = tmp_path / "pat.yaml"

    done = subprocess.run(
        interview_command(out),
        input="\n".join([*META, *FIRST_THREE]) + "\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )

    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"input ended before the interview was finished: {out} holds 3 of 15 answered (1 n/a)",
        f"resume with: ci-assess interview -o {out}",
    ]
    assert answers_in(out) == FIRST_THREE_SAVED


@pytest.mark.slow
@posix_only
def test_kill_9_mid_interview_loses_nothing_confirmed_then_resume(tmp_path: Path) -> None:
    out = tmp_path / "pat.yaml"
    proc = start_interview(out)
    try:
        feed(proc.stdin, [*META, *FIRST_THREE])
        wait_until_saved(proc, out, FIRST_THREE_SAVED)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=120)
        assert proc.stdin is not None
        proc.stdin.close()

    assert proc.returncode == -signal.SIGKILL
    assert answers_in(out) == FIRST_THREE_SAVED
    assert files_in(tmp_path) == ["pat.yaml"]  # no temporary file left

    rest = [x for _ in MINI_IDS[3:] for x in level(0)]
    resumed = subprocess.run(
        interview_command(out),
        input="\n".join([*rest, "f"]) + "\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    assert resumed.returncode == 0, resumed.stderr
    assert "Acme & <Sons> — Pat Lee (CEO): 3 of 15 answered\nResuming at question 4." in (
        resumed.stdout
    )
    assert files_in(tmp_path) == ["pat.yaml"]  # finished: no marker left
    assert answers_in(out) == FIRST_THREE_SAVED | {qid: Answer(level=0) for qid in MINI_IDS[3:]}
    assert load_answers(str(out)).answers.company == META[0]


@pytest.mark.slow
@posix_only
def test_ctrl_c_saves_and_exits_130(tmp_path: Path) -> None:
    out = tmp_path / "pat.yaml"
    proc = start_interview(out, stderr=subprocess.PIPE)
    try:
        feed(proc.stdin, [*META, *FIRST_THREE, "2"])  # the 4th level, then waits for its note
        wait_until_saved(proc, out, FIRST_THREE_SAVED | {"operational.beta": Answer(level=2)})
        proc.send_signal(signal.SIGINT)
        # stdin stays open until the process is gone: its end must not race the signal.
        returncode = proc.wait(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.stdin is not None and proc.stderr is not None
    proc.stdin.close()
    stderr = proc.stderr.read()

    assert returncode == 130
    assert f"interrupted: {out} holds 4 of 15 answered (1 n/a)" in stderr
    assert f"resume with: ci-assess interview -o {out}" in stderr
    assert answers_in(out) == FIRST_THREE_SAVED | {"operational.beta": Answer(level=2)}
    assert [n for n in files_in(tmp_path) if n != MARKER] == ["pat.yaml"]


def test_the_command_line_does_not_load_the_interview() -> None:
    code = (
        "import sys, ci_assess.cli; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'rich', 'pydantic', 'yaml'}"
        " or m in {'ci_assess.interview.session', 'ci_assess.interview.prompts'}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.strip() == "[]"
