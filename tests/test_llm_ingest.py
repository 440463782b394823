"""The LLM backend wired into ingest: the worker's job writes grounded summaries that the
article page shows, with the offline panel as the fallback, on SQLite and PostgreSQL.

Real parts throughout: the synthetic news site and the OpenAI-compatible fake server on
loopback, the real pipeline and worker pass, the web app through HTTP.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import pytest

from broadsheet.config import Settings
from broadsheet.ingest.fetch import Fetcher
from broadsheet.llm_jobs import LlmJobReport, retry_after, summarize_pending
from broadsheet.pipeline import Context, subscribe
from broadsheet.runtime import fetch_once
from broadsheet.store import articles as article_store
from broadsheet.store import insights as insight_store
from broadsheet.store import llm_cache as llm_store
from broadsheet.store.db import Store
from broadsheet.understand.sentences import split_sentences
from broadsheet.understand.summarize import GROUNDED_AT, grounding_score
from broadsheet.web.app import create_app
from broadsheet.worker import run_pass
from tests.browser.world import WebClient
from tests.support.feedserver import SyntheticNews
from tests.support.openai_server import FakeOpenAI, Reply, echo, openai_server

T = TypeVar("T")
MODEL = "fake-model"
INVENTED = "The Tarsian government resigned over a secret deal with Mars."


def inventing(body: dict[str, Any]) -> Reply:
    """The echo server's summary with one sentence the article does not support."""
    reply = echo(body)
    return Reply(reply.text.replace("KEY POINTS:", f"{INVENTED} [1]\nKEY POINTS:", 1))


def failing(_body: dict[str, Any]) -> Reply:
    return Reply(status=500)


class Clock:
    def __init__(self) -> None:
        self.now = datetime.now(UTC).replace(microsecond=0)

    def __call__(self) -> datetime:
        return self.now


@dataclass
class World:
    settings: Settings
    store: Store
    news: SyntheticNews
    fake: FakeOpenAI
    clock: Clock

    def run(self, work: Callable[[Context], Awaitable[T]]) -> T:
        async def go() -> T:
            fetcher = Fetcher(self.settings)
            try:
                return await work(Context(self.settings, self.store, fetcher, clock=self.clock))
            finally:
                await fetcher.aclose()

        return asyncio.run(go())

    def ingest(self) -> None:
        async def work(ctx: Context) -> None:
            await subscribe(ctx, self.news.feed_urls()[0])
            await run_pass(ctx, owner="refresh", force=True)

        self.run(work)

    def job(self, owner: str = "w1") -> LlmJobReport:
        return self.run(lambda ctx: summarize_pending(ctx, owner=owner))

    def article_ids(self) -> list[int]:
        with self.store.read() as conn:
            return sorted(a.id for a in article_store.list_articles(conn, limit=100))

    def state(self, article_id: int) -> dict[str, Any] | None:
        with self.store.read() as conn:
            insights = insight_store.get_insights(conn, article_id)
            assert insights is not None
            return llm_store.article_summary(
                conn, article_id, version=insights["version"], model=MODEL
            )

    def page(self, article_id: int, settings: Settings | None = None) -> str:
        """The article page from a fresh app (no page cached from an earlier look)."""
        client = WebClient(create_app(settings or self.settings, self.store))
        response = client.get(f"/articles/{article_id}")
        assert response.status_code == 200
        return response.text


@pytest.fixture
def world(settings: Settings, store: Store) -> Iterator[World]:
    news = SyntheticNews(feeds=1, entries=3)
    news.start()
    with openai_server() as fake:
        configured = settings.replace(llm_url=fake.url, llm_model=MODEL, llm_timeout=5.0)
        yield World(configured, store, news, fake, Clock())
    news.stop()


def _panel_text(page: str) -> str:
    match = re.search(r'<aside class="ai-panel".*?</aside>', page, re.DOTALL)
    assert match, "the article page has no AI panel"
    return match.group(0)


def test_the_job_writes_grounded_summaries_the_page_shows_and_refresh_never_asks(
    world: World,
) -> None:
    world.fake.responder = inventing
    world.ingest()
    assert world.fake.requests == []  # the refresh stored the offline panels, no model
    ids = world.article_ids()
    assert len(ids) == 3
    assert all(world.state(i) is None for i in ids)

    report = world.job()
    assert (report.taken, report.written, sum(report.failed.values())) == (3, 3, 0)
    assert len(world.fake.requests) == 3
    assert report.flagged == 3  # the invented sentence, once per article
    assert report.pass_rate == pytest.approx(15 / 18)

    with world.store.read() as conn:
        article = article_store.get_article(conn, ids[0])
    assert article is not None
    sentences = [s.text for s in split_sentences(article.text, article.language)]
    state = world.state(ids[0])
    assert state is not None
    assert state["state"] == "done"
    assert (state["checked"], state["flagged"]) == (6, 1)
    written = state["result"]
    assert written["method"] == f"llm:{MODEL}"
    items = written["summary"] + written["key_points"]
    assert items
    for item in items:
        assert INVENTED not in item["text"]
        assert item["sources"], "every kept sentence cites the sentences that support it"
        support = [sentences[i] for i in item["sources"]]
        assert grounding_score(item["text"], support) >= GROUNDED_AT

    panel = _panel_text(world.page(ids[0]))
    assert f"Summary by {MODEL}, checked against the article" in panel
    assert "Extractive summary" not in panel
    assert "5 of 6 passed" in panel
    assert "Tarsian" not in panel
    first = written["summary"][0]
    assert f'data-sources="{" ".join(str(i) for i in first["sources"])}"' in panel

    # Without an LLM configured the same store shows the offline panel, unlabelled as LLM.
    offline = _panel_text(world.page(ids[0], settings=world.settings.replace(llm_url="")))
    assert "Extractive summary" in offline
    assert "Summary by" not in offline

    again = world.job(owner="w2")
    assert (again.taken, again.written) == (0, 0)
    assert len(world.fake.requests) == 3  # done articles are not asked again


def test_a_failing_server_leaves_the_offline_panel_and_retries_later(world: World) -> None:
    world.ingest()
    world.fake.responder = failing
    first = world.job()
    assert first.failed == {"http 500": 3}
    assert first.written == 0
    ids = world.article_ids()
    state = world.state(ids[0])
    assert state is not None
    assert (state["state"], state["reason"], state["attempts"]) == ("failed", "http 500", 1)
    retry_at = datetime.fromisoformat(state["retry_at"])
    assert retry_at == world.clock.now + timedelta(minutes=world.settings.llm_retry_minutes)

    panel = _panel_text(world.page(ids[0]))
    assert "Extractive summary" in panel
    assert "The language model&#39;s summary is not shown" in panel
    assert "the model server answered with an error" in panel
    with world.store.read() as conn:
        insights = insight_store.get_insights(conn, ids[0])
    assert insights is not None
    assert insights["summary"][0]["text"].replace("'", "&#39;") in panel

    # Not in a tight loop: before the retry time nothing is taken and the server is not asked.
    asked = len(world.fake.requests)
    assert world.job().taken == 0
    world.clock.now += timedelta(minutes=world.settings.llm_retry_minutes - 1)
    assert world.job().taken == 0
    assert len(world.fake.requests) == asked

    # The second failure waits twice as long.
    world.clock.now = retry_at
    assert world.job().failed == {"http 500": 3}
    state = world.state(ids[0])
    assert state is not None
    assert state["attempts"] == 2
    second_retry = datetime.fromisoformat(state["retry_at"])
    assert second_retry - world.clock.now == 2 * timedelta(minutes=world.settings.llm_retry_minutes)

    # The server recovers: the retry writes the summary and the page shows it.
    world.fake.responder = echo
    world.clock.now = second_retry
    recovered = world.job()
    assert (recovered.written, sum(recovered.failed.values())) == (3, 0)
    panel = _panel_text(world.page(ids[0]))
    assert f"Summary by {MODEL}, checked against the article" in panel
    assert "not shown" not in panel


def test_a_spent_budget_stops_the_job_without_asking_the_server(world: World) -> None:
    world.ingest()
    world.settings = world.settings.replace(llm_daily_tokens=10)
    report = world.job()
    assert world.fake.requests == []
    assert report.failed == {"budget": world.settings.llm_concurrency}  # then it stops
    assert report.taken == world.settings.llm_concurrency
    states = [world.state(i) for i in world.article_ids()]
    failed = [s for s in states if s is not None]
    assert len(failed) == world.settings.llm_concurrency
    tomorrow = (world.clock.now + timedelta(days=1)).date()
    for state in failed:
        assert (state["reason"], state["attempts"]) == ("budget", 0)
        assert datetime.fromisoformat(state["retry_at"]) == datetime(
            tomorrow.year, tomorrow.month, tomorrow.day, tzinfo=UTC
        )
    panel = _panel_text(world.page(world.article_ids()[-1]))
    assert "the model&#39;s budget for today is spent" in panel


def test_two_workers_never_summarise_the_same_article_version(world: World) -> None:
    world.ingest()
    world.fake.responder = lambda body: Reply(echo(body).text, delay=0.3)

    async def both(ctx: Context) -> list[LlmJobReport]:
        return list(
            await asyncio.gather(
                summarize_pending(ctx, owner="w1"), summarize_pending(ctx, owner="w2")
            )
        )

    reports = world.run(both)
    assert sum(r.written for r in reports) == 3
    assert all(r.taken for r in reports), "the second worker took what the first had not"
    prompts = [r.user_message for r in world.fake.requests]
    assert len(prompts) == len(set(prompts)) == 3


def test_a_dead_workers_lease_runs_out_and_its_late_finish_is_refused(world: World) -> None:
    world.ingest()
    article_id = world.article_ids()[0]
    now = world.clock.now
    lease = timedelta(seconds=120)
    with world.store.begin() as conn:
        dead = llm_store.claim_summary(
            conn, article_id, model=MODEL, owner="dead", now=now, lease_until=now + lease
        )
        assert dead is not None
        assert (
            llm_store.claim_summary(
                conn, article_id, model=MODEL, owner="other", now=now, lease_until=now + lease
            )
            is None
        )
        assert article_id not in llm_store.due_summaries(conn, model=MODEL, now=now, limit=10)
        later = now + lease
        assert article_id in llm_store.due_summaries(conn, model=MODEL, now=later, limit=10)
        taken = llm_store.claim_summary(
            conn, article_id, model=MODEL, owner="other", now=later, lease_until=later + lease
        )
        assert taken is not None
        refused = llm_store.finish_summary(
            conn, dead, model=MODEL, state={"state": "done"}, not_before=later
        )
        assert refused is False
        assert llm_store.finish_summary(
            conn, taken, model=MODEL, state={"state": "failed", "reason": "x"}, not_before=later
        )


def test_the_fetch_command_runs_the_job_after_the_feeds(world: World) -> None:
    url = world.store.engine.url.render_as_string(hide_password=False)
    settings = world.settings.replace(database_url=url)

    async def add(ctx: Context) -> None:
        await subscribe(ctx, world.news.feed_urls()[0])

    world.run(add)
    reports = asyncio.run(fetch_once(settings, force=True))
    assert sum(r.new for r in reports) == 3
    summaries = [r for r in world.fake.requests if "KEY POINTS" in r.user_message]
    assert len(summaries) == 3  # then the story briefs (tests/test_llm_story_briefs.py)
    assert all((world.state(i) or {}).get("state") == "done" for i in world.article_ids())


def test_without_an_llm_the_job_does_nothing(world: World) -> None:
    world.ingest()
    world.settings = world.settings.replace(llm_url="")
    assert world.job().taken == 0
    assert world.fake.requests == []


def test_retry_waits_double_up_to_a_day() -> None:
    assert [retry_after(n, 10) for n in (1, 2, 3)] == [
        timedelta(minutes=10),
        timedelta(minutes=20),
        timedelta(minutes=40),
    ]
    assert retry_after(30, 10) == timedelta(days=1)
