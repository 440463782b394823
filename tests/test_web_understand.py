"""The article page shows what the understand stage found: AI panel, coverage, Q&A."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from lxml import html as lxml_html

from broadsheet.config import Settings
from broadsheet.demo.server import DemoServer
from broadsheet.ingest.fetch import Fetcher
from broadsheet.pipeline import Context, subscribe
from broadsheet.store import articles as article_store
from broadsheet.store import stories as story_store
from broadsheet.store.db import Store, open_store
from broadsheet.web.app import create_app
from broadsheet.worker import run_pass
from tests.browser.world import WebClient


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, DemoServer]]:
    settings = Settings(
        data_dir=tmp_path_factory.mktemp("web"), fetch_allow=("127.0.0.0/8",), fetch_host_delay=0
    )
    store = open_store(settings)
    with DemoServer() as world:
        world.start()

        async def work() -> None:
            fetcher = Fetcher(settings)
            ctx = Context(settings, store, fetcher)
            try:
                for outlet in world.outlets():
                    await subscribe(ctx, outlet.subscribe_url, kind=outlet.subscribe_kind)
                await run_pass(ctx, owner="t", force=True)
            finally:
                await fetcher.aclose()

        asyncio.run(work())
        yield store, world
    store.close()


@pytest.fixture(scope="module")
def client(ingested: tuple[Store, DemoServer]) -> WebClient:
    store, _ = ingested
    return WebClient(create_app(Settings(), store))


def test_article_page_has_a_panel_and_coverage(
    ingested: tuple[Store, DemoServer], client: WebClient
) -> None:
    store, world = ingested
    wire = [g.title for g in world.golden() if g.wire]
    with store.read() as conn:
        stored = {a.title: a for a in article_store.list_articles(conn, limit=500)}
        copy = next(
            stored[t]
            for t in wire
            if story_store.story_of(conn, stored[t].id)["duplicate_of"]  # type: ignore[index]
        )
        same_story = [
            a.title
            for a in story_store.members(conn, story_store.story_of(conn, copy.id)["story_id"])  # type: ignore[index]
            if a.id != copy.id
        ]
    page = client.get(f"/articles/{copy.id}").text
    assert "In brief" in page
    assert "Key points" in page
    assert "Also published by" in page
    assert "Related coverage" in page
    # every related card: headline, lead, outlet and relative time
    rail = lxml_html.fromstring(page).xpath("//section[@aria-labelledby='related-title']")[0]
    cards = rail.find_class("card")
    assert cards
    for card in cards:
        assert card.find_class("card-title")[0].text_content().strip()
        assert card.find_class("card-summary")[0].text_content().strip()
        meta = card.find_class("meta")[0]
        assert meta.find_class("outlet") or " · " in meta.text_content()
        assert meta.xpath(".//time[@datetime]"), meta.text_content()
    assert all(title and title.replace("'", "&#39;") in page for title in same_story[:3])
    assert 'action="/articles/' in page


def test_questions_are_answered_from_the_article_or_declined(
    ingested: tuple[Store, DemoServer], client: WebClient
) -> None:
    store, world = ingested
    item = next(g for g in world.golden() if "calder-water-finance-chief-fraud-trial" in g.path)
    with store.read() as conn:
        article = next(
            a for a in article_store.list_articles(conn, limit=500) if a.title == item.title
        )
    answered = client.get(
        f"/articles/{article.id}/ask",
        params={"q": "How much money is Victor Lesage accused of diverting?"},
    )
    assert answered.status_code == 200
    assert "From the article:" in answered.text
    assert '<blockquote dir="auto">Victor Lesage' in answered.text
    declined = client.get(
        f"/articles/{article.id}/ask", params={"q": "What is the capital of Mongolia?"}
    )
    assert "No answer in the article" in declined.text
    assert client.get("/articles/999999/ask", params={"q": "x"}).status_code == 404


def test_front_page_leads_with_stories_covered_by_several_outlets(
    ingested: tuple[Store, DemoServer], client: WebClient
) -> None:
    page = client.get("/").text
    assert "Top stories" in page
    assert "outlets ·" in page
    # Each card: the story's title, then every other article's headline, the first
    # report's included when a more central article titles the story (the wildfire).
    _store, world = ingested
    titles = []
    for card in lxml_html.fromstring(page).find_class("story-card"):
        title = " ".join(card.find(".//h3").text_content().split())
        listed = [" ".join(a.text_content().split()) for a in card.xpath(".//ul//a")]
        first = card.xpath(".//p[@class='meta']/a")[0].get("href")
        first_title = " ".join(
            lxml_html.fromstring(client.get(first).text).find(".//h1").text_content().split()
        )
        assert title not in listed
        assert len(listed) == len(set(listed)) >= 1
        assert first_title in [title, *listed]
        titles.append((title, listed))
    fire = next(t for t in titles if "Sallow Ridge fire" in t[0])
    bugle = next(g.title for g in world.golden() if "brindlemoor-opens-its-doors" in g.path)
    assert bugle in fire[1], fire


def test_front_page_shows_a_wire_story_once_with_the_outlets_that_ran_it(
    ingested: tuple[Store, DemoServer], client: WebClient
) -> None:
    store, world = ingested
    wire_titles = {g.title for g in world.golden() if g.wire}
    assert len(wire_titles) == 3
    with store.read() as conn:
        stored = {a.title: a.id for a in article_store.list_articles(conn, limit=500)}
        copies = {
            t
            for t in wire_titles
            if story_store.story_of(conn, stored[t])["duplicate_of"]  # type: ignore[index]
        }
    (first,) = wire_titles - copies
    root = lxml_html.fromstring(client.get("/").text)
    linked = {
        " ".join(a.text_content().split())
        for a in root.xpath("//a[starts-with(@href, '/articles/')]")
    }
    assert not copies & linked  # the other outlets' copies are folded into the first
    assert first in linked
    cards = [
        card
        for card in root.xpath(
            "//article[contains(concat(' ', @class, ' '), ' card ')]"
            " | //li[contains(@class, 'story-card')]//ul/li"
        )
        if first in " ".join(card.text_content().split())
    ]
    assert cards
    assert all("also published by 2 other outlets" in c.text_content() for c in cards)
