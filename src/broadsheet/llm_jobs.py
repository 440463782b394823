"""The LLM's share of the worker loop: article summaries and story briefs by the model.

``refresh_feed`` stores the offline panel of every new article version (``enrich``), and
story assignment the offline brief of every story that changed (``briefing``); neither
waits on a model. When an LLM is configured (``llm_url``), the worker and
``broadsheet fetch`` call :func:`summarize_pending` and then :func:`brief_pending` after
each pass:

    stored panels without a summary by the model  →  take a few (a lease per version)
    →  summarize_with_llm (bounded in time, concurrency and tokens; every sentence
       checked against the article)  →  the grounded result in ``llm_results``
    →  the job's outcome beside it: done (with the grounding pass rate), or failed
       with the reason and when to try again

    stored story briefs without a brief by the model for their fingerprint (the member
    article versions)  →  the same, with brief_with_llm over the articles the offline
    brief read; every sentence cites the member articles that support it

Each job takes at most ``llm_batch`` items per call, ``llm_concurrency`` at a time, newest
first (articles by id, stories by last update). A failure (timeout, HTTP error,
unreadable or ungrounded output) is retried after ``llm_retry_minutes``, doubling each
time up to a day; a spent token budget is tried again the next UTC day and ends the
call. The lease (see ``store.llm_cache``) keeps two workers from doing the same article
version or story fingerprint; a dead worker's lease runs out. A story that grows, or
whose article is edited, has a new fingerprint and so a new brief is due.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any, TypeVar

from sqlalchemy import Connection

from broadsheet.briefing import ensure_brief
from broadsheet.pipeline import Context
from broadsheet.store import articles as article_store
from broadsheet.store import briefs as brief_store
from broadsheet.store import llm_cache as llm_store
from broadsheet.store.llm_cache import BriefJob, StoreBudget, StoreCache, SummaryJob
from broadsheet.understand.brief import BriefInput, StoryBrief
from broadsheet.understand.llm import LlmClient, LlmConfig
from broadsheet.understand.llm_cache import Subject
from broadsheet.understand.llm_features import LlmResult, brief_with_llm, summarize_with_llm
from broadsheet.understand.summarize import ArticleSummary

MAX_RETRY = timedelta(days=1)
DETAIL_CHARS = 300

J = TypeVar("J")
K = TypeVar("K")


@dataclass
class LlmJobReport:
    taken: int = 0  # article versions (or story fingerprints) this call leased
    written: int = 0  # grounded summaries (or briefs) stored
    failed: Counter[str] = field(default_factory=Counter)  # by reason
    checked: int = 0  # sentences the model wrote, checked for grounding
    flagged: int = 0  # of those, dropped as unsupported

    @property
    def pass_rate(self) -> float | None:
        return (self.checked - self.flagged) / self.checked if self.checked else None


def retry_after(attempts: int, first_minutes: int) -> timedelta:
    """The wait after the ``attempts``-th failure in a row: doubling, at most a day."""
    doublings = min(max(attempts - 1, 0), 16)
    return min(timedelta(minutes=first_minutes) * (1 << doublings), MAX_RETRY)


def _next_utc_day(now: datetime) -> datetime:
    return datetime.combine(now.date() + timedelta(days=1), time(), tzinfo=now.tzinfo)


Job = Callable[[Context, LlmClient, str], Awaitable[LlmJobReport]]


async def _with_client(
    ctx: Context, client: LlmClient | None, owner: str, job: Job
) -> LlmJobReport:
    """Run ``job`` with ``client``, or one built from the settings (with the shared token
    budget in the store); nothing when no LLM is configured."""
    config = client.config if client is not None else LlmConfig.from_settings(ctx.settings)
    if not config.enabled:
        return LlmJobReport()
    if client is None:
        async with LlmClient(config, budget=StoreBudget(ctx.store)) as own:
            return await job(ctx, own, owner)
    return await job(ctx, client, owner)


async def summarize_pending(
    ctx: Context, *, owner: str, client: LlmClient | None = None
) -> LlmJobReport:
    """Have the model summarise stored article versions that lack its summary.

    Does nothing when no LLM is configured. ``client`` is built from the settings (with
    the shared token budget in the store) when not given.
    """
    return await _with_client(ctx, client, owner, _summaries)


async def brief_pending(
    ctx: Context, *, owner: str, client: LlmClient | None = None
) -> LlmJobReport:
    """Have the model brief stored stories whose current brief fingerprint lacks its brief.

    Does nothing when no LLM is configured; ``client`` as for :func:`summarize_pending`.
    """
    return await _with_client(ctx, client, owner, _briefs)


async def _run(
    ctx: Context,
    client: LlmClient,
    *,
    take: Callable[[int], list[J]],
    ask: Callable[[J], Awaitable[LlmResult[Any] | None]],
    record: Callable[[J, LlmResult[Any], dict[str, Any], datetime], None],
    attempts_of: Callable[[J], int],
) -> LlmJobReport:
    """The loop both jobs share: take a few, ask for them at once, record each outcome."""
    report = LlmJobReport()
    limit = ctx.settings.llm_batch
    while report.taken < limit:
        jobs = take(min(client.config.concurrency, limit - report.taken))
        if not jobs:
            break
        report.taken += len(jobs)
        results = await asyncio.gather(*(ask(job) for job in jobs))
        for job, result in zip(jobs, results, strict=True):
            if result is not None:
                state, not_before = _outcome(ctx, attempts_of(job), result, report)
                record(job, result, state, not_before)
        if report.failed["budget"]:
            break
    return report


def _take(
    ctx: Context,
    client: LlmClient,
    count: int,
    *,
    due: Callable[[Connection, datetime, int], Sequence[K]],
    claim: Callable[[Connection, K, datetime, datetime], J | None],
) -> list[J]:
    now = ctx.clock()
    lease = timedelta(seconds=max(ctx.settings.worker_lease_seconds, 2 * client.config.timeout))
    taken: list[J] = []
    with ctx.store.begin() as conn:
        # A few spare candidates: another worker may take some of them first.
        for key in due(conn, now, count * 3):
            job = claim(conn, key, now, now + lease)
            if job is not None:
                taken.append(job)
                if len(taken) == count:
                    break
    return taken


def _outcome(
    ctx: Context, attempts: int, result: LlmResult[Any], report: LlmJobReport
) -> tuple[dict[str, Any], datetime]:
    """The job row's state after ``result``, and when the row may be taken again."""
    now = ctx.clock()
    report.checked += result.checked
    report.flagged += result.flagged
    state: dict[str, Any] = {
        "checked": result.checked,
        "flagged": result.flagged,
        "finished_at": now.isoformat(),
    }
    if result.backend == "llm":
        report.written += 1
        return state | {"state": "done", "attempts": attempts}, now
    reason = result.fallback_reason or "offline"
    report.failed[reason] += 1
    if reason == "budget":  # not the model's failure: try again when the day's budget resets
        not_before = _next_utc_day(now)
    else:
        attempts += 1
        not_before = now + retry_after(attempts, ctx.settings.llm_retry_minutes)
    state |= {
        "state": "failed",
        "reason": reason,
        "detail": (result.detail or "")[:DETAIL_CHARS],
        "attempts": attempts,
        "retry_at": not_before.isoformat(),
    }
    return state, not_before


# -- article summaries ------------------------------------------------------------------


async def _summaries(ctx: Context, client: LlmClient, owner: str) -> LlmJobReport:
    model = client.config.model

    def take(count: int) -> list[SummaryJob]:
        return _take(
            ctx,
            client,
            count,
            due=lambda conn, now, n: llm_store.due_summaries(conn, model=model, now=now, limit=n),
            claim=lambda conn, article_id, now, until: llm_store.claim_summary(
                conn, article_id, model=model, owner=owner, now=now, lease_until=until
            ),
        )

    def record(
        job: SummaryJob, result: LlmResult[Any], state: dict[str, Any], not_before: datetime
    ) -> None:
        if result.backend == "llm":
            state["method"] = result.result.method
        with ctx.store.begin() as conn:
            llm_store.finish_summary(conn, job, model=model, state=state, not_before=not_before)

    return await _run(
        ctx,
        client,
        take=take,
        ask=lambda job: _summarize(ctx, client, job),
        record=record,
        attempts_of=lambda job: job.attempts,
    )


async def _summarize(
    ctx: Context, client: LlmClient, job: SummaryJob
) -> LlmResult[ArticleSummary] | None:
    """The model's summary of the job's version; None when the article moved on."""
    with ctx.store.read() as conn:
        article = article_store.get_article(conn, job.article_id)
    if article is None or article.version != job.version or not article.text:
        return None  # a newer version has its own panel, and its own job
    return await summarize_with_llm(
        client,
        article.title,
        article.text,
        language=article.language,
        subject=Subject.article(article.id, job.version),
        cache=StoreCache(ctx.store, clock=ctx.clock),
    )


# -- story briefs ------------------------------------------------------------------------


async def _briefs(ctx: Context, client: LlmClient, owner: str) -> LlmJobReport:
    model = client.config.model

    def take(count: int) -> list[BriefJob]:
        return _take(
            ctx,
            client,
            count,
            due=lambda conn, now, n: llm_store.due_briefs(conn, model=model, now=now, limit=n),
            claim=lambda conn, story_id, now, until: llm_store.claim_brief(
                conn, story_id, model=model, owner=owner, now=now, lease_until=until
            ),
        )

    def record(
        job: BriefJob, result: LlmResult[Any], state: dict[str, Any], not_before: datetime
    ) -> None:
        written = None
        if result.backend == "llm":
            state["method"] = f"llm:{model}"
            written = brief_json(result.result, model=model, state=state)
        with ctx.store.begin() as conn:
            llm_store.finish_brief(
                conn, job, model=model, state=state, not_before=not_before, written=written
            )

    return await _run(
        ctx,
        client,
        take=take,
        ask=lambda job: _brief(ctx, client, job),
        record=record,
        attempts_of=lambda job: job.attempts,
    )


def brief_json(brief: StoryBrief, *, model: str, state: dict[str, Any]) -> dict[str, Any]:
    """The stored ``brief`` result: the grounded sentences with the articles they cite
    (perspectives stay the offline ones, so they are not kept), and the check's counts."""
    return {
        "result": {
            "sentences": [
                {"text": s.text, "citations": list(s.citations)} for s in brief.sentences
            ],
            "method": f"llm:{model}",
        },
        "checked": state["checked"],
        "flagged": state["flagged"],
    }


async def _brief(ctx: Context, client: LlmClient, job: BriefJob) -> LlmResult[StoryBrief] | None:
    """The model's brief of the articles the job's offline brief read; None when the
    story moved on (its brief is brought up to date here, and has its own job)."""
    with ctx.store.begin() as conn:
        stored = ensure_brief(conn, job.story_id, now=ctx.clock())
        if stored is None or stored.fingerprint != job.fingerprint:
            return None
        ids = [int(i) for i in stored.data.get("briefed", [])]
        found = brief_store.articles_by_id(conn, ids)
    inputs = [
        BriefInput(
            id=str(a.id),
            title=a.title or "",
            text=a.text,
            source=str(a.source_id),
            published=a.published_at or a.created_at,
        )
        for a in found
        if a.text
    ]
    return await brief_with_llm(client, inputs)
