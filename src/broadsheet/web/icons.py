"""The app icon (a folded newspaper on navy) drawn as PNG or SVG, and outlet monograms.

Icons are made in code rather than kept as binary files: the same rectangles give the
PNG sizes the web app manifest lists and the SVG favicon. The drawing stays inside the
central 80 % circle, so one image serves as both an ordinary and a maskable icon.

Outlets get a monogram (their initial on a colour derived from their host) instead of a
favicon fetched from their site: the reader's browser never contacts the outlet just to
draw a list.
"""

from __future__ import annotations

import hashlib
import struct
import zlib
from functools import lru_cache

from markupsafe import escape

NAVY = (0x1F, 0x2A, 0x44)
PAPER = (0xFD, 0xFC, 0xF8)
INK = (0x5A, 0x62, 0x75)
ICON_SIZES = (192, 512)

# (x0, y0, x1, y1, colour) in fractions of the icon's side, drawn in order.
SHAPES: tuple[tuple[float, float, float, float, tuple[int, int, int]], ...] = (
    (0.25, 0.20, 0.75, 0.80, PAPER),
    (0.31, 0.27, 0.69, 0.37, NAVY),
    (0.31, 0.44, 0.69, 0.475, INK),
    (0.31, 0.52, 0.69, 0.555, INK),
    (0.31, 0.60, 0.69, 0.635, INK),
    (0.31, 0.68, 0.57, 0.715, INK),
)


def _chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


@lru_cache(maxsize=8)
def icon_png(size: int) -> bytes:
    """The app icon as an RGB PNG of ``size`` × ``size`` pixels."""
    rows = []
    spans = [
        (round(x0 * size), round(y0 * size), round(x1 * size), round(y1 * size), bytes(colour))
        for x0, y0, x1, y1, colour in SHAPES
    ]
    for y in range(size):
        row = bytearray(bytes(NAVY) * size)
        for x0, _y0, x1, _y1, colour in ((a, b, c, d, e) for a, b, c, d, e in spans if b <= y < d):
            row[x0 * 3 : x1 * 3] = colour * (x1 - x0)
        rows.append(b"\x00" + bytes(row))
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + _chunk(b"IEND", b"")
    )


def _hex(colour: tuple[int, int, int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*colour)


@lru_cache(maxsize=1)
def icon_svg() -> str:
    rects = "".join(
        f'<rect x="{x0 * 100:g}" y="{y0 * 100:g}" width="{(x1 - x0) * 100:g}" '
        f'height="{(y1 - y0) * 100:g}" fill="{_hex(colour)}"/>'
        for x0, y0, x1, y1, colour in SHAPES
    )
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">'
        f'<rect width="100" height="100" rx="18" fill="{_hex(NAVY)}"/>{rects}</svg>'
    )


def monogram_colour(host: str) -> str:
    """A dark, saturated colour picked from the host name (white text stays readable)."""
    digest = hashlib.sha256(host.encode("utf-8")).digest()
    hue = digest[0] * 360 // 256
    return f"hsl({hue} 55% 32%)"


ARTICLES = frozenset({"the", "a", "an", "le", "la", "les", "el", "il", "die", "der", "das", "de"})


def initial_of(name: str) -> str:
    """The letter an outlet is known by: "The Harbour Times" is H."""
    words = ["".join(c for c in w if c.isalnum()) for w in name.split()]
    words = [w for w in words if w]
    if len(words) > 1 and words[0].lower() in ARTICLES:
        words = words[1:]
    return next((c for c in "".join(words) if c.isalnum()), "?").upper()


def monogram_svg(name: str, host: str) -> str:
    initial = initial_of(name)
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">'
        f'<rect width="32" height="32" rx="7" fill="{monogram_colour(host)}"/>'
        '<text x="16" y="22" text-anchor="middle" font-family="Georgia, serif" '
        f'font-size="18" font-weight="700" fill="#ffffff">{escape(initial)}</text></svg>'
    )
