"""Caching LLM results per article version, and the token budget shared in the store."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import date

import pytest

from broadsheet.config import Settings
from broadsheet.store.db import open_store
from broadsheet.store.llm_cache import StoreBudget, StoreCache
from broadsheet.understand.llm import LlmClient
from broadsheet.understand.llm_cache import MemoryCache, ResultCache, Subject
from broadsheet.understand.llm_features import LlmResult, answer_with_llm, summarize_with_llm
from broadsheet.understand.qa import Answer
from broadsheet.understand.summarize import ArticleSummary
from tests.support.llm_sample import ARTICLE, TITLE
from tests.support.llm_sample import config as _config
from tests.support.openai_server import FakeOpenAI, Reply, openai_server


@pytest.fixture
def fake() -> Iterator[FakeOpenAI]:
    with openai_server() as server:
        yield server


def test_store_budget_is_one_count_a_day(settings: Settings) -> None:
    store = open_store(settings)
    try:
        first, second = StoreBudget(store), StoreBudget(store)
        day = date(2025, 6, 1)
        first.add(day, 100)
        second.add(day, 50)
        second.add(date(2025, 6, 2), 7)
        assert first.spent(day) == 150
        assert second.spent(date(2025, 6, 2)) == 7
        assert first.spent(date(2025, 6, 3)) == 0
    finally:
        store.close()


def _cache_round(fake: FakeOpenAI, cache: ResultCache) -> None:
    async def summarize(version: int) -> LlmResult[ArticleSummary]:
        async with LlmClient(_config(fake.url)) as client:
            subject = Subject.article(12, version)
            return await summarize_with_llm(client, TITLE, ARTICLE, subject=subject, cache=cache)

    first = asyncio.run(summarize(1))
    again = asyncio.run(summarize(1))
    assert len(fake.requests) == 1
    assert (first.cached, again.cached) == (False, True)
    assert again.result == first.result
    assert (again.checked, again.flagged) == (first.checked, first.flagged)
    changed = asyncio.run(summarize(2))
    assert len(fake.requests) == 2
    assert not changed.cached
    asyncio.run(summarize(2))
    assert len(fake.requests) == 2


def test_cache_hits_the_same_version_and_misses_a_new_one(fake: FakeOpenAI) -> None:
    _cache_round(fake, MemoryCache())


def test_store_cache_is_shared_and_keyed_by_version(fake: FakeOpenAI, settings: Settings) -> None:
    store = open_store(settings)
    try:
        _cache_round(fake, StoreCache(store))
        other = StoreCache(store)
        assert other.get("article:12", "2", "summary", "fake-model") is not None
        assert other.get("article:12", "1", "summary", "fake-model") is None  # replaced
        assert other.get("article:12", "2", "summary", "another-model") is None
    finally:
        store.close()


def test_failures_are_not_cached(fake: FakeOpenAI) -> None:
    fake.script(Reply(status=500))
    cache = MemoryCache()
    subject = Subject.article(3, 1)

    async def run() -> tuple[LlmResult[ArticleSummary], LlmResult[ArticleSummary]]:
        async with LlmClient(_config(fake.url)) as client:
            first = await summarize_with_llm(client, TITLE, ARTICLE, subject=subject, cache=cache)
            second = await summarize_with_llm(client, TITLE, ARTICLE, subject=subject, cache=cache)
            return first, second

    first, second = asyncio.run(run())
    assert (first.backend, second.backend) == ("offline", "llm")
    assert len(fake.requests) == 2


def test_questions_are_cached_per_question(fake: FakeOpenAI) -> None:
    cache = MemoryCache()
    subject = Subject.article(5, 1)

    async def ask(question: str) -> LlmResult[Answer]:
        async with LlmClient(_config(fake.url)) as client:
            return await answer_with_llm(client, question, ARTICLE, subject=subject, cache=cache)

    asyncio.run(ask("When will the terminal close?"))
    assert asyncio.run(ask("  when will the TERMINAL close ")).cached
    assert not asyncio.run(ask("Who is the mayor?")).cached
    assert len(fake.requests) == 2


def test_story_version_follows_its_articles() -> None:
    first = Subject.story(7, [("a1", "text one"), ("a2", "text two")])
    assert first == Subject.story(7, [("a1", "text one"), ("a2", "text two")])
    assert first.version != Subject.story(7, [("a1", "text one")]).version
    assert first.version != Subject.story(7, [("a1", "text one"), ("a2", "text 2")]).version
    assert first.key == "story:7"
