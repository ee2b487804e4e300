"""A questionnaire migration: how the question ids of one version map to the next.

The mapping is data (``questionnaires/migrations/<id>-<from>-to-<to>.yaml``), written
by whoever writes the new version, so that ``ci-assess migrate`` can tell a consultant
which answers carry over unchanged and which need a fresh look.
"""

from __future__ import annotations

from typing import Literal, Self

from pydantic import Field, model_validator

from ci_assess.core.models.base import StrictModel, empty_list
from ci_assess.core.models.questionnaire import QuestionId

MappingKind = Literal["same", "split", "merged", "changed", "dropped"]


class VersionRef(StrictModel):
    """One end of a migration: a questionnaire id and its version."""

    questionnaire: str = Field(min_length=1)
    """Questionnaire id."""
    version: str = Field(min_length=1)
    """Its version, e.g. '1.0.0'."""


class QuestionMapping(StrictModel):
    """Where one old question went, and whether its answer still means the same."""

    to: list[QuestionId] = Field(default_factory=empty_list)
    """The new question ids this question maps to."""
    kind: MappingKind
    """same: the answer is copied; split, merged, changed: the new questions are left unanswered
    with the old answer as a comment; dropped: gone."""
    note: str | None = None
    """Why, for every kind but 'same'."""

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.kind == "same" and len(self.to) != 1:
            raise ValueError("kind 'same' maps to exactly one question")
        if self.kind == "dropped" and self.to:
            raise ValueError("kind 'dropped' maps to no question ('to' must be empty)")
        if self.kind not in {"same", "dropped"} and not self.to:
            raise ValueError(f"kind {self.kind!r} needs the new question(s) in 'to'")
        if self.kind != "same" and not self.note:
            raise ValueError(f"kind {self.kind!r} needs a 'note' saying why")
        return self


class Migration(StrictModel):
    """A migration file as read from YAML."""

    source: VersionRef = Field(alias="from")
    """The version answers come from."""
    target: VersionRef = Field(alias="to")
    """The version answers are moved to."""
    questions: dict[QuestionId, QuestionMapping] = Field(min_length=1)
    """Old question id -> where it went."""
