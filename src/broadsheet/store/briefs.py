"""Story briefs as stored, and what computing one reads: a story's members and their names.

One row per story in ``story_briefs``: the digest (brief, perspectives, key players) as
JSON, the fingerprint of the member article versions it was computed from, and how many
times it has been computed (``revision``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, func, select
from sqlalchemy.dialects import postgresql, sqlite

from broadsheet.model import Article
from broadsheet.store.articles import article_from_row
from broadsheet.store.schema import (
    article_entities,
    article_stories,
    articles,
    entities,
    story_briefs,
)


@dataclass(frozen=True, slots=True)
class Placement:
    """One article of a story, as light as a list of the story needs it."""

    article_id: int
    source_id: int
    version: int
    when: datetime  # publication time, else when it was stored
    duplicate_of: int | None  # the member it is a syndicated copy of


@dataclass(frozen=True, slots=True)
class StoredBrief:
    story_id: str
    fingerprint: str
    data: dict[str, Any]
    revision: int  # 1 for the first computation, one more for each after
    cpu_ms: float
    computed_at: datetime


def placements(conn: Connection, story_id: str, *, limit: int = 2000) -> list[Placement]:
    """A story's articles, first report first."""
    when = func.coalesce(articles.c.published_at, articles.c.created_at)
    rows = conn.execute(
        select(
            articles.c.id,
            articles.c.source_id,
            articles.c.version,
            when.label("when"),
            article_stories.c.duplicate_of,
        )
        .join(article_stories, article_stories.c.article_id == articles.c.id)
        .where(article_stories.c.story_id == story_id)
        .order_by(when, articles.c.id)
        .limit(limit)
    )
    return [Placement(r.id, r.source_id, r.version, r.when, r.duplicate_of) for r in rows]


def fingerprint(members: Iterable[Placement], *, method: str) -> str:
    """Names the member article versions (and the method) a digest was computed from."""
    digest = hashlib.sha256(method.encode("utf-8"))
    for article_id, version in sorted((p.article_id, p.version) for p in members):
        digest.update(f"|{article_id}:{version}".encode("ascii"))
    return digest.hexdigest()


def articles_by_id(conn: Connection, ids: Sequence[int]) -> list[Article]:
    """Whole articles (text included) for ``ids``, in the order given."""
    if not ids:
        return []
    found = {
        r.id: article_from_row(r)
        for r in conn.execute(select(articles).where(articles.c.id.in_(list(ids))))
    }
    return [found[i] for i in ids if i in found]


def named_in(conn: Connection, story_id: str) -> dict[int, list[tuple[str, str, str, int]]]:
    """Per member article, the entities it names: (key, name, kind, mentions)."""
    rows = conn.execute(
        select(
            article_entities.c.article_id,
            entities.c.key,
            entities.c.name,
            entities.c.kind,
            article_entities.c.mentions,
        )
        .join(entities, entities.c.key == article_entities.c.entity_key)
        .join(article_stories, article_stories.c.article_id == article_entities.c.article_id)
        .where(article_stories.c.story_id == story_id)
        .order_by(article_entities.c.article_id, entities.c.key)
    )
    out: dict[int, list[tuple[str, str, str, int]]] = {}
    for r in rows:
        out.setdefault(r.article_id, []).append((r.key, r.name, r.kind, int(r.mentions)))
    return out


def get_brief(conn: Connection, story_id: str) -> StoredBrief | None:
    row = conn.execute(select(story_briefs).where(story_briefs.c.story_id == story_id)).first()
    if row is None:
        return None
    return StoredBrief(
        story_id=row.story_id,
        fingerprint=row.fingerprint,
        data=json.loads(row.data),
        revision=int(row.revision),
        cpu_ms=float(row.cpu_ms),
        computed_at=row.computed_at,
    )


def save_brief(
    conn: Connection,
    story_id: str,
    *,
    fingerprint: str,
    data: dict[str, Any],
    cpu_ms: float,
    now: datetime,
) -> int:
    """Store a story's digest (one upsert, safe beside another writer); its new revision."""
    values = {
        "story_id": story_id,
        "fingerprint": fingerprint,
        "data": json.dumps(data, ensure_ascii=False, separators=(",", ":")),
        "revision": 1,
        "cpu_ms": round(cpu_ms, 3),
        "computed_at": now,
    }
    changed = {
        "fingerprint": fingerprint,
        "data": values["data"],
        "revision": story_briefs.c.revision + 1,
        "cpu_ms": values["cpu_ms"],
        "computed_at": now,
    }
    if conn.dialect.name == "postgresql":
        pg = postgresql.insert(story_briefs).values(**values)
        stmt: Any = pg.on_conflict_do_update(index_elements=["story_id"], set_=changed)
    else:
        lite = sqlite.insert(story_briefs).values(**values)
        stmt = lite.on_conflict_do_update(index_elements=["story_id"], set_=changed)
    revision = conn.execute(stmt.returning(story_briefs.c.revision)).scalar_one()
    return int(revision)


def forget(conn: Connection, story_ids: Sequence[str]) -> int:
    """Drop the briefs of ``story_ids`` (stories that merged into another)."""
    if not story_ids:
        return 0
    result = conn.execute(delete(story_briefs).where(story_briefs.c.story_id.in_(list(story_ids))))
    return int(result.rowcount or 0)
