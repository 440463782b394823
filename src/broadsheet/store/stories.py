"""Stories: which story each article belongs to, story summaries, the clusterer's state.

The clusterer's state is a head row (``story_state``: version, sequence, document
frequencies, merge aliases) and a JSON row per story (``cluster_stories``) and per
article (``cluster_articles``), so that a batch writes the rows it changed, not the state.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import Connection, Table, and_, delete, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from broadsheet.model import Article
from broadsheet.store.articles import article_from_row
from broadsheet.store.schema import (
    article_stories,
    articles,
    cluster_articles,
    cluster_stories,
    stories,
    story_state,
)

_DELETE_CHUNK = 500  # ids per DELETE, well under SQLite's bound-parameter limit


class StateChanges(Protocol):
    """What a batch changed in the clusterer's state (``understand.story.Changes``)."""

    @property
    def head(self) -> dict[str, Any]: ...
    @property
    def upsert_stories(self) -> Mapping[str, dict[str, Any]]: ...
    @property
    def drop_stories(self) -> Sequence[str]: ...
    @property
    def upsert_articles(self) -> Mapping[str, dict[str, Any]]: ...
    @property
    def drop_articles(self) -> Sequence[str]: ...


def lock_state(conn: Connection, *, now: datetime) -> int:
    """Take the clusterer's state for writing; returns its version (read it with
    :func:`load_state` only when the copy in memory is not that version).

    The first statement writes, so the transaction holds the write lock (SQLite) or the
    row lock (PostgreSQL) until it commits: workers assign stories one at a time, in order.
    """
    if conn.execute(update(story_state).where(story_state.c.id == 1).values(id=1)).rowcount == 0:
        conn.execute(
            insert(story_state), {"id": 1, "version": 0, "data": "null", "updated_at": now}
        )
    return state_version(conn)


def load_state(conn: Connection) -> dict[str, Any] | None:
    """The head of the state (with :func:`load_rows`, the whole of it); or a whole state
    in one document, with ``stories`` and ``articles``, as written before revision 0008."""
    data = conn.execute(select(story_state.c.data).where(story_state.c.id == 1)).scalar()
    loaded: dict[str, Any] | None = json.loads(data) if data else None
    return loaded


def load_rows(conn: Connection) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
    """The clusterer's story rows and article rows (by article id)."""
    story_rows = [json.loads(r.data) for r in conn.execute(select(cluster_stories.c.data))]
    article_rows = {
        r.article_id: json.loads(r.data)
        for r in conn.execute(select(cluster_articles.c.article_id, cluster_articles.c.data))
    }
    return story_rows, article_rows


def save_changes(conn: Connection, changes: StateChanges, *, version: int, now: datetime) -> int:
    """Write what a batch changed, and the head; returns the characters of data written."""
    written = _delete(conn, cluster_stories, "story_id", changes.drop_stories)
    written += _delete(conn, cluster_articles, "article_id", changes.drop_articles)
    written += _upsert(conn, cluster_stories, "story_id", changes.upsert_stories)
    written += _upsert(conn, cluster_articles, "article_id", changes.upsert_articles)
    head = _json(changes.head)
    conn.execute(
        update(story_state)
        .where(story_state.c.id == 1)
        .values(version=version, data=head, updated_at=now)
    )
    return written + len(head)


def _json(data: object) -> str:
    return json.dumps(data, separators=(",", ":"))


def _upsert(conn: Connection, table: Table, key: str, rows: Mapping[str, object]) -> int:
    if not rows:
        return 0
    params = [{key: row_id, "data": _json(data)} for row_id, data in rows.items()]
    if conn.dialect.name == "postgresql":
        pg = postgresql.insert(table)
        stmt: Any = pg.on_conflict_do_update(index_elements=[key], set_={"data": pg.excluded.data})
    else:
        lite = sqlite.insert(table)
        stmt = lite.on_conflict_do_update(index_elements=[key], set_={"data": lite.excluded.data})
    conn.execute(stmt, params)
    return sum(len(p["data"]) for p in params)


def _delete(conn: Connection, table: Table, key: str, ids: Sequence[str]) -> int:
    column = table.c[key]
    for start in range(0, len(ids), _DELETE_CHUNK):
        conn.execute(delete(table).where(column.in_(list(ids[start : start + _DELETE_CHUNK]))))
    return sum(len(i) for i in ids)


def state_version(conn: Connection) -> int:
    version = conn.execute(select(story_state.c.version).where(story_state.c.id == 1)).scalar()
    return int(version or 0)


def unassigned(conn: Connection, *, limit: int) -> list[Article]:
    """Stored articles not in a story yet, in arrival order."""
    when = func.coalesce(articles.c.published_at, articles.c.created_at)
    rows = conn.execute(
        select(articles)
        .outerjoin(article_stories, article_stories.c.article_id == articles.c.id)
        .where(article_stories.c.article_id.is_(None))
        .order_by(when, articles.c.id)
        .limit(limit)
    )
    return [article_from_row(r) for r in rows]


def assign(
    conn: Connection,
    article_id: int,
    *,
    story_id: str,
    duplicate_of: int | None,
    related: list[tuple[int, float]],
    now: datetime,
) -> None:
    conn.execute(
        insert(article_stories),
        {
            "article_id": article_id,
            "story_id": story_id,
            "duplicate_of": duplicate_of,
            "related": json.dumps([[a, round(s, 4)] for a, s in related]),
            "assigned_at": now,
        },
    )


def retire(conn: Connection, old: str, new: str) -> None:
    """Story ``old`` merged into ``new``."""
    conn.execute(
        update(article_stories).where(article_stories.c.story_id == old).values(story_id=new)
    )
    conn.execute(update(stories).where(stories.c.id == old).values(merged_into=new))


def members(conn: Connection, story_id: str, *, limit: int = 200) -> list[Article]:
    """A story's articles, first report first."""
    when = func.coalesce(articles.c.published_at, articles.c.created_at)
    rows = conn.execute(
        select(articles)
        .join(article_stories, article_stories.c.article_id == articles.c.id)
        .where(article_stories.c.story_id == story_id)
        .order_by(when, articles.c.id)
        .limit(limit)
    )
    return [article_from_row(r) for r in rows]


def copy_candidates(
    conn: Connection, story_id: str, *, other_than_source: int, limit: int = 50
) -> list[tuple[int, str]]:
    """Id and text of a story's latest articles from other outlets (of its latest
    ``4 * limit`` stored, at most ``limit``), oldest first: where a syndicated copy of a
    new article would be. Bounded, however long the story."""
    latest = (
        select(article_stories.c.article_id)
        .where(article_stories.c.story_id == story_id)
        .order_by(article_stories.c.article_id.desc())
        .limit(4 * limit)
        .scalar_subquery()
    )
    rows = conn.execute(
        select(articles.c.id, articles.c.text)
        .where(and_(articles.c.id.in_(latest), articles.c.source_id != other_than_source))
        .order_by(articles.c.id.desc())
        .limit(limit)
    ).all()
    return [(int(r.id), r.text or "") for r in reversed(rows)]


def refresh(conn: Connection, story_id: str, *, lead: int | None = None) -> None:
    """Recompute a story's title, first report, counts and last update from its members.

    The title is the headline of ``lead`` (the member the clusterer finds most
    representative) when that is a member with a headline, else the first report's."""
    when = func.coalesce(articles.c.published_at, articles.c.created_at)
    in_story = article_stories.c.story_id == story_id
    joined = articles.join(article_stories, article_stories.c.article_id == articles.c.id)
    first = conn.execute(
        select(articles.c.id, articles.c.title, when.label("at"))
        .select_from(joined)
        .where(in_story)
        .order_by(when, articles.c.id)
        .limit(1)
    ).first()
    if first is None:
        return
    totals = conn.execute(
        select(func.count(), func.count(articles.c.source_id.distinct()), func.max(when))
        .select_from(joined)
        .where(in_story)
    ).one()
    title = first.title
    if lead is not None and lead != first.id:
        title = (
            conn.execute(
                select(articles.c.title).select_from(joined).where(in_story, articles.c.id == lead)
            ).scalar()
            or title
        )
    values = {
        "title": title,
        "first_article_id": first.id,
        "first_published_at": first.at,
        "last_updated_at": totals[2],
        "article_count": int(totals[0]),
        "outlet_count": int(totals[1]),
        "merged_into": None,
    }
    if conn.execute(update(stories).where(stories.c.id == story_id).values(**values)).rowcount == 0:
        conn.execute(insert(stories), {"id": story_id, **values})


def story_of(conn: Connection, article_id: int) -> dict[str, Any] | None:
    """The article's story assignment: story id, duplicate_of, related (from other stories)."""
    row = conn.execute(
        select(article_stories).where(article_stories.c.article_id == article_id)
    ).first()
    if row is None:
        return None
    return {
        "story_id": row.story_id,
        "duplicate_of": row.duplicate_of,
        "related": [(int(a), float(s)) for a, s in json.loads(row.related or "[]")],
    }


def syndication(conn: Connection, ids: Sequence[int]) -> tuple[set[int], dict[int, int]]:
    """Of ``ids``: the syndicated copies, and for each other article how many copies of
    it are stored (how many more outlets published it). Lists show a wire story once,
    with that count, rather than once per outlet."""
    if not ids:
        return set(), {}
    wanted = sorted(set(ids))
    copies = {
        int(r.article_id)
        for r in conn.execute(
            select(article_stories.c.article_id).where(
                article_stories.c.article_id.in_(wanted),
                article_stories.c.duplicate_of.is_not(None),
            )
        )
    }
    counts = {
        int(r.duplicate_of): int(r.n)
        for r in conn.execute(
            select(article_stories.c.duplicate_of, func.count().label("n"))
            .where(article_stories.c.duplicate_of.in_(wanted))
            .group_by(article_stories.c.duplicate_of)
        )
    }
    return copies, counts


def fold_copies(conn: Connection, ids: Sequence[int]) -> tuple[list[int], dict[int, int]]:
    """``ids`` in their order without the syndicated copies, and for those kept how many
    copies of each are stored (see :func:`syndication`)."""
    copies, counts = syndication(conn, ids)
    return [i for i in ids if i not in copies], counts


def copies_of(conn: Connection, article_id: int) -> list[int]:
    """Articles recognised as syndicated copies of this one."""
    rows = conn.execute(
        select(article_stories.c.article_id).where(article_stories.c.duplicate_of == article_id)
    )
    return [r.article_id for r in rows]


def get_story(conn: Connection, story_id: str) -> dict[str, Any] | None:
    row = conn.execute(select(stories).where(stories.c.id == story_id)).first()
    return None if row is None else dict(row._mapping)


def recent_stories(conn: Connection, *, since: datetime, limit: int = 500) -> list[dict[str, Any]]:
    rows = conn.execute(
        select(stories)
        .where(and_(stories.c.merged_into.is_(None), stories.c.last_updated_at >= since))
        .order_by(stories.c.last_updated_at.desc())
        .limit(limit)
    )
    return [dict(r._mapping) for r in rows]


def counts_in_window(conn: Connection, story_ids: list[str], *, since: datetime) -> dict[str, int]:
    """Articles each story gained since ``since`` (its velocity)."""
    when = func.coalesce(articles.c.published_at, articles.c.created_at)
    rows = conn.execute(
        select(article_stories.c.story_id, func.count())
        .join(articles, articles.c.id == article_stories.c.article_id)
        .where(and_(article_stories.c.story_id.in_(story_ids), when >= since))
        .group_by(article_stories.c.story_id)
    )
    return {r[0]: int(r[1]) for r in rows}
