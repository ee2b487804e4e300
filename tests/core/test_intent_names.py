"""A target discipline by id, number, alias, title or prefix, in any case."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from ci_assess.cli import app
from ci_assess.core.intent_names import match_intent, refusal
from ci_assess.files.loading import load_questionnaire
from tests.conftest import VALID

V2 = load_questionnaire("customer-intimacy")
V1 = load_questionnaire("customer-intimacy@1.0.0")


@pytest.mark.parametrize(
    ("reply", "intent"),
    [
        ("customer_intimacy", "customer_intimacy"),
        ("2", "customer_intimacy"),
        ("ci", "customer_intimacy"),
        ("CI", "customer_intimacy"),
        ("cust", "customer_intimacy"),
        ("Customer Intimacy", "customer_intimacy"),
        ("customer-intimacy", "customer_intimacy"),
        ("1", "operational_excellence"),
        ("oe", "operational_excellence"),
        ("Operational", "operational_excellence"),
        ("3", "product_leadership"),
        ("PL", "product_leadership"),
        ("prod", "product_leadership"),
        ("4", "undecided"),
        ("und", "undecided"),
        ("UNDECIDED", "undecided"),
    ],
)
def test_every_way_to_name_a_discipline(reply: str, intent: str) -> None:
    assert match_intent(V2, reply).intent == intent


@pytest.mark.parametrize("reply", ["", "0", "5", "²", "x", "leadership", "intimacy"])
def test_what_names_none(reply: str) -> None:
    assert match_intent(V2, reply).matches == ()


def test_format_1_has_no_undecided_and_no_fourth_number() -> None:
    assert match_intent(V1, "4").intent is None
    assert match_intent(V1, "undecided").intent is None
    assert match_intent(V1, "cust").intent == "customer_intimacy"


def test_an_ambiguous_reply_lists_the_matches() -> None:
    mini = load_questionnaire(str(VALID / "mini.yaml"))
    renamed = mini.model_copy(
        update={
            "disciplines": [
                d.model_copy(update={"title": "Price leadership"})
                if d.id == "operational_excellence"
                else d
                for d in mini.disciplines
            ]
        }
    )
    found = match_intent(renamed, "pr")
    assert found.matches == ("operational_excellence", "product_leadership")
    assert found.intent is None
    assert refusal(renamed, found) == (
        "'pr' could be operational_excellence or product_leadership; type more of the name"
    )
    assert match_intent(renamed, "price").intent == "operational_excellence"


@pytest.mark.parametrize("given", ["ci", "2", "cust", "Customer intimacy"])
def test_target_options_accept_them(tmp_path: Path, runner: CliRunner, given: str) -> None:
    blank = runner.invoke(app, ["template", "--target", given])
    assert blank.exit_code == 0, blank.output
    assert "readiness.executive_owner" in blank.stdout  # kept for a customer-intimacy target

    out = tmp_path / "a.yaml"
    done = runner.invoke(
        app,
        ["interview", "-o", str(out), "--company", "Acme", "--role", "CEO", "--target", given],
        input="q\n",
    )
    assert done.exit_code == 0, done.output
    assert "target_discipline: customer_intimacy\n" in out.read_text(encoding="utf-8")


def test_the_target_prompt_takes_them_too(tmp_path: Path, runner: CliRunner) -> None:
    out = tmp_path / "a.yaml"
    done = runner.invoke(app, ["interview", "-o", str(out)], input="p\nprod\nAcme\n\nCEO\n\n\nq\n")
    assert done.exit_code == 0, done.output
    assert "not a discipline: 'p'" not in done.stdout  # 'p' is product_leadership alone
    assert "target_discipline: product_leadership\n" in out.read_text(encoding="utf-8")
