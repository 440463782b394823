"""XML sitemaps (https://www.sitemaps.org) → ``ParsedFeed``.

A ``<urlset>`` gives one entry per ``<url>``: the ``<loc>`` is the entry URL (and there is
no guid: in a sitemap the URL is the identity), ``<lastmod>`` the update date. The Google
News extension (``news:news``) adds the title, the publication date, the publication
name (taken as the feed title) and the language; the image extension (``image:image``)
adds the image. A ``<sitemapindex>`` has no entries: its child sitemaps are in ``links``.

Only absolute http(s) locations are kept (a sitemap has no base to resolve against other
than its own URL, which is used when given).
"""

from __future__ import annotations

from datetime import UTC, datetime

from broadsheet.errors import ParseError
from broadsheet.ingest.dates import parse_date
from broadsheet.ingest.encoding import decode_document
from broadsheet.ingest.entrybuild import Context
from broadsheet.ingest.feedtext import clean_language, plain_text
from broadsheet.ingest.safexml import Element, local_name, parse_xml
from broadsheet.ingest.urls import is_http_url, resolve_url
from broadsheet.model import ParsedEntry, ParsedFeed

NS_NEWS = "http://www.google.com/schemas/sitemap-news/0.9"
NS_IMAGE = "http://www.google.com/schemas/sitemap-image/1.1"


def parse_sitemap(
    data: bytes,
    *,
    url: str | None = None,
    max_items: int = 50000,
    now: datetime | None = None,
) -> ParsedFeed:
    """Parse a sitemap or sitemap index. Raises ``ParseError`` for anything else."""
    decoded = decode_document(data)
    root, warnings = parse_xml(decoded.text, what="sitemap")
    context = Context(
        base=None, now=now or datetime.now(UTC), warnings=[*decoded.warnings, *warnings]
    )
    name = local_name(root.tag) if isinstance(root.tag, str) else ""
    if name not in {"urlset", "sitemapindex"}:
        raise ParseError(f"the document is not a sitemap (its root element is <{name}>)")
    return read_sitemap(root, context, url=url, max_items=max_items)


def _children(element: Element, name: str) -> list[Element]:
    return [c for c in element if isinstance(c.tag, str) and local_name(c.tag) == name]


def _child_text(element: Element, name: str) -> str | None:
    for child in element:
        if isinstance(child.tag, str) and local_name(child.tag) == name:
            return child.text
    return None


def read_sitemap(root: Element, context: Context, *, url: str | None, max_items: int) -> ParsedFeed:
    """Read a parsed ``<urlset>`` or ``<sitemapindex>`` root."""
    base = url if is_http_url(url) else None
    if local_name(root.tag) == "sitemapindex":
        links: list[str] = []
        for sitemap in _children(root, "sitemap"):
            loc = resolve_url(base, _child_text(sitemap, "loc"))
            if loc is not None and loc not in links:
                links.append(loc)
            if len(links) >= max_items:
                context.warnings.append(f"the sitemap index lists more than {max_items} sitemaps")
                break
        return ParsedFeed(
            kind="sitemapindex",
            title=None,
            site_url=None,
            entries=(),
            links=tuple(links),
            warnings=tuple(context.warnings),
        )
    nodes = _children(root, "url")
    # Some generators list child sitemaps inside a urlset: keep them as links.
    links = []
    for sitemap in _children(root, "sitemap"):
        loc = resolve_url(base, _child_text(sitemap, "loc"))
        if loc is not None and loc not in links and len(links) < max_items:
            links.append(loc)
    if len(nodes) > max_items:
        context.warnings.append(
            f"the sitemap has {len(nodes)} URLs; only the first {max_items} were read"
        )
        nodes = nodes[:max_items]
    entries: list[ParsedEntry] = []
    publication: str | None = None
    language: str | None = None
    for node in nodes:
        entry, name = _read_url(node, base, context)
        if entry is None:
            continue
        entries.append(entry)
        publication = publication or name
        language = language or entry.language
    return ParsedFeed(
        kind="sitemap",
        title=plain_text(publication),
        site_url=None,
        entries=tuple(entries),
        language=language,
        links=tuple(links),
        warnings=tuple(context.summary_warnings()),
    )


def _read_url(
    node: Element, base: str | None, context: Context
) -> tuple[ParsedEntry | None, str | None]:
    loc: str | None = None
    lastmod: str | None = None
    title = published = language = publication = image = None
    keywords: list[str] = []
    for child in node:
        tag: object = child.tag
        if not isinstance(tag, str):
            continue
        name = local_name(tag)
        if name == "loc" and loc is None:
            loc = resolve_url(base, child.text)
            if loc is None and (child.text or "").strip():
                context.refused_links += 1
        elif name == "lastmod":
            lastmod = child.text
        elif tag == f"{{{NS_NEWS}}}news":
            title, published, language, publication = _read_news(child, keywords)
        elif tag == f"{{{NS_IMAGE}}}image" and image is None:
            image = resolve_url(base, _child_text(child, "loc"))
    if loc is None:
        context.skipped_entries += 1
        return None, None
    updated = parse_date(lastmod, now=context.now)
    entry = ParsedEntry(
        guid=None,
        url=loc,
        title=plain_text(title),
        published=parse_date(published, now=context.now) or updated,
        updated=updated,
        image_url=image,
        language=clean_language(language),
        tags=tuple(keywords),
    )
    return entry, publication


def _read_news(news: Element, keywords: list[str]) -> tuple[str | None, ...]:
    title = published = language = publication = None
    for child in news:
        tag: object = child.tag
        if not isinstance(tag, str):
            continue
        name = local_name(tag)
        if name == "title":
            title = child.text
        elif name == "publication_date":
            published = child.text
        elif name == "keywords" and child.text:
            keywords.extend(
                k for k in (plain_text(p, 100) for p in child.text.split(",")[:50]) if k
            )
        elif name == "publication":
            publication = _child_text(child, "name")
            language = _child_text(child, "language")
        elif name == "language":  # misplaced outside news:publication
            language = language or child.text
    return title, published, language, publication
