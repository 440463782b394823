"""The digest lists the period's top stories: ranked like the front page, one item per
story with its outlets and a summary (the stored brief, else the lead article's stored
summary, else its own), lone articles as items of their own, and the subscriber's topic
and outlet filters applied. Mail through a real SMTP server, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest

from broadsheet.community.digest import SendReport, send_due_digests
from broadsheet.config import Settings
from broadsheet.model import ArticleDraft
from broadsheet.store import articles as article_store
from broadsheet.store import briefs as brief_store
from broadsheet.store import digests as digest_store
from broadsheet.store import feeds as feed_store
from broadsheet.store import insights as insight_store
from broadsheet.store import mailqueue
from broadsheet.store import stories as story_store
from broadsheet.store.db import Store
from tests.community_support import (
    NOW,
    SECRET,
    Clock,
    HttpClient,
    SmtpServer,
    body_html,
    body_text,
    clear_community,
    community_app,
    confirmed_subscriber,
    digest_mailer,
    links,
    running_smtp,
)

BASE = "http://127.0.0.1:8000"
SEND = NOW.replace(hour=7)  # subscribers' default: 07:00 UTC, daily
OKAFOR = "Maria Okafor"


@dataclass
class World:
    outlets: dict[str, int]  # name -> source id
    articles: dict[str, int]  # label -> article id


def _insights(topic: str | None, summary: str | None, phrases: list[str], names: list[str]) -> Any:
    return {
        "method": "test",
        "summary": [{"text": summary, "sources": [0]}] if summary else [],
        "key_points": [],
        "entities": [
            {
                "key": f"person:{n.lower().replace(' ', '-')}",
                "name": n,
                "kind": "person",
                "mentions": 1,
            }
            for n in names
        ],
        "keyphrases": [[p, 1.0] for p in phrases],
        "topic": topic,
    }


def build_world(store: Store) -> World:
    """Four stories and a lone article; hours are before the 07:00 send time."""
    plan: list[tuple[str, str, str | None, float, str | None, Any]] = [
        # label, outlet, story, hours before SEND, article summary, insights
        ("ferry-1", "Harbour Herald", "s1", 5, None,
         _insights("Business", "Ferry crews walked out at dawn.", ["ferry strike"], [OKAFOR])),
        ("ferry-2", "Coast Courier", "s1", 4, None, _insights("Business", "Crews strike.", [], [])),
        ("ferry-3", "Daily Tide", "s1", 3, None, _insights("Business", "Strike spreads.", [], [])),
        ("ferry-4", "Harbour Herald", "s1", 1, None, _insights(None, None, [], [])),
        ("cup-1", "Harbour Herald", "s2", 6, None,
         _insights("Sport", "The cup final went to penalties.", ["cup final"], [])),
        ("cup-2", "Coast Courier", "s2", 2, None, _insights("Sport", "Penalties.", [], [])),
        ("comet-1", "Daily Tide", "s3", 8, None,
         _insights("Science", "A comet passes close.", ["comet"], [])),
        ("budget", "Coast Courier", None, 9, "The council met late.", None),
        ("old-1", "Harbour Herald", "s4", 40, None, _insights("World", "Old news.", [], [])),
    ]  # fmt: skip
    outlets: dict[str, int] = {}
    ids: dict[str, int] = {}
    with store.begin() as conn:
        for label, outlet, story, hours, summary, insights in plan:
            if outlet not in outlets:
                host = outlet.lower().replace(" ", "") + ".example"
                source = feed_store.source_for_host(
                    conn, host=host, name=outlet, site_url=None, now=NOW
                )
                outlets[outlet] = source.id
            when = SEND - timedelta(hours=hours)
            article_id, _ = article_store.save_article(
                conn,
                ArticleDraft(
                    canonical_url=f"https://news.example/{label}",
                    url=f"https://news.example/{label}",
                    source_id=outlets[outlet],
                    title=f"Headline {label}",
                    text=f"The text of {label}.",
                    summary=summary,
                    status="extracted",
                    published_at=when,
                ),
                now=when,
            )
            ids[label] = article_id
            if insights is not None:
                insight_store.save_insights(
                    conn,
                    article_id,
                    version=1,
                    data=insights,
                    topic=insights["topic"],
                    cpu_ms=1.0,
                    now=when,
                )
            if story is not None:
                story_store.assign(
                    conn, article_id, story_id=story, duplicate_of=None, related=[], now=when
                )
                story_store.refresh(conn, story)
        brief_store.save_brief(
            conn,
            "s1",
            fingerprint="test",
            data={
                "brief": [
                    {"text": "Crews of three ferry lines struck.", "citations": [ids["ferry-1"]]},
                    {"text": "Sailings were cancelled.", "citations": [ids["ferry-2"]]},
                ],
                "perspectives": [],
                "key_players": [],
            },
            cpu_ms=1.0,
            now=SEND,
        )
    return World(outlets, ids)


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    with running_smtp() as server:
        yield server


@pytest.fixture
def world(store: Store) -> World:
    clear_community(store)
    return build_world(store)


@pytest.fixture
def digest_settings(settings: Settings) -> Settings:
    return settings.replace(base_url=BASE, secret_key=SECRET.decode())


def run(settings: Settings, store: Store, smtp: SmtpServer) -> SendReport:
    return asyncio.run(send_due_digests(settings, store, now=SEND, mailer=digest_mailer(smtp)))


def headlines(text: str) -> list[str]:
    return [line.split(". ", 1)[1] for line in text.splitlines() if line[:1].isdigit()]


def test_top_stories_with_outlets_and_summaries_then_lone_articles(
    world: World,
    store: Store,
    smtp: SmtpServer,
    digest_settings: Settings,
    settings: Settings,
) -> None:
    subscriber = confirmed_subscriber(store, "all@example.org")
    assert run(digest_settings, store, smtp).sent == 1
    (message,) = smtp.inbox.to("all@example.org")
    text, html = body_text(message), body_html(message)
    # Breadth first: three outlets, then two; then the single reports, newest first.
    assert headlines(text) == [
        "Headline ferry-1",
        "Headline cup-1",
        "Headline comet-1",
        "Headline budget",
    ]
    assert "3 outlets, 4 articles; first: Harbour Herald" in text
    assert "Crews of three ferry lines struck. Sailings were cancelled." in text  # the brief
    assert "Ferry crews walked out" not in text  # the brief wins over the lead's summary
    assert "The cup final went to penalties." in text  # no brief: the lead's stored summary
    assert "A comet passes close." in text
    assert "The council met late." in text  # in no story, no insights: its own summary
    assert "old-1" not in text  # not of this period
    assert f"{BASE}/stories/s1" in links(text)
    assert f"{BASE}/stories/s2" in links(text)
    assert f"{BASE}/articles/{world.articles['ferry-1']}" in links(text)
    assert f"{BASE}/stories/s3" not in links(text)  # one article: no coverage page to show
    assert f'href="{BASE}/stories/s1"' in html
    assert "3 outlets · 4 articles" in html
    with store.read() as conn:
        (send,) = mailqueue.sends_of(conn, subscriber)
    assert send.article_ids == tuple(
        world.articles[k] for k in ("ferry-1", "cup-1", "comet-1", "budget")
    )

    client = HttpClient(community_app(settings, store, smtp, Clock(SEND)))
    view = next(u for u in links(text) if "/newsletter/view/" in u)
    page = client.get(urlsplit(view).path + "?" + urlsplit(view).query)
    assert page.status_code == 200
    assert page.text.index("Headline ferry-1") < page.text.index("Headline budget")
    assert 'href="/stories/s1"' in page.text
    for url in links(text):
        if "/articles/" in url or "/stories/" in url:
            assert client.get(urlsplit(url).path).status_code == 200, url


@pytest.mark.parametrize(
    ("topics", "expected"),
    [
        (["Sport"], ["Headline cup-1"]),
        (["sport", "SCIENCE"], ["Headline cup-1", "Headline comet-1"]),
        (["okafor"], ["Headline ferry-1"]),  # a word of an entity's name
        (["Maria Okafor"], ["Headline ferry-1"]),
        (["ferry"], ["Headline ferry-1"]),  # a word of a keyphrase
        (["cup final", "comet"], ["Headline cup-1", "Headline comet-1"]),
    ],
)
def test_topics_keep_the_stories_that_match(
    world: World,
    store: Store,
    smtp: SmtpServer,
    digest_settings: Settings,
    topics: list[str],
    expected: list[str],
) -> None:
    confirmed_subscriber(store, "topical@example.org", topics=topics)
    run(digest_settings, store, smtp)
    (message,) = smtp.inbox.to("topical@example.org")
    assert headlines(body_text(message)) == expected


def test_a_topic_matching_nothing_sends_nothing(
    world: World, store: Store, smtp: SmtpServer, digest_settings: Settings
) -> None:
    subscriber = confirmed_subscriber(store, "picky@example.org", topics=["fer", "Politics"])
    report = run(digest_settings, store, smtp)
    assert (report.planned, report.empty, report.sent) == (1, 1, 0)
    assert smtp.inbox.to("picky@example.org") == []
    with store.read() as conn:
        assert [s.state for s in mailqueue.sends_of(conn, subscriber)] == ["empty"]


def test_outlets_keep_their_stories_and_lead_with_their_article(
    world: World, store: Store, smtp: SmtpServer, digest_settings: Settings
) -> None:
    tide = world.outlets["Daily Tide"]
    confirmed_subscriber(store, "tide@example.org", source_ids=[tide])
    both = confirmed_subscriber(store, "both@example.org", source_ids=[tide], topics=["Business"])
    run(digest_settings, store, smtp)
    (message,) = smtp.inbox.to("tide@example.org")
    text = body_text(message)
    assert headlines(text) == ["Headline ferry-1", "Headline comet-1"]  # the story's title
    assert "3 outlets, 4 articles; first: Daily Tide" in text
    assert f"{BASE}/articles/{world.articles['ferry-3']}" in links(text)  # Daily Tide's report
    with store.read() as conn:
        (send,) = mailqueue.sends_of(conn, both)
    assert send.article_ids == (world.articles["ferry-3"],)


def test_items_follow_merged_stories_and_skip_deleted_articles(world: World, store: Store) -> None:
    ids = world.articles
    with store.begin() as conn:
        story_store.retire(conn, "s2", "s1")
        story_store.refresh(conn, "s1")
        items = digest_store.items_by_id(conn, [ids["ferry-1"], ids["cup-1"], 10**9, ids["budget"]])
    assert [(i.title, i.story_id, i.articles) for i in items] == [
        ("Headline cup-1", "s1", 6),  # the merged story: its first report is now cup-1
        ("Headline budget", None, 1),
    ]


def test_a_weekly_digest_ranks_the_week_by_breadth_more_than_freshness(
    store: Store, smtp: SmtpServer, digest_settings: Settings
) -> None:
    clear_community(store)
    with store.begin() as conn:
        for n in range(5):  # five outlets on one story, three days before the send
            source = feed_store.source_for_host(
                conn, host=f"o{n}.example", name=f"Outlet {n}", site_url=None, now=NOW
            )
            when = SEND - timedelta(days=3, hours=n)
            article_id, _ = article_store.save_article(
                conn,
                ArticleDraft(
                    canonical_url=f"https://o{n}.example/wide",
                    url=f"https://o{n}.example/wide",
                    source_id=source.id,
                    title=f"Wide story {n}",
                    text="Covered everywhere.",
                    status="extracted",
                    published_at=when,
                ),
                now=when,
            )
            story_store.assign(
                conn, article_id, story_id="w", duplicate_of=None, related=[], now=when
            )
            story_store.refresh(conn, "w")
        article_store.save_article(
            conn,
            ArticleDraft(
                canonical_url="https://o0.example/lone",
                url="https://o0.example/lone",
                source_id=source.id,
                title="Lone report",
                text="Only here.",
                status="extracted",
                published_at=SEND - timedelta(hours=2),
            ),
            now=SEND,
        )
    confirmed_subscriber(store, "weekly@example.org", frequency="weekly", send_weekday=4)
    confirmed_subscriber(store, "daily@example.org")
    one_item = digest_settings.replace(digest_items=1)
    asyncio.run(send_due_digests(one_item, store, now=SEND, mailer=digest_mailer(smtp)))
    (weekly,) = smtp.inbox.to("weekly@example.org")
    assert headlines(body_text(weekly)) == ["Wide story 4"]  # the first report, 3 days 4 h ago
    (daily,) = smtp.inbox.to("daily@example.org")
    assert headlines(body_text(daily)) == ["Lone report"]  # the wide story is not of the day
