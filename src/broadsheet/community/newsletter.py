"""The newsletter: double opt-in sign-up, preferences and unsubscribing by signed links.

A sign-up form can be pointed at somebody else's address, so sending is what is
limited, not asking. For a valid address the visitor always gets the same answer;
behind it a confirmation mail goes out only when all of these hold:

- the mailbox (``emails.mailbox_key``: case, dots and +tags folded) is not confirmed
  already, got no confirmation in the last day and fewer than ``MAX_CONFIRMATIONS``
  in all; it has one row, so one pending confirmation;
- the client address has sign-ups left this hour, and its network has confirmation
  mails left today.

Until the link is followed nothing else is sent to the address. The confirmation mail
holds no text from the visitor. Manage and unsubscribe links are signed with the
subscriber's salt, which a new sign-up after unsubscribing replaces.

Preferences (the manage page, from the link in every mail): daily or weekly (on a
weekday), the time of day in the subscriber's time zone (an IANA name from
``periods.zone_names``), outlets and topics (``topstories`` says how they filter).
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from broadsheet.community import messages, outbox, tokens
from broadsheet.community.context import Community, Refused, link
from broadsheet.community.emails import InvalidAddress, mailbox_key, parse_address
from broadsheet.community.periods import valid_time_zone
from broadsheet.community.ratelimit import Limit, client_key, hit, network_key, peek
from broadsheet.store import subscribers as subscriber_store
from broadsheet.store.subscribers import Subscriber

MAX_CONFIRMATIONS = 3
CONFIRM_TTL = timedelta(days=2)
LINK_TTL = timedelta(days=400)  # manage and unsubscribe links in mails people keep
INVALID_LINK = (
    "This link is not valid or has expired. You can sign up again on the newsletter page."
)


def subscribe(
    c: Community, *, email: str, ip: str, member_id: int | None, base: str, now: datetime
) -> list[int]:
    """Ask for a confirmation mail; returns the outbox ids (often none), never why."""
    try:
        address = parse_address(email)
    except InvalidAddress as exc:
        raise Refused(str(exc)) from exc
    hour = Limit("nl-client", c.config.signups_per_hour, timedelta(hours=1))
    if not hit(c.store, hour, client_key(ip), now=now).allowed:
        return []
    key = mailbox_key(address)
    with c.store.begin() as conn:
        subscriber = subscriber_store.by_mailbox(conn, key)
        if subscriber is None:
            subscriber_store.add_pending(
                conn,
                address=address,
                mailbox_key=key,
                token_salt=secrets.token_hex(16),
                member_id=member_id,
                now=now,
            )
            subscriber = subscriber_store.by_mailbox(conn, key)
        elif subscriber.status in {"unsubscribed", "bounced"} and _quiet_for_a_day(subscriber, now):
            subscriber_store.reopen(
                conn, subscriber.id, address=address, token_salt=secrets.token_hex(16)
            )
            subscriber = subscriber_store.get_subscriber(conn, subscriber.id)
    assert subscriber is not None
    if subscriber.status != "pending":
        return []
    day = Limit("nl-network", c.config.confirmations_per_day, timedelta(days=1))
    if not peek(c.store, day, network_key(ip), now=now).allowed:
        return []
    with c.store.begin() as conn:
        claimed = subscriber_store.claim_confirmation(
            conn,
            subscriber.id,
            now=now,
            not_since=now - timedelta(days=1),
            max_count=MAX_CONFIRMATIONS,
        )
    if not claimed:
        return []
    hit(c.store, day, network_key(ip), now=now)
    token = tokens.make_token(
        c.secret, "nl-confirm", subscriber.id, now=now, ttl=CONFIRM_TTL, bind=subscriber.token_salt
    )
    message = messages.confirm_subscription(
        c.config, to=subscriber.address, link=link(base, "/newsletter/confirm", t=token), now=now
    )
    with c.store.begin() as conn:
        return [outbox.enqueue(conn, "confirm", message, now=now)]


def _quiet_for_a_day(subscriber: Subscriber, now: datetime) -> bool:
    last = max(
        (
            t
            for t in (subscriber.confirm_sent_at, subscriber.unsubscribed_at, subscriber.bounced_at)
            if t
        ),
        default=None,
    )
    return last is None or now - last >= timedelta(days=1)


def subscriber_for(c: Community, token: str, purpose: str, *, now: datetime) -> Subscriber:
    subject = tokens.peek_subject(token)
    with c.store.read() as conn:
        subscriber = subscriber_store.get_subscriber(conn, subject) if subject is not None else None
    if subscriber is None:
        raise Refused(INVALID_LINK, status=404)
    try:
        tokens.read_token(c.secret, token, purpose, now=now, bind=subscriber.token_salt)
    except tokens.BadToken as exc:
        raise Refused(INVALID_LINK, status=404) from exc
    return subscriber


def confirm(c: Community, token: str, *, now: datetime) -> Subscriber:
    subscriber = subscriber_for(c, token, "nl-confirm", now=now)
    if subscriber.status not in {"pending", "confirmed"}:
        raise Refused(INVALID_LINK, status=404)
    with c.store.begin() as conn:
        subscriber_store.confirm(conn, subscriber.id, now=now)
        fresh = subscriber_store.get_subscriber(conn, subscriber.id)
    assert fresh is not None
    return fresh


def manage_token(c: Community, subscriber: Subscriber, *, now: datetime) -> str:
    return tokens.make_token(
        c.secret, "nl-manage", subscriber.id, now=now, ttl=LINK_TTL, bind=subscriber.token_salt
    )


def unsubscribe_token(c: Community, subscriber: Subscriber, *, now: datetime) -> str:
    return tokens.make_token(
        c.secret, "nl-unsub", subscriber.id, now=now, ttl=LINK_TTL, bind=subscriber.token_salt
    )


def unsubscribe(c: Community, token: str, *, now: datetime) -> Subscriber:
    """One click: no sign-in, no second question (RFC 8058). Repeating it is harmless."""
    try:
        subscriber = subscriber_for(c, token, "nl-unsub", now=now)
    except Refused:
        subscriber = subscriber_for(c, token, "nl-manage", now=now)
    with c.store.begin() as conn:
        subscriber_store.unsubscribe(conn, subscriber.id, now=now)
    return subscriber


def clean_topics(raw: list[str]) -> tuple[str, ...]:
    """Topics as typed and ticked: trimmed, one space between words, no repeats (by case)."""
    found: dict[str, str] = {}
    for item in raw:
        for part in item.split(","):
            topic = " ".join(part.split())
            if topic:
                found.setdefault(topic.casefold(), topic)
    topics = tuple(found.values())
    if len(topics) > subscriber_store.MAX_TOPICS:
        raise Refused(f"Choose at most {subscriber_store.MAX_TOPICS} topics.")
    if any(len(t) > subscriber_store.MAX_TOPIC_CHARS for t in topics):
        raise Refused(f"A topic can be at most {subscriber_store.MAX_TOPIC_CHARS} characters.")
    return topics


def save_preferences(
    c: Community,
    token: str,
    *,
    frequency: str,
    send_hour: int,
    send_weekday: int,
    source_ids: tuple[int, ...],
    now: datetime,
    time_zone: str = "UTC",
    topics: tuple[str, ...] = (),
) -> Subscriber:
    subscriber = subscriber_for(c, token, "nl-manage", now=now)
    if not valid_time_zone(time_zone):
        raise Refused("Choose a time zone from the list, such as Europe/Paris or UTC.")
    with c.store.begin() as conn:
        try:
            subscriber_store.set_preferences(
                conn,
                subscriber.id,
                frequency=frequency,
                send_hour=send_hour,
                send_weekday=send_weekday,
                source_ids=source_ids,
                time_zone=time_zone,
                topics=topics,
            )
        except ValueError as exc:
            raise Refused("Those preferences are not valid.") from exc
        fresh = subscriber_store.get_subscriber(conn, subscriber.id)
    assert fresh is not None
    return fresh
