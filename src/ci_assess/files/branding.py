"""Load the consultancy's branding: the config file, the options, the logo file.

Everything here ends up inside the report, so each value is made safe where it is
built: the logo becomes a base64 ``data:`` URI (no file or network reference can
survive) and is checked to be the image its extension says (``files.images``
decodes its header; an SVG is parsed with defusedxml).
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ci_assess.core.branding import DEFAULT_ACCENT, DEFAULT_BRANDING, Branding
from ci_assess.errors import InputError, Problem
from ci_assess.files import images, inputs, yamlio
from ci_assess.files.loading import validate_model

# A logo is embedded in every report (and every page of a batch); keep reports light.
MAX_LOGO_BYTES = 512 * 1024
LOGO_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".svg": "image/svg+xml",
}
_LARGE_HINT = "the logo is embedded in every report: export it smaller, or use SVG"
_CHECKS = {
    "image/png": images.check_png,
    "image/jpeg": images.check_jpeg,
    "image/svg+xml": images.check_svg,
}


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
    if config is None and firm is None and logo is None and accent is None:
        return DEFAULT_BRANDING  # what Branding(accent=DEFAULT_ACCENT) is, made once
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
    from ci_assess.files.brand_config import BrandConfig  # its class made only when used

    parsed = validate_model(BrandConfig, data, source, text)
    uri = None
    if parsed.logo is not None:
        try:
            uri = logo_data_uri(config.parent / parsed.logo, source)
        except InputError as exc:
            # The line is looked up only now: it composes the config a second time.
            line = yamlio.line_of(text, ("logo",))
            raise InputError([p.replace(line=line) for p in exc.problems]) from None
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
    wrong = _CHECKS[mime](data)
    if wrong is not None:
        raise InputError.single(
            source,
            f"logo {path}: the file's content is not {mime}: {wrong}",
            line,
            hint="check that the file is an image and its extension matches its type; "
            "export an SVG as plain SVG (no DOCTYPE)",
        )
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def _read_logo(path: Path, source: str, line: int | None) -> bytes:
    """The logo's bytes, read like every input (bounded, links and kinds checked).

    Its problems are said at ``source`` and ``line``, where the logo was given.
    """
    try:
        return inputs.read_input(str(path), MAX_LOGO_BYTES, large_hint=_LARGE_HINT)
    except InputError as exc:
        raise InputError(
            [Problem(source, f"logo {p.source}: {p.message}", line, p.hint) for p in exc.problems]
        ) from None


def _option_of(exc: ValidationError) -> str:
    """The command-line option a validation error belongs to."""
    field = next((str(e["loc"][0]) for e in exc.errors() if e["loc"]), "branding")
    return f"--{field}"


def _first_message(exc: ValidationError) -> str:
    """The first problem's message, without pydantic's "Value error, " prefix."""
    err: Any = exc.errors(include_url=False)[0]
    return str(err["msg"]).removeprefix("Value error, ")
