"""Sources, feeds, their fetch state and the leases that let workers share them."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, and_, delete, insert, or_, select, update

from broadsheet.model import Feed, Source
from broadsheet.store.schema import feeds, fetch_log, sources


def _source(row: Any) -> Source:
    return Source(id=row.id, name=row.name, site_url=row.site_url, host=row.host)


def _feed(row: Any) -> Feed:
    return Feed(
        id=row.id,
        source_id=row.source_id,
        url=row.url,
        kind=row.kind,
        title=row.title,
        etag=row.etag,
        last_modified=row.last_modified,
        next_poll_at=row.next_poll_at,
        error_count=row.error_count,
        last_error=row.last_error,
        last_fetched_at=row.last_fetched_at,
        last_success_at=row.last_success_at,
        last_status=row.last_status,
        ttl_minutes=row.ttl_minutes,
        enabled=row.enabled,
    )


def source_for_host(
    conn: Connection, *, host: str, name: str, site_url: str | None, now: datetime
) -> Source:
    """The source of a host, created on first sight."""
    row = conn.execute(select(sources).where(sources.c.host == host)).first()
    if row is not None:
        return _source(row)
    new_id = conn.execute(
        insert(sources).values(name=name, site_url=site_url, host=host, created_at=now)
    ).inserted_primary_key
    assert new_id is not None
    return Source(id=new_id[0], name=name, site_url=site_url, host=host)


def name_source(
    conn: Connection, source_id: int, *, title: str | None, site_url: str | None
) -> None:
    """Give a source still named after its host the title its feed announces."""
    if title:
        conn.execute(
            update(sources)
            .where(and_(sources.c.id == source_id, sources.c.name == sources.c.host))
            .values(name=title[:300])
        )
    if site_url:
        conn.execute(
            update(sources)
            .where(and_(sources.c.id == source_id, sources.c.site_url.is_(None)))
            .values(site_url=site_url)
        )


def get_source(conn: Connection, source_id: int) -> Source | None:
    row = conn.execute(select(sources).where(sources.c.id == source_id)).first()
    return None if row is None else _source(row)


def list_sources(conn: Connection) -> list[Source]:
    return [_source(r) for r in conn.execute(select(sources).order_by(sources.c.name))]


def add_feed(conn: Connection, *, source_id: int, url: str, kind: str, now: datetime) -> Feed:
    """Subscribe to ``url``; adding the same URL twice returns the existing feed."""
    existing = get_feed_by_url(conn, url)
    if existing is not None:
        return existing
    conn.execute(
        insert(feeds).values(
            source_id=source_id,
            url=url,
            kind=kind,
            next_poll_at=now,
            error_count=0,
            enabled=True,
            created_at=now,
        )
    )
    feed = get_feed_by_url(conn, url)
    assert feed is not None
    return feed


def get_feed(conn: Connection, feed_id: int) -> Feed | None:
    row = conn.execute(select(feeds).where(feeds.c.id == feed_id)).first()
    return None if row is None else _feed(row)


def get_feed_by_url(conn: Connection, url: str) -> Feed | None:
    row = conn.execute(select(feeds).where(feeds.c.url == url)).first()
    return None if row is None else _feed(row)


def list_feeds(conn: Connection, *, source_id: int | None = None) -> list[Feed]:
    query = select(feeds).order_by(feeds.c.id)
    if source_id is not None:
        query = query.where(feeds.c.source_id == source_id)
    return [_feed(r) for r in conn.execute(query)]


def remove_feed(conn: Connection, feed_id: int) -> bool:
    """Unsubscribe. Articles already stored stay; they belong to the source."""
    return conn.execute(delete(feeds).where(feeds.c.id == feed_id)).rowcount > 0


def due_feeds(conn: Connection, *, now: datetime, include_all: bool = False) -> list[Feed]:
    query = select(feeds).where(feeds.c.enabled.is_(True)).order_by(feeds.c.next_poll_at)
    if not include_all:
        query = query.where(feeds.c.next_poll_at <= now)
    return [_feed(r) for r in conn.execute(query)]


def lease_due_feeds(
    conn: Connection,
    *,
    owner: str,
    now: datetime,
    limit: int,
    lease_seconds: int,
    force: bool = False,
) -> list[Feed]:
    """Take up to ``limit`` due feeds that no live lease holds.

    On PostgreSQL the candidate rows are locked with ``FOR UPDATE SKIP LOCKED`` so
    concurrent workers each get different feeds without waiting for one another; on
    SQLite the single writer lock gives the same guarantee. A lease that expired (its
    worker died) is free again. ``force`` ignores the schedule (``fetch --all``).
    """
    free = or_(feeds.c.lease_expires_at.is_(None), feeds.c.lease_expires_at < now)
    candidates = (
        select(feeds.c.id)
        .where(and_(feeds.c.enabled.is_(True), free))
        .order_by(feeds.c.next_poll_at, feeds.c.id)
        .limit(limit)
    )
    if not force:
        candidates = candidates.where(feeds.c.next_poll_at <= now)
    if conn.dialect.name == "postgresql":
        candidates = candidates.with_for_update(skip_locked=True)
    ids = [r.id for r in conn.execute(candidates)]
    if not ids:
        return []
    conn.execute(
        update(feeds)
        .where(and_(feeds.c.id.in_(ids), free))
        .values(lease_owner=owner, lease_expires_at=now + timedelta(seconds=lease_seconds))
    )
    rows = conn.execute(
        select(feeds).where(and_(feeds.c.id.in_(ids), feeds.c.lease_owner == owner))
    )
    return [_feed(r) for r in rows]


def lease_owners(conn: Connection) -> list[str]:
    """Owners that hold at least one lease."""
    rows = conn.execute(
        select(feeds.c.lease_owner).where(feeds.c.lease_owner.is_not(None)).distinct()
    )
    return [r.lease_owner for r in rows]


def release_owner(conn: Connection, owner: str) -> int:
    """Drop every lease of ``owner`` (a worker known to be dead)."""
    result = conn.execute(
        update(feeds)
        .where(feeds.c.lease_owner == owner)
        .values(lease_owner=None, lease_expires_at=None)
    )
    return int(result.rowcount)


def release_feed(conn: Connection, feed_id: int, *, owner: str) -> None:
    conn.execute(
        update(feeds)
        .where(and_(feeds.c.id == feed_id, feeds.c.lease_owner == owner))
        .values(lease_owner=None, lease_expires_at=None)
    )


def record_success(
    conn: Connection,
    feed_id: int,
    *,
    now: datetime,
    status: int,
    next_poll_at: datetime,
    etag: str | None,
    last_modified: str | None,
    title: str | None = None,
    ttl_minutes: int | None = None,
) -> None:
    values: dict[str, Any] = {
        "last_status": status,
        "last_fetched_at": now,
        "last_success_at": now,
        "next_poll_at": next_poll_at,
        "error_count": 0,
        "last_error": None,
        "etag": etag,
        "last_modified": last_modified,
    }
    if status != 304:
        values["ttl_minutes"] = ttl_minutes
        if title:
            values["title"] = title[:500]
    conn.execute(update(feeds).where(feeds.c.id == feed_id).values(**values))


def record_error(
    conn: Connection,
    feed_id: int,
    *,
    now: datetime,
    message: str,
    next_poll_at: datetime,
    status: int | None = None,
) -> None:
    conn.execute(
        update(feeds)
        .where(feeds.c.id == feed_id)
        .values(
            last_status=status,
            last_fetched_at=now,
            next_poll_at=next_poll_at,
            error_count=feeds.c.error_count + 1,
            last_error=message[:2000],
            last_error_at=now,
        )
    )


def log_fetch(
    conn: Connection,
    *,
    feed_id: int | None,
    url: str,
    outcome: str,
    now: datetime,
    status: int | None = None,
    error: str | None = None,
    size: int | None = None,
    elapsed: float | None = None,
) -> None:
    conn.execute(
        insert(fetch_log).values(
            feed_id=feed_id,
            url=url,
            outcome=outcome,
            status=status,
            error=None if error is None else error[:2000],
            bytes=size,
            elapsed_ms=None if elapsed is None else int(elapsed * 1000),
            at=now,
        )
    )


def recent_fetches(conn: Connection, feed_id: int, *, limit: int = 20) -> list[dict[str, Any]]:
    rows = conn.execute(
        select(fetch_log)
        .where(fetch_log.c.feed_id == feed_id)
        .order_by(fetch_log.c.at.desc(), fetch_log.c.id.desc())
        .limit(limit)
    )
    return [dict(r._mapping) for r in rows]
