"""Single mails (confirmations, verifications, resets) go through an outbox.

A web request writes the mail into the outbox in the same transaction as the change it
is about, and answers at once, whatever the address: the answer and its timing say
nothing about whether an account or subscription exists. ``deliver`` then sends it
(right after the response, and again from the worker for anything that had to wait),
with retries and backoff, and blanks the stored message once it is sent.
"""

from __future__ import annotations

import email
import email.policy
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage

from sqlalchemy import Connection

from broadsheet.community.mail import Mailer, MailError, MailRefused, MailUncertain, envelope
from broadsheet.store import mailqueue
from broadsheet.store.community_schema import outbound_mail
from broadsheet.store.db import Store

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 5
STALE_AFTER = timedelta(hours=1)


@dataclass
class DeliveryReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    uncertain: int = 0


def backoff(attempts: int) -> timedelta:
    """How long to wait before attempt ``attempts + 1``: 5 min, 15 min, 45 min, ... 6 h."""
    wait: timedelta = timedelta(minutes=5) * (3**attempts)
    return min(wait, timedelta(hours=6))


def enqueue(conn: Connection, kind: str, message: EmailMessage, *, now: datetime) -> int:
    _, recipient = envelope(message)
    return mailqueue.enqueue(
        conn, kind=kind, to_address=recipient, message=message.as_string(), now=now
    )


async def deliver(
    store: Store,
    mailer: Mailer,
    *,
    now: datetime,
    ids: Sequence[int] | None = None,
    limit: int = 200,
) -> DeliveryReport:
    report = DeliveryReport()
    with store.begin() as conn:
        report.uncertain += mailqueue.give_up_stale(
            conn, outbound_mail, claimed_before=now - STALE_AFTER
        )
        due = mailqueue.due_mail(conn, now=now, limit=limit, ids=ids)
    for item in due:
        with store.begin() as conn:
            if not mailqueue.claim(conn, outbound_mail, item.id, now=now):
                continue  # another process has it
        message = email.message_from_string(item.message, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        state, error = await _send_one(mailer, message)
        with store.begin() as conn:
            if state == "retry" and item.attempts + 1 < MAX_ATTEMPTS:
                mailqueue.retry_later(
                    conn, outbound_mail, item.id, at=now + backoff(item.attempts), error=error
                )
                report.retrying += 1
                continue
            final = "failed" if state == "retry" else state
            mailqueue.finish(
                conn, outbound_mail, item.id, state=final, now=now, error=error or None
            )
        setattr(report, final, getattr(report, final) + 1)
    return report


async def _send_one(mailer: Mailer, message: EmailMessage) -> tuple[str, str]:
    """("sent" | "retry" | "failed" | "uncertain", error)."""
    try:
        await mailer.send(message)
    except MailUncertain as exc:
        log.warning("mail to %s may not have arrived: %s", message["To"], exc)
        return "uncertain", str(exc)
    except MailRefused as exc:
        return ("failed" if exc.permanent else "retry"), str(exc)
    except MailError as exc:
        return "retry", str(exc)
    return "sent", ""
