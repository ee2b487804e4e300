"""Model fields described by the docstring under each, put into the JSON schema only.

A field's description is read by nothing but the JSON schema, yet
``Field(description=...)`` makes pydantic build a ``FieldInfo`` when the class is
created and merge it with the annotation's: measured, that doubles what a field costs
(some 0.13 M instructions each; the report's 150 fields alone, 20 M on every run). So
fields are described the way pydantic's ``use_attribute_docstrings``
reads, by a string right under the field::

    score: float | None
    \"\"\"Overall maturity, 0-100 with one decimal. Null when nothing was answered.\"\"\"

and ``describe`` (``json_schema_extra`` of every model, base.StrictModel) adds them to the schema
when one is generated. pydantic's own option would parse the module's source when the
class is made, which is the cost this avoids: here the source is read only for a schema.

A docstring's lines are joined with single spaces: a description is one paragraph.
The docstring wins over a description its type carries (``Annotated[..., Field(description=...)]``).
"""

from __future__ import annotations

import ast
import functools
import inspect
import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel

__all__ = ["describe", "description", "field_docstrings"]


def describe(schema: dict[str, Any], cls: type[BaseModel]) -> None:
    """``json_schema_extra``: each property's description from its field's docstring."""
    properties = schema.get("properties")
    if not isinstance(properties, dict):
        return
    for name, text in field_docstrings(cls).items():
        info = cls.model_fields.get(name)
        if info is None:
            continue
        key = info.serialization_alias or info.alias or name
        if key not in properties or _repeats_ref(properties[key], info.annotation, text):
            continue
        # A new dict: pydantic may hand the same property schema to several places. The
        # field's text wins over its type's (``Score``'s, say), as Field(description=...)'s would.
        properties[key] = {**properties[key], "description": text}


def _repeats_ref(prop: dict[str, Any], annotation: Any, text: str) -> bool:
    """Whether ``text`` only repeats the description of the model the property refers to.

    pydantic leaves such a sibling of ``$ref`` out (it repeats the referenced schema),
    so a field described by ``Field(description=...)`` would not show it either.
    """
    doc = getattr(annotation, "__doc__", None)
    return "$ref" in prop and isinstance(doc, str) and inspect.cleandoc(doc) == text


def description(cls: type[BaseModel], name: str) -> str | None:
    """The description of field ``name`` of ``cls``: its docstring, else its type's."""
    written = field_docstrings(cls).get(name)
    return written if written is not None else cls.model_fields[name].description


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
    node = _class_node(_module_tree(module), qualname)
    if node is None:  # made at run time (pydantic's create_model): no source to read
        return {}
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


def _class_node(tree: ast.Module, qualname: str) -> ast.ClassDef | None:
    """The class statement of ``qualname`` in ``tree``, if the class is written there."""
    node: ast.AST = tree
    for part in qualname.split("."):
        found = [
            child
            for child in ast.iter_child_nodes(node)
            if isinstance(child, ast.ClassDef) and child.name == part
        ]
        if not found:
            return None
        node = found[-1]  # the last definition of a name is the one the module keeps
    return node if isinstance(node, ast.ClassDef) else None


@functools.cache
def _module_tree(module: str) -> ast.Module:
    path = getattr(sys.modules[module], "__file__", None)
    if path is None or not path.endswith(".py") or not Path(path).is_file():
        # Without its source a schema would silently lose every description.
        raise RuntimeError(f"the source of {module} is needed for its JSON schema: {path}")
    return ast.parse(Path(path).read_text(encoding="utf-8"))
