"""Comments, reports and the moderation log."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, and_, func, or_, select, update

from broadsheet.store.community_schema import comment_reports, comments, members, moderation_log
from broadsheet.store.guards import insert_ignoring_conflict
from broadsheet.store.schema import articles

MAX_ID = 2**63 - 1  # the largest id a 64-bit key column holds

VISIBLE = ("published", "removed", "deleted")  # removed and deleted show as placeholders


@dataclass(frozen=True, slots=True)
class Comment:
    id: int
    article_id: int
    parent_id: int | None
    member_id: int | None
    author: str | None  # display name; None once the member deleted their account
    body: str
    body_html: str
    status: str
    hold_reason: str | None
    report_count: int
    created_at: datetime
    edited_at: datetime | None


@dataclass(frozen=True, slots=True)
class LogEntry:
    id: int
    moderator: str | None
    action: str
    comment_id: int | None
    member_id: int | None
    note: str
    at: datetime


_COLUMNS = (*comments.c, members.c.display_name.label("author"))


def _comment(row: Any) -> Comment:
    return Comment(
        id=row.id,
        article_id=row.article_id,
        parent_id=row.parent_id,
        member_id=row.member_id,
        author=row.author,
        body=row.body,
        body_html=row.body_html,
        status=row.status,
        hold_reason=row.hold_reason,
        report_count=row.report_count,
        created_at=row.created_at,
        edited_at=row.edited_at,
    )


def _select() -> Any:
    return select(*_COLUMNS).select_from(
        comments.outerjoin(members, members.c.id == comments.c.member_id)
    )


def article_exists(conn: Connection, article_id: int) -> bool:
    return (
        conn.execute(select(articles.c.id).where(articles.c.id == article_id)).first() is not None
    )


def add_comment(
    conn: Connection,
    *,
    article_id: int,
    parent_id: int | None,
    member_id: int,
    body: str,
    body_html: str,
    status: str,
    hold_reason: str | None,
    now: datetime,
) -> int:
    result = conn.execute(
        comments.insert().values(
            article_id=article_id,
            parent_id=parent_id,
            member_id=member_id,
            body=body,
            body_html=body_html,
            status=status,
            hold_reason=hold_reason,
            report_count=0,
            created_at=now,
        )
    )
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def get_comment(conn: Connection, comment_id: int) -> Comment | None:
    """The comment ``comment_id``, or None; an id no key column can hold names none."""
    if not 0 < comment_id <= MAX_ID:
        return None
    row = conn.execute(_select().where(comments.c.id == comment_id)).first()
    return _comment(row) if row else None


def thread(
    conn: Connection, article_id: int, *, viewer_id: int | None, limit: int = 2000
) -> list[Comment]:
    """Every comment of an article a viewer may see: the public ones and their own."""
    return threads(conn, [article_id], viewer_id=viewer_id, limit=limit)


def threads(
    conn: Connection, article_ids: Sequence[int], *, viewer_id: int | None, limit: int = 2000
) -> list[Comment]:
    """The comments of several articles (a story's) a viewer may see, oldest first."""
    if not article_ids:
        return []
    shown: ColumnElement[bool] = comments.c.status.in_(VISIBLE)
    if viewer_id is not None:
        shown = or_(shown, comments.c.member_id == viewer_id)
    query = (
        _select()
        .where(comments.c.article_id.in_(list(article_ids)), shown)
        .order_by(comments.c.created_at, comments.c.id)
        .limit(limit)
    )
    return [_comment(r) for r in conn.execute(query)]


def by_member(conn: Connection, member_id: int, *, limit: int = 200) -> list[Comment]:
    query = (
        _select()
        .where(comments.c.member_id == member_id)
        .order_by(comments.c.created_at.desc(), comments.c.id.desc())
        .limit(limit)
    )
    return [_comment(r) for r in conn.execute(query)]


def counts(conn: Connection, article_ids: Sequence[int]) -> dict[int, int]:
    """Published comments per article, for article cards."""
    if not article_ids:
        return {}
    rows = conn.execute(
        select(comments.c.article_id, func.count())
        .where(comments.c.article_id.in_(list(article_ids)), comments.c.status == "published")
        .group_by(comments.c.article_id)
    )
    return {int(a): int(n) for a, n in rows}


def edit_comment(
    conn: Connection,
    comment_id: int,
    *,
    body: str,
    body_html: str,
    status: str,
    hold_reason: str | None,
    now: datetime,
) -> None:
    conn.execute(
        update(comments)
        .where(comments.c.id == comment_id)
        .values(
            body=body, body_html=body_html, status=status, hold_reason=hold_reason, edited_at=now
        )
    )


def set_status(
    conn: Connection, comment_id: int, status: str, *, hold_reason: str | None = None
) -> None:
    values: dict[str, Any] = {"status": status, "hold_reason": hold_reason}
    if status == "published":
        values["report_count"] = 0
    conn.execute(update(comments).where(comments.c.id == comment_id).values(**values))


def add_report(
    conn: Connection, comment_id: int, *, member_id: int, reason: str, now: datetime
) -> int | None:
    """Record a member's report once; returns the comment's report count, None if repeated."""
    inserted = insert_ignoring_conflict(
        conn,
        comment_reports,
        {"comment_id": comment_id, "member_id": member_id, "reason": reason, "created_at": now},
        conflict=["comment_id", "member_id"],
    )
    if not inserted:
        return None
    conn.execute(
        update(comments)
        .where(comments.c.id == comment_id)
        .values(report_count=comments.c.report_count + 1)
    )
    count = conn.execute(select(comments.c.report_count).where(comments.c.id == comment_id))
    return int(count.scalar_one())


def queue(conn: Connection, *, limit: int = 200) -> list[Comment]:
    """What moderators should look at: held comments, and published ones with reports."""
    query = (
        _select()
        .where(
            or_(
                comments.c.status == "pending",
                and_(comments.c.status == "published", comments.c.report_count > 0),
            )
        )
        .order_by(comments.c.report_count.desc(), comments.c.created_at)
        .limit(limit)
    )
    return [_comment(r) for r in conn.execute(query)]


def detach_member(conn: Connection, member_id: int, *, erase: bool) -> int:
    """Before a member is deleted: keep their comments as "deleted user", or erase them."""
    values: dict[str, Any] = {"member_id": None}
    if erase:
        values.update(body="", body_html="", status="deleted")
    return conn.execute(
        update(comments).where(comments.c.member_id == member_id).values(**values)
    ).rowcount


def log_action(
    conn: Connection,
    *,
    moderator_id: int | None,
    action: str,
    comment_id: int | None = None,
    member_id: int | None = None,
    note: str = "",
    now: datetime,
) -> None:
    conn.execute(
        moderation_log.insert().values(
            moderator_id=moderator_id,
            action=action,
            comment_id=comment_id,
            member_id=member_id,
            note=note,
            at=now,
        )
    )


def log_entries(conn: Connection, *, limit: int = 200) -> list[LogEntry]:
    query = (
        select(*moderation_log.c, members.c.display_name.label("moderator"))
        .select_from(
            moderation_log.outerjoin(members, members.c.id == moderation_log.c.moderator_id)
        )
        .order_by(moderation_log.c.at.desc(), moderation_log.c.id.desc())
        .limit(limit)
    )
    return [
        LogEntry(
            id=r.id,
            moderator=r.moderator,
            action=r.action,
            comment_id=r.comment_id,
            member_id=r.member_id,
            note=r.note,
            at=r.at,
        )
        for r in conn.execute(query)
    ]
