"""Operator pages: subscriptions with their health, adding outlets, OPML import, removal.

Only clients on a loopback address get here (see ``security``); every form carries a
signed token and must come from this site.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from fastapi import APIRouter, HTTPException
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from broadsheet.errors import BroadsheetError
from broadsheet.ingest.urls import is_http_url
from broadsheet.pipeline import subscribe
from broadsheet.runtime import import_opml, pipeline_context
from broadsheet.store import feeds as feed_store
from broadsheet.store import reader
from broadsheet.web.security import is_loopback_client, same_origin, valid_form_token
from broadsheet.web.site import Site, site_of

router = APIRouter()
KINDS = {"auto", "feed", "site", "sitemap", "page"}
MAX_OPML_BYTES = 2 * 1024 * 1024


def operator(request: Request) -> Site:
    if not is_loopback_client(request):
        raise HTTPException(
            status_code=403,
            detail="Operator pages are open to the machine Broadsheet runs on only.",
        )
    return site_of(request)


async def checked_form(request: Request, site: Site, purpose: str) -> Any:
    """The submitted form, after the same-origin and token checks."""
    form = await request.form(max_part_size=MAX_OPML_BYTES)
    if not same_origin(request) or not valid_form_token(
        site.secret, purpose, _text(form.get("token"))
    ):
        await form.close()
        raise HTTPException(
            status_code=403, detail="This form has expired; reload the page and try again."
        )
    return form


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def overview(request: Request, site: Site, *, status_code: int = 200, **extra: Any) -> Response:
    with site.store.read() as conn:
        health = reader.feed_health(conn)
    counts = Counter(h.state for h in health)
    return site.html(
        request,
        "admin/index.html",
        status_code=status_code,
        health=health,
        counts={k: counts.get(k, 0) for k in ("failing", "ok", "new", "disabled")},
        add_token=site.token("add"),
        opml_token=site.token("opml"),
        remove_token=site.token("remove"),
        **extra,
    )


DONE = {"removed": "Subscription removed. Its articles stay."}


@router.get("/admin", include_in_schema=False)
def admin_page(request: Request, done: str = "") -> Response:
    return overview(request, operator(request), message=DONE.get(done))


@router.get("/admin/feeds/{feed_id}", include_in_schema=False)
def feed_page(request: Request, feed_id: int, added: int = 0) -> Response:
    site = operator(request)
    with site.store.read() as conn:
        feed = feed_store.get_feed(conn, feed_id)
        if feed is None:
            raise HTTPException(status_code=404, detail="There is no such subscription.")
        fetches = feed_store.recent_fetches(conn, feed_id)
        health = reader.feed_health(conn, source_id=feed.source_id)
    state = next(h for h in health if h.feed.id == feed_id)
    return site.html(
        request,
        "admin/feed.html",
        feed=feed,
        source=state.source,
        state=state.state,
        fetches=fetches,
        message="Subscribed. The worker polls it on its next pass." if added else None,
        remove_token=site.token("remove"),
    )


@router.post("/admin/sources", include_in_schema=False)
async def add_source(request: Request) -> Response:
    site = operator(request)
    form = await checked_form(request, site, "add")
    url = (_text(form.get("url")) or "").strip()
    kind = _text(form.get("kind")) or "auto"
    if not is_http_url(url) or kind not in KINDS:
        return await run_in_threadpool(
            overview,
            request,
            site,
            status_code=422,
            error=True,
            url=url,
            message="Give an http:// or https:// address.",
        )
    try:
        async with pipeline_context(site.settings, site.store) as ctx:
            subscription = await subscribe(ctx, url, kind=kind)
    except BroadsheetError as exc:
        return await run_in_threadpool(
            overview,
            request,
            site,
            status_code=422,
            error=True,
            url=url,
            message=f"Could not add {url}: {exc}",
        )
    site.forget_lists()
    if subscription.feeds:
        return RedirectResponse(f"/admin/feeds/{subscription.feeds[0].id}?added=1", status_code=303)
    if subscription.article_id is not None:
        return RedirectResponse(f"/articles/{subscription.article_id}", status_code=303)
    return RedirectResponse("/admin", status_code=303)


@router.post("/admin/opml", include_in_schema=False)
async def upload_opml(request: Request) -> Response:
    site = operator(request)
    form = await checked_form(request, site, "opml")
    try:
        upload = form.get("file")
        data = await upload.read(MAX_OPML_BYTES + 1) if isinstance(upload, UploadFile) else b""
    finally:
        await form.close()
    if not data:
        return await run_in_threadpool(
            overview, request, site, status_code=422, error=True, message="Choose an OPML file."
        )
    if len(data) > MAX_OPML_BYTES:
        return await run_in_threadpool(
            overview,
            request,
            site,
            status_code=413,
            error=True,
            message="That file is larger than 2 MB; split it.",
        )
    try:
        added, failed = await run_in_threadpool(import_opml, site.settings, data)
    except BroadsheetError as exc:
        return await run_in_threadpool(
            overview,
            request,
            site,
            status_code=422,
            error=True,
            message=f"Could not read that file: {exc}",
        )
    site.forget_lists()
    message = f"Imported {added} feed{'s' if added != 1 else ''}"
    message += (
        f"; {len(failed)} skipped." if failed else ". The worker polls them on its next pass."
    )
    return await run_in_threadpool(overview, request, site, message=message, failures=failed)


@router.post("/admin/feeds/{feed_id}/remove", include_in_schema=False)
async def remove_feed(request: Request, feed_id: int) -> Response:
    site = operator(request)
    await checked_form(request, site, "remove")

    def remove() -> bool:
        with site.store.begin() as conn:
            return feed_store.remove_feed(conn, feed_id)

    if not await run_in_threadpool(remove):
        raise HTTPException(status_code=404, detail="There is no such subscription.")
    site.forget_lists()
    return RedirectResponse("/admin?done=removed", status_code=303)
