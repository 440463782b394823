"""Adding sources the ways a user can: feed, site (discovery), news sitemap, single page, OPML."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import httpx
import pytest
from click.testing import CliRunner

from broadsheet.cli import main
from broadsheet.config import Settings
from broadsheet.demo.server import DemoServer
from broadsheet.errors import ParseError
from broadsheet.ingest.fetch import Fetcher
from broadsheet.ingest.opml import parse_opml
from broadsheet.pipeline import Context, Subscription, subscribe
from broadsheet.store import articles as article_store
from broadsheet.store import feeds as feed_store
from broadsheet.store.db import Store, open_store
from broadsheet.worker import run_pass


@pytest.fixture(scope="module")
def world() -> Iterator[DemoServer]:
    with DemoServer() as server:
        server.start()
        yield server


def _subscribe(settings: Settings, store: Store, url: str, kind: str = "auto") -> Subscription:
    async def work() -> Subscription:
        fetcher = Fetcher(settings)
        try:
            return await subscribe(Context(settings, store, fetcher), url, kind=kind)
        finally:
            await fetcher.aclose()

    return asyncio.run(work())


def test_site_url_finds_the_feed_by_autodiscovery(
    settings: Settings, store: Store, world: DemoServer
) -> None:
    outlet = next(o for o in world.outlets() if o.autodiscovery)
    sub = _subscribe(settings, store, outlet.homepage_url)
    assert [f.url for f in sub.feeds] == [outlet.feed_url]
    assert sub.feeds[0].kind == "feed"


def test_site_without_alternate_link_finds_a_common_path(
    settings: Settings, store: Store, world: DemoServer
) -> None:
    outlets = [o for o in world.outlets() if not o.autodiscovery]
    found = 0
    for outlet in outlets:
        try:
            sub = _subscribe(settings, store, outlet.homepage_url, kind="site")
        except ParseError:
            continue
        found += 1
        assert sub.feeds[0].url.startswith(outlet.homepage_url.rstrip("/"))
    assert found >= 1


def test_news_sitemap_is_a_source(settings: Settings, store: Store, world: DemoServer) -> None:
    outlet = world.outlets()[0]
    sub = _subscribe(settings, store, outlet.sitemap_url)
    assert sub.feeds[0].kind == "sitemap"

    async def work() -> int:
        fetcher = Fetcher(settings)
        try:
            reports = await run_pass(Context(settings, store, fetcher), owner="t", force=True)
        finally:
            await fetcher.aclose()
        return sum(r.new for r in reports)

    stored = asyncio.run(work())
    expected = [g for g in world.golden() if g.outlet == outlet.slug]
    assert stored == len(expected)
    with store.read() as conn:
        titles = {a.title for a in article_store.list_articles(conn, limit=200)}
    assert {g.title for g in expected} <= titles


def test_single_article_url_is_stored_once(
    settings: Settings, store: Store, world: DemoServer
) -> None:
    item = world.golden()[0]
    url = world.url_for(item)
    first = _subscribe(settings, store, url, kind="page")
    again = _subscribe(settings, store, url, kind="page")
    assert first.article_id is not None
    assert first.article_id == again.article_id
    assert first.feeds == []
    with store.read() as conn:
        article = article_store.get_article(conn, first.article_id)
        assert article is not None
        assert article.title == item.title
        assert feed_store.list_feeds(conn) == []


def test_opml_round_trip_through_the_cli(settings: Settings, world: DemoServer) -> None:
    env = {
        "BROADSHEET_DATA_DIR": str(settings.data_dir),
        "BROADSHEET_FETCH_ALLOW": "127.0.0.0/8",
    }
    runner = CliRunner()
    opml = world.hub_url + "/outlets.opml"
    body = httpx.get(opml).content
    outlines = parse_opml(body)
    assert len(outlines) >= 6
    result = runner.invoke(main, ["opml", "import", "-"], input=body, env=env)
    assert result.exit_code == 0, result.output
    assert f"{len(outlines)} feeds added" in result.output
    exported = runner.invoke(main, ["opml", "export"], env=env)
    assert exported.exit_code == 0
    round_trip = parse_opml(exported.stdout_bytes)
    assert sorted(o.xml_url for o in round_trip) == sorted(o.xml_url for o in outlines)
    store = open_store(settings)
    try:
        with store.read() as conn:
            assert len(feed_store.list_feeds(conn)) == len(outlines)
    finally:
        store.close()


def test_a_url_that_is_no_feed_and_no_site_is_an_error(
    settings: Settings, store: Store, world: DemoServer
) -> None:
    with pytest.raises(ParseError):
        _subscribe(settings, store, world.outlets()[0].robots_url, kind="feed")
