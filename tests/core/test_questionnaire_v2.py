"""Questionnaire format 2 and the answers-file additions: every rule with its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from ci_assess.errors import InputError
from ci_assess.files.loading import load_answers, load_questionnaire, resolve_questionnaire

CURRENT = resolve_questionnaire("customer-intimacy")


def _edited(tmp_path: Path, *edits: tuple[str, str]) -> Path:
    """The bundled 2.0.0 file with text replaced (each edit must apply exactly once)."""
    text = CURRENT.read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = tmp_path / "q.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _in_question(qid: str, old: str, new: str) -> tuple[str, str]:
    """An edit inside one question's entry: (its whole entry, the entry edited)."""
    text = CURRENT.read_text(encoding="utf-8")
    start = text.index(f"  - id: {qid}\n")
    end = text.index("\n  - id:", start + 1)
    entry = text[start:end]
    assert entry.count(old) == 1, old
    return entry, entry.replace(old, new)


def _problems(path: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_questionnaire(str(path))
    return [str(p) for p in caught.value.problems]


def _line_of(path: Path, needle: str, nth: int = 1) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    hits = [n for n, line in enumerate(lines, start=1) if needle in line]
    return hits[nth - 1]


def test_bundled_2_0_0_loads() -> None:
    q = load_questionnaire("customer-intimacy")
    assert q.format == 2
    assert q.resolve_intent("oe") == "operational_excellence"
    assert q.resolve_intent("undecided") == "undecided"
    assert q.resolve_intent("nonsense") is None


def test_position_blocks_of_unequal_weight_are_an_error_with_the_line(tmp_path: Path) -> None:
    path = _edited(
        tmp_path,
        _in_question("position_product_leadership.range_novelty", "weight: 4", "weight: 5"),
    )
    (problem,) = _problems(path)
    line = _line_of(path, "- id: position_product_leadership")
    assert f"q.yaml:{line}:" in problem
    assert "same total weight" in problem and "position_product_leadership 19" in problem


def test_a_block_of_five_questions_is_an_error(tmp_path: Path) -> None:
    path = _edited(
        tmp_path,
        (
            "  - id: position_product_leadership.idea_sourcing\n"
            "    group: position_product_leadership",
            "  - id: tailoring.idea_sourcing\n    group: tailoring",
        ),
    )
    problems = _problems(path)
    assert any("has 5 questions; every block has exactly 6" in p for p in problems)


def test_a_prerequisite_cycle_is_an_error_with_its_line(tmp_path: Path) -> None:
    path = _edited(
        tmp_path,
        (
            '    recommendation: "Hold a leadership session that states the chosen discipline'
            " in one sentence, sets the level that is good enough in the other two, and lists "
            'three decisions that will now be taken differently."\n    phase: understand\n'
            "    prerequisites: []",
            '    recommendation: "Hold a leadership session."\n    phase: understand\n'
            "    prerequisites: [direction.value_proposition]",
        ),
    )
    (problem,) = _problems(path)
    assert "prerequisites form a cycle" in problem
    assert "direction.strategic_choice" in problem and "direction.value_proposition" in problem
    assert f":{_line_of(path, 'prerequisites: [direction.value_proposition]')}:" in problem


def test_an_unknown_prerequisite_is_an_error_with_its_line(tmp_path: Path) -> None:
    path = _edited(
        tmp_path,
        _in_question(
            "direction.value_proposition",
            "prerequisites: [direction.strategic_choice]",
            "prerequisites: [direction.strategic_choise]",
        ),
    )
    (problem,) = _problems(path)
    assert "unknown prerequisite 'direction.strategic_choise'" in problem
    assert f":{_line_of(path, 'direction.strategic_choise')}:" in problem


def test_titles_are_unique_across_groups_and_disciplines(tmp_path: Path) -> None:
    path = _edited(
        tmp_path, ("    title: Customer-intimacy position\n", "    title: Customer intimacy\n")
    )
    (problem,) = _problems(path)
    assert "title 'Customer intimacy' is used twice" in problem
    # The second use is the one flagged: the discipline's, after the group's.
    assert f":{_line_of(path, 'title: Customer intimacy', 3)}:" in problem


def test_format_2_keys_in_a_format_1_file_say_how_to_fix(tmp_path: Path) -> None:
    path = _edited(tmp_path, ("format: 2\n", ""))
    problems = _problems(path)
    assert any("add 'format: 2'" in p for p in problems)


def test_required_question_keys_and_unknown_references(tmp_path: Path) -> None:
    path = _edited(
        tmp_path,
        _in_question("direction.strategic_choice", "    owner: CEO\n", ""),
        (
            "    questions: [readiness.pilot]\n    transformation: true\n  - id: choose",
            "    questions: [readiness.pilots]\n    transformation: true\n  - id: choose",
        ),
        (
            "      - {question: evaluation.baseline_metrics, at_least: 3}\n  - id: leadership",
            "      - {question: evaluation.baseline_metric, at_least: 3}\n  - id: leadership",
        ),
    )
    problems = _problems(path)
    assert any("'owner' is required in format 2" in p for p in problems)
    assert any("action 'pick_pilot': unknown question 'readiness.pilots'" in p for p in problems)
    assert any("criterion 'pilot_metrics_baselined': unknown question" in p for p in problems)


@pytest.mark.parametrize(
    ("condition", "message"),
    [
        ("{verdict: [engagement_without_intimacy], below: 3}", "takes no 'below'"),
        ("{question: readiness.focus, below: parity}", "not a threshold"),
        ("{intent: [customer_intimacy], pattern: [unfocused]}", "exactly one subject"),
        ("{position: customer_intimacy}", "exactly one of 'below' or 'at_least'"),
    ],
)
def test_conditions_take_one_subject_and_one_test(
    tmp_path: Path, condition: str, message: str
) -> None:
    path = _edited(
        tmp_path,
        (
            "      - {question: readiness.executive_owner, below: 2}\n",
            f"      - {condition}\n",
        ),
    )
    (problem,) = _problems(path)
    assert message in problem


# --- answers ------------------------------------------------------------------------------


def _answers(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "a.yaml"
    path.write_text("questionnaire: customer-intimacy\ncompany: X\n" + body, encoding="utf-8")
    return path


def test_an_answers_file_without_a_version_is_read_against_1_0_0(tmp_path: Path) -> None:
    loaded = load_answers(str(_answers(tmp_path, "answers:\n  intimacy.value_journey: 2\n")))
    assert loaded.questionnaire.version == "1.0.0"


@pytest.mark.parametrize("version", ["2.0.0", "2"])
def test_an_answers_file_names_its_version(tmp_path: Path, version: str) -> None:
    body = f'questionnaire_version: "{version}"\ntarget_discipline: oe\n'
    loaded = load_answers(str(_answers(tmp_path, body)))
    assert loaded.questionnaire.version == "2.0.0"
    # An alias is resolved once, on loading: everything after sees the discipline id.
    assert loaded.answers.target_discipline == "operational_excellence"


def test_an_unknown_version_names_the_bundled_ones(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        load_answers(str(_answers(tmp_path, 'questionnaire_version: "3"\n')))
    (problem,) = caught.value.problems
    assert problem.line == 3
    assert "has no version '3'" in problem.message and "1.0.0, 2.0.0" in (problem.hint or "")


def test_a_version_that_is_not_the_files_is_an_error(tmp_path: Path) -> None:
    mini = Path(__file__).parents[1] / "data" / "valid" / "mini.yaml"
    path = tmp_path / "a.yaml"
    path.write_text(f'questionnaire: {mini}\nquestionnaire_version: "2.0.0"\ncompany: X\n')
    with pytest.raises(InputError) as caught:
        load_answers(str(path))
    (problem,) = caught.value.problems
    assert (problem.line, "but the questionnaire is version 0.1" in problem.message) == (2, True)


def test_unknown_targets_and_initiatives_are_errors_with_lines(tmp_path: Path) -> None:
    body = (
        'questionnaire_version: "2"\ntarget_discipline: product_leader\n'
        "engagement:\n  social_customer_care: {runs: true, changed: [metrics]}\n"
        "  online_comunity: {runs: false}\n"
    )
    with pytest.raises(InputError) as caught:
        load_answers(str(_answers(tmp_path, body)))
    target, initiative = caught.value.problems
    assert (target.line, initiative.line) == (4, 7)
    assert target.hint == "did you mean 'product_leadership'?"
    assert initiative.hint == "did you mean 'online_community'?"


def test_an_inventory_against_a_format_1_questionnaire_says_so(tmp_path: Path) -> None:
    body = "engagement:\n  social_customer_care: {runs: true}\n"
    with pytest.raises(InputError) as caught:
        load_answers(str(_answers(tmp_path, body)))
    assert "no engagement inventory (format 2 only)" in (caught.value.problems[0].hint or "")


def test_an_initiative_that_does_not_run_changed_nothing(tmp_path: Path) -> None:
    body = (
        'questionnaire_version: "2"\nengagement:\n  co_creation: {runs: false, changed: [hiring]}\n'
    )
    with pytest.raises(InputError) as caught:
        load_answers(str(_answers(tmp_path, body)))
    assert "remove 'changed'" in caught.value.problems[0].message
