"""What the story page, the stories API and the story feeds read beyond the story row.

Stories are listed newest update first and paged by the (last update, id) of the last
story seen, like article lists; a merged-away story id is followed to the story that
absorbed it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, exists, func, or_, select

from broadsheet.store.schema import article_stories, articles, stories

MAX_MERGE_HOPS = 64


def resolve(conn: Connection, story_id: str) -> dict[str, Any] | None:
    """The story ``story_id`` is now: its own row, or the row of the story it merged into."""
    seen: set[str] = set()
    current = story_id
    while len(seen) < MAX_MERGE_HOPS:
        row = conn.execute(select(stories).where(stories.c.id == current)).first()
        if row is None:
            return None
        if row.merged_into is None or row.merged_into in seen:
            return dict(row._mapping)
        seen.add(current)
        current = row.merged_into
    return None


def page_version(conn: Connection, story_id: str) -> tuple[int, int, int]:
    """Changes when an article joins or leaves the story or one of them is edited."""
    row = conn.execute(
        select(func.count(), func.sum(articles.c.version), func.max(articles.c.id))
        .select_from(article_stories)
        .join(articles, articles.c.id == article_stories.c.article_id)
        .where(article_stories.c.story_id == story_id)
    ).one()
    return int(row[0]), int(row[1] or 0), int(row[2] or 0)


def latest_stories(
    conn: Connection,
    *,
    limit: int,
    before: tuple[datetime, str] | None = None,
    min_outlets: int = 1,
    source_id: int | None = None,
) -> list[dict[str, Any]]:
    """Live stories, the most recently updated first; ``before`` is the (last update, id)
    of the last story seen."""
    query = (
        select(stories)
        .where(
            stories.c.merged_into.is_(None),
            stories.c.last_updated_at.is_not(None),
            stories.c.outlet_count >= min_outlets,
        )
        .order_by(stories.c.last_updated_at.desc(), stories.c.id.desc())
        .limit(limit)
    )
    if before is not None:
        stamp, last_id = before
        query = query.where(
            or_(
                stories.c.last_updated_at < stamp,
                and_(stories.c.last_updated_at == stamp, stories.c.id < last_id),
            )
        )
    if source_id is not None:
        query = query.where(_covered_by(source_id))
    return [dict(r._mapping) for r in conn.execute(query)]


def _covered_by(source_id: int) -> Any:
    return exists(
        select(article_stories.c.article_id)
        .join(articles, articles.c.id == article_stories.c.article_id)
        .where(article_stories.c.story_id == stories.c.id, articles.c.source_id == source_id)
    )


def outlets_of(conn: Connection, story_ids: list[str]) -> dict[str, list[int]]:
    """The outlets covering each story, in order of their first article there."""
    if not story_ids:
        return {}
    when = func.coalesce(articles.c.published_at, articles.c.created_at)
    rows = conn.execute(
        select(article_stories.c.story_id, articles.c.source_id)
        .join(articles, articles.c.id == article_stories.c.article_id)
        .where(article_stories.c.story_id.in_(story_ids))
        .order_by(article_stories.c.story_id, when, articles.c.id)
    )
    out: dict[str, list[int]] = {}
    for r in rows:
        found = out.setdefault(r.story_id, [])
        if r.source_id not in found:
            found.append(r.source_id)
    return out
