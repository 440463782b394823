"""Sign-in sessions: a random token in an HttpOnly, SameSite=Lax cookie, its hash in the store.

Sessions slide: each use more than ``TOUCH_EVERY`` after the last one moves the expiry
``session_days`` ahead, so an active member stays signed in and a forgotten device
drops out. Revoking is deleting the row.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from broadsheet.store import members as member_store
from broadsheet.store.db import Store
from broadsheet.store.members import Member, Session

SESSION_COOKIE = "bs_session"
ANON_COOKIE = "bs_anon"  # binds the forms of someone not signed in (login CSRF)
TOUCH_EVERY = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class Viewer:
    """Who is asking: a member with their session, or nobody."""

    member: Member
    session: Session


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def start_session(
    store: Store, member: Member, *, now: datetime, days: int, user_agent: str, ip: str
) -> str:
    """A new session for ``member``; returns the cookie value."""
    token = new_token()
    with store.begin() as conn:
        member_store.add_session(
            conn,
            member_id=member.id,
            token_hash=token_hash(token),
            now=now,
            expires_at=now + timedelta(days=days),
            user_agent=user_agent,
            ip=ip,
        )
    return token


def load_viewer(store: Store, token: str | None, *, now: datetime, days: int) -> Viewer | None:
    if not token or len(token) > 100:
        return None
    with store.read() as conn:
        session = member_store.session_by_hash(conn, token_hash(token), now=now)
        member = member_store.get_member(conn, session.member_id) if session else None
    if session is None or member is None:
        return None
    if now - session.last_seen_at >= TOUCH_EVERY:
        with store.begin() as conn:
            member_store.touch_session(
                conn, session.id, now=now, expires_at=now + timedelta(days=days)
            )
    return Viewer(member=member, session=session)


def end_session(store: Store, token: str | None) -> None:
    if token and len(token) <= 100:
        with store.begin() as conn:
            member_store.revoke_by_hash(conn, token_hash(token))
