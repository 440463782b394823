"""Bytes of a feed → ``ParsedFeed``: the entry point of feed parsing.

``parse_feed`` is a pure function of its input (plus an injectable clock). It

1. decodes the bytes (``encoding.decode_document``: BOM > HTTP charset > XML declaration,
   validated, detected on failure, with warnings);
2. sniffs the format: JSON (JSON Feed), XML (RSS 0.9x/1.0/2.0, Atom 0.3/1.0, sitemap,
   sitemap index), or something that is not a feed (empty body, gzip bytes, an HTML page,
   an OPML list), which raises ``ParseError`` with a message for the operator;
3. parses XML safely (``safexml``: no entity expansion, no DTD, no network, libxml2 limits
   kept; strict first, then repaired, then recovered);
4. reads the tree with the matching reader (``rss``, ``atom``, ``sitemaps``, ``jsonfeed``);
5. when the XML was broken and the recovered tree gave fewer entries than the document
   has items, tries feedparser (``lenient``) on the cleaned text and keeps the better
   result.

Entry rules common to every format are in ``entrybuild``: links and images absolute
http(s) only (``javascript:``, ``data:``, ``file:``... dropped; relative links resolved
against ``xml:base``, else the feed URL (as fetched, else as the feed's ``rel="self"``
link states it), else the channel link, and only when that base is http(s)); an entry
whose link was refused is kept only if it has a guid, one that never had a link only if it
has a guid, a title or content; titles are plain text (taken from the text when missing);
at most ``max_items`` entries; dates in UTC, clamped to ``now`` when in the future.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from itertools import islice

from broadsheet.errors import ParseError
from broadsheet.ingest.atom import parse_atom
from broadsheet.ingest.encoding import decode_document
from broadsheet.ingest.entrybuild import Context
from broadsheet.ingest.jsonfeed import parse_json_feed
from broadsheet.ingest.lenient import parse_with_feedparser
from broadsheet.ingest.rss import parse_rss
from broadsheet.ingest.safexml import Element, local_name, parse_xml, strip_prolog
from broadsheet.ingest.sitemaps import read_sitemap
from broadsheet.model import ParsedFeed

_HTML_START = re.compile(
    r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>])",
    re.IGNORECASE | re.DOTALL,
)
_ITEM_TAG = re.compile(r"<(?:[A-Za-z0-9_]+:)?(?:item|entry)[\s>]")
_EMBEDDED_FEED = re.compile(r"<(?:feed|rss|rdf:RDF)[\s>]")
_HTML_MESSAGE = "the document is an HTML page, not a feed (look for a feed link in it)"
_RSS_ROOTS = frozenset({"rss", "RDF", "channel"})
_ATOM_ROOTS = frozenset({"feed", "entry"})


def parse_feed(
    data: bytes,
    *,
    url: str | None = None,
    content_type: str | None = None,
    max_items: int = 500,
    now: datetime | None = None,
) -> ParsedFeed:
    """Parse an RSS, RDF, Atom or JSON feed, or a (news) sitemap, from its bytes.

    ``url`` is the feed's own URL (the base for relative links); ``content_type`` the HTTP
    ``Content-Type`` (for its charset); ``now`` the clock for clamping future dates
    (default: the current time). Raises ``ParseError`` when the bytes hold no feed.
    """
    if not data or data.isspace():
        raise ParseError("the document is empty")
    if data[:2] == b"\x1f\x8b":
        raise ParseError(
            "the body is gzip-compressed data, not a feed (undeclared Content-Encoding?)"
        )
    decoded = decode_document(data, content_type)
    context = Context(base=None, now=now or datetime.now(UTC), warnings=list(decoded.warnings))
    text = decoded.text.lstrip("\ufeff \t\r\n")
    if text.startswith(("{", "[")):
        return parse_json_feed(text, context, url=url, max_items=max_items)
    if not text.startswith("<"):
        raise ParseError(f"the document is not a feed (it starts with {text[:30]!r})")
    if _HTML_START.match(text[:4096]) and not _EMBEDDED_FEED.search(text[:65536]):
        raise ParseError(_HTML_MESSAGE)
    root, warnings = parse_xml(text)
    context.warnings.extend(warnings)
    name = local_name(root.tag) if isinstance(root.tag, str) else ""
    if name.lower() == "html":
        root = _embedded_feed(root)
        name = local_name(root.tag)
        context.warnings.append(f"the feed was wrapped in an HTML page; read the <{name}> inside")
    if name in _RSS_ROOTS:
        result = parse_rss(root, context, url=url, max_items=max_items)
    elif name in _ATOM_ROOTS:
        result = parse_atom(root, context, url=url, max_items=max_items)
    elif name in {"urlset", "sitemapindex"}:
        return read_sitemap(root, context, url=url, max_items=max_items)
    elif name.lower() == "opml":
        raise ParseError("the document is an OPML subscription list, not a feed")
    else:
        raise ParseError(f"the document is XML but not a feed (its root element is <{name}>)")
    if warnings and len(result.entries) < max_items:
        result = _maybe_lenient(text, result, url=url, max_items=max_items, context=context)
    return result


def _embedded_feed(root: Element) -> Element:
    """A feed element inside an (X)HTML page, as some broken generators produce."""
    for element in root.iter("{*}feed", "{*}rss", "{*}RDF", "feed", "rss"):
        return element
    raise ParseError(_HTML_MESSAGE)


def _maybe_lenient(
    text: str, result: ParsedFeed, *, url: str | None, max_items: int, context: Context
) -> ParsedFeed:
    """For broken XML, let feedparser try when it may find entries libxml2 lost."""
    expected = sum(1 for _ in islice(_ITEM_TAG.finditer(text), max_items))
    if len(result.entries) >= expected:
        return result
    cleaned, _ = strip_prolog(text)
    other = parse_with_feedparser(
        cleaned,
        url=url,
        max_items=max_items,
        now=context.now,
        kind=result.kind,
        warnings=context.warnings,
    )
    if other is None or len(other.entries) <= len(result.entries):
        return result
    return other
