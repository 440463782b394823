"""Opaque pagination cursors: the (time, id) of the last item a page showed."""

from __future__ import annotations

import base64
import binascii
from datetime import UTC, datetime


class BadCursor(ValueError):
    """A cursor that this site did not make."""


def encode_cursor(when: datetime, article_id: int) -> str:
    raw = f"{when.astimezone(UTC).isoformat()}|{article_id}".encode()
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(text: str) -> tuple[datetime, int]:
    if len(text) > 100:
        raise BadCursor("cursor too long")
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode("ascii")
        stamp, _, ident = raw.partition("|")
        when = datetime.fromisoformat(stamp)
        article_id = int(ident)
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise BadCursor(f"not a valid cursor: {text[:40]!r}") from exc
    if when.tzinfo is None:
        raise BadCursor("cursor time has no time zone")
    return when.astimezone(UTC), article_id


def encode_offset(offset: int) -> str:
    return base64.urlsafe_b64encode(f"o{offset}".encode()).decode("ascii").rstrip("=")


def decode_offset(text: str) -> int:
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode("ascii")
        if not raw.startswith("o"):
            raise ValueError(raw)
        offset = int(raw[1:])
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise BadCursor(f"not a valid cursor: {text[:40]!r}") from exc
    if not 0 <= offset <= 10_000:
        raise BadCursor("cursor out of range")
    return offset
