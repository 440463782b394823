"""Stories on the site and in the API, through HTTP: the story page, the API, the feeds.

The stories of ``tests/browser/story_world.py`` (a flood barrier covered by four outlets,
one of them republishing the wire's text, and a follow-up that arrived as a separate story
and merged in; a rail strike covered by two) on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import feedparser
import pytest
from lxml import etree
from lxml import html as lxml_html

from broadsheet.config import Settings
from broadsheet.store import insights as insight_store
from broadsheet.store.db import Store
from broadsheet.understand.sentences import split_sentences
from broadsheet.understand.summarize import GROUNDED_AT, grounding_score
from broadsheet.web.app import create_app
from broadsheet.web.cache import PageCache
from broadsheet.web.pages.article import entity_slug
from broadsheet.web.pages.stories import STORY_TRUST
from tests.browser.story_world import (
    ARTICLES,
    FLOOD,
    MERGED,
    OUTLETS,
    STRIKE,
    StoryWorld,
    add_to_story,
    build_stories,
)
from tests.browser.world import WebClient
from tests.test_web_api import schema_validator

NOW = datetime(2025, 6, 2, 9, 30, tzinfo=UTC)
FLOOD_KEYS = ["flood_herald", "flood_courier", "flood_wire", "flood_post", "flood_followup"]
ATOM = "{http://www.w3.org/2005/Atom}"


class Ticker:
    """The page cache's clock, moved by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@dataclass
class Site:
    world: StoryWorld
    client: WebClient
    store: Store
    ticker: Ticker

    def page(self, url: str) -> Any:
        response = self.client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return lxml_html.fromstring(response.text)

    def ids(self, *keys: str) -> list[int]:
        return [self.world.articles[k] for k in keys]


@pytest.fixture
def site(store: Store, settings: Settings) -> Site:
    world = build_stories(store, first_report=NOW - timedelta(hours=5))
    app = create_app(settings.replace(base_url="https://news.example"), store, clock=lambda: NOW)
    ticker = Ticker()
    app.state.site.pages = PageCache(clock=ticker)
    return Site(world=world, client=WebClient(app), store=store, ticker=ticker)


def _article_id(href: str) -> int:
    assert href.startswith("/articles/"), href
    return int(href.removeprefix("/articles/"))


def _text(node: Any) -> str:
    return " ".join(node.text_content().split())


def _sentences(key: str) -> list[str]:
    _outlet, _minutes, title, text, _story = ARTICLES[key]
    return [title, *(s.text for s in split_sentences(text))]


# --- the story page ------------------------------------------------------------------------


def test_story_page_names_first_report_outlets_counts_and_feeds(site: Site) -> None:
    root = site.page(f"/stories/{FLOOD}")
    assert _text(root.find(".//h1")) == ARTICLES["flood_herald"][2]
    head = _text(root.find_class("story-page-head")[0])
    assert "4 outlets · 5 articles" in head
    assert "First report: The Harbour Herald, 5 hours ago" in head
    assert "last update 2 hours ago" in head
    outlets = root.xpath("//section[@aria-labelledby='story-outlets-title']//li")
    assert [_text(li) for li in outlets] == [
        "The Harbour Herald 2 articles",
        "Valley Courier 1 article",
        "Calderra Wire 1 article",
        "Riverton Post 1 article",
    ]
    alternates = {
        link.get("type"): link.get("href") for link in root.xpath("//link[@rel='alternate']")
    }
    assert alternates == {
        "application/rss+xml": f"/stories/{FLOOD}/rss.xml",
        "application/atom+xml": f"/stories/{FLOOD}/atom.xml",
        "application/feed+json": f"/stories/{FLOOD}/feed.json",
    }
    canonical = root.xpath("//link[@rel='canonical']/@href")
    assert canonical == [f"https://news.example/stories/{FLOOD}"]


def test_timeline_is_first_report_first_with_the_copy_folded(site: Site) -> None:
    root = site.page(f"/stories/{FLOOD}")
    items = root.find_class("timeline-item")
    headlines = [item.find_class("card-title")[0].find("a") for item in items]
    expected = ["flood_herald", "flood_courier", "flood_wire", "flood_followup"]
    assert [_article_id(a.get("href")) for a in headlines] == site.ids(*expected)
    assert [_text(a) for a in headlines] == [ARTICLES[k][2] for k in expected]
    times = [item.find(".//time").get("datetime") for item in items]
    assert times == sorted(times)
    assert "first report" in _text(items[0].find_class("meta")[0])
    leads = [_text(item.find_class("card-summary")[0]) for item in items]
    assert leads[0] == ARTICLES["flood_herald"][3].split("\n\n")[0]
    also = items[2].find_class("also-published")
    assert len(also) == 1
    assert _text(also[0]) == "Also published by Riverton Post"
    assert _article_id(also[0].find("a").get("href")) == site.world.articles["flood_post"]
    assert not any(item.find_class("also-published") for i, item in enumerate(items) if i != 2)


def test_brief_sentences_cite_the_member_articles_they_come_from(site: Site) -> None:
    root = site.page(f"/stories/{FLOOD}")
    sentences = root.xpath("//ul[@class='brief-sentences']/li")
    assert 1 <= len(sentences) <= 5
    by_id = {site.world.articles[k]: k for k in FLOOD_KEYS}
    briefed = set(by_id) - {site.world.articles["flood_post"]}  # a copy is never cited
    cited_anywhere: set[int] = set()
    for li in sentences:
        links = li.find_class("cite")
        assert links, _text(li)
        cited = [_article_id(a.get("href")) for a in links]
        assert set(cited) <= briefed
        assert len(cited) == len(set(cited))
        cited_anywhere |= set(cited)
        text = (li.text or "").strip()
        assert grounding_score(text, _sentences(by_id[cited[0]])) >= GROUNDED_AT, text
        for a in links:  # labelled by outlet, numbered where the outlet has two articles
            outlet = OUTLETS[ARTICLES[by_id[_article_id(a.get("href"))]][0]][0]
            assert _text(a).startswith(outlet)
    # what three outlets agree on is one sentence citing all three
    assert any(len(li.find_class("cite")) >= 3 for li in sentences)
    assert len({ARTICLES[by_id[i]][0] for i in cited_anywhere}) >= 3


def test_perspectives_hold_what_only_that_outlet_says(site: Site) -> None:
    root = site.page(f"/stories/{FLOOD}")
    blocks = root.find_class("perspective")
    names = [_text(b.find("h3")) for b in blocks]
    assert len(names) >= 2
    assert len(set(names)) == len(names)
    keys_of = {
        OUTLETS[o][0]: [k for k in FLOOD_KEYS if ARTICLES[k][0] == o and k != "flood_post"]
        for o in OUTLETS
    }
    for block, name in zip(blocks, names, strict=True):
        for li in block.findall(".//li"):
            cited = [_article_id(a.get("href")) for a in li.find_class("cite")]
            assert cited, name
            assert set(cited) <= set(site.ids(*keys_of[name])), (name, cited)
            text = (li.text or "").strip()
            own = [s for k in keys_of[name] for s in _sentences(k)]
            assert grounding_score(text, own) >= GROUNDED_AT, text
    text = {name: _text(block) for name, block in zip(names, blocks, strict=True)}
    assert "levy" in text["Valley Courier"]  # only the Courier reports who pays
    assert "wetland" in text["Calderra Wire"]  # only the Wire reports the objections


def test_key_players_count_the_articles_naming_them(site: Site) -> None:
    members = [k for k in FLOOD_KEYS if k != "flood_post"]
    naming: dict[str, int] = {}
    with site.store.read() as conn:
        for key in members:
            found = insight_store.get_insights(conn, site.world.articles[key]) or {}
            for entity in {e["key"] for e in found.get("entities", [])}:
                naming[entity] = naming.get(entity, 0) + 1
    root = site.page(f"/stories/{FLOOD}")
    section = root.find_class("key-players")[0]
    shown = section.xpath(".//li")
    assert shown
    counts = []
    for li in shown:
        href = li.find("a").get("href")
        count = int(_text(li.find_class("count")[0]).split()[0])
        keys = [k for k in naming if f"/entities/{entity_slug(k)}" == href]
        assert keys, href
        assert count in {naming[k] for k in keys}
        counts.append(count)
    groups = [_text(h) for h in section.findall(".//h3")]
    assert set(groups) <= {"People", "Organisations", "Places"}
    people = section.xpath(".//h3[.='People']/following-sibling::ul[1]//a")
    ortiz = [a for a in people if _text(a) == "Elena Ortiz"]
    assert ortiz
    assert ortiz[0].get("href") == "/entities/" + entity_slug("person:elena-ortiz")
    assert max(counts) == max(naming.values())


def test_merged_story_redirects_and_unknown_story_is_the_sites_404(site: Site) -> None:
    moved = site.client.get(f"/stories/{MERGED}", follow_redirects=False)
    assert moved.status_code == 301
    assert moved.headers["location"] == f"/stories/{FLOOD}"
    feed = site.client.get(f"/stories/{MERGED}/atom.xml", follow_redirects=False)
    assert feed.status_code == 301
    assert feed.headers["location"] == f"/stories/{FLOOD}/atom.xml"
    for url in ("/stories/s424242", "/stories/not%20a%20story", "/stories/s424242/rss.xml"):
        missing = site.client.get(url)
        assert missing.status_code == 404, url
        assert "text/html" in missing.headers["content-type"]
    page = site.client.get("/stories/s424242").text
    assert "There is no such story." in page
    assert '<main id="content"' in page


def test_front_page_cards_and_article_coverage_link_to_the_story(site: Site) -> None:
    front = site.page("/")
    titles = front.xpath("//ol[contains(@class,'story-list')]/li/h3/a")
    assert {a.get("href") for a in titles} == {f"/stories/{FLOOD}", f"/stories/{STRIKE}"}
    assert any(
        link.get("rel") == "alternate" and link.get("href") == "/stories/rss.xml"
        for link in front.xpath("//link")
    )
    article = site.page(f"/articles/{site.world.articles['flood_courier']}")
    link = article.find_class("story-link")[0].find("a")
    assert link.get("href") == f"/stories/{FLOOD}"


def test_story_page_is_cached_until_the_story_changes(site: Site) -> None:
    first = site.client.get(f"/stories/{STRIKE}")
    etag = first.headers["etag"]
    again = site.client.get(f"/stories/{STRIKE}", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.headers["etag"] == etag
    # an article joins the story: once the version is checked again, the page shows it
    added = add_to_story(site.store, STRIKE, now=NOW)
    assert site.client.get(f"/stories/{STRIKE}").headers["etag"] == etag  # trusted 2 s
    site.ticker.now += STORY_TRUST + 0.1
    after = site.client.get(f"/stories/{STRIKE}")
    assert after.headers["etag"] != etag
    assert f"/articles/{added}" in after.text


# --- the API --------------------------------------------------------------------------------


def test_openapi_documents_the_story_endpoints(site: Site) -> None:
    spec = site.client.get("/api/v1/openapi.json").json()
    for path in ("/stories", "/stories/{story_id}"):
        operation = spec["paths"][path]["get"]
        assert operation.get("description") or operation.get("summary")
        assert "200" in operation["responses"]
    listing = spec["paths"]["/stories"]["get"]["responses"]["200"]["content"]
    assert listing["application/json"]["schema"]["$ref"].endswith("/StoryPage")
    assert {p["name"] for p in spec["paths"]["/stories"]["get"]["parameters"]} >= {
        "order",
        "min_outlets",
        "source",
        "limit",
        "cursor",
    }
    assert "301" in spec["paths"]["/stories/{story_id}"]["get"]["responses"]


def test_api_story_list_pages_by_cursor_and_filters(site: Site) -> None:
    spec = site.client.get("/api/v1/openapi.json").json()
    page = site.client.get("/api/v1/stories?limit=1").json()
    assert list(schema_validator(spec, "StoryPage").iter_errors(page)) == []
    seen = [item["id"] for item in page["items"]]
    assert page["next_cursor"]
    second = site.client.get(f"/api/v1/stories?limit=1&cursor={page['next_cursor']}").json()
    seen += [item["id"] for item in second["items"]]
    assert seen == [FLOOD, STRIKE]  # the flood story was updated last; merged ids never listed
    third = site.client.get(f"/api/v1/stories?limit=1&cursor={second['next_cursor']}").json()
    assert third == {"items": [], "next_cursor": None}
    flood = page["items"][0]
    assert flood["article_count"] == 5
    assert flood["outlet_count"] == 4
    assert flood["page_url"] == f"https://news.example/stories/{FLOOD}"
    assert flood["source_ids"] == [
        site.world.sources[k] for k in ("herald", "courier", "wire", "post")
    ]
    post = site.world.sources["post"]
    only = site.client.get(f"/api/v1/stories?source={post}").json()["items"]
    assert [s["id"] for s in only] == [FLOOD]
    wide = site.client.get("/api/v1/stories?min_outlets=3").json()["items"]
    assert [s["id"] for s in wide] == [FLOOD]
    ranked = site.client.get("/api/v1/stories?order=ranked&limit=1").json()
    assert [s["id"] for s in ranked["items"]] == [FLOOD]  # more outlets, same freshness
    more = site.client.get(f"/api/v1/stories?order=ranked&limit=1&cursor={ranked['next_cursor']}")
    assert [s["id"] for s in more.json()["items"]] == [STRIKE]
    assert more.json()["next_cursor"] is None
    for bad in (
        "/api/v1/stories?cursor=nope",
        f"/api/v1/stories?order=ranked&cursor={page['next_cursor']}",
    ):
        assert site.client.get(bad).status_code == 400, bad
    assert site.client.get("/api/v1/stories?limit=0").status_code == 422
    etag = site.client.get("/api/v1/stories").headers["etag"]
    assert site.client.get("/api/v1/stories", headers={"If-None-Match": etag}).status_code == 304


def test_api_story_detail_has_members_brief_perspectives_and_players(site: Site) -> None:
    spec = site.client.get("/api/v1/openapi.json").json()
    body = site.client.get(f"/api/v1/stories/{FLOOD}").json()
    assert list(schema_validator(spec, "StoryOut").iter_errors(body)) == []
    assert [m["id"] for m in body["members"]] == site.ids(*FLOOD_KEYS)
    copies = {m["id"]: m["copy_of"] for m in body["members"] if m["copy_of"] is not None}
    assert copies == {site.world.articles["flood_post"]: site.world.articles["flood_wire"]}
    members = {m["id"] for m in body["members"]}
    assert body["brief"]
    for sentence in [*body["brief"], *(s for p in body["perspectives"] for s in p["sentences"])]:
        assert sentence["citations"]
        for c in sentence["citations"]:
            assert c["article_id"] in members
            assert c["page_url"] == f"https://news.example/articles/{c['article_id']}"
    for perspective in body["perspectives"]:
        assert {c["source_id"] for s in perspective["sentences"] for c in s["citations"]} == {
            perspective["source_id"]
        }
    assert [o["articles"] for o in body["outlets"]] == [2, 1, 1, 1]
    players = {p["name"]: p for p in body["key_players"]}
    assert players["Elena Ortiz"]["kind"] == "person"
    assert players["Elena Ortiz"]["entity_url"] == "https://news.example/entities/elena-ortiz"
    assert body["briefed_at"] is not None
    moved = site.client.get(f"/api/v1/stories/{MERGED}", follow_redirects=False)
    assert moved.status_code == 301
    assert moved.headers["location"] == f"/api/v1/stories/{FLOOD}"
    missing = site.client.get("/api/v1/stories/s424242")
    assert missing.status_code == 404
    assert list(schema_validator(spec, "Problem").iter_errors(missing.json())) == []


# --- feeds ----------------------------------------------------------------------------------


def test_story_feeds_list_its_articles_newest_first(site: Site) -> None:
    newest_first = [f"https://news.example/articles/{i}" for i in reversed(site.ids(*FLOOD_KEYS))]
    for name in ("rss.xml", "atom.xml"):
        response = site.client.get(f"/stories/{FLOOD}/{name}")
        assert response.status_code == 200
        etree.fromstring(response.content)
        parsed = feedparser.parse(response.content)
        assert not parsed.bozo, parsed.get("bozo_exception")
        assert parsed.feed.title.startswith(ARTICLES["flood_herald"][2])
        assert parsed.feed.link == f"https://news.example/stories/{FLOOD}"
        assert [e.link for e in parsed.entries] == newest_first
    document = json.loads(site.client.get(f"/stories/{FLOOD}/feed.json").content)
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert document["home_page_url"] == f"https://news.example/stories/{FLOOD}"
    assert [item["url"] for item in document["items"]] == newest_first


def test_top_stories_feed_links_each_story_page(site: Site) -> None:
    for name in ("rss.xml", "atom.xml"):
        response = site.client.get(f"/stories/{name}")
        assert response.status_code == 200
        parsed = feedparser.parse(response.content)
        assert not parsed.bozo, parsed.get("bozo_exception")
        assert [e.link for e in parsed.entries] == [
            f"https://news.example/stories/{FLOOD}",
            f"https://news.example/stories/{STRIKE}",
        ]
        assert "Valley Courier" in parsed.entries[1].summary
    document = json.loads(site.client.get("/stories/feed.json").content)
    assert [item["title"] for item in document["items"]] == [
        ARTICLES["flood_herald"][2],
        ARTICLES["strike_courier"][2],
    ]
