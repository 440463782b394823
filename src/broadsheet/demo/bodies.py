"""Story bodies as HTML: the inline markup of one block, and the whole body for feeds."""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup, escape

from broadsheet.demo.catalog import Placed
from broadsheet.demo.world.model import Block


def inline_html(block: Block, link: Callable[[str], str]) -> Markup:
    """The block's text, escaped, with its story links turned into anchors."""
    parts: list[Markup] = []
    rest = block.text
    for anchor, target in block.links:  # in order of appearance
        before, found, after = rest.partition(anchor)
        if not found:
            raise ValueError(f"link text {anchor!r} not found in its block")
        parts.append(escape(before))
        parts.append(Markup('<a href="{}">{}</a>').format(link(target), anchor))
        rest = after
    parts.append(escape(rest))
    return Markup("").join(parts)


def block_html(block: Block, link: Callable[[str], str]) -> Markup:
    inner = inline_html(block, link)
    if block.kind == "h2":
        return Markup("<h2>{}</h2>").format(inner)
    if block.kind == "quote":
        return Markup("<blockquote><p>{}</p></blockquote>").format(inner)
    return Markup("<p>{}</p>").format(inner)


def article_html(article: Placed, base: str, link: Callable[[str], str]) -> Markup:
    """The full body with its picture, as feeds carry it (absolute URLs)."""
    parts = [
        Markup('<figure><img src="{}" alt="{}" width="320" height="180">').format(
            base + article.image_path, article.story.caption or article.headline
        )
    ]
    if article.story.caption:
        parts.append(Markup("<figcaption>{}</figcaption>").format(article.story.caption))
    parts.append(Markup("</figure>"))
    parts.extend(block_html(block, lambda slug: base + link(slug)) for block in article.blocks)
    return Markup("\n").join(parts)
