"""Article text that continues in sibling containers the extractor did not follow.

Many sites cut an article into chunks around ad slots: the text sits in a row of sibling
containers with the same tag and class (``div.article-body`` ×3 between ads). An extractor
that settles on the first chunk loses the rest. Here, the paragraphs the extractor kept are
found again in the page; if they sit in one container whose equivalents (same tag and class,
at the same level or up to ``MAX_LEVELS`` above) hold more paragraphs, those paragraphs are
added in document order. Equivalent containers that hold an ``<h1>`` are skipped: that is
the next article of an infinite-scroll page, not a continuation.
"""

from __future__ import annotations

import lxml.html
from lxml import etree

from broadsheet.ingest.blocks import Block, blocks_from_xml, text_key

MAX_LEVELS = 4
MIN_WORDS = 8  # a paragraph shorter than this is a caption or a label, not continued text
MIN_ADDED_WORDS = 60  # a continuation adds at least this much text, or nothing at all
MAX_LINK_DENSITY = 0.5
_INLINE = {"a": "ref", "em": "hi", "i": "hi", "strong": "hi", "b": "hi"}
_REND = {"em": "#i", "i": "#i", "strong": "#b", "b": "#b"}


def add_continuation(blocks: list[Block], root: lxml.html.HtmlElement) -> list[Block]:
    """``blocks`` plus the article's paragraphs found in equivalent sibling containers."""
    position = {
        text_key(block.text): index for index, block in enumerate(blocks) if block.kind == "p"
    }
    if len(position) < 2:
        return blocks
    matched = [p for p in root.iter("p") if text_key(p.text_content()) in position]
    if len(matched) < 2:
        return blocks
    container = _common_ancestor(matched)
    if container is None or not container.get("class"):
        return blocks
    level, siblings = _equivalent_siblings(container)
    if level is None:
        return blocks
    before: list[Block] = []
    after: list[Block] = []
    for sibling, is_before in siblings:
        for paragraph in sibling.iter("p"):
            block = _continued_block(paragraph, container, position)
            if block is not None:
                (before if is_before else after).append(block)
    if sum(block.words for block in before + after) < MIN_ADDED_WORDS:
        return blocks
    indexes = [position[text_key(p.text_content())] for p in matched]
    first, last = min(indexes), max(indexes)
    return blocks[:first] + before + blocks[first : last + 1] + after + blocks[last + 1 :]


def _continued_block(
    paragraph: lxml.html.HtmlElement, container: lxml.html.HtmlElement, known: dict[str, int]
) -> Block | None:
    parent = paragraph.getparent()
    if (
        parent is None
        or parent.tag != container.tag
        or parent.get("class") != container.get("class")
    ):
        return None
    if text_key(paragraph.text_content()) in known:
        return None
    body = etree.Element("body")
    body.append(_paragraph_xml(paragraph))
    found = blocks_from_xml(body)
    if not found or found[0].words < MIN_WORDS or found[0].link_density > MAX_LINK_DENSITY:
        return None
    return found[0]


def _common_ancestor(elements: list[lxml.html.HtmlElement]) -> lxml.html.HtmlElement | None:
    common = [elements[0], *elements[0].iterancestors()]
    for element in elements[1:]:
        ancestors = {id(item) for item in (element, *element.iterancestors())}
        common = [item for item in common if id(item) in ancestors]
    return common[0] if common else None


def _equivalent_siblings(
    container: lxml.html.HtmlElement,
) -> tuple[int | None, list[tuple[lxml.html.HtmlElement, bool]]]:
    """Siblings with the container's (or an ancestor's) tag and class, each with whether it
    comes before the container; the level at which they were found."""
    node = container
    for level in range(MAX_LEVELS):
        parent = node.getparent()
        if parent is None or parent.tag in {"body", "html"}:
            break
        found = []
        seen_node = False
        for child in parent:
            if child is node:
                seen_node = True
            elif (
                child.tag == node.tag
                and child.get("class") == node.get("class")
                and child.find(".//h1") is None
            ):
                found.append((child, not seen_node))
        if found and node.get("class"):
            return level, found
        node = parent
    return None, []


def _paragraph_xml(paragraph: lxml.html.HtmlElement) -> etree._Element:
    """An HTML paragraph in the extractor's XML vocabulary (``p`` with ``ref`` and ``hi``)."""
    out = etree.Element("p")
    stack: list[etree._Element] = [out]
    for event, node in etree.iterwalk(paragraph, events=("start", "end")):
        if node is paragraph:
            if event == "start":
                out.text = node.text
            continue
        tag = _INLINE.get(str(node.tag))
        if event == "start":
            if tag is not None:
                child = etree.SubElement(stack[-1], tag)
                if tag == "ref" and node.get("href"):
                    child.set("target", str(node.get("href")))
                elif tag == "hi":
                    child.set("rend", _REND[str(node.tag)])
                stack.append(child)
            _append_text(stack[-1], node.text)
        elif tag is not None:
            stack.pop()
            _append_tail(stack[-1], node.tail)
        else:
            _append_text(stack[-1], node.tail)
    return out


def _append_text(element: etree._Element, text: str | None) -> None:
    if not text:
        return
    if len(element):
        last = element[-1]
        last.tail = (last.tail or "") + text
    else:
        element.text = (element.text or "") + text


def _append_tail(container: etree._Element, text: str | None) -> None:
    if text and len(container):
        last = container[-1]
        last.tail = (last.tail or "") + text
