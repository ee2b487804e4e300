"""Shared model configuration."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class StrictModel(BaseModel):
    """Input model: unknown keys are errors; fields that must not be coerced use Strict types.

    pydantic's lax mode already refuses numbers for strings; levels and weights are
    StrictInt so that "3", 2.5 and true are errors rather than silently converted.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)


class FrozenModel(StrictModel):
    """Output model: immutable once built, with the same configuration as the inputs."""
