"""Small generated images for the sample sites: story pictures, favicons and logos.

Everything is drawn from a seed string, so the same URL always serves the same bytes.
"""

from __future__ import annotations

import hashlib
import struct
import zlib
from functools import lru_cache
from xml.sax.saxutils import escape

PHOTO_SIZE = (320, 180)

Colour = tuple[int, int, int]


def _chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def encode_png(width: int, height: int, rows: list[bytes], *, alpha: bool = False) -> bytes:
    """Encode raw rows (RGB or RGBA bytes, one per line) as a PNG file."""
    colour_type = 6 if alpha else 2
    header = struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0)
    raw = b"".join(b"\x00" + row for row in rows)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(raw, 9))
        + _chunk(b"IEND", b"")
    )


def _palette(seed: str) -> tuple[Colour, Colour, Colour]:
    digest = hashlib.sha1(seed.encode(), usedforsecurity=False).digest()
    sky = (digest[0] // 2 + 90, digest[1] // 2 + 100, digest[2] // 2 + 120)
    far = (digest[3] // 3 + 60, digest[4] // 3 + 70, digest[5] // 3 + 60)
    near = (digest[6] // 4 + 30, digest[7] // 4 + 40, digest[8] // 4 + 35)
    return sky, far, near


@lru_cache(maxsize=256)
def photo_png(seed: str) -> bytes:
    """A 320×180 placeholder 'photograph': a sky gradient over two bands of land."""
    width, height = PHOTO_SIZE
    sky, far, near = _palette(seed)
    digest = hashlib.sha1(seed.encode(), usedforsecurity=False).digest()
    ridge = 90 + digest[9] % 40
    shore = ridge + 25 + digest[10] % 30
    split = 60 + digest[11] % 200
    rows = []
    for y in range(height):
        if y < ridge:
            shade = 1.0 - 0.35 * y / ridge
            colour = bytes(int(c * shade) for c in sky)
            rows.append(colour * width)
        elif y < shore:
            rows.append(bytes(far) * split + bytes(near) * (width - split))
        else:
            rows.append(bytes(near) * width)
    return encode_png(width, height, rows)


def story_photo(outlet_slug: str, story_slug: str) -> bytes:
    """The picture of one story, the same bytes on every request."""
    return photo_png(f"{outlet_slug}/{story_slug}")


@lru_cache(maxsize=16)
def icon_png(seed: str, size: int = 16) -> bytes:
    """A square RGBA icon: a coloured tile with a lighter inner square."""
    _, far, near = _palette(seed)
    edge = bytes((*near, 255))
    inner = bytes((*(min(255, c + 90) for c in far), 255))
    rows = []
    for y in range(size):
        if y < 3 or y >= size - 3:
            rows.append(edge * size)
        else:
            rows.append(edge * 3 + inner * (size - 6) + edge * 3)
    return encode_png(size, size, rows, alpha=True)


@lru_cache(maxsize=16)
def favicon_ico(seed: str) -> bytes:
    """A .ico file holding one 16×16 PNG image."""
    image = icon_png(seed, 16)
    header = struct.pack("<HHH", 0, 1, 1)
    entry = struct.pack("<BBBBHHII", 16, 16, 0, 0, 1, 32, len(image), 6 + 16)
    return header + entry + image


def logo_svg(name: str, accent: str) -> bytes:
    """The outlet's wordmark as SVG."""
    initial = escape(name.removeprefix("The ")[:1])
    text = escape(name)
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="360" height="48" viewBox="0 0 360 48">'
        f'<rect width="48" height="48" rx="6" fill="{escape(accent)}"/>'
        f'<text x="24" y="33" font-family="Georgia, serif" font-size="28" fill="#fff" '
        f'text-anchor="middle">{initial}</text>'
        f'<text x="60" y="32" font-family="Georgia, serif" font-size="22" fill="{escape(accent)}">'
        f"{text}</text></svg>"
    )
    return svg.encode()


def favicon_svg(name: str, accent: str) -> bytes:
    initial = escape(name.removeprefix("The ")[:1])
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">'
        f'<rect width="32" height="32" rx="5" fill="{escape(accent)}"/>'
        f'<text x="16" y="23" font-family="Georgia, serif" font-size="20" fill="#fff" '
        f'text-anchor="middle">{initial}</text></svg>'
    )
    return svg.encode()
