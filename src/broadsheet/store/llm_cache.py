"""LLM results and the daily token count, kept in the database for every process.

:class:`StoreCache` is a ``ResultCache`` and :class:`StoreBudget` a ``TokenBudget`` (see
``broadsheet.understand.llm_cache`` and ``broadsheet.understand.llm``): the pipeline and
the web app hand them to the LLM features, which never touch the store themselves.

The ingest job's leases live here too (:func:`due_summaries`, :func:`claim_summary`,
:func:`finish_summary`; see ``broadsheet.llm_jobs``), and :func:`article_summary` is what
the article page reads: the model's summary of a version, or why there is none.
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
from broadsheet.store.schema import article_insights


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


# -- the ingest job: an LLM summary for every stored article version ----------------------
#
# The job's state lives in ``llm_results`` too, beside the result, as the row of feature
# ``job:summary`` (same subject and model). Its ``version`` is the article version it is
# about, its ``data`` the state as JSON, and its ``created_at`` the time before which no
# worker may take it: the end of a lease while a worker has it ("working"), the next try
# after a failure ("failed"). Taking a row is a compare-and-set on its data, so of several
# workers exactly one gets it; a dead worker's lease runs out and the row is taken again.

SUMMARY = "summary"
SUMMARY_JOB = "job:summary"


@dataclass(frozen=True, slots=True)
class SummaryJob:
    """An article version a worker has taken to have the model summarise."""

    article_id: int
    version: int
    attempts: int  # earlier failed tries for this version
    token: str  # the row's data as written when taken: finishing checks it is still ours


def _article_subject(article_id: int) -> str:
    return f"article:{article_id}"


def due_summaries(conn: Connection, *, model: str, now: datetime, limit: int) -> list[int]:
    """Articles, newest first, whose stored panel has no summary by ``model`` for its
    version and no job row holding it back (leased by a worker, or waiting for a retry)."""
    subject = literal("article:", String) + cast(article_insights.c.article_id, String)
    version = cast(article_insights.c.version, String)
    result, job = llm_results.alias("result"), llm_results.alias("job")
    written = (
        select(result.c.subject)
        .where(
            result.c.subject == subject,
            result.c.feature == SUMMARY,
            result.c.model == model,
            result.c.version == version,
        )
        .exists()
    )
    held = (
        select(job.c.subject)
        .where(
            job.c.subject == subject,
            job.c.feature == SUMMARY_JOB,
            job.c.model == model,
            job.c.version == version,
            job.c.created_at > now,
        )
        .exists()
    )
    rows = conn.execute(
        select(article_insights.c.article_id)
        .where(~written, ~held)
        .order_by(article_insights.c.article_id.desc())
        .limit(limit)
    )
    return [int(r.article_id) for r in rows]


def _job_row(conn: Connection, subject: str, model: str) -> Any:
    return conn.execute(
        select(llm_results.c.version, llm_results.c.data, llm_results.c.created_at).where(
            llm_results.c.subject == subject,
            llm_results.c.feature == SUMMARY_JOB,
            llm_results.c.model == model,
        )
    ).first()


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
    subject = _article_subject(article_id)
    if get_result(conn, subject, str(version), SUMMARY, model) is not None:
        return None
    old = _job_row(conn, subject, model)
    same = old is not None and old.version == str(version)
    if same and old.created_at > now:
        return None
    attempts = int(json.loads(old.data).get("attempts", 0)) if same else 0
    state = {"state": "working", "owner": owner, "attempts": attempts, "since": now.isoformat()}
    token = json.dumps(state, ensure_ascii=False)
    values = {"version": str(version), "data": token, "created_at": lease_until}
    if old is None:
        taken = insert_ignoring_conflict(
            conn,
            llm_results,
            {"subject": subject, "feature": SUMMARY_JOB, "model": model, **values},
            conflict=["subject", "feature", "model"],
        )
    else:
        taken = (
            conn.execute(
                update(llm_results)
                .where(
                    llm_results.c.subject == subject,
                    llm_results.c.feature == SUMMARY_JOB,
                    llm_results.c.model == model,
                    llm_results.c.version == old.version,
                    llm_results.c.data == old.data,
                )
                .values(**values)
            ).rowcount
            == 1
        )
    return SummaryJob(article_id, version, attempts, token) if taken else None


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
    result = conn.execute(
        update(llm_results)
        .where(
            llm_results.c.subject == _article_subject(job.article_id),
            llm_results.c.feature == SUMMARY_JOB,
            llm_results.c.model == model,
            llm_results.c.version == str(job.version),
            llm_results.c.data == job.token,
        )
        .values(data=json.dumps(state, ensure_ascii=False), created_at=not_before)
    )
    return result.rowcount == 1


def article_summary(
    conn: Connection, article_id: int, *, version: int, model: str
) -> dict[str, Any] | None:
    """What the model did for this article version, for its page.

    ``{"state": "done", "result": {summary, key_points, method}, "checked", "flagged"}``
    when a grounded summary is stored; the job's state (``"failed"`` with ``reason``,
    ``"working"``) when not; None when the model has not been tried on this version.
    """
    rows = conn.execute(
        select(llm_results.c.feature, llm_results.c.data).where(
            llm_results.c.subject == _article_subject(article_id),
            llm_results.c.feature.in_([SUMMARY, SUMMARY_JOB]),
            llm_results.c.model == model,
            llm_results.c.version == str(version),
        )
    )
    found = {r.feature: json.loads(r.data) for r in rows}
    if SUMMARY in found:
        return {"state": "done", **found[SUMMARY]}
    job: dict[str, Any] | None = found.get(SUMMARY_JOB)
    return job
