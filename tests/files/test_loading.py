"""Loading: every class of bad input gives file, line, what is wrong and a hint."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

import pytest
import yaml
from pydantic import BaseModel, ConfigDict, Field

from ci_assess.app.validation import validate_file
from ci_assess.core.models.questionnaire import DisciplineId
from ci_assess.errors import InputError, Problem
from ci_assess.files import yamlio
from ci_assess.files.loading import MAX_SHOWN, load_answers, load_questionnaire, validate_model
from ci_assess.files.yamlio import MAX_DEPTH
from tests.conftest import ENGAGEMENT_INITIATIVE_IDS, EXAMPLE, INVALID, VALID

# file, line (None: the whole file), words the message must contain, words of the hint
CASES: list[tuple[str, int | None, str, str | None]] = [
    (
        "unknown-question.yaml",
        5,
        "unknown question id 'operational.complaint'",
        "operational.complaints",
    ),
    ("level-out-of-range.yaml", 5, "level 7 is outside the scale", "levels are 0..4"),
    ("level-not-integer.yaml", 4, "2.5 is not a level", None),
    ("level-string.yaml", 4, "level: '3' is text, not a number", "remove the quotes: level: 3"),
    # Shown as written (yes), not as YAML reads it (true).
    ("level-bool.yaml", 4, "yes is not a level: YAML reads yes as a boolean (true)", None),
    ("unknown-key.yaml", 3, "unknown key 'assesor'", "did you mean 'assessor'?"),
    ("unknown-answer-key.yaml", 4, "unknown key 'notes'", "did you mean 'note'?"),
    ("wrong-type.yaml", 2, "company: 42 is read by YAML as a number", 'quote it: company: "42"'),
    (
        "duplicate-answer.yaml",
        6,
        "'direction.value_proposition' appears twice (first on line 4)",
        None,
    ),
    ("malformed.yaml", 5, "is not valid YAML", "indentation"),
    ("python-tag.yaml", 2, "YAML tag not allowed", "plain data"),
    ("empty.yaml", None, "is empty", "ci-assess template"),
    ("comments-only.yaml", None, "is empty", None),
    ("binary.yaml", None, "is a binary file", None),
    (
        "unknown-questionnaire.yaml",
        1,
        "unknown questionnaire 'customer-intimasy'",
        "did you mean 'customer-intimacy'?",
    ),
    ("level-and-na.yaml", 4, "give either 'level' or 'na'", None),
    ("not-a-mapping.yaml", 1, "must hold a mapping", None),
    ("bad-date.yaml", 3, "assessed_on", None),
    # PyYAML reads these as a date and an int, and its own constructors then fail.
    ("impossible-date.yaml", 3, "'2026-02-30' is not a valid date", "YYYY-MM-DD"),
    ("forced-tag.yaml", 5, "'three' is not a valid whole number", "'!!' tag"),
    # Shown as 62.3 but compared as 62.25 otherwise: refused, with the value to write.
    ("target-two-decimals.yaml", 4, "62.25 has more than one decimal", None),
    # The line of the mapping that lacks the key: the top level's is line 1.
    ("missing-company.yaml", 1, "required key 'company' is missing", "add it: company: …"),
    (
        "unknown-target-group.yaml",
        3,
        "targets: unknown group 'directon'",
        "did you mean 'direction'?",
    ),
]


@pytest.mark.parametrize(("name", "line", "message", "hint"), CASES, ids=[c[0] for c in CASES])
def test_bad_answers_file(name: str, line: int | None, message: str, hint: str | None) -> None:
    path = str(INVALID / name)
    with pytest.raises(InputError) as caught:
        load_answers(path)
    problem = caught.value.problems[0]
    assert problem.source == path
    assert problem.line == line
    assert message in problem.message
    if hint:
        assert problem.hint is not None and hint in problem.hint
    assert str(problem).startswith(f"{path}:{line}:" if line else f"{path}:")


def test_missing_file() -> None:
    with pytest.raises(InputError, match="file not found"):
        load_answers("no/such/file.yaml")


def test_folder_is_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a folder"):
        load_answers(str(tmp_path))


def test_non_utf8_text(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("company: Caf\xe9\n".encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8"):
        load_answers(str(path))


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    path = tmp_path / "many.yaml"
    path.write_text(
        "questionnaire: customer-intimacy\ncompany: X\nanswers:\n"
        "  direction.value_propositon: 3\n  operational.complaints: 9\n"
    )
    with pytest.raises(InputError) as caught:
        load_answers(str(path))
    assert [p.line for p in caught.value.problems] == [4, 5]


def test_bad_questionnaire_reports_each_problem() -> None:
    with pytest.raises(InputError) as caught:
        validate_file(str(INVALID / "questionnaire-bad.yaml"))
    problems = caught.value.problems
    assert [p.line for p in problems] == [5, 6, 20]
    assert problems[0].hint == 'quote it: name: "No"'
    assert "less than or equal to 5" in problems[2].message


def _line(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line of the ``occurrence``-th line that contains ``needle``."""
    hits = [n for n, line in enumerate(text.splitlines(), 1) if needle in line]
    return hits[occurrence - 1]


def test_questionnaire_consistency_rules(tmp_path: Path) -> None:
    """Rules across fields: each problem names the line of the key it is about."""
    text = (VALID / "mini.yaml").read_text()
    cases = [
        # file, original text, replacement, line of the key (needle, occurrence), message
        ("twice", "id: direction.beta", "id: direction.alpha", ("id: direction.alpha", 2),
         r"question 'direction.alpha' is declared twice"),
        ("prefix", "id: support.alpha", "id: direction.gamma", ("id: direction.gamma", 1),
         r"id must start with its group 'support'"),
        ("levels", "    4: alpha at level 4\n", "", ("  levels:", 1),
         r"describe every level [0, 1, 2, 3, 4]"),
        ("flag", "question: readiness.executive_owner", "question: readiness.owner",
         ("question: readiness.owner", 1),
         "red flag 'no_accountable_executive': unknown question"),
    ]  # fmt: skip
    for name, old, new, (needle, occurrence), message in cases:
        changed = text.replace(old, new, 1)
        path = tmp_path / f"{name}.yaml"
        path.write_text(changed)
        with pytest.raises(InputError) as caught:
            load_questionnaire(str(path))
        problem = caught.value.problems[0]
        assert message in problem.message, name
        assert problem.line == _line(changed, needle, occurrence), name
    threshold = tmp_path / "threshold.yaml"
    threshold.write_text(text.replace("  leadership: 70\n", "  leadership: 70.04\n", 1))
    with pytest.raises(InputError) as caught:
        load_questionnaire(str(threshold))
    assert str(caught.value.problems[0]).startswith(
        f"{threshold}:18: thresholds.leadership: 70.04 has more than one decimal"
    )


def test_questionnaire_path_is_relative_to_the_answers_file() -> None:
    loaded = load_answers(str(VALID / "mini-answers.yaml"))
    assert loaded.questionnaire.id == "mini"


def test_blank_answers_are_unanswered(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(
        "questionnaire: customer-intimacy\ncompany: X\nanswers:\n  direction.value_proposition:\n"
    )
    assert load_answers(str(path)).answers.answers == {}


def test_bundled_example_is_valid() -> None:
    loaded = load_answers(str(EXAMPLE))
    assert loaded.answers.company == "Northwind Traders"
    assert loaded.questionnaire.id == "customer-intimacy"


def test_bundled_questionnaire_covers_the_contract() -> None:
    """The current bundled questionnaire (2.0.0) holds every id the format-2 spec pins."""
    q = load_questionnaire("customer-intimacy")
    assert (q.format, q.version) == (2, "2.0.0")
    process = ["direction", "operational", "evaluation", "support", "organizational_behaviour"]
    assert [g.id for g in q.groups if g.kind == "process"] == process
    assert [g.id for g in q.groups if g.kind == "maturity"] == ["key_accounts", "tailoring"]
    blocks = [g for g in q.groups if g.kind == "position"]
    assert [g.discipline for g in blocks] == list(DisciplineId)
    for block in blocks:
        weights = [x.weight for x in q.questions if x.group == block.id]
        assert (len(weights), sum(weights)) == (6, 18), block.id
    pinned = {
        *(f"key_accounts.{e}" for e in KEY_ACCOUNT_ELEMENTS),
        *(f"readiness.{r}" for r in READINESS_PINNED),
        "direction.strategic_choice",
    }
    assert pinned <= set(q.question_map)
    assert [e.id for e in q.engagement_initiatives] == list(ENGAGEMENT_PINNED)
    assert set(FLAGS_PINNED) <= {f.id for f in q.red_flags}
    for question in q.questions:
        assert question.id.startswith(question.group + ".")
        assert question.recommendation and question.text and question.help
        assert question.phase and question.owner and question.horizon


KEY_ACCOUNT_ELEMENTS = (
    "selection",
    "planning",
    "execution",
    "manager_selection",
    "organisation",
    "measurement",
    "coaching",
)
READINESS_PINNED = (
    "programme",
    "executive_owner",
    "senior_team",
    "focus",
    "success_criteria",
    "progress_reviews",
    "time_horizon",
)
ENGAGEMENT_PINNED = ENGAGEMENT_INITIATIVE_IDS
FLAGS_PINNED = (
    "no_accountable_executive",
    "campaign_not_operating_model",
    "too_many_initiatives",
    "pseudo_intimacy",
    "incentives_not_aligned",
    "no_lifetime_value_measurement",
    "no_baseline_metrics",
    "relationships_at_risk_from_turnover",
    "key_accounts_stuck_at_price",
    "no_segmentation",
    "kam_only_in_sales",
    "engagement_counts_as_success",
    "short_time_horizon",
)


def test_bundled_version_1_still_covers_its_contract() -> None:
    q = load_questionnaire("customer-intimacy@1.0.0")
    process = ["direction", "operational", "evaluation", "support", "organizational_behaviour"]
    assert [g.id for g in q.groups if g.kind == "process"] == process
    for group in process:
        count = sum(1 for question in q.questions if question.group == group)
        assert 5 <= count <= 8, group
    for discipline in ("operational_excellence", "product_leadership"):
        assert any(discipline in question.disciplines for question in q.questions)
    assert (q.thresholds.leadership, q.thresholds.parity, q.thresholds.lead_margin) == (70, 50, 10)
    assert {"no_accountable_executive", "campaign_not_operating_model", "too_many_initiatives"} <= {
        f.id for f in q.red_flags
    }
    for question in q.questions:
        assert question.id.startswith(question.group + ".")
        assert question.recommendation and question.text and question.help


def _answers(tmp_path: Path, body: str, name: str = "a.yaml") -> str:
    path = tmp_path / name
    path.write_text("questionnaire: customer-intimacy\ncompany: X\n" + body, encoding="utf-8")
    return str(path)


def _problems(path: str) -> list[Problem]:
    with pytest.raises(InputError) as caught:
        load_answers(path)
    return caught.value.problems


@pytest.mark.parametrize("key", ["str", "int", "[x]", "[key]", "function-after[x]", "0"])
def test_keys_named_like_pydantic_parts_are_keys(tmp_path: Path, key: str) -> None:
    """pydantic's own loc parts are told from the file's keys by position, not by name."""
    path = _answers(tmp_path, f"'{key}': 1\nrespondent: {{'{key}': 1}}\n")
    top, nested = _problems(path)
    assert (top.line, top.message) == (3, f"unknown key {key!r}")
    assert (nested.line, nested.message) == (4, f"respondent: unknown key {key!r}")
    assert nested.hint == "respondent takes name, role; remove the others"


def test_union_and_tagged_union_tags_are_not_keys() -> None:
    """Members' tags (int, Cat, the discriminator's value) and [key] stay out of paths."""

    class Cat(BaseModel):
        model_config = ConfigDict(extra="forbid")
        kind: Literal["cat"]
        lives: int

    class Dog(BaseModel):
        model_config = ConfigDict(extra="forbid")
        kind: Literal["dog"]
        good: bool

    class Zoo(BaseModel):
        model_config = ConfigDict(extra="forbid")
        pet: Annotated[Cat | Dog, Field(discriminator="kind")]
        either: int | Cat
        counts: dict[int, int]

    text = "pet: {kind: cat, lives: many}\neither: {kind: cat, lives: 1, str: 2}\ncounts: {a: 1}\n"
    with pytest.raises(InputError) as caught:
        validate_model(Zoo, yaml.safe_load(text), "zoo.yaml", text)
    shown = [(p.line, p.message) for p in caught.value.problems]
    assert (
        1,
        "pet.lives: Input should be a valid integer, unable to parse string as an integer",
    ) in shown
    assert (2, "either: Input should be a valid integer") in shown
    assert (2, "either: unknown key 'str'") in shown
    assert any(line == 3 and m.startswith("counts: key 'a': ") for line, m in shown)


@pytest.mark.parametrize("count", [10, 1000])
def test_error_path_composes_at_most_twice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, count: int
) -> None:
    """Every problem's line comes from one composition, whatever the number of problems."""
    # The questionnaire the file names, loaded (and cached) first, so that only the
    # answers file's own compositions are counted, whatever ran before this test.
    load_answers(_answers(tmp_path, "", name="warm.yaml"))
    calls = []
    real = yamlio.compose_node

    def counting(loader: Any) -> Any:
        calls.append(1)
        return real(loader)

    monkeypatch.setattr(yamlio, "compose_node", counting)
    body = "answers:\n" + "".join(f"  direction.unknown_{n:04d}: 3\n" for n in range(count))
    path = _answers(tmp_path, "assesor: Y\n" + body)
    for check in (load_answers, validate_file):
        calls.clear()
        with pytest.raises(InputError) as caught:
            check(path)
        assert len(calls) <= 2, check
        problems = caught.value.problems
        assert len(problems) == min(count + 1, MAX_SHOWN) + (count + 1 > MAX_SHOWN)
        if count + 1 > MAX_SHOWN:
            assert problems[-1].message == f"… and {count + 1 - MAX_SHOWN} more problems"
        assert problems[0].message == "unknown key 'assesor'"  # in line order


def test_long_keys_and_values_are_cut_and_not_suggested(tmp_path: Path) -> None:
    key = "assessor" + "x" * 10_000
    problem = _problems(_answers(tmp_path, f"? {key}\n: 1\nanswers:\n  ? '{'3' * 5000}'\n  : x\n"))[
        0
    ]
    assert problem.message == f"unknown key '{key[:80]}…'"
    assert problem.hint is not None and "did you mean" not in problem.hint


MESSAGES = [
    # body, line, column, message, hint
    ('company2: 1\n', 3, None, "unknown key 'company2'", "did you mean 'company'?"),
    ("assessed_on: 01.12.2026\n", 3, None, "assessed_on: ", "YYYY-MM-DD: 2026-12-01"),
    ("answers:\n\tdirection.value_proposition: 3\n", 4, 1, "indented with a tab", "spaces"),
    ('answers:\n  direction.value_proposition: "3"\n', 4, None, "'3' is text, not a level",
     "remove the quotes: 3"),
    ("answers:\n  direction.value_proposition: {level: yes}\n", 4, None,
     "level: yes is not a whole number: YAML reads it as a boolean (true)", "whole number"),
    ("assessor: a\x07b\n", 3, 12, "U+0007 (BEL, the bell)", "remove it"),
    # An id, read as text since format 2 (aliases, undecided): a YAML boolean is said so.
    ("target_discipline: no\n", 3, None,
     "target_discipline: no is read by YAML as a boolean (false), not as text", "quote it"),
]  # fmt: skip


@pytest.mark.parametrize(("body", "line", "column", "message", "hint"), MESSAGES)
def test_messages_say_where_and_how_to_fix(
    tmp_path: Path, body: str, line: int, column: int | None, message: str, hint: str
) -> None:
    problem = _problems(_answers(tmp_path, body))[0]
    assert (problem.line, problem.column) == (line, column)
    assert message in problem.message
    assert problem.hint is not None and hint in problem.hint


@pytest.mark.parametrize(
    ("company", "message", "hint"),
    [
        ("1984", "company: 1984 is read by YAML as a number, not as text",
         'quote it: company: "1984"'),
        ('""', "company is empty", "fill in the company"),
        ("yes", "company: yes is read by YAML as a boolean (true), not as text",
         'quote it: company: "yes"'),
    ],
)  # fmt: skip
def test_company_messages(tmp_path: Path, company: str, message: str, hint: str) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(f"questionnaire: customer-intimacy\ncompany: {company}\n")
    problem = _problems(str(path))[0]
    assert (problem.line, problem.message, problem.hint) == (2, message, hint)


def test_missing_key_names_the_line_of_its_mapping(tmp_path: Path) -> None:
    text = (VALID / "mini.yaml").read_text()
    changed = text.replace("\n  text: ", "\n  txt: ", 1)
    path = tmp_path / "q.yaml"
    path.write_text(changed)
    with pytest.raises(InputError) as caught:
        load_questionnaire(str(path))
    missing = next(p for p in caught.value.problems if "missing" in p.message)
    assert missing.message.endswith("required key 'text' is missing")
    lines = changed.splitlines()
    key_line = _line(changed, "  txt: ")
    item_line = max(n for n in range(1, key_line) if lines[n - 1].startswith("- "))
    assert missing.line == item_line
    assert missing.hint is not None and "add it to questions[" in missing.hint


def test_every_stage_is_reported_in_one_run(tmp_path: Path) -> None:
    """Keys, values, ids and levels: one run finds them all (ids even when types fail)."""
    path = _answers(
        tmp_path,
        "assesor: Y\nassessed_on: 13.13.2026\ntargets: {directon: 50}\nanswers:\n"
        "  direction.value_propositon: 3\n  operational.complaints: 9\n"
        "  direction.market_screening: {level: 2, notes: x}\n",
    )
    shown = [(p.line, p.message.split(":")[0]) for p in _problems(path)]
    assert [line for line, _ in shown] == [3, 4, 5, 7, 8, 9]
    messages = " ".join(p.message for p in _problems(path))
    for words in ("unknown key 'assesor'", "a valid date", "unknown group 'directon'",
                  "unknown question id 'direction.value_propositon'",
                  "level 9 is outside the scale", "unknown key 'notes'"):  # fmt: skip
        assert words in messages


def test_a_questionnaire_named_in_a_file_is_never_quoted(tmp_path: Path) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text("SECRET_TOKEN_abc: 1\nother: [SECRET_VALUE\n")
    path = str(tmp_path / "a.yaml")
    Path(path).write_text(f"questionnaire: {secret}\ncompany: X\n")
    (problem,) = _problems(path)
    assert "SECRET" not in str(problem)
    assert problem.line == 1 and "is not a valid questionnaire (1 problem, the first on line" in (
        problem.message
    )
    # Named on the command line, the file's own problems are shown as they are.
    with pytest.raises(InputError) as caught:
        load_answers(path, questionnaire_override=str(secret))
    assert "SECRET" not in str(caught.value) or caught.value.problems[0].source == str(secret)


def test_anchors_and_aliases_are_refused_in_answers_files(tmp_path: Path) -> None:
    path = _answers(tmp_path, "assessor: &who Dana\nrespondent: {name: *who}\n")
    for check in (load_answers, validate_file):
        with pytest.raises(InputError) as caught:
            check(path)
        (problem,) = caught.value.problems
        assert (problem.line, problem.message) == (
            3, "anchors and aliases are not allowed in answers files"
        )  # fmt: skip


def test_questionnaires_may_use_aliases_within_limits(tmp_path: Path) -> None:
    text = (VALID / "mini.yaml").read_text()
    aliased = text.replace("  - id: direction\n", "  - &first id: direction\n", 1)
    path = tmp_path / "q.yaml"
    path.write_text(aliased)
    assert load_questionnaire(str(path)).id == "mini"
    laughs = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    pairs = zip("abcdefgh", "bcdefghi", strict=True)
    laughs += [f"{c}: &{c} [{', '.join([f'*{p}'] * 10)}]" for p, c in pairs]
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("\n".join(laughs) + "\n")
    with pytest.raises(InputError, match="aliases expand it to more than 250,000 values"):
        load_questionnaire(str(bomb))
    loop = tmp_path / "loop.yaml"
    loop.write_text("a: &a [1, *a]\n")
    with pytest.raises(InputError, match="refers to a collection that contains it"):
        load_questionnaire(str(loop))


def _nested(kind: str, depth: int) -> str:
    """``depth`` levels of mappings and sequences in several YAML styles."""
    if kind == "flow":
        return "a: " + "[" * (depth - 1) + "]" * (depth - 1) + "\n"
    if kind == "block":
        return "".join(f"{'  ' * n}k{n}:\n" for n in range(depth)) + f"{'  ' * depth}v\n"
    if kind == "compact":  # '- - - x': sequences nested on one line
        return "a:\n" + "- " * (depth - 1) + "x\n"
    if kind == "indentless":  # a sequence at its key's column, mapping inside, and so on
        return "a:\n" + (
            "".join(f"{'  ' * n}- k{n}:\n" for n in range(depth // 2))
            + "  " * (depth // 2)
            + "- x\n"
        )
    raise AssertionError(kind)


@pytest.mark.parametrize("kind", ["flow", "block", "compact", "indentless"])
def test_nesting_deeper_than_the_limit_is_refused(kind: str) -> None:
    """The cheap bounds that skip the event scan never let a too-deep file through."""
    assert isinstance(yamlio.parse("ok.yaml", _nested(kind, MAX_DEPTH - 1)), dict)
    with pytest.raises(InputError) as caught:
        yamlio.parse("deep.yaml", _nested(kind, MAX_DEPTH + 2))
    (problem,) = caught.value.problems
    assert problem.message == f"is nested more than {MAX_DEPTH} levels deep"
    assert problem.line is not None


def test_ten_thousand_levels_are_refused_with_a_line() -> None:
    for text in ("[" * 10_000 + "]" * 10_000, "a:\n" + "- " * 10_000 + "x\n"):
        with pytest.raises(InputError, match="nested more than 64 levels") as caught:
            yamlio.parse("deep.yaml", text)
        assert caught.value.problems[0].line is not None
