"""Newsletter subscribers: one row per mailbox, from sign-up to unsubscribe or bounce."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, or_, select, update

from broadsheet.store.community_schema import subscribers
from broadsheet.store.guards import insert_ignoring_conflict

FREQUENCIES = ("daily", "weekly")
MAX_TOPICS = 20
MAX_TOPIC_CHARS = 60


@dataclass(frozen=True, slots=True)
class Subscriber:
    id: int
    address: str
    mailbox_key: str
    status: str
    frequency: str
    send_hour: int
    send_weekday: int
    source_ids: tuple[int, ...]
    token_salt: str
    member_id: int | None
    confirm_sent_at: datetime | None
    confirm_count: int
    created_at: datetime
    confirmed_at: datetime | None
    unsubscribed_at: datetime | None
    bounced_at: datetime | None
    time_zone: str = "UTC"  # IANA name; send_hour and the period follow its local calendar
    topics: tuple[str, ...] = ()  # sections, names or keywords; empty: every topic


def _subscriber(row: Any) -> Subscriber:
    return Subscriber(
        id=row.id,
        address=row.address,
        mailbox_key=row.mailbox_key,
        status=row.status,
        frequency=row.frequency,
        send_hour=row.send_hour,
        send_weekday=row.send_weekday,
        source_ids=tuple(int(x) for x in json.loads(row.source_ids)),
        token_salt=row.token_salt,
        member_id=row.member_id,
        confirm_sent_at=row.confirm_sent_at,
        confirm_count=row.confirm_count,
        created_at=row.created_at,
        confirmed_at=row.confirmed_at,
        unsubscribed_at=row.unsubscribed_at,
        bounced_at=row.bounced_at,
        time_zone=row.time_zone,
        topics=tuple(str(x) for x in json.loads(row.topics)),
    )


def by_mailbox(conn: Connection, mailbox_key: str) -> Subscriber | None:
    row = conn.execute(select(subscribers).where(subscribers.c.mailbox_key == mailbox_key)).first()
    return _subscriber(row) if row else None


def get_subscriber(conn: Connection, subscriber_id: int) -> Subscriber | None:
    row = conn.execute(select(subscribers).where(subscribers.c.id == subscriber_id)).first()
    return _subscriber(row) if row else None


def add_pending(
    conn: Connection,
    *,
    address: str,
    mailbox_key: str,
    token_salt: str,
    member_id: int | None,
    now: datetime,
    frequency: str = "daily",
    send_hour: int = 7,
    time_zone: str = "UTC",
) -> bool:
    """A new pending subscriber; False when the mailbox already has a row (a race lost)."""
    return insert_ignoring_conflict(
        conn,
        subscribers,
        {
            "address": address,
            "mailbox_key": mailbox_key,
            "status": "pending",
            "frequency": frequency,
            "send_hour": send_hour,
            "send_weekday": 0,
            "source_ids": "[]",
            "time_zone": time_zone,
            "topics": "[]",
            "token_salt": token_salt,
            "member_id": member_id,
            "confirm_count": 0,
            "created_at": now,
        },
        conflict=["mailbox_key"],
    )


def claim_confirmation(
    conn: Connection, subscriber_id: int, *, now: datetime, not_since: datetime, max_count: int
) -> bool:
    """Count one more confirmation mail, only if none went out since ``not_since``.

    A compare-and-set: of two processes handling the same address at once, one wins.
    """
    result = conn.execute(
        update(subscribers)
        .where(
            subscribers.c.id == subscriber_id,
            subscribers.c.confirm_count < max_count,
            or_(
                subscribers.c.confirm_sent_at.is_(None), subscribers.c.confirm_sent_at <= not_since
            ),
        )
        .values(confirm_sent_at=now, confirm_count=subscribers.c.confirm_count + 1)
    )
    return result.rowcount == 1


def reopen(conn: Connection, subscriber_id: int, *, address: str, token_salt: str) -> None:
    """An unsubscribed or bounced mailbox signs up again: pending, with fresh links."""
    conn.execute(
        update(subscribers)
        .where(subscribers.c.id == subscriber_id)
        .values(status="pending", address=address, token_salt=token_salt, confirm_count=0)
    )


def confirm(conn: Connection, subscriber_id: int, *, now: datetime) -> bool:
    result = conn.execute(
        update(subscribers)
        .where(subscribers.c.id == subscriber_id, subscribers.c.status == "pending")
        .values(status="confirmed", confirmed_at=now, unsubscribed_at=None)
    )
    return result.rowcount == 1


def unsubscribe(conn: Connection, subscriber_id: int, *, now: datetime) -> bool:
    result = conn.execute(
        update(subscribers)
        .where(subscribers.c.id == subscriber_id, subscribers.c.status != "unsubscribed")
        .values(status="unsubscribed", unsubscribed_at=now)
    )
    return result.rowcount == 1


def mark_bounced(conn: Connection, subscriber_id: int, *, reason: str, now: datetime) -> None:
    conn.execute(
        update(subscribers)
        .where(subscribers.c.id == subscriber_id)
        .values(status="bounced", bounced_at=now, bounce_reason=reason[:2000])
    )


def set_preferences(
    conn: Connection,
    subscriber_id: int,
    *,
    frequency: str,
    send_hour: int,
    send_weekday: int,
    source_ids: tuple[int, ...],
    time_zone: str = "UTC",
    topics: Sequence[str] = (),
) -> None:
    """Store preferences; the caller checks that ``time_zone`` is a zone zoneinfo knows."""
    if frequency not in FREQUENCIES or not 0 <= send_hour <= 23 or not 0 <= send_weekday <= 6:
        raise ValueError("invalid newsletter preferences")
    if not time_zone or len(time_zone) > 64:
        raise ValueError("invalid time zone")
    if len(topics) > MAX_TOPICS or any(not t or len(t) > MAX_TOPIC_CHARS for t in topics):
        raise ValueError("invalid topics")
    conn.execute(
        update(subscribers)
        .where(subscribers.c.id == subscriber_id)
        .values(
            frequency=frequency,
            send_hour=send_hour,
            send_weekday=send_weekday,
            source_ids=json.dumps(sorted(set(source_ids))),
            time_zone=time_zone,
            topics=json.dumps(list(dict.fromkeys(topics)), ensure_ascii=False),
        )
    )


def confirmed(conn: Connection, *, limit: int = 10_000, after_id: int = 0) -> list[Subscriber]:
    rows = conn.execute(
        select(subscribers)
        .where(subscribers.c.status == "confirmed", subscribers.c.id > after_id)
        .order_by(subscribers.c.id)
        .limit(limit)
    )
    return [_subscriber(r) for r in rows]


def of_member(conn: Connection, member_id: int, address: str) -> list[Subscriber]:
    rows = conn.execute(
        select(subscribers).where(
            or_(subscribers.c.member_id == member_id, subscribers.c.address == address)
        )
    )
    return [_subscriber(r) for r in rows]


def delete_subscriber(conn: Connection, subscriber_id: int) -> None:
    conn.execute(delete(subscribers).where(subscribers.c.id == subscriber_id))
