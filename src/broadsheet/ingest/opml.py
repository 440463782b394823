"""OPML subscription lists: read them (import) and write them (export).

``parse_opml`` reads every ``<outline>`` with an ``xmlUrl`` (attribute names matched
without regard to case, as exporters disagree on ``xmlUrl``/``xmlurl``), at any depth.
The category is the text of the nearest enclosing outline that has no ``xmlUrl`` (a
folder); failing that, the first path of OPML 2.0's ``category`` attribute. Feed URLs
must be absolute http(s) (others are skipped); a URL listed twice is kept once. The
title is the ``title`` attribute, else ``text``; one equal to the feed URL is no title.
XML is parsed with the same safe parser as feeds (``safexml``).

``write_opml`` writes OPML 2.0: uncategorized outlines at the top level, then one folder
outline per category in order of first appearance. ``parse_opml(write_opml(x))`` gives
back ``x`` when ``x`` lists its uncategorized outlines first and each category's outlines
together, with distinct URLs (otherwise the same outlines, in that grouped order).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from lxml import etree

from broadsheet.errors import ParseError
from broadsheet.ingest.encoding import decode_document
from broadsheet.ingest.feedtext import clean_label
from broadsheet.ingest.safexml import Element, local_name, parse_xml
from broadsheet.ingest.urls import resolve_url

MAX_OUTLINES = 10_000


@dataclass(frozen=True)
class OpmlOutline:
    """One subscription: the feed URL, its title, its site and its folder."""

    xml_url: str
    title: str | None
    html_url: str | None
    category: str | None


def _attributes(element: Element) -> dict[str, str]:
    return {str(key).lower(): str(value) for key, value in element.attrib.items()}


def parse_opml(data: bytes) -> list[OpmlOutline]:
    """The subscriptions in an OPML document. Raises ``ParseError`` if it is not OPML."""
    if not data or data.isspace():
        raise ParseError("the OPML file is empty")
    decoded = decode_document(data)
    root, _warnings = parse_xml(decoded.text, what="OPML file")
    if not isinstance(root.tag, str) or local_name(root.tag).lower() != "opml":
        name = local_name(root.tag) if isinstance(root.tag, str) else "?"
        raise ParseError(f"the file is not OPML (its root element is <{name}>)")
    body = next(
        (c for c in root if isinstance(c.tag, str) and local_name(c.tag).lower() == "body"), None
    )
    if body is None:
        raise ParseError("the OPML file has no <body>")
    found: list[OpmlOutline] = []
    seen: set[str] = set()
    _walk(body, None, found, seen)
    return found


def _walk(parent: Element, folder: str | None, found: list[OpmlOutline], seen: set[str]) -> None:
    for element in parent:
        if len(found) >= MAX_OUTLINES:
            return
        if not isinstance(element.tag, str) or local_name(element.tag).lower() != "outline":
            continue
        attributes = _attributes(element)
        label = clean_label(attributes.get("text")) or clean_label(attributes.get("title"))
        raw_url = attributes.get("xmlurl")
        if raw_url is None:
            _walk(element, label or folder, found, seen)  # a folder
            continue
        xml_url = resolve_url(None, raw_url)
        if xml_url is not None and xml_url not in seen:
            seen.add(xml_url)
            title = clean_label(attributes.get("title")) or label
            found.append(
                OpmlOutline(
                    xml_url=xml_url,
                    title=None if title == xml_url else title,
                    html_url=resolve_url(None, attributes.get("htmlurl")),
                    category=folder or _category_attribute(attributes.get("category")),
                )
            )
        _walk(element, folder, found, seen)  # some exporters nest feeds under feeds


def _category_attribute(value: str | None) -> str | None:
    """First path of OPML 2.0's comma-separated ``category`` (``/News/World`` → ``News/World``)."""
    if not value:
        return None
    first = value.split(",", 1)[0].strip().strip("/")
    return clean_label(first) if first else None


def write_opml(
    outlines: Iterable[OpmlOutline], *, title: str = "Broadsheet subscriptions"
) -> bytes:
    """An OPML 2.0 document listing ``outlines`` (see the module docstring for layout)."""
    root = etree.Element("opml", version="2.0")
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "title").text = title
    body = etree.SubElement(root, "body")
    folders: dict[str, Element] = {}
    pending: list[OpmlOutline] = list(outlines)
    for outline in pending:
        if outline.category is None:
            _outline(body, outline)
    for outline in pending:
        if outline.category is None:
            continue
        folder = folders.get(outline.category)
        if folder is None:
            folder = etree.SubElement(
                body, "outline", text=outline.category, title=outline.category
            )
            folders[outline.category] = folder
        _outline(folder, outline)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _outline(parent: Element, outline: OpmlOutline) -> None:
    element = etree.SubElement(parent, "outline", type="rss")
    label = outline.title or outline.xml_url
    element.set("text", label)
    if outline.title is not None:
        element.set("title", outline.title)
    element.set("xmlUrl", outline.xml_url)
    if outline.html_url is not None:
        element.set("htmlUrl", outline.html_url)
