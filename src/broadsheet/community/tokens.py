"""Signed, expiring link tokens for mails and forms.

A token is ``payload.signature``, both base64url: the payload names the purpose, the
subject (a member, a subscriber, a send), the expiry and a random nonce; the signature
is an HMAC-SHA256 over the payload and a ``bind`` value the caller supplies: the
member's current password hash for a reset link, the address for a verification link,
the subscriber's salt for newsletter links. Changing that value voids every link made
before, without keeping a list.

Single use is the caller's part: ``store.guards.spend_token(nonce)`` records a token as
spent in the database, so a second use fails in every process.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta


class BadToken(ValueError):
    """Forged, damaged, expired, spent or meant for something else."""


@dataclass(frozen=True, slots=True)
class Claims:
    purpose: str
    subject: int
    expires_at: datetime
    nonce: str


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _signature(secret: bytes, payload: str, bind: str) -> str:
    mac = hmac.new(secret, b"token:" + payload.encode("ascii") + b"\x00", hashlib.sha256)
    mac.update(bind.encode("utf-8"))
    return _b64(mac.digest())


def make_token(
    secret: bytes, purpose: str, subject: int, *, now: datetime, ttl: timedelta, bind: str = ""
) -> str:
    expires = int((now + ttl).timestamp())
    body = json.dumps([purpose, subject, expires, secrets.token_hex(12)], separators=(",", ":"))
    payload = _b64(body.encode("utf-8"))
    return f"{payload}.{_signature(secret, payload, bind)}"


def read_token(secret: bytes, token: str, purpose: str, *, now: datetime, bind: str = "") -> Claims:
    """The claims of a valid token for ``purpose``, else ``BadToken``."""
    payload, dot, signature = token.strip().partition(".")
    if not dot or len(token) > 600:
        raise BadToken("malformed token")
    if not hmac.compare_digest(_signature(secret, payload, bind), signature):
        raise BadToken("bad signature")
    try:
        kind, subject, expires, nonce = json.loads(_unb64(payload))
    except (ValueError, TypeError) as exc:
        raise BadToken("malformed token") from exc
    if kind != purpose or not isinstance(subject, int) or not isinstance(expires, int):
        raise BadToken("token for something else")
    expires_at = datetime.fromtimestamp(expires, UTC)
    if expires_at <= now:
        raise BadToken("expired")
    return Claims(purpose=kind, subject=subject, expires_at=expires_at, nonce=str(nonce))


def peek_subject(token: str) -> int | None:
    """The subject a token names, unverified: to look up what ``bind`` must be."""
    payload = token.strip().partition(".")[0]
    try:
        subject = json.loads(_unb64(payload))[1]
    except (ValueError, TypeError, IndexError):
        return None
    return subject if isinstance(subject, int) else None
