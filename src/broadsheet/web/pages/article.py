"""The article page: clean text, outlet, times, revision diffs, and places for what comes."""

from __future__ import annotations

from collections.abc import Hashable

from fastapi import APIRouter, HTTPException
from starlette.requests import Request
from starlette.responses import Response

from broadsheet.store import articles as article_store
from broadsheet.store import feeds as feed_store
from broadsheet.store import reader
from broadsheet.web.articleview import body_html, lead_image, revision_views
from broadsheet.web.pages.common import send
from broadsheet.web.render import safe_url
from broadsheet.web.site import Site, site_of

router = APIRouter()
ARTICLE_TTL = 60.0  # re-rendered at least once a minute so "10 minutes ago" stays right
MORE_FROM_SOURCE = 5


def render_article(site: Site, article_id: int, page_url: str) -> tuple[str, Hashable]:
    with site.store.read() as conn:
        article = article_store.get_article(conn, article_id)
        if article is None:
            raise HTTPException(status_code=404, detail="There is no such article.")
        source = feed_store.get_source(conn, article.source_id)
        history = article_store.revisions(conn, article_id)
        more = [
            c
            for c in reader.latest_cards(
                conn, limit=MORE_FROM_SOURCE + 1, source_id=article.source_id
            )
            if c.id != article.id
        ][:MORE_FROM_SOURCE]
    body = body_html(article)
    html = site.render(
        "article.html",
        article=article,
        source=source,
        when=article.published_at or article.created_at,
        body=body,
        image=lead_image(article, str(body)),
        outlet_url=safe_url(article.url),
        page_url=page_url,
        revisions=revision_views(article, history),
        more_from_source=more,
        related=[],
        sources=site.sources(),
        ai=None,
        comments=None,
    )
    return html, article.version


@router.get("/articles/{article_id}", include_in_schema=False)
async def article_page(request: Request, article_id: int) -> Response:
    site = site_of(request)
    if not 0 < article_id < 2**63:
        raise HTTPException(status_code=404, detail="There is no such article.")
    # One primary-key lookup decides whether the cached page is still this version.
    with site.store.read() as conn:
        version = reader.article_version(conn, article_id)
    if version is None:
        raise HTTPException(status_code=404, detail="There is no such article.")
    page_url = site.absolute(request, f"/articles/{article_id}")
    page = await site.pages.get(
        ("article", article_id, page_url),
        lambda: render_article(site, article_id, page_url),
        ttl=ARTICLE_TTL,
        version=version,
    )
    return send(request, page)
