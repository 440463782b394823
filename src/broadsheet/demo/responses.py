"""What the sample sites answer with, before HTTP framing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

HTML = "text/html; charset=utf-8"
TEXT = "text/plain; charset=utf-8"


@dataclass(frozen=True, slots=True)
class Response:
    status: int
    body: bytes
    content_type: str
    last_modified: datetime | None = None
    headers: tuple[tuple[str, str], ...] = ()

    @property
    def validators(self) -> bool:
        """Whether the response carries an ETag and Last-Modified (successful GETs only)."""
        return self.status == 200 and self.last_modified is not None
