"""Role groups, and what ``--anonymous`` hides: names, files, and roles too small to hide in.

Without ``--anonymous`` each role (exact match after trimming and case-folding) is its
own group, named as first written. With it, respondents become "Respondent 1..n" in
report order (role, then content hash); roles with fewer than ``POOL_MIN`` respondents
are pooled as "other roles"; a pool that is itself smaller than ``POOL_MIN`` joins the
smallest named role; and when no role reaches ``POOL_MIN``, per-role scores and blind
spots are withheld. Pure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ci_assess.core.combine import Voice, ordered, role_key

POOL_MIN = 3
"""The fewest respondents a role group may show under --anonymous."""
OTHER_ROLES = "other roles"


@dataclass(frozen=True)
class RoleGroup:
    """Respondents whose view is shown together, and the name it is shown under."""

    label: str
    voices: tuple[Voice, ...]
    keys: frozenset[str]
    """The role keys it holds (one without pooling)."""


@dataclass(frozen=True)
class Roles:
    """The role groups of a combined report."""

    groups: tuple[RoleGroup, ...]
    withheld: bool = False
    """True when no role reaches POOL_MIN under --anonymous: no per-role view is shown."""

    def label_of(self, voice: Voice) -> str:
        """The group ``voice`` is shown in."""
        return next(g.label for g in self.groups if voice in g.voices)


def by_role(voices: Sequence[Voice]) -> tuple[RoleGroup, ...]:
    """One group per role, sorted by role, each named as first written."""
    groups: dict[str, list[Voice]] = {}
    for v in ordered(voices):
        groups.setdefault(role_key(v.role), []).append(v)
    return tuple(
        RoleGroup(members[0].role, tuple(members), frozenset({key}))
        for key, members in groups.items()
    )


def pooled(voices: Sequence[Voice]) -> Roles:
    """The role groups under --anonymous (see the module's docstring)."""
    groups = by_role(voices)
    named = [g for g in groups if len(g.voices) >= POOL_MIN]
    small = [g for g in groups if len(g.voices) < POOL_MIN]
    if not named:
        everyone = RoleGroup(
            OTHER_ROLES, ordered(voices), frozenset(role_key(v.role) for v in voices)
        )
        return Roles((everyone,), withheld=True)
    if not small:
        return Roles(tuple(named))
    rest = tuple(v for g in small for v in g.voices)
    keys = frozenset(k for g in small for k in g.keys)
    if len(rest) >= POOL_MIN:
        return Roles((*named, RoleGroup(OTHER_ROLES, ordered(rest), keys)))
    smallest = min(named, key=lambda g: (len(g.voices), role_key(g.label)))
    merged = RoleGroup(
        f"{smallest.label} and {OTHER_ROLES}",
        ordered([*smallest.voices, *rest]),
        smallest.keys | keys,
    )
    return Roles(tuple(merged if g is smallest else g for g in named))


def roles(voices: Sequence[Voice], *, anonymous: bool) -> Roles:
    """The role groups: one per role, or pooled under --anonymous."""
    return pooled(voices) if anonymous else Roles(by_role(voices))


def labels(voices: Sequence[Voice], *, anonymous: bool) -> dict[str, str | None]:
    """Content hash -> how the report names the respondent: "Respondent N" under
    --anonymous (numbered in report order), else the name given (None: none)."""
    if anonymous:
        return {v.digest: f"Respondent {n}" for n, v in enumerate(ordered(voices), start=1)}
    return {v.digest: v.name for v in voices}
