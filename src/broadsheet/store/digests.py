"""What a digest is made of: the articles and stories of a period, as short items.

Two halves:

- ``period_articles``, ``story_rows``, ``topic_terms``: what ``community.topstories``
  needs to rank and filter a period's stories (every article of the period with its
  outlet, story and section; the stories; the words a topic filter matches);
- ``items_by_id``: the items of a digest from the lead article of each, in order: the
  article's story (title, outlets, articles, link) when it has one, and a summary: the
  story's brief if one is stored, else the lead article's stored summary (insights),
  else its own summary or the start of its text.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, select

from broadsheet.store import briefs as brief_store
from broadsheet.store.schema import (
    article_insights,
    article_stories,
    articles,
    sources,
    stories,
)
from broadsheet.store.story_reads import resolve

LEAD_CHARS = 320
BRIEF_CHARS = 700  # a story's brief is a few sentences: kept whole up to this
CHUNK = 500  # ids per IN (...) list


@dataclass(frozen=True, slots=True)
class DigestItem:
    article_id: int  # the lead article: the story's first report, or the lone article
    title: str
    lead: str  # the summary shown
    source: str  # the lead article's outlet
    when: datetime
    story_id: str | None = None  # None: an article in no story (yet)
    outlets: int = 1
    articles: int = 1


@dataclass(frozen=True, slots=True)
class PeriodArticle:
    id: int
    source_id: int
    story_id: str | None
    topic: str | None
    when: datetime


@dataclass(frozen=True, slots=True)
class StoryRow:
    id: str
    first_article_id: int | None
    outlets: int
    articles: int
    last_update: datetime | None


def _chunks(ids: Sequence[Any]) -> Iterator[list[Any]]:
    for start in range(0, len(ids), CHUNK):
        yield list(ids[start : start + CHUNK])


def _when() -> Any:
    return func.coalesce(articles.c.published_at, articles.c.created_at)


def period_articles(
    conn: Connection, *, since: datetime, until: datetime, limit: int = 50_000
) -> list[PeriodArticle]:
    """Every article published (else stored) in (since, until], oldest first."""
    when = _when()
    rows = conn.execute(
        select(
            articles.c.id,
            articles.c.source_id,
            article_stories.c.story_id,
            article_insights.c.topic,
            when.label("when"),
        )
        .select_from(
            articles.outerjoin(
                article_stories, article_stories.c.article_id == articles.c.id
            ).outerjoin(article_insights, article_insights.c.article_id == articles.c.id)
        )
        .where(when > since, when <= until)
        .order_by(when, articles.c.id)
        .limit(limit)
    )
    return [PeriodArticle(r.id, r.source_id, r.story_id, r.topic, r.when) for r in rows]


def story_rows(conn: Connection, story_ids: Sequence[str]) -> dict[str, StoryRow]:
    found: dict[str, StoryRow] = {}
    for chunk in _chunks(sorted(set(story_ids))):
        for r in conn.execute(select(stories).where(stories.c.id.in_(chunk))):
            found[r.id] = StoryRow(
                r.id, r.first_article_id, r.outlet_count, r.article_count, r.last_updated_at
            )
    return found


def topics_of(conn: Connection, article_ids: Sequence[int]) -> dict[int, str | None]:
    """The stored section of each article that has insights."""
    found: dict[int, str | None] = {}
    for chunk in _chunks(sorted(set(article_ids))):
        rows = conn.execute(
            select(article_insights.c.article_id, article_insights.c.topic).where(
                article_insights.c.article_id.in_(chunk)
            )
        )
        found.update({int(a): t for a, t in rows})
    return found


def topic_terms(conn: Connection, article_ids: Sequence[int]) -> dict[int, list[str]]:
    """What a topic filter is matched on: section, keyphrases and entity names, casefolded."""
    found: dict[int, list[str]] = {}
    for chunk in _chunks(sorted(set(article_ids))):
        rows = conn.execute(
            select(article_insights.c.article_id, article_insights.c.data).where(
                article_insights.c.article_id.in_(chunk)
            )
        )
        for article_id, raw in rows:
            data = json.loads(raw)
            terms = [str(data.get("topic") or "")]
            terms += [str(p[0]) for p in data.get("keyphrases", []) if p]
            terms += [str(e.get("name", "")) for e in data.get("entities", [])]
            found[int(article_id)] = [t.casefold() for t in terms if t]
    return found


# -- items ------------------------------------------------------------------------------


def _lead(text: str, limit: int = LEAD_CHARS) -> str:
    first = text.strip().split("\n\n", 1)[0].strip()
    if len(first) <= limit:
        return first
    cut = first[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def _summary(brief: str | None, *fallbacks: str | None) -> str:
    """The brief if there is one, else the first of the fallbacks that has text."""
    if brief:
        return _lead(brief, BRIEF_CHARS)
    return _lead(next((f for f in fallbacks if f and f.strip()), ""))


def _insight_summary(raw: str | None) -> str | None:
    if not raw:
        return None
    parts = json.loads(raw).get("summary") or []
    return " ".join(str(p.get("text", "")).strip() for p in parts if isinstance(p, dict)) or None


def _brief_texts(conn: Connection, story_ids: Sequence[str]) -> dict[str, str]:
    """The stored brief of each story that has one, as plain text (none is computed here)."""
    found: dict[str, str] = {}
    for story_id in story_ids:
        stored = brief_store.get_brief(conn, story_id)
        sentences = stored.data.get("brief", []) if stored else []
        text = " ".join(str(s.get("text", "")).strip() for s in sentences if isinstance(s, dict))
        if text.strip():
            found[story_id] = text.strip()
    return found


def items_by_id(conn: Connection, ids: Sequence[int]) -> list[DigestItem]:
    """Items for the lead articles ``ids``, in the order given.

    Articles deleted since are left out, and so is a second item of a story that has
    since merged with an earlier one.
    """
    if not ids:
        return []
    when = _when()
    query = (
        select(
            articles.c.id,
            articles.c.title,
            articles.c.summary,
            func.substr(articles.c.text, 1, 4 * LEAD_CHARS).label("text"),
            sources.c.name.label("source"),
            when.label("when"),
            article_stories.c.story_id,
            article_insights.c.data.label("insights"),
        )
        .select_from(
            articles.join(sources, sources.c.id == articles.c.source_id)
            .outerjoin(article_stories, article_stories.c.article_id == articles.c.id)
            .outerjoin(article_insights, article_insights.c.article_id == articles.c.id)
        )
        .where(articles.c.id.in_(list(ids)))
    )
    rows = {r.id: r for r in conn.execute(query)}
    chosen: list[tuple[Any, dict[str, Any] | None]] = []
    seen: set[str] = set()
    for article_id in ids:
        row = rows.get(article_id)
        if row is None:
            continue
        story = resolve(conn, row.story_id) if row.story_id else None
        if story is not None:
            if story["id"] in seen:
                continue
            seen.add(story["id"])
        chosen.append((row, story))
    briefs = _brief_texts(conn, sorted(seen))
    return [
        DigestItem(
            article_id=row.id,
            title=(story["title"] if story is not None else None) or row.title or "Untitled",
            lead=_summary(
                briefs.get(story["id"]) if story is not None else None,
                _insight_summary(row.insights),
                row.summary,
                row.text,
            ),
            source=row.source,
            when=row.when,
            story_id=story["id"] if story is not None else None,
            outlets=story["outlet_count"] if story is not None else 1,
            articles=story["article_count"] if story is not None else 1,
        )
        for row, story in chosen
    ]


def source_names(conn: Connection) -> list[tuple[int, str]]:
    rows = conn.execute(select(sources.c.id, sources.c.name).order_by(sources.c.name))
    return [(int(i), str(n)) for i, n in rows]
