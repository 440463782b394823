"""Moderator actions, each written to the audit log with who did it and when.

On comments: approve (publish, clear reports, count towards the author's trust) and
remove. On members: ban and unban (no more comments or reports), shadow-limit and lift
(their new comments are seen only by themselves), and, for admins, set the role.
"""

from __future__ import annotations

from datetime import datetime

from broadsheet.community.context import Community, Refused
from broadsheet.store import comments as comment_store
from broadsheet.store import members as member_store
from broadsheet.store.comments import Comment, LogEntry
from broadsheet.store.members import ROLES, Member

COMMENT_ACTIONS = ("approve", "remove")
MEMBER_ACTIONS = ("ban", "unban", "shadow", "unshadow")


def _require(member: Member | None, *, admin: bool = False) -> Member:
    if member is None or not member.is_moderator or (admin and not member.is_admin):
        raise Refused("Only moderators can do that.", status=403)
    return member


def queue(c: Community, moderator: Member | None) -> list[Comment]:
    _require(moderator)
    with c.store.read() as conn:
        return comment_store.queue(conn)


def log(c: Community, moderator: Member | None) -> list[LogEntry]:
    _require(moderator)
    with c.store.read() as conn:
        return comment_store.log_entries(conn)


def act_on_comment(
    c: Community,
    moderator: Member | None,
    comment_id: int,
    action: str,
    *,
    note: str,
    now: datetime,
) -> None:
    mod = _require(moderator)
    if action not in COMMENT_ACTIONS:
        raise Refused("Unknown action.")
    with c.store.begin() as conn:
        comment = comment_store.get_comment(conn, comment_id)
        if comment is None:
            raise Refused("There is no such comment.", status=404)
        if action == "approve":
            was_held = comment.status != "published"
            comment_store.set_status(conn, comment_id, "published")
            if was_held and comment.member_id is not None:
                member_store.count_approved(conn, comment.member_id)
        else:
            comment_store.set_status(conn, comment_id, "removed")
        comment_store.log_action(
            conn,
            moderator_id=mod.id,
            action=action,
            comment_id=comment_id,
            member_id=comment.member_id,
            note=note[:500],
            now=now,
        )


def act_on_member(
    c: Community, moderator: Member | None, member_id: int, action: str, *, note: str, now: datetime
) -> None:
    mod = _require(moderator)
    values: dict[str, object]
    if action == "ban":
        values = {"status": "banned"}
    elif action == "unban":
        values = {"status": "active"}
    elif action == "shadow":
        values = {"shadow_limited": True}
    elif action == "unshadow":
        values = {"shadow_limited": False}
    elif action.startswith("role:") and action[5:] in ROLES:
        _require(moderator, admin=True)
        values = {"role": action[5:]}
    else:
        raise Refused("Unknown action.")
    with c.store.begin() as conn:
        target = member_store.get_member(conn, member_id)
        if target is None:
            raise Refused("There is no such member.", status=404)
        if target.is_admin and not mod.is_admin:
            raise Refused("Moderators cannot act on admins.", status=403)
        member_store.update_member(conn, member_id, **values)
        comment_store.log_action(
            conn, moderator_id=mod.id, action=action, member_id=member_id, note=note[:500], now=now
        )
