"""The consultancy's branding for the HTML report (firm name, logo, accent colour): the model.

Everything here ends up inside the report, so each value is made safe where it is
built: the logo becomes a base64 ``data:`` URI (no file or network reference can
survive), the accent colour must be ``#rgb`` or ``#rrggbb`` (it is written into CSS,
where HTML escaping would not help), and the firm name is plain text that the
templates escape like any other value.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field

from ci_assess.core.models.base import FrozenModel
from ci_assess.core.models.trusted import built

DEFAULT_ACCENT = "#1f5f8b"
_HEX_COLOUR = r"#(?:[0-9a-fA-F]{3}){1,2}"  # compiled by re when a --brand file is read
_DATA_URI = r"^data:image/(?:png|jpeg|svg\+xml);base64,[A-Za-z0-9+/]+=*$"


def _colour(value: str) -> str:
    """Accept ``#rgb`` or ``#rrggbb`` only, normalised to lower-case ``#rrggbb``."""
    value = value.strip()
    if not re.fullmatch(_HEX_COLOUR, value):
        raise ValueError(f"the accent must be a colour like #1f5f8b or #18b, not {value!r}")
    digits = value[1:].lower()
    return "#" + (digits if len(digits) == 6 else "".join(c * 2 for c in digits))


def _firm(value: object) -> object:
    """One line of text; an empty name means no name. Other types fail validation later."""
    if not isinstance(value, str):
        return value
    return " ".join(value.split()) or None


Colour = Annotated[str, AfterValidator(_colour)]
FirmName = Annotated[Annotated[str, Field(max_length=200)] | None, BeforeValidator(_firm)]


class Branding(FrozenModel):
    """What the HTML report shows of the consultancy that hands it over."""

    firm: FirmName = None
    """The consultancy's name, shown in the header."""
    logo: str | None = Field(None, pattern=_DATA_URI)
    """The logo as a base64 data URI (PNG, JPEG or SVG); see logo_data_uri."""
    accent: Colour = DEFAULT_ACCENT
    """Accent colour, #rgb or #rrggbb."""

    @property
    def accent_ink(self) -> str:
        """A text colour in the accent's hue with at least 4.5:1 contrast (WCAG AA)."""
        return readable_ink(self.accent, self.accent_tint)

    @property
    def accent_tint(self) -> str:
        """The accent mixed with 90% white."""
        return mix(self.accent, "#ffffff", 0.9)


DEFAULT_BRANDING = built(Branding)
"""``Branding()``: no firm, no logo, the default accent. Made once without validation
(see models/trusted.py), so that a report rendered with no branding given does not
build the model's validator for it (some 1.9 M instructions)."""


# --- colour arithmetic (WCAG 2 relative luminance) --------------------------------


def _rgb(colour: str) -> tuple[float, float, float]:
    """``#rrggbb`` as three channels from 0 to 1."""
    return (
        int(colour[1:3], 16) / 255,
        int(colour[3:5], 16) / 255,
        int(colour[5:7], 16) / 255,
    )


def _hex(rgb: tuple[float, float, float]) -> str:
    """Three channels from 0 to 1 as ``#rrggbb``."""
    return "#" + "".join(f"{round(max(0.0, min(1.0, c)) * 255):02x}" for c in rgb)


def mix(colour: str, other: str, amount: float) -> str:
    """``colour`` moved ``amount`` (0..1) of the way towards ``other``."""
    a, b = _rgb(colour), _rgb(other)
    r, g, bl = (x + (y - x) * amount for x, y in zip(a, b, strict=True))
    return _hex((r, g, bl))


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance of an ``#rrggbb`` colour."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: str, two: str) -> float:
    """WCAG 2 contrast ratio between two colours (1 to 21)."""
    high, low = sorted((luminance(one), luminance(two)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def readable_ink(colour: str, background: str, ratio: float = 4.5) -> str:
    """``colour``, darkened in small steps until it reaches ``ratio`` on ``background``.

    A consultancy's accent is often a light brand colour; headings in it must still
    pass WCAG AA, so the hue is kept and only the lightness gives way.
    """
    ink = colour
    step = 0
    while contrast(ink, background) < ratio and step < 20:
        step += 1
        ink = mix(colour, "#000000", step * 0.05)
    return ink
