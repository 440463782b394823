"""The page tree made ready for the extractor: rewrites of common news-page markup.

- Embedded social posts. Articles quote posts with the networks' standard embed markup
  (``<blockquote class="twitter-tweet">``, ``instagram-media``, ``tiktok-embed``), inside a
  wrapper whose class says "embed" or "social"; extractors discard such wrappers as share
  widgets and the quoted words go missing. Each post becomes a plain ``<blockquote>`` in
  place of its wrappers.
- Layout tables. Older sites lay the whole page out with nested ``<table>``s (navigation,
  side columns and story are cells of one grid), and an extractor that keeps tables as data
  returns the entire grid. A table whose cells hold block content (paragraphs, forms, lists,
  headings, other tables) becomes ``<div>``s; tables of short inline cells are data and stay.
- The standfirst. The summary printed between headline and text (``p.standfirst``,
  ``.dek``, ``.strapline``, ``.subtitle``) repeats the feed's summary and is not article text;
  the first such element is removed when it is short and holds no paragraphs.
- Comment sections without comment markup. A heading such as "Comments (3)" or "Readers'
  comments" starts the comments; it goes with everything after it in its container.
"""

from __future__ import annotations

import re

import lxml.html


def prepare_tree(root: lxml.html.HtmlElement) -> None:
    """Apply the rewrites to ``root`` in place."""
    unwrap_social_embeds(root)
    untable_layout(root)
    drop_standfirst(root)
    cut_comment_sections(root)


EMBED_CLASSES = ("twitter-tweet", "instagram-media", "tiktok-embed", "bluesky-embed")
# Wrappers above these are page structure, never part of the embed.
_STRUCTURE = frozenset({"article", "main", "section", "body", "html"})
_INVISIBLE = frozenset({"script", "style", "noscript", "template"})


def unwrap_social_embeds(root: lxml.html.HtmlElement) -> int:
    """Turn embedded social posts into plain blockquotes; returns how many were found."""
    found = 0
    for quote in list(root.iter("blockquote")):
        classes = quote.get("class") or ""
        if not any(name in classes for name in EMBED_CLASSES):
            continue
        found += 1
        for attribute in ("class", "style", "hidden"):
            quote.attrib.pop(attribute, None)
        wrapper = _outermost_wrapper(quote)
        if wrapper is not quote:
            quote.tail = wrapper.tail
            wrapper.tail = None
            wrapper.addprevious(quote)
            parent = wrapper.getparent()
            if parent is not None:
                parent.remove(wrapper)
    return found


def _outermost_wrapper(element: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """The highest ancestor whose only visible content is ``element``."""
    current = element
    while True:
        parent = current.getparent()
        if parent is None or parent.tag in _STRUCTURE or (parent.text or "").strip():
            return current
        visible = [
            child for child in parent if isinstance(child.tag, str) and child.tag not in _INVISIBLE
        ]
        if len(visible) != 1 or any((child.tail or "").strip() for child in parent):
            return current
        current = parent


_BLOCK_CONTENT = frozenset(
    {
        "p", "div", "table", "form", "ul", "ol", "dl", "blockquote", "pre", "article",
        "section", "aside", "nav", "header", "footer", "h1", "h2", "h3", "h4", "h5", "h6",
    }
)  # fmt: skip
_TABLE_PARTS = ("tbody", "thead", "tfoot", "tr", "td", "th", "caption")
_LAYOUT_ATTRIBUTES = (
    "width", "height", "align", "valign", "cellpadding", "cellspacing", "border", "bgcolor",
    "colspan", "rowspan",
)  # fmt: skip


def untable_layout(root: lxml.html.HtmlElement) -> int:
    """Rewrite layout tables as ``div``s in place; returns how many were rewritten."""
    rewritten = 0
    for table in list(root.iter("table")):
        if table.tag != "table" or not _is_layout(table):
            continue  # already rewritten as part of an outer table, or a data table
        for element in [table, *_own_parts(table)]:
            element.tag = "div"
            for attribute in _LAYOUT_ATTRIBUTES:
                element.attrib.pop(attribute, None)
        rewritten += 1
    return rewritten


def _is_layout(table: lxml.html.HtmlElement) -> bool:
    return any(
        child.tag in _BLOCK_CONTENT
        for cell in table.iter("td", "th")
        for child in cell.iterdescendants()
    )


def _own_parts(table: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """Rows, cells and sections of ``table`` itself, not of the tables nested in it."""
    parts = []
    stack = list(table)
    while stack:
        element = stack.pop()
        if element.tag in _TABLE_PARTS:
            parts.append(element)
            stack.extend(element)
        elif element.tag != "table":
            stack.extend(element)
    return parts


_STANDFIRST = re.compile(r"(^|[\s_-])(standfirst|dek|strapline|subtitle)([\s_-]|$)", re.IGNORECASE)
MAX_STANDFIRST_WORDS = 60


def drop_standfirst(root: lxml.html.HtmlElement) -> bool:
    """Remove the first standfirst-like element; returns whether one was removed."""
    for element in root.iter("p", "div", "h2", "span"):
        if _STANDFIRST.search(element.get("class") or ""):
            short = len(element.text_content().split()) <= MAX_STANDFIRST_WORDS
            if short and element.find(".//p") is None:
                element.drop_tree()
                return True
            return False
    return False


_COMMENTS_HEADING = re.compile(
    r"^\s*((\d+\s+)?((readers'?|user|your)\s+)?comments\s*(\(\d+\)|:)?"
    r"|comments?\s*\(\d+\))\s*$",
    re.IGNORECASE,
)


def cut_comment_sections(root: lxml.html.HtmlElement) -> int:
    """Remove each "Comments (n)" heading and what follows it in its container."""
    cut = 0
    for heading in list(root.iter("h2", "h3", "h4", "h5", "h6")):
        parent = heading.getparent()
        if parent is None or not _COMMENTS_HEADING.match(heading.text_content()):
            continue
        for element in [heading, *heading.itersiblings()]:
            parent.remove(element)
        cut += 1
    return cut
