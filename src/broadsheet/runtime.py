"""Wiring for the commands: build the context from settings and run a piece of work.

The CLI stays a thin layer of argument parsing; everything that opens the store, the
fetcher or a server lives here so tests can call it directly.
"""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

from rich.console import Console
from rich.progress import Progress

from broadsheet.config import Settings
from broadsheet.ingest.fetch import Fetcher
from broadsheet.ingest.opml import OpmlOutline, parse_opml, write_opml
from broadsheet.ingest.urls import host_of, is_http_url
from broadsheet.llm_jobs import brief_pending, summarize_pending
from broadsheet.pipeline import Context, RefreshReport, Subscription, subscribe
from broadsheet.store import feeds as feed_store
from broadsheet.store.db import Store, open_store
from broadsheet.store.search import SearchHit, search
from broadsheet.worker import run_pass, run_worker, worker_name


@asynccontextmanager
async def pipeline_context(
    settings: Settings, store: Store | None = None
) -> AsyncIterator[Context]:
    own_store = store is None
    store = store or open_store(settings)
    fetcher = Fetcher(settings)
    try:
        yield Context(settings=settings, store=store, fetcher=fetcher)
    finally:
        await fetcher.aclose()
        if own_store:
            store.close()


async def fetch_once(
    settings: Settings, *, force: bool = False, progress: Progress | None = None
) -> list[RefreshReport]:
    async with pipeline_context(settings) as ctx:
        if progress is None:
            reports = await run_pass(ctx, owner=worker_name(), force=force)
        else:
            with ctx.store.read() as conn:
                total = len(feed_store.due_feeds(conn, now=ctx.clock(), include_all=force))
            with progress:
                task = progress.add_task("fetching feeds", total=total)
                reports = await run_pass(
                    ctx,
                    owner=worker_name(),
                    force=force,
                    on_done=lambda _report: progress.advance(task),
                )
        await summarize_pending(ctx, owner=worker_name())  # after the feeds; LLM configured only
        await brief_pending(ctx, owner=worker_name())
        return reports


async def run_worker_forever(settings: Settings, *, batch: int, console: Console) -> None:
    def log(report: RefreshReport) -> None:
        if report.outcome == "error":
            console.print(f"[red]error[/red] {report.url}: {report.error}")
        elif report.new or report.updated:
            console.print(f"{report.url}: {report.new} new, {report.updated} updated")

    async with pipeline_context(settings) as ctx:
        console.print(
            f"worker {worker_name()} polling {settings.effective_database_url.split('://')[0]}"
        )
        await run_worker(ctx, batch=batch, on_done=log)


async def add_source(settings: Settings, url: str, *, kind: str = "auto") -> Subscription:
    async with pipeline_context(settings) as ctx:
        return await subscribe(ctx, url, kind=kind)


def feed_overview(settings: Settings) -> list[tuple[Any, ...]]:
    store = open_store(settings)
    try:
        with store.read() as conn:
            names = {s.id: s.name for s in feed_store.list_sources(conn)}
            return [
                (
                    f.id,
                    names.get(f.source_id, ""),
                    f.url,
                    f.kind,
                    f.last_status,
                    f.error_count,
                    f.last_error,
                    f.next_poll_at.isoformat(timespec="minutes"),
                )
                for f in feed_store.list_feeds(conn)
            ]
    finally:
        store.close()


def remove_feed(settings: Settings, feed_id: int) -> bool:
    store = open_store(settings)
    try:
        with store.begin() as conn:
            return feed_store.remove_feed(conn, feed_id)
    finally:
        store.close()


def import_opml(settings: Settings, data: bytes) -> tuple[int, list[tuple[str, str]]]:
    """Subscribe to every feed of an OPML file; they are fetched on the next poll."""
    outlines = parse_opml(data)
    added = 0
    failed: list[tuple[str, str]] = []
    store = open_store(settings)
    now = datetime.now(UTC)
    try:
        for outline in outlines:
            if not is_http_url(outline.xml_url):
                failed.append((outline.xml_url, "not an http(s) URL"))
                continue
            site = outline.html_url if is_http_url(outline.html_url) else None
            host = host_of(site or outline.xml_url)
            with store.begin() as conn:
                source = feed_store.source_for_host(
                    conn, host=host, name=outline.title or host, site_url=site, now=now
                )
                feed_store.add_feed(
                    conn, source_id=source.id, url=outline.xml_url, kind="feed", now=now
                )
            added += 1
    finally:
        store.close()
    return added, failed


def export_opml(settings: Settings) -> bytes:
    store = open_store(settings)
    try:
        with store.read() as conn:
            sources = {s.id: s for s in feed_store.list_sources(conn)}
            outlines = [
                OpmlOutline(
                    xml_url=f.url,
                    title=f.title or sources[f.source_id].name,
                    html_url=sources[f.source_id].site_url,
                    category=None,
                )
                for f in feed_store.list_feeds(conn)
                if f.kind in {"feed", "sitemap"}
            ]
    finally:
        store.close()
    return write_opml(outlines)


def search_articles(settings: Settings, query: str, *, limit: int, sort: str) -> list[SearchHit]:
    store = open_store(settings)
    try:
        with store.read() as conn:
            return search(conn, query, limit=limit, sort="date" if sort == "date" else "relevance")
    finally:
        store.close()


def serve_site(settings: Settings, *, host: str, port: int) -> None:
    import uvicorn  # noqa: PLC0415

    from broadsheet.web.app import create_app  # noqa: PLC0415

    store = open_store(settings)
    try:
        uvicorn.run(
            create_app(settings, store), host=host, port=port, log_level="info", access_log=False
        )
    finally:
        store.close()


def run_demo(settings: Settings, *, host: str, port: int, serve: bool, console: Console) -> None:
    """The sample world, ingested through the real pipeline, then the site."""
    from broadsheet.demo.server import DemoServer  # noqa: PLC0415

    demo_dir = settings.data_dir / "demo"
    if demo_dir.exists():
        shutil.rmtree(demo_dir)
    demo_settings = settings.replace(
        data_dir=demo_dir,
        database_url="",
        fetch_allow=(*settings.fetch_allow, "127.0.0.0/8"),
        fetch_host_delay=0.0,
    )
    with DemoServer() as world:
        base = world.start()
        console.print(f"sample news world serving at {base}")
        asyncio.run(_ingest_demo(demo_settings, world, console))
        if serve:
            console.print(
                f"[bold green]Broadsheet is running at http://{host}:{port}/[/bold green]"
            )
            serve_site(demo_settings, host=host, port=port)


async def _ingest_demo(settings: Settings, world: Any, console: Console) -> None:
    """Subscribe the way a user would (feed, site discovery, sitemap), then poll twice."""
    async with pipeline_context(settings) as ctx:
        for outlet in world.outlets():
            url = outlet.subscribe_url
            sub = await subscribe(ctx, url, kind=outlet.subscribe_kind)
            console.print(f"added {outlet.name}: {', '.join(f.url for f in sub.feeds)}")
        reports = await run_pass(ctx, owner="demo", force=True)
        console.print(f"first poll: {sum(r.new for r in reports)} articles")
        world.advance()
        reports = await run_pass(ctx, owner="demo", force=True)
        console.print(
            f"second poll: {sum(r.new for r in reports)} new, "
            f"{sum(r.updated for r in reports)} updated"
        )
