"""Immutable value records: the methods of a frozen dataclass, written once.

A dataclass (or a NamedTuple) builds its ``__init__``, ``__eq__``, ``__repr__`` and the
rest from generated source when its module is imported, in every process: some 3 M
instructions a class at the start of every command (issue 17). A ``Record`` subclass
names its fields in ``_fields`` (the order of its ``__init__``'s parameters), keeps
them in ``__slots__`` and sets them with ``set_field`` in its own ``__init__``; it is
then compared, hashed, shown, pickled, copied and replaced by those fields, and
refuses to be changed, as a frozen dataclass is.
"""

from __future__ import annotations

from typing import Any, ClassVar, Self

set_field = object.__setattr__
"""Sets a field of a record in its ``__init__`` (``__setattr__`` refuses)."""


class Record:
    """An immutable value compared, hashed, shown and pickled by its fields."""

    __slots__ = ()
    _fields: ClassVar[tuple[str, ...]] = ()

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self._fields)

    def replace(self, **changes: Any) -> Self:
        """A copy with ``changes`` (field name -> value), as ``dataclasses.replace``."""
        unknown = changes.keys() - set(self._fields)
        if unknown:
            raise TypeError(f"{type(self).__name__} has no field {sorted(unknown)[0]!r}")
        return type(self)(**{**dict(zip(self._fields, self._values(), strict=True)), **changes})

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{type(self).__name__}({fields})"

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable: cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable: cannot delete {name!r}")

    def __reduce__(self) -> tuple[type[Self], tuple[Any, ...]]:
        # Slots with a __setattr__ that refuses: rebuilt through __init__, positionally.
        return type(self), self._values()
