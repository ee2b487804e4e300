"""Report fields described by docstrings: every field has one, and the schema shows it."""

from __future__ import annotations

import ast
import importlib
import inspect
import sys
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import pytest
from pydantic import BaseModel, ConfigDict, Field

from ci_assess.core.models import described
from ci_assess.core.models.base import FrozenModel
from ci_assess.core.models.described import description, field_docstrings

REPORT_MODULES = (
    "ci_assess.core.models.report",
    "ci_assess.core.models.combined",
    "ci_assess.core.models.compared",
    "ci_assess.core.models.history",
    "ci_assess.core.models.outcome_report",
)


def report_classes() -> Iterator[type[BaseModel]]:
    """Every model class of the report's modules (the JSON report's contract)."""
    for name in REPORT_MODULES:
        module = importlib.import_module(name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, BaseModel) and cls.__module__ == name:
                yield cls


def test_every_report_field_is_described() -> None:
    missing = [
        f"{cls.__module__}.{cls.__qualname__}.{name}"
        for cls in report_classes()
        for name, info in cls.model_fields.items()
        if info.description is None and name not in field_docstrings(cls)
    ]
    assert missing == []
    assert sum(1 for _ in report_classes()) > 40, "the report's modules were not read"


DOCSTRING_MODULES = (
    *REPORT_MODULES,
    "ci_assess.core.models.questionnaire",
    "ci_assess.core.models.answers",
    "ci_assess.core.models.catalogue",
    "ci_assess.core.models.outcomes",
    "ci_assess.core.models.key_accounts",
    "ci_assess.core.models.migration",
    "ci_assess.core.branding",
    "ci_assess.files.brand_config",
)


def test_no_field_pays_for_a_field_info_only_to_be_described() -> None:
    # Field(description=...) costs a FieldInfo per field whenever the class is made:
    # the description belongs in the docstring (see the module docstring of described.py).
    given = []
    for name in DOCSTRING_MODULES:
        path = Path(importlib.import_module(name).__file__ or "")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            # A field's own Field(...); a type alias's Annotated[..., Field(...)] is made once.
            if (
                isinstance(node, ast.AnnAssign)
                and isinstance(node.value, ast.Call)
                and getattr(node.value.func, "id", None) == "Field"
                and any(keyword.arg == "description" for keyword in node.value.keywords)
            ):
                given.append(f"{path.name}:{node.lineno}")
    assert given == []


Scored = Annotated[float, Field(ge=0, le=100, description="A type's own description.")]


class _Base(FrozenModel):
    inherited: int
    """Written in the base class."""


class _Sample(_Base):
    model_config = ConfigDict(serialize_by_alias=True)

    long: str
    """A description that a formatter wraps onto
       two lines: it is still one paragraph."""
    aliased: float = Field(alias="from")
    """Shown under the field's alias."""
    scored: Scored
    """The field's text wins over its type's."""
    plain: bool = False


def test_the_schema_shows_docstrings_as_one_paragraph_under_the_alias() -> None:
    properties = _Sample.model_json_schema(mode="serialization")["properties"]
    assert properties["long"]["description"] == (
        "A description that a formatter wraps onto two lines: it is still one paragraph."
    )
    assert properties["from"]["description"] == "Shown under the field's alias."
    assert properties["scored"]["description"] == "The field's text wins over its type's."
    assert properties["scored"]["maximum"] == 100  # the type's constraints stay
    assert properties["inherited"]["description"] == "Written in the base class."
    assert "description" not in properties["plain"]


def test_a_model_whose_source_cannot_be_read_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    module = types.ModuleType("ci_assess_no_source")  # no __file__, as in a frozen build
    monkeypatch.setitem(sys.modules, module.__name__, module)
    with pytest.raises(RuntimeError, match="the source of ci_assess_no_source is needed"):
        described._module_tree(module.__name__)
    described._module_tree.cache_clear()


def test_description_is_the_docstring_else_the_type_s() -> None:
    assert description(_Sample, "scored") == "The field's text wins over its type's."
    assert description(_Sample, "plain") is None
