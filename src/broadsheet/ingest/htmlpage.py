"""Page bytes → a bounded lxml tree: charset detection, size caps, no network.

Hostile pages are made harmless here, before any extractor sees them: the input is cut at
``MAX_HTML_CHARS``, libxml2 keeps its own depth limit (256 levels; deeper content is dropped)
and its other default limits (no ``huge_tree``), comments and processing instructions are
dropped at parse time, and a tree with more than ``MAX_ELEMENTS`` elements loses its
trailing part, so that the extractors that follow run in bounded time.
"""

from __future__ import annotations

import codecs
import re

import lxml.html
from lxml.etree import ParserError, XMLSyntaxError

MAX_HTML_CHARS = 4_000_000
MAX_ELEMENTS = 20_000

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""", re.I)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode_html(data: bytes) -> str:
    """Bytes → text: a byte-order mark wins, then valid UTF-8, then the declared charset,
    then Windows-1252 (what browsers assume for undeclared legacy pages)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    match = _META_CHARSET.search(data[:4096])
    if match:
        try:
            codec = codecs.lookup(match.group(1).decode("ascii"))
        except LookupError:
            codec = None
        if codec is not None and codec.name not in {"utf-8", "utf-16", "utf-32"}:
            return data.decode(codec.name, errors="replace")
    return data.decode("cp1252", errors="replace")


def parse_html(html: str | bytes) -> lxml.html.HtmlElement | None:
    """Parse a page into a bounded tree, or ``None`` when nothing parseable is there."""
    text = decode_html(html) if isinstance(html, bytes) else html
    text = text[:MAX_HTML_CHARS]
    if not text.strip():
        return None
    parser = lxml.html.HTMLParser(
        encoding="utf-8",
        remove_comments=True,
        remove_pis=True,
        no_network=True,
    )
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8", errors="replace"), parser=parser)
    except (ParserError, XMLSyntaxError, ValueError):
        return None
    _bound(root)
    return root


def _bound(root: lxml.html.HtmlElement) -> None:
    """Keep at most ``MAX_ELEMENTS`` elements, dropping whatever comes after in document order."""
    if int(root.xpath("count(//*)")) <= MAX_ELEMENTS:
        return
    overflow = [
        element for count, element in enumerate(root.iter(), start=1) if count > MAX_ELEMENTS
    ]
    for element in reversed(overflow):
        parent = element.getparent()
        if parent is not None:
            parent.remove(element)
