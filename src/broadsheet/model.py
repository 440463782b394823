"""Plain data every stage shares. No behaviour, no I/O.

All datetimes are timezone-aware UTC. URLs in these records are absolute http(s)
URLs or ``None``: stages drop anything else before building a record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class ParsedEntry:
    """One item of a feed or sitemap, as the document describes it."""

    guid: str | None
    url: str | None
    title: str | None = None
    summary_html: str | None = None
    content_html: str | None = None
    author: str | None = None
    published: datetime | None = None
    updated: datetime | None = None
    image_url: str | None = None
    language: str | None = None
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    """A feed (RSS, Atom, JSON Feed) or news sitemap, parsed."""

    kind: str  # "rss" | "rdf" | "atom" | "json" | "sitemap" | "sitemapindex"
    title: str | None
    site_url: str | None
    entries: tuple[ParsedEntry, ...]
    language: str | None = None
    ttl_minutes: int | None = None
    # Child sitemaps of a sitemap index, or the alternate feeds a document points at.
    links: tuple[str, ...] = ()
    # Recoverable problems (wrong charset, truncated XML, dropped links), for the operator.
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Extracted:
    """What extraction found in one article page."""

    title: str | None
    text: str  # clean body text, paragraphs separated by a blank line
    byline: str | None = None
    published: datetime | None = None
    updated: datetime | None = None
    image_url: str | None = None
    canonical_url: str | None = None
    language: str | None = None
    site_name: str | None = None
    description: str | None = None
    html: str | None = None  # the body as sanitized HTML (p, h2-h4, ul/ol/li, blockquote, img)

    @property
    def word_count(self) -> int:
        return len(self.text.split())


@dataclass(frozen=True, slots=True)
class FetchResult:
    """The outcome of one successful HTTP exchange (2xx or 304)."""

    url: str  # final URL after redirects
    status: int
    body: bytes
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    elapsed: float = 0.0

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass(frozen=True, slots=True)
class Source:
    """An outlet: a site with one or more feeds."""

    id: int
    name: str
    site_url: str | None
    host: str


@dataclass(frozen=True, slots=True)
class Feed:
    """A subscription: a feed or sitemap URL that is polled, or one article page."""

    id: int
    source_id: int
    url: str
    kind: str  # feed | sitemap | page
    title: str | None
    etag: str | None
    last_modified: str | None
    next_poll_at: datetime
    error_count: int
    last_error: str | None
    last_fetched_at: datetime | None
    last_success_at: datetime | None
    last_status: int | None
    ttl_minutes: int | None
    enabled: bool


@dataclass(frozen=True, slots=True)
class Article:
    """A stored article: one per canonical URL."""

    id: int
    canonical_url: str
    url: str
    source_id: int
    title: str | None
    byline: str | None
    published_at: datetime | None
    updated_at: datetime | None
    text: str
    html: str | None
    summary: str | None
    image_url: str | None
    language: str | None
    word_count: int
    site_name: str | None
    version: int
    status: str  # extracted | feed_only
    extraction_error: str | None
    fetched_at: datetime
    created_at: datetime


@dataclass(frozen=True, slots=True)
class ArticleDraft:
    """What the pipeline hands the store to create or update an article."""

    canonical_url: str
    url: str
    source_id: int
    title: str | None
    text: str
    status: str  # extracted | feed_only
    byline: str | None = None
    published_at: datetime | None = None
    updated_at: datetime | None = None
    html: str | None = None
    summary: str | None = None
    image_url: str | None = None
    language: str | None = None
    site_name: str | None = None
    extraction_error: str | None = None


@dataclass(frozen=True, slots=True)
class PendingEntry:
    """A feed entry whose article is not stored yet, or whose feed data changed."""

    id: int
    feed_id: int
    guid: str
    url: str | None
    title: str | None
    summary: str | None
    content: str | None
    author: str | None
    published_at: datetime | None
    updated_at: datetime | None
    fingerprint: str
