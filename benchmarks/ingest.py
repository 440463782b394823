"""Ingest benchmark: articles per second from fetched page to stored, searchable article.

    python benchmarks/ingest.py [--rounds 5] [--feeds 20 --entries 25]

Two measurements:
1. page → article: the demo world's article pages (realistic furniture), already fetched,
   go through extraction and the store (SQLite, FTS index included) ROUNDS times under
   distinct URLs. Reports articles/s of wall and of CPU, and the share spent extracting.
2. end to end: `broadsheet fetch --all` over a synthetic site on loopback (FEEDS feeds of
   ENTRIES items, pages included) in a child process: articles/s of wall, peak memory.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from _common import REPO, measure, start_feed_server
from broadsheet.config import Settings
from broadsheet.demo.server import DemoServer
from broadsheet.ingest.extract import extract_article
from broadsheet.ingest.fetch import Fetcher
from broadsheet.model import ArticleDraft
from broadsheet.store import articles as article_store
from broadsheet.store import feeds as feed_store
from broadsheet.store.db import open_store
from broadsheet.store.search import search


async def _demo_pages() -> list[tuple[str, bytes]]:
    with DemoServer() as world:
        world.start()
        fetcher = Fetcher(Settings(fetch_allow=("127.0.0.0/8",), fetch_host_delay=0.0))
        try:
            pages = []
            for item in world.golden():
                result = await fetcher.fetch(world.url_for(item), purpose="page")
                pages.append((result.url, result.body))
            return pages
        finally:
            await fetcher.aclose()


def page_to_article(rounds: int) -> None:
    pages = asyncio.run(_demo_pages())
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Settings(data_dir=Path(tmp)))
        now = datetime.now(UTC)
        with store.begin() as conn:
            source = feed_store.source_for_host(
                conn, host="bench", name="bench", site_url=None, now=now
            )
        extract_cpu = 0.0
        wall0, cpu0 = time.perf_counter(), time.process_time()
        count = 0
        for n in range(rounds):
            for url, body in pages:
                t = time.process_time()
                item = extract_article(body, url=url)
                extract_cpu += time.process_time() - t
                draft = ArticleDraft(
                    canonical_url=f"{url}?round={n}",
                    url=url,
                    source_id=source.id,
                    title=item.title,
                    text=item.text,
                    status="extracted",
                    byline=item.byline,
                    published_at=item.published,
                    html=item.html,
                    language=item.language,
                )
                with store.begin() as conn:
                    article_store.save_article(conn, draft, now=now)
                count += 1
        wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
        with store.read() as conn:  # the index is live: the last title is found
            assert search(conn, item.title or "", limit=rounds * len(pages))
        store.close()
    print(f"page -> stored article: {count} articles ({len(pages)} demo pages x {rounds})")
    print(
        f"  {count / wall:.1f} articles/s wall, {count / cpu:.1f} articles/s CPU; "
        f"extraction {100 * extract_cpu / cpu:.0f}% of CPU"
    )


def end_to_end(feeds: int, entries: int) -> None:
    server, base = start_feed_server(feeds, entries, 0.0)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            env = dict(os.environ)
            env.update(
                BROADSHEET_DATA_DIR=tmp,
                BROADSHEET_FETCH_ALLOW="127.0.0.0/8",
                BROADSHEET_FETCH_HOST_DELAY="0",
                BROADSHEET_FETCH_PER_HOST="20",
            )
            env.pop("BROADSHEET_DATABASE_URL", None)
            opml = Path(tmp) / "f.opml"
            body = "".join(f'<outline xmlUrl="{base}/feed/{i}.xml"/>' for i in range(feeds))
            opml.write_text(f'<opml version="2.0"><body>{body}</body></opml>')
            cli = [sys.executable, "-m", "broadsheet"]
            assert measure([*cli, "opml", "import", str(opml)], env=env).returncode == 0
            run = measure([*cli, "fetch", "--all"], env=env)
            assert run.returncode == 0, run.output[-2000:]
    finally:
        server.terminate()
    total = feeds * entries
    print(f"end to end (fetch feed + page, extract, store): {total} articles")
    print(
        f"  {total / run.wall:.1f} articles/s wall, {run.cpu:.1f} s CPU, "
        f"peak {run.peak_rss_mb:.0f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--feeds", type=int, default=20)
    parser.add_argument("--entries", type=int, default=25)
    args = parser.parse_args()
    page_to_article(args.rounds)
    end_to_end(args.feeds, args.entries)


if __name__ == "__main__":
    os.chdir(REPO)
    main()
