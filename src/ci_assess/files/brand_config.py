"""The branding config file's model (``report --brand FILE``).

In a module of its own so that a report without a config file does not make the
class (some 2.5 M instructions: pydantic inspects every field when a class is made).
"""

from __future__ import annotations

from pydantic import Field

from ci_assess.core.branding import Colour, FirmName
from ci_assess.core.models.base import StrictModel


class BrandConfig(StrictModel):
    """The branding config file (YAML): every key optional, the logo relative to the file."""

    firm: FirmName = None
    """The consultancy's name."""
    logo: str | None = Field(None, min_length=1)
    """Logo file: PNG, JPEG or SVG."""
    accent: Colour | None = None
    """Accent colour, #rgb or #rrggbb."""
