"""The Markdown subset of comments, rendered to HTML that is safe to show.

Paragraphs, line breaks, emphasis, inline code and code blocks, quotes, lists and links.
No raw HTML (it shows as text), no headings or rules (a comment cannot dress up as the
page), images become plain links (no tracking pixels). markdown-it renders; nh3 then
enforces the allowlist whatever the renderer did: only those tags, ``href`` only with
http, https or mailto, and every link ``rel="nofollow ugc noopener"``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import nh3
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token

TAGS = {"p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li", "a"}
ATTRIBUTES = {"a": {"href"}, "ol": {"start"}}
SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow ugc noopener"
_BARE_URL = re.compile(r"(?i)\b(?:https?://|www\.)\S")


def _image_as_link(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    src = str(token.attrGet("src") or "")
    alt = self.renderInlineAsText(token.children or [], options, env) or src
    return f'<a href="{escapeHtml(src)}">{escapeHtml(alt)}</a>'


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable(["heading", "lheading", "hr", "html_block", "html_inline"])
    md.add_render_rule("image", _image_as_link)
    return md


_MD = _parser()


def render(text: str) -> str:
    """Comment Markdown -> sanitized HTML."""
    html = _MD.render(text)
    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    ).strip()


def count_links(text: str, html: str) -> int:
    """Links in a comment: rendered ones and bare addresses alike."""
    return max(html.count("<a "), 0) + len(_BARE_URL.findall(_strip_link_targets(text)))


def _strip_link_targets(text: str) -> str:
    """The text without ``(url)`` link targets, so a Markdown link is not counted twice."""
    return re.sub(r"\]\([^)]*\)", "]", text)
