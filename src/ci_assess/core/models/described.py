"""Report fields described by the docstring under each, put into the JSON schema only.

A field's description is read by nothing but the JSON schema, yet
``Field(description=...)`` makes pydantic build a ``FieldInfo`` when the class is
created and merge it with the annotation's: measured, that doubles what a field costs
(some 0.13 M instructions each; the plain report's 150 fields, 20 M on every run). So
the report's fields are described the way pydantic's ``use_attribute_docstrings``
reads, by a string right under the field::

    score: float | None
    \"\"\"Overall maturity, 0-100 with one decimal. Null when nothing was answered.\"\"\"

and ``describe`` (the report models' ``json_schema_extra``) adds them to the schema
when one is generated. pydantic's own option would parse the module's source when the
class is made, which is the cost this avoids: here the source is read only for a schema.

A docstring's lines are joined with single spaces: a description is one paragraph.
A field given ``Field(description=...)`` keeps that description.
"""

from __future__ import annotations

import ast
import functools
import inspect
import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel

__all__ = ["describe", "field_docstrings"]


def describe(schema: dict[str, Any], cls: type[BaseModel]) -> None:
    """``json_schema_extra``: each property's description from its field's docstring."""
    properties = schema.get("properties")
    if not isinstance(properties, dict):
        return
    for name, text in field_docstrings(cls).items():
        info = cls.model_fields.get(name)
        if info is None or info.description is not None:
            continue
        key = info.serialization_alias or info.alias or name
        if key in properties and "description" not in properties[key]:
            # A new dict: pydantic may hand the same property schema to several places.
            properties[key] = {**properties[key], "description": text}


def field_docstrings(cls: type) -> dict[str, str]:
    """The docstring under each annotated field of ``cls`` and of its bases (theirs first)."""
    found: dict[str, str] = {}
    for klass in reversed(cls.__mro__):
        if klass.__module__.startswith(("pydantic", "builtins")):
            continue
        found.update(_class_docstrings(klass.__module__, klass.__qualname__))
    return found


@functools.cache
def _class_docstrings(module: str, qualname: str) -> dict[str, str]:
    node: ast.AST = _module_tree(module)
    for part in qualname.split("."):
        node = next(
            child
            for child in ast.iter_child_nodes(node)
            if isinstance(child, ast.ClassDef) and child.name == part
        )
    assert isinstance(node, ast.ClassDef)
    docs: dict[str, str] = {}
    for statement, after in zip(node.body, node.body[1:], strict=False):
        if (
            isinstance(statement, ast.AnnAssign)
            and isinstance(statement.target, ast.Name)
            and isinstance(after, ast.Expr)
            and isinstance(after.value, ast.Constant)
            and isinstance(after.value.value, str)
        ):
            docs[statement.target.id] = " ".join(inspect.cleandoc(after.value.value).split())
    return docs


@functools.cache
def _module_tree(module: str) -> ast.Module:
    path = getattr(sys.modules[module], "__file__", None)
    if path is None or not path.endswith(".py") or not Path(path).is_file():
        # Without its source a schema would silently lose every description.
        raise RuntimeError(f"the source of {module} is needed for its JSON schema: {path}")
    return ast.parse(Path(path).read_text(encoding="utf-8"))
