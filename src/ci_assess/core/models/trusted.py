"""Report parts built from values scoring has already made exact, without validating again.

Scoring builds some 220 small report objects per answers file (an answer row for every
question, a contribution for every answered one, every priority and its reason, every
group), from data that was validated when it was read: validating each object again
was the largest part of what scoring costs (issue 17, docs/performance.md). ``built``
makes the same object as ``cls(**values)`` without that second validation: the
field values as given, the defaults of the fields not given, the same set of fields
given (``model_fields_set``); the object is a real, frozen instance of the model, and
serialises through the model's own serializer, so its JSON follows the published
schema.

The caller must pass exactly what validation would have produced: every required
field, no unknown one, each value of the field's own type (a ``float`` field a
``float``, a tuple field a ``tuple``). ``CHECK`` (set by the test suite) builds every
object both ways and fails on any difference of value or type, so a call site that
would rely on coercion fails the tests instead of changing a report.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel

__all__ = ["CHECK", "Prepared", "built", "built_from", "prepared"]

M = TypeVar("M", bound=BaseModel)

CHECK = False
"""Build each object both ways and compare them (the test suite turns this on)."""

# Defaults that can be shared between objects: nothing mutable is ever handed out twice.
_SHAREABLE = (tuple, str, int, float, bool, type(None))
_REQUIRED = object()
_TEMPLATES: dict[type[BaseModel], dict[str, Any]] = {}
_set = object.__setattr__
# BaseModel defines no ``__new__``: calling object's directly skips looking it up on the
# class, which goes through the model metaclass's slower attribute hook.
_new = object.__new__


def _template(cls: type[BaseModel]) -> dict[str, Any]:
    """Every field of ``cls`` in declaration order, with its default (or ``_REQUIRED``).

    Serialisation follows the schema's field order, not the dict's; keeping the
    declared order anyway makes the object's ``__dict__`` what validation builds.
    """
    if cls.__new__ is not _new:
        raise TypeError(f"{cls.__name__} defines __new__: built cannot skip it")
    template: dict[str, Any] = {}
    for name, info in cls.model_fields.items():
        if info.is_required():
            template[name] = _REQUIRED
            continue
        default = info.get_default(call_default_factory=True)
        if not isinstance(default, _SHAREABLE):
            raise TypeError(f"{cls.__name__}.{name}: a mutable default cannot be shared")
        template[name] = default
    _TEMPLATES[cls] = template
    return template


def built(cls: type[M], /, **values: Any) -> M:
    """``cls(**values)`` for values already of the fields' types, without validating."""
    template = _TEMPLATES.get(cls) or _template(cls)
    instance = _new(cls)
    # Given values replace the defaults in place: the dict keeps the declared order.
    _set(instance, "__dict__", {**template, **values})
    _set(instance, "__pydantic_fields_set__", set(values))
    _set(instance, "__pydantic_extra__", None)
    _set(instance, "__pydantic_private__", None)
    if CHECK:
        _compare(cls(**values), instance)
    return instance


class Prepared(Generic[M]):
    """A model's fields with some of them already given (``prepared``), for objects that
    share those values: one answer row per question, whatever its answer."""

    __slots__ = ("cls", "given", "names", "values")

    def __init__(self, cls: type[M], given: dict[str, Any]) -> None:
        self.cls = cls
        self.given = given
        self.names = frozenset(given)
        template = _TEMPLATES.get(cls) or _template(cls)
        self.values = {**template, **given}


def prepared(cls: type[M], /, **given: Any) -> Prepared[M]:
    """The fields of ``cls`` with ``given`` filled in, for ``built_from``."""
    return Prepared(cls, given)


def built_from(base: Prepared[M], /, **values: Any) -> M:
    """``built(base.cls, **base.given, **values)``, copying the prepared fields instead of
    merging every field again (a copy of a dict is one C call)."""
    fields = base.values.copy()
    fields.update(values)
    names = set(base.names)  # a set, as validation makes it (model_copy adds to it)
    names.update(values)
    instance = _new(base.cls)
    _set(instance, "__dict__", fields)
    _set(instance, "__pydantic_fields_set__", names)
    _set(instance, "__pydantic_extra__", None)
    _set(instance, "__pydantic_private__", None)
    if CHECK:
        _compare(base.cls(**{**base.given, **values}), instance)
    return instance


def _compare(validated: BaseModel, fast: BaseModel) -> None:
    """Fail unless both objects hold the same fields, values and value types."""
    # repr shows every value with its type's own repr (3 and 3.0, a tuple and a list).
    if (
        repr(validated) != repr(fast)
        or list(validated.__dict__) != list(fast.__dict__)
        or list(map(type, validated.__dict__.values())) != list(map(type, fast.__dict__.values()))
        or validated.model_fields_set != fast.model_fields_set
        or validated != fast
    ):
        raise AssertionError(
            f"built({type(fast).__name__}) differs from validation:\n"
            f"  validated {validated!r}\n  built     {fast!r}"
        )
