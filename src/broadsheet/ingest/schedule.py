"""When to poll a feed next, and how long to wait after a failure. Pure functions, no I/O.

Every function takes ``now`` (timezone-aware) and returns an absolute time, so callers
store the answer on the feed and tests need no clock.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from itertools import pairwise
from statistics import median

#: How many of the newest entry dates the update rate is estimated from.
RATE_WINDOW = 20
#: Interval used when a feed has fewer than two dated entries to learn a rate from.
DEFAULT_MINUTES = 60
#: Backoff never grows past this many doublings (2**16 times the minimum is days anyway).
_MAX_DOUBLINGS = 16
_MAX_AGE = re.compile(r"(?:^|,)\s*max-age\s*=\s*\"?(\d+)\"?\s*(?:,|$)", re.IGNORECASE)
_NO_CACHE = re.compile(r"(?:^|,)\s*(?:no-cache|no-store)\s*(?:[=,]|$)", re.IGNORECASE)


def parse_http_date(value: str) -> datetime | None:
    """An HTTP-date (RFC 9110 5.6.7, including the obsolete forms) as aware UTC, or None."""
    try:
        parsed = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return None
    if parsed.tzinfo is None:  # "-0000": HTTP-dates are always in GMT
        return parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP-date.

    A date in the past gives 0; an unreadable value gives None (no advice).
    """
    if value is None:
        return None
    text = value.strip()
    if text.isdigit():
        return float(int(text))
    when = parse_http_date(text)
    if when is None:
        return None
    return max(0.0, (when - now).total_seconds())


def cache_lifetime(headers: Mapping[str, str], now: datetime) -> float | None:
    """Seconds the response stays fresh, from Cache-Control max-age or Expires (RFC 9111).

    ``max-age`` wins over ``Expires``; the response's ``Age`` is subtracted; ``no-cache``
    / ``no-store`` mean 0. Expires is measured from the response's ``Date`` when present
    (to cancel clock skew), else from ``now``. Returns None when the headers say nothing.
    """
    lower = {key.lower(): value for key, value in headers.items()}
    control = lower.get("cache-control", "")
    age = _non_negative_int(lower.get("age")) or 0
    match = _MAX_AGE.search(control)
    if match:
        return float(max(0, int(match.group(1)) - age))
    if _NO_CACHE.search(control):
        return 0.0
    expires_text = lower.get("expires")
    if expires_text is None:
        return None
    expires = parse_http_date(expires_text)
    if expires is None:  # "0", "-1" and other invalid dates mean "already expired"
        return 0.0
    date = parse_http_date(lower.get("date", "")) or now
    return max(0.0, (expires - date).total_seconds() - age)


def next_poll(
    *,
    now: datetime,
    entry_times: Sequence[datetime],
    ttl_minutes: int | None,
    cache_seconds: float | None,
    retry_after: float | None,
    min_minutes: int,
    max_minutes: int,
) -> datetime:
    """When to poll a feed that was just fetched successfully.

    interval = median gap between the newest ``RATE_WINDOW`` distinct entry times that are
    not in the future (so a feed that posts every 2 hours is polled every 2 hours, one new
    entry per poll on average); ``DEFAULT_MINUTES`` when fewer than two such times exist.
    Then ``interval = max(interval, ttl_minutes * 60, cache_seconds, retry_after)``: the
    publisher's hints only ever lengthen it. Finally it is clamped to
    ``[min_minutes, max_minutes]`` and ``now + interval`` is returned.
    """
    interval = _update_interval(now, entry_times)
    hints = [
        ttl_minutes * 60.0 if ttl_minutes else None,
        cache_seconds,
        retry_after,
    ]
    interval = max([interval, *(h for h in hints if h is not None)])
    return now + timedelta(seconds=_clamp(interval, min_minutes, max_minutes))


def backoff(
    *,
    now: datetime,
    error_count: int,
    retry_after: float | None,
    min_minutes: int,
    max_minutes: int,
    rng: random.Random | None = None,
) -> datetime:
    """When to retry a feed after ``error_count`` consecutive failures (1 = the first).

    interval = ``min_minutes * 2 ** (error_count - 1)``, raised to ``retry_after`` when the
    server asked for longer, multiplied by a jitter factor in [0.9, 1.1] when ``rng`` is
    given (pass a seeded ``random.Random`` for repeatable results), then clamped to
    ``[min_minutes, max_minutes]``.
    """
    doublings = min(max(error_count, 1) - 1, _MAX_DOUBLINGS)
    interval = min_minutes * 60.0 * (2**doublings)
    if retry_after is not None:
        interval = max(interval, retry_after)
    if rng is not None:
        interval *= rng.uniform(0.9, 1.1)
    return now + timedelta(seconds=_clamp(interval, min_minutes, max_minutes))


def _update_interval(now: datetime, entry_times: Sequence[datetime]) -> float:
    times = sorted({t for t in entry_times if t <= now}, reverse=True)[:RATE_WINDOW]
    if len(times) < 2:
        return DEFAULT_MINUTES * 60.0
    gaps = [(newer - older).total_seconds() for newer, older in pairwise(times)]
    return float(median(gaps))


def _clamp(seconds: float, min_minutes: int, max_minutes: int) -> float:
    return min(max(seconds, min_minutes * 60.0), max_minutes * 60.0)


def _non_negative_int(value: str | None) -> int | None:
    if value is None or not value.strip().isdigit():
        return None
    return int(value.strip())
