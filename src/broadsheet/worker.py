"""The polling loop: lease due feeds, refresh them, release, repeat.

Several workers (processes or machines) can share one PostgreSQL database: each takes
feeds with a lease (see ``store.feeds.lease_due_feeds``), so no feed is fetched by two
workers at once, and a dead worker's leases expire and are taken over.
"""

from __future__ import annotations

import asyncio
import os
import socket
from collections.abc import Callable
from datetime import UTC, timedelta

from sqlalchemy import func, select

from broadsheet.community.config import community_config
from broadsheet.community.jobs import run_jobs
from broadsheet.community.mail import SmtpMailer
from broadsheet.llm_jobs import brief_pending, summarize_pending
from broadsheet.pipeline import Context, RefreshReport, assign_stories, refresh_many
from broadsheet.store import feeds as feed_store
from broadsheet.store.schema import feeds


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _dead_on_this_host(owner: str) -> bool:
    """Whether ``owner`` names a process of this machine that no longer runs."""
    host, _, pid = owner.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def reclaim_dead_leases(ctx: Context) -> int:
    """Free the leases of workers of this host that died (killed, crashed).

    Leases of other hosts are left to expire on their own; on one machine we can tell
    for sure, so a rerun after a crash need not wait for the lease to run out.
    """
    with ctx.store.begin() as conn:
        dead = [o for o in feed_store.lease_owners(conn) if _dead_on_this_host(o)]
        return sum(feed_store.release_owner(conn, owner) for owner in dead)


async def run_pass(
    ctx: Context,
    *,
    owner: str,
    batch: int = 50,
    force: bool = False,
    on_done: Callable[[RefreshReport], None] | None = None,
) -> list[RefreshReport]:
    """Refresh every due feed once (every feed with ``force``), in leased batches."""
    reports: list[RefreshReport] = []
    seen: set[int] = set()
    reclaim_dead_leases(ctx)
    while True:
        with ctx.store.begin() as conn:
            leased = feed_store.lease_due_feeds(
                conn,
                owner=owner,
                now=ctx.clock(),
                limit=batch,
                lease_seconds=ctx.settings.worker_lease_seconds,
                force=force,
            )
        fresh = [f for f in leased if f.id not in seen]
        if not fresh:
            _release(ctx, [f.id for f in leased], owner)
            return reports
        try:
            reports += await refresh_many(ctx, fresh, on_done=on_done)
        finally:
            _release(ctx, [f.id for f in leased], owner)
        while assign_stories(ctx):  # in batches, until every stored article has a story
            pass
        seen.update(f.id for f in fresh)


def _release(ctx: Context, feed_ids: list[int], owner: str) -> None:
    with ctx.store.begin() as conn:
        for feed_id in feed_ids:
            feed_store.release_feed(conn, feed_id, owner=owner)


async def run_worker(
    ctx: Context,
    *,
    owner: str | None = None,
    batch: int = 20,
    stop: asyncio.Event | None = None,
    max_idle: float = 30.0,
    on_done: Callable[[RefreshReport], None] | None = None,
) -> None:
    """Poll forever (until ``stop`` is set)."""
    name = owner or worker_name()
    stop = stop or asyncio.Event()
    mailer = SmtpMailer(community_config(ctx.settings)) if ctx.settings.smtp_host else None
    while not stop.is_set():
        await run_pass(ctx, owner=name, batch=batch, on_done=on_done)
        await summarize_pending(ctx, owner=name)  # only with an LLM configured; never in refresh
        await brief_pending(ctx, owner=name)
        if mailer is not None:  # without a mail server, mail waits in the outbox
            await run_jobs(ctx.settings, ctx.store, now=ctx.clock(), mailer=mailer)
        delay = _seconds_until_next_due(ctx, max_idle)
        try:
            await asyncio.wait_for(stop.wait(), timeout=delay)
        except TimeoutError:
            continue


def _seconds_until_next_due(ctx: Context, max_idle: float) -> float:
    with ctx.store.read() as conn:
        soonest = conn.execute(
            select(func.min(feeds.c.next_poll_at)).where(feeds.c.enabled.is_(True))
        ).scalar_one_or_none()
    if soonest is None:
        return max_idle
    if soonest.tzinfo is None:  # an aggregate on SQLite may skip the column type
        soonest = soonest.replace(tzinfo=UTC)
    wait: float = (soonest - ctx.clock()) / timedelta(seconds=1)
    return min(max(wait, 0.5), max_idle)
