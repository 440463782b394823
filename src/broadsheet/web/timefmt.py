"""Human times: "10 minutes ago", "yesterday", "3 days ago"."""

from __future__ import annotations

from datetime import datetime


def relative_time(when: datetime, now: datetime) -> str:
    seconds = (now - when).total_seconds()
    if seconds < 0:
        return "just now" if seconds > -120 else when.strftime("%d %b %Y")
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
    return when.strftime("%d %b %Y")
