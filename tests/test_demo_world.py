"""The sample news world: its shape, and the loopback server that publishes it."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from html import unescape
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import feedparser
import httpx
import pytest
from lxml import etree

from broadsheet.demo import (
    EVENTS,
    LOOKALIKE_PAIRS,
    RELATED_PAIRS,
    SAMPLE_NOTICE,
    WIRE_AGENCY,
    DemoServer,
    GoldenArticle,
    golden,
)
from broadsheet.demo.world.entities import ENTITIES

NOW = datetime(2025, 3, 14, 12, 0, tzinfo=UTC)
GOLDEN = golden(NOW)
MARKER = re.compile(r'<meta name="broadsheet-sample" content="true"\s*/?>')
SITEMAP_NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}


@pytest.fixture(scope="module")
def world() -> Iterator[DemoServer]:
    with DemoServer(now=NOW) as server:
        yield server


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=10) as c:
        yield c


def visible_text(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def edited() -> GoldenArticle:
    (article,) = [a for a in GOLDEN if a.changes_on_advance]
    return article


# -- the shape of the world ------------------------------------------------------------


def test_outlets_and_pages_are_numerous_enough() -> None:
    outlets = {a.outlet for a in GOLDEN}
    assert len(outlets) >= 6
    assert len(GOLDEN) >= 60
    assert len({(a.outlet, a.path) for a in GOLDEN}) == len(GOLDEN)
    assert len({a.title for a in GOLDEN}) == len(GOLDEN)


def test_every_event_is_told_by_two_to_five_outlets() -> None:
    outlets_by_event: dict[str, set[str]] = defaultdict(set)
    for article in GOLDEN:
        if article.event is not None:
            outlets_by_event[article.event].add(article.outlet)
    assert len(outlets_by_event) >= 8
    assert set(outlets_by_event) == {event.id for event in EVENTS}
    for event, outlets in outlets_by_event.items():
        assert 2 <= len(outlets) <= 5, (event, outlets)
    singles = [a for a in GOLDEN if a.event is None]
    assert len(singles) >= 10


def test_lookalike_and_related_pairs_name_real_events() -> None:
    ids = {event.id for event in EVENTS}
    for first, second in (*LOOKALIKE_PAIRS, *RELATED_PAIRS):
        assert first in ids
        assert second in ids
        assert first != second
    kinds = {event.id: event.kind for event in EVENTS}
    for first, second in LOOKALIKE_PAIRS:
        assert kinds[first] == kinds[second]


def test_wire_story_is_republished_by_three_outlets_with_edits() -> None:
    copies = [a for a in GOLDEN if a.is_wire_copy]
    assert len({a.wire for a in copies}) == 1
    assert len({a.outlet for a in copies}) == 3
    assert len({a.title for a in copies}) == 3
    assert len({a.body for a in copies}) == 3
    first_paragraphs = {a.body.split("\n\n")[0] for a in copies}
    assert len(first_paragraphs) == 1, "the copies share the agency's lede"
    assert any(WIRE_AGENCY in a.byline for a in copies)


def test_pages_are_recent_and_of_article_length() -> None:
    for article in GOLDEN:
        age = NOW - article.published
        assert timedelta(0) < age <= timedelta(days=3), article.path
        assert article.published.tzinfo is not None
        words = len(article.body.split())
        assert 150 <= words <= 450, (article.path, words)


def test_golden_bodies_hold_no_furniture() -> None:
    for article in GOLDEN:
        assert article.furniture
        for piece in article.furniture:
            assert piece not in article.body, (article.path, piece)
        assert SAMPLE_NOTICE in article.furniture


def test_named_entities_are_listed_and_all_used() -> None:
    used = {name for article in GOLDEN for name, _ in article.entities}
    assert used == set(ENTITIES)
    kinds = {kind for article in GOLDEN for _, kind in article.entities}
    assert kinds == {"person", "organisation", "place"}
    quake = next(a for a in GOLDEN if a.path.endswith("/earthquake-shakes-kestrel-highlands"))
    named = dict(quake.entities)
    assert named["Ines Halvorsen"] == "person"
    assert named["Calderra Geological Survey"] == "organisation"
    assert named["Hollin Cross"] == "place"
    assert "Calderra" not in named, "a name inside a longer name is not a mention"


def test_golden_dates_follow_now() -> None:
    later = golden(NOW + timedelta(hours=5))
    assert [a.published - NOW for a in GOLDEN] == [
        a.published - NOW - timedelta(hours=5) for a in later
    ]


def test_one_article_changes_on_advance() -> None:
    before = edited()
    (after,) = [a for a in golden(NOW, advanced=True) if a.changes_on_advance]
    assert before.path == after.path
    assert before.body != after.body
    assert "4.9 per cent" in before.body
    assert "3.9 per cent" in after.body
    assert len(after.body.split("\n\n")) > len(before.body.split("\n\n"))
    assert after.updated is not None
    assert before.updated is None or after.updated > before.updated


# -- the server ----------------------------------------------------------------------


def test_outlets_have_distinct_loopback_hosts(world: DemoServer) -> None:
    outlets = world.outlets()
    assert len({o.host for o in outlets}) == len(outlets)
    for outlet in outlets:
        assert outlet.host.startswith("127.")
        assert urlsplit(outlet.homepage_url).hostname == outlet.host


def test_feed_formats_cover_rss_atom_and_json(world: DemoServer) -> None:
    outlets = world.outlets()
    assert {o.feed_format for o in outlets} == {"rss", "atom", "json"}
    assert [o.feed_has_full_content for o in outlets].count(False) == 1
    assert [o.autodiscovery for o in outlets].count(True) == 1
    assert len(world.feed_urls()) == len(world.sitemap_urls()) == len(world.homepage_urls())
    assert {o.subscribe_kind for o in outlets} == {"feed", "site", "sitemap"}
    for outlet in outlets:
        expected = {
            "feed": outlet.feed_url,
            "site": outlet.homepage_url,
            "sitemap": outlet.sitemap_url,
        }
        assert outlet.subscribe_url == expected[outlet.subscribe_kind]
        if outlet.subscribe_kind == "site":
            assert outlet.autodiscovery
    assert world.start() == world.hub_url, "start() while running returns the same URL"


def test_every_page_is_served_with_the_sample_marker(
    world: DemoServer, client: httpx.Client
) -> None:
    for article in GOLDEN:
        response = client.get(world.url_for(article))
        assert response.status_code == 200, article.path
        assert response.headers["content-type"].startswith("text/html")
        assert MARKER.search(response.text)
        text = visible_text(response.text)
        assert SAMPLE_NOTICE in text
        assert article.title in text
        for paragraph in article.body.split("\n\n"):
            assert paragraph in text, (article.path, paragraph[:60])
        for piece in article.furniture:
            assert piece in text, (article.path, piece)


def test_pictures_and_icons_are_served(world: DemoServer, client: httpx.Client) -> None:
    for article in GOLDEN[:10]:
        picture = client.get(world.base_url(article.outlet) + article.image_path)
        assert picture.status_code == 200
        assert picture.headers["content-type"] == "image/png"
        assert picture.content.startswith(b"\x89PNG\r\n\x1a\n")
    for base in world.homepage_urls():
        icon = client.get(base + "favicon.ico")
        assert icon.status_code == 200
        assert icon.content[:4] == b"\x00\x00\x01\x00"
        assert client.get(base + "favicon.svg").text.startswith("<svg")


def test_homepages_list_their_stories(world: DemoServer, client: httpx.Client) -> None:
    for outlet in world.outlets():
        page = client.get(outlet.homepage_url)
        assert page.status_code == 200
        assert MARKER.search(page.text)
        for article in (a for a in GOLDEN if a.outlet == outlet.slug):
            assert article.path.replace("&", "&amp;") in page.text
        alternate = re.search(
            r'<link rel="alternate" type="application/atom\+xml"[^>]*href="([^"]+)"', page.text
        )
        if outlet.autodiscovery:
            assert alternate is not None
            assert alternate.group(1) == outlet.feed_url
        else:
            assert alternate is None


def test_feeds_match_the_pages(world: DemoServer, client: httpx.Client) -> None:
    for outlet in world.outlets():
        mine = {world.url_for(a): a for a in GOLDEN if a.outlet == outlet.slug}
        response = client.get(outlet.feed_url)
        assert response.status_code == 200
        if outlet.feed_format == "json":
            assert response.headers["content-type"].startswith("application/feed+json")
            document = response.json()
            assert document["version"] == "https://jsonfeed.org/version/1.1"
            entries = [
                (i["url"], i["title"], i["summary"], i.get("content_html") or i.get("content_text"))
                for i in document["items"]
            ]
        else:
            parsed = feedparser.parse(response.content)
            assert not parsed.bozo, (outlet.slug, parsed.get("bozo_exception"))
            assert parsed.version.startswith(outlet.feed_format)
            entries = [
                (
                    e.link.split("?utm_")[0],
                    e.title,
                    e.summary,
                    e.content[0].value if "content" in e else None,
                )
                for e in parsed.entries
            ]
        assert {url for url, *_ in entries} == set(mine)
        for url, title, summary, content in entries:
            article = mine[url]
            assert title == article.title
            assert summary == article.summary
            assert article.body.startswith(summary) or summary == article.standfirst
            if outlet.feed_has_full_content:
                assert content is not None
                assert article.body.split("\n\n")[-1] in visible_text(content)
            else:
                assert content is None


def test_news_sitemaps_list_every_article(world: DemoServer, client: httpx.Client) -> None:
    for outlet in world.outlets():
        root = etree.fromstring(client.get(outlet.sitemap_url).content)
        listed = {
            url.findtext("s:loc", namespaces=SITEMAP_NS): url.findtext(
                "news:news/news:title", namespaces=SITEMAP_NS
            )
            for url in root.findall("s:url", SITEMAP_NS)
        }
        mine = {world.url_for(a): a.title for a in GOLDEN if a.outlet == outlet.slug}
        assert listed == mine


def test_robots_allow_the_articles_and_name_the_sitemap(
    world: DemoServer, client: httpx.Client
) -> None:
    disallows = 0
    for outlet in world.outlets():
        text = client.get(outlet.robots_url).text
        assert f"Sitemap: {outlet.sitemap_url}" in text
        disallows += text.count("Disallow:")
        robots = RobotFileParser()
        robots.parse(text.splitlines())
        for article in (a for a in GOLDEN if a.outlet == outlet.slug):
            assert robots.can_fetch("Broadsheet/0.1", world.url_for(article))
    assert disallows >= 1


def test_conditional_get_answers_304(world: DemoServer, client: httpx.Client) -> None:
    article = GOLDEN[0]
    for url in (world.url_for(article), world.feed_urls()[0], world.sitemap_urls()[0]):
        first = client.get(url)
        etag, modified = first.headers["etag"], first.headers["last-modified"]
        again = client.get(url, headers={"If-None-Match": etag})
        assert again.status_code == 304
        assert again.content == b""
        assert again.headers["etag"] == etag
        since = client.get(url, headers={"If-Modified-Since": modified})
        assert since.status_code == 304
        earlier = format_datetime(
            parsedate_to_datetime(modified) - timedelta(minutes=1), usegmt=True
        )
        assert client.get(url, headers={"If-Modified-Since": earlier}).status_code == 200
        assert client.get(url, headers={"If-None-Match": '"other"'}).status_code == 200
    page = client.get(world.url_for(article))
    assert parsedate_to_datetime(page.headers["last-modified"]) == article.published


def test_head_redirect_tracking_and_not_found(world: DemoServer, client: httpx.Client) -> None:
    article = GOLDEN[0]
    head = client.head(world.url_for(article))
    assert head.status_code == 200
    assert head.content == b""
    assert int(head.headers["content-length"]) > 1000
    bugle = next(a for a in GOLDEN if a.outlet == "bugle")
    moved = client.get(world.url_for(bugle).rstrip("/"))
    assert moved.status_code == 301
    assert moved.headers["location"] == bugle.path
    post = next(a for a in GOLDEN if a.outlet == "eveningpost")
    tracked = client.get(world.url_for(post) + "?utm_source=rss&utm_medium=feed")
    assert tracked.status_code == 200
    assert post.title in tracked.text
    missing = client.get(world.base_url("ledger") + "/no/such/story")
    assert missing.status_code == 404
    assert "etag" not in missing.headers


def test_old_school_outlet_speaks_windows_1252(world: DemoServer, client: httpx.Client) -> None:
    article = next(a for a in GOLDEN if a.outlet == "courier" and "’" in a.body)
    response = client.get(world.url_for(article))
    assert response.headers["content-type"] == "text/html; charset=windows-1252"
    assert "’".encode("cp1252") in response.content
    assert "’".encode() not in response.content
    assert article.body.split("\n\n")[0] in visible_text(response.content.decode("cp1252"))


def test_hub_lists_outlets_and_opml(world: DemoServer, client: httpx.Client) -> None:
    hub = world.hub_url
    assert urlsplit(hub).hostname == "127.0.0.1"
    index = client.get(hub + "/")
    for outlet in world.outlets():
        assert outlet.feed_url in index.text
    opml = etree.fromstring(client.get(hub + "/outlets.opml").content)
    assert sorted(str(o.get("xmlUrl")) for o in opml.iter("outline")) == sorted(world.feed_urls())


def test_requests_are_recorded(world: DemoServer, client: httpx.Client) -> None:
    url = world.url_for(GOLDEN[1])
    client.get(url, headers={"User-Agent": "recorder-test"})
    record = [r for r in world.requests() if r.user_agent == "recorder-test"]
    assert record[-1].status == 200
    assert record[-1].target == GOLDEN[1].path


# -- the edit ------------------------------------------------------------------------


def test_advance_publishes_the_corrected_article() -> None:
    article = edited()
    with DemoServer(now=NOW) as server, httpx.Client(timeout=10) as client:
        url = server.url_for(article)
        feed_url = server.base_url(article.outlet) + "/feed/atom"
        page = client.get(url)
        feed = client.get(feed_url)
        other = client.get(server.url_for(GOLDEN[0]))
        assert "4.9 per cent" in page.text
        assert "story__updated" not in page.text

        response = client.post(server.hub_url + "/advance")
        assert response.status_code == 204
        assert server.advanced

        again = client.get(url, headers={"If-None-Match": page.headers["etag"]})
        assert again.status_code == 200
        assert "3.9 per cent" in again.text
        assert "4.9 per cent" in again.text  # quoted in the correction line
        assert "story__updated" in again.text
        (after,) = [a for a in server.golden() if a.changes_on_advance]
        text = visible_text(again.text)
        for paragraph in after.body.split("\n\n"):
            assert paragraph in text
        assert after.updated is not None
        assert f'"article:modified_time" content="{after.updated:%Y-%m-%dT%H:%M:%SZ}"' in again.text

        new_feed = client.get(feed_url, headers={"If-None-Match": feed.headers["etag"]})
        assert new_feed.status_code == 200
        entry = next(
            e for e in feedparser.parse(new_feed.content).entries if e.title == article.title
        )
        year, month, day, hour, minute, second = entry.updated_parsed[:6]
        assert datetime(year, month, day, hour, minute, second, tzinfo=UTC) == after.updated
        assert "3.9 per cent" in entry.content[0].value

        unchanged = client.get(
            server.url_for(GOLDEN[0]), headers={"If-None-Match": other.headers["etag"]}
        )
        assert unchanged.status_code == 304


def test_golden_matches_the_json_feed_text(world: DemoServer, client: httpx.Client) -> None:
    record = next(o for o in world.outlets() if o.slug == "valleyrecord")
    items = {i["url"]: i for i in json.loads(client.get(record.feed_url).content)["items"]}
    for article in (a for a in GOLDEN if a.outlet == "valleyrecord"):
        item = items[world.url_for(article)]
        assert item["content_text"] == article.body
        assert item["date_published"] == f"{article.published:%Y-%m-%dT%H:%M:%SZ}"


def test_shared_host_mode_gives_each_outlet_its_own_port() -> None:
    with DemoServer(now=NOW, distinct_hosts=False) as server, httpx.Client(timeout=10) as client:
        outlets = server.outlets()
        assert {o.host for o in outlets} == {"127.0.0.1"}
        assert len({urlsplit(o.homepage_url).port for o in outlets}) == len(outlets)
        article = GOLDEN[-1]
        page = client.get(server.url_for(article))
        assert page.status_code == 200
        assert article.title in page.text
