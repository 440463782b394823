"""Bytes of an XML or JSON document → text, choosing the charset the way browsers and
lenient feed readers do.

Order of authority: a byte-order mark, then the ``charset`` of the HTTP ``Content-Type``,
then the XML declaration (or, with neither, UTF-16/32 sniffed from the first bytes), then
UTF-8. The first candidate that decodes cleanly wins; a candidate that is only the
"Latin-1" family is checked against UTF-8 first, because a document that decodes as
UTF-8 with non-ASCII characters is almost never really Latin-1. When nothing decodes
cleanly the charset is detected with ``charset_normalizer``; if that fails too the text is
decoded as UTF-8 with U+FFFD for the bad bytes. Every fallback adds a warning.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_DECLARED = re.compile(
    rb"""^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9._:\-]{1,40})["']"""
)
_CHARSET_PARAM = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9._:\-]{1,40})""", re.IGNORECASE)
# Labels that mean "Windows-1252" on the web (WHATWG Encoding Standard).
_LATIN1_FAMILY = frozenset({"latin-1", "iso8859-1", "cp1252", "ascii"})
_DETECT_BYTES = 256 * 1024
_HIGH_RUN = re.compile(rb"[\x80-\xff]+")
_UTF8_SHAPED = re.compile(rb"(?:[\xc2-\xf4][\x80-\xbf]{1,3}|[\xc0\xc1][\x80-\xbf])+")
_ASCII_LETTERS = re.compile(rb"[A-Za-z]")
# Share of high-byte runs that must look like UTF-8 sequences to read damaged UTF-8.
_UTF8_SHAPED_SHARE = 0.8
# Share of high bytes among letters above which the text is not in a Latin script.
_NON_LATIN_SHARE = 0.3
# Mean length of high-byte runs above which they are words of a non-Latin script, not
# accented letters inside Latin words.
_WORD_RUN = 2.5


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


def charset_from_content_type(content_type: str | None) -> str | None:
    """The ``charset`` parameter of an HTTP ``Content-Type`` value, if any."""
    if not content_type:
        return None
    match = _CHARSET_PARAM.search(content_type)
    return match.group(1) if match else None


def _codec(label: str | None) -> str | None:
    """Python's codec name for a charset label, or ``None`` if unknown."""
    if not label:
        return None
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    if name in _LATIN1_FAMILY:
        return "cp1252"
    if name in {"utf-16", "utf-32"}:  # no BOM (or we would have seen it): XML default is BE
        return name + "-be"
    return name


def _sniff_wide(data: bytes) -> str | None:
    head = data[:4]
    if head == b"\x00\x00\x00<":
        return "utf-32-be"
    if head == b"<\x00\x00\x00":
        return "utf-32-le"
    if head[:2] == b"\x00<" or head[:2] == b"\x00\x00":
        return "utf-16-be"
    if head[:2] == b"<\x00":
        return "utf-16-le"
    return None


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def decode_document(data: bytes, content_type: str | None = None) -> Decoded:
    """Decode a document's bytes; see the module docstring for the rules."""
    for bom, bom_codec in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            text = _strict(body, bom_codec)
            if text is not None:
                return Decoded(text, bom_codec)
            return Decoded(
                body.decode(bom_codec, errors="replace"),
                bom_codec,
                (f"bytes invalid in {bom_codec} (announced by a byte-order mark) were replaced",),
            )

    warnings: list[str] = []
    http_label = charset_from_content_type(content_type)
    wide = _sniff_wide(data)
    declared_label: str | None = None
    if wide is None:
        match = _DECLARED.match(data[:300])
        declared_label = match.group(1).decode("ascii") if match else None

    candidates: list[tuple[str, str]] = []
    for label, origin in ((http_label, "HTTP charset"), (declared_label, "XML declaration")):
        if label is None:
            continue
        codec = _codec(label)
        if codec is None:
            warnings.append(f"unknown charset {label!r} in the {origin} was ignored")
            continue
        if wide is None and codec.startswith(("utf-16", "utf-32")):
            # The bytes are ASCII-compatible: a UTF-16/32 label cannot be right.
            warnings.append(f"charset {label!r} in the {origin} does not match the bytes")
            continue
        candidates.append((codec, origin))
    if wide is not None:
        candidates.append((wide, "the first bytes"))
    candidates.append(("utf-8", "default"))

    seen: set[str] = set()
    for index, (codec, origin) in enumerate(candidates):
        if codec in seen:
            continue
        seen.add(codec)
        if codec == "cp1252" and not data.isascii():
            utf8 = _strict(data, "utf-8")
            if utf8 is not None:
                warnings.append(
                    f"document announced {codec} ({origin}) but is valid UTF-8; read as UTF-8"
                )
                return Decoded(utf8, "utf-8", tuple(warnings))
        text = _strict(data, codec)
        if text is None and codec == "cp1252":
            text = data.decode("latin-1")  # cp1252 leaves five bytes undefined
        if text is not None:
            if index > 0 and candidates[0][1] != "default":
                first, first_origin = candidates[0]
                warnings.append(
                    f"document is not valid {first} ({first_origin}); read as {codec} instead"
                )
            return Decoded(text, codec, tuple(warnings))

    return _detect(data, warnings)


def _detect(data: bytes, warnings: list[str]) -> Decoded:
    """Pick a charset for bytes that are not valid in any announced one.

    High bytes that come in UTF-8-shaped runs (a lead byte and its continuation bytes) mean
    UTF-8 with a few damaged sequences: those become U+FFFD. Few, isolated high bytes among
    ASCII letters mean Latin text in Windows-1252. Long runs of high bytes (CJK, Cyrillic,
    Hebrew, Thai...) are handed to ``charset_normalizer``.
    """
    sample = data[:_DETECT_BYTES]
    runs = _HIGH_RUN.findall(sample)
    shaped = sum(1 for run in runs if _UTF8_SHAPED.fullmatch(run))
    if runs and shaped / len(runs) >= _UTF8_SHAPED_SHARE:
        text = data.decode("utf-8", errors="replace")
        bad = text.count("\ufffd")
        warnings.append(f"{bad} invalid UTF-8 byte sequence(s) replaced with U+FFFD")
        return Decoded(text, "utf-8", tuple(warnings))
    high = sum(len(run) for run in runs)
    letters = len(_ASCII_LETTERS.findall(sample))
    codec: str | None = None
    if high / max(1, high + letters) >= _NON_LATIN_SHARE or high / max(1, len(runs)) >= _WORD_RUN:
        best = from_bytes(sample).best()
        codec = _codec(best.encoding) if best is not None else None
    if codec is None or codec == "cp1252":
        warnings.append("document is not valid UTF-8; read as windows-1252")
        western = _strict(data, "cp1252")
        if western is None:  # cp1252 leaves five bytes undefined
            western = data.decode("latin-1")
        return Decoded(western, "cp1252", tuple(warnings))
    warnings.append(f"charset not announced correctly; detected {codec}")
    return Decoded(data.decode(codec, errors="replace"), codec, tuple(warnings))
