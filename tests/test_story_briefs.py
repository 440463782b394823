"""Story briefs: computed when a story's membership changes, stored, never redone per view.

The digest itself (key players, which articles a brief reads, its JSON form) is tested
as pure functions; the rest runs the real pipeline on SQLite and PostgreSQL and counts
computations by each stored brief's ``revision``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from broadsheet import briefing
from broadsheet.config import Settings
from broadsheet.ingest.fetch import Fetcher
from broadsheet.model import ArticleDraft
from broadsheet.pipeline import Context, assign_stories
from broadsheet.store import articles as article_store
from broadsheet.store import briefs as brief_store
from broadsheet.store import feeds as feed_store
from broadsheet.store import stories as story_store
from broadsheet.store import story_reads
from broadsheet.store.db import Store
from broadsheet.store.schema import stories
from broadsheet.understand.brief import (
    BriefInput,
    Named,
    StoryDigest,
    digest_story,
    key_players,
    pick_for_brief,
)
from broadsheet.web.app import create_app
from tests.browser.story_world import (
    ARTICLES,
    FLOOD,
    MERGED,
    OUTLETS,
    StoryWorld,
    build_stories,
    store_articles,
)
from tests.browser.world import WebClient

NOW = datetime(2025, 6, 2, 9, 30, tzinfo=UTC)


# --- pure: the digest ---------------------------------------------------------------------


def test_key_players_count_articles_not_mentions_and_keep_the_common_name() -> None:
    ortiz = Named("person:elena-ortiz", "Elena Ortiz", "person", 1)
    players = key_players(
        [
            [ortiz, Named("place:port-arden", "Port Arden", "place", 9)],
            [replace(ortiz, name="Mayor Elena Ortiz", mentions=2)],
            [ortiz, Named("misc:flood", "Flood", "misc", 5)],
        ]
    )
    assert [(p.name, p.articles, p.mentions) for p in players] == [
        ("Elena Ortiz", 3, 4),
        ("Port Arden", 1, 9),
    ]
    assert key_players([[ortiz]] * 3, limit=0) == []


def test_a_brief_reads_no_copies_each_outlets_first_report_then_the_newest() -> None:
    sources = ["a", "b", "a", "c", "a", "a", "b"]
    copies = [False, False, False, True, False, False, False]
    assert pick_for_brief(sources, copies, limit=10) == [0, 1, 2, 4, 5, 6]
    assert pick_for_brief(sources, copies, limit=3) == [0, 1, 6]
    assert pick_for_brief(sources, copies, limit=4) == [0, 1, 5, 6]


def test_digest_cites_only_what_it_read_and_survives_json() -> None:
    inputs = [
        BriefInput(
            id=str(i),
            title=ARTICLES[k][2],
            text=ARTICLES[k][3],
            source=ARTICLES[k][0],
            published=NOW + timedelta(minutes=ARTICLES[k][1]),
        )
        for i, k in enumerate(["flood_herald", "flood_courier", "flood_wire"])
    ]
    digest = digest_story(inputs, [[Named("person:elena-ortiz", "Elena Ortiz", "person")]] * 2)
    assert digest.brief.sentences
    cited = {c for s in digest.brief.sentences for c in s.citations}
    assert cited <= {"0", "1", "2"}
    assert set(digest.brief.perspectives) <= {"herald", "courier", "wire"}
    assert digest.key_players[0].articles == 2
    assert StoryDigest.from_json(digest.to_json()) == digest


# --- stored, and recomputed only when a story's membership changes -------------------------


@pytest.fixture
def ctx(settings: Settings, store: Store) -> Iterator[Context]:
    fetcher = Fetcher(settings)  # assign_stories fetches nothing; Context needs one
    yield Context(settings, store, fetcher, clock=lambda: NOW)
    asyncio.run(fetcher.aclose())


def _revisions(store: Store) -> dict[str, int]:
    """Each live story's brief revision (0: none stored)."""
    with store.read() as conn:
        live = conn.execute(select(stories.c.id).where(stories.c.merged_into.is_(None)))
        out = {}
        for story_id in live.scalars():
            found = brief_store.get_brief(conn, story_id)
            out[story_id] = found.revision if found else 0
    return out


def _view_everything(store: Store, settings: Settings, story_ids: list[str]) -> None:
    client = WebClient(create_app(settings, store, clock=lambda: NOW))
    for story_id in story_ids:
        assert client.get(f"/stories/{story_id}").status_code == 200
        assert client.get(f"/api/v1/stories/{story_id}").status_code == 200
    assert client.get("/api/v1/stories?limit=100").status_code == 200
    assert client.get("/stories/rss.xml").status_code == 200


def _store_article(store: Store, key: str, outlet: str, text: str, *, at: datetime) -> int:
    """An article from ``outlet`` (the text of ``key``), stored and not in a story yet."""
    name, host = OUTLETS[outlet]
    with store.begin() as conn:
        source = feed_store.source_for_host(
            conn, host=host, name=name, site_url=f"https://{host}/", now=at
        )
        article_id, _ = article_store.save_article(
            conn,
            ArticleDraft(
                canonical_url=f"https://{host}/late/{key}",
                url=f"https://{host}/late/{key}",
                source_id=source.id,
                title=f"{ARTICLES[key][2]} ({name})",
                text=text,
                status="extracted",
                published_at=at,
                language="en",
            ),
            now=at,
        )
    return article_id


def _current(store: Store, story_id: str) -> str:
    with store.read() as conn:
        found = story_reads.resolve(conn, story_id)
    assert found is not None
    return str(found["id"])


def test_briefs_are_computed_when_stories_grow_and_not_on_views(
    ctx: Context, store: Store, settings: Settings
) -> None:
    world: StoryWorld = store_articles(store, first_report=NOW - timedelta(hours=6))
    assert assign_stories(ctx) == len(ARTICLES)
    first = _revisions(store)
    assert first
    assert set(first.values()) == {1}, first  # every story briefed once, right after assignment
    with store.read() as conn:
        for story_id in first:
            members = brief_store.placements(conn, story_id)
            stored = brief_store.get_brief(conn, story_id)
            assert stored is not None
            assert stored.fingerprint == brief_store.fingerprint(members, method=briefing.METHOD)
            cited = {int(c) for s in stored.data["brief"] for c in s["citations"]}
            assert cited <= {p.article_id for p in members}

    assert assign_stories(ctx) == 0  # nothing new: nothing recomputed
    _view_everything(store, settings, list(first))
    assert _revisions(store) == first  # pages, the API and feeds read the stored briefs

    # a wire copy of the strike story arrives from another outlet: only its story is redone
    strike_id = world.articles["strike_wire"]
    with store.read() as conn:
        strike = story_store.story_of(conn, strike_id)
    assert strike is not None
    _store_article(store, "strike_wire", "post", ARTICLES["strike_wire"][3], at=NOW)
    assert assign_stories(ctx) == 1
    after = _revisions(store)
    grown = _current(store, strike["story_id"])
    assert after[grown] == first.get(grown, 0) + 1
    assert {s: r for s, r in after.items() if s != grown} == {
        s: r for s, r in first.items() if s != grown and s in after
    }


def test_an_edited_article_is_rebriefed_once_on_the_next_view(
    store: Store, settings: Settings
) -> None:
    world = build_stories(store, first_report=NOW - timedelta(hours=5))
    client = WebClient(create_app(settings, store, clock=lambda: NOW))
    assert client.get(f"/stories/{FLOOD}").status_code == 200  # briefed by its first view
    assert _revisions(store)[FLOOD] == 1
    assert client.get(f"/api/v1/stories/{FLOOD}").status_code == 200
    assert _revisions(store)[FLOOD] == 1
    _outlet, _minutes, title, text, _story = ARTICLES["flood_courier"]
    edited = text.replace("seven to two", "eight to one")
    with store.read() as conn:
        before = article_store.get_article(conn, world.articles["flood_courier"])
    assert before is not None
    with store.begin() as conn:
        article_store.save_article(
            conn,
            ArticleDraft(
                canonical_url=before.canonical_url,
                url=before.url,
                source_id=before.source_id,
                title=title,
                text=edited,
                status="extracted",
                published_at=before.published_at,
                language="en",
            ),
            now=NOW,
        )
    fresh = WebClient(create_app(settings, store, clock=lambda: NOW))  # an empty page cache
    assert fresh.get(f"/stories/{FLOOD}").status_code == 200
    assert _revisions(store)[FLOOD] == 2
    with store.read() as conn:
        members = brief_store.placements(conn, FLOOD)
        stored = brief_store.get_brief(conn, FLOOD)
    assert [p.version for p in members if p.article_id == before.id] == [2]
    assert stored is not None
    assert stored.fingerprint == brief_store.fingerprint(members, method=briefing.METHOD)
    fresh.get(f"/stories/{FLOOD}")
    fresh.get(f"/api/v1/stories/{FLOOD}")
    assert _revisions(store)[FLOOD] == 2


def test_merged_away_stories_lose_their_briefs(store: Store) -> None:
    build_stories(store, first_report=NOW - timedelta(hours=5))
    with store.begin() as conn:
        brief_store.save_brief(conn, MERGED, fingerprint="x", data={}, cpu_ms=0.0, now=NOW)
        assert briefing.ensure_brief(conn, MERGED, now=NOW) is None  # no members left
    assert briefing.refresh_briefs(store, [FLOOD], retired=[MERGED], now=NOW) == 1
    with store.read() as conn:
        assert brief_store.get_brief(conn, MERGED) is None
        assert brief_store.get_brief(conn, FLOOD) is not None
    assert briefing.refresh_briefs(store, [FLOOD], now=NOW) == 0
