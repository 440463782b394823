"""LLM results and the daily token count, kept in the database for every process.

:class:`StoreCache` is a ``ResultCache`` and :class:`StoreBudget` a ``TokenBudget`` (see
``broadsheet.understand.llm_cache`` and ``broadsheet.understand.llm``): the pipeline and
the web app hand them to the LLM features, which never touch the store themselves.

The ingest jobs' leases live here too (:func:`due_summaries`, :func:`claim_summary`,
:func:`finish_summary`, and the same for story briefs; see ``broadsheet.llm_jobs``), and
:func:`article_summary` and :func:`story_brief` are what the article and story pages
read: the model's result for a version, or why there is none.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, String, cast, delete, literal, select, update
from sqlalchemy.dialects import postgresql, sqlite

from broadsheet.store.db import Store
from broadsheet.store.guards import insert_ignoring_conflict
from broadsheet.store.llm_schema import llm_results, llm_usage
from broadsheet.store.schema import article_insights, stories, story_briefs


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _upsert(
    conn: Connection, table: Any, values: dict[str, Any], key: list[str], set_: Any
) -> None:
    if conn.dialect.name == "postgresql":
        pg = postgresql.insert(table).values(**values)
        conn.execute(pg.on_conflict_do_update(index_elements=key, set_=set_))
    else:
        lite = sqlite.insert(table).values(**values)
        conn.execute(lite.on_conflict_do_update(index_elements=key, set_=set_))


def get_result(
    conn: Connection, subject: str, version: str, feature: str, model: str
) -> dict[str, Any] | None:
    row = conn.execute(
        select(llm_results.c.data).where(
            llm_results.c.subject == subject,
            llm_results.c.feature == feature,
            llm_results.c.model == model,
            llm_results.c.version == version,
        )
    ).first()
    if row is None:
        return None
    data: dict[str, Any] = json.loads(row.data)
    return data


def put_result(
    conn: Connection,
    subject: str,
    version: str,
    feature: str,
    model: str,
    *,
    data: dict[str, Any],
    now: datetime,
) -> None:
    """Store a result; it replaces the one of any other version of the same subject."""
    values = {
        "subject": subject,
        "feature": feature,
        "model": model,
        "version": version,
        "data": json.dumps(data, ensure_ascii=False),
        "created_at": now,
    }
    changed = {k: values[k] for k in ("version", "data", "created_at")}
    _upsert(conn, llm_results, values, ["subject", "feature", "model"], changed)


def forget_subject(conn: Connection, subject: str) -> int:
    """Drop every cached result about ``subject`` (e.g. "article:12"); the number dropped."""
    return conn.execute(delete(llm_results).where(llm_results.c.subject == subject)).rowcount


def tokens_spent(conn: Connection, day: date) -> int:
    row = conn.execute(select(llm_usage.c.tokens).where(llm_usage.c.day == day)).first()
    return int(row[0]) if row else 0


def add_tokens(conn: Connection, day: date, tokens: int) -> None:
    values = {"day": day, "tokens": tokens, "requests": 1}
    changed = {
        "tokens": llm_usage.c.tokens + tokens,
        "requests": llm_usage.c.requests + 1,
    }
    _upsert(conn, llm_usage, values, ["day"], changed)


class StoreCache:
    """The ``ResultCache`` of the LLM features, in the ``llm_results`` table."""

    def __init__(self, store: Store, *, clock: Callable[[], datetime] = _utc_now) -> None:
        self._store = store
        self._clock = clock

    def get(self, subject: str, version: str, feature: str, model: str) -> dict[str, Any] | None:
        with self._store.read() as conn:
            return get_result(conn, subject, version, feature, model)

    def put(
        self, subject: str, version: str, feature: str, model: str, data: dict[str, Any]
    ) -> None:
        with self._store.begin() as conn:
            put_result(conn, subject, version, feature, model, data=data, now=self._clock())


class StoreBudget:
    """The ``TokenBudget`` of the LLM client, one row a day in ``llm_usage``."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def spent(self, day: date) -> int:
        with self._store.read() as conn:
            return tokens_spent(conn, day)

    def add(self, day: date, tokens: int) -> None:
        with self._store.begin() as conn:
            add_tokens(conn, day, tokens)


# -- the ingest jobs: an LLM summary for every stored article version, a brief per story ---
#
# A job's state lives in ``llm_results`` too, beside the result, as the row of feature
# ``job:summary`` or ``job:brief`` (same subject and model). Its ``version`` is the
# subject's version it is about (an article version; a story brief's fingerprint), its
# ``data`` the state as JSON, and its ``created_at`` the time before which no worker may
# take it: the end of a lease while a worker has it ("working"), the next try after a
# failure ("failed"). Taking a row is a compare-and-set on its data, so of several workers
# exactly one gets it; a dead worker's lease runs out and the row is taken again.

SUMMARY = "summary"
SUMMARY_JOB = "job:summary"
BRIEF = "brief"
BRIEF_JOB = "job:brief"
BRIEF_MIN_ARTICLES = 2  # a story of one article has its article summary


@dataclass(frozen=True, slots=True)
class SummaryJob:
    """An article version a worker has taken to have the model summarise."""

    article_id: int
    version: int
    attempts: int  # earlier failed tries for this version
    token: str  # the row's data as written when taken: finishing checks it is still ours


@dataclass(frozen=True, slots=True)
class BriefJob:
    """A story brief (by its fingerprint) a worker has taken to have the model write."""

    story_id: str
    fingerprint: str  # of the stored offline brief: the member article versions
    attempts: int
    token: str


def _article_subject(article_id: int) -> str:
    return f"article:{article_id}"


def _story_subject(story_id: str) -> str:
    return f"story:{story_id}"


def _written_or_held(
    subject: Any, version: Any, *, feature: str, job_feature: str, model: str, now: datetime
) -> tuple[Any, Any]:
    """EXISTS clauses: a result for ``version`` is stored; a job row holds it back."""
    result, job = llm_results.alias("result"), llm_results.alias("job")
    written = (
        select(result.c.subject)
        .where(
            result.c.subject == subject,
            result.c.feature == feature,
            result.c.model == model,
            result.c.version == version,
        )
        .exists()
    )
    held = (
        select(job.c.subject)
        .where(
            job.c.subject == subject,
            job.c.feature == job_feature,
            job.c.model == model,
            job.c.version == version,
            job.c.created_at > now,
        )
        .exists()
    )
    return written, held


def due_summaries(conn: Connection, *, model: str, now: datetime, limit: int) -> list[int]:
    """Articles, newest first, whose stored panel has no summary by ``model`` for its
    version and no job row holding it back (leased by a worker, or waiting for a retry)."""
    subject = literal("article:", String) + cast(article_insights.c.article_id, String)
    version = cast(article_insights.c.version, String)
    written, held = _written_or_held(
        subject, version, feature=SUMMARY, job_feature=SUMMARY_JOB, model=model, now=now
    )
    rows = conn.execute(
        select(article_insights.c.article_id)
        .where(~written, ~held)
        .order_by(article_insights.c.article_id.desc())
        .limit(limit)
    )
    return [int(r.article_id) for r in rows]


def due_briefs(conn: Connection, *, model: str, now: datetime, limit: int) -> list[str]:
    """Live stories of ``BRIEF_MIN_ARTICLES`` or more, most recently updated first, whose
    stored offline brief has no brief by ``model`` for its fingerprint and no job row
    holding it back."""
    subject = literal("story:", String) + story_briefs.c.story_id
    written, held = _written_or_held(
        subject,
        story_briefs.c.fingerprint,
        feature=BRIEF,
        job_feature=BRIEF_JOB,
        model=model,
        now=now,
    )
    rows = conn.execute(
        select(story_briefs.c.story_id)
        .join(stories, stories.c.id == story_briefs.c.story_id)
        .where(
            stories.c.merged_into.is_(None),
            stories.c.article_count >= BRIEF_MIN_ARTICLES,
            ~written,
            ~held,
        )
        .order_by(stories.c.last_updated_at.desc().nulls_last(), stories.c.id.desc())
        .limit(limit)
    )
    return [str(r.story_id) for r in rows]


def _claim(
    conn: Connection,
    subject: str,
    version: str,
    *,
    feature: str,
    model: str,
    owner: str,
    now: datetime,
    lease_until: datetime,
) -> tuple[int, str] | None:
    """Take ``version`` of ``subject`` for ``owner``: (earlier failures, token), or None if
    another worker has it, it waits for a retry, or its result is written already."""
    job_feature = f"job:{feature}"
    if get_result(conn, subject, version, feature, model) is not None:
        return None
    old = conn.execute(
        select(llm_results.c.version, llm_results.c.data, llm_results.c.created_at).where(
            llm_results.c.subject == subject,
            llm_results.c.feature == job_feature,
            llm_results.c.model == model,
        )
    ).first()
    same = old is not None and old.version == version
    if old is not None and same and old.created_at > now:
        return None
    attempts = int(json.loads(old.data).get("attempts", 0)) if old is not None and same else 0
    state = {"state": "working", "owner": owner, "attempts": attempts, "since": now.isoformat()}
    token = json.dumps(state, ensure_ascii=False)
    values = {"version": version, "data": token, "created_at": lease_until}
    if old is None:
        taken = insert_ignoring_conflict(
            conn,
            llm_results,
            {"subject": subject, "feature": job_feature, "model": model, **values},
            conflict=["subject", "feature", "model"],
        )
    else:
        taken = (
            conn.execute(
                update(llm_results)
                .where(
                    llm_results.c.subject == subject,
                    llm_results.c.feature == job_feature,
                    llm_results.c.model == model,
                    llm_results.c.version == old.version,
                    llm_results.c.data == old.data,
                )
                .values(**values)
            ).rowcount
            == 1
        )
    return (attempts, token) if taken else None


def _finish(
    conn: Connection,
    subject: str,
    version: str,
    token: str,
    *,
    feature: str,
    model: str,
    state: dict[str, Any],
    not_before: datetime,
) -> bool:
    result = conn.execute(
        update(llm_results)
        .where(
            llm_results.c.subject == subject,
            llm_results.c.feature == f"job:{feature}",
            llm_results.c.model == model,
            llm_results.c.version == version,
            llm_results.c.data == token,
        )
        .values(data=json.dumps(state, ensure_ascii=False), created_at=not_before)
    )
    return result.rowcount == 1


def _outcome(
    conn: Connection, subject: str, version: str, *, feature: str, model: str
) -> dict[str, Any] | None:
    rows = conn.execute(
        select(llm_results.c.feature, llm_results.c.data).where(
            llm_results.c.subject == subject,
            llm_results.c.feature.in_([feature, f"job:{feature}"]),
            llm_results.c.model == model,
            llm_results.c.version == version,
        )
    )
    found = {r.feature: json.loads(r.data) for r in rows}
    if feature in found:
        return {"state": "done", **found[feature]}
    job: dict[str, Any] | None = found.get(f"job:{feature}")
    return job


def claim_summary(
    conn: Connection,
    article_id: int,
    *,
    model: str,
    owner: str,
    now: datetime,
    lease_until: datetime,
) -> SummaryJob | None:
    """Take the article's current panel version for ``owner``; None if another has it,
    it waits for a retry, or its summary is written already."""
    row = conn.execute(
        select(article_insights.c.version).where(article_insights.c.article_id == article_id)
    ).first()
    if row is None:
        return None
    version = int(row.version)
    got = _claim(
        conn,
        _article_subject(article_id),
        str(version),
        feature=SUMMARY,
        model=model,
        owner=owner,
        now=now,
        lease_until=lease_until,
    )
    return SummaryJob(article_id, version, *got) if got else None


def finish_summary(
    conn: Connection,
    job: SummaryJob,
    *,
    model: str,
    state: dict[str, Any],
    not_before: datetime,
) -> bool:
    """Record how the job ended (``state`` as JSON; ``not_before``: when it may be taken
    again, for a failure the retry time); False if the lease was lost to another worker."""
    return _finish(
        conn,
        _article_subject(job.article_id),
        str(job.version),
        job.token,
        feature=SUMMARY,
        model=model,
        state=state,
        not_before=not_before,
    )


def article_summary(
    conn: Connection, article_id: int, *, version: int, model: str
) -> dict[str, Any] | None:
    """What the model did for this article version, for its page.

    ``{"state": "done", "result": {summary, key_points, method}, "checked", "flagged"}``
    when a grounded summary is stored; the job's state (``"failed"`` with ``reason``,
    ``"working"``) when not; None when the model has not been tried on this version.
    """
    return _outcome(conn, _article_subject(article_id), str(version), feature=SUMMARY, model=model)


def claim_brief(
    conn: Connection,
    story_id: str,
    *,
    model: str,
    owner: str,
    now: datetime,
    lease_until: datetime,
) -> BriefJob | None:
    """Take the story's stored brief fingerprint for ``owner``; None if the story has no
    stored brief, another worker has it, it waits for a retry, or it is written already."""
    row = conn.execute(
        select(story_briefs.c.fingerprint).where(story_briefs.c.story_id == story_id)
    ).first()
    if row is None:
        return None
    fingerprint = str(row.fingerprint)
    got = _claim(
        conn,
        _story_subject(story_id),
        fingerprint,
        feature=BRIEF,
        model=model,
        owner=owner,
        now=now,
        lease_until=lease_until,
    )
    return BriefJob(story_id, fingerprint, *got) if got else None


def finish_brief(
    conn: Connection,
    job: BriefJob,
    *,
    model: str,
    state: dict[str, Any],
    not_before: datetime,
    written: dict[str, Any] | None = None,
) -> bool:
    """Record how the job ended, and store ``written`` (the grounded brief, as the
    ``brief`` result of the fingerprint) only if the lease was still ours: a worker that
    lost it to another, on a newer fingerprint, must not overwrite that one's result."""
    subject = _story_subject(job.story_id)
    ours = _finish(
        conn,
        subject,
        job.fingerprint,
        job.token,
        feature=BRIEF,
        model=model,
        state=state,
        not_before=not_before,
    )
    if ours and written is not None:
        put_result(conn, subject, job.fingerprint, BRIEF, model, data=written, now=not_before)
    return ours


def story_brief(
    conn: Connection, story_id: str, *, fingerprint: str, model: str
) -> dict[str, Any] | None:
    """What the model did for the story's brief of this fingerprint, for its page.

    ``{"state": "done", "result": {"sentences": [{text, citations}], ...}, "method",
    "checked", "flagged"}`` when a grounded brief is stored; the job's state (``"failed"``
    with ``reason``, ``"working"``) when not; None when the model has not been tried.
    """
    return _outcome(conn, _story_subject(story_id), fingerprint, feature=BRIEF, model=model)
