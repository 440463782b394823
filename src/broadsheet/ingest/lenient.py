"""The fallback for broken XML: feedparser, the field's most tolerant parser.

Used only when libxml2's recovery lost items (``feeds._maybe_lenient``), on the already
decoded and cleaned text, re-encoded as UTF-8 bytes (never a ``str``: feedparser would
read a string as a URL or file name). feedparser's sanitizer and relative-URL resolution
are off: its output goes through the same ``entrybuild`` rules as ours. Guards against
its known weaknesses: documents over ``MAX_LENIENT_CHARS`` are not handed to it, and
person fields are cut to 256 characters first (its e-mail regex takes quadratic time,
kurtmckee/feedparser#562).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import feedparser

from broadsheet.ingest.entrybuild import Context, Draft, finish
from broadsheet.ingest.feedtext import add_tag, clean_language, plain_text
from broadsheet.ingest.urls import is_http_url, resolve_url
from broadsheet.model import ParsedEntry, ParsedFeed

MAX_LENIENT_CHARS = 2_000_000
_PERSON_TEXT = re.compile(
    r"(<(?:[\w.-]+:)?(?:author|creator|publisher|contributor|managingEditor|webMaster|email|name)"
    r"\b[^<>]*>)([^<]{256})[^<]*",
    re.IGNORECASE,
)


def _get(mapping: Any, key: str) -> Any:
    return mapping.get(key) if isinstance(mapping, dict) else None


def _text(mapping: Any, key: str) -> str | None:
    value = _get(mapping, key)
    return value if isinstance(value, str) else None


def parse_with_feedparser(
    text: str,
    *,
    url: str | None,
    max_items: int,
    now: datetime,
    kind: str,
    warnings: Sequence[str] = (),
) -> ParsedFeed | None:
    """Parse cleaned feed text with feedparser; ``None`` if it is too big or finds nothing."""
    if len(text) > MAX_LENIENT_CHARS:
        return None
    text = _PERSON_TEXT.sub(r"\1\2", text)
    result = feedparser.parse(
        text.encode("utf-8", errors="replace"),
        response_headers={"content-type": "application/xml; charset=utf-8"},
        sanitize_html=False,
        resolve_relative_uris=False,
    )
    entries_in = result.get("entries") or []
    if not entries_in:
        return None
    feed = result.get("feed") or {}
    context = Context(base=None, now=now)
    feed_url = url if is_http_url(url) else None
    site_url = resolve_url(feed_url, _text(feed, "link"))
    base = feed_url or site_url
    entries: list[ParsedEntry] = []
    for item in entries_in[:max_items]:
        entry = finish(_draft(item, base, context), context)
        if entry is not None:
            entries.append(entry)
    notes = [*warnings, "XML was too broken for libxml2 to recover; read with feedparser instead"]
    if len(entries_in) > max_items:
        notes.append(f"the feed has {len(entries_in)} items; only the first {max_items} were read")
    return ParsedFeed(
        kind=kind,
        title=plain_text(_text(feed, "title")),
        site_url=site_url,
        entries=tuple(entries),
        language=clean_language(_text(feed, "language")),
        warnings=tuple(notes + context.summary_warnings()),
    )


def _draft(item: Any, base: str | None, context: Context) -> Draft:
    draft = Draft(
        guid=_text(item, "id"),
        title=_text(item, "title"),
        summary_html=_text(item, "summary"),
        author=_text(_get(item, "author_detail"), "name") or _text(item, "author"),
        published=_text(item, "published"),
        updated=_text(item, "updated"),
    )
    draft.take_link(context, base, _text(item, "link"))
    content = _get(item, "content")
    if isinstance(content, list) and content:
        draft.content_html = _text(content[0], "value")
    if draft.content_html == draft.summary_html:
        draft.content_html = None
    for tag in _get(item, "tags") or []:
        add_tag(draft.tags, _text(tag, "label") or _text(tag, "term"))
    for thumbnail in _get(item, "media_thumbnail") or []:
        draft.image_url = draft.image_url or resolve_url(base, _text(thumbnail, "url"))
    return draft
