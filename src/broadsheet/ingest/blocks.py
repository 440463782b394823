"""The body of an article as a list of blocks, and blocks back to text and HTML.

trafilatura hands over its result as a small XML tree (``p``, ``head``, ``list``/``item``,
``quote``, ``table``/``row``/``cell``, inline ``hi``, ``ref`` and ``lb``). Each child of that
tree becomes a :class:`Block` with its plain text and how much of the text sits in links; the
boilerplate rules judge blocks, and the survivors are rendered to text and to simple HTML.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass

from lxml import etree

_NOT_WORD = re.compile(r"[\W_]+")
_SPACES = re.compile(r"[^\S\n]+")
_NEWLINES = re.compile(r"\s*\n\s*")
_HEADING_LEVELS = {"h1": 2, "h2": 2, "h3": 3}
_INLINE_TAGS = {"#b": "strong", "#i": "em", "#u": "em"}


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph-level piece of an article body."""

    kind: str  # "p" | "head" | "list" | "quote" | "table" | "code"
    text: str  # plain text; list items and table rows on their own lines
    link_chars: int  # characters of ``text`` that are link text
    element: etree._Element  # the extractor's element, kept for rendering
    items: int = 0  # list items, for lists
    linked_items: int = 0  # list items that open with a link (a teaser: headline link + blurb)

    @property
    def words(self) -> int:
        return len(self.text.split())

    @property
    def link_density(self) -> float:
        return self.link_chars / len(self.text) if self.text else 0.0


def text_key(text: str) -> str:
    """A key to recognise the same text in two places: case-folded letters and digits only."""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text).casefold())


def blocks_from_xml(body: etree._Element) -> list[Block]:
    """Turn trafilatura's body element into blocks, skipping empty ones."""
    blocks = []
    for child in body:
        if isinstance(child, etree._Comment | etree._ProcessingInstruction):
            continue
        kind = child.tag if child.tag in {"p", "head", "list", "quote", "table", "code"} else "p"
        text = _block_text(child)
        if not text:
            continue
        links = sum(len(_normalize(_inline_text(ref))) for ref in child.iter("ref"))
        items = linked = 0
        if kind == "list":
            for item in child.iter("item"):
                items += 1
                linked += _opens_with_link(item)
        blocks.append(Block(kind, text, min(links, len(text)), child, items, linked))
    return blocks


def _opens_with_link(item: etree._Element) -> bool:
    if (item.text or "").strip() or not len(item):
        return False
    first = item[0]
    return first.tag == "ref" or (first.tag == "hi" and first.find("ref") is not None)


def _block_text(element: etree._Element) -> str:
    if element.tag == "list":
        items = [_normalize(_inline_text(item)) for item in element.iter("item")]
        return "\n".join(f"- {item}" for item in items if item)
    if element.tag == "table":
        rows = []
        for row in element.iter("row"):
            cells = [_normalize(_inline_text(cell)) for cell in row.iter("cell")]
            line = " | ".join(cell for cell in cells if cell)
            if line:
                rows.append(line)
        return "\n".join(rows)
    return _normalize(_inline_text(element))


def _inline_text(element: etree._Element) -> str:
    """All text below ``element``, with a line break for each ``lb``; iterative, any depth."""
    parts: list[str] = []
    for event, node in etree.iterwalk(element, events=("start", "end")):
        if event == "start":
            if node.tag == "lb":
                parts.append("\n")
            elif node.text:
                parts.append(node.text)
        elif node is not element and node.tail:
            parts.append(node.tail)
    return "".join(parts)


def _normalize(text: str) -> str:
    return _NEWLINES.sub("\n", _SPACES.sub(" ", text)).strip()


def blocks_to_text(blocks: list[Block]) -> str:
    """Plain text: one paragraph per block, separated by a blank line."""
    return "\n\n".join(block.text for block in blocks)


def blocks_to_html(blocks: list[Block]) -> str:
    """Simple HTML for the blocks (p, h2-h4, ul/ol/li, blockquote, a, em/strong, br).

    The output is escaped but not yet sanitized: links are written as the page had them and
    the caller passes the result through the sanitizer, which resolves and filters them.
    """
    return "\n".join(_render_block(block.element) for block in blocks)


def _render_block(element: etree._Element) -> str:
    tag = element.tag
    if tag == "head":
        level = _HEADING_LEVELS.get(str(element.get("rend", "")), 4)
        return f"<h{level}>{_render_inline(element)}</h{level}>"
    if tag == "list":
        name = "ol" if element.get("rend") == "ol" else "ul"
        items = "".join(
            f"<li>{_render_inline(item)}</li>" for item in element if item.tag == "item"
        )
        return f"<{name}>{items}</{name}>"
    if tag == "quote":
        inner = [_render_block(child) for child in element if child.tag in {"p", "list", "head"}]
        if inner and not (element.text or "").strip():
            return f"<blockquote>{''.join(inner)}</blockquote>"
        return f"<blockquote><p>{_render_inline(element)}</p></blockquote>"
    if tag == "table":
        rows = []
        for row in element.iter("row"):
            cells = [_normalize(_inline_text(cell)) for cell in row.iter("cell")]
            line = " | ".join(cell for cell in cells if cell)
            if line:
                rows.append(f"<p>{html.escape(line, quote=False)}</p>")
        return "".join(rows)
    return f"<p>{_render_inline(element)}</p>"


def _render_inline(element: etree._Element) -> str:
    """Inline content of an element as escaped HTML; iterative, any depth."""
    parts: list[str] = []
    for event, node in etree.iterwalk(element, events=("start", "end")):
        name = _inline_tag(node)
        if event == "start":
            if node is not element and name:
                parts.append(_open_tag(node, name))
            elif node.tag == "lb":
                parts.append("<br>")
            if node.text and node.tag != "lb":
                parts.append(html.escape(node.text, quote=False))
        else:
            if node is element:
                continue
            if name:
                parts.append(f"</{name}>")
            if node.tail:
                parts.append(html.escape(node.tail, quote=False))
    return _SPACES.sub(" ", "".join(parts)).strip()


def _inline_tag(node: etree._Element) -> str | None:
    if node.tag == "ref":
        return "a"
    if node.tag == "hi":
        return _INLINE_TAGS.get(str(node.get("rend", "")))
    return None


def _open_tag(node: etree._Element, name: str) -> str:
    if name == "a":
        target = node.get("target")
        if target:
            return f'<a href="{html.escape(target, quote=True)}">'
    return f"<{name}>"
