"""Story briefs by the model: the worker's job writes grounded briefs that the story page
and the API show, with the offline brief as the fallback, on SQLite and PostgreSQL.

Real parts throughout: the stories of ``tests/browser/story_world.py`` stored and briefed
offline as the pipeline does, the OpenAI-compatible fake server on loopback, the job as
the worker runs it, the web app through HTTP.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

import pytest

from broadsheet import briefing
from broadsheet.config import Settings
from broadsheet.ingest.fetch import Fetcher
from broadsheet.llm_jobs import LlmJobReport, brief_pending
from broadsheet.model import ArticleDraft
from broadsheet.pipeline import Context
from broadsheet.store import articles as article_store
from broadsheet.store import briefs as brief_store
from broadsheet.store import llm_cache as llm_store
from broadsheet.store.db import Store
from broadsheet.understand.summarize import GROUNDED_AT, grounding_score
from broadsheet.web.app import create_app
from tests.browser.story_world import ARTICLES, FLOOD, STRIKE, add_to_story, build_stories
from tests.browser.world import WebClient
from tests.support.openai_server import FakeOpenAI, Reply, echo, openai_server
from tests.test_llm_ingest import INVENTED, MODEL, Clock, failing

T = TypeVar("T")
LABEL = f"Brief by {MODEL}, checked against the articles"


def inventing(body: dict[str, Any]) -> Reply:
    """The echo server's brief with one sentence no article supports, citing report 1."""
    return Reply(f"{echo(body).text} {INVENTED} [1.1]")


@dataclass
class World:
    settings: Settings
    store: Store
    fake: FakeOpenAI
    clock: Clock
    articles: dict[str, int]

    def run(self, work: Callable[[Context], Awaitable[T]]) -> T:
        async def go() -> T:
            fetcher = Fetcher(self.settings)
            try:
                return await work(Context(self.settings, self.store, fetcher, clock=self.clock))
            finally:
                await fetcher.aclose()

        return asyncio.run(go())

    def job(self, owner: str = "w1") -> LlmJobReport:
        return self.run(lambda ctx: brief_pending(ctx, owner=owner))

    def members(self, story_id: str) -> set[int]:
        with self.store.read() as conn:
            return {p.article_id for p in brief_store.placements(conn, story_id)}

    def state(self, story_id: str) -> dict[str, Any] | None:
        with self.store.read() as conn:
            stored = brief_store.get_brief(conn, story_id)
            assert stored is not None
            return llm_store.story_brief(
                conn, story_id, fingerprint=stored.fingerprint, model=MODEL
            )

    def client(self, settings: Settings | None = None) -> WebClient:
        """A fresh app (no page cached from an earlier look)."""
        return WebClient(create_app(settings or self.settings, self.store, clock=self.clock))

    def brief_section(self, story_id: str, settings: Settings | None = None) -> str:
        response = self.client(settings).get(f"/stories/{story_id}")
        assert response.status_code == 200
        found = re.search(r'<section class="story-brief".*?</section>', response.text, re.DOTALL)
        assert found, "the story page has no brief section"
        return found.group(0)

    def api(self, story_id: str, settings: Settings | None = None) -> dict[str, Any]:
        response = self.client(settings).get(f"/api/v1/stories/{story_id}")
        assert response.status_code == 200
        data: dict[str, Any] = response.json()
        return data


@pytest.fixture
def world(settings: Settings, store: Store) -> Iterator[World]:
    clock = Clock()
    built = build_stories(store, first_report=clock.now - timedelta(hours=5))
    assert briefing.refresh_briefs(store, [FLOOD, STRIKE], now=clock.now) == 2
    with openai_server() as fake:
        configured = settings.replace(llm_url=fake.url, llm_model=MODEL, llm_timeout=5.0)
        yield World(configured, store, fake, clock, built.articles)


def test_the_model_brief_is_stored_checked_and_shown_with_its_label(world: World) -> None:
    world.fake.responder = inventing
    report = world.job()
    assert (report.taken, report.written, sum(report.failed.values())) == (2, 2, 0)
    assert len(world.fake.requests) == 2
    assert report.flagged == 2  # the invented sentence, once per story

    members = world.members(FLOOD)
    state = world.state(FLOOD)
    assert state is not None
    assert state["state"] == "done"
    assert state["flagged"] == 1
    sentences = state["result"]["sentences"]
    assert sentences
    with world.store.read() as conn:
        texts = {a.id: a.text for a in brief_store.articles_by_id(conn, sorted(members))}
    for sentence in sentences:
        assert INVENTED not in sentence["text"]
        cited = {int(c) for c in sentence["citations"]}
        assert cited, "every kept sentence cites the articles that support it"
        assert cited <= members
        support = [texts[i] for i in cited]
        assert max(grounding_score(sentence["text"], [t]) for t in support) >= GROUNDED_AT

    section = world.brief_section(FLOOD)
    assert LABEL in section
    assert "Extractive brief" not in section
    assert "Tarsian" not in section
    assert f"{state['checked'] - 1} of {state['checked']} passed" in section
    assert sentences[0]["text"].replace("'", "&#39;") in section
    linked = {int(i) for i in re.findall(r'href="/articles/(\d+)"', section)}
    assert linked
    assert linked <= members

    api = world.api(FLOOD)
    assert (api["brief_backend"], api["brief_model"], api["brief_note"]) == ("llm", MODEL, None)
    assert [s["text"] for s in api["brief"]] == [s["text"] for s in sentences]
    assert {c["article_id"] for s in api["brief"] for c in s["citations"]} <= members
    assert api["perspectives"]  # perspectives and key players stay the offline ones
    assert api["key_players"]

    # Without an LLM configured the same store shows the extractive brief.
    offline = world.settings.replace(llm_url="")
    assert "Extractive brief" in world.brief_section(FLOOD, offline)
    assert LABEL not in world.brief_section(FLOOD, offline)
    plain = world.api(FLOOD, offline)
    assert (plain["brief_backend"], plain["brief_model"]) == ("offline", None)
    assert plain["perspectives"] == api["perspectives"]

    again = world.job(owner="w2")
    assert (again.taken, again.written) == (0, 0)
    assert len(world.fake.requests) == 2  # briefed stories are not asked again


def test_a_failing_server_leaves_the_offline_brief_with_a_note_and_retries_later(
    world: World,
) -> None:
    world.fake.responder = failing
    first = world.job()
    assert first.failed == {"http 500": 2}
    state = world.state(STRIKE)
    assert state is not None
    assert (state["state"], state["reason"], state["attempts"]) == ("failed", "http 500", 1)
    retry_at = datetime.fromisoformat(state["retry_at"])
    assert retry_at == world.clock.now + timedelta(minutes=world.settings.llm_retry_minutes)

    section = world.brief_section(STRIKE)
    assert "Extractive brief" in section
    assert "The language model&#39;s brief is not shown" in section
    assert "the model server answered with an error" in section
    with world.store.read() as conn:
        stored = brief_store.get_brief(conn, STRIKE)
    assert stored is not None
    assert stored.data["brief"][0]["text"].replace("'", "&#39;") in section
    api = world.api(STRIKE)
    assert api["brief_backend"] == "offline"
    assert "not shown" in api["brief_note"]
    assert [s["text"] for s in api["brief"]] == [s["text"] for s in stored.data["brief"]]

    asked = len(world.fake.requests)
    assert world.job().taken == 0  # not before the retry time
    assert len(world.fake.requests) == asked

    world.fake.responder = echo
    world.clock.now = retry_at
    recovered = world.job()
    assert (recovered.written, sum(recovered.failed.values())) == (2, 0)
    section = world.brief_section(STRIKE)
    assert LABEL in section
    assert "not shown" not in section


def test_a_spent_budget_stops_the_job_without_asking_the_server(world: World) -> None:
    world.settings = world.settings.replace(llm_daily_tokens=10, llm_concurrency=1)
    report = world.job()
    assert world.fake.requests == []
    assert (report.taken, report.failed) == (1, {"budget": 1})  # then it stops
    assert world.state(STRIKE) is None  # the flood story was updated last: taken first
    assert "the model&#39;s budget for today is spent" in world.brief_section(FLOOD)


def test_a_story_that_grows_or_is_edited_gets_a_new_brief_and_an_unchanged_one_does_not(
    world: World,
) -> None:
    assert world.job().written == 2
    assert len(world.fake.requests) == 2
    assert world.job().taken == 0
    assert len(world.fake.requests) == 2  # nothing changed: nothing asked

    # The strike story grows (the pipeline stores its new offline brief right after).
    world.clock.now += timedelta(minutes=5)
    talks = add_to_story(world.store, STRIKE, now=world.clock.now)
    assert briefing.refresh_briefs(world.store, [STRIKE], now=world.clock.now) == 1
    grown = world.job()
    assert (grown.taken, grown.written) == (1, 1)
    assert len(world.fake.requests) == 3
    assert "Talks between the Rail Workers Union" in world.fake.requests[-1].user_message
    state = world.state(STRIKE)
    assert state is not None
    assert state["state"] == "done"
    assert talks in {int(c) for s in state["result"]["sentences"] for c in s["citations"]}
    assert LABEL in world.brief_section(STRIKE)
    assert world.job().taken == 0
    assert len(world.fake.requests) == 3

    # An article of the flood story is edited: its view stores the new offline brief, with
    # no model brief for it yet, and the next pass writes one.
    key = "flood_courier"
    with world.store.read() as conn:
        before = article_store.get_article(conn, world.articles[key])
    assert before is not None
    with world.store.begin() as conn:
        article_store.save_article(
            conn,
            ArticleDraft(
                canonical_url=before.canonical_url,
                url=before.url,
                source_id=before.source_id,
                title=ARTICLES[key][2],
                text=before.text.replace("seven to two", "eight to one"),
                status="extracted",
                published_at=before.published_at,
                language="en",
            ),
            now=world.clock.now,
        )
    assert "Extractive brief" in world.brief_section(FLOOD)
    edited = world.job()
    assert (edited.taken, edited.written) == (1, 1)
    assert len(world.fake.requests) == 4
    assert "eight to one" in world.fake.requests[-1].user_message
    assert LABEL in world.brief_section(FLOOD)


def test_the_most_recently_updated_story_is_briefed_first(world: World) -> None:
    world.clock.now += timedelta(minutes=5)
    add_to_story(world.store, STRIKE, now=world.clock.now)
    briefing.refresh_briefs(world.store, [STRIKE], now=world.clock.now)
    world.settings = world.settings.replace(llm_batch=1)
    assert world.job().written == 1
    assert (world.state(STRIKE) or {}).get("state") == "done"
    assert world.state(FLOOD) is None
    assert world.job().written == 1
    assert (world.state(FLOOD) or {}).get("state") == "done"


def test_two_workers_brief_each_story_once(world: World) -> None:
    world.settings = world.settings.replace(llm_concurrency=1)
    world.fake.responder = lambda body: Reply(echo(body).text, delay=0.3)

    async def both(ctx: Context) -> list[LlmJobReport]:
        return list(
            await asyncio.gather(brief_pending(ctx, owner="w1"), brief_pending(ctx, owner="w2"))
        )

    reports = world.run(both)
    assert sum(r.written for r in reports) == 2
    assert all(r.taken == 1 for r in reports), "the second worker took what the first had not"
    prompts = [r.user_message for r in world.fake.requests]
    assert len(prompts) == len(set(prompts)) == 2
