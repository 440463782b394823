"""Human times: "10 minutes ago", "yesterday", "3 days ago", and exact UTC stamps.

The browser rewrites both into the reader's time zone and keeps the relative ones
current (``static/site.js`` follows the same rules); these are what a reader without
JavaScript sees.
"""

from __future__ import annotations

from datetime import UTC, datetime


def relative_time(when: datetime, now: datetime) -> str:
    seconds = (now - when).total_seconds()
    if seconds < -60:
        return _ahead(-seconds, when)
    if seconds < 60:
        return "just now"
    minutes = int(seconds // 60)
    if minutes < 60:
        return f"{minutes} minute{'s' if minutes != 1 else ''} ago"
    hours = minutes // 60
    if hours < 24:
        return f"{hours} hour{'s' if hours != 1 else ''} ago"
    days = hours // 24
    if days == 1:
        return "yesterday"
    if days < 7:
        return f"{days} days ago"
    return short_date(when)


def _ahead(seconds: float, when: datetime) -> str:
    """A time in the future (the next poll of a feed): "in 40 minutes", "tomorrow"."""
    minutes = int(seconds // 60)
    if minutes < 60:
        return f"in {minutes} minute{'s' if minutes != 1 else ''}"
    hours = minutes // 60
    if hours < 24:
        return f"in {hours} hour{'s' if hours != 1 else ''}"
    days = hours // 24
    if days == 1:
        return "tomorrow"
    if days < 7:
        return f"in {days} days"
    return short_date(when)


def short_date(when: datetime) -> str:
    """``3 Mar 2025`` in UTC."""
    utc = when.astimezone(UTC)
    return f"{utc.day} {utc.strftime('%b %Y')}"


def exact_time(when: datetime) -> str:
    """``3 March 2025, 14:05 UTC``: the tooltip of a relative time."""
    utc = when.astimezone(UTC)
    return f"{utc.day} {utc.strftime('%B %Y, %H:%M')} UTC"


def iso_time(when: datetime) -> str:
    """RFC 3339 in UTC with a ``Z``, as ``<time datetime>`` and the API write it."""
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
