"""The AI panel is computed at ingest and stored with the article version it describes."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from broadsheet.config import Settings
from broadsheet.demo.server import DemoServer
from broadsheet.ingest.fetch import Fetcher
from broadsheet.pipeline import Context, subscribe
from broadsheet.store import articles as article_store
from broadsheet.store import insights as insight_store
from broadsheet.store.db import Store
from broadsheet.understand.sentences import split_sentences
from broadsheet.understand.summarize import is_grounded
from broadsheet.worker import run_pass


@pytest.fixture
def world() -> Iterator[DemoServer]:
    with DemoServer() as server:
        server.start()
        yield server


def _ingest(settings: Settings, store: Store, world: DemoServer, *, advance: bool) -> None:
    async def work() -> None:
        fetcher = Fetcher(settings)
        ctx = Context(settings, store, fetcher)
        try:
            for outlet in world.outlets():
                await subscribe(ctx, outlet.subscribe_url, kind=outlet.subscribe_kind)
            await run_pass(ctx, owner="t", force=True)
            if advance:
                world.advance()
                await run_pass(ctx, owner="t", force=True)
        finally:
            await fetcher.aclose()

    asyncio.run(work())


def test_every_demo_article_has_a_grounded_panel(
    settings: Settings, store: Store, world: DemoServer
) -> None:
    _ingest(settings, store, world, advance=True)
    with store.read() as conn:
        stored = article_store.list_articles(conn, limit=500)
        assert len(stored) == len(world.golden())
        for article in stored:
            panel = insight_store.get_insights(conn, article.id)
            assert panel is not None, article.title
            assert panel["version"] == article.version
            sentences = [s.text for s in split_sentences(article.text, article.language)]
            assert 2 <= len(panel["summary"]) <= 4, article.title
            for item in panel["summary"] + panel["key_points"]:
                cited = [sentences[i] for i in item["sources"]]
                assert is_grounded(item["text"], cited), (article.title, item)
            assert panel["entities"], article.title
            assert panel["cpu_ms"] < 300
        edited = next(a for a in stored if a.version == 2)
        assert insight_store.get_insights(conn, edited.id)["version"] == 2  # type: ignore[index]
        someone = next(
            e
            for a in stored
            for e in insight_store.get_insights(conn, a.id)["entities"]  # type: ignore[index]
            if e["kind"] == "person"
        )
        naming = insight_store.articles_naming(conn, someone["key"])
        assert naming
        assert insight_store.get_entity(conn, someone["key"])["name"] == someone["name"]  # type: ignore[index]
        assert insight_store.topics(conn)
