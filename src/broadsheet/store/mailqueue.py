"""The mail that has to go out: the outbox of single mails and the digest send log.

Both follow one state machine, written to the database before the SMTP exchange:

    pending --claim--> sending --> sent | bounced | failed | uncertain
       ^                  |
       +---- retry -------+   (temporary failure, with a later next_attempt_at)

``claim`` is a compare-and-set from pending to sending, so of several workers exactly
one sends a row. A row still ``sending`` after its worker died may or may not have been
delivered; it becomes ``uncertain`` and is never sent again (at most once per digest).
The outbox keeps a message only until it is sent: links in it are credentials.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Table, select, update

from broadsheet.store.community_schema import digest_sends, outbound_mail
from broadsheet.store.guards import insert_ignoring_conflict


@dataclass(frozen=True, slots=True)
class DigestSend:
    id: int
    subscriber_id: int
    period: str
    state: str
    article_ids: tuple[int, ...]
    attempts: int
    message_id: str | None
    last_error: str | None
    sent_at: datetime | None


@dataclass(frozen=True, slots=True)
class OutboundMail:
    id: int
    kind: str
    to_address: str
    message: str
    state: str
    attempts: int


def _send(row: Any) -> DigestSend:
    return DigestSend(
        id=row.id,
        subscriber_id=row.subscriber_id,
        period=row.period,
        state=row.state,
        article_ids=tuple(int(x) for x in json.loads(row.article_ids)),
        attempts=row.attempts,
        message_id=row.message_id,
        last_error=row.last_error,
        sent_at=row.sent_at,
    )


def record_digest(
    conn: Connection,
    *,
    subscriber_id: int,
    period: str,
    article_ids: Sequence[int],
    now: datetime,
    state: str = "pending",
) -> bool:
    """The send row of a subscriber's digest for a period; False when it exists already."""
    return insert_ignoring_conflict(
        conn,
        digest_sends,
        {
            "subscriber_id": subscriber_id,
            "period": period,
            "state": state,
            "article_ids": json.dumps(list(article_ids)),
            "attempts": 0,
            "next_attempt_at": now,
            "created_at": now,
        },
        conflict=["subscriber_id", "period"],
    )


def digest_periods(
    conn: Connection, subscriber_ids: Sequence[int], periods: set[str]
) -> set[tuple[int, str]]:
    """Which (subscriber, period) pairs already have a send row."""
    if not subscriber_ids:
        return set()
    rows = conn.execute(
        select(digest_sends.c.subscriber_id, digest_sends.c.period).where(
            digest_sends.c.subscriber_id.in_(list(subscriber_ids)),
            digest_sends.c.period.in_(sorted(periods)),
        )
    )
    return {(int(s), str(p)) for s, p in rows}


def get_digest(conn: Connection, send_id: int) -> DigestSend | None:
    row = conn.execute(select(digest_sends).where(digest_sends.c.id == send_id)).first()
    return _send(row) if row else None


def due_digests(conn: Connection, *, now: datetime, limit: int) -> list[DigestSend]:
    rows = conn.execute(
        select(digest_sends)
        .where(digest_sends.c.state == "pending", digest_sends.c.next_attempt_at <= now)
        .order_by(digest_sends.c.next_attempt_at, digest_sends.c.id)
        .limit(limit)
    )
    return [_send(r) for r in rows]


def sends_of(conn: Connection, subscriber_id: int) -> list[DigestSend]:
    rows = conn.execute(
        select(digest_sends)
        .where(digest_sends.c.subscriber_id == subscriber_id)
        .order_by(digest_sends.c.id)
    )
    return [_send(r) for r in rows]


def claim(conn: Connection, table: Table, row_id: int, *, now: datetime) -> bool:
    """pending -> sending, for one worker only."""
    result = conn.execute(
        update(table)
        .where(table.c.id == row_id, table.c.state == "pending")
        .values(state="sending", claimed_at=now)
    )
    return result.rowcount == 1


def finish(
    conn: Connection,
    table: Table,
    row_id: int,
    *,
    state: str,
    now: datetime,
    error: str | None = None,
    message_id: str | None = None,
) -> None:
    """sending -> sent | bounced | failed | uncertain."""
    values: dict[str, Any] = {"state": state, "last_error": error}
    if state == "sent":
        values["sent_at"] = now
    if message_id is not None and "message_id" in table.c:
        values["message_id"] = message_id
    if table is outbound_mail and state == "sent":
        values["message"] = ""
    conn.execute(
        update(table).where(table.c.id == row_id, table.c.state == "sending").values(**values)
    )


def retry_later(conn: Connection, table: Table, row_id: int, *, at: datetime, error: str) -> None:
    """sending -> pending, one attempt more, not before ``at``."""
    conn.execute(
        update(table)
        .where(table.c.id == row_id, table.c.state == "sending")
        .values(
            state="pending", attempts=table.c.attempts + 1, next_attempt_at=at, last_error=error
        )
    )


def give_up_stale(conn: Connection, table: Table, *, claimed_before: datetime) -> int:
    """Rows a dead worker left ``sending``: maybe delivered, so never sent again."""
    result = conn.execute(
        update(table)
        .where(table.c.state == "sending", table.c.claimed_at <= claimed_before)
        .values(state="uncertain", last_error="the worker stopped while sending")
    )
    return result.rowcount


# -- outbox -----------------------------------------------------------------------------


def enqueue(conn: Connection, *, kind: str, to_address: str, message: str, now: datetime) -> int:
    result = conn.execute(
        outbound_mail.insert().values(
            kind=kind,
            to_address=to_address,
            message=message,
            state="pending",
            attempts=0,
            next_attempt_at=now,
            created_at=now,
        )
    )
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def due_mail(
    conn: Connection, *, now: datetime, limit: int, ids: Sequence[int] | None = None
) -> list[OutboundMail]:
    query = (
        select(outbound_mail)
        .where(outbound_mail.c.state == "pending", outbound_mail.c.next_attempt_at <= now)
        .order_by(outbound_mail.c.id)
        .limit(limit)
    )
    if ids is not None:
        query = query.where(outbound_mail.c.id.in_(list(ids)))
    return [
        OutboundMail(
            id=r.id,
            kind=r.kind,
            to_address=r.to_address,
            message=r.message,
            state=r.state,
            attempts=r.attempts,
        )
        for r in conn.execute(query)
    ]


def mail_states(conn: Connection) -> list[tuple[str, str, str]]:
    """(kind, address, state) of every outbox row, oldest first: for tests and the operator."""
    rows = conn.execute(
        select(outbound_mail.c.kind, outbound_mail.c.to_address, outbound_mail.c.state).order_by(
            outbound_mail.c.id
        )
    )
    return [(str(k), str(a), str(s)) for k, a, s in rows]
