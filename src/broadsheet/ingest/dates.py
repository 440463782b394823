"""Date strings from feeds and sitemaps → timezone-aware UTC datetimes, or ``None``.

Feeds write dates in RFC 822 (``Mon, 06 Jan 2025 10:00:00 GMT``), W3C/ISO 8601
(``2025-01-06T10:00:00+01:00``) and a long tail of near misses: no weekday, two-digit
years, full or localized month names, timezone abbreviations, a missing timezone (read as
UTC), ``asctime`` and JavaScript ``Date.toString`` forms. Each has a small anchored regex.

Hostile or broken input never raises: the text is cut to ``MAX_DATE_LENGTH`` characters
before any parsing (so no parser sees a 5,000-digit "date"); impossible dates (Feb 30,
hour 25, offset +25:00) give ``None``; dates before 1970-01-02 give ``None`` (epoch zero and
``0000-00-00`` are placeholders, not dates); dates more than ``FUTURE_TOLERANCE`` after
``now`` are clamped to ``now`` (an item cannot have been published in the future: such dates
come from wrong timezones or typos, and the fetch time is the best estimate).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

MAX_DATE_LENGTH = 64
FUTURE_TOLERANCE = timedelta(hours=1)
EARLIEST = datetime(1970, 1, 2, tzinfo=UTC)

_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "jan january janv janvier jän jänner januar ene enero gen gennaio janeiro sty",
        "feb february fév févr février februar febr fev fevereiro febbraio febrero lut",
        "mar march mär märz mars marzo março mrt",
        "apr april avr avril abr abril aprile kwi",
        "may mai mayo maggio mag mei maj",
        "jun june juin juni junio giugno giu junho cze",
        "jul july juil juillet juli julio luglio lug julho lip",
        "aug august août aout ago agosto sie",
        "sep sept september septembre septiembre settembre set setembro wrz",
        "oct october okt oktober octobre octubre ottobre ott out outubro paź",
        "nov november novembre noviembre novembro lis",
        "dec december déc décembre dez dezember diciembre dicembre dic dezembro gru",
    ),
    start=1,
):
    for _name in _names.split():
        _MONTHS[_name] = _number

# Abbreviations in common use; RFC 822 military letters other than Z are ignored (too
# often wrong in practice, as RFC 1123 already noted).
_ZONES: dict[str, int] = {
    "z": 0,
    "ut": 0,
    "utc": 0,
    "gmt": 0,
    "wet": 0,
    "bst": 60,
    "ist": 330,
    "cet": 60,
    "met": 60,
    "mez": 60,
    "cest": 120,
    "mest": 120,
    "west": 60,
    "eet": 120,
    "eest": 180,
    "msk": 180,
    "edt": -240,
    "est": -300,
    "cdt": -300,
    "cst": -360,
    "mdt": -360,
    "mst": -420,
    "pdt": -420,
    "pst": -480,
    "akst": -540,
    "akdt": -480,
    "hst": -600,
    "ast": -240,
    "adt": -180,
    "nst": -210,
    "ndt": -150,
    "jst": 540,
    "kst": 540,
    "hkt": 480,
    "sgt": 480,
    "awst": 480,
    "acst": 570,
    "aest": 600,
    "aedt": 660,
    "nzst": 720,
    "nzdt": 780,
}

_TIME = r"(\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+)?"
_ZONE = r"(?:\s*(?:GMT|UTC)?\s*([+-]\d{1,2}(?::?\d{2})?)|\s*\(?([A-Za-z]{1,5})\)?)?"
_ISO = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:[Tt ]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?|[A-Za-z]{2,5})?)?"
    r"\s*$"
)
_DAY_MONTH_YEAR = re.compile(
    r"(?:[^\W\d_]{2,10}\.?,?\s+)?(\d{1,2})\.?[\s\-/]+([^\W\d_]{3,10})\.?,?[\s\-/]+(\d{2,4})"
    r"(?:[\s,T]+(?:at\s+)?" + _TIME + _ZONE + r")?"
)
_MONTH_DAY_YEAR = re.compile(
    r"(?:[^\W\d_]{2,10}\.?,?\s+)?([^\W\d_]{3,10})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})"
    r"(?:[\s,T]+(?:at\s+)?" + _TIME + _ZONE + r")?"
)
# asctime: "Mon Jan  6 10:00:00 2025"; JavaScript: "Mon Jan 06 2025 10:00:00 GMT+0000 (UTC)"
_ASCTIME = re.compile(
    r"[^\W\d_]{3}\s+([^\W\d_]{3})\s+(\d{1,2})\s+" + _TIME + r"\s+(\d{4})"
)
_SLASHED = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})(?:[\sT]+" + _TIME + _ZONE + r")?\s*$")


def _offset(text: str | None) -> int | None:
    """Minutes east of UTC for ``+0100``, ``-03:00``, ``+05``, ``PST``; ``None`` if invalid."""
    if not text:
        return 0
    if text[0] in "+-":
        digits = text[1:].replace(":", "")
        if len(digits) <= 2:
            hours, minutes = int(digits), 0
        elif len(digits) == 4:
            hours, minutes = int(digits[:2]), int(digits[2:])
        else:
            return None
        if hours > 23 or minutes > 59:
            return None
        total = hours * 60 + minutes
        return -total if text[0] == "-" else total
    return _ZONES.get(text.lower(), 0)


def _build(
    year: int,
    month: int,
    day: int,
    hour: int = 0,
    minute: int = 0,
    second: int = 0,
    zone: str | None = None,
) -> datetime | None:
    if zone is not None and zone.lower() in {"am", "pm"}:
        if hour > 12:
            return None
        hour = hour % 12 + (12 if zone.lower() == "pm" else 0)
        zone = None
    offset = _offset(zone)
    if offset is None:
        return None
    if second == 60:  # leap second
        second = 59
    try:
        local = datetime(year, month, day, hour, minute, second, tzinfo=timezone(timedelta(minutes=offset)))
        return local.astimezone(UTC)
    except (ValueError, OverflowError):
        return None


def _year(text: str) -> int:
    year = int(text)
    if len(text) <= 2:
        year += 2000 if year < 70 else 1900
    return year


def _month(name: str) -> int | None:
    name = name.lower().rstrip(".")
    return _MONTHS.get(name) or _MONTHS.get(name[:3])


def _int(text: str | None) -> int:
    return int(text) if text else 0


def _parse(text: str) -> datetime | None:
    if text[:1].isdigit():
        match = _ISO.match(text)
        if match:
            year, month, day, hour, minute, second, zone = match.groups()
            return _build(int(year), int(month), int(day), _int(hour), _int(minute), _int(second), zone)
        match = _SLASHED.match(text)
        if match:
            year, month, day, hour, minute, second, offset, name = match.groups()
            return _build(
                int(year), int(month), int(day), _int(hour), _int(minute), _int(second), offset or name
            )
    match = _DAY_MONTH_YEAR.match(text)
    if match:
        day, month_name, year, hour, minute, second, offset, name = match.groups()
        month = _month(month_name)
        if month is None:
            return None
        return _build(
            _year(year), month, int(day), _int(hour), _int(minute), _int(second), offset or name
        )
    match = _MONTH_DAY_YEAR.match(text)
    if match:
        month_name, day, year, hour, minute, second, offset, name = match.groups()
        month = _month(month_name)
        if month is None:
            return None
        return _build(int(year), month, int(day), _int(hour), _int(minute), _int(second), offset or name)
    match = _ASCTIME.match(text)
    if match:
        month_name, day, hour, minute, second, year = match.groups()
        month = _month(month_name)
        if month is None:
            return None
        return _build(int(year), month, int(day), int(hour), int(minute), _int(second))
    return None


def parse_date(value: str | None, *, now: datetime | None = None) -> datetime | None:
    """Parse a feed date; see the module docstring for the rules. Never raises."""
    if not value:
        return None
    text = value[:MAX_DATE_LENGTH].strip()
    if not text:
        return None
    parsed = _parse(text)
    if parsed is None or parsed < EARLIEST:
        return None
    if now is None:
        now = datetime.now(UTC)
    if parsed > now + FUTURE_TOLERANCE:
        return now
    return parsed
