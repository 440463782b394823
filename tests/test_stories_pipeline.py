"""Stories on the demo world: each event once with all its outlets, wire copies folded."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Iterator

import pytest

from broadsheet.config import Settings
from broadsheet.demo import LOOKALIKE_PAIRS, RELATED_PAIRS
from broadsheet.demo.server import DemoServer
from broadsheet.ingest.fetch import Fetcher
from broadsheet.pipeline import Context, assign_stories, subscribe
from broadsheet.store import articles as article_store
from broadsheet.store import stories as story_store
from broadsheet.store.db import Store
from broadsheet.worker import run_pass

WHOLE_EVENTS_FLOOR = 13


@pytest.fixture
def world() -> Iterator[DemoServer]:
    with DemoServer() as server:
        server.start()
        yield server


def _ingest(settings: Settings, store: Store, world: DemoServer) -> None:
    async def work() -> None:
        fetcher = Fetcher(settings)
        ctx = Context(settings, store, fetcher)
        try:
            for outlet in world.outlets():
                await subscribe(ctx, outlet.subscribe_url, kind=outlet.subscribe_kind)
            await run_pass(ctx, owner="t", force=True)  # assigns stories after the batch
            assert assign_stories(ctx) == 0  # nothing left unassigned
        finally:
            await fetcher.aclose()

    asyncio.run(work())


def test_demo_events_become_stories(settings: Settings, store: Store, world: DemoServer) -> None:
    _ingest(settings, store, world)
    golden = {g.title: g for g in world.golden()}
    story_of: dict[str, str] = {}
    with store.read() as conn:
        stored = article_store.list_articles(conn, limit=500)
        ids = {a.title: a.id for a in stored}
        for article in stored:
            found = story_store.story_of(conn, article.id)
            assert found is not None, article.title
            story_of[article.title or ""] = found["story_id"]
        by_event: dict[str, set[str]] = defaultdict(set)
        for title, item in golden.items():
            if item.event:
                by_event[item.event].add(story_of[title])
        # Every event's coverage lands in one story, although the demo's outlets write
        # each event up very differently (one outlet's side angle on the wildfire, the
        # evacuation centre, shares few words with the rest) and 66 articles give a
        # thin online IDF.
        whole = [event for event, sids in by_event.items() if len(sids) == 1]
        print(f"events in one story: {len(whole)} of {len(by_event)}")
        assert len(whole) >= WHOLE_EVENTS_FLOOR, by_event
        # a story never mixes two different events, look-alikes included
        story_events: dict[str, set[str]] = defaultdict(set)
        for title, item in golden.items():
            if item.event:
                story_events[story_of[title]].add(item.event)
        assert all(len(events) == 1 for events in story_events.values()), story_events
        for a, b in [*LOOKALIKE_PAIRS, *RELATED_PAIRS]:
            assert not by_event[a] & by_event[b], (a, b)
        event_story = {event: next(iter(sids)) for event, sids in by_event.items()}
        # stories know their outlets and size
        for event in whole:
            sid = event_story[event]
            story = story_store.get_story(conn, sid)
            assert story is not None
            outlets = {golden[t].outlet for t in golden if golden[t].event == event}
            assert story["outlet_count"] >= len(outlets), event
            assert story["title"] in {t for t in golden if golden[t].event == event}
        # A story is titled by its most representative report: the wildfire's first
        # report is one outlet's side angle (the evacuation centre), not its title.
        fire = story_store.get_story(conn, event_story["sallow-wildfire"])
        assert fire is not None
        first = next(a for a in stored if a.id == fire["first_article_id"])
        assert golden[first.title or ""].outlet == "bugle"
        assert fire["title"] != first.title
        # the wire story: the later copies point at the first one
        wire = sorted(
            (ids[t] for t, g in golden.items() if g.wire),
            key=lambda i: next(a for a in stored if a.id == i).published_at,  # type: ignore[arg-type,return-value]
        )
        assert len(wire) == 3
        copies = [story_store.story_of(conn, i)["duplicate_of"] for i in wire]  # type: ignore[index]
        assert copies[0] is None
        assert all(c is not None for c in copies[1:])
        # related articles from other stories never come from an unrelated event
        for title, item in golden.items():
            if not item.event:
                continue
            related = story_store.story_of(conn, ids[title])["related"]  # type: ignore[index]
            for other_id, _score in related:
                other = next(a for a in stored if a.id == other_id)
                other_event = golden[other.title or ""].event
                close = {b for a, b in RELATED_PAIRS if a == item.event} | {
                    a for a, b in RELATED_PAIRS if b == item.event
                }
                assert other_event in close | {None, item.event}, (title, other.title)
