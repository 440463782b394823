"""Members and their sign-in sessions.

A session row holds the SHA-256 of the cookie's token, never the token itself, so a copy
of the database signs nobody in. Sessions are rows, so every web process sees a sign-out
or a revocation at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, func, select, update

from broadsheet.errors import StoreError
from broadsheet.store.community_schema import member_sessions, members
from broadsheet.store.guards import insert_ignoring_conflict

ROLES = ("reader", "moderator", "admin")


@dataclass(frozen=True, slots=True)
class Member:
    id: int
    email: str
    pending_email: str | None
    email_verified_at: datetime | None
    display_name: str
    password_hash: str
    role: str
    status: str
    shadow_limited: bool
    approved_comments: int
    created_at: datetime

    @property
    def verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def is_moderator(self) -> bool:
        return self.role in {"moderator", "admin"}

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def banned(self) -> bool:
        return self.status == "banned"


@dataclass(frozen=True, slots=True)
class Session:
    id: int
    member_id: int
    token_hash: str
    created_at: datetime
    last_seen_at: datetime
    expires_at: datetime
    user_agent: str
    ip: str


class EmailTaken(StoreError):
    """Another member already has this address."""


def _member(row: Any) -> Member:
    return Member(
        id=row.id,
        email=row.email,
        pending_email=row.pending_email,
        email_verified_at=row.email_verified_at,
        display_name=row.display_name,
        password_hash=row.password_hash,
        role=row.role,
        status=row.status,
        shadow_limited=bool(row.shadow_limited),
        approved_comments=row.approved_comments,
        created_at=row.created_at,
    )


def create_member(
    conn: Connection,
    *,
    email: str,
    display_name: str,
    password_hash: str,
    now: datetime,
    role: str = "reader",
    verified: bool = False,
) -> Member:
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    inserted = insert_ignoring_conflict(
        conn,
        members,
        {
            "email": email,
            "display_name": display_name,
            "password_hash": password_hash,
            "role": role,
            "status": "active",
            "shadow_limited": False,
            "approved_comments": 0,
            "email_verified_at": now if verified else None,
            "created_at": now,
        },
        conflict=["email"],
    )
    if not inserted:
        raise EmailTaken("an account with this address exists")
    member = member_by_email(conn, email)
    assert member is not None
    return member


def get_member(conn: Connection, member_id: int) -> Member | None:
    row = conn.execute(select(members).where(members.c.id == member_id)).first()
    return _member(row) if row else None


def member_by_email(conn: Connection, email: str) -> Member | None:
    row = conn.execute(select(members).where(members.c.email == email)).first()
    return _member(row) if row else None


def count_members(conn: Connection, *, role: str | None = None) -> int:
    query = select(func.count()).select_from(members)
    if role is not None:
        query = query.where(members.c.role == role)
    return int(conn.execute(query).scalar_one())


def update_member(conn: Connection, member_id: int, **values: Any) -> None:
    allowed = {
        "password_hash",
        "email_verified_at",
        "pending_email",
        "display_name",
        "role",
        "status",
        "shadow_limited",
    }
    unknown = set(values) - allowed
    if unknown:
        raise ValueError(f"cannot update {sorted(unknown)}")
    conn.execute(update(members).where(members.c.id == member_id).values(**values))


def change_email(conn: Connection, member_id: int, email: str, *, now: datetime) -> None:
    """Make the verified pending address the member's address."""
    other = member_by_email(conn, email)
    if other is not None and other.id != member_id:
        raise EmailTaken("an account with this address exists")
    conn.execute(
        update(members)
        .where(members.c.id == member_id)
        .values(email=email, pending_email=None, email_verified_at=now)
    )


def count_approved(conn: Connection, member_id: int) -> None:
    conn.execute(
        update(members)
        .where(members.c.id == member_id)
        .values(approved_comments=members.c.approved_comments + 1)
    )


def delete_member(conn: Connection, member_id: int) -> None:
    conn.execute(delete(members).where(members.c.id == member_id))


def list_members(conn: Connection, ids: list[int]) -> dict[int, Member]:
    if not ids:
        return {}
    rows = conn.execute(select(members).where(members.c.id.in_(ids)))
    return {r.id: _member(r) for r in rows}


# -- sessions ---------------------------------------------------------------------------


def _session(row: Any) -> Session:
    return Session(
        id=row.id,
        member_id=row.member_id,
        token_hash=row.token_hash,
        created_at=row.created_at,
        last_seen_at=row.last_seen_at,
        expires_at=row.expires_at,
        user_agent=row.user_agent,
        ip=row.ip,
    )


def add_session(
    conn: Connection,
    *,
    member_id: int,
    token_hash: str,
    now: datetime,
    expires_at: datetime,
    user_agent: str,
    ip: str,
) -> int:
    result = conn.execute(
        member_sessions.insert().values(
            member_id=member_id,
            token_hash=token_hash,
            created_at=now,
            last_seen_at=now,
            expires_at=expires_at,
            user_agent=user_agent[:300],
            ip=ip[:64],
        )
    )
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def session_by_hash(conn: Connection, token_hash: str, *, now: datetime) -> Session | None:
    row = conn.execute(
        select(member_sessions).where(
            member_sessions.c.token_hash == token_hash, member_sessions.c.expires_at > now
        )
    ).first()
    return _session(row) if row else None


def touch_session(
    conn: Connection, session_id: int, *, now: datetime, expires_at: datetime
) -> None:
    conn.execute(
        update(member_sessions)
        .where(member_sessions.c.id == session_id)
        .values(last_seen_at=now, expires_at=expires_at)
    )


def sessions_of(conn: Connection, member_id: int, *, now: datetime) -> list[Session]:
    rows = conn.execute(
        select(member_sessions)
        .where(member_sessions.c.member_id == member_id, member_sessions.c.expires_at > now)
        .order_by(member_sessions.c.last_seen_at.desc())
    )
    return [_session(r) for r in rows]


def revoke_session(conn: Connection, member_id: int, session_id: int) -> bool:
    result = conn.execute(
        delete(member_sessions).where(
            member_sessions.c.id == session_id, member_sessions.c.member_id == member_id
        )
    )
    return result.rowcount > 0


def revoke_by_hash(conn: Connection, token_hash: str) -> None:
    conn.execute(delete(member_sessions).where(member_sessions.c.token_hash == token_hash))


def revoke_sessions(conn: Connection, member_id: int, *, keep: int | None = None) -> int:
    query = delete(member_sessions).where(member_sessions.c.member_id == member_id)
    if keep is not None:
        query = query.where(member_sessions.c.id != keep)
    return conn.execute(query).rowcount


def prune_sessions(conn: Connection, *, now: datetime) -> int:
    return conn.execute(delete(member_sessions).where(member_sessions.c.expires_at <= now)).rowcount
