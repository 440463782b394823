"""Digests through a real SMTP server on loopback, on SQLite and PostgreSQL: the mail
itself (headers, both parts, links that work through the app), at most one digest per
subscriber and period even when the sending worker is killed, bounces and retries."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
from aiosmtpd.controller import Controller

from broadsheet.community import digest, newsletter
from broadsheet.community.config import community_config
from broadsheet.community.context import Community
from broadsheet.community.digest import send_due_digests
from broadsheet.community.mail import SmtpMailer
from broadsheet.community.periods import due_period
from broadsheet.config import Settings
from broadsheet.model import ArticleDraft
from broadsheet.store import articles as article_store
from broadsheet.store import feeds as feed_store
from broadsheet.store import mailqueue
from broadsheet.store import subscribers as subscriber_store
from broadsheet.store.db import Store
from broadsheet.store.subscribers import Subscriber
from tests.community_support import (
    NOW,
    SECRET,
    Clock,
    HttpClient,
    Inbox,
    SmtpServer,
    body_html,
    body_text,
    clear_community,
    community_app,
    free_port,
    links,
    make_community,
    running_smtp,
)

BASE = "http://127.0.0.1:8000"
SEND_TIME = NOW.replace(hour=7)  # subscribers default to 07:00 UTC, daily


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    with running_smtp() as server:
        yield server


@pytest.fixture
def digest_settings(settings: Settings, store: Store) -> Settings:
    clear_community(store)
    return settings.replace(
        base_url=BASE,
        secret_key=SECRET.decode(),
        database_url=store.engine.url.render_as_string(False),
    )


def mailer(smtp: SmtpServer) -> SmtpMailer:
    return SmtpMailer(
        community_config(Settings(), smtp_host=smtp.host, smtp_port=smtp.port, smtp_starttls=False)
    )


def add_articles(store: Store, count: int = 3) -> list[str]:
    titles = []
    with store.begin() as conn:
        source = feed_store.source_for_host(
            conn, host="news.example", name="The Harbour Herald", site_url=None, now=NOW
        )
        for n in range(count):
            title = f"Story number {n}: ferry returns"
            article_store.save_article(
                conn,
                ArticleDraft(
                    canonical_url=f"https://news.example/a/{n}",
                    url=f"https://news.example/a/{n}",
                    source_id=source.id,
                    title=title,
                    summary=f"The lead of story {n}.",
                    text=f"Body {n}.",
                    status="extracted",
                    published_at=NOW - timedelta(hours=n + 1),
                ),
                now=NOW,
            )
            titles.append(title)
    return titles


def subscribe(c: Community, address: str, **prefs: Any) -> int:
    with c.store.begin() as conn:
        subscriber_store.add_pending(
            conn,
            address=address,
            mailbox_key=address,
            token_salt="salt-" + address,
            member_id=None,
            now=NOW - timedelta(days=2),
        )
        found = subscriber_store.by_mailbox(conn, address)
        assert found is not None
        subscriber_store.confirm(conn, found.id, now=NOW - timedelta(days=2))
        if prefs:
            subscriber_store.set_preferences(
                conn,
                found.id,
                frequency=prefs.get("frequency", "daily"),
                send_hour=prefs.get("send_hour", 7),
                send_weekday=prefs.get("send_weekday", 0),
                source_ids=(),
            )
    return found.id


def run(settings: Settings, store: Store, smtp: SmtpServer, now: Any = NOW) -> digest.SendReport:
    return asyncio.run(send_due_digests(settings, store, now=now, mailer=mailer(smtp)))


def test_digest_is_multipart_with_headers_and_links_that_work(
    digest_settings: Settings, store: Store, smtp: SmtpServer, settings: Settings
) -> None:
    titles = add_articles(store)
    c = make_community(store, settings)
    subscriber_id = subscribe(c, "fan@example.org")
    report = run(digest_settings, store, smtp)
    assert (report.planned, report.sent) == (1, 1)
    (message,) = smtp.inbox.to("fan@example.org")
    assert message.get_content_type() == "multipart/alternative"
    assert message["To"] == "fan@example.org"
    assert message["Date"]
    assert message["From"]
    assert message["Message-ID"].startswith("<digest.")
    assert message["Message-ID"].endswith("@127.0.0.1>")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = message["List-Unsubscribe"].strip("<>")
    assert unsubscribe.startswith(BASE + "/newsletter/unsubscribe?t=")
    text, html = body_text(message), body_html(message)
    for title in titles:
        assert title in text
        assert title in html
    assert "The lead of story 0." in text
    view = next(u for u in links(text) if "/newsletter/view/" in u)
    manage = next(u for u in links(text) if "/newsletter/manage" in u)

    app = community_app(settings, store, smtp, Clock(NOW))
    client = HttpClient(app)
    for url in (view, manage, *[u for u in links(text) if "/articles/" in u]):
        parts = urlsplit(url)
        answer = client.get(parts.path + "?" + parts.query if parts.query else parts.path)
        assert answer.status_code == 200, url
    assert titles[0] in client.get(urlsplit(view).path + "?" + urlsplit(view).query).text
    parts = urlsplit(unsubscribe)
    one_click = HttpClient(app).post(
        f"{parts.path}?{parts.query}",
        content=b"List-Unsubscribe=One-Click",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert one_click.status_code == 200
    with store.read() as conn:
        assert subscriber_store.get_subscriber(conn, subscriber_id).status == "unsubscribed"  # type: ignore[union-attr]

    again = run(digest_settings, store, smtp, NOW + timedelta(hours=3))
    assert (again.planned, again.sent) == (0, 0)
    assert len(smtp.inbox.to("fan@example.org")) == 1


def test_not_sent_before_the_hour_and_weekly_on_its_day(
    digest_settings: Settings, store: Store, smtp: SmtpServer, settings: Settings
) -> None:
    add_articles(store)
    c = make_community(store, settings)
    subscribe(c, "late@example.org", send_hour=18)
    subscribe(c, "weekly@example.org", frequency="weekly", send_weekday=5, send_hour=7)  # Saturdays
    assert run(digest_settings, store, smtp).sent == 0
    assert run(digest_settings, store, smtp, NOW.replace(hour=18, minute=5)).sent == 1
    assert smtp.inbox.to("weekly@example.org") == []
    saturday = run(digest_settings, store, smtp, NOW + timedelta(days=1, hours=7))
    assert saturday.sent == 1
    assert len(smtp.inbox.to("weekly@example.org")) == 1
    assert saturday.empty == 1  # nothing new for the daily one: recorded, not sent


def test_refused_addresses_bounce_and_temporary_failures_retry(
    digest_settings: Settings, store: Store, smtp: SmtpServer, settings: Settings
) -> None:
    add_articles(store)
    c = make_community(store, settings)
    gone = subscribe(c, "gone@example.org")
    busy = subscribe(c, "busy@example.org")
    smtp.inbox.refuse["gone@example.org"] = "550 5.1.1 No such user"
    smtp.inbox.refuse["busy@example.org"] = "451 4.3.0 Try again later"
    report = run(digest_settings, store, smtp)
    assert (report.bounced, report.retrying, report.sent) == (1, 1, 0)
    with store.read() as conn:
        assert subscriber_store.get_subscriber(conn, gone).status == "bounced"  # type: ignore[union-attr]
        (row,) = mailqueue.sends_of(conn, busy)
        assert row.state == "pending"
        assert row.attempts == 1
        assert "451" in (row.last_error or "")
    assert run(digest_settings, store, smtp, NOW + timedelta(minutes=1)).sent == 0  # backing off
    del smtp.inbox.refuse["busy@example.org"]
    later = run(digest_settings, store, smtp, NOW + timedelta(minutes=10))
    assert later.sent == 1
    assert len(smtp.inbox.to("busy@example.org")) == 1
    assert smtp.inbox.to("gone@example.org") == []


def test_two_workers_at_once_send_each_digest_once(
    digest_settings: Settings, store: Store, smtp: SmtpServer, settings: Settings
) -> None:
    add_articles(store)
    c = make_community(store, settings)
    addresses = [f"reader{n}@example.org" for n in range(8)]
    for address in addresses:
        subscribe(c, address)

    async def both() -> list[digest.SendReport]:
        return list(
            await asyncio.gather(
                send_due_digests(digest_settings, store, now=NOW, mailer=mailer(smtp)),
                send_due_digests(digest_settings, store, now=NOW, mailer=mailer(smtp)),
            )
        )

    reports = asyncio.run(both())
    assert sum(r.sent for r in reports) == len(addresses)
    assert sorted(r for rcpt, _ in smtp.inbox.received for r in rcpt) == sorted(addresses)


class StallingInbox(Inbox):
    """Receives normally, but holds the reply to the third message until released."""

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        reply = await super().handle_DATA(server, session, envelope)
        if len(self.received) == 3:
            await asyncio.to_thread(self.release.wait)
        return reply


CHILD = """
import asyncio, sys
from datetime import datetime
from broadsheet.community.config import community_config
from broadsheet.community.digest import send_due_digests
from broadsheet.community.mail import SmtpMailer
from broadsheet.config import Settings
from broadsheet.store.db import open_store
url, data_dir, port, now = sys.argv[1:5]
settings = Settings(
    data_dir=data_dir, database_url=url, base_url="http://127.0.0.1:8000", secret_key="k"
)
config = community_config(settings, smtp_host="127.0.0.1", smtp_port=int(port), smtp_starttls=False)
when = datetime.fromisoformat(now)
asyncio.run(send_due_digests(settings, open_store(settings), now=when, mailer=SmtpMailer(config)))
"""


@pytest.mark.slow
def test_a_worker_killed_while_sending_never_causes_a_second_digest(
    digest_settings: Settings, store: Store, settings: Settings
) -> None:
    add_articles(store)
    c = make_community(store, settings)
    addresses = [f"reader{n}@example.org" for n in range(6)]
    ids = [subscribe(c, address) for address in addresses]
    inbox = StallingInbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        child = subprocess.Popen(
            [
                sys.executable,
                "-c",
                CHILD,
                digest_settings.database_url or "",
                str(digest_settings.data_dir),
                str(port),
                NOW.isoformat(),
            ],
            env={**os.environ, "PYTHONWARNINGS": "ignore"},
        )
        deadline = time.monotonic() + 60
        while len(inbox.received) < 3:
            assert child.poll() is None, "the worker ended before it was killed"
            assert time.monotonic() < deadline, "the worker did not send"
            time.sleep(0.05)
        child.send_signal(signal.SIGKILL)  # in the middle of the third message
        child.wait(timeout=30)
        with store.read() as conn:
            states = sorted(s.state for sid in ids for s in mailqueue.sends_of(conn, sid))
        assert states.count("sent") == 2
        assert states.count("sending") == 1
        assert states.count("pending") == 3
        inbox.release.set()

        server = SmtpServer("127.0.0.1", port, inbox)
        rerun = run(digest_settings, store, server)
        assert rerun.sent == 3
        assert rerun.planned == 0
        much_later = run(digest_settings, store, server, NOW + timedelta(hours=2))
        assert much_later.sent == 0
        assert much_later.uncertain == 1
    finally:
        inbox.release.set()
        controller.stop()
    received = [r for rcpt, _ in inbox.received for r in rcpt]
    assert sorted(received) == sorted(addresses)  # each exactly once, the stalled one included


def test_due_periods() -> None:
    def sub(frequency: str, hour: int, weekday: int = 0) -> Subscriber:
        return Subscriber(
            1,
            "a@b.org",
            "a@b.org",
            "confirmed",
            frequency,
            hour,
            weekday,
            (),
            "s",
            None,
            None,
            0,
            NOW,
            NOW,
            None,
            None,
        )

    assert due_period(sub("daily", 13), NOW) is None
    assert due_period(sub("daily", 7), NOW) == (
        "day:2026-11-20",
        SEND_TIME - timedelta(days=1),
    )
    assert due_period(sub("weekly", 7, weekday=4), NOW) == (
        "week:2026-W47",
        SEND_TIME - timedelta(days=7),
    )
    assert due_period(sub("weekly", 7, weekday=5), NOW) is None


def test_manage_links_survive_but_die_with_a_new_subscription(
    store: Store, settings: Settings
) -> None:
    clear_community(store)
    c = make_community(store, settings)
    subscriber_id = subscribe(c, "fan@example.org")
    with store.read() as conn:
        subscriber = subscriber_store.get_subscriber(conn, subscriber_id)
    assert subscriber is not None
    token = newsletter.manage_token(c, subscriber, now=NOW)
    assert (
        newsletter.subscriber_for(c, token, "nl-manage", now=NOW + timedelta(days=300)).id
        == subscriber_id
    )
    newsletter.unsubscribe(c, token, now=NOW)
    with store.begin() as conn:
        subscriber_store.reopen(conn, subscriber_id, address="fan@example.org", token_salt="fresh")
    with pytest.raises(Exception, match="not valid"):
        newsletter.subscriber_for(c, token, "nl-manage", now=NOW)
