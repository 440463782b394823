"""Several `broadsheet worker` processes share one PostgreSQL database."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from broadsheet.store.schema import metadata
from tests.support.feedserver import SyntheticNews

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
FEEDS, ENTRIES = 12, 3


def _env(tmp_path: Path, url: str, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        BROADSHEET_DATA_DIR=str(tmp_path / "data"),
        BROADSHEET_DATABASE_URL=url,
        BROADSHEET_FETCH_ALLOW="127.0.0.0/8",
        BROADSHEET_FETCH_HOST_DELAY="0",
        BROADSHEET_FETCH_PER_HOST="8",
        **extra,
    )
    return env


def _setup(tmp_path: Path, url: str, news: SyntheticNews, env: dict[str, str]) -> None:
    engine = create_engine(url)
    metadata.drop_all(engine)  # start from an empty schema; the CLI migrates it again
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    engine.dispose()
    opml = tmp_path / "feeds.opml"
    outlines = "".join(f'<outline type="rss" xmlUrl="{u}"/>' for u in news.feed_urls())
    opml.write_text(f'<opml version="2.0"><body>{outlines}</body></opml>')
    subprocess.run(
        [sys.executable, "-m", "broadsheet", "opml", "import", str(opml)], env=env, check=True
    )


def _count_articles(url: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(text("SELECT count(*) FROM articles")).scalar_one())
    finally:
        engine.dispose()


def _start_worker(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as handle:  # the child keeps its own copy of the descriptor
        return subprocess.Popen(
            [sys.executable, "-m", "broadsheet", "worker", "--batch", "2"],
            env=env,
            stdout=handle,
            stderr=subprocess.STDOUT,
        )


def _wait_for(url: str, total: int, deadline: float) -> int:
    count = 0
    while time.monotonic() < deadline:
        count = _count_articles(url)
        if count >= total:
            break
        time.sleep(0.5)
    return count


def test_two_workers_share_feeds_without_fetching_one_twice(
    tmp_path: Path, pg_schema_url: str
) -> None:
    news = SyntheticNews(feeds=FEEDS, entries=ENTRIES, conditional_share=0.0)
    news.feed_delay = 0.3
    news.start()
    env = _env(tmp_path, pg_schema_url)
    workers: list[subprocess.Popen[bytes]] = []
    try:
        _setup(tmp_path, pg_schema_url, news, env)
        workers = [_start_worker(env, tmp_path / f"w{i}.log") for i in range(2)]
        count = _wait_for(pg_schema_url, FEEDS * ENTRIES, time.monotonic() + 120)
        time.sleep(1.0)  # give a double fetch, if any, time to show up
    finally:
        for proc in workers:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=30)
        news.stop()
    assert count == FEEDS * ENTRIES
    feed_hits = {p: n for p, n in news.hits.items() if p.startswith("/feed/")}
    assert len(feed_hits) == FEEDS
    assert set(feed_hits.values()) == {1}, feed_hits
    page_hits = {p: n for p, n in news.hits.items() if p.startswith("/article/")}
    assert set(page_hits.values()) == {1}
    logs = [(tmp_path / f"w{i}.log").read_text() for i in range(2)]
    assert all("new" in log for log in logs), logs


def test_a_dead_workers_feeds_are_taken_over(tmp_path: Path, pg_schema_url: str) -> None:
    news = SyntheticNews(feeds=FEEDS, entries=ENTRIES, conditional_share=0.0)
    news.feed_delay = 2.0
    news.start()
    env = _env(tmp_path, pg_schema_url, BROADSHEET_WORKER_LEASE_SECONDS="4")
    survivor = None
    try:
        _setup(tmp_path, pg_schema_url, news, env)
        doomed = _start_worker(env, tmp_path / "doomed.log")
        deadline = time.monotonic() + 30
        while not news.hits and time.monotonic() < deadline:
            time.sleep(0.05)
        doomed.send_signal(signal.SIGKILL)  # dies holding a lease, mid-request
        doomed.wait()
        news.feed_delay = 0.0
        survivor = _start_worker(env, tmp_path / "survivor.log")
        count = _wait_for(pg_schema_url, FEEDS * ENTRIES, time.monotonic() + 120)
    finally:
        if survivor is not None:
            survivor.send_signal(signal.SIGTERM)
            survivor.wait(timeout=30)
        news.stop()
    assert count == FEEDS * ENTRIES
