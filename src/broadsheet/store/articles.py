"""Entries and articles: idempotent upserts, revisions when a page changes."""

from __future__ import annotations

import difflib
import hashlib
from collections.abc import Sequence
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import Connection, and_, bindparam, func, insert, or_, select, update

from broadsheet.model import Article, ArticleDraft, ParsedEntry, PendingEntry
from broadsheet.store.schema import article_revisions, articles, entries

Change = Literal["new", "updated", "unchanged"]


def _hash(*parts: str | None) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update((part or "").encode("utf-8", "surrogatepass"))
        digest.update(b"\x1f")
    return digest.hexdigest()


def entry_key(entry: ParsedEntry) -> str:
    """A stable identity for an entry within its feed."""
    if entry.guid:
        return entry.guid[:2048]
    if entry.url:
        return entry.url[:2048]
    return "sha256:" + _hash(entry.title, entry.summary_html, entry.content_html)


def entry_fingerprint(entry: ParsedEntry) -> str:
    """Changes whenever what the feed says about the entry changes."""
    return _hash(
        entry.url,
        entry.title,
        entry.published.isoformat() if entry.published else None,
        entry.updated.isoformat() if entry.updated else None,
        entry.summary_html,
        entry.content_html,
    )


def _pending(row: Any) -> PendingEntry:
    return PendingEntry(
        id=row.id,
        feed_id=row.feed_id,
        guid=row.guid,
        url=row.url,
        title=row.title,
        summary=row.summary,
        content=row.content,
        author=row.author,
        published_at=row.published_at,
        updated_at=row.updated_at,
        fingerprint=row.fingerprint,
    )


_UPDATE_ENTRY = (
    update(entries)
    .where(and_(entries.c.feed_id == bindparam("b_feed"), entries.c.guid == bindparam("b_guid")))
    .values(
        {
            name: bindparam(name)
            for name in (
                "url",
                "title",
                "summary",
                "content",
                "author",
                "published_at",
                "updated_at",
                "fingerprint",
            )
        }
    )
)
_MARK_DONE = (
    update(entries)
    .where(entries.c.id == bindparam("b_id"))
    .values(processed_fingerprint=bindparam("b_fp"), article_id=bindparam("b_article"))
)


def upsert_entries(
    conn: Connection, feed_id: int, items: Sequence[ParsedEntry], *, now: datetime
) -> None:
    """Insert new entries and refresh changed ones. Unchanged entries are untouched."""
    by_key: dict[str, ParsedEntry] = {}
    for item in items:
        by_key.setdefault(entry_key(item), item)
    if not by_key:
        return
    known = {
        r.guid: r.fingerprint
        for r in conn.execute(
            select(entries.c.guid, entries.c.fingerprint).where(
                and_(entries.c.feed_id == feed_id, entries.c.guid.in_(list(by_key)))
            )
        )
    }
    new_rows: list[dict[str, Any]] = []
    for key, item in by_key.items():
        values = {
            "url": item.url,
            "title": item.title,
            "summary": item.summary_html,
            "content": item.content_html,
            "author": (item.author or "")[:500] or None,
            "published_at": item.published,
            "updated_at": item.updated,
            "fingerprint": entry_fingerprint(item),
        }
        if key not in known:
            new_rows.append({"feed_id": feed_id, "guid": key, "first_seen_at": now, **values})
        elif known[key] != values["fingerprint"]:
            conn.execute(_UPDATE_ENTRY, {"b_feed": feed_id, "b_guid": key, **values})
    if new_rows:
        conn.execute(insert(entries), new_rows)  # one executemany for the whole feed


def pending_entries(
    conn: Connection, feed_id: int, *, limit: int | None = None
) -> list[PendingEntry]:
    """Entries not yet turned into an article for their current fingerprint."""
    query = (
        select(entries)
        .where(
            and_(
                entries.c.feed_id == feed_id,
                or_(
                    entries.c.processed_fingerprint.is_(None),
                    entries.c.processed_fingerprint != entries.c.fingerprint,
                ),
            )
        )
        .order_by(entries.c.id)
    )
    if limit is not None:
        query = query.limit(limit)
    return [_pending(r) for r in conn.execute(query)]


def mark_entry_done(
    conn: Connection, entry_id: int, *, fingerprint: str, article_id: int | None
) -> None:
    conn.execute(_MARK_DONE, {"b_id": entry_id, "b_fp": fingerprint, "b_article": article_id})


def article_from_row(row: Any) -> Article:
    return Article(
        id=row.id,
        canonical_url=row.canonical_url,
        url=row.url,
        source_id=row.source_id,
        title=row.title,
        byline=row.byline,
        published_at=row.published_at,
        updated_at=row.updated_at,
        text=row.text,
        html=row.html,
        summary=row.summary,
        image_url=row.image_url,
        language=row.language,
        word_count=row.word_count,
        site_name=row.site_name,
        version=row.version,
        status=row.status,
        extraction_error=row.extraction_error,
        fetched_at=row.fetched_at,
        created_at=row.created_at,
    )


def describe_change(
    old_title: str | None, old_text: str, new_title: str | None, new_text: str
) -> str:
    """A short, human-readable account of what an edit changed."""
    parts = []
    if (old_title or "") != (new_title or ""):
        parts.append("headline changed")
    old_paras = [p for p in old_text.split("\n\n") if p.strip()]
    new_paras = [p for p in new_text.split("\n\n") if p.strip()]
    added = removed = changed = 0
    matcher = difflib.SequenceMatcher(a=old_paras, b=new_paras, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "insert":
            added += j2 - j1
        elif tag == "delete":
            removed += i2 - i1
        elif tag == "replace":
            changed += max(i2 - i1, j2 - j1)
    for count, label in ((added, "added"), (removed, "removed"), (changed, "edited")):
        if count:
            parts.append(f"{count} paragraph{'s' if count > 1 else ''} {label}")
    return "; ".join(parts) or "formatting changed"


def save_article(conn: Connection, draft: ArticleDraft, *, now: datetime) -> tuple[int, Change]:
    """Create or update the article for ``draft.canonical_url``.

    A page whose text or headline changed keeps its previous version in
    ``article_revisions``. A failed extraction never replaces text that was extracted
    before: the stored article stays as it was.
    """
    content_hash = _hash(draft.title, draft.text)
    values: dict[str, Any] = {
        "url": draft.url,
        "source_id": draft.source_id,
        "title": draft.title,
        "byline": (draft.byline or "")[:500] or None,
        "published_at": draft.published_at,
        "updated_at": draft.updated_at,
        "text": draft.text,
        "html": draft.html,
        "summary": draft.summary,
        "image_url": draft.image_url,
        "language": draft.language,
        "word_count": len(draft.text.split()),
        "site_name": draft.site_name,
        "content_hash": content_hash,
        "status": draft.status,
        "extraction_error": draft.extraction_error,
        "fetched_at": now,
        "modified_at": now,
    }
    row = conn.execute(
        select(articles).where(articles.c.canonical_url == draft.canonical_url)
    ).first()
    if row is None:
        result = conn.execute(
            insert(articles),
            {"canonical_url": draft.canonical_url, "version": 1, "created_at": now, **values},
        )
        assert result.inserted_primary_key is not None
        return result.inserted_primary_key[0], "new"
    if row.status == "extracted" and draft.status != "extracted":
        return row.id, "unchanged"
    if row.content_hash == content_hash:
        conn.execute(
            update(articles)
            .where(articles.c.id == row.id)
            .values(fetched_at=now, status=draft.status, extraction_error=draft.extraction_error)
        )
        return row.id, "unchanged"
    conn.execute(
        insert(article_revisions).values(
            article_id=row.id,
            version=row.version,
            title=row.title,
            text=row.text,
            content_hash=row.content_hash,
            captured_at=row.modified_at,
            change=describe_change(row.title, row.text, draft.title, draft.text),
        )
    )
    conn.execute(
        update(articles)
        .where(articles.c.id == row.id)
        .values(
            version=row.version + 1,
            published_at=row.published_at or draft.published_at,
            **{k: v for k, v in values.items() if k != "published_at"},
        )
    )
    return row.id, "updated"


def current_version(conn: Connection, article_id: int) -> int:
    return int(
        conn.execute(select(articles.c.version).where(articles.c.id == article_id)).scalar_one()
    )


def get_article(conn: Connection, article_id: int) -> Article | None:
    row = conn.execute(select(articles).where(articles.c.id == article_id)).first()
    return None if row is None else article_from_row(row)


def get_article_by_url(conn: Connection, canonical_url: str) -> Article | None:
    row = conn.execute(select(articles).where(articles.c.canonical_url == canonical_url)).first()
    return None if row is None else article_from_row(row)


def list_articles(
    conn: Connection,
    *,
    limit: int = 50,
    source_id: int | None = None,
    before: tuple[datetime, int] | None = None,
) -> list[Article]:
    """Newest first by publication time (falling back to when we stored it)."""
    when = func.coalesce(articles.c.published_at, articles.c.created_at)
    query = select(articles).order_by(when.desc(), articles.c.id.desc()).limit(limit)
    if source_id is not None:
        query = query.where(articles.c.source_id == source_id)
    if before is not None:
        stamp, last_id = before
        query = query.where(or_(when < stamp, and_(when == stamp, articles.c.id < last_id)))
    return [article_from_row(r) for r in conn.execute(query)]


def count_articles(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(articles)).scalar_one())


def revisions(conn: Connection, article_id: int) -> list[dict[str, Any]]:
    rows = conn.execute(
        select(article_revisions)
        .where(article_revisions.c.article_id == article_id)
        .order_by(article_revisions.c.version)
    )
    return [dict(r._mapping) for r in rows]
