"""The interview on a format-2 questionnaire: the target first, applicability, the inventory.

Driven through the Prompt interface with scripted replies (the pattern of
test_interview.py), on the bundled customer-intimacy 2.0.0.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml
from rich.console import Console

from ci_assess.cli.views.terminal import TerminalPrompt
from ci_assess.core.models.answers import Answer, EngagementEntry
from ci_assess.errors import UsageError
from ci_assess.files.loading import load_answers, load_questionnaire
from ci_assess.interview.prompts import InitiativeView, ReviewView
from ci_assess.interview.session import InterviewOptions, Outcome, Result, run_interview
from tests.interview.test_interview import TODAY, Reply, Script, level

V2 = load_questionnaire("customer-intimacy")
READINESS = [q.id for q in V2.questions if q.group == "readiness"]
INITIATIVES = [i.id for i in V2.engagement_initiatives]
# After the target: company, respondent name, role, assessor, date.
REST = ["Acme", "Pat Lee", "CEO", "", ""]


def run(output: Path, replies: Sequence[Reply], **changes: Any) -> tuple[Result, Script]:
    script = Script(replies)
    options = InterviewOptions(**{"output": output, "today": TODAY, **changes})
    return run_interview(options, script), script


def asked_ids(intent: str) -> list[str]:
    target = V2.resolve_intent(intent)
    assert target is not None
    return [q.id for q in V2.questions if (r := V2.applies_when(q)) is None or r.holds(target)]


def every_question(count: int) -> list[str]:
    """Level 2 for ``count`` questions in a row, without note or evidence."""
    return [reply for _ in range(count) for reply in level(2)]


def saved(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def test_the_target_is_asked_first_and_undecided_is_a_choice(tmp_path: Path) -> None:
    out = tmp_path / "a.yaml"
    _, script = run(out, ["5", "maybe", "4", *REST, "q"])
    assert script.asked[:3] == ["target discipline (1-4 or name)"] * 3
    assert script.asked[3] == "company"
    assert "4 = undecided" in script.notices("help")[1]
    assert script.notices("warning")[:2] == [
        "not a discipline: '5'; type 1 = operational_excellence (oe) · 2 = customer_intimacy "
        "(ci) · 3 = product_leadership (pl) · 4 = undecided",
        "not a discipline: 'maybe'; type 1 = operational_excellence (oe) · 2 = customer_intimacy "
        "(ci) · 3 = product_leadership (pl) · 4 = undecided",
    ]
    assert saved(out)["target_discipline"] == "undecided"
    assert saved(out)["questionnaire_version"] == "2.0.0"


def test_an_alias_names_the_target(tmp_path: Path) -> None:
    out = tmp_path / "a.yaml"
    run(out, ["OE", *REST, "q"])
    assert load_answers(str(out)).answers.target_discipline == "operational_excellence"


def test_questions_that_do_not_apply_are_skipped_and_not_counted(tmp_path: Path) -> None:
    out = tmp_path / "oe.yaml"
    asked = asked_ids("operational_excellence")
    assert len(asked) == len(V2.questions) - len(READINESS)
    replies = ["1", *REST, *every_question(len(asked)), *["n"] * len(INITIATIVES), "f"]
    result, script = run(out, replies)

    assert result.outcome is Outcome.FINISHED
    assert script.questions_shown() == asked
    assert (result.total, result.answered, result.unanswered) == (len(asked), len(asked), 0)
    review = next(s for s in script.said if isinstance(s, ReviewView))
    assert review.unanswered == 0 and sum(g.size for g in review.groups) == len(asked)
    loaded = load_answers(str(out))
    assert set(loaded.answers.answers) == set(asked)
    assert "1 answered" not in result.message()  # the counts are of the questions asked
    assert f"{len(asked)} of {len(asked)} answered" in result.message()


def test_an_answer_to_a_question_made_inapplicable_is_kept(tmp_path: Path) -> None:
    out = tmp_path / "pl.yaml"
    out.write_text(
        "questionnaire: customer-intimacy\nquestionnaire_version: '2.0.0'\ncompany: Acme\n"
        "respondent: {role: CEO}\ntarget_discipline: product_leadership\n"
        "answers:\n  readiness.focus: {level: 1, note: asked before the target was known}\n",
        encoding="utf-8",
    )
    result, script = run(out, ["", "", "", *level(3), "q"])  # name, assessor, date
    assert script.questions_shown() == asked_ids("product_leadership")[:2]
    assert not set(script.questions_shown()) & set(READINESS)
    answers = load_answers(str(out)).answers.answers
    assert answers["readiness.focus"] == Answer(level=1, note="asked before the target was known")
    assert (result.answered, result.total) == (1, len(asked_ids("product_leadership")))


def test_the_inventory_follows_the_questions_and_is_saved_after_every_answer(
    tmp_path: Path,
) -> None:
    out = tmp_path / "ci.yaml"
    seen: list[dict[str, Any]] = []

    def on_ask(text: str) -> None:
        if text.startswith("changed:"):  # the runs answer is on disk before the next prompt
            seen.append(saved(out)["engagement"])

    count = len(asked_ids("customer_intimacy"))
    inventory = [
        *["maybe", "y", "x", "m, R metrics"],  # social_customer_care: invalid, then two tags
        "n",  # online_community
        *["y", ""],  # consultative_selling_training: runs, changed nothing
        "s",  # recommendation_engine: skipped
        "b",  # at voice_of_customer_widget: back to recommendation_engine
        *["y", ""],  # recommendation_engine after all
        *["y", "h"],  # voice_of_customer_widget
        *["n"] * 4,
        "r",  # kam_in_sales: left for the review
        *["e", *[""] * 9, "n"],  # review: walk it all again, Enter keeps each answer
        "f",
    ]
    script = Script(["2", *REST, *every_question(count), *inventory], on_ask)
    result = run_interview(InterviewOptions(output=out, today=TODAY), script)

    assert result.outcome is Outcome.FINISHED
    shown = [s.initiative_id for s in script.said if isinstance(s, InitiativeView)]
    assert shown[:7] == [*INITIATIVES[:5], INITIATIVES[3], INITIATIVES[4]]
    assert shown[-len(INITIATIVES) :] == INITIATIVES
    assert seen[0] == {"social_customer_care": {"runs": True}}
    assert script.notices("warning") == [
        "not an answer: 'maybe'; type y = it runs · n = it does not · b = back · s = skip · "
        "u = undo · r = review · ? = help · q = save and quit",
        "not a change: 'x'; type s = structure, m = metrics, r = rewards, h = hiring "
        "(several: s m)",
    ]
    inventory_saved = load_answers(str(out)).answers.engagement
    assert list(saved(out)["engagement"]) == INITIATIVES  # catalogue order
    assert inventory_saved["social_customer_care"] == EngagementEntry(
        runs=True, changed=["metrics", "rewards"]
    )
    assert inventory_saved["online_community"] == EngagementEntry(runs=False)
    assert inventory_saved["consultative_selling_training"] == EngagementEntry(runs=True)
    assert inventory_saved["recommendation_engine"] == EngagementEntry(runs=True)
    assert inventory_saved["voice_of_customer_widget"] == EngagementEntry(
        runs=True, changed=["hiring"]
    )
    assert inventory_saved["kam_in_sales"] == EngagementEntry(runs=False)
    summaries = [t for t in script.notices("info") if t.startswith("Engagement inventory: ")]
    assert summaries[0] == "Engagement inventory: 9 of 10 answered, 4 run · e = go through it again"
    review = next(s for s in script.said if isinstance(s, ReviewView))
    assert review.keys.endswith("q = save and quit · e = engagement inventory")


def test_resume_goes_to_the_inventory_when_the_questions_are_done(tmp_path: Path) -> None:
    out = tmp_path / "oe.yaml"
    count = len(asked_ids("operational_excellence"))
    run(out, ["1", *REST, *every_question(count), "n", "q"])
    assert list(saved(out)["engagement"]) == INITIATIVES[:1]

    result, script = run(out, ["y", "-", "q"])
    assert script.questions_shown() == []
    assert "Every question has an answer: now the engagement inventory." in script.notices("info")
    first = next(s for s in script.said if isinstance(s, InitiativeView))
    assert (first.initiative_id, first.number, first.answered) == (INITIATIVES[1], 2, 1)
    assert result.outcome is Outcome.PAUSED
    assert saved(out)["engagement"][INITIATIVES[1]] == {"runs": True}


def test_back_from_the_first_initiative_is_the_last_question(tmp_path: Path) -> None:
    out = tmp_path / "oe.yaml"
    asked = asked_ids("operational_excellence")
    _, script = run(out, ["1", *REST, *every_question(len(asked)), "b", "", "q"])
    assert script.questions_shown()[-2:] == [asked[-1], asked[-1]]


def test_no_input_names_the_inventory_not_taken(tmp_path: Path) -> None:
    out = tmp_path / "oe.yaml"
    count = len(asked_ids("operational_excellence"))
    run(out, ["1", *REST, *every_question(count), "n", "q"])
    with pytest.raises(UsageError) as caught:
        run(out, [], no_input=True)
    assert "9 engagement initiative(s) not taken: online_community, " in caught.value.message
    assert "unanswered question" not in caught.value.message


@pytest.mark.parametrize(
    ("given", "written"), [("undecided", "undecided"), ("pl", "product_leadership")]
)
def test_target_option(tmp_path: Path, given: str, written: str) -> None:
    out = tmp_path / "a.yaml"
    _, script = run(out, [*REST, "q"], target=given)
    assert script.asked[0] == "company"
    assert saved(out)["target_discipline"] == written


def test_unknown_target_option_lists_undecided(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as caught:
        run(tmp_path / "a.yaml", [], target="everything")
    assert caught.value.message == (
        "--target: unknown discipline 'everything'; use 1 = operational_excellence (oe) · "
        "2 = customer_intimacy (ci) · 3 = product_leadership (pl) · 4 = undecided"
    )


def test_a_1_0_0_file_keeps_format_1_order_and_records_its_version(tmp_path: Path) -> None:
    out = tmp_path / "v1.yaml"
    out.write_text("questionnaire: customer-intimacy\ncompany: Acme\n", encoding="utf-8")
    _, script = run(out, ["", "CEO", "2", "", "", "q"])
    assert script.asked[:3] == [
        "respondent name (Enter = none)",
        "respondent role, e.g. CEO",
        "target discipline (1-3 or name)",
    ]
    assert saved(out)["questionnaire_version"] == "1.0.0"
    assert load_answers(str(out)).questionnaire.version == "1.0.0"
    assert not [s for s in script.said if isinstance(s, InitiativeView)]


def test_help_lists_the_inventory_keys(tmp_path: Path) -> None:
    _, script = run(tmp_path / "a.yaml", ["2", *REST, "?", "q"])
    text = script.notices("help")[-1]
    assert "e = engagement inventory.\nIn the engagement inventory: y = it runs" in text


def test_terminal_renders_an_initiative(tmp_path: Path) -> None:
    out = tmp_path / "oe.yaml"
    count = len(asked_ids("operational_excellence"))
    replies = ["1", *REST, *every_question(count), "y", "m", "b", "q"]
    screen = io.StringIO()
    prompt = TerminalPrompt(Console(file=screen, width=100), io.StringIO("\n".join(replies) + "\n"))
    run_interview(InterviewOptions(output=out, today=TODAY), prompt)
    text = screen.getvalue()
    first = V2.engagement_initiatives[0]
    assert "Engagement inventory" in text
    assert "Initiative 1 of 10 · 0 answered" in text
    assert f"{first.title}  {first.id}" in text
    assert "Current answer: runs, changed metrics  (Enter keeps it)" in text
