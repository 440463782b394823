"""What a digest is made of: the articles of a period, as short items.

Until stories exist, a digest's items are the newest articles of the period with their
summary, else the start of their text. ``items_between`` is the one query to replace
when the story list takes over (``digest.ItemSource``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, select

from broadsheet.store.schema import articles, sources

LEAD_CHARS = 320


@dataclass(frozen=True, slots=True)
class DigestItem:
    article_id: int
    title: str
    lead: str
    source: str
    when: datetime


def _lead(summary: str | None, text: str | None) -> str:
    body = (summary or "").strip() or (text or "").strip()
    first = body.split("\n\n", 1)[0].strip()
    if len(first) <= LEAD_CHARS:
        return first
    cut = first[:LEAD_CHARS].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def _query() -> Any:
    when = func.coalesce(articles.c.published_at, articles.c.created_at)
    return (
        select(
            articles.c.id,
            articles.c.title,
            articles.c.summary,
            func.substr(articles.c.text, 1, 4 * LEAD_CHARS).label("text"),
            sources.c.name.label("source"),
            when.label("when"),
        )
        .select_from(articles.join(sources, sources.c.id == articles.c.source_id))
        .order_by(when.desc(), articles.c.id.desc())
    )


def _item(row: Any) -> DigestItem:
    return DigestItem(
        article_id=row.id,
        title=row.title or "Untitled",
        lead=_lead(row.summary, row.text),
        source=row.source,
        when=row.when,
    )


def items_between(
    conn: Connection,
    *,
    since: datetime,
    until: datetime,
    source_ids: Sequence[int],
    limit: int,
) -> list[DigestItem]:
    when = func.coalesce(articles.c.published_at, articles.c.created_at)
    query = _query().where(when > since, when <= until).limit(limit)
    if source_ids:
        query = query.where(articles.c.source_id.in_(list(source_ids)))
    return [_item(r) for r in conn.execute(query)]


def items_by_id(conn: Connection, ids: Sequence[int]) -> list[DigestItem]:
    """Items for ``ids`` in the order given (articles deleted since are left out)."""
    if not ids:
        return []
    rows = {r.id: _item(r) for r in conn.execute(_query().where(articles.c.id.in_(list(ids))))}
    return [rows[i] for i in ids if i in rows]


def source_names(conn: Connection) -> list[tuple[int, str]]:
    rows = conn.execute(select(sources.c.id, sources.c.name).order_by(sources.c.name))
    return [(int(i), str(n)) for i, n in rows]
