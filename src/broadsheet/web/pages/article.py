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
ARTICLE_TRUST = 2.0  # seconds a confirmed version is trusted without asking the store again
MORE_FROM_SOURCE = 5


def render_article(site: Site, article_id: int, page_url: str) -> tuple[str, Hashable]:
    with site.store.read() as conn:
        article = article_store.get_article(conn, article_id)
        if article is None:
            raise HTTPException(status_code=404, detail="There is no such article.")
        history = article_store.revisions(conn, article_id) if article.version > 1 else []
        sources = site.sources()
        # The outlet list is cached; an outlet added since is read directly.
        source = sources.get(article.source_id) or feed_store.get_source(conn, article.source_id)
    latest = site.latest_from(article.source_id, MORE_FROM_SOURCE + 1)
    more = [c for c in latest if c.id != article.id][:MORE_FROM_SOURCE]
    body = body_html(article, site.image)
    html = site.render(
        "article.html",
        article=article,
        source=source,
        when=article.published_at or article.created_at,
        body=body,
        image=lead_image(article, str(body), site.image),
        outlet_url=safe_url(article.url),
        page_url=page_url,
        revisions=revision_views(article, history),
        more_from_source=more,
        related=[],
        sources=sources,
        ai=None,
        comments=None,
    )
    return html, article.version


async def article_page(request: Request) -> Response:
    """The hot path: a plain Starlette route (no parameter models), answered from cache."""
    site = site_of(request)
    article_id: int = request.path_params["article_id"]
    if not 0 < article_id < 2**63:
        raise HTTPException(status_code=404, detail="There is no such article.")
    page_url = site.absolute(request, f"/articles/{article_id}")
    key = ("article", article_id, page_url)
    hit = site.pages.recently_checked(key, ARTICLE_TRUST)
    if hit is not None and site.pages.age(hit) < ARTICLE_TTL:
        return send(request, hit)
    # One primary-key lookup decides whether the cached page is still this version.
    with site.store.read() as conn:
        version = reader.article_version(conn, article_id)
    if version is None:
        raise HTTPException(status_code=404, detail="There is no such article.")
    page = await site.pages.get(
        key, lambda: render_article(site, article_id, page_url), ttl=ARTICLE_TTL, version=version
    )
    return send(request, page)


router.add_route(
    "/articles/{article_id:int}", article_page, methods=["GET"], include_in_schema=False
)
