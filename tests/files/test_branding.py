"""Branding: firm, logo as a data URI, accent colour; from options or a YAML config."""

from __future__ import annotations

import base64
import os
import struct
import threading
import zlib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ci_assess.core.branding import DEFAULT_ACCENT, DEFAULT_BRANDING, Branding, contrast
from ci_assess.errors import InputError
from ci_assess.files import yamlio
from ci_assess.files.branding import MAX_LOGO_BYTES, load_branding, logo_data_uri
from tests.conftest import DATA


def chunk(kind: bytes, body: bytes) -> bytes:
    """One PNG chunk: length, type, data, CRC."""
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png(width: int = 1, height: int = 1, header: bytes | None = None) -> bytes:
    """A real PNG: one grey pixel by default (8-bit greyscale)."""
    ihdr = header or struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00" + b"\x80" * width)  # filter byte, one row... enough
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def segment(marker: int, body: bytes) -> bytes:
    return bytes([0xFF, marker]) + struct.pack(">H", len(body) + 2) + body


JFIF = segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
SOF0 = segment(0xC0, struct.pack(">BHHB", 8, 40, 120, 1) + b"\x01\x11\x00")
PNG = png()
JPEG = b"\xff\xd8" + JFIF + b"\xff\x01\xff\xff" + SOF0 + b"\xff\xd9"  # TEM, fill bytes
SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>'


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def test_defaults() -> None:
    branding = load_branding()
    assert branding == Branding()
    assert (branding.firm, branding.logo, branding.accent) == (None, None, DEFAULT_ACCENT)
    assert branding.model_dump() == Branding(accent=DEFAULT_ACCENT).model_dump()
    assert branding is DEFAULT_BRANDING  # made once, without building the validator


@pytest.mark.parametrize(("given_", "stored"), [("#18B", "#1188bb"), (" #0F6E63 ", "#0f6e63")])
def test_accent_is_normalised(given_: str, stored: str) -> None:
    assert load_branding(accent=given_).accent == stored


@pytest.mark.parametrize(
    "accent", ["red", "#12345", "#1f5f8bff", "#ggg", "#1f5f8b;}</style>", "url(x)", " "]
)
def test_accent_must_be_a_hex_colour(accent: str) -> None:
    with pytest.raises(InputError) as caught:
        load_branding(accent=accent)
    assert "colour like #1f5f8b" in str(caught.value)
    assert caught.value.problems[0].source == "--accent"


@given(st.from_regex(r"#[0-9a-f]{6}", fullmatch=True))
def test_accent_ink_always_reads_on_white_and_tint(accent: str) -> None:
    branding = Branding(accent=accent)
    assert contrast(branding.accent_ink, "#ffffff") >= 4.5
    assert contrast(branding.accent_ink, branding.accent_tint) >= 4.5


def test_firm_is_one_line_and_blank_means_none() -> None:
    assert load_branding(firm="  Harbour &\n Reed ").firm == "Harbour & Reed"
    assert load_branding(firm="   ").firm is None
    with pytest.raises(InputError, match="--firm"):
        load_branding(firm="x" * 201)


@pytest.mark.parametrize(
    ("name", "data", "mime"),
    [("l.png", PNG, "image/png"), ("l.JPG", JPEG, "image/jpeg"), ("l.svg", SVG, "image/svg+xml")],
)
def test_logo_becomes_a_data_uri(tmp_path: Path, name: str, data: bytes, mime: str) -> None:
    uri = load_branding(logo=write(tmp_path, name, data)).logo
    assert uri is not None
    head, encoded = uri.split(",", 1)
    assert head == f"data:{mime};base64"
    assert base64.b64decode(encoded) == data


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("l.gif", b"GIF89a", "unsupported format '.gif'"),
        ("logo", PNG, "unsupported format '(none)'"),
        ("l.png", b"not a png", "content is not image/png"),
        ("l.jpeg", PNG, "content is not image/jpeg"),
        ("l.svg", b"<html></html>", "content is not image/svg+xml"),
        ("l.svg", b"\xff\xfe<\x00s\x00", "content is not image/svg+xml"),
        ("l.png", PNG + b"\x00" * MAX_LOGO_BYTES, "512.1 KiB, larger than the limit of 512 KiB"),
        # spoofed: the right first bytes, then anything
        ("l.png", PNG[:8] + b"garbage" * 8, "PNG does not start with an IHDR header"),
        ("l.png", PNG[:8] + b"\x00\x00", "PNG ends before its IHDR header"),
        ("l.png", PNG[:20] + b"\xff" + PNG[21:], "fails its checksum (CRC)"),
        ("l.png", png(0, 10), "PNG says it is 0x10 pixels"),
        ("l.png", png(70_000, 10), "PNG says it is 70000x10 pixels"),
        ("l.png", png(header=struct.pack(">IIBBBBB", 1, 1, 3, 2, 0, 0, 0)), "bit depth 3"),
        ("l.png", png(header=struct.pack(">IIBBBBB", 1, 1, 8, 0, 1, 0, 0)), "compression"),
        ("l.jpg", b"\xff\xd8\xff" + b"garbage" * 8, "no valid marker"),
        ("l.jpg", b"\xff\xd8" + JFIF[:6], "impossible length"),
        ("l.jpg", b"\xff\xd8" + JFIF + b"\xff\xda\x00\x02", "before a frame header"),
        ("l.jpg", b"\xff\xd8" + JFIF + b"\xff\xd9", "before a frame header"),
        ("l.jpg", b"\xff\xd8" + JFIF, "no valid marker"),
        ("l.jpg", b"\xff\xd8" + JFIF + b"\xff", "ends before its frame header"),
        ("l.jpg", b"\xff\xd8" + JFIF + b"\xff\xc0\x00", "ends inside a marker segment"),
        ("l.jpg", b"\xff\xd8" + segment(0xC0, b"\x08\x00\x00\x00\x10\x01\x01\x11\x00"), "16x0"),
        ("l.jpg", b"\xff\xd8" + segment(0xC0, b"\x08\x00"), "frame header is too short"),
        ("l.jpg", b"\xff\xd8" + segment(0xC2, b"\x08\x00\x10\x00\x10\x03"), "malformed"),
        ("l.jpg", PNG, "no JPEG start-of-image marker"),
        # an SVG must be XML with an <svg> root in the SVG namespace
        ("l.svg", b"<!-- <svg> -->\n<html><svg></svg></html>", "root element is <html>"),
        ("l.svg", b"<svg><rect/></svg>", "root element is <svg>, not <svg> in the SVG"),
        ("l.svg", b"text that mentions <svg in its first bytes", "not well-formed XML"),
        (
            "l.svg",
            b'<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY a "aaaa">]>\n'
            b'<svg xmlns="http://www.w3.org/2000/svg">&a;&a;</svg>',
            "SVG with a DOCTYPE or entity declarations is not accepted",
        ),
        (
            "l.svg",
            b'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/x.dtd">'
            b'<svg xmlns="http://www.w3.org/2000/svg"/>',
            "DOCTYPE",
        ),
    ],
)
def test_bad_logo_files(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    with pytest.raises(InputError, match="--logo") as caught:
        load_branding(logo=write(tmp_path, name, data))
    assert message in str(caught.value)


def test_missing_logo_and_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        load_branding(logo=tmp_path / "none.png")
    folder = tmp_path / "x.png"
    folder.mkdir()
    with pytest.raises(InputError, match="is a folder"):
        load_branding(logo=folder)


def test_an_oversized_logo_says_why_the_limit_is_there(tmp_path: Path) -> None:
    logo = write(tmp_path, "l.png", PNG + b"\x00" * MAX_LOGO_BYTES)
    with pytest.raises(InputError) as caught:
        load_branding(logo=logo)
    (problem,) = caught.value.problems
    assert problem.source == "--logo"
    assert problem.message == f"logo {logo}: is 512.1 KiB, larger than the limit of 512 KiB"
    assert problem.hint == "the logo is embedded in every report: export it smaller, or use SVG"


def test_a_logo_link_loop_and_a_fifo_are_named_as_such(tmp_path: Path) -> None:
    loop = tmp_path / "loop.png"
    loop.symlink_to(loop)
    with pytest.raises(InputError, match=r"logo .*loop\.png: is a symbolic link loop"):
        load_branding(logo=loop)
    fifo = tmp_path / "pipe.svg"
    os.mkfifo(fifo)
    config = tmp_path / "brand.yaml"
    config.write_text("firm: A\nlogo: pipe.svg\n")
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"/>'
    writer = threading.Thread(target=fifo.write_bytes, args=(svg,))
    writer.start()  # a pipe is read like a file (within the limit), not "not found"
    try:
        branding = load_branding(config)
    finally:
        writer.join(timeout=10)
    assert branding.logo == "data:image/svg+xml;base64," + base64.b64encode(svg).decode()


def test_a_logo_problem_in_a_config_names_the_config_line(tmp_path: Path) -> None:
    (tmp_path / "loop.png").symlink_to(tmp_path / "loop.png")
    config = tmp_path / "brand.yaml"
    config.write_text("firm: A\n\nlogo: loop.png\n")
    with pytest.raises(InputError) as caught:
        load_branding(config)
    (problem,) = caught.value.problems
    assert (problem.source, problem.line) == (str(config), 3)
    assert problem.message.startswith(f"logo {tmp_path / 'loop.png'}: is a symbolic link loop")


def test_a_config_is_composed_again_only_when_its_logo_is_wrong(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = []
    real = yamlio.compose_node

    def counting(loader: Any) -> Any:
        calls.append(1)
        return real(loader)

    monkeypatch.setattr(yamlio, "compose_node", counting)
    config = DATA / "brand" / "brand.yaml"
    yamlio.parse(str(config), config.read_text())
    parsing = len(calls)
    calls.clear()
    load_branding(config)
    assert len(calls) == parsing  # the happy path needs no line, so no second composition


def test_config_file_with_logo_relative_to_it() -> None:
    branding = load_branding(DATA / "brand" / "brand.yaml")
    assert branding.firm == "Harbour & Reed Consulting"
    assert branding.accent == "#0f6e63"
    assert branding.logo == logo_data_uri(DATA / "brand" / "logo.svg", "test")


def test_options_override_the_config(tmp_path: Path) -> None:
    logo = write(tmp_path, "other.png", PNG)
    branding = load_branding(DATA / "brand" / "brand.yaml", "Other Firm", logo, "#000")
    assert (branding.firm, branding.accent) == ("Other Firm", "#000000")
    assert branding.logo is not None and branding.logo.startswith("data:image/png;")


def test_config_with_only_some_keys(tmp_path: Path) -> None:
    config = tmp_path / "brand.yaml"
    config.write_text("firm: Solo\n")
    assert load_branding(config) == Branding(firm="Solo")


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("firm: A\ncolour: '#fff'\n", 2, "unknown key 'colour'"),
        ("firm: A\naccent: blue\n", 2, "colour like #1f5f8b"),
        ("firm: A\n\nlogo: missing.png\n", 3, "missing.png: file not found"),
        ("firm: [A, B]\n", 1, "firm"),
    ],
)
def test_config_errors_name_file_and_line(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    config = tmp_path / "brand.yaml"
    config.write_text(text)
    with pytest.raises(InputError) as caught:
        load_branding(config)
    problem = caught.value.problems[0]
    assert (problem.source, problem.line) == (str(config), line)
    assert message in problem.message


def test_missing_config_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="file not found"):
        load_branding(tmp_path / "brand.yaml")


def test_logo_must_be_a_data_uri() -> None:
    with pytest.raises(ValueError, match="pattern"):
        Branding(logo="javascript:alert(1)")
