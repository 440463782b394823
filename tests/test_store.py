"""The store on SQLite and PostgreSQL: feeds, entries, articles, revisions, leases, search."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from broadsheet.model import ArticleDraft, ParsedEntry
from broadsheet.store import articles as article_store
from broadsheet.store import feeds as feed_store
from broadsheet.store.db import Store
from broadsheet.store.schema import metadata
from broadsheet.store.search import search
from tests.conftest import bench_dir

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def _feed(store: Store, url: str = "https://news.example/feed.xml") -> tuple[int, int]:
    with store.begin() as conn:
        source = feed_store.source_for_host(
            conn, host="news.example", name="news.example", site_url=None, now=NOW
        )
        feed = feed_store.add_feed(conn, source_id=source.id, url=url, kind="feed", now=NOW)
    return source.id, feed.id


def _draft(source_id: int, **changes: object) -> ArticleDraft:
    values: dict[str, object] = {
        "canonical_url": "https://news.example/a/1",
        "url": "https://news.example/a/1?utm_source=x",
        "source_id": source_id,
        "title": "Harbour strike enters second week",
        "text": "Dock workers stayed out on Tuesday.\n\nTalks resume on Friday.",
        "status": "extracted",
        "published_at": NOW - timedelta(hours=2),
    }
    values.update(changes)
    return ArticleDraft(**values)  # type: ignore[arg-type]


def test_migrations_match_schema(store: Store) -> None:
    with store.read() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    # The search index objects (FTS5 table, tsvector column) are managed outside the ORM.
    significant = [
        d for d in diff if "search_vector" not in str(d) and "articles_fts" not in str(d)
    ]
    assert significant == []


def test_adding_a_feed_twice_keeps_one(store: Store) -> None:
    _, first = _feed(store)
    _, second = _feed(store)
    assert first == second
    with store.read() as conn:
        assert len(feed_store.list_feeds(conn)) == 1


def test_timestamps_round_trip_as_aware_utc(store: Store) -> None:
    _, feed_id = _feed(store)
    with store.read() as conn:
        feed = feed_store.get_feed(conn, feed_id)
    assert feed is not None
    assert feed.next_poll_at == NOW
    assert feed.next_poll_at.tzinfo is not None


def test_entries_pending_until_done_and_again_when_changed(store: Store) -> None:
    _, feed_id = _feed(store)
    entry = ParsedEntry(guid="g1", url="https://news.example/a/1", title="One")
    with store.begin() as conn:
        article_store.upsert_entries(conn, feed_id, [entry, entry], now=NOW)
        pending = article_store.pending_entries(conn, feed_id)
    assert [p.guid for p in pending] == ["g1"]
    with store.begin() as conn:
        article_store.mark_entry_done(
            conn, pending[0].id, fingerprint=pending[0].fingerprint, article_id=None
        )
        article_store.upsert_entries(conn, feed_id, [entry], now=NOW)
        assert article_store.pending_entries(conn, feed_id) == []
        edited = ParsedEntry(guid="g1", url=entry.url, title="One (updated)")
        article_store.upsert_entries(conn, feed_id, [edited], now=NOW)
        again = article_store.pending_entries(conn, feed_id)
    assert [p.title for p in again] == ["One (updated)"]


def test_changed_page_keeps_old_version(store: Store) -> None:
    source_id, _ = _feed(store)
    with store.begin() as conn:
        article_id, change = article_store.save_article(conn, _draft(source_id), now=NOW)
        assert change == "new"
        _, change = article_store.save_article(conn, _draft(source_id), now=NOW)
        assert change == "unchanged"
        edited = _draft(
            source_id,
            text="Dock workers stayed out on Tuesday.\n\nTalks resume on Friday.\n\n"
            "Correction: the union has 4,000 members.",
        )
        _, change = article_store.save_article(conn, edited, now=NOW + timedelta(hours=1))
        assert change == "updated"
        article = article_store.get_article(conn, article_id)
        history = article_store.revisions(conn, article_id)
    assert article is not None
    assert article.version == 2
    assert "Correction" in article.text
    assert len(history) == 1
    assert history[0]["version"] == 1
    assert "Correction" not in history[0]["text"]
    assert history[0]["change"] == "1 paragraph added"


def test_failed_extraction_never_replaces_extracted_text(store: Store) -> None:
    source_id, _ = _feed(store)
    with store.begin() as conn:
        article_id, _ = article_store.save_article(conn, _draft(source_id), now=NOW)
        feed_only = _draft(source_id, text="Short feed summary.", status="feed_only")
        _, change = article_store.save_article(conn, feed_only, now=NOW)
        article = article_store.get_article(conn, article_id)
    assert change == "unchanged"
    assert article is not None
    assert article.text.startswith("Dock workers")


def test_leases_split_work_and_expire(store: Store) -> None:
    source_id, _ = _feed(store, "https://news.example/1.xml")
    with store.begin() as conn:
        for n in range(2, 6):
            feed_store.add_feed(
                conn, source_id=source_id, url=f"https://news.example/{n}.xml", kind="feed", now=NOW
            )
    with store.begin() as conn:
        a = feed_store.lease_due_feeds(conn, owner="a", now=NOW, limit=3, lease_seconds=60)
    with store.begin() as conn:
        b = feed_store.lease_due_feeds(conn, owner="b", now=NOW, limit=10, lease_seconds=60)
    assert len(a) == 3
    assert len(b) == 2
    assert not {f.id for f in a} & {f.id for f in b}
    later = NOW + timedelta(seconds=61)
    with store.begin() as conn:
        c = feed_store.lease_due_feeds(conn, owner="c", now=later, limit=10, lease_seconds=60)
    assert len(c) == 5  # a and b died: their leases expired


def test_feed_errors_are_counted_and_cleared(store: Store) -> None:
    _, feed_id = _feed(store)
    with store.begin() as conn:
        for _ in range(2):
            feed_store.record_error(
                conn, feed_id, now=NOW, message="HTTP 503", next_poll_at=NOW, status=503
            )
    with store.read() as conn:
        feed = feed_store.get_feed(conn, feed_id)
    assert feed is not None
    assert (feed.error_count, feed.last_error, feed.last_status) == (2, "HTTP 503", 503)
    with store.begin() as conn:
        feed_store.record_success(
            conn, feed_id, now=NOW, status=200, next_poll_at=NOW, etag='"x"', last_modified=None
        )
        feed = feed_store.get_feed(conn, feed_id)
    assert feed is not None
    assert (feed.error_count, feed.last_error, feed.etag) == (0, None, '"x"')


def test_search_finds_words_and_filters(store: Store) -> None:
    source_id, _ = _feed(store)
    with store.begin() as conn:
        article_store.save_article(conn, _draft(source_id), now=NOW)
        article_store.save_article(
            conn,
            _draft(
                source_id,
                canonical_url="https://news.example/a/2",
                title="Council passes budget",
                text="The city council approved the budget after a long night.",
                language="en",
                published_at=NOW - timedelta(days=3),
            ),
            now=NOW,
        )
    with store.read() as conn:
        hits = search(conn, "budget")
        assert [h.article.title for h in hits] == ["Council passes budget"]
        assert "\x02" in hits[0].snippet
        assert [h.article.title for h in search(conn, "dock workers")] == [
            "Harbour strike enters second week"
        ]
        assert search(conn, "budget", since=NOW - timedelta(days=1)) == []
        assert len(search(conn, "budget", language="en")) == 1
        assert search(conn, "budget", language="fr") == []
        assert search(conn, "") == []


def test_search_text_is_never_query_syntax(store: Store) -> None:
    source_id, _ = _feed(store)
    with store.begin() as conn:
        article_store.save_article(conn, _draft(source_id), now=NOW)
    lines = (bench_dir("hostile") / "search_queries.txt").read_text(encoding="utf-8").splitlines()
    queries = [line for line in lines if line.strip() and not line.startswith("#")]
    assert len(queries) > 10
    for query in queries:
        with store.read() as conn:
            hits = search(conn, query)
        # Hostile strings either match as words or find nothing; none may raise, and no
        # query may match everything by way of wildcards or OR-injection.
        assert len(hits) <= 1, query
    with store.read() as conn:
        assert len(article_store.list_articles(conn)) == 1


@pytest.mark.parametrize("query", ['" OR 1=1 --', "title:*", "NEAR(a b)", "a* OR b*", "%_%"])
def test_search_operators_are_words(store: Store, query: str) -> None:
    source_id, _ = _feed(store)
    with store.begin() as conn:
        article_store.save_article(conn, _draft(source_id), now=NOW)
        assert search(conn, query) == []
