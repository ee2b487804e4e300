"""The consultancy's branding for the HTML report: firm name, logo and accent colour.

Everything here ends up inside the report, so each value is made safe where it is
built: the logo becomes a base64 ``data:`` URI (no file or network reference can
survive), the accent colour must be ``#rgb`` or ``#rrggbb`` (it is written into CSS,
where HTML escaping would not help), and the firm name is plain text that the
templates escape like any other value.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, ValidationError

from ci_assess import yamlio
from ci_assess.errors import InputError
from ci_assess.loading import validate_model
from ci_assess.models.base import FrozenModel, StrictModel

DEFAULT_ACCENT = "#1f5f8b"
# A logo is embedded in every report (and every page of a batch); keep reports light.
MAX_LOGO_BYTES = 512 * 1024
LOGO_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".svg": "image/svg+xml",
}
_MAGIC = {"image/png": b"\x89PNG\r\n\x1a\n", "image/jpeg": b"\xff\xd8\xff"}
_HEX_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3}){1,2}")
_DATA_URI = r"^data:image/(?:png|jpeg|svg\+xml);base64,[A-Za-z0-9+/]+=*$"


def _colour(value: str) -> str:
    """Accept ``#rgb`` or ``#rrggbb`` only, normalised to lower-case ``#rrggbb``."""
    value = value.strip()
    if not _HEX_COLOUR.fullmatch(value):
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

    firm: FirmName = Field(None, description="The consultancy's name, shown in the header.")
    logo: str | None = Field(
        None,
        pattern=_DATA_URI,
        description="The logo as a base64 data URI (PNG, JPEG or SVG); see logo_data_uri.",
    )
    accent: Colour = Field(DEFAULT_ACCENT, description="Accent colour, #rgb or #rrggbb.")

    @property
    def accent_ink(self) -> str:
        """A text colour in the accent's hue with at least 4.5:1 contrast (WCAG AA)."""
        return readable_ink(self.accent, self.accent_tint)

    @property
    def accent_tint(self) -> str:
        """The accent mixed with 90% white."""
        return mix(self.accent, "#ffffff", 0.9)


class BrandConfig(StrictModel):
    """The branding config file (YAML): every key optional, the logo relative to the file."""

    firm: FirmName = Field(None, description="The consultancy's name.")
    logo: str | None = Field(None, min_length=1, description="Logo file: PNG, JPEG or SVG.")
    accent: Colour | None = Field(None, description="Accent colour, #rgb or #rrggbb.")


def load_branding(
    config: Path | None = None,
    firm: str | None = None,
    logo: Path | None = None,
    accent: str | None = None,
) -> Branding:
    """Branding from a config file, each option given here overriding the file's value.

    Problems in the file are reported with its path and line; problems in an option
    name the option (``--accent``, ``--logo``).
    """
    logo_uri = logo_data_uri(logo, "--logo") if logo is not None else None
    if config is not None:
        file_firm, file_logo, file_accent = _from_config(config)
        firm = firm if firm is not None else file_firm
        logo_uri = logo_uri or file_logo
        accent = accent if accent is not None else file_accent
    try:
        return Branding(firm=firm, logo=logo_uri, accent=accent or DEFAULT_ACCENT)
    except ValidationError as exc:
        raise InputError.single(_option_of(exc), _first_message(exc)) from None


def _from_config(config: Path) -> tuple[str | None, str | None, str | None]:
    """Firm, logo data URI and accent from the config file (its logo relative to the file)."""
    source = str(config)
    text = yamlio.read_text(source)
    data = yamlio.parse(source, text)
    parsed = validate_model(BrandConfig, data, source, text)
    uri = None
    if parsed.logo is not None:
        line = yamlio.line_of(text, ("logo",))
        uri = logo_data_uri(config.parent / parsed.logo, source, line)
    return parsed.firm, uri, parsed.accent


def logo_data_uri(path: Path, source: str, line: int | None = None) -> str:
    """Embed a PNG, JPEG or SVG logo file as a base64 data URI.

    ``source`` (and ``line``) say where the path was given, so that an error points
    at the option or at the line of the config file.
    """
    mime = LOGO_TYPES.get(path.suffix.lower())
    if mime is None:
        raise InputError.single(
            source,
            f"logo {path}: unsupported format {path.suffix or '(none)'!r}",
            line,
            hint="use a PNG, JPEG or SVG file",
        )
    data = _read_logo(path, source, line)
    if not _looks_like(mime, data):
        raise InputError.single(
            source,
            f"logo {path}: the file's content is not {mime}",
            line,
            hint="check that the file is an image and its extension matches its type",
        )
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def _read_logo(path: Path, source: str, line: int | None) -> bytes:
    """The logo's bytes, refusing missing, unreadable and oversized files."""
    if not path.is_file():
        what = "is a folder" if path.is_dir() else "not found"
        raise InputError.single(source, f"logo {path}: {what}", line, hint="check the path")
    size = path.stat().st_size
    if size > MAX_LOGO_BYTES:
        raise InputError.single(
            source,
            f"logo {path}: {size // 1024} KiB is too large (limit {MAX_LOGO_BYTES // 1024} KiB)",
            line,
            hint="the logo is embedded in every report: export it smaller, or use SVG",
        )
    try:
        return path.read_bytes()
    except OSError as exc:
        msg = f"logo {path}: cannot be read: {exc.strerror}"
        raise InputError.single(source, msg, line) from None


def _looks_like(mime: str, data: bytes) -> bool:
    """A cheap content check, so that a renamed file is caught before the client sees it."""
    if mime in _MAGIC:
        return data.startswith(_MAGIC[mime])
    try:
        head = data[:4096].decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return "<svg" in head


def _option_of(exc: ValidationError) -> str:
    """The command-line option a validation error belongs to."""
    field = next((str(e["loc"][0]) for e in exc.errors() if e["loc"]), "branding")
    return f"--{field}"


def _first_message(exc: ValidationError) -> str:
    """The first problem's message, without pydantic's "Value error, " prefix."""
    err: Any = exc.errors(include_url=False)[0]
    return str(err["msg"]).removeprefix("Value error, ")


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
