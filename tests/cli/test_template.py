"""`ci-assess template`: the version it records, --target, and the engagement inventory."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from ci_assess.cli import app
from ci_assess.core.models.answers import EngagementEntry
from ci_assess.files.blank import applies
from ci_assess.files.loading import load_answers, load_questionnaire
from tests.conftest import ROOT, VALID


def template(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["template", *args])
    return result.exit_code, result.stdout, result.stderr


def filled(tmp_path: Path, text: str) -> Path:
    """The template with a company, saved where the tests can load it."""
    path = tmp_path / "client.yaml"
    path.write_text(text.replace('company: ""', "company: Client Co"), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("ref", "version"), [("customer-intimacy", "2.0.0"), ("customer-intimacy@1.0.0", "1.0.0")]
)
def test_the_version_is_always_written(
    runner: CliRunner, tmp_path: Path, ref: str, version: str
) -> None:
    code, out, err = template(runner, "--questionnaire", ref)
    assert code == 0, err
    assert f'\nquestionnaire_version: "{version}"\n' in out
    loaded = load_answers(str(filled(tmp_path, out)))
    assert loaded.answers.questionnaire_version == version
    assert loaded.questionnaire.version == version


def test_a_version_the_file_cannot_name_is_said(runner: CliRunner, tmp_path: Path) -> None:
    code, out, _ = template(runner, "--questionnaire", str(VALID / "mini.yaml"))
    assert code == 0
    assert "# questionnaire_version: not written, '0.1' is not of the form 2.0.0 or 2\n" in out
    assert load_answers(str(filled(tmp_path, out))).answers.questionnaire_version is None


@pytest.mark.parametrize(
    ("given", "intent"),
    [
        ("operational_excellence", "operational_excellence"),
        ("oe", "operational_excellence"),
        ("Product_Leadership", "product_leadership"),
        ("customer_intimacy", "customer_intimacy"),
        ("undecided", "undecided"),
    ],
)
def test_target_leaves_out_what_does_not_apply(
    runner: CliRunner, tmp_path: Path, given: str, intent: str
) -> None:
    code, out, err = template(runner, "--target", given)
    assert code == 0, err
    assert f"\ntarget_discipline: {intent}\n" in out
    questionnaire = load_questionnaire("customer-intimacy")
    target = questionnaire.resolve_intent(intent)
    expected = [q.id for q in questionnaire.questions if applies(questionnaire, q, target)]
    loaded = load_answers(str(filled(tmp_path, out)))
    assert list(yaml.safe_load(out)["answers"]) == expected
    assert loaded.answers.target_discipline == intent
    readiness = [q.id for q in questionnaire.questions if q.group == "readiness"]
    if intent in {"operational_excellence", "product_leadership"}:
        assert not set(readiness) & set(expected)
        assert (
            "  # --- Transformation readiness: not applicable for target "
            f"{intent} ({len(readiness)} questions left out) ---\n"
        ) in out
    else:
        assert set(readiness) <= set(expected)
        assert "not applicable" not in out


def test_without_target_every_question_with_its_rule_said(runner: CliRunner) -> None:
    code, out, _ = template(runner)
    assert code == 0
    questionnaire = load_questionnaire("customer-intimacy")
    assert list(yaml.safe_load(out)["answers"]) == [q.id for q in questionnaire.questions]
    assert (
        "  # --- Transformation readiness ---\n"
        "  # Applies only when the target is customer_intimacy or undecided.\n"
    ) in out
    assert (
        "\ntarget_discipline:  # operational_excellence | customer_intimacy | "
        "product_leadership | undecided\n"
    ) in out


def test_some_questions_of_a_group_left_out_are_named(runner: CliRunner, tmp_path: Path) -> None:
    source = ROOT / "questionnaires" / "customer-intimacy.yaml"
    text = source.read_text(encoding="utf-8")
    rule = "    applies_when: {intended: [customer_intimacy]}\n"
    marked = text.replace(
        "  - id: direction.walking_the_floor\n", "  - id: direction.walking_the_floor\n" + rule, 1
    )
    assert marked != text
    edited = tmp_path / "q.yaml"
    edited.write_text(marked, encoding="utf-8")
    code, out, err = template(runner, "--questionnaire", str(edited), "--target", "oe")
    assert code == 0, err
    assert "  # Not applicable for target operational_excellence, left out: " in out
    assert "direction.walking_the_floor:" not in out.replace(
        "left out: direction.walking_the_floor", ""
    )


@pytest.mark.parametrize(
    ("args", "allowed"),
    [
        (
            ["--target", "nope"],
            "1 = operational_excellence (oe) · 2 = customer_intimacy (ci) · "
            "3 = product_leadership (pl) · 4 = undecided",
        ),
        (
            ["--questionnaire", "customer-intimacy@1.0.0", "--target", "undecided"],
            "1 = operational_excellence · 2 = customer_intimacy · 3 = product_leadership",
        ),
    ],
)
def test_unknown_target_is_exit_2(runner: CliRunner, args: list[str], allowed: str) -> None:
    code, out, err = template(runner, *args)
    assert (code, out) == (2, "")
    assert f"--target: unknown discipline {args[-1]!r}; use {allowed}\n" in err


def test_engagement_inventory_is_a_commented_block_that_loads(
    runner: CliRunner, tmp_path: Path
) -> None:
    code, out, _ = template(runner)
    assert code == 0
    questionnaire = load_questionnaire("customer-intimacy")
    assert "engagement" not in yaml.safe_load(out)  # commented: the inventory is not taken
    for item in questionnaire.engagement_initiatives:
        assert f"  # {item.id}: {{runs: false}}\n" in out
        assert f"  #   {item.help.strip()}\n" in out
    # Uncommented as the block says, it is an inventory of initiatives that do not run.
    lines = out.splitlines()
    start = lines.index("# engagement:")
    lines[start] = "engagement:"
    for n in range(start + 1, len(lines)):
        if lines[n].endswith(": {runs: false}"):
            lines[n] = lines[n].replace("  # ", "  ", 1)
    loaded = load_answers(str(filled(tmp_path, "\n".join(lines) + "\n")))
    assert loaded.answers.engagement == {
        item.id: EngagementEntry(runs=False) for item in questionnaire.engagement_initiatives
    }


def test_format_1_has_no_inventory(runner: CliRunner) -> None:
    code, out, _ = template(runner, "--questionnaire", "customer-intimacy@1.0.0")
    assert code == 0
    assert "# engagement:" not in out and "Engagement inventory" not in out
