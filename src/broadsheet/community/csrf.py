"""Form tokens: against cross-site requests, and against bots that answer too fast.

Every state-changing form carries ``issue(...)``: the time the form was made and an HMAC
over it, the form's purpose and a binding value: the hash of the member's session, or
for someone not signed in a random cookie of their own. A page of another site can
neither read nor forge it. The time lets ``check`` refuse a form sent back quicker than
a person could fill it in, and one older than ``max_age``.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta
from enum import Enum

DEFAULT_MAX_AGE = timedelta(hours=12)


class FormCheck(Enum):
    OK = "ok"
    INVALID = "invalid"  # missing, forged, or from another session
    TOO_FAST = "too_fast"  # sent back quicker than a person could
    STALE = "stale"  # the page was open too long


def _mac(secret: bytes, purpose: str, binding: str, issued: int) -> str:
    message = f"csrf\x00{purpose}\x00{binding}\x00{issued}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()[:40]


def issue(secret: bytes, purpose: str, binding: str, *, now: datetime) -> str:
    issued = int(now.timestamp())
    return f"{issued}.{_mac(secret, purpose, binding, issued)}"


def check(
    secret: bytes,
    purpose: str,
    binding: str,
    token: str | None,
    *,
    now: datetime,
    min_age: float = 0.0,
    max_age: timedelta = DEFAULT_MAX_AGE,
) -> FormCheck:
    if not token or not binding or len(token) > 80:
        return FormCheck.INVALID
    stamp, _, mac = token.partition(".")
    if not stamp.isdigit() or not hmac.compare_digest(
        mac, _mac(secret, purpose, binding, int(stamp))
    ):
        return FormCheck.INVALID
    age = now.timestamp() - int(stamp)
    if age < min_age:
        return FormCheck.TOO_FAST
    if age > max_age.total_seconds():
        return FormCheck.STALE
    return FormCheck.OK
