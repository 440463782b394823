"""The reader queries agree with the store's own ordering, on SQLite and PostgreSQL."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from broadsheet.model import ArticleDraft
from broadsheet.store import articles as article_store
from broadsheet.store import feeds as feed_store
from broadsheet.store import reader
from broadsheet.store.db import Store

T0 = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)


def _fill(store: Store) -> list[int]:
    """60 articles over two outlets: a third undated, many sharing a timestamp."""
    rng = random.Random(3)
    with store.begin() as conn:
        sources = [
            feed_store.source_for_host(conn, host=h, name=h, site_url=None, now=T0).id
            for h in ("a.example", "b.example")
        ]
        for n in range(60):
            dated = n % 3 != 0
            published = T0 + timedelta(minutes=rng.choice([0, 5, 5, 10, 30, 60])) if dated else None
            article_store.save_article(
                conn,
                ArticleDraft(
                    canonical_url=f"https://a.example/{n}",
                    url=f"https://a.example/{n}",
                    source_id=sources[n % 2],
                    title=f"Article {n}",
                    text="Text.",
                    status="extracted",
                    published_at=published,
                ),
                now=T0 + timedelta(minutes=rng.choice([0, 5, 20, 40, 90])),
            )
    return sources


def _pages(store: Store, size: int, source_id: int | None) -> tuple[list[int], list[int]]:
    ours: list[int] = []
    theirs: list[int] = []
    with store.read() as conn:
        before = None
        while True:
            cards = reader.latest_cards(conn, limit=size, source_id=source_id, before=before)
            ours += [c.id for c in cards]
            if len(cards) < size:
                break
            before = (cards[-1].when, cards[-1].id)
        before = None
        while True:
            page = article_store.list_articles(conn, limit=size, source_id=source_id, before=before)
            theirs += [a.id for a in page]
            if len(page) < size:
                break
            last = page[-1]
            before = (last.published_at or last.created_at, last.id)
    return ours, theirs


def test_latest_cards_match_list_articles_page_by_page(store: Store) -> None:
    sources = _fill(store)
    for size in (1, 7, 20, 100):
        for source_id in (None, sources[1]):
            ours, theirs = _pages(store, size, source_id)
            assert ours == theirs, (size, source_id)
            assert len(ours) == (60 if source_id is None else 30)


def test_counts_and_languages(store: Store) -> None:
    sources = _fill(store)
    with store.read() as conn:
        assert reader.source_counts(conn) == {sources[0]: 30, sources[1]: 30}
        assert reader.source_article_count(conn, sources[0]) == 30
        assert reader.languages(conn) == []
        assert reader.article_version(conn, 1) == 1
        assert reader.article_version(conn, 10_000) is None
        ids = [5, 1, 999, 3]
        assert [c.id for c in reader.cards_by_id(conn, ids)] == [5, 1, 3]
