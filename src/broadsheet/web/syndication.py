"""Feeds out: RSS 2.0, Atom 1.0 and JSON Feed 1.1 documents from a list of items.

Pure functions of their input. Items link to the article page on this site (the outlet's
own URL travels as a related link / ``external_url``) and carry the summary as text, not
the outlet's full article.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any

from lxml import etree

from broadsheet.web.timefmt import iso_time

ATOM_NS = "http://www.w3.org/2005/Atom"
FORMATS = {
    "rss.xml": ("rss", "application/rss+xml; charset=utf-8"),
    "atom.xml": ("atom", "application/atom+xml; charset=utf-8"),
    "feed.json": ("json", "application/feed+json; charset=utf-8"),
}
# Characters XML 1.0 cannot carry at all; stored text may hold them (from broken feeds).
_XML_INVALID = dict.fromkeys([*range(0, 9), 11, 12, *range(14, 32), 0xFFFE, 0xFFFF])


@dataclass(frozen=True, slots=True)
class Channel:
    title: str
    page_url: str  # the HTML page this feed follows
    feed_url: str  # this document (the same path with the format's suffix)
    description: str
    updated: datetime
    language: str = "en"


@dataclass(frozen=True, slots=True)
class Item:
    id: int
    page_url: str
    title: str
    summary: str
    published: datetime
    updated: datetime | None = None
    author: str | None = None
    source_name: str | None = None
    external_url: str | None = None


def _clean(text: str | None) -> str:
    return (text or "").translate(_XML_INVALID)


def render(kind: str, channel: Channel, items: Sequence[Item]) -> bytes:
    if kind == "rss":
        return rss(channel, items)
    if kind == "atom":
        return atom(channel, items)
    if kind == "json":
        return json_feed(channel, items)
    raise ValueError(f"unknown feed format {kind!r}")


def rss(channel: Channel, items: Sequence[Item]) -> bytes:
    root = etree.Element("rss", version="2.0", nsmap={"atom": ATOM_NS})
    chan = etree.SubElement(root, "channel")
    for name, value in (
        ("title", channel.title),
        ("link", channel.page_url),
        ("description", channel.description),
        ("language", channel.language),
        ("lastBuildDate", format_datetime(channel.updated.astimezone(UTC), usegmt=True)),
        ("generator", "Broadsheet"),
    ):
        etree.SubElement(chan, name).text = _clean(value)
    etree.SubElement(
        chan,
        f"{{{ATOM_NS}}}link",
        href=channel.feed_url,
        rel="self",
        type=FORMATS["rss.xml"][1].split(";")[0],
    )
    for item in items:
        node = etree.SubElement(chan, "item")
        etree.SubElement(node, "title").text = _clean(item.title)
        etree.SubElement(node, "link").text = item.page_url
        etree.SubElement(node, "guid", isPermaLink="true").text = item.page_url
        etree.SubElement(node, "description").text = _clean(item.summary)
        etree.SubElement(node, "pubDate").text = format_datetime(
            item.published.astimezone(UTC), usegmt=True
        )
        if item.source_name:
            etree.SubElement(node, "category").text = _clean(item.source_name)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)


def atom(channel: Channel, items: Sequence[Item]) -> bytes:
    default_namespace: Any = {None: ATOM_NS}  # lxml's way to say xmlns="..."
    root = etree.Element(f"{{{ATOM_NS}}}feed", nsmap=default_namespace)
    root.set("{http://www.w3.org/XML/1998/namespace}lang", channel.language)

    def sub(parent: etree._Element, name: str, text: str | None = None, **attrs: str) -> None:
        node = etree.SubElement(parent, f"{{{ATOM_NS}}}{name}", attrib=attrs)
        if text is not None:
            node.text = _clean(text)

    sub(root, "id", channel.feed_url)
    sub(root, "title", channel.title)
    sub(root, "subtitle", channel.description)
    sub(root, "updated", iso_time(channel.updated))
    sub(root, "link", rel="alternate", type="text/html", href=channel.page_url)
    sub(root, "link", rel="self", type="application/atom+xml", href=channel.feed_url)
    sub(root, "generator", "Broadsheet")
    author = etree.SubElement(root, f"{{{ATOM_NS}}}author")
    sub(author, "name", channel.title)
    for item in items:
        entry = etree.SubElement(root, f"{{{ATOM_NS}}}entry")
        sub(entry, "id", item.page_url)
        sub(entry, "title", item.title)
        sub(entry, "updated", iso_time(item.updated or item.published))
        sub(entry, "published", iso_time(item.published))
        sub(entry, "link", rel="alternate", type="text/html", href=item.page_url)
        if item.external_url:
            sub(entry, "link", rel="related", type="text/html", href=item.external_url)
        if item.author:
            person = etree.SubElement(entry, f"{{{ATOM_NS}}}author")
            sub(person, "name", item.author)
        sub(entry, "summary", item.summary, type="text")
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)


def json_feed(channel: Channel, items: Sequence[Item]) -> bytes:
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": channel.title,
        "home_page_url": channel.page_url,
        "feed_url": channel.feed_url,
        "description": channel.description,
        "language": channel.language,
        "items": [_json_item(item) for item in items],
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def _json_item(item: Item) -> dict[str, object]:
    out: dict[str, object] = {
        "id": item.page_url,
        "url": item.page_url,
        "title": item.title,
        "content_text": item.summary,
        "summary": item.summary,
        "date_published": iso_time(item.published),
    }
    if item.updated:
        out["date_modified"] = iso_time(item.updated)
    if item.external_url:
        out["external_url"] = item.external_url
    if item.author:
        out["authors"] = [{"name": item.author}]
    return out
