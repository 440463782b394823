"""What the understand stage computed about each article, and the entities it names.

The second half reads what the entity and topic pages show: the articles that name an
entity (or are in a section), newest first, the stories they belong to, and the
entities named beside it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select

from broadsheet.store.schema import (
    article_entities,
    article_insights,
    article_stories,
    articles,
    entities,
    stories,
)


def save_insights(
    conn: Connection,
    article_id: int,
    *,
    version: int,
    data: dict[str, Any],
    topic: str | None,
    cpu_ms: float,
    now: datetime,
) -> None:
    """Replace the insights of an article (computed for ``version``) and its entity links."""
    conn.execute(delete(article_insights).where(article_insights.c.article_id == article_id))
    conn.execute(
        insert(article_insights),
        {
            "article_id": article_id,
            "version": version,
            "data": json.dumps(data, ensure_ascii=False),
            "topic": topic,
            "cpu_ms": cpu_ms,
            "computed_at": now,
        },
    )
    conn.execute(delete(article_entities).where(article_entities.c.article_id == article_id))
    found = {e["key"]: e for e in data.get("entities", [])}
    if not found:
        return
    known = set(
        conn.execute(select(entities.c.key).where(entities.c.key.in_(list(found)))).scalars()
    )
    fresh = [
        {"key": k, "name": e["name"][:300], "kind": e["kind"]}
        for k, e in found.items()
        if k not in known
    ]
    if fresh:
        conn.execute(insert(entities), fresh)
    conn.execute(
        insert(article_entities),
        [
            {"article_id": article_id, "entity_key": k, "mentions": e["mentions"]}
            for k, e in found.items()
        ],
    )


def get_insights(conn: Connection, article_id: int) -> dict[str, Any] | None:
    row = conn.execute(
        select(article_insights).where(article_insights.c.article_id == article_id)
    ).first()
    if row is None:
        return None
    data: dict[str, Any] = json.loads(row.data)
    data["version"] = row.version
    data["cpu_ms"] = row.cpu_ms
    return data


def get_entity(conn: Connection, key: str) -> dict[str, Any] | None:
    row = conn.execute(select(entities).where(entities.c.key == key)).first()
    return None if row is None else dict(row._mapping)


def articles_naming(conn: Connection, key: str, *, limit: int = 50) -> list[int]:
    """Ids of the articles that name an entity, most mentions first."""
    rows = conn.execute(
        select(article_entities.c.article_id)
        .where(article_entities.c.entity_key == key)
        .order_by(article_entities.c.mentions.desc(), article_entities.c.article_id.desc())
        .limit(limit)
    )
    return [r.article_id for r in rows]


def articles_in_topic(conn: Connection, topic: str, *, limit: int = 50) -> list[int]:
    rows = conn.execute(
        select(article_insights.c.article_id)
        .where(article_insights.c.topic == topic)
        .order_by(article_insights.c.article_id.desc())
        .limit(limit)
    )
    return [r.article_id for r in rows]


def latest_by_topic(conn: Connection, *, scan: int = 400) -> dict[str, list[int]]:
    """The newest ``scan`` articles that have a section, grouped by it (newest first);
    sections in order of how many of those articles they hold."""
    when = func.coalesce(articles.c.published_at, articles.c.created_at)
    rows = conn.execute(
        select(articles.c.id, article_insights.c.topic)
        .join(article_insights, article_insights.c.article_id == articles.c.id)
        .where(article_insights.c.topic.is_not(None))
        .order_by(when.desc(), articles.c.id.desc())
        .limit(scan)
    )
    grouped: dict[str, list[int]] = {}
    for row in rows:
        grouped.setdefault(str(row.topic), []).append(int(row.id))
    return dict(sorted(grouped.items(), key=lambda item: -len(item[1])))


def topics(conn: Connection) -> list[tuple[str, int]]:
    rows = conn.execute(
        select(article_insights.c.topic, func.count())
        .where(article_insights.c.topic.is_not(None))
        .group_by(article_insights.c.topic)
        .order_by(func.count().desc())
    )
    return [(r[0], int(r[1])) for r in rows]


# -- entity and topic pages --------------------------------------------------------------

ENTITY_KINDS = ("person", "organisation", "place")
_WHEN = func.coalesce(articles.c.published_at, articles.c.created_at)


@dataclass(frozen=True, slots=True)
class EntityStats:
    key: str  # "person:maria-okafor"
    name: str
    kind: str
    articles: int  # articles that name it
    mentions: int  # times they name it, all together


@dataclass(frozen=True, slots=True)
class StoryNaming:
    """A story some of whose articles name an entity (or are in a topic)."""

    id: str
    title: str | None
    article_count: int
    outlet_count: int
    last_updated_at: datetime | None
    naming: int  # of its articles, those that name the entity (or are in the topic)


def entities_by_slug(conn: Connection, slug: str) -> list[EntityStats]:
    """The entities whose key ends in ``:slug`` (one per kind at most), most named first.

    Only entities some stored article names are returned.
    """
    keys = [f"{kind}:{slug}" for kind in ENTITY_KINDS]
    rows = conn.execute(
        select(
            entities.c.key,
            entities.c.name,
            entities.c.kind,
            func.count(article_entities.c.article_id).label("articles"),
            func.coalesce(func.sum(article_entities.c.mentions), 0).label("mentions"),
        )
        .join(article_entities, article_entities.c.entity_key == entities.c.key)
        .where(entities.c.key.in_(keys))
        .group_by(entities.c.key, entities.c.name, entities.c.kind)
    )
    found = [EntityStats(r.key, r.name, r.kind, int(r.articles), int(r.mentions)) for r in rows]
    return sorted(found, key=lambda e: (-e.articles, -e.mentions, e.key))


def article_ids_naming(conn: Connection, key: str, *, limit: int, offset: int = 0) -> list[int]:
    """Ids of the articles that name an entity, newest first."""
    rows = conn.execute(
        select(articles.c.id)
        .join(article_entities, article_entities.c.article_id == articles.c.id)
        .where(article_entities.c.entity_key == key)
        .order_by(_WHEN.desc(), articles.c.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return [int(r.id) for r in rows]


def _stories_of(conn: Connection, naming: Any, *, limit: int) -> list[StoryNaming]:
    """Stories of several articles with at least one article in ``naming`` (a subquery
    of article ids), the most recently updated first."""
    count = func.count(article_stories.c.article_id).label("naming")
    rows = conn.execute(
        select(
            stories.c.id,
            stories.c.title,
            stories.c.article_count,
            stories.c.outlet_count,
            stories.c.last_updated_at,
            count,
        )
        .join(article_stories, article_stories.c.story_id == stories.c.id)
        .where(article_stories.c.article_id.in_(naming), stories.c.article_count > 1)
        .group_by(
            stories.c.id,
            stories.c.title,
            stories.c.article_count,
            stories.c.outlet_count,
            stories.c.last_updated_at,
        )
        .order_by(stories.c.last_updated_at.desc(), stories.c.id)
        .limit(limit)
    )
    return [
        StoryNaming(
            r.id, r.title, int(r.article_count), int(r.outlet_count), r.last_updated_at, r.naming
        )
        for r in rows
    ]


def stories_naming(conn: Connection, key: str, *, limit: int = 20) -> list[StoryNaming]:
    """Stories (of several articles) that an article naming the entity belongs to."""
    naming = select(article_entities.c.article_id).where(article_entities.c.entity_key == key)
    return _stories_of(conn, naming, limit=limit)


def co_occurring(conn: Connection, key: str, *, limit: int = 12) -> list[EntityStats]:
    """Entities named in the same articles as ``key``, the most shared articles first."""
    this, other = article_entities.alias("this"), article_entities.alias("other")
    shared = func.count().label("articles")
    rows = conn.execute(
        select(
            entities.c.key,
            entities.c.name,
            entities.c.kind,
            shared,
            func.sum(other.c.mentions).label("mentions"),
        )
        .select_from(this)
        .join(other, other.c.article_id == this.c.article_id)
        .join(entities, entities.c.key == other.c.entity_key)
        .where(this.c.entity_key == key, other.c.entity_key != key)
        .group_by(entities.c.key, entities.c.name, entities.c.kind)
        .order_by(shared.desc(), entities.c.key)
        .limit(limit)
    )
    return [EntityStats(r.key, r.name, r.kind, int(r.articles), int(r.mentions)) for r in rows]


def topic_count(conn: Connection, topic: str) -> int:
    return int(
        conn.execute(select(func.count()).where(article_insights.c.topic == topic)).scalar_one()
    )


def article_ids_in_topic(conn: Connection, topic: str, *, limit: int, offset: int = 0) -> list[int]:
    """Ids of the articles in a section, newest first."""
    rows = conn.execute(
        select(articles.c.id)
        .join(article_insights, article_insights.c.article_id == articles.c.id)
        .where(article_insights.c.topic == topic)
        .order_by(_WHEN.desc(), articles.c.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return [int(r.id) for r in rows]


def stories_in_topic(conn: Connection, topic: str, *, limit: int = 20) -> list[StoryNaming]:
    """Stories (of several articles) with an article in the section."""
    members = select(article_insights.c.article_id).where(article_insights.c.topic == topic)
    return _stories_of(conn, members, limit=limit)


def keyphrases_of(conn: Connection, article_ids: Sequence[int]) -> dict[int, list[str]]:
    """Each article's keyphrases (best first), from its stored insights."""
    if not article_ids:
        return {}
    rows = conn.execute(
        select(article_insights.c.article_id, article_insights.c.data).where(
            article_insights.c.article_id.in_(list(article_ids))
        )
    )
    return {
        int(r.article_id): [str(p[0]) for p in json.loads(r.data).get("keyphrases", [])]
        for r in rows
    }


def stories_of_articles(
    conn: Connection, article_ids: Sequence[int], *, limit: int = 20
) -> list[StoryNaming]:
    """Stories (of several articles) that any of ``article_ids`` belongs to."""
    if not article_ids:
        return []
    ids = select(articles.c.id).where(articles.c.id.in_(list(article_ids)))
    return _stories_of(conn, ids, limit=limit)
