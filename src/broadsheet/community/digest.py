"""The digest: who is due, what their digest holds, and sending it at most once.

``send_due_digests`` is one pass of the worker:

1. For every confirmed subscriber whose period has come (``periods.due_period``: daily
   at ``send_hour`` of their time zone, weekly on ``send_weekday`` at that hour), write a
   send row, unique per (subscriber, local period), with the items it will hold (the
   period's top stories for their filter, ``topstories.pick``): before any mail goes out.
2. Rows left ``sending`` by a worker that died an hour ago become ``uncertain``.
3. Each ``pending`` row that is due is claimed (pending -> sending, one worker wins),
   built and handed to the mail server, then marked ``sent``; or ``bounced`` (the
   server refused the address: the subscriber is marked bounced), ``pending`` again
   with backoff (temporary failure), ``failed`` (out of attempts) or ``uncertain``
   (the connection broke during DATA). Nothing but ``pending`` is ever sent, so a
   subscriber gets a period's digest at most once, whatever crashes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from pathlib import Path

from broadsheet.community import messages, newsletter, tokens, topstories
from broadsheet.community.context import Community, link
from broadsheet.community.mail import Mailer, MailError, MailRefused, MailUncertain
from broadsheet.community.outbox import backoff
from broadsheet.community.periods import due_period
from broadsheet.config import Settings
from broadsheet.errors import ConfigError
from broadsheet.store import digests as digest_store
from broadsheet.store import mailqueue
from broadsheet.store import subscribers as subscriber_store
from broadsheet.store.community_schema import digest_sends
from broadsheet.store.db import Store
from broadsheet.store.digests import DigestItem
from broadsheet.store.subscribers import Subscriber

STALE_AFTER = timedelta(hours=1)
VIEW_TTL = timedelta(days=400)


@dataclass
class SendReport:
    planned: int = 0
    sent: int = 0
    bounced: int = 0
    retrying: int = 0
    failed: int = 0
    uncertain: int = 0
    empty: int = 0


@dataclass(frozen=True, slots=True)
class Planned:
    subscriber: Subscriber
    period: str
    items: list[DigestItem]


def plan(c: Community, *, now: datetime) -> list[Planned]:
    """The digests that are due and have no send row yet, with what each will hold."""
    with c.store.read() as conn:
        subs = subscriber_store.confirmed(conn)
        due = {s.id: p for s in subs if (p := due_period(s, now)) is not None}
        done = mailqueue.digest_periods(conn, list(due), {p[0] for p in due.values()})
        loaded: dict[datetime, topstories.Period] = {}  # subscribers of one zone share one
        result = []
        for sub in subs:
            if sub.id not in due or (sub.id, due[sub.id][0]) in done:
                continue
            period, since = due[sub.id]
            if since not in loaded:
                loaded[since] = topstories.load_period(conn, since=since, until=now)
            leads = topstories.pick(
                conn,
                loaded[since],
                source_ids=sub.source_ids,
                topics=sub.topics,
                limit=c.config.digest_items,
            )
            result.append(Planned(sub, period, digest_store.items_by_id(conn, leads)))
    return result


def view_token(c: Community, send_id: int, subscriber: Subscriber, *, now: datetime) -> str:
    return tokens.make_token(
        c.secret, "nl-view", send_id, now=now, ttl=VIEW_TTL, bind=subscriber.token_salt
    )


def build_message(
    c: Community,
    *,
    subscriber: Subscriber,
    send_id: int,
    period: str,
    items: list[DigestItem],
    base: str,
    now: datetime,
) -> EmailMessage:
    unsubscribe = link(
        base, "/newsletter/unsubscribe", t=newsletter.unsubscribe_token(c, subscriber, now=now)
    )
    context = {
        "site": c.config.site_name,
        "items": items,
        "article_url": lambda item: link(base, f"/articles/{item.article_id}"),
        "story_url": lambda item: link(base, f"/stories/{item.story_id}"),
        "view": link(
            base, f"/newsletter/view/{send_id}", t=view_token(c, send_id, subscriber, now=now)
        ),
        "manage": link(
            base, "/newsletter/manage", t=newsletter.manage_token(c, subscriber, now=now)
        ),
        "unsubscribe": unsubscribe,
        "daily": subscriber.frequency == "daily",
    }
    title = "today's" if subscriber.frequency == "daily" else "this week's"
    message = messages.build(
        c.config,
        to=subscriber.address,
        subject=f"{c.config.site_name}: {title} top stories",
        text=messages.render("mail/digest.txt", **context),
        html=messages.render("mail/digest.html", **context),
        now=now,
        headers={
            "List-Id": f"{c.config.site_name} digest <digest.{c.config.mail_domain}>",
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Precedence": "bulk",
        },
    )
    del message["Message-ID"]
    message["Message-ID"] = f"<digest.{send_id}.{period.replace(':', '.')}@{c.config.mail_domain}>"
    return message


def _base(settings: Settings) -> str:
    if not settings.base_url:
        raise ConfigError("base_url must be set for digests: their links go to the site")
    return settings.base_url.rstrip("/")


def read_secret(settings: Settings) -> bytes:
    """The site's signing key: ``secret_key``, else the one the web app keeps in the data dir."""
    if settings.secret_key:
        return settings.secret_key.encode("utf-8")
    path = Path(settings.data_dir) / "secret_key"
    if not path.is_file():
        raise ConfigError("no secret key yet: set BROADSHEET_SECRET_KEY or start the web app once")
    return path.read_text(encoding="ascii").strip().encode("ascii")


async def send_due_digests(
    settings: Settings,
    store: Store,
    *,
    now: datetime,
    mailer: Mailer,
    secret: bytes | None = None,
    limit: int = 500,
) -> SendReport:
    """One pass: record what is due, then send what is pending (see the module text)."""
    c = Community.create(settings, store, secret or read_secret(settings))
    base = _base(settings)
    report = SendReport()
    for planned in plan(c, now=now):
        with store.begin() as conn:
            state = "pending" if planned.items else "empty"
            ids = [i.article_id for i in planned.items]
            if mailqueue.record_digest(
                conn,
                subscriber_id=planned.subscriber.id,
                period=planned.period,
                article_ids=ids,
                now=now,
                state=state,
            ):
                report.planned += 1
                report.empty += state == "empty"
    with store.begin() as conn:
        report.uncertain += mailqueue.give_up_stale(
            conn, digest_sends, claimed_before=now - STALE_AFTER
        )
        due = mailqueue.due_digests(conn, now=now, limit=limit)
    for send in due:
        await _send_one(c, send, mailer=mailer, base=base, now=now, report=report)
    return report


async def _send_one(
    c: Community,
    send: mailqueue.DigestSend,
    *,
    mailer: Mailer,
    base: str,
    now: datetime,
    report: SendReport,
) -> None:
    with c.store.begin() as conn:
        if not mailqueue.claim(conn, digest_sends, send.id, now=now):
            return  # another worker has it
        subscriber = subscriber_store.get_subscriber(conn, send.subscriber_id)
        chosen = digest_store.items_by_id(conn, send.article_ids)
    if subscriber is None or subscriber.status != "confirmed":
        with c.store.begin() as conn:
            mailqueue.finish(
                conn, digest_sends, send.id, state="failed", now=now, error="not subscribed"
            )
        report.failed += 1
        return
    message = build_message(
        c,
        subscriber=subscriber,
        send_id=send.id,
        period=send.period,
        items=chosen,
        base=base,
        now=now,
    )
    try:
        await mailer.send(message)
    except MailUncertain as exc:
        _finish(c, send.id, "uncertain", now, str(exc))
        report.uncertain += 1
    except MailRefused as exc:
        if exc.recipient and exc.permanent:
            with c.store.begin() as conn:
                subscriber_store.mark_bounced(conn, subscriber.id, reason=str(exc), now=now)
            _finish(c, send.id, "bounced", now, str(exc))
            report.bounced += 1
        else:
            _retry_or_fail(c, send, now, str(exc), report)
    except MailError as exc:
        _retry_or_fail(c, send, now, str(exc), report)
    else:
        _finish(c, send.id, "sent", now, None, message_id=str(message["Message-ID"]))
        report.sent += 1


def _finish(
    c: Community,
    send_id: int,
    state: str,
    now: datetime,
    error: str | None,
    *,
    message_id: str | None = None,
) -> None:
    with c.store.begin() as conn:
        mailqueue.finish(
            conn, digest_sends, send_id, state=state, now=now, error=error, message_id=message_id
        )


def _retry_or_fail(
    c: Community, send: mailqueue.DigestSend, now: datetime, error: str, report: SendReport
) -> None:
    if send.attempts + 1 >= c.config.digest_max_attempts:
        _finish(c, send.id, "failed", now, error)
        report.failed += 1
        return
    with c.store.begin() as conn:
        mailqueue.retry_later(
            conn, digest_sends, send.id, at=now + backoff(send.attempts), error=error
        )
    report.retrying += 1


def describe(plans: list[Planned]) -> list[str]:
    """``--dry-run``: one line per digest that would go out."""
    return [
        f"{p.subscriber.address}\t{p.period}\t{len(p.items)} items"
        + ("".join(f"\n    - {i.title} ({i.source})" for i in p.items))
        for p in plans
    ]
