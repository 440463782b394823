"""Helpers the page modules share: cursors from query strings, cached HTML answers."""

from __future__ import annotations

from datetime import datetime

from fastapi import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from broadsheet.web.cache import Rendered, matches
from broadsheet.web.cursor import BadCursor, decode_cursor, encode_cursor
from broadsheet.web.site import HTML


def cursor_param(before: str | None) -> tuple[datetime, int] | None:
    if not before:
        return None
    try:
        return decode_cursor(before)
    except BadCursor as exc:
        raise HTTPException(status_code=400, detail=str(exc)) from exc


def next_cursor(items: list[object], limit: int) -> str | None:
    """The cursor after the last item, when the page was full."""
    if len(items) < limit or not items:
        return None
    last = items[-1]
    when: datetime = last.when  # type: ignore[attr-defined]
    return encode_cursor(when, last.id)  # type: ignore[attr-defined]


def send(request: Request, page: Rendered, *, media_type: str = HTML) -> Response:
    """A cached page, or 304 when the client has this version."""
    headers = {"ETag": page.etag, "Cache-Control": "no-cache"}
    if matches(request, page.etag):
        return Response(status_code=304, headers=headers)
    return Response(page.body, media_type=media_type, headers=headers)
