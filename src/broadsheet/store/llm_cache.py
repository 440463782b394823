"""LLM results and the daily token count, kept in the database for every process.

:class:`StoreCache` is a ``ResultCache`` and :class:`StoreBudget` a ``TokenBudget`` (see
``broadsheet.understand.llm_cache`` and ``broadsheet.understand.llm``): the pipeline and
the web app hand them to the LLM features, which never touch the store themselves.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, delete, select
from sqlalchemy.dialects import postgresql, sqlite

from broadsheet.store.db import Store
from broadsheet.store.llm_schema import llm_results, llm_usage


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
