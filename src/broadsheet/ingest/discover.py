"""Feed autodiscovery: the feeds an HTML page points at. Pure: no network.

``discover_feeds`` reads the page's ``<link>`` elements (in ``<head>`` or, as some sites
do, in ``<body>``) whose ``rel`` contains ``alternate`` with an RSS, Atom, RDF or JSON Feed
``type``, or whose ``rel`` contains ``feed`` (HTML5, with or without a type). The generic
types ``application/json`` (JSON Feed's old type, but also WordPress REST links) and
``application/xml``/``text/xml`` count only when the link does not look like something
else (``/wp-json/``, oEmbed, an ``hreflang`` translation). Their
``href`` is resolved against the page's ``<base href>`` (if http(s)) or the page URL;
only absolute http(s) URLs are kept, without fragment, each once, in document order.
The page is decoded like any document (BOM, ``<meta charset>``, UTF-8, Windows-1252)
and only its first ``MAX_SCAN_BYTES`` are read.

``COMMON_FEED_PATHS`` lists the paths where feeds usually live, for a caller to probe when
a page declares none (each probe is a fetch, so that is the caller's business).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from broadsheet.ingest.urls import is_http_url, resolve_url

MAX_SCAN_BYTES = 1_000_000
MAX_FEEDS = 50

COMMON_FEED_PATHS: tuple[str, ...] = (
    "/feed",
    "/feed/",
    "/rss",
    "/rss.xml",
    "/atom.xml",
    "/feed.xml",
    "/index.xml",
    "/feed.json",
    "/feeds/posts/default",
    "/?feed=rss2",
    "/sitemap_news.xml",
    "/news-sitemap.xml",
)

FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/feed+json",
        "application/json",
        "application/xml",
        "text/xml",
        "application/x.atom+xml",
        "application/x-atom+xml",
        "application/x-rss+xml",
        "text/rss+xml",
        "text/atom+xml",
    }
)
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9_\-]{1,40})""", re.IGNORECASE
)


class _LinkCollector(HTMLParser):
    def __init__(self, base_url: str | None) -> None:
        super().__init__(convert_charrefs=True)
        self.base = base_url
        self.base_seen = False
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in {"link", "base"}:
            return
        values = {name.lower(): value or "" for name, value in attrs}
        if tag == "base" and not self.base_seen:
            self.base_seen = True  # only the first <base> counts
            resolved = resolve_url(self.base, values.get("href"))
            if resolved is not None:
                self.base = resolved
            return
        if tag != "link" or len(self.links) >= MAX_FEEDS:
            return
        if not _is_feed_link(values):
            return
        url = resolve_url(self.base, values.get("href"))
        if url is not None:
            url = url.partition("#")[0]  # a fragment means nothing to the fetcher
            if url not in self.links:
                self.links.append(url)


def _is_feed_link(values: dict[str, str]) -> bool:
    rels = set(values.get("rel", "").lower().split())
    kind = values.get("type", "").split(";", 1)[0].strip().lower()
    if "feed" in rels:
        return not kind or kind in FEED_TYPES
    if "alternate" not in rels or kind not in FEED_TYPES:
        return False
    href = values.get("href", "").lower()
    if kind == "application/json":
        # Old JSON Feeds used this type, but so do WordPress REST links (/wp-json/...).
        return "wp-json" not in href and (
            "feed" in href or "feed" in values.get("title", "").lower()
        )
    if kind in {"application/xml", "text/xml"}:
        # Generic XML: not a translation of the page, not an oEmbed endpoint.
        return not values.get("hreflang") and "oembed" not in href
    return True


def _decode(html: bytes) -> str:
    head = html[:MAX_SCAN_BYTES]
    if head.startswith(b"\xef\xbb\xbf"):
        return head[3:].decode("utf-8", errors="replace")
    match = _META_CHARSET.search(head[:4096])
    if match:
        try:
            return head.decode(match.group(1).decode("ascii"), errors="replace")
        except LookupError:
            pass
    try:
        return head.decode("utf-8")
    except UnicodeDecodeError:
        return head.decode("cp1252", errors="replace")


def discover_feeds(html: bytes, base_url: str) -> list[str]:
    """Absolute http(s) URLs of the feeds ``html`` declares, in document order."""
    collector = _LinkCollector(base_url if is_http_url(base_url) else None)
    collector.feed(_decode(html))
    collector.close()
    return collector.links
