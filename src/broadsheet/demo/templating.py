"""The Jinja environment the sample sites are rendered with, and its date filters."""

from __future__ import annotations

import email.utils
from datetime import UTC, datetime, tzinfo
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from jinja2.runtime import Context

TEMPLATES = Path(__file__).resolve().parent / "templates"

_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _tz(context: Context) -> tzinfo:
    value = context.get("tz")
    return value if isinstance(value, tzinfo) else UTC


@pass_context
def iso(context: Context, moment: datetime) -> str:
    """ISO 8601 in the outlet's local time: ``2025-03-14T09:30:00+01:00``."""
    return moment.astimezone(_tz(context)).isoformat(timespec="seconds")


def isoz(moment: datetime) -> str:
    """ISO 8601 in UTC with a ``Z``: ``2025-03-14T08:30:00Z``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def isoms(moment: datetime) -> str:
    """ISO 8601 in UTC with milliseconds, as JavaScript prints it."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


@pass_context
def rfc822(context: Context, moment: datetime) -> str:
    """RFC 822 date for RSS, in the outlet's local offset."""
    return email.utils.format_datetime(moment.astimezone(_tz(context)))


@pass_context
def human(context: Context, moment: datetime, style: str) -> str:
    """Dates the way each outlet prints them for people."""
    t = moment.astimezone(_tz(context))
    day, month, year = t.day, _MONTHS[t.month - 1], t.year
    weekday = _DAYS[t.weekday()]
    styles = {
        "broadsheet": f"{weekday[:3]} {day} {month[:3]} {year} {t:%H.%M}",
        "tabloid": f"{t:%H:%M}, {day} {month[:3]} {year}",
        "long": f"{day} {month} {year}",
        "clock": f"{t:%H:%M}",
        "oldschool": f"{weekday}, {day} {month} {year} - {t:%H:%M}",
        "numeric": f"{t:%d/%m/%Y %H:%M}",
        "american": f"{month[:3]} {day}, {year}",
    }
    return styles[style]


@pass_context
def ago(context: Context, moment: datetime) -> str:
    """``2 hours ago``, relative to the world's ``now`` in the context."""
    now = context.get("now")
    if not isinstance(now, datetime):
        raise TypeError("the template context has no 'now'")
    minutes = int((now - moment).total_seconds() // 60)
    if minutes < 60:
        return f"{max(minutes, 1)} min ago"
    hours = minutes // 60
    if hours < 24:
        return f"{hours} hour{'s' if hours != 1 else ''} ago"
    days = hours // 24
    return f"{days} day{'s' if days != 1 else ''} ago"


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    filters: dict[str, Any] = {
        "iso": iso,
        "isoz": isoz,
        "isoms": isoms,
        "rfc822": rfc822,
        "human": human,
        "ago": ago,
    }
    env.filters.update(filters)
    return env
