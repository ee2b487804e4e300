"""Shared model configuration, and the empty defaults of list and dict fields.

Building the model classes is a sixth of what one report costs (see
docs/performance.md), so: validators are built on first use (``defer_build``), list
and dict defaults come from Python functions, and the modules that every report
imports define their fields without ``from __future__ import annotations``, which would
make pydantic compile and eval every annotation string (a class that names itself,
``Condition``, quotes that one annotation).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

from ci_assess.core.models.described import describe


def empty_list() -> list[Any]:
    """``default_factory`` of an empty list field.

    A Python function, not the ``list`` type: pydantic inspects a factory's signature
    when it builds a schema, and for a builtin type that means tokenizing its text
    signature (compiling tokenize's patterns once per process).
    """
    return []


def empty_dict() -> dict[str, Any]:
    """``default_factory`` of an empty dict field (see ``empty_list``)."""
    return {}


class StrictModel(BaseModel):
    """Input model: unknown keys are errors; fields that must not be coerced use Strict types.

    pydantic's lax mode already refuses numbers for strings; levels and weights are
    StrictInt so that "3", 2.5 and true are errors rather than silently converted.
    """

    # defer_build: a class builds its validator on first use, not at import, so a
    # command pays only for the models it validates (the bundled questionnaire comes
    # from the pickle cache and validates nothing; --help and schema-less paths none).
    # json_schema_extra: a field is described by the docstring under it, which the
    # schema alone reads (core/models/described.py: a Field(description=...) would cost
    # a FieldInfo per field whenever the class is made).
    model_config = ConfigDict(
        extra="forbid", frozen=True, defer_build=True, json_schema_extra=describe
    )


class FrozenModel(StrictModel):
    """Output model: immutable once built, with the same configuration as the inputs."""
