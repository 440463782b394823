"""The whole ingest path against a real HTTP server on loopback, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import datetime

import pytest

from broadsheet.config import Settings
from broadsheet.errors import Blocked
from broadsheet.ingest.fetch import Fetcher
from broadsheet.pipeline import Context, subscribe
from broadsheet.store import articles as article_store
from broadsheet.store import feeds as feed_store
from broadsheet.store.db import Store
from broadsheet.store.search import search
from broadsheet.worker import run_pass
from tests.support.feedserver import SyntheticNews


@pytest.fixture
def news() -> Iterator[SyntheticNews]:
    site = SyntheticNews(feeds=3, entries=4)
    site.start()
    yield site
    site.stop()


async def _with_ctx(settings: Settings, store: Store, work):  # type: ignore[no-untyped-def]
    fetcher = Fetcher(settings)
    try:
        return await work(Context(settings=settings, store=store, fetcher=fetcher))
    finally:
        await fetcher.aclose()


def _run(settings: Settings, store: Store, work):  # type: ignore[no-untyped-def]
    return asyncio.run(_with_ctx(settings, store, work))


def test_feeds_become_clean_searchable_articles(
    settings: Settings, store: Store, news: SyntheticNews
) -> None:
    async def work(ctx: Context) -> list[int]:
        for url in news.feed_urls():
            await subscribe(ctx, url)
        first = await run_pass(ctx, owner="t", force=True)
        second = await run_pass(ctx, owner="t", force=True)
        not_modified = sum(r.outcome == "not_modified" for r in second)
        return [sum(r.new for r in first), sum(r.new for r in second), not_modified]

    new_first, new_second, not_modified = _run(settings, store, work)
    assert (new_first, new_second) == (12, 0)
    assert not_modified == len(news.conditional & {0, 1, 2})
    with store.read() as conn:
        stored = article_store.list_articles(conn, limit=100)
        assert len(stored) == 12
        article = next(a for a in stored if a.url.endswith("/article/1/2.html"))
        assert article.status == "extracted"
        assert article.title == news.title(1, 2)
        assert article.text.split("\n\n") == news.body(1, 2)
        assert "cookies" not in article.text
        assert "free for a month" not in article.text
        assert article.published_at == news.published(2)
        hits = search(conn, news.title(1, 2))
        assert article.id in [h.article.id for h in hits]
        for feed in feed_store.list_feeds(conn):
            assert feed.error_count == 0
            assert feed.last_success_at is not None
            assert feed.next_poll_at > feed.last_success_at


def test_unreachable_page_keeps_the_feed_text(
    settings: Settings, store: Store, news: SyntheticNews
) -> None:
    news.entries = 2

    async def work(ctx: Context) -> None:
        await subscribe(ctx, news.feed_urls()[0])
        news.entries = 1  # the second entry's page now answers 404; the feed still lists it
        original = news.route

        def route(path: str, etag: str | None):  # type: ignore[no-untyped-def]
            if path.endswith("/1.html"):
                return 404, b"gone", "text/plain", None
            return original(path, etag)

        news.route = route  # type: ignore[method-assign]
        news.entries = 2
        await run_pass(ctx, owner="t", force=True)

    _run(settings, store, work)
    with store.read() as conn:
        by_url = {a.url.rsplit("/", 1)[1]: a for a in article_store.list_articles(conn)}
    assert by_url["0.html"].status == "extracted"
    lost = by_url["1.html"]
    assert lost.status == "feed_only"
    assert "404" in (lost.extraction_error or "")
    assert lost.text == news.body(0, 1)[0]
    assert lost.title == news.title(0, 1)


def test_broken_feed_is_recorded_and_touches_nothing_else(
    settings: Settings, store: Store, news: SyntheticNews
) -> None:
    async def work(ctx: Context) -> None:
        await subscribe(ctx, news.feed_urls()[0])
        await run_pass(ctx, owner="t", force=True)
        broken = f"{news.base}/feed/99.xml"  # answers 404
        with ctx.store.begin() as conn:
            feed_store.add_feed(conn, source_id=1, url=broken, kind="feed", now=ctx.clock())
        await run_pass(ctx, owner="t", force=True)

    _run(settings, store, work)
    with store.read() as conn:
        feeds = {f.url.rsplit("/", 1)[1]: f for f in feed_store.list_feeds(conn)}
        assert article_store.count_articles(conn) == 4
    broken = feeds["99.xml"]
    assert broken.error_count == 1
    assert "404" in (broken.last_error or "")
    assert broken.last_fetched_at is not None
    assert broken.next_poll_at > broken.last_fetched_at
    assert feeds["0.xml"].error_count == 0


def test_private_addresses_are_refused_before_anything_is_stored(
    settings: Settings, store: Store
) -> None:
    strict = settings.replace(fetch_allow=())

    async def work(ctx: Context) -> None:
        await subscribe(ctx, "http://127.0.0.1:9/feed.xml")

    with pytest.raises(Blocked):
        _run(strict, store, work)
    with store.read() as conn:
        assert feed_store.list_feeds(conn) == []


def test_changed_page_is_stored_as_a_new_version(
    settings: Settings, store: Store, news: SyntheticNews
) -> None:
    news.entries = 1

    async def work(ctx: Context) -> None:
        await subscribe(ctx, news.feed_urls()[2])
        await run_pass(ctx, owner="t", force=True)
        news.paragraphs = 6  # the outlet adds a paragraph, and the feed says so
        news.now = news.now.replace(minute=(news.now.minute + 1) % 60)
        await run_pass(ctx, owner="t", force=True)

    _run(settings, store, work)
    with store.read() as conn:
        (article,) = article_store.list_articles(conn)
        history = article_store.revisions(conn, article.id)
    assert article.version == 2
    assert len(article.text.split("\n\n")) == 6
    assert [h["change"] for h in history] == ["1 paragraph added"]


def test_published_times_are_aware(settings: Settings, store: Store, news: SyntheticNews) -> None:
    news.entries = 1

    async def work(ctx: Context) -> None:
        await subscribe(ctx, news.feed_urls()[0])
        await run_pass(ctx, owner="t", force=True)

    _run(settings, store, work)
    with store.read() as conn:
        (article,) = article_store.list_articles(conn)
    assert isinstance(article.published_at, datetime)
    assert article.published_at.utcoffset() is not None
