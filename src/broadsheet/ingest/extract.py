"""Page bytes → a clean article: text, simple HTML and metadata. Pure; no network.

The sequence, one step per module:

1. ``htmlpage``: decode the bytes and parse a bounded tree (size, depth and element caps).
2. ``metadata``: what the page says about itself (JSON-LD, OpenGraph, ``<meta>``, htmldate).
3. ``prepare``: embedded social posts become plain quotes the extractor keeps, layout
   tables become plain blocks, the standfirst goes.
4. trafilatura, in recall mode without its slower fallback extractors, finds the body;
   ``blocks`` turns its XML into paragraph blocks.
5. ``continuation`` adds the paragraphs of an article cut into sibling chunks around ads;
   ``boilerplate`` drops the furniture recall mode lets through (headline, teasers,
   promos, newsletter and comment boxes, rails, credits, copyright lines).
6. The blocks become plain text (paragraphs separated by a blank line) and HTML, which
   ``sanitize`` cleans; ``language`` identifies the language of the text.

A page with no article text raises :class:`~broadsheet.errors.ExtractError`; the pipeline
then keeps the feed's own content.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import trafilatura
from lxml import etree
from lxml.html import HtmlElement

from broadsheet.errors import ExtractError
from broadsheet.ingest.blocks import Block, blocks_from_xml, blocks_to_html, blocks_to_text
from broadsheet.ingest.boilerplate import remove_furniture
from broadsheet.ingest.continuation import add_continuation
from broadsheet.ingest.htmlpage import parse_html
from broadsheet.ingest.language import detect_language
from broadsheet.ingest.metadata import PageMetadata, read_metadata
from broadsheet.ingest.prepare import prepare_tree
from broadsheet.ingest.sanitize import sanitize_html
from broadsheet.model import Extracted

# Fewer words than this is not an article (a teaser, an error page, a paywall stub).
MIN_WORDS = 10
# A result this short, or with this share of link text, is redone without links.
SUSPICIOUS_WORDS = 80
SUSPICIOUS_LINK_SHARE = 0.5
# Compressed input is read up to this many bytes once decompressed.
MAX_FILE_BYTES = 32 * 1024 * 1024


def extract_article(html: str | bytes, url: str | None = None) -> Extracted:
    """Extract the article of one page: text, sanitized HTML and metadata.

    ``url`` is the page's address; it resolves relative links and image and canonical
    URLs, and is never fetched. Raises :class:`ExtractError` when the page holds no
    article text.
    """
    root = parse_html(html)
    if root is None:
        raise ExtractError("the page is empty or is not HTML")
    meta = read_metadata(root, url)
    prepare_tree(root)
    blocks = _article_blocks(root, meta)
    text = blocks_to_text(blocks)
    words = len(text.split())
    if words < MIN_WORDS:
        raise ExtractError(f"no article text found (only {words} words outside page furniture)")
    return Extracted(
        title=meta.title,
        text=text,
        byline=meta.byline,
        published=meta.published,
        updated=meta.updated,
        image_url=meta.image_url,
        canonical_url=meta.canonical_url,
        language=detect_language(text, meta.language),
        site_name=meta.site_name,
        description=meta.description,
        html=_body_html(blocks, url),
    )


def _article_blocks(root: HtmlElement, meta: PageMetadata) -> list[Block]:
    """The article's blocks: trafilatura's body, continued and cleaned of furniture.

    Links are kept for the HTML; when the result then looks wrong (a few words, or mostly
    link text: trafilatura settled on a teaser), it is redone without them, which makes
    trafilatura weigh link-heavy containers differently, and the longer result wins.
    """
    blocks = _clean_blocks(root, meta, links=True)
    if _looks_wrong(blocks):
        retry = _clean_blocks(root, meta, links=False)
        if sum(b.words for b in retry) > sum(b.words for b in blocks):
            return retry
    return blocks


def _clean_blocks(root: HtmlElement, meta: PageMetadata, *, links: bool) -> list[Block]:
    body = _trafilatura_body(root, links=links)
    blocks = blocks_from_xml(body) if body is not None else []
    blocks = add_continuation(blocks, root)
    captions = [image.get("alt") or "" for image in root.iter("img")]
    return remove_furniture(blocks, title=meta.title, byline=meta.byline, captions=captions)


def _looks_wrong(blocks: list[Block]) -> bool:
    words = sum(block.words for block in blocks)
    if words < SUSPICIOUS_WORDS:
        return True
    link_chars = sum(block.link_chars for block in blocks)
    return link_chars > SUSPICIOUS_LINK_SHARE * sum(len(block.text) for block in blocks)


def _trafilatura_body(root: HtmlElement, *, links: bool) -> etree._Element | None:
    """trafilatura's main-text tree: recall mode without its slower fallback extractors
    (``fast``), comments and images left out. Links stay as the page wrote them; the
    sanitizer resolves them later against the page URL."""
    document = trafilatura.bare_extraction(
        root,
        output_format="xml",  # the body tree only: skips trafilatura's own text rendering
        fast=True,
        favor_recall=True,
        include_comments=False,
        include_formatting=True,
        include_links=links,
        include_tables=True,
        include_images=False,
        with_metadata=False,
    )
    if document is None:
        return None
    body = getattr(document, "body", None)
    return body if isinstance(body, etree._Element) else None


def _body_html(blocks: list[Block], url: str | None) -> str | None:
    cleaned = sanitize_html(blocks_to_html(blocks), base_url=url)
    return cleaned or None


def extract_file(path: Path) -> Extracted:
    """Extract the article from a saved page, ``.html`` or gzip-compressed ``.html.gz``."""
    if path.suffix == ".gz":
        with gzip.open(path, "rb") as stream:
            data = stream.read(MAX_FILE_BYTES)
    else:
        with path.open("rb") as stream:
            data = stream.read(MAX_FILE_BYTES)
    return extract_article(data)


def extracted_to_json(item: Extracted) -> dict[str, object]:
    """A JSON-ready dict: ISO-8601 dates, ``word_count`` included."""
    return {
        "title": item.title,
        "byline": item.byline,
        "published": item.published.isoformat() if item.published else None,
        "updated": item.updated.isoformat() if item.updated else None,
        "language": item.language,
        "site_name": item.site_name,
        "description": item.description,
        "canonical_url": item.canonical_url,
        "image_url": item.image_url,
        "word_count": item.word_count,
        "text": item.text,
        "html": item.html,
    }
