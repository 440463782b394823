"""When a subscriber's digest is due, by the subscriber's own clock.

A subscriber chooses a time of day (``send_hour``), a time zone (an IANA name that
``zoneinfo`` knows) and, for weekly digests, a weekday (Monday by default). Their digest
for a period is due once their local time has passed that hour:

    daily    period ``day:<local date>``         covers the 24 hours before the send time
    weekly   period ``week:<local ISO week>``    on ``send_weekday``; covers the 7 days before

The period key is what the send log is unique on, so whatever the time zone, a
subscriber gets at most one digest per local day (or week). Local times are compared as
wall-clock times: on the day clocks go forward, a send hour that does not exist is
reached with the next one; on the day they go back, the repeated hour sends once.
"""

from __future__ import annotations

import functools
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, available_timezones

from broadsheet.store.subscribers import Subscriber

DEFAULT_ZONE = "UTC"


NOT_ZONES = frozenset({"localtime", "posixrules", "Factory"})  # files, not places


@functools.cache
def zone_names() -> frozenset[str]:
    """Every IANA zone name this machine knows (the system database or ``tzdata``)."""
    return (frozenset(available_timezones()) - NOT_ZONES) | {DEFAULT_ZONE}


def valid_time_zone(name: str) -> bool:
    """Only names from the zone list: never a path, never something zoneinfo would guess."""
    return name in zone_names()


def zone_of(name: str) -> ZoneInfo:
    """The zone of a stored name; an unknown one (a zone database without it) reads as UTC."""
    return ZoneInfo(name if valid_time_zone(name) else DEFAULT_ZONE)


def due_period(subscriber: Subscriber, now: datetime) -> tuple[str, datetime] | None:
    """(period key, start of what it covers, in UTC) once the subscriber's send time has come."""
    local = now.astimezone(zone_of(subscriber.time_zone))
    scheduled = local.replace(hour=subscriber.send_hour, minute=0, second=0, microsecond=0)
    if subscriber.frequency == "weekly":
        year, week, weekday = local.isocalendar()
        scheduled -= timedelta(days=weekday - 1 - subscriber.send_weekday)
        if local < scheduled:  # same tzinfo: a comparison of wall-clock times
            return None
        return f"week:{year}-W{week:02d}", (scheduled - timedelta(days=7)).astimezone(UTC)
    if local < scheduled:
        return None
    return f"day:{local.date().isoformat()}", (scheduled - timedelta(days=1)).astimezone(UTC)
