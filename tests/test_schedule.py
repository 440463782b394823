"""Poll scheduling: update-rate interval, publisher hints, backoff, cache headers."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from broadsheet.ingest.schedule import (
    DEFAULT_MINUTES,
    backoff,
    cache_lifetime,
    next_poll,
    parse_http_date,
    parse_retry_after,
)

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
MIN, MAX = 5, 24 * 60


def _every(minutes: float, count: int, *, start: datetime = NOW) -> list[datetime]:
    return [start - timedelta(minutes=minutes * i) for i in range(count)]


def _poll(entry_times: list[datetime], **hints: float | int | None) -> timedelta:
    args: dict[str, float | int | None] = {
        "ttl_minutes": None,
        "cache_seconds": None,
        "retry_after": None,
    }
    args.update(hints)
    when = next_poll(now=NOW, entry_times=entry_times, min_minutes=MIN, max_minutes=MAX, **args)  # type: ignore[arg-type]
    return when - NOW


def test_interval_follows_the_feeds_update_rate() -> None:
    assert _poll(_every(120, 10)) == timedelta(hours=2)
    assert _poll(_every(30, 10)) == timedelta(minutes=30)


def test_median_ignores_one_long_silence() -> None:
    times = [*_every(60, 10), NOW - timedelta(days=30)]
    assert _poll(times) == timedelta(hours=1)


def test_only_recent_entries_count() -> None:
    recent = _every(60, 20)
    old = _every(10, 50, start=NOW - timedelta(days=10))
    assert _poll(recent + old) == timedelta(hours=1)


def test_future_dates_and_duplicates_are_ignored() -> None:
    times = [*_every(60, 5), *_every(60, 5), NOW + timedelta(days=365)]
    assert _poll(times) == timedelta(hours=1)


def test_default_when_the_rate_is_unknown() -> None:
    assert _poll([]) == timedelta(minutes=DEFAULT_MINUTES)
    assert _poll([NOW - timedelta(hours=3)]) == timedelta(minutes=DEFAULT_MINUTES)


def test_hints_raise_but_never_lower_the_interval() -> None:
    busy = _every(10, 10)
    assert _poll(busy, ttl_minutes=60) == timedelta(hours=1)
    assert _poll(busy, cache_seconds=1800.0) == timedelta(minutes=30)
    assert _poll(busy, retry_after=7200.0) == timedelta(hours=2)
    slow = _every(240, 10)
    assert _poll(slow, ttl_minutes=15, cache_seconds=60.0, retry_after=0.0) == timedelta(hours=4)


def test_interval_is_clamped() -> None:
    assert _poll(_every(0.5, 10)) == timedelta(minutes=5)
    assert _poll(_every(60 * 24 * 7, 10)) == timedelta(days=1)
    assert _poll(_every(10, 10), retry_after=86400.0 * 30) == timedelta(days=1)


def test_backoff_doubles_up_to_the_cap() -> None:
    def wait(errors: int, retry_after: float | None = None) -> timedelta:
        when = backoff(
            now=NOW, error_count=errors, retry_after=retry_after, min_minutes=MIN, max_minutes=MAX
        )
        return when - NOW

    assert [wait(n) for n in (1, 2, 3, 4)] == [timedelta(minutes=m) for m in (5, 10, 20, 40)]
    assert wait(9) == timedelta(minutes=5 * 2**8)
    assert wait(10) == timedelta(days=1)
    assert wait(10_000) == timedelta(days=1)
    assert wait(0) == timedelta(minutes=5)
    assert wait(1, retry_after=3600.0) == timedelta(hours=1)
    assert wait(1, retry_after=86400.0 * 7) == timedelta(days=1)


def test_backoff_jitter_is_bounded_and_repeatable() -> None:
    def jittered(seed: int) -> timedelta:
        rng = random.Random(seed)
        when = backoff(
            now=NOW, error_count=4, retry_after=None, rng=rng, min_minutes=MIN, max_minutes=MAX
        )
        return when - NOW

    assert jittered(7) == jittered(7)
    values = {jittered(seed) for seed in range(20)}
    assert len(values) > 1
    assert all(timedelta(minutes=36) <= v <= timedelta(minutes=44) for v in values)


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"Cache-Control": "public, max-age=600"}, 600.0),
        ({"cache-control": "max-age=600", "Age": "100"}, 500.0),
        ({"Cache-Control": "s-maxage=60, max-age=300"}, 300.0),
        ({"Cache-Control": "no-cache"}, 0.0),
        ({"Cache-Control": "no-store, max-age=600"}, 600.0),
        ({"Expires": "Fri, 20 Nov 2026 13:00:00 GMT"}, 3600.0),
        (
            {"Expires": "Fri, 20 Nov 2026 13:00:00 GMT", "Date": "Fri, 20 Nov 2026 12:30:00 GMT"},
            1800.0,
        ),
        ({"Expires": "0"}, 0.0),
        ({"Expires": "Thu, 01 Jan 1970 00:00:00 GMT"}, 0.0),
        ({"Cache-Control": "max-age=60", "Expires": "Fri, 20 Nov 2026 13:00:00 GMT"}, 60.0),
        ({"Content-Type": "text/xml"}, None),
        ({"Cache-Control": "private"}, None),
    ],
)
def test_cache_lifetime(headers: dict[str, str], expected: float | None) -> None:
    assert cache_lifetime(headers, NOW) == expected


def test_retry_after_forms() -> None:
    assert parse_retry_after("86400", NOW) == 86400.0
    assert parse_retry_after(" 120 ", NOW) == 120.0
    assert parse_retry_after("Fri, 20 Nov 2026 12:10:00 GMT", NOW) == 600.0
    assert parse_retry_after("Friday, 20-Nov-26 12:10:00 GMT", NOW) == 600.0  # RFC 850
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", NOW) == 0.0
    assert parse_retry_after("soon", NOW) is None
    assert parse_retry_after("-5", NOW) is None
    assert parse_retry_after(None, NOW) is None


def test_http_dates_are_utc() -> None:
    parsed = parse_http_date("Fri, 20 Nov 2026 12:00:00 -0000")
    assert parsed == NOW
    assert parse_http_date("not a date") is None
