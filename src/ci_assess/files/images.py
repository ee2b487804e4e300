"""Is a logo the image it says it is? Small pure-Python checks, no imaging library.

A logo goes into every report a client receives, so a renamed or spoofed file is
caught before it gets there: a PNG's IHDR chunk and a JPEG's markers up to the
frame header are decoded (not just their first bytes), and an SVG is parsed as XML
with defusedxml, which refuses a DOCTYPE and entities (the billion-laughs and
external-entity attacks), and must have an ``<svg>`` root in the SVG namespace.

Each check returns None for a good image, or what is wrong with it.
"""

from __future__ import annotations

import struct
import zlib

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring

SVG_ROOT = "{http://www.w3.org/2000/svg}svg"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Larger sides are legal but not a logo: most likely a corrupt or crafted header.
MAX_SIDE = 16384
# Bit depths allowed for each PNG colour type (PNG spec, table 11.1).
_PNG_DEPTHS = {0: {1, 2, 4, 8, 16}, 2: {8, 16}, 3: {1, 2, 4, 8}, 4: {8, 16}, 6: {8, 16}}
# JPEG frame headers (SOF0-SOF15 but DHT C4, JPG C8 and DAC CC), which give the size.
_JPEG_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
_JPEG_STANDALONE = frozenset({0x01, *range(0xD0, 0xD8)})  # TEM, RST0-7: no length


def check_png(data: bytes) -> str | None:
    """The PNG signature, then an IHDR chunk with a valid CRC and a sane header."""
    if not data.startswith(PNG_SIGNATURE):
        return "no PNG signature"
    chunk = data[8 : 8 + 25]
    if len(chunk) < 25:
        return "PNG ends before its IHDR header"
    length, kind = struct.unpack(">I4s", chunk[:8])
    if kind != b"IHDR" or length != 13:
        return "PNG does not start with an IHDR header"
    body, (crc,) = chunk[8:21], struct.unpack(">I", chunk[21:25])
    if zlib.crc32(kind + body) != crc:
        return "PNG header fails its checksum (CRC): the file is damaged"
    width, height, depth, colour, compression, filtering, interlace = struct.unpack(
        ">IIBBBBB", body
    )
    if depth not in _PNG_DEPTHS.get(colour, set()):
        return f"PNG has an invalid colour type {colour} / bit depth {depth}"
    if (compression, filtering) != (0, 0) or interlace not in {0, 1}:
        return "PNG header names an unknown compression, filter or interlace method"
    return _check_size("PNG", width, height)


def check_jpeg(data: bytes) -> str | None:
    """SOI, then well-formed marker segments up to a frame header (SOF) with a size."""
    if not data.startswith(b"\xff\xd8"):
        return "no JPEG start-of-image marker"
    at = 2
    while True:
        if at >= len(data) or data[at] != 0xFF:
            return "JPEG has no valid marker where one must be"
        while at < len(data) and data[at] == 0xFF:  # fill bytes may pad a marker
            at += 1
        if at >= len(data):
            return "JPEG ends before its frame header"
        marker = data[at]
        at += 1
        if marker in _JPEG_STANDALONE:
            continue
        if marker < 0xC0:  # 0x00 is stuffing; 0x02-0xBF are reserved
            return "JPEG has no valid marker where one must be"
        if marker in {0xD8, 0xD9, 0xDA}:  # SOI again, EOI, start of scan
            return "JPEG reaches image data or its end before a frame header"
        if at + 2 > len(data):
            return "JPEG ends inside a marker segment"
        (length,) = struct.unpack(">H", data[at : at + 2])
        segment = data[at + 2 : at + length]
        if length < 2 or len(segment) != length - 2:
            return "JPEG has a marker segment of an impossible length"
        if marker in _JPEG_SOF:
            return _check_frame(segment)
        at += length


def _check_frame(segment: bytes) -> str | None:
    if len(segment) < 6:
        return "JPEG frame header is too short"
    _precision, height, width, components = struct.unpack(">BHHB", segment[:6])
    if components not in {1, 2, 3, 4} or len(segment) != 6 + 3 * components:
        return "JPEG frame header is malformed"
    return _check_size("JPEG", width, height)


def check_svg(data: bytes) -> str | None:
    """Well-formed XML without DOCTYPE or entities, whose root is the SVG ``<svg>``."""
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        return "SVG with a DOCTYPE or entity declarations is not accepted"
    except ParseError as exc:
        return f"not well-formed XML ({exc})"
    if root.tag != SVG_ROOT:
        return f"the root element is <{root.tag}>, not <svg> in the SVG namespace"
    return None


def _check_size(kind: str, width: int, height: int) -> str | None:
    if not (1 <= width <= MAX_SIDE and 1 <= height <= MAX_SIDE):
        return f"{kind} says it is {width}x{height} pixels (each side 1 to {MAX_SIDE})"
    return None
