"""Shared abuse-guard state: rate-limit counters and spent single-use tokens.

Both are rows, so every web process and worker counts against the same limits and a
token spent in one process is spent in all. Counters are short buckets keyed by
``(key, window_start)``, bumped with one upsert, which is atomic on SQLite and
PostgreSQL alike; a limit sums the buckets of its window.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Table, delete, func, select
from sqlalchemy.dialects import postgresql, sqlite

from broadsheet.store.community_schema import rate_counters, used_tokens


def insert_ignoring_conflict(
    conn: Connection, table: Table, values: Mapping[str, Any], *, conflict: Sequence[str]
) -> bool:
    """Insert a row unless one with the same ``conflict`` columns exists; True if inserted."""
    # RETURNING tells whether a row went in: rowcount is -1 on PostgreSQL with RETURNING.
    key = list(table.primary_key.columns)
    if conn.dialect.name == "postgresql":
        pg = postgresql.insert(table).values(**values)
        stmt: Any = pg.on_conflict_do_nothing(index_elements=list(conflict)).returning(*key)
    else:
        lite = sqlite.insert(table).values(**values)
        stmt = lite.on_conflict_do_nothing(index_elements=list(conflict)).returning(*key)
    return conn.execute(stmt).first() is not None


def bump_counter(
    conn: Connection, key: str, *, window_start: datetime, expires_at: datetime
) -> int:
    """Add one to the counter of ``key`` in this window; returns the new count."""
    values = {"key": key, "window_start": window_start, "count": 1, "expires_at": expires_at}
    if conn.dialect.name == "postgresql":
        pg = postgresql.insert(rate_counters).values(**values)
        stmt: Any = pg.on_conflict_do_update(
            index_elements=["key", "window_start"],
            set_={"count": rate_counters.c.count + 1},
        )
    else:
        lite = sqlite.insert(rate_counters).values(**values)
        stmt = lite.on_conflict_do_update(
            index_elements=["key", "window_start"],
            set_={"count": rate_counters.c.count + 1},
        )
    count = conn.execute(stmt.returning(rate_counters.c.count)).scalar_one()
    return int(count)


def sum_counters(conn: Connection, key: str, *, after: datetime) -> int:
    """The counts of ``key`` in the buckets that start after ``after``."""
    total = conn.execute(
        select(func.coalesce(func.sum(rate_counters.c.count), 0)).where(
            rate_counters.c.key == key, rate_counters.c.window_start > after
        )
    ).scalar_one()
    return int(total)


def spend_token(conn: Connection, nonce: str, *, expires_at: datetime) -> bool:
    """Record a single-use token as spent; False when it was spent before."""
    return insert_ignoring_conflict(
        conn, used_tokens, {"nonce": nonce, "expires_at": expires_at}, conflict=["nonce"]
    )


def prune(conn: Connection, *, now: datetime) -> int:
    """Forget counters and spent tokens that can no longer matter."""
    removed = conn.execute(delete(rate_counters).where(rate_counters.c.expires_at <= now)).rowcount
    removed += conn.execute(delete(used_tokens).where(used_tokens.c.expires_at <= now)).rowcount
    return removed
