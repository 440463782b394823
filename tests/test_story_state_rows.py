"""The clusterer's state saved as rows: a batch writes what it changed, workers resume."""

from __future__ import annotations

import asyncio
import json
import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import delete, inspect, select, update

from broadsheet.config import Settings
from broadsheet.ingest.fetch import Fetcher
from broadsheet.model import ArticleDraft
from broadsheet.pipeline import Context, assign_stories
from broadsheet.store import articles as article_store
from broadsheet.store import feeds as feed_store
from broadsheet.store import stories as story_store
from broadsheet.store.db import MIGRATIONS, Store
from broadsheet.store.schema import cluster_articles, cluster_stories, story_state
from broadsheet.understand.stories import ArticleIn, StoryClusterer

T0 = datetime(2024, 5, 6, 6, 0, tzinfo=UTC)
PLACES = ["Harbourton", "Millbrook", "Eastvale", "Stonebridge", "Redcliff", "Ashford"]
EVENTS = [
    "fire destroys warehouse firefighters smoke district residents evacuated",
    "council approves budget tax rise schools roads vote mayor",
    "flood river bank burst homes sandbags rain warning",
    "strike rail workers pay dispute union trains cancelled",
    "trial jury verdict fraud banker court sentence",
    "storm power cuts trees fallen wind gusts outages",
    "hospital opens new ward nurses patients minister",
    "football club wins cup final penalties fans stadium",
]
FILLER = ["said", "officials", "on", "day", "report", "local", "news", "week", "city"]


def _text(event: int, n: int) -> tuple[str, str]:
    """A headline and body about one of a few events per place; words from a fixed list."""
    rng = random.Random(n)
    place = PLACES[event % len(PLACES)]
    words = EVENTS[event % len(EVENTS)].split()
    title = f"{place} {' '.join(rng.sample(words, 4))}"
    body = " ".join(rng.choice(words + FILLER) for _ in range(60))
    return title, f"{place} {body}."


@pytest.fixture
def fetcher(settings: Settings) -> Iterator[Fetcher]:
    fetcher = Fetcher(settings)
    yield fetcher
    asyncio.run(fetcher.aclose())


def _add_articles(store: Store, start: int, count: int) -> list[ArticleIn]:
    """Store articles ``start`` .. ``start + count``, 20 minutes apart, five per event."""
    added = []
    with store.begin() as conn:
        source = feed_store.source_for_host(
            conn, host="herald.example", name="Herald", site_url=None, now=T0
        )
        for n in range(start, start + count):
            title, text = _text(n // 5, n)
            when = T0 + timedelta(minutes=20 * n)
            draft = ArticleDraft(
                canonical_url=f"https://herald.example/{n}",
                url=f"https://herald.example/{n}",
                source_id=source.id,
                title=title,
                text=text,
                status="extracted",
                published_at=when,
                language="en",
            )
            article_id, _ = article_store.save_article(conn, draft, now=when)
            added.append(ArticleIn(str(article_id), title, text, when, str(source.id), "en"))
    return added


def _rows(store: Store) -> dict[tuple[str, str], str]:
    with store.read() as conn:
        rows = {("head", "1"): conn.execute(select(story_state.c.data)).scalar_one()}
        for r in conn.execute(select(cluster_stories)):
            rows["story", r.story_id] = r.data
        for r in conn.execute(select(cluster_articles)):
            rows["article", r.article_id] = r.data
    return rows


def _assigned(store: Store, articles: list[ArticleIn]) -> dict[str, str]:
    with store.read() as conn:
        found = {a.id: story_store.story_of(conn, int(a.id)) for a in articles}
    return {key: value["story_id"] for key, value in found.items() if value}


def _reference(batches: list[list[ArticleIn]]) -> StoryClusterer:
    """One clusterer that never restarted, fed the same batches."""
    clusterer = StoryClusterer()
    for batch in batches:
        for article in batch:
            clusterer.add(article)
        clusterer.forget_old()
    return clusterer


def test_workers_resume_from_rows_as_if_never_restarted(
    settings: Settings, store: Store, fetcher: Fetcher
) -> None:
    first = Context(settings, store, fetcher)
    batches = []
    for worker in (first, Context(settings, store, fetcher), first):
        batches.append(_add_articles(store, 30 * len(batches), 30))
        assert assign_stories(worker) == 30
    rows = _rows(store)
    head = json.loads(rows["head", "1"])
    assert set(head) == {"seq", "docs", "df", "merged_into"}  # the head only
    stories = {key for kind, key in rows if kind == "story"}
    articles = {key for kind, key in rows if kind == "article"}
    reference = _reference(batches)
    assert stories == set(reference.stories)
    assert articles == set(reference.state()["articles"])
    every = [a for batch in batches for a in batch]
    assert _assigned(store, every) == {a.id: reference.story_of(a.id) for a in every}
    # a third worker loads the rows and places the next batch as the reference does
    batches.append(_add_articles(store, 90, 10))
    assert assign_stories(Context(settings, store, fetcher)) == 10
    reference = _reference(batches)
    every += batches[-1]
    assert _assigned(store, every) == {a.id: reference.story_of(a.id) for a in every}


def test_a_single_row_state_loads_and_is_rewritten_as_rows(
    settings: Settings, store: Store, fetcher: Fetcher
) -> None:
    batches = [_add_articles(store, 0, 20)]
    assert assign_stories(Context(settings, store, fetcher)) == 20
    with store.begin() as conn:  # as a worker before revision 0008 left it
        head = story_store.load_state(conn)
        assert head is not None
        old = StoryClusterer.from_parts(head, *story_store.load_rows(conn)).state()
        conn.execute(delete(cluster_stories))
        conn.execute(delete(cluster_articles))
        conn.execute(update(story_state).values(data=json.dumps(old)))
    batches.append(_add_articles(store, 20, 10))
    assert assign_stories(Context(settings, store, fetcher)) == 10
    rows = _rows(store)
    assert "articles" not in json.loads(rows["head", "1"])
    reference = _reference(batches)
    assert {key for kind, key in rows if kind == "story"} == set(reference.stories)
    assert {key for kind, key in rows if kind == "article"} == {a.id for b in batches for a in b}
    every = [a for batch in batches for a in batch]
    assert _assigned(store, every) == {a.id: reference.story_of(a.id) for a in every}


def _written(before: dict[tuple[str, str], str], after: dict[tuple[str, str], str]) -> int:
    """Characters of the rows a batch created or changed (deleted keys cost their id)."""
    changed = sum(len(data) for key, data in after.items() if before.get(key) != data)
    return changed + sum(len(key[1]) for key in before.keys() - after.keys())


def test_a_batch_writes_what_it_changed_not_the_whole_state(
    settings: Settings, store: Store, fetcher: Fetcher
) -> None:
    ctx = Context(settings, store, fetcher)
    written = []
    already = 0
    for stored in (50, 300):
        _add_articles(store, already, stored - already)
        assign_stories(ctx)
        before = _rows(store)
        _add_articles(store, stored, 5)
        already = stored + 5
        assert assign_stories(ctx) == 5
        after = _rows(store)
        written.append(_written(before, after))
        assert sum(1 for kind, _ in after if kind == "article") == stored + 5
    whole = sum(len(data) for data in after.values())
    # The vocabulary is fixed, so the head's document frequencies stop growing; what a
    # batch writes is its articles, the stories they joined, and the head.
    assert written[1] < 1.3 * written[0], written
    assert written[1] < whole / 10, (written, whole)


def _alembic(store: Store, action: str, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with store.engine.begin() as conn:
        config.attributes["connection"] = conn
        getattr(command, action)(config, revision)


def test_downgrading_0008_folds_the_rows_into_one_state_and_upgrading_resumes(
    settings: Settings, store: Store, fetcher: Fetcher
) -> None:
    batches = [_add_articles(store, 0, 25)]
    assert assign_stories(Context(settings, store, fetcher)) == 25
    with store.read() as conn:
        head = story_store.load_state(conn)
        assert head is not None
        expected = StoryClusterer.from_parts(head, *story_store.load_rows(conn)).state()
    _alembic(store, "downgrade", "0007")
    with store.read() as conn:
        folded = json.loads(conn.execute(select(story_state.c.data)).scalar_one())
        tables = set(inspect(conn).get_table_names())
    assert {"cluster_stories", "cluster_articles"}.isdisjoint(tables)
    assert folded == json.loads(json.dumps(expected))  # the whole state, as 0007 kept it
    _alembic(store, "upgrade", "head")
    batches.append(_add_articles(store, 25, 10))
    assert assign_stories(Context(settings, store, fetcher)) == 10  # from the one row
    reference = _reference(batches)
    every = [a for batch in batches for a in batch]
    assert _assigned(store, every) == {a.id: reference.story_of(a.id) for a in every}
    assert "articles" not in json.loads(_rows(store)["head", "1"])  # rows again
