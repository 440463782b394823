"""Read queries for the reader site and the JSON API.

The lists here load only what a list shows (no body text or HTML), so a front page of
fifty headlines reads a few kilobytes instead of fifty article bodies. Ordering is the
same as ``articles.list_articles``: newest first by publication time, falling back to
when the article was stored, ties broken by id.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, and_, func, or_, select

from broadsheet.model import Feed, Source
from broadsheet.store.feeds import list_feeds, list_sources
from broadsheet.store.schema import articles


@dataclass(frozen=True, slots=True)
class ArticleCard:
    """What a list of articles shows about each one."""

    id: int
    source_id: int
    title: str | None
    url: str
    summary: str | None
    byline: str | None
    image_url: str | None
    language: str | None
    word_count: int
    status: str
    version: int
    published_at: datetime | None
    created_at: datetime

    @property
    def when(self) -> datetime:
        """The time lists sort by: publication, else when we stored it."""
        return self.published_at or self.created_at


_CARD_COLUMNS = (
    articles.c.id,
    articles.c.source_id,
    articles.c.title,
    articles.c.url,
    articles.c.summary,
    articles.c.byline,
    articles.c.image_url,
    articles.c.language,
    articles.c.word_count,
    articles.c.status,
    articles.c.version,
    articles.c.published_at,
    articles.c.created_at,
)


def _card(row: Any) -> ArticleCard:
    return ArticleCard(
        id=row.id,
        source_id=row.source_id,
        title=row.title,
        url=row.url,
        summary=row.summary,
        byline=row.byline,
        image_url=row.image_url,
        language=row.language,
        word_count=row.word_count,
        status=row.status,
        version=row.version,
        published_at=row.published_at,
        created_at=row.created_at,
    )


def latest_cards(
    conn: Connection,
    *,
    limit: int = 50,
    source_id: int | None = None,
    before: tuple[datetime, int] | None = None,
) -> list[ArticleCard]:
    """A page of the newest articles; ``before`` is the (time, id) of the last one seen.

    The order is by ``coalesce(published_at, created_at)``, but no index covers that
    expression, and sorting it means reading every row. So the page is made from two
    index range scans: dated articles by ``published_at`` (its index ends in the row id,
    so it also gives the tie-break), and undated ones by ``created_at``, the latter only
    as far back as the oldest dated article that made the page. Merged, they are exactly
    the first ``limit`` articles of the full order.
    """
    dated = _page(
        conn,
        articles.c.published_at,
        articles.c.published_at.is_not(None),
        limit=limit,
        source_id=source_id,
        before=before,
    )
    undated_filter: ColumnElement[bool] = articles.c.published_at.is_(None)
    if len(dated) == limit:
        undated_filter = and_(undated_filter, articles.c.created_at >= dated[-1].when)
    undated = _page(
        conn,
        articles.c.created_at,
        undated_filter,
        limit=limit,
        source_id=source_id,
        before=before,
    )
    merged = sorted([*dated, *undated], key=lambda c: (c.when, c.id), reverse=True)
    return merged[:limit]


def _page(
    conn: Connection,
    when: Any,
    condition: Any,
    *,
    limit: int,
    source_id: int | None,
    before: tuple[datetime, int] | None,
) -> list[ArticleCard]:
    query = (
        select(*_CARD_COLUMNS)
        .where(condition)
        .order_by(when.desc(), articles.c.id.desc())
        .limit(limit)
    )
    if source_id is not None:
        query = query.where(articles.c.source_id == source_id)
    if before is not None:
        stamp, last_id = before
        query = query.where(or_(when < stamp, and_(when == stamp, articles.c.id < last_id)))
    return [_card(r) for r in conn.execute(query)]


def cards_by_id(conn: Connection, ids: Sequence[int]) -> list[ArticleCard]:
    """Cards for ``ids``, in the order given; unknown ids are left out."""
    if not ids:
        return []
    rows = {
        r.id: _card(r) for r in conn.execute(select(*_CARD_COLUMNS).where(articles.c.id.in_(ids)))
    }
    return [rows[i] for i in ids if i in rows]


def article_version(conn: Connection, article_id: int) -> int | None:
    """The current version of an article, or None when there is no such article."""
    row = conn.execute(select(articles.c.version).where(articles.c.id == article_id)).first()
    return None if row is None else int(row.version)


def source_counts(conn: Connection) -> dict[int, int]:
    """Number of stored articles per source id."""
    query = select(articles.c.source_id, func.count()).group_by(articles.c.source_id)
    return {int(source_id): int(count) for source_id, count in conn.execute(query)}


def source_article_count(conn: Connection, source_id: int) -> int:
    query = select(func.count()).select_from(articles).where(articles.c.source_id == source_id)
    return int(conn.execute(query).scalar_one())


def languages(conn: Connection) -> list[str]:
    """The languages stored articles are written in, sorted."""
    query = select(articles.c.language).where(articles.c.language.is_not(None)).distinct()
    return sorted(str(lang) for (lang,) in conn.execute(query) if lang)


def sources_by_id(conn: Connection) -> dict[int, Source]:
    return {s.id: s for s in list_sources(conn)}


@dataclass(frozen=True, slots=True)
class FeedHealth:
    """One subscription as the operator sees it."""

    feed: Feed
    source: Source

    @property
    def state(self) -> str:
        """One of: disabled; failing (the last poll failed); ok; new (never polled)."""
        if not self.feed.enabled:
            return "disabled"
        if self.feed.last_error and self.feed.error_count:
            return "failing"
        if self.feed.last_success_at is not None:
            return "ok"
        return "new"


def feed_health(conn: Connection, *, source_id: int | None = None) -> list[FeedHealth]:
    """Every feed (or one source's feeds) with its source, failing ones first."""
    by_id = sources_by_id(conn)
    rows = [
        FeedHealth(feed=f, source=by_id[f.source_id])
        for f in list_feeds(conn, source_id=source_id)
        if f.source_id in by_id
    ]
    order = {"failing": 0, "new": 1, "ok": 2, "disabled": 3}
    return sorted(rows, key=lambda h: (order[h.state], h.source.name.lower(), h.feed.id))
