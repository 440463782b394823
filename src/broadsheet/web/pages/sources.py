"""Outlets: the list of them, and one outlet's page with its articles and feed health."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException
from starlette.requests import Request
from starlette.responses import Response

from broadsheet.store import reader
from broadsheet.web.cache import conditional
from broadsheet.web.icons import monogram_svg
from broadsheet.web.pages.common import cursor_param, next_cursor
from broadsheet.web.security import is_loopback_client
from broadsheet.web.site import site_of

router = APIRouter()
PER_PAGE = 40


@router.get("/sources", include_in_schema=False)
def sources_page(request: Request) -> Response:
    site = site_of(request)
    with site.store.read() as conn:
        counts = reader.source_counts(conn)
    sources = site.sources()
    return site.html(
        request,
        "sources.html",
        section="sources",
        outlet_list=sorted(sources.values(), key=lambda s: s.name.lower()),
        counts=counts,
        operator=is_loopback_client(request),
    )


@router.get("/sources/{source_id}", include_in_schema=False)
def source_page(request: Request, source_id: int, before: str | None = None) -> Response:
    site = site_of(request)
    cursor = cursor_param(before)
    source = site.sources().get(source_id)
    if source is None:
        raise HTTPException(status_code=404, detail="There is no such outlet.")
    operator = is_loopback_client(request)
    with site.store.read() as conn:
        cards = reader.latest_cards(conn, limit=PER_PAGE, source_id=source_id, before=cursor)
        count = reader.source_article_count(conn, source_id)
        health = reader.feed_health(conn, source_id=source_id) if operator else None
    older = next_cursor(list(cards), PER_PAGE)
    return site.html(
        request,
        "source.html",
        section="sources",
        source=source,
        cards=cards,
        count=count,
        health=health,
        operator_actions=False,
        sources=site.sources(),
        older=f"/sources/{source_id}?before={older}" if older else None,
        newer=f"/sources/{source_id}" if before else None,
    )


@router.get("/sources/{source_id}/icon.svg", include_in_schema=False)
def source_icon(request: Request, source_id: int) -> Response:
    source = site_of(request).sources().get(source_id)
    if source is None:
        raise HTTPException(status_code=404, detail="There is no such outlet.")
    body = monogram_svg(source.name, source.host).encode("utf-8")
    return conditional(
        request, body, media_type="image/svg+xml", cache_control="public, max-age=86400"
    )
