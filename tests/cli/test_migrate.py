"""`ci-assess migrate`: a 1.0.0 answers file moved to 2.0.0, through the real command line."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from ci_assess.app.assess import assess
from ci_assess.cli import app
from ci_assess.core.models.answers import Answer
from ci_assess.core.models.questionnaire import Questionnaire
from ci_assess.errors import InputError
from ci_assess.files.loading import load_answers, load_questionnaire
from ci_assess.files.migrations import check_migration, find_migration, load_migration
from tests.conftest import DATA, ROOT

V1 = DATA / "migrate" / "northwind-v1.yaml"
MAPPING = ROOT / "questionnaires" / "migrations"
MAPPING = MAPPING / "customer-intimacy-1-to-2.yaml"


def run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def migrated(runner: CliRunner, tmp_path: Path) -> tuple[Path, str]:
    out = tmp_path / "northwind-v2.yaml"
    code, stdout, stderr = run(runner, "migrate", str(V1), "-o", str(out))
    assert (code, stdout) == (0, ""), stderr
    return out, stderr


def _v1_answers() -> dict[str, Answer]:
    return load_answers(str(V1)).answers.answers


def _mapping() -> dict[str, dict[str, object]]:
    data = yaml.safe_load(MAPPING.read_text(encoding="utf-8"))
    questions: dict[str, dict[str, object]] = data["questions"]
    return questions


def test_the_v1_fixture_is_read_against_1_0_0() -> None:
    loaded = load_answers(str(V1))
    assert loaded.answers.questionnaire_version is None
    assert loaded.questionnaire.version == "1.0.0"


def test_every_same_answer_is_carried_and_the_file_scores_with_v2(
    migrated: tuple[Path, str],
) -> None:
    out, _ = migrated
    loaded = load_answers(str(out))
    assert loaded.questionnaire.version == "2.0.0"
    assert loaded.answers.questionnaire_version == "2.0.0"
    old = _v1_answers()
    same = {
        m["to"][0]: old[qid]  # type: ignore[index]
        for qid, m in _mapping().items()
        if m["kind"] == "same" and qid in old
    }
    assert len(same) > 20
    assert loaded.answers.answers == same  # nothing else is answered
    assert any(a.is_na for a in same.values())  # N/A carried
    assert any(a.note and a.evidence for a in same.values())  # notes and evidence carried
    report = assess(str(out))
    assert report.overall is not None
    assert report.questionnaire.version == "2.0.0"


def test_metadata_is_carried(migrated: tuple[Path, str]) -> None:
    out, _ = migrated
    old, new = load_answers(str(V1)).answers, load_answers(str(out)).answers
    for key in ("company", "assessed_on", "assessor", "respondent", "target_discipline"):
        assert getattr(new, key) == getattr(old, key), key
    assert new.questionnaire == "customer-intimacy"


def test_every_answer_not_carried_is_a_comment_above_its_questions(
    migrated: tuple[Path, str],
) -> None:
    out, stderr = migrated
    lines = out.read_text(encoding="utf-8").splitlines()
    old = _v1_answers()
    others = {qid: m for qid, m in _mapping().items() if m["kind"] != "same" and qid in old}
    assert len(others) >= 10
    for qid, mapping in others.items():
        for target in mapping["to"]:  # type: ignore[attr-defined]
            at = next(n for n, line in enumerate(lines) if line.startswith(f"  {target}:"))
            above = []
            for line in reversed(lines[:at]):
                if not line.startswith("  #"):
                    break
                above.append(line)
            heading = f"  # 1.0.0 {qid} ({mapping['kind']}): "
            assert any(line.startswith(heading) for line in above), (qid, target)
            answer = old[qid]
            said = f"level {answer.level}" if answer.level is not None else f"n/a ({answer.na})"
            assert any(line.startswith(heading + said) for line in above), (qid, target)
            if answer.note:
                assert f"  #   note: {answer.note}" in above, (qid, target)
    not_carried = [line for line in stderr.splitlines() if line.startswith("not carried: ")]
    assert len(not_carried) == len(others)
    assert [line.split(":")[1].strip() for line in not_carried] == list(others)
    assert stderr.splitlines()[-1] == (
        f"{out}: {len(old) - len(others)} answer(s) copied, {len(others)} not carried "
        "(left as comments), 16 question(s) new in 2.0.0"  # the 16 of docs/questionnaire-v2.md
    )


def test_split_question_example(migrated: tuple[Path, str]) -> None:
    out, stderr = migrated
    text = out.read_text(encoding="utf-8")
    assert (
        "  # 1.0.0 support.crm_access (split): level 3 Embedded\n"
        "  #   why: v1 asked about access and currency together; v2 asks each on its own.\n"
    ) in text
    assert "not carried: support.crm_access: split into support.crm_access, " in stderr
    assert "\n  support.crm_currency:\n" in text
    assert "\n  support.crm_access:\n" in text


def test_new_questions_are_marked(migrated: tuple[Path, str]) -> None:
    out, _ = migrated
    text = out.read_text(encoding="utf-8")
    assert "  # new: no 1.0.0 question asked this\n  readiness.programme:\n" in text
    assert "\n# engagement:\n  # Social-media customer care\n" in text  # the inventory to take


@pytest.mark.parametrize("where", ["same", "exists"])
def test_never_in_place_nor_over_a_file(runner: CliRunner, tmp_path: Path, where: str) -> None:
    source = Path(shutil.copy(V1, tmp_path / "northwind.yaml"))
    target = source if where == "same" else tmp_path / "taken.yaml"
    target.write_bytes(source.read_bytes())
    before = target.read_bytes()
    code, _, stderr = run(runner, "migrate", str(source), "-o", str(target))
    assert code == 2
    assert ("in place" if where == "same" else "never overwrites") in stderr
    assert target.read_bytes() == before


def test_in_place_through_another_path_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    source = Path(shutil.copy(V1, tmp_path / "northwind.yaml"))
    code, _, stderr = run(
        runner, "migrate", str(source), "-o", str(tmp_path / "sub" / ".." / "northwind.yaml")
    )
    assert code == 2 and "in place" in stderr


def test_stdout_is_not_an_output(runner: CliRunner) -> None:
    code, _, stderr = run(runner, "migrate", str(V1), "-o", "-")
    assert code == 2 and "give a file name" in stderr


def test_a_current_file_has_nothing_to_migrate(
    runner: CliRunner, migrated: tuple[Path, str], tmp_path: Path
) -> None:
    out, _ = migrated
    code, _, stderr = run(runner, "migrate", str(out), "-o", str(tmp_path / "again.yaml"))
    assert code == 2
    assert "no migration from questionnaire customer-intimacy 2.0.0" in stderr
    assert not (tmp_path / "again.yaml").exists()


def test_targets_of_groups_gone_are_dropped_and_said(runner: CliRunner, tmp_path: Path) -> None:
    text = V1.read_text(encoding="utf-8").replace(
        "answers:\n", "targets: {evaluation: 80, intimacy: 60}\nanswers:\n", 1
    )
    source = tmp_path / "with-targets.yaml"
    source.write_text(text, encoding="utf-8")
    out = tmp_path / "new.yaml"
    code, _, stderr = run(runner, "migrate", str(source), "-o", str(out))
    assert code == 0, stderr
    assert load_answers(str(out)).answers.targets == {"evaluation": 80}
    assert "not carried: targets.intimacy: no such group in 2.0.0" in stderr


FACTS = """\
industry: food distribution
size: mid
language: fr
currency: EUR
total_revenue: 91000000.0
outcomes:
  custom.onboarding_days:
    title: Days to onboard a key account
    unit: days
    better: lower
    baseline: {value: 40, on: 2025-06-30}
    today: {value: 28}
    target: 30
"""


def test_every_fact_about_the_company_is_carried_as_given(
    runner: CliRunner, tmp_path: Path
) -> None:
    # Before: industry, size, outcomes, money and language were silently dropped.
    source = tmp_path / "in" / "facts-v1.yaml"
    source.parent.mkdir()
    source.write_text(
        V1.read_text(encoding="utf-8").replace("answers:\n", FACTS + "answers:\n", 1),
        encoding="utf-8",
    )
    out = tmp_path / "out" / "facts-v2.yaml"
    out.parent.mkdir()
    code, _, stderr = run(runner, "migrate", str(source), "-o", str(out))
    assert code == 0, stderr
    old, new = load_answers(str(source)).answers, load_answers(str(out)).answers
    assert old.outcomes  # the fixture really gives them
    for key in ("industry", "size", "language", "currency", "total_revenue", "outcomes"):
        assert getattr(new, key) == getattr(old, key), key
    assert "carried as given: industry, size, outcomes, total_revenue, currency, language" in (
        stderr
    )


def test_a_file_path_fact_is_rebased_onto_the_new_folder(tmp_path: Path) -> None:
    from ci_assess.app.migrate import _rebased

    (tmp_path / "in").mkdir()
    (tmp_path / "out").mkdir()
    assert _rebased("customers.csv", tmp_path / "in", tmp_path / "out") == "../in/customers.csv"
    assert _rebased("/data/c.csv", tmp_path / "in", tmp_path / "out") == "/data/c.csv"


def test_a_bad_input_is_exit_2_with_its_line(runner: CliRunner, tmp_path: Path) -> None:
    source = tmp_path / "bad.yaml"
    source.write_text("questionnaire: customer-intimacy\ncompany: X\nanswers:\n  nope.nope: 1\n")
    code, _, stderr = run(runner, "migrate", str(source), "-o", str(tmp_path / "new.yaml"))
    assert code == 2
    assert f"{source}:4: answers: unknown question id 'nope.nope'" in stderr
    assert not (tmp_path / "new.yaml").exists()


def test_a_file_that_would_not_load_is_never_written(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ci_assess.app import migrate as use_case

    broken = "questionnaire: customer-intimacy\ncompany: X\nanswers: {nope.nope: 1}\n"
    monkeypatch.setattr(use_case, "commented_answers_yaml", lambda *args: broken)
    out = tmp_path / "new.yaml"
    code, _, stderr = run(runner, "migrate", str(V1), "-o", str(out))
    assert code == 3
    assert stderr.startswith("internal error: RuntimeError: migrated answers do not load")
    assert not out.exists()


def test_exit_codes_and_streams_in_a_subprocess(tmp_path: Path) -> None:
    out = tmp_path / "new.yaml"
    command = [sys.executable, "-m", "ci_assess", "migrate", str(V1), "-o", str(out)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert (done.returncode, done.stdout) == (0, "")
    assert "not carried: " in done.stderr and out.exists()
    again = subprocess.run(command, capture_output=True, text=True, check=False)
    assert again.returncode == 2
    assert "never overwrites" in again.stderr


def test_bundled_mapping_joins_the_bundled_versions() -> None:
    found = find_migration("customer-intimacy", "1.0.0")
    assert found is not None
    path, migration = found
    assert path == MAPPING
    old = load_answers(str(V1)).questionnaire
    check_migration(path, migration, old, load_questionnaire("customer-intimacy"))
    assert find_migration("customer-intimacy", "2.0.0") is None


def test_a_broken_mapping_is_reported_with_its_line(mini: Questionnaire, tmp_path: Path) -> None:
    mapping = tmp_path / "m.yaml"
    ids = [q.id for q in mini.questions]
    body = "".join(f"  {qid}: {{to: [{qid}], kind: same}}\n" for qid in ids[1:])
    mapping.write_text(
        "from: {questionnaire: mini, version: '0.1'}\nto: {questionnaire: mini, version: '0.1'}\n"
        f"questions:\n  {ids[0]}: {{to: [direction.nope], kind: same}}\n{body}",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        check_migration(mapping, load_migration(mapping), mini, mini)
    assert str(caught.value.problems[0]) == (
        f"{mapping}:4: {ids[0]}: 'direction.nope' is not a question of 0.1"
    )


def test_mapping_file_keys_are_checked(tmp_path: Path) -> None:
    mapping = tmp_path / "m.yaml"
    mapping.write_text(
        "from: {questionnaire: mini, version: '0.1'}\nto: {questionnaire: mini, version: '1'}\n"
        "questions:\n  direction.alpha: {to: [direction.alpha], kind: split}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        load_migration(mapping)
    assert "m.yaml:4" in str(caught.value) and "needs a 'note'" in str(caught.value)
