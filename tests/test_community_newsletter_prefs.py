"""Newsletter preferences: time of day in the subscriber's time zone, weekday, topics and
outlets, set from the signed manage link; digests sent once per local day or week,
through a real SMTP server on loopback, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from html import unescape
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, text

from broadsheet.community import newsletter
from broadsheet.community.digest import SendReport, send_due_digests
from broadsheet.community.periods import due_period, valid_time_zone
from broadsheet.config import Settings
from broadsheet.model import ArticleDraft
from broadsheet.store import articles as article_store
from broadsheet.store import feeds as feed_store
from broadsheet.store import mailqueue
from broadsheet.store import subscribers as subscriber_store
from broadsheet.store.db import MIGRATIONS, Store, migrate
from broadsheet.store.subscribers import Subscriber
from tests.community_support import (
    NOW,
    SECRET,
    Clock,
    HttpClient,
    SmtpServer,
    clear_community,
    community_app,
    confirmed_subscriber,
    digest_mailer,
    make_community,
    running_smtp,
)

BASE = "http://127.0.0.1:8000"


def sub(frequency: str = "daily", hour: int = 7, weekday: int = 0, zone: str = "UTC") -> Subscriber:
    return Subscriber(
        1, "a@b.org", "a@b.org", "confirmed", frequency, hour, weekday, (), "s", None, None, 0,
        NOW, NOW, None, None, time_zone=zone,
    )  # fmt: skip


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_the_send_time_and_the_period_follow_the_local_clock() -> None:
    # November: New York is UTC-5, Auckland UTC+13.
    new_york = sub(hour=7, zone="America/New_York")
    assert due_period(new_york, at("2026-11-20T11:59")) is None
    assert due_period(new_york, at("2026-11-20T12:00")) == (
        "day:2026-11-20",
        at("2026-11-19T12:00"),
    )
    # 03:00 UTC on the 21st is still the evening of the 20th in New York: same period.
    assert due_period(new_york, at("2026-11-21T03:00"))[0] == "day:2026-11-20"  # type: ignore[index]
    auckland = sub(hour=7, zone="Pacific/Auckland")
    assert due_period(auckland, at("2026-11-20T12:00")) is None  # 01:00 on the 21st there
    assert due_period(auckland, at("2026-11-20T18:00")) == (
        "day:2026-11-21",
        at("2026-11-19T18:00"),
    )
    # Weekly, Mondays at 07:00 Tokyo (UTC+9): Sunday 22:00 UTC is Monday 07:00 there.
    tokyo = sub("weekly", hour=7, weekday=0, zone="Asia/Tokyo")
    assert due_period(tokyo, at("2026-11-22T21:59")) is None
    assert due_period(tokyo, at("2026-11-22T22:00")) == (
        "week:2026-W48",
        at("2026-11-15T22:00"),
    )
    assert due_period(tokyo, at("2026-11-28T10:00"))[0] == "week:2026-W48"  # type: ignore[index]


def test_clock_changes_neither_skip_nor_repeat_a_day() -> None:
    berlin = sub(hour=2, zone="Europe/Berlin")
    # 29 March 2026: 02:00 does not exist in Berlin; 01:30 UTC is 03:30 local.
    assert due_period(berlin, at("2026-03-29T00:59")) is None  # 01:59 local
    assert due_period(berlin, at("2026-03-29T01:30"))[0] == "day:2026-03-29"  # type: ignore[index]
    # 25 October 2026: 02:00 to 03:00 happens twice; both times are the same period.
    first = due_period(berlin, at("2026-10-25T00:30"))  # 02:30 summer time
    second = due_period(berlin, at("2026-10-25T01:30"))  # 02:30 winter time
    assert first is not None
    assert second is not None
    assert first[0] == second[0] == "day:2026-10-25"


def test_only_zone_names_from_the_list_are_valid() -> None:
    for name in ("UTC", "Europe/Paris", "America/Argentina/Buenos_Aires", "Asia/Kolkata"):
        assert valid_time_zone(name)
    for name in (
        "",
        "Mars/Olympus_Mons",
        "../../etc/passwd",
        "/etc/localtime",
        "localtime",  # the machine's own zone file, not a place
        "europe/paris",
    ):
        assert not valid_time_zone(name)
    # A stored name this machine does not know is read as UTC, never an error.
    assert due_period(sub(hour=7, zone="Atlantis/Capital"), NOW) == (
        "day:2026-11-20",
        NOW.replace(hour=7) - timedelta(days=1),
    )


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    with running_smtp() as server:
        yield server


@pytest.fixture
def digest_settings(settings: Settings, store: Store) -> Settings:
    clear_community(store)
    return settings.replace(base_url=BASE, secret_key=SECRET.decode())


def add_hourly_articles(store: Store, start: datetime, hours: int) -> None:
    """One article an hour from ``start``, so every period has something to send."""
    with store.begin() as conn:
        source = feed_store.source_for_host(
            conn, host="news.example", name="The Harbour Herald", site_url=None, now=start
        )
        for n in range(hours):
            when = start + timedelta(hours=n)
            article_store.save_article(
                conn,
                ArticleDraft(
                    canonical_url=f"https://news.example/h/{n}",
                    url=f"https://news.example/h/{n}",
                    source_id=source.id,
                    title=f"Bulletin {n}",
                    text=f"Bulletin body {n}.",
                    status="extracted",
                    published_at=when,
                ),
                now=when,
            )


def run(settings: Settings, store: Store, smtp: SmtpServer, now: datetime) -> SendReport:
    return asyncio.run(send_due_digests(settings, store, now=now, mailer=digest_mailer(smtp)))


def test_each_subscriber_gets_one_digest_per_local_day_at_their_hour(
    digest_settings: Settings, store: Store, smtp: SmtpServer
) -> None:
    start = at("2026-11-18T00:00")
    add_hourly_articles(store, start - timedelta(days=1), 24 * 4)
    tokyo = confirmed_subscriber(store, "tokyo@example.org", send_hour=9, time_zone="Asia/Tokyo")
    lima = confirmed_subscriber(store, "lima@example.org", send_hour=18, time_zone="America/Lima")
    # A worker pass every 20 minutes for two days.
    for step in range(0, 2 * 24 * 3):
        run(digest_settings, store, smtp, start + timedelta(minutes=20 * step))
    with store.read() as conn:
        tokyo_sends = mailqueue.sends_of(conn, tokyo)
        lima_sends = mailqueue.sends_of(conn, lima)
    # Tokyo is UTC+9: 09:00 there is 00:00 UTC, on the 18th and the 19th (the 20th's
    # would be at 00:00 UTC on the 20th, after the last pass).
    assert [s.period for s in tokyo_sends] == ["day:2026-11-18", "day:2026-11-19"]
    # Lima is UTC-5: 18:00 there is 23:00 UTC; the 17th's was due at the start already.
    assert [s.period for s in lima_sends] == ["day:2026-11-17", "day:2026-11-18", "day:2026-11-19"]
    assert all(s.state == "sent" for s in tokyo_sends + lima_sends)
    assert len(smtp.inbox.to("tokyo@example.org")) == 2
    assert len(smtp.inbox.to("lima@example.org")) == 3
    sent_at = [s.sent_at for s in tokyo_sends]
    assert [t.astimezone(UTC).hour for t in sent_at if t] == [0, 0]  # 09:00 in Tokyo
    ids = [m["Message-ID"] for m in smtp.inbox.to("lima@example.org")]
    assert "day.2026-11-18" in ids[1]


def test_weekly_on_the_chosen_weekday_in_the_local_week(
    digest_settings: Settings, store: Store, smtp: SmtpServer
) -> None:
    start = at("2026-11-16T00:00")  # a Monday
    add_hourly_articles(store, start - timedelta(days=7), 24 * 22)
    # Fridays at 08:00 in Sydney (UTC+11 in November): Thursday 21:00 UTC.
    sydney = confirmed_subscriber(
        store,
        "sydney@example.org",
        frequency="weekly",
        send_weekday=4,
        send_hour=8,
        time_zone="Australia/Sydney",
    )
    for step in range(0, 14 * 4):  # every six hours for two weeks
        run(digest_settings, store, smtp, start + timedelta(hours=6 * step + 3))
    with store.read() as conn:
        sends = mailqueue.sends_of(conn, sydney)
    assert [s.period for s in sends] == ["week:2026-W47", "week:2026-W48"]
    assert [s.sent_at.astimezone(UTC).strftime("%a %H") for s in sends if s.sent_at] == [
        "Thu 21",
        "Thu 21",
    ]


def manage_page(client: HttpClient, token: str) -> str:
    answer = client.get(f"/newsletter/manage?t={token}")
    assert answer.status_code == 200
    return answer.text


def test_the_manage_page_sets_time_zone_hour_topics_and_outlets(
    store: Store, settings: Settings, smtp: SmtpServer
) -> None:
    clear_community(store)
    add_hourly_articles(store, NOW - timedelta(hours=3), 2)
    with store.read() as conn:
        (source_id,) = [s.id for s in feed_store.list_sources(conn)]
    subscriber_id = confirmed_subscriber(store, "fan@example.org")
    c = make_community(store, settings)
    with store.read() as conn:
        subscriber = subscriber_store.get_subscriber(conn, subscriber_id)
    assert subscriber is not None
    token = newsletter.manage_token(c, subscriber, now=NOW)
    client = HttpClient(community_app(settings, store, smtp, Clock(NOW)))
    page = manage_page(client, token)
    assert "<option selected>UTC</option>" in page
    assert ">Europe/Lisbon</option>" in page
    assert 'name="topic" value="Sport"' in page

    saved = client.post(
        "/newsletter/manage",
        data={
            "t": token,
            "frequency": "weekly",
            "weekday": "2",
            "hour": "18",
            "tz": "America/Argentina/Buenos_Aires",
            "topic": ["Sport", "Science"],
            "topics": " ferry ,Maria  Okafor, sport,,",
            "source": str(source_id),
        },
    )
    assert saved.status_code == 303
    with store.read() as conn:
        fresh = subscriber_store.get_subscriber(conn, subscriber_id)
    assert fresh is not None
    assert (fresh.frequency, fresh.send_weekday, fresh.send_hour) == ("weekly", 2, 18)
    assert fresh.time_zone == "America/Argentina/Buenos_Aires"
    assert fresh.topics == ("Sport", "Science", "ferry", "Maria Okafor")  # "sport" once
    assert fresh.source_ids == (source_id,)
    page = manage_page(client, token)
    assert "<option selected>America/Argentina/Buenos_Aires</option>" in page
    assert 'value="ferry, Maria Okafor"' in page
    assert re.search(r'value="Sport" checked', page)
    assert not re.search(r'value="Health" checked', page)

    for tz in ("Mars/Olympus_Mons", "../../../etc/passwd", ""):
        refused = client.post(
            "/newsletter/manage", data={"t": token, "frequency": "daily", "hour": "7", "tz": tz}
        )
        assert refused.status_code == 400
        assert "time zone" in unescape(refused.text)
    too_many = client.post(
        "/newsletter/manage",
        data={
            "t": token,
            "frequency": "daily",
            "hour": "7",
            "tz": "UTC",
            "topics": ",".join(f"t{n}" for n in range(30)),
        },
    )
    assert too_many.status_code == 400
    forged = client.post(
        "/newsletter/manage", data={"t": token + "x", "frequency": "daily", "tz": "UTC"}
    )
    assert forged.status_code == 404
    with store.read() as conn:
        assert subscriber_store.get_subscriber(conn, subscriber_id) == fresh  # nothing changed


def test_migration_0007_gives_existing_subscribers_utc_and_every_topic(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0006")
        conn.execute(
            text(
                "INSERT INTO subscribers (address, mailbox_key, status, frequency, send_hour,"
                " send_weekday, source_ids, token_salt, confirm_count, created_at)"
                " VALUES ('old@example.org', 'old@example.org', 'confirmed', 'daily', 6, 0,"
                " '[]', 'salt', 1, '2026-11-01 00:00:00')"
            )
        )
    migrate(engine)
    with engine.connect() as conn:
        (found,) = subscriber_store.confirmed(conn)
    engine.dispose()
    assert (found.time_zone, found.topics, found.send_hour) == ("UTC", (), 6)
    assert due_period(found, NOW) == ("day:2026-11-20", NOW.replace(hour=6) - timedelta(days=1))
