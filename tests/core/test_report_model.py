"""The JSON report's contract: every field described, every key always present, every
part immutable, and no change to the schema without a new ``schema_version``."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from fractions import Fraction
from typing import Any

import jsonschema
import pytest
from pydantic import BaseModel, Field, ValidationError

from ci_assess.app.assess import assess
from ci_assess.core.gates import Gate, apply_gates
from ci_assess.core.models.questionnaire import Questionnaire
from ci_assess.core.models.report import SCHEMA_VERSION, Report
from ci_assess.core.scoring import score, score_input
from ci_assess.core.scoring_input import Levels, NotApplicable, ScoringInput
from ci_assess.files import schemas
from ci_assess.files.schemas import report_fingerprint, schema
from ci_assess.render.json_report import JsonRenderer
from tests.conftest import EXAMPLE, ROOT
from tests.core.test_scoring import answers_for

RECORD = ROOT / "schemas" / "report.schema.version"
CHANGELOG = ROOT / "CHANGELOG.md"


def objects(generated: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every object schema in the report schema: the top level and each of its $defs."""
    yield "Report", generated
    for name, node in generated.get("$defs", {}).items():
        if "properties" in node:
            yield name, node


# --- described and complete ------------------------------------------------------------


def test_every_property_has_a_description() -> None:
    missing = [
        f"{name}.{prop}"
        for name, node in objects(schema("report"))
        for prop, sub in node["properties"].items()
        if not str(sub.get("description", "")).strip()
    ]
    assert missing == [], "describe these fields with Field(description=...)"


def test_every_property_is_required_and_no_other_allowed() -> None:
    """The schema promises what the JSON holds: every key, always, and no other."""
    for name, node in objects(schema("report")):
        assert node["required"] == list(node["properties"]), name
        assert node["additionalProperties"] is False, name


def test_the_walk_covers_every_model() -> None:
    names = {name for name, _ in objects(schema("report"))}
    assert {"Report", "GroupResult", "Contribution", "Priority", "AnswerRow"} <= names
    count = sum(len(node["properties"]) for _, node in objects(schema("report")))
    assert count >= 88


def _branches(node: dict[str, Any], defs: dict[str, Any]) -> list[dict[str, Any]]:
    """The alternatives a value of ``node`` may take, with every $ref resolved."""
    if "$ref" in node:
        return _branches(defs[node["$ref"].rsplit("/", 1)[1]], defs)
    if "anyOf" in node:
        return [b for sub in node["anyOf"] for b in _branches(sub, defs)]
    return [node]


def assert_complete(value: Any, node: dict[str, Any], defs: dict[str, Any], where: str) -> None:
    """Every object holds exactly its schema's keys, in the schema's order, all the way down."""
    branches = _branches(node, defs)
    if isinstance(value, dict):
        (shape,) = [b for b in branches if "properties" in b]
        assert list(value) == list(shape["properties"]), where
        for key, item in value.items():
            assert_complete(item, shape["properties"][key], defs, f"{where}.{key}")
    elif isinstance(value, list):
        (array,) = [b for b in branches if b.get("type") == "array"]
        for i, item in enumerate(value):
            assert_complete(item, array["items"], defs, f"{where}[{i}]")


def fractional(mini: Questionnaire) -> Report:
    levels = Levels({"direction.alpha": Fraction(7, 3), "direction.beta": NotApplicable("no")})
    return score_input(mini, ScoringInput(company="Co", levels=levels))


def reports(mini: Questionnaire) -> dict[str, Report]:
    """Reports that leave out as much as a report can, and one that holds everything."""
    example = assess(str(EXAMPLE))
    everything_na = answers_for({q.id: {"na": "n/a"} for q in mini.questions})
    return {
        "example with gates": apply_gates(example, [Gate("overall", 10), Gate("direction", 99)]),
        "example": example,
        "nothing answered": score(mini, answers_for({})),
        "everything n/a": score(mini, everything_na),
        "fractional levels": fractional(mini),
    }


def test_every_key_is_always_present(mini: Questionnaire) -> None:
    generated = schema("report")
    validator = jsonschema.Draft202012Validator(generated)
    for case, report in reports(mini).items():
        data = json.loads(JsonRenderer().render(report))
        validator.validate(data)
        assert_complete(data, generated, generated["$defs"], case)


def test_absent_values_are_null_and_empty_lists_are_arrays(mini: Questionnaire) -> None:
    data = json.loads(JsonRenderer().render(score(mini, answers_for({}))))
    assert data["gates"] is None
    assert data["overall"]["score"] is None
    assert data["assessed_on"] is None
    assert data["priorities"] == []
    assert data["red_flags"] == []
    assert data["process_groups"][0]["contributions"] == []
    assert data["answers"][0]["note"] is None


def test_schema_version_leads_the_report() -> None:
    data = json.loads(JsonRenderer().render(assess(str(EXAMPLE))))
    assert next(iter(data)) == "schema_version"
    assert data["schema_version"] == SCHEMA_VERSION
    assert re.fullmatch(r"[0-9]+\.[0-9]+", SCHEMA_VERSION)
    published = json.loads((ROOT / "schemas" / "report.schema.json").read_text())
    assert next(iter(published["properties"])) == "schema_version"
    assert published["properties"]["schema_version"]["default"] == SCHEMA_VERSION


# --- versioned --------------------------------------------------------------------------


def recorded() -> list[tuple[str, str]]:
    """The (schema_version, fingerprint) lines of schemas/report.schema.version."""
    lines = RECORD.read_text(encoding="utf-8").splitlines()
    rows = [line.split() for line in lines if line.strip() and not line.startswith("#")]
    assert all(len(row) == 2 for row in rows), f"{RECORD}: each line is 'VERSION SHA256'"
    return [(version, digest) for version, digest in rows]


def _version(text: str) -> tuple[int, int]:
    major, minor = text.split(".")
    return int(major), int(minor)


def test_schema_changes_come_with_a_version_bump() -> None:
    current = report_fingerprint()
    table = dict(recorded())
    assert table.get(SCHEMA_VERSION) == current, (
        f"The report schema differs from the one recorded for schema_version "
        f"{SCHEMA_VERSION} in {RECORD.name}. Bump SCHEMA_VERSION in "
        "src/ci_assess/core/models/report.py (minor when keys were added, major when a "
        "key's meaning or type changed), add a CHANGELOG.md line under [Unreleased], "
        f"regenerate schemas/report.schema.json, and add the line "
        f"'NEW_VERSION {current}' to {RECORD.name}."
    )


def test_recorded_versions_only_grow() -> None:
    rows = recorded()
    versions = [_version(v) for v, _ in rows]
    assert versions == sorted(set(versions)), "versions must be listed once, in order"
    assert rows[-1][0] == SCHEMA_VERSION, "the last recorded version is the current one"
    assert len({digest for _, digest in rows}) == len(rows), "each version has its own schema"


def test_changelog_names_the_current_schema_version() -> None:
    assert f"`schema_version` {SCHEMA_VERSION}" in CHANGELOG.read_text(encoding="utf-8"), (
        f"add a CHANGELOG.md line naming `schema_version` {SCHEMA_VERSION}"
    )


class _WithKey(Report):
    added: int = Field(0, description="A key a later version might add.")


class _Retyped(Report):
    answered: float = Field(description="How many questions have a level.")  # type: ignore[assignment]


class _Reworded(Report):
    company: str = Field(description="Another wording of the same key.")


@pytest.mark.parametrize(
    ("model", "changed"), [(_WithKey, True), (_Retyped, True), (_Reworded, False)]
)
def test_fingerprint_sees_keys_and_types_not_wording(
    monkeypatch: pytest.MonkeyPatch, model: type[BaseModel], changed: bool
) -> None:
    before = report_fingerprint()
    monkeypatch.setitem(schemas.MODELS, "report", model)
    assert (report_fingerprint() != before) is changed


# --- immutable --------------------------------------------------------------------------


def mutable_parts(value: Any, where: str) -> Iterator[str]:
    """Where a report holds a list, dict or set (it must hold none)."""
    if isinstance(value, list | dict | set):
        yield where
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from mutable_parts(getattr(value, name), f"{where}.{name}")
    elif isinstance(value, tuple):
        for i, item in enumerate(value):
            yield from mutable_parts(item, f"{where}[{i}]")


def test_no_report_holds_a_mutable_container(mini: Questionnaire) -> None:
    for case, report in reports(mini).items():
        assert list(mutable_parts(report, case)) == []


def test_a_reports_lists_cannot_be_changed() -> None:
    report = apply_gates(assess(str(EXAMPLE)), [Gate("overall", 10)])
    with pytest.raises(AttributeError):
        report.unanswered.append("x")  # type: ignore[attr-defined]
    with pytest.raises(TypeError):
        report.priorities[0] = report.priorities[1]  # type: ignore[index]
    with pytest.raises(AttributeError):
        report.process_groups[0].contributions.clear()  # type: ignore[attr-defined]
    assert report.gates is not None
    with pytest.raises(TypeError):
        del report.gates[0]  # type: ignore[attr-defined]


def test_nested_attributes_cannot_be_changed() -> None:
    report = assess(str(EXAMPLE))
    with pytest.raises(ValidationError, match="frozen"):
        report.process_groups[0].score = 100.0  # type: ignore[misc]
    with pytest.raises(ValidationError, match="frozen"):
        report.method.scale[0].name = "Other"  # type: ignore[misc]
    with pytest.raises(ValidationError, match="frozen"):
        report.answers[0].disciplines = ()  # type: ignore[misc]
    with pytest.raises(ValidationError, match="frozen"):
        report.schema_version = "9.9"  # type: ignore[misc]
