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

_TIME = r"(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?(?:[.,]\d+)?"
_ZONE = r"(?:\s*(?:GMT|UTC)?\s*(?P<z>[+-]\d{1,2}(?::?\d{2})?)|\s*\(?(?P<zn>[A-Za-z]{1,5})\)?)?"
_WEEKDAY = r"(?:[^\W\d_]{2,10}\.?,?\s+)?"
_FORMATS = (
    # ISO 8601 / W3C-DTF: 2025-01-06, 2025-01-06T10:00:00.123+01:00, 2025-01-06 10:00:00Z
    re.compile(
        r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
        r"(?:[Tt ]+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,]\d+)?)?"
        r"\s*(?:(?P<z>Z|z|[+-]\d{2}(?::?\d{2})?)|(?P<zn>[A-Za-z]{2,5}))?)?\s*$"
    ),
    # 2025/01/06 10:00
    re.compile(r"(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})(?:[\sT]+" + _TIME + _ZONE + r")?\s*$"),
    # RFC 822 and friends: Mon, 06 Jan 2025 10:00:00 GMT; 6-Jan-25; Seg, 24 Set 2018 ...
    re.compile(
        _WEEKDAY + r"(?P<d>\d{1,2})\.?[\s\-/]+(?P<mon>[^\W\d_]{3,10})\.?,?[\s\-/]+(?P<y>\d{2,4})"
        r"(?:[\s,T]+(?:at\s+)?" + _TIME + _ZONE + r")?"
    ),
    # January 6, 2025 10:00 AM; Jan 6th, 2025
    re.compile(
        _WEEKDAY + r"(?P<mon>[^\W\d_]{3,10})\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})"
        r"(?:[\s,T]+(?:at\s+)?" + _TIME + _ZONE + r")?"
    ),
    # asctime "Mon Jan  6 10:00:00 2025"; JavaScript "Mon Jan 06 2025 10:00:00 GMT+0000"
    # is matched by the format above.
    re.compile(
        r"[^\W\d_]{3}\s+(?P<mon>[^\W\d_]{3})\s+(?P<d>\d{1,2})\s+" + _TIME + r"\s+(?P<y>\d{4})"
    ),
)
_TIMEZONES: dict[int, timezone] = {0: UTC}


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


def _month(name: str) -> int | None:
    name = name.lower().rstrip(".")
    return _MONTHS.get(name) or _MONTHS.get(name[:3])


def _build(fields: dict[str, str | None]) -> datetime | None:
    """A UTC datetime from a format's named groups, or ``None`` if it cannot exist."""
    year_text = fields["y"] or ""
    year = int(year_text)
    if len(year_text) <= 2:
        year += 2000 if year < 70 else 1900
    month_name = fields.get("mon")
    month = _month(month_name) if month_name else int(fields.get("m") or 0)
    if not month:
        return None
    hour = int(fields.get("H") or 0)
    minute = int(fields.get("M") or 0)
    second = min(int(fields.get("S") or 0), 59)  # 60 is a leap second
    zone = fields.get("z") or fields.get("zn")
    if zone is not None and zone.lower() in {"am", "pm"}:
        if hour > 12:
            return None
        hour = hour % 12 + (12 if zone.lower() == "pm" else 0)
        zone = None
    offset = _offset(zone)
    if offset is None:
        return None
    tz = _TIMEZONES.get(offset)
    if tz is None:
        tz = _TIMEZONES.setdefault(offset, timezone(timedelta(minutes=offset)))
    try:
        moment = datetime(year, month, int(fields["d"] or 0), hour, minute, second, tzinfo=tz)
        return moment if offset == 0 else moment.astimezone(UTC)
    except (ValueError, OverflowError):
        return None


def _parse(text: str) -> datetime | None:
    for pattern in _FORMATS[:2] if text[:1].isdigit() else ():
        match = pattern.match(text)
        if match:
            return _build(match.groupdict())
    for pattern in _FORMATS[2:]:
        match = pattern.match(text)
        if match:
            return _build(match.groupdict())
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
