"""Embedded social posts made visible to the extractor.

News articles quote posts from social networks with the networks' standard embed markup
(``<blockquote class="twitter-tweet">``, ``instagram-media``, ``tiktok-embed``), usually
inside a wrapper whose class says "embed" or "social". Extractors discard such wrappers as
share widgets, and the quoted words go missing from the article. Here each embedded post
becomes a plain ``<blockquote>`` in place of its wrappers, so it is kept as a quotation.
"""

from __future__ import annotations

import lxml.html

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
