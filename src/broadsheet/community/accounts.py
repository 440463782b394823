"""Member accounts: sign up, sign in, verify, reset, change, delete, export.

No answer tells a visitor whether an address has an account: sign-up and reset answer
the same either way and write a mail to the outbox either way (a "you already have an
account" mail instead of a verification); sign-in hashes a dummy password for unknown
addresses so that it takes as long. Sign-in attempts count per address tried and per
client address, in the database.

Operations that send mail return the outbox ids to deliver (``outbox.deliver``).
"""

from __future__ import annotations

import unicodedata
from datetime import datetime, timedelta
from typing import Any

from broadsheet.community import messages, outbox, tokens
from broadsheet.community.context import GENERIC_SIGNIN, TOO_MANY, Community, Refused, link
from broadsheet.community.emails import InvalidAddress, mailbox_key, parse_address
from broadsheet.community.passwords import WeakPassword, check_strength
from broadsheet.community.ratelimit import Limit, client_key, hit
from broadsheet.community.sessions import start_session
from broadsheet.store import comments as comment_store
from broadsheet.store import guards
from broadsheet.store import members as member_store
from broadsheet.store import subscribers as subscriber_store
from broadsheet.store.members import EmailTaken, Member

VERIFY_TTL = timedelta(days=2)
RESET_TTL = timedelta(hours=1)
RESERVED_NAMES = {
    "admin",
    "administrator",
    "moderator",
    "mod",
    "broadsheet",
    "deleteduser",
    "staff",
}


def _address(raw: str) -> str:
    try:
        return parse_address(raw)
    except InvalidAddress as exc:
        raise Refused(str(exc)) from exc


def clean_display_name(raw: str) -> str:
    """The name shown with comments: 2 to 40 visible characters, no look-alike of a role."""
    name = " ".join(unicodedata.normalize("NFKC", raw).split())
    if not 2 <= len(name) <= 40:
        raise Refused("Choose a display name of 2 to 40 characters.")
    if any(unicodedata.category(ch) in {"Cc", "Cf", "Cs", "Co", "Cn"} for ch in name):
        raise Refused("Your display name has invisible or control characters; remove them.")
    folded = "".join(ch for ch in name.casefold() if ch.isalnum())
    if folded in RESERVED_NAMES:
        raise Refused("That display name is reserved; choose another.")
    return name


def _password(password: str) -> None:
    try:
        check_strength(password)
    except WeakPassword as exc:
        raise Refused(str(exc)) from exc


def _limit(
    c: Community, name: str, key: str, count: int, window: timedelta, *, now: datetime
) -> bool:
    return hit(c.store, Limit(name, count, window), key, now=now).allowed


def _verify_link(c: Community, member_id: int, address: str, base: str, now: datetime) -> str:
    token = tokens.make_token(c.secret, "verify", member_id, now=now, ttl=VERIFY_TTL, bind=address)
    return link(base, "/account/verify", t=token)


def sign_up(
    c: Community, *, email: str, display_name: str, password: str, ip: str, base: str, now: datetime
) -> list[int]:
    address = _address(email)
    name = clean_display_name(display_name)
    _password(password)
    if not _limit(
        c, "signup-ip", client_key(ip), c.config.signups_per_hour, timedelta(hours=1), now=now
    ):
        raise Refused(TOO_MANY, status=429)
    password_hash = c.passwords.hash(password)  # also for a known address: same time
    with c.store.begin() as conn:
        try:
            member = member_store.create_member(
                conn, email=address, display_name=name, password_hash=password_hash, now=now
            )
        except EmailTaken:
            member = None
    if member is None:
        if not _limit(c, "mail-exists", mailbox_key(address), 1, timedelta(days=1), now=now):
            return []
        message = messages.account_exists(
            c.config,
            to=address,
            signin=link(base, "/signin"),
            reset=link(base, "/account/reset"),
            now=now,
        )
        kind = "exists"
    else:
        verify = _verify_link(c, member.id, address, base, now)
        message = messages.verify_address(c.config, to=address, link=verify, now=now)
        kind = "verify"
    with c.store.begin() as conn:
        return [outbox.enqueue(conn, kind, message, now=now)]


def sign_in(
    c: Community, *, email: str, password: str, ip: str, user_agent: str, now: datetime
) -> str:
    """A new session's cookie value, or ``Refused`` with one message for every failure."""
    try:
        address = parse_address(email)
    except InvalidAddress:
        address = email.strip().lower()[:320]
    window = timedelta(minutes=15)
    n = c.config.signins_per_15min
    by_account = _limit(c, "signin-acct", mailbox_key(address), n, window, now=now)
    by_client = _limit(c, "signin-ip", client_key(ip), 3 * n, window, now=now)
    if not (by_account and by_client):
        raise Refused(TOO_MANY, status=429)
    with c.store.read() as conn:
        member = member_store.member_by_email(conn, address)
    if member is None:
        c.passwords.waste_time(password)
        raise Refused(GENERIC_SIGNIN, status=401)
    ok, new_hash = c.passwords.verify(member.password_hash, password)
    if not ok:
        raise Refused(GENERIC_SIGNIN, status=401)
    if new_hash is not None:
        with c.store.begin() as conn:
            member_store.update_member(conn, member.id, password_hash=new_hash)
    return start_session(
        c.store, member, now=now, days=c.config.session_days, user_agent=user_agent, ip=ip
    )


def verify_address(c: Community, token: str, *, now: datetime) -> Member:
    """Confirm the address a verification link was made for (new account or change)."""
    subject = tokens.peek_subject(token)
    with c.store.begin() as conn:
        member = member_store.get_member(conn, subject) if subject is not None else None
        if member is None:
            raise Refused("This link is not valid. It may have expired or been used already.")
        for address in (member.pending_email, member.email):
            if address is None:
                continue
            try:
                tokens.read_token(c.secret, token, "verify", now=now, bind=address)
            except tokens.BadToken:
                continue
            if address == member.pending_email:
                try:
                    member_store.change_email(conn, member.id, address, now=now)
                except EmailTaken as exc:
                    raise Refused("Another account uses that address now.") from exc
            elif member.email_verified_at is None:
                member_store.update_member(conn, member.id, email_verified_at=now)
            fresh = member_store.get_member(conn, member.id)
            assert fresh is not None
            return fresh
    raise Refused("This link is not valid. It may have expired or been used already.")


def resend_verification(c: Community, member: Member, *, base: str, now: datetime) -> list[int]:
    address = member.pending_email or member.email
    if member.verified and member.pending_email is None:
        return []
    if not _limit(c, "mail-verify", mailbox_key(address), 2, timedelta(days=1), now=now):
        raise Refused(
            "We sent you a link recently. Please check your inbox (and spam folder).", status=429
        )
    message = messages.verify_address(
        c.config, to=address, link=_verify_link(c, member.id, address, base, now), now=now
    )
    with c.store.begin() as conn:
        return [outbox.enqueue(conn, "verify", message, now=now)]


def request_reset(c: Community, *, email: str, ip: str, base: str, now: datetime) -> list[int]:
    address = _address(email)
    if not _limit(
        c, "signup-ip", client_key(ip), c.config.signups_per_hour, timedelta(hours=1), now=now
    ):
        raise Refused(TOO_MANY, status=429)
    with c.store.read() as conn:
        member = member_store.member_by_email(conn, address)
    if member is None or not _limit(
        c, "mail-reset", mailbox_key(address), 3, timedelta(days=1), now=now
    ):
        return []
    token = tokens.make_token(
        c.secret, "reset", member.id, now=now, ttl=RESET_TTL, bind=member.password_hash
    )
    message = messages.reset_password(
        c.config, to=address, link=link(base, "/account/reset/choose", t=token), now=now
    )
    with c.store.begin() as conn:
        return [outbox.enqueue(conn, "reset", message, now=now)]


def reset_password(c: Community, *, token: str, password: str, now: datetime) -> Member:
    """Set a new password from a reset link (once), and sign out every session."""
    _password(password)
    invalid = Refused("This link is not valid. It may have expired or been used already.")
    subject = tokens.peek_subject(token)
    with c.store.read() as conn:
        member = member_store.get_member(conn, subject) if subject is not None else None
    if member is None:
        raise invalid
    try:
        claims = tokens.read_token(c.secret, token, "reset", now=now, bind=member.password_hash)
    except tokens.BadToken as exc:
        raise invalid from exc
    new_hash = c.passwords.hash(password)
    with c.store.begin() as conn:
        if not guards.spend_token(conn, "reset:" + claims.nonce, expires_at=claims.expires_at):
            raise invalid
        values: dict[str, Any] = {"password_hash": new_hash}
        if member.email_verified_at is None:
            values["email_verified_at"] = now  # the link proved the address
        member_store.update_member(conn, member.id, **values)
        member_store.revoke_sessions(conn, member.id)
    return member


def _check_password(c: Community, member: Member, password: str) -> None:
    ok, _ = c.passwords.verify(member.password_hash, password)
    if not ok:
        raise Refused("Your current password is not right.", status=403)


def change_password(
    c: Community, member: Member, *, current: str, new: str, keep_session: int, now: datetime
) -> None:
    _check_password(c, member, current)
    _password(new)
    new_hash = c.passwords.hash(new)
    with c.store.begin() as conn:
        member_store.update_member(conn, member.id, password_hash=new_hash)
        member_store.revoke_sessions(conn, member.id, keep=keep_session)


def request_email_change(
    c: Community, member: Member, *, new_email: str, password: str, base: str, now: datetime
) -> list[int]:
    _check_password(c, member, password)
    address = _address(new_email)
    if address == member.email:
        raise Refused("That is already your address.")
    if not _limit(c, "mail-verify", mailbox_key(address), 2, timedelta(days=1), now=now):
        raise Refused(
            "We sent a link to that address recently. Please check its inbox.", status=429
        )
    with c.store.begin() as conn:
        member_store.update_member(conn, member.id, pending_email=address)
        return [
            outbox.enqueue(
                conn,
                "verify",
                messages.verify_address(
                    c.config,
                    to=address,
                    link=_verify_link(c, member.id, address, base, now),
                    now=now,
                ),
                now=now,
            ),
            outbox.enqueue(
                conn,
                "notice",
                messages.address_changing(c.config, to=member.email, now=now),
                now=now,
            ),
        ]


def delete_account(c: Community, member: Member, *, password: str, keep_comments: bool) -> None:
    """Delete the member; comments stay as "deleted user" or are erased, as they choose."""
    _check_password(c, member, password)
    with c.store.begin() as conn:
        comment_store.detach_member(conn, member.id, erase=not keep_comments)
        for sub in subscriber_store.of_member(conn, member.id, member.email):
            subscriber_store.delete_subscriber(conn, sub.id)
        member_store.delete_member(conn, member.id)


def export(c: Community, member: Member, *, now: datetime) -> dict[str, Any]:
    """Everything we hold about a member, as JSON-ready data."""
    with c.store.read() as conn:
        sessions = member_store.sessions_of(conn, member.id, now=now)
        written = comment_store.by_member(conn, member.id, limit=100_000)
        subs = subscriber_store.of_member(conn, member.id, member.email)
    return {
        "exported_at": now.isoformat(),
        "account": {
            "email": member.email,
            "display_name": member.display_name,
            "role": member.role,
            "created_at": member.created_at.isoformat(),
            "email_verified_at": member.email_verified_at.isoformat()
            if member.email_verified_at
            else None,
        },
        "sessions": [
            {
                "created_at": s.created_at.isoformat(),
                "last_seen_at": s.last_seen_at.isoformat(),
                "user_agent": s.user_agent,
                "ip": s.ip,
            }
            for s in sessions
        ],
        "comments": [
            {
                "id": k.id,
                "article_id": k.article_id,
                "parent_id": k.parent_id,
                "body": k.body,
                "status": k.status,
                "created_at": k.created_at.isoformat(),
                "edited_at": k.edited_at.isoformat() if k.edited_at else None,
            }
            for k in written
        ],
        "newsletter": [
            {
                "address": s.address,
                "status": s.status,
                "frequency": s.frequency,
                "send_hour": s.send_hour,
                "send_weekday": s.send_weekday,
                "time_zone": s.time_zone,
                "source_ids": list(s.source_ids),
                "topics": list(s.topics),
            }
            for s in subs
        ],
    }


def create_account(
    c: Community, *, email: str, display_name: str, password: str, role: str, now: datetime
) -> Member:
    """An account made by the operator (``broadsheet admin create``): verified at once."""
    address = _address(email)
    name = " ".join(unicodedata.normalize("NFKC", display_name).split()) or "Admin"
    _password(password)
    with c.store.begin() as conn:
        try:
            return member_store.create_member(
                conn,
                email=address,
                display_name=name[:40],
                password_hash=c.passwords.hash(password),
                now=now,
                role=role,
                verified=True,
            )
        except EmailTaken as exc:
            raise Refused("An account with that address exists already.") from exc
