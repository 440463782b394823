"""What the understand stage computed about each article, and the entities it names."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select

from broadsheet.store.schema import article_entities, article_insights, entities


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


def topics(conn: Connection) -> list[tuple[str, int]]:
    rows = conn.execute(
        select(article_insights.c.topic, func.count())
        .where(article_insights.c.topic.is_not(None))
        .group_by(article_insights.c.topic)
        .order_by(func.count().desc())
    )
    return [(r[0], int(r[1])) for r in rows]
