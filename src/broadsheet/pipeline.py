"""The orchestration: from a subscription to stored, searchable articles.

Read top to bottom, ``refresh_feed`` is the whole ingest path of one feed:

    fetch the feed (conditional GET)  →  parse entries  →  store entries
    →  for each new or changed entry: fetch its page → extract → store the article
    →  record the feed's health and when to poll it next

Stages never call each other; they are called from here. Every failure a stage raises
is caught here once and stored on the record it concerns: a feed's ``last_error`` and
backoff, or an article's ``status = "feed_only"`` with its ``extraction_error``. The
store is written in small transactions, each of which leaves the database consistent,
so a crash at any point loses nothing and a rerun finishes the work exactly once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import Connection

from broadsheet import briefing
from broadsheet.config import Settings
from broadsheet.errors import BroadsheetError, ExtractError, FetchError, HTTPStatusError, ParseError
from broadsheet.ingest import schedule
from broadsheet.ingest.discover import COMMON_FEED_PATHS, discover_feeds
from broadsheet.ingest.extract import extract_article
from broadsheet.ingest.feeds import parse_feed
from broadsheet.ingest.fetch import Fetcher
from broadsheet.ingest.text import html_to_text
from broadsheet.ingest.urls import canonicalize, host_of, resolve_url
from broadsheet.model import (
    Article,
    ArticleDraft,
    Extracted,
    Feed,
    FetchResult,
    ParsedFeed,
    PendingEntry,
)
from broadsheet.store import articles as article_store
from broadsheet.store import feeds as feed_store
from broadsheet.store import insights as insight_store
from broadsheet.store import stories as story_store
from broadsheet.store.db import Store
from broadsheet.understand.enrich import enrich
from broadsheet.understand.neardup import NearDuplicateIndex
from broadsheet.understand.stories import ArticleIn, StoryClusterer

Clock = Callable[[], datetime]
MAX_CHILD_SITEMAPS = 10


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass
class StoryMemory:
    """The clusterer as last loaded or saved, and the state version it matches."""

    version: int = -1
    clusterer: StoryClusterer | None = None


@dataclass
class Context:
    """What every pipeline step needs, passed in explicitly."""

    settings: Settings
    store: Store
    fetcher: Fetcher
    clock: Clock = utcnow
    stories: StoryMemory = field(default_factory=StoryMemory)


@dataclass
class RefreshReport:
    feed_id: int
    url: str
    outcome: str = "ok"  # ok | not_modified | error
    error: str | None = None
    new: int = 0
    updated: int = 0
    feed_only: int = 0
    entries: int = 0
    failures: list[str] = field(default_factory=list)


async def refresh_feed(ctx: Context, feed: Feed) -> RefreshReport:
    """One poll of one feed, end to end."""
    report = RefreshReport(feed_id=feed.id, url=feed.url)
    now = ctx.clock()
    try:
        result = await ctx.fetcher.fetch(
            feed.url, etag=feed.etag, last_modified=feed.last_modified, purpose="feed"
        )
        parsed = None if result.not_modified else await _parse_with_children(ctx, result)
    except (FetchError, ParseError) as exc:
        _record_feed_error(ctx, feed, exc, now)
        report.outcome, report.error = "error", str(exc)
        return report

    cache_seconds = schedule.cache_lifetime(result.headers, now)
    with ctx.store.begin() as conn:
        if parsed is not None:
            feed_store.name_source(
                conn, feed.source_id, title=parsed.title, site_url=parsed.site_url
            )
            article_store.upsert_entries(conn, feed.id, parsed.entries, now=now)
            report.entries = len(parsed.entries)
        feed_store.log_fetch(
            conn,
            feed_id=feed.id,
            url=feed.url,
            outcome="not_modified" if result.not_modified else "ok",
            status=result.status,
            size=len(result.body),
            elapsed=result.elapsed,
            now=now,
        )
    # Entries left pending by an earlier crash are picked up here too.
    with ctx.store.read() as conn:
        pending = article_store.pending_entries(conn, feed.id)
    if ctx.settings.fetch_pages:
        outcomes = await asyncio.gather(*(ingest_entry(ctx, feed, entry) for entry in pending))
    else:  # nothing to wait for: store the feed's own text in one transaction
        drafts = [
            (e, _draft(feed.source_id, e, e.url, None, None) if e.url else None) for e in pending
        ]
        outcomes = _save(ctx, drafts)
    for change, failure in outcomes:
        if change == "new":
            report.new += 1
        elif change == "updated":
            report.updated += 1
        if failure:
            report.feed_only += 1
            report.failures.append(failure)

    entry_times = [e.published for e in parsed.entries if e.published] if parsed else []
    next_poll = schedule.next_poll(
        now=now,
        entry_times=entry_times,
        ttl_minutes=parsed.ttl_minutes if parsed else feed.ttl_minutes,
        cache_seconds=cache_seconds,
        retry_after=None,
        min_minutes=ctx.settings.poll_min_minutes,
        max_minutes=ctx.settings.poll_max_minutes,
    )
    with ctx.store.begin() as conn:
        feed_store.record_success(
            conn,
            feed.id,
            now=now,
            status=result.status,
            next_poll_at=next_poll,
            etag=result.etag or (feed.etag if result.not_modified else None),
            last_modified=result.last_modified
            or (feed.last_modified if result.not_modified else None),
            title=parsed.title if parsed else None,
            ttl_minutes=parsed.ttl_minutes if parsed else None,
        )
    report.outcome = "not_modified" if result.not_modified else "ok"
    return report


async def _parse_with_children(ctx: Context, result: FetchResult) -> ParsedFeed:
    """Parse a feed; for a sitemap index, read its first child sitemaps as well."""
    parsed = parse_feed(
        result.body,
        url=result.url,
        content_type=result.content_type,
        max_items=ctx.settings.max_items_per_feed,
    )
    if parsed.kind != "sitemapindex":
        return parsed
    entries = list(parsed.entries)
    for child_url in parsed.links[:MAX_CHILD_SITEMAPS]:
        child = await ctx.fetcher.fetch(child_url, purpose="feed")
        child_feed = parse_feed(child.body, url=child.url, content_type=child.content_type)
        entries.extend(child_feed.entries)
    limit = ctx.settings.max_items_per_feed
    return ParsedFeed(
        kind="sitemap",
        title=parsed.title,
        site_url=parsed.site_url,
        entries=tuple(entries[:limit]),
        warnings=parsed.warnings,
    )


async def ingest_entry(ctx: Context, feed: Feed, entry: PendingEntry) -> tuple[str, str | None]:
    """Fetch and extract the page of one entry and store the article.

    Returns the store's change ("new", "updated", "unchanged" or "skipped") and, when the
    page could not be used, why. The article and the entry's done-mark are written in one
    transaction: either both land or neither does.
    """
    if entry.url is None:
        return _save(ctx, [(entry, None)])[0]
    failure: str | None = None
    final_url = entry.url
    extracted: Extracted | None = None
    try:
        page = await ctx.fetcher.fetch(entry.url, purpose="page")
        final_url = page.url
        extracted = extract_article(page.body, url=page.url)
    except (FetchError, ExtractError) as exc:
        failure = f"{entry.url}: {exc}"
    draft = _draft(feed.source_id, entry, final_url, extracted, failure)
    return _save(ctx, [(entry, draft)])[0]


def _save(
    ctx: Context, items: list[tuple[PendingEntry, ArticleDraft | None]]
) -> list[tuple[str, str | None]]:
    """Store articles and mark their entries done, all in one transaction.

    An entry without a draft (it has no link) is only marked done.
    """
    now = ctx.clock()
    insights = {
        id(draft): enrich(draft.title, draft.text, language=draft.language)
        for _, draft in items
        if draft is not None and draft.text
    }
    outcomes: list[tuple[str, str | None]] = []
    with ctx.store.begin() as conn:
        for entry, draft in items:
            article_id, change = (
                article_store.save_article(conn, draft, now=now) if draft else (None, "skipped")
            )
            article_store.mark_entry_done(
                conn, entry.id, fingerprint=entry.fingerprint, article_id=article_id
            )
            found = insights.get(id(draft))
            if article_id is not None and found is not None and change != "unchanged":
                version = article_store.current_version(conn, article_id)
                insight_store.save_insights(
                    conn,
                    article_id,
                    version=version,
                    data=found.to_json(),
                    topic=found.topic,
                    cpu_ms=found.cpu_ms,
                    now=now,
                )
            outcomes.append((change, draft.extraction_error if draft else None))
    return outcomes


def _draft(
    source_id: int,
    entry: PendingEntry,
    final_url: str,
    extracted: Extracted | None,
    failure: str | None,
) -> ArticleDraft:
    canonical = canonicalize(entry.url or final_url)
    if extracted is not None:
        # Trust the page's canonical link only within its own site: syndicated copies
        # often point at the wire agency, and each outlet's copy is its own article.
        page_canonical = extracted.canonical_url
        if page_canonical and host_of(page_canonical) == host_of(final_url):
            canonical = canonicalize(page_canonical)
        return ArticleDraft(
            canonical_url=canonical,
            url=final_url,
            source_id=source_id,
            title=extracted.title or entry.title,
            text=extracted.text,
            status="extracted",
            byline=extracted.byline or entry.author,
            published_at=extracted.published or entry.published_at,
            updated_at=extracted.updated or entry.updated_at,
            html=extracted.html,
            summary=html_to_text(entry.summary) or extracted.description,
            image_url=extracted.image_url,
            language=extracted.language,
            site_name=extracted.site_name,
        )
    body = html_to_text(entry.content) or html_to_text(entry.summary)
    return ArticleDraft(
        canonical_url=canonical,
        url=final_url,
        source_id=source_id,
        title=entry.title,
        text=body,
        status="feed_only",
        byline=entry.author,
        published_at=entry.published_at,
        updated_at=entry.updated_at,
        html=entry.content or entry.summary,
        summary=html_to_text(entry.summary) or None,
        extraction_error=failure,
    )


def _record_feed_error(ctx: Context, feed: Feed, exc: BroadsheetError, now: datetime) -> None:
    status = exc.status if isinstance(exc, HTTPStatusError) else None
    retry_after = exc.retry_after if isinstance(exc, HTTPStatusError) else None
    next_poll = schedule.backoff(
        now=now,
        error_count=feed.error_count + 1,
        retry_after=retry_after,
        min_minutes=ctx.settings.poll_min_minutes,
        max_minutes=ctx.settings.poll_max_minutes,
    )
    with ctx.store.begin() as conn:
        feed_store.record_error(
            conn, feed.id, now=now, message=str(exc), next_poll_at=next_poll, status=status
        )
        feed_store.log_fetch(
            conn,
            feed_id=feed.id,
            url=feed.url,
            outcome="error",
            status=status,
            error=str(exc),
            now=now,
        )


async def refresh_many(
    ctx: Context,
    feeds: Iterable[Feed],
    *,
    on_done: Callable[[RefreshReport], None] | None = None,
) -> list[RefreshReport]:
    """Refresh feeds concurrently; the fetcher keeps it polite per host."""

    async def one(feed: Feed) -> RefreshReport:
        report = await refresh_feed(ctx, feed)
        if on_done is not None:
            on_done(report)
        return report

    return list(await asyncio.gather(*(one(f) for f in feeds)))


# --- understanding: stories ------------------------------------------------------------


def assign_stories(ctx: Context, *, batch: int = 500) -> int:
    """Put every stored article that has no story yet into one, in arrival order.

    One transaction holds the clusterer's state for writing, so workers take turns and a
    crash leaves either all of a batch assigned or none of it. Syndicated copies (the
    same wire story from several outlets) are marked as copies of the first one. The
    state is read only when another worker saved since this one did, and a batch writes
    back only the stories and articles it changed.
    """
    now = ctx.clock()
    memory = ctx.stories
    try:
        with ctx.store.begin() as conn:
            changed, retired, count = _assign_batch(ctx, conn, batch=batch, now=now)
    except BaseException:
        memory.clusterer, memory.version = None, -1  # it may hold what was rolled back
        raise
    # Briefs of the stories that grew, each in its own transaction (the lock is released).
    briefing.refresh_briefs(ctx.store, changed, retired=retired, now=now)
    return count


def _load_clusterer(conn: Connection) -> StoryClusterer:
    head = story_store.load_state(conn)
    if head is None:
        return StoryClusterer()
    if "articles" in head:  # the whole state in one row, as saved before revision 0008
        clusterer = StoryClusterer.from_state(head)
        clusterer.mark_all_changed()  # the next save writes it as rows
        return clusterer
    return StoryClusterer.from_parts(head, *story_store.load_rows(conn))


def _assign_batch(
    ctx: Context, conn: Connection, *, batch: int, now: datetime
) -> tuple[list[str], list[str], int]:
    """One batch under the state lock; the stories changed and retired, and its size."""
    version = story_store.lock_state(conn, now=now)
    pending = story_store.unassigned(conn, limit=batch)
    if not pending:
        return [], [], 0
    memory = ctx.stories
    if memory.clusterer is None or memory.version != version:
        memory.clusterer = _load_clusterer(conn)
    clusterer = memory.clusterer
    retired_before = set(clusterer.merged_into)
    touched: set[str] = set()
    for article in pending:
        story_id = clusterer.add(
            ArticleIn(
                id=str(article.id),
                title=article.title or "",
                text=article.text,
                published=article.published_at or article.created_at,
                source=str(article.source_id),
                lang=article.language,
            )
        )
        related = [
            (int(other), score)
            for other, score in clusterer.related_elsewhere(str(article.id), k=5)
        ]
        candidates = story_store.copy_candidates(
            conn, story_id, other_than_source=article.source_id
        )
        copy_of = _copy_of(candidates, article)
        story_store.assign(
            conn, article.id, story_id=story_id, duplicate_of=copy_of, related=related, now=now
        )
        touched.add(story_id)
    retired = sorted(set(clusterer.merged_into) - retired_before)
    for old in retired:
        story_store.retire(conn, old, clusterer.current(old))
        touched.add(clusterer.current(old))
    changed = sorted({clusterer.current(story_id) for story_id in touched})
    for story_id in changed:
        story_store.refresh(conn, story_id, lead=int(clusterer.lead(story_id)))
    clusterer.forget_old()  # the state holds about a week of news, not all of it
    story_store.save_changes(conn, clusterer.take_changes(), version=version + 1, now=now)
    memory.version = version + 1
    return changed, retired, len(pending)


def _copy_of(candidates: list[tuple[int, str]], article: Article) -> int | None:
    """The first candidate (other outlets' members) whose text this article nearly repeats."""
    index = NearDuplicateIndex()
    for member_id, text in candidates:
        if member_id != article.id:
            index.add(str(member_id), text)
    found = index.add(str(article.id), article.text)
    return int(found) if found is not None else None


# --- subscribing ---------------------------------------------------------------------


@dataclass
class Subscription:
    feeds: list[Feed]
    article_id: int | None = None
    note: str = ""


async def subscribe(ctx: Context, url: str, *, kind: str = "auto") -> Subscription:
    """Add a source by feed URL, site URL, news sitemap URL or single article URL.

    ``kind`` is "auto" (work it out), "feed", "sitemap", "site" or "page". For a site,
    feeds are discovered from ``<link rel="alternate">`` and then common paths.
    """
    if kind == "page":
        return await _subscribe_page(ctx, url)
    result = await ctx.fetcher.fetch(url, purpose="feed")
    try:
        parsed = parse_feed(result.body, url=result.url, content_type=result.content_type)
    except ParseError as exc:
        if kind in {"feed", "sitemap"}:
            raise
        candidates = discover_feeds(result.body, result.url)
        origin = resolve_url(result.url, "/")
        candidates += [u for p in COMMON_FEED_PATHS if (u := resolve_url(origin, p))]
        for candidate in dict.fromkeys(candidates):
            try:
                found = await ctx.fetcher.fetch(candidate, purpose="feed")
                feed_doc = parse_feed(found.body, url=found.url, content_type=found.content_type)
            except (FetchError, ParseError):
                continue
            feed = _add_feed(ctx, found.url, feed_doc, site_url=result.url)
            return Subscription(feeds=[feed], note=f"found feed {found.url}")
        if kind == "site":
            raise ParseError(f"no feed found at {url}") from exc
        return await _subscribe_page(ctx, url)
    feed = _add_feed(ctx, result.url, parsed, site_url=parsed.site_url)
    return Subscription(feeds=[feed])


def _add_feed(ctx: Context, url: str, parsed: ParsedFeed, *, site_url: str | None) -> Feed:
    now = ctx.clock()
    host = host_of(site_url or url)
    kind = "sitemap" if parsed.kind in {"sitemap", "sitemapindex"} else "feed"
    with ctx.store.begin() as conn:
        source = feed_store.source_for_host(
            conn, host=host, name=parsed.title or host, site_url=site_url, now=now
        )
        return feed_store.add_feed(conn, source_id=source.id, url=url, kind=kind, now=now)


async def _subscribe_page(ctx: Context, url: str) -> Subscription:
    """A single article: fetched, extracted and stored once."""
    page = await ctx.fetcher.fetch(url, purpose="page")
    extracted = extract_article(page.body, url=page.url)
    now = ctx.clock()
    host = host_of(page.url)
    with ctx.store.begin() as conn:
        source = feed_store.source_for_host(
            conn,
            host=host,
            name=extracted.site_name or host,
            site_url=resolve_url(page.url, "/"),
            now=now,
        )
        entry = PendingEntry(
            id=0,
            feed_id=0,
            guid=page.url,
            url=page.url,
            title=extracted.title,
            summary=None,
            content=None,
            author=None,
            published_at=None,
            updated_at=None,
            fingerprint="",
        )
        draft = _draft(source.id, entry, page.url, extracted, None)
        article_id, _ = article_store.save_article(conn, draft, now=now)
    return Subscription(feeds=[], article_id=article_id, note="stored one article")
