"""HTML fragments from feeds → plain text with paragraph breaks."""

from __future__ import annotations

import re

from lxml import etree, html

_BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "pre"}
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")


def html_to_text(fragment: str | None) -> str:
    """Visible text of an HTML fragment, paragraphs separated by a blank line."""
    if not fragment or not fragment.strip():
        return ""
    if "<" not in fragment:
        return _tidy(fragment)
    try:
        root = html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return _tidy(re.sub(r"<[^>]*>", " ", fragment))
    etree.strip_elements(root, "script", "style", "noscript", "template", with_tail=False)
    parts: list[str] = []
    _walk(root, parts)
    return _tidy("".join(parts))


def _walk(node: html.HtmlElement, out: list[str]) -> None:
    block = isinstance(node.tag, str) and node.tag in _BLOCKS
    if block:
        out.append("\n\n")
    if isinstance(node.tag, str) and node.text:
        out.append(node.text)
    for child in node:
        if isinstance(child.tag, str):
            _walk(child, out)
        if child.tail:
            out.append(child.tail)
    if block:
        out.append("\n\n")


def _tidy(text: str) -> str:
    paragraphs = (_SPACES.sub(" ", p).strip() for p in re.split(r"\n\s*\n", text))
    return "\n\n".join(p for p in (" ".join(q.split()) for q in paragraphs) if p)
