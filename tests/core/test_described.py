"""Report fields described by docstrings: every field has one, and the schema shows it."""

from __future__ import annotations

import importlib
import inspect
import sys
import types
from collections.abc import Iterator

import pytest
from pydantic import BaseModel, ConfigDict, Field

from ci_assess.core.models import described
from ci_assess.core.models.base import FrozenModel
from ci_assess.core.models.described import describe, field_docstrings

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


def test_no_report_field_pays_for_a_field_info_only_to_be_described() -> None:
    # Field(description=...) costs a FieldInfo per field at class creation: the
    # description belongs in the docstring (the module docstring of described.py).
    given = [
        f"{cls.__qualname__}.{name}"
        for cls in report_classes()
        for name, info in cls.model_fields.items()
        if info.description is not None
    ]
    assert given == []


class _Base(FrozenModel):
    model_config = ConfigDict(json_schema_extra=describe)

    inherited: int
    """Written in the base class."""


class _Sample(_Base):
    model_config = ConfigDict(serialize_by_alias=True)

    long: str
    """A description that a formatter wraps onto
       two lines: it is still one paragraph."""
    aliased: float = Field(alias="from")
    """Shown under the field's alias."""
    given: int = Field(description="Field's own description wins.")
    """Not this one."""
    plain: bool = False


def test_the_schema_shows_docstrings_as_one_paragraph_under_the_alias() -> None:
    properties = _Sample.model_json_schema(mode="serialization")["properties"]
    assert properties["long"]["description"] == (
        "A description that a formatter wraps onto two lines: it is still one paragraph."
    )
    assert properties["from"]["description"] == "Shown under the field's alias."
    assert properties["given"]["description"] == "Field's own description wins."
    assert properties["inherited"]["description"] == "Written in the base class."
    assert "description" not in properties["plain"]


def test_a_model_whose_source_cannot_be_read_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    module = types.ModuleType("ci_assess_no_source")  # no __file__, as in a frozen build
    monkeypatch.setitem(sys.modules, module.__name__, module)
    with pytest.raises(RuntimeError, match="the source of ci_assess_no_source is needed"):
        described._module_tree(module.__name__)
    described._module_tree.cache_clear()
