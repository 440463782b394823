"""The LLM's share of the worker loop: article summaries by the model, after the feeds.

``refresh_feed`` stores the offline panel of every new article version (``enrich``) and
never waits on a model. When an LLM is configured (``llm_url``), the worker and
``broadsheet fetch`` call :func:`summarize_pending` after each pass:

    stored panels without a summary by the model  →  take a few (a lease per version)
    →  summarize_with_llm (bounded in time, concurrency and tokens; every sentence
       checked against the article)  →  the grounded result in ``llm_results``
    →  the job's outcome beside it: done (with the grounding pass rate), or failed
       with the reason and when to try again

At most ``llm_batch`` articles are taken per call, ``llm_concurrency`` at a time, newest
first. A failure (timeout, HTTP error, unreadable or ungrounded output) is retried after
``llm_retry_minutes``, doubling each time up to a day; a spent token budget is tried
again the next UTC day and ends the call. The lease (see ``store.llm_cache``) keeps two
workers from summarising the same article version; a dead worker's lease runs out.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any

from broadsheet.pipeline import Context
from broadsheet.store import articles as article_store
from broadsheet.store import llm_cache as llm_store
from broadsheet.store.llm_cache import StoreBudget, StoreCache, SummaryJob
from broadsheet.understand.llm import LlmClient, LlmConfig
from broadsheet.understand.llm_cache import Subject
from broadsheet.understand.llm_features import LlmResult, summarize_with_llm
from broadsheet.understand.summarize import ArticleSummary

MAX_RETRY = timedelta(days=1)
DETAIL_CHARS = 300


@dataclass
class LlmJobReport:
    taken: int = 0  # article versions this call leased
    written: int = 0  # grounded summaries stored
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


async def summarize_pending(
    ctx: Context, *, owner: str, client: LlmClient | None = None
) -> LlmJobReport:
    """Have the model summarise stored article versions that lack its summary.

    Does nothing when no LLM is configured. ``client`` is built from the settings (with
    the shared token budget in the store) when not given.
    """
    config = client.config if client is not None else LlmConfig.from_settings(ctx.settings)
    if not config.enabled:
        return LlmJobReport()
    if client is None:
        async with LlmClient(config, budget=StoreBudget(ctx.store)) as own:
            return await _run(ctx, own, owner=owner)
    return await _run(ctx, client, owner=owner)


async def _run(ctx: Context, client: LlmClient, *, owner: str) -> LlmJobReport:
    report = LlmJobReport()
    limit = ctx.settings.llm_batch
    while report.taken < limit:
        jobs = _take(
            ctx, client, owner=owner, count=min(client.config.concurrency, limit - report.taken)
        )
        if not jobs:
            break
        report.taken += len(jobs)
        results = await asyncio.gather(*(_summarize(ctx, client, job) for job in jobs))
        for job, result in zip(jobs, results, strict=True):
            if result is not None:
                _record(ctx, client, job, result, report)
        if report.failed["budget"]:
            break
    return report


def _take(ctx: Context, client: LlmClient, *, owner: str, count: int) -> list[SummaryJob]:
    now = ctx.clock()
    lease = max(ctx.settings.worker_lease_seconds, 2 * client.config.timeout)
    model = client.config.model
    taken: list[SummaryJob] = []
    with ctx.store.begin() as conn:
        # A few spare candidates: another worker may take some of them first.
        for article_id in llm_store.due_summaries(conn, model=model, now=now, limit=count * 3):
            job = llm_store.claim_summary(
                conn,
                article_id,
                model=model,
                owner=owner,
                now=now,
                lease_until=now + timedelta(seconds=lease),
            )
            if job is not None:
                taken.append(job)
                if len(taken) == count:
                    break
    return taken


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


def _record(
    ctx: Context,
    client: LlmClient,
    job: SummaryJob,
    result: LlmResult[ArticleSummary],
    report: LlmJobReport,
) -> None:
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
        state |= {"state": "done", "method": result.result.method, "attempts": job.attempts}
        not_before = now
    else:
        reason = result.fallback_reason or "offline"
        report.failed[reason] += 1
        if reason == "budget":  # not the model's failure: try again when the day's budget resets
            attempts, not_before = job.attempts, _next_utc_day(now)
        else:
            attempts = job.attempts + 1
            not_before = now + retry_after(attempts, ctx.settings.llm_retry_minutes)
        state |= {
            "state": "failed",
            "reason": reason,
            "detail": (result.detail or "")[:DETAIL_CHARS],
            "attempts": attempts,
            "retry_at": not_before.isoformat(),
        }
    with ctx.store.begin() as conn:
        llm_store.finish_summary(
            conn, job, model=client.config.model, state=state, not_before=not_before
        )
