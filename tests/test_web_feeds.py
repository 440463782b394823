"""Feeds out: RSS 2.0, Atom and JSON Feed for the front page, outlets, topics and searches.

Each document is checked three ways: well-formed (lxml / json), read back by feedparser
without complaint, and read back by Broadsheet's own feed parser with the same items.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import feedparser
import pytest
from lxml import etree

from broadsheet.config import Settings
from broadsheet.ingest.feeds import parse_feed
from broadsheet.store.db import open_store
from broadsheet.web.app import create_app
from broadsheet.web.syndication import Channel, Item, atom, json_feed, rss
from tests.browser.world import NOW, WebClient, World, build_world, hostile_articles

ATOM = "{http://www.w3.org/2005/Atom}"


@dataclass
class Feeds:
    world: World
    client: WebClient


@pytest.fixture
def feeds(settings: Settings) -> Iterator[Feeds]:
    store = open_store(settings.replace(base_url="https://news.example"))
    world = build_world(store)
    hostile_articles(world)
    app = create_app(settings.replace(base_url="https://news.example"), store, clock=lambda: NOW)
    yield Feeds(world=world, client=WebClient(app))
    store.close()


def lists(world: World) -> list[str]:
    return [
        "/",
        f"/sources/{world.sources['herald']}/",
        "/topics/flood-barrier/",
        "/search/",
    ]


def _get(feeds: Feeds, base: str, name: str) -> Any:
    query = "?q=rail+strike&sort=date" if base == "/search/" else ""
    response = feeds.client.get(f"{base}{name}{query}")
    assert response.status_code == 200, (base, name, response.text[:200])
    return response


def test_rss_documents_are_valid(feeds: Feeds) -> None:
    for base in lists(feeds.world):
        response = _get(feeds, base, "rss.xml")
        assert response.headers["content-type"] == "application/rss+xml; charset=utf-8"
        root = etree.fromstring(response.content)
        assert root.tag == "rss"
        assert root.get("version") == "2.0"
        channel = root.find("channel")
        assert channel is not None
        for required in ("title", "link", "description"):
            assert (channel.findtext(required) or "").strip(), (base, required)
        self_link = channel.find(f"{ATOM}link[@rel='self']")
        assert self_link is not None
        assert self_link.get("href", "").startswith("https://news.example/")
        items = channel.findall("item")
        assert items, base
        for item in items:
            assert item.findtext("title")
            assert item.findtext("link", "").startswith("https://news.example/articles/")
            assert item.find("guid").get("isPermaLink") == "true"  # type: ignore[union-attr]
        parsed = feedparser.parse(response.content)
        assert not parsed.bozo, (base, parsed.get("bozo_exception"))
        assert len(parsed.entries) == len(items)
        ours = parse_feed(response.content, url=f"https://news.example{base}rss.xml")
        assert ours.kind == "rss"
        assert [e.url for e in ours.entries] == [i.findtext("link") for i in items]


def test_atom_documents_are_valid(feeds: Feeds) -> None:
    for base in lists(feeds.world):
        response = _get(feeds, base, "atom.xml")
        root = etree.fromstring(response.content)
        assert root.tag == f"{ATOM}feed"
        for required in ("id", "title", "updated"):
            assert root.findtext(f"{ATOM}{required}"), (base, required)
        assert root.find(f"{ATOM}link[@rel='self']") is not None
        assert root.find(f"{ATOM}author/{ATOM}name") is not None
        entries = root.findall(f"{ATOM}entry")
        assert entries
        ids = [e.findtext(f"{ATOM}id") for e in entries]
        assert len(ids) == len(set(ids))
        for entry in entries:
            for required in ("id", "title", "updated"):
                assert entry.findtext(f"{ATOM}{required}"), (base, required)
        parsed = feedparser.parse(response.content)
        assert not parsed.bozo, (base, parsed.get("bozo_exception"))
        ours = parse_feed(response.content, url=f"https://news.example{base}atom.xml")
        assert ours.kind == "atom"
        assert len(ours.entries) == len(entries)


def test_json_feeds_are_valid(feeds: Feeds) -> None:
    for base in lists(feeds.world):
        response = _get(feeds, base, "feed.json")
        assert response.headers["content-type"] == "application/feed+json; charset=utf-8"
        document = json.loads(response.content)
        assert document["version"] == "https://jsonfeed.org/version/1.1"
        assert document["title"]
        assert document["feed_url"].startswith("https://news.example/")
        assert document["items"]
        for item in document["items"]:
            assert isinstance(item["id"], str)
            assert item["id"]
            assert "content_text" in item or "content_html" in item
            assert item["url"].startswith("https://news.example/articles/")
        ours = parse_feed(response.content, url=f"https://news.example{base}feed.json")
        assert ours.kind == "json"
        assert len(ours.entries) == len(document["items"])


def test_outlet_feed_has_only_that_outlet(feeds: Feeds) -> None:
    herald = feeds.world.sources["herald"]
    document = json.loads(feeds.client.get(f"/sources/{herald}/feed.json").content)
    outlet_urls = {item["external_url"].split("/")[2] for item in document["items"]}
    assert outlet_urls == {"herald.example"}


def test_search_feed_follows_the_query_and_needs_words(feeds: Feeds) -> None:
    document = json.loads(feeds.client.get("/search/feed.json?q=museum").content)
    assert document["items"]
    assert all("Museum" in item["title"] for item in document["items"])
    assert document["feed_url"] == "https://news.example/search/feed.json?q=museum"
    assert feeds.client.get("/search/rss.xml").status_code == 400
    assert feeds.client.get("/search/rss.xml?q=x&since=never").status_code == 400
    assert feeds.client.get("/sources/999/rss.xml").status_code == 404


def test_hostile_titles_stay_text_in_every_format(feeds: Feeds) -> None:
    document = json.loads(feeds.client.get("/search/feed.json?q=script+window+onerror").content)
    titles = [item["title"] for item in document["items"]]
    assert any("<script>" in t for t in titles)  # kept as text: JSON is not HTML
    rss_doc = feeds.client.get("/search/rss.xml?q=script+window+onerror").content
    root = etree.fromstring(rss_doc)
    assert root.find(".//item/title/script") is None
    assert "<script>" in (root.findtext(".//item/title") or "")


def test_writers_drop_characters_xml_cannot_hold() -> None:
    channel = Channel(
        title="T\x00",
        page_url="https://n.example/",
        feed_url="https://n.example/rss.xml",
        description="d\x0b",
        updated=NOW,
    )
    items = [
        Item(
            id=1,
            page_url="https://n.example/articles/1",
            title="A\x1bB",
            summary="s\x01",
            published=NOW,
        )
    ]
    for writer in (rss, atom):
        root = etree.fromstring(writer(channel, items))
        assert "AB" in etree.tostring(root, encoding="unicode")
    assert json.loads(json_feed(channel, items))["items"][0]["title"] == "A\x1bB"
