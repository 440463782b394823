"""JSON Feed 1.0 and 1.1 (https://jsonfeed.org) text → ``ParsedFeed``.

Every value is type-checked: a field of the wrong type is ignored, never trusted.
``content_text`` and ``summary`` are plain text in JSON Feed and are escaped into HTML;
``content_html`` is kept raw like any feed content. The item link is ``url``, else
``external_url``; ``image`` is preferred to ``banner_image``. Authors come from 1.1's
``authors`` or 1.0's ``author``, falling back to the feed's. Strings lose lone surrogates
and C0 controls (a JSON ``"\\ud800"`` escape would otherwise crash the database later).

A JSON document without a jsonfeed.org ``version`` is still read if it has an ``items``
list (with a warning); anything else is a ``ParseError``.
"""

from __future__ import annotations

import json
import re
from typing import Any

from broadsheet.errors import ParseError
from broadsheet.ingest.entrybuild import Context, Draft, finish
from broadsheet.ingest.feedtext import add_tag, clean_language, plain_text, text_as_html
from broadsheet.ingest.urls import is_http_url, resolve_url
from broadsheet.model import ParsedFeed

_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_VERSION_PREFIX = "https://jsonfeed.org/version/"


def _string(value: Any) -> str | None:
    if isinstance(value, str):
        return _BAD_CHARS.sub("", value) if _BAD_CHARS.search(value) else value
    return None


def _identifier(value: Any) -> str | None:
    """An item id: a string, or a number some feeds use instead."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return _string(value)


def _author(holder: dict[str, Any]) -> str | None:
    authors = holder.get("authors")
    if isinstance(authors, list):
        for author in authors:
            if isinstance(author, dict) and (name := _string(author.get("name"))):
                return name
    author = holder.get("author")
    if isinstance(author, dict):
        return _string(author.get("name"))
    return _string(author)


def parse_json_feed(text: str, context: Context, *, url: str | None, max_items: int) -> ParsedFeed:
    """Read a JSON Feed document (already decoded to text)."""
    try:
        document = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise ParseError(f"the document is not valid JSON: {str(error)[:120]}") from error
    if not isinstance(document, dict):
        raise ParseError("the JSON document is not a JSON Feed (its top level is not an object)")
    version = document.get("version")
    items = document.get("items")
    if not (isinstance(version, str) and version.startswith(_VERSION_PREFIX)):
        if not isinstance(items, list):
            raise ParseError(
                "the JSON document is not a JSON Feed (no jsonfeed.org version, no items)"
            )
        context.warnings.append("JSON document has no jsonfeed.org version; read as a JSON Feed")
    if not isinstance(items, list):
        items = []
        context.warnings.append("JSON Feed has no items list")
    feed_url = url if is_http_url(url) else None
    site_url = resolve_url(feed_url, _string(document.get("home_page_url")))
    base = feed_url or site_url
    feed_author = _author(document)
    if len(items) > max_items:
        context.warnings.append(
            f"the feed has {len(items)} items; only the first {max_items} were read"
        )
        items = items[:max_items]
    entries = []
    for item in items:
        if not isinstance(item, dict):
            continue
        entry = finish(_draft(item, base, context, feed_author), context)
        if entry is not None:
            entries.append(entry)
    return ParsedFeed(
        kind="json",
        title=plain_text(_string(document.get("title"))),
        site_url=site_url,
        entries=tuple(entries),
        language=clean_language(_string(document.get("language"))),
        warnings=tuple(context.summary_warnings()),
    )


def _draft(
    item: dict[str, Any], base: str | None, context: Context, feed_author: str | None
) -> Draft:
    draft = Draft(
        guid=_identifier(item.get("id")),
        title=_string(item.get("title")),
        content_html=_string(item.get("content_html")),
        published=_string(item.get("date_published")),
        updated=_string(item.get("date_modified")),
        author=_author(item) or feed_author,
        language=_string(item.get("language")),
    )
    draft.take_link(context, base, _string(item.get("url")))
    draft.take_link(context, base, _string(item.get("external_url")))
    if draft.content_html is None:
        draft.content_html = text_as_html(_string(item.get("content_text")))
    draft.summary_html = text_as_html(_string(item.get("summary")))
    draft.image_url = resolve_url(base, _string(item.get("image"))) or resolve_url(
        base, _string(item.get("banner_image"))
    )
    tags = item.get("tags")
    if isinstance(tags, list):
        for tag in tags:
            add_tag(draft.tags, _identifier(tag))
    return draft
