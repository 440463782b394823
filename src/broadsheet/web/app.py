"""The web application factory: the reader site, the JSON API, feeds out and the PWA.

    /                       front page            pages/front.py
    /articles/{id}          article page          pages/article.py
    /stories/{id}           story page            pages/stories.py
    /sources, /sources/{id} outlets               pages/sources.py
    /search                 search                pages/search.py
    /topics/{slug}, /entities/{slug}              pages/topics.py
    /about, /offline, /newsletter, /robots.txt, manifest, service worker, icons: pages/info.py
    /admin...               operator pages        pages/admin.py
    .../rss.xml, .../atom.xml, .../feed.json      pages/feeds.py
    /api/v1/...             JSON API              api/v1.py
    /static/...             CSS, JS, the service worker's source

HTML is rendered by Jinja2 with autoescaping; outlet HTML passes the nh3 sanitizer. Every
response carries the security headers of ``security.py``; the API and search are rate
limited (``ratelimit.py``). Errors are turned into pages (or JSON under ``/api``) in one
place, ``_error_page`` below.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response

from broadsheet import __version__
from broadsheet.config import Settings
from broadsheet.errors import BroadsheetError
from broadsheet.store import articles as article_store
from broadsheet.store.db import Store
from broadsheet.web import community
from broadsheet.web.api.v1 import create_api
from broadsheet.web.images import proxy_path
from broadsheet.web.pages import (
    admin,
    article,
    ask,
    feeds,
    front,
    info,
    media,
    search,
    sources,
    stories,
    topics,
)
from broadsheet.web.ratelimit import Limit, RateLimits
from broadsheet.web.render import STATIC, asset_versions, make_environment
from broadsheet.web.security import SecurityHeaders, site_secret
from broadsheet.web.site import Clock, Site, site_of, utcnow

log = logging.getLogger(__name__)

TITLES = {
    400: "That request is not valid",
    403: "Not allowed",
    404: "Page not found",
    405: "Not allowed",
    413: "Too large",
    422: "That request is not valid",
    501: "Coming soon",
    503: "Temporarily unavailable",
}


def create_app(
    settings: Settings,
    store: Store,
    *,
    clock: Clock = utcnow,
    limits: dict[str, Limit] | None = None,
) -> FastAPI:
    """The site for ``store``. ``limits`` replaces the default rate limits (tests, benchmarks)."""
    secret = site_secret(settings)
    env = make_environment(
        clock=clock, assets=asset_versions(STATIC), image=lambda url: proxy_path(secret, url)
    )
    site = Site(settings=settings, store=store, env=env, secret=secret, clock=clock)
    app = FastAPI(
        title="Broadsheet", version=__version__, openapi_url=None, docs_url=None, redoc_url=None
    )
    app.state.site = site
    app.include_router(community.router)  # accounts, comments, newsletter
    # feeds before stories: /stories/rss.xml is the top stories feed, not a story
    for module in (
        front,
        article,
        ask,
        sources,
        search,
        topics,
        info,
        feeds,
        stories,
        media,
        admin,
    ):
        app.include_router(module.router)

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> PlainTextResponse:
        with store.read() as conn:
            article_store.count_articles(conn)
        return PlainTextResponse("ok")

    api = create_api()
    api.state.site = site
    app.mount("/api/v1", api)
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")

    app.add_exception_handler(StarletteHTTPException, _error_page)  # type: ignore[arg-type]
    app.add_exception_handler(BroadsheetError, _unavailable)  # type: ignore[arg-type]
    app.add_middleware(RateLimits, limits=limits)
    app.add_middleware(SecurityHeaders)
    return app


def _error_page(request: Request, exc: StarletteHTTPException) -> Response:
    """Every HTTP error of the site, as a page."""
    site = site_of(request)
    title = TITLES.get(exc.status_code, "Something went wrong")
    message = exc.detail if isinstance(exc.detail, str) and exc.detail else title
    if exc.status_code == 404 and message == "Not Found":
        message = (
            "There is nothing at this address. It may have moved, or the link may be mistyped."
        )
    body = site.render("error.html", request=request, title=title, message=message)
    return Response(
        body,
        status_code=exc.status_code,
        media_type="text/html; charset=utf-8",
        headers=getattr(exc, "headers", None),
    )


def _unavailable(request: Request, exc: BroadsheetError) -> Response:
    log.error("%s %s failed: %s", request.method, request.url.path, exc)
    if request.url.path.startswith("/api/"):
        return JSONResponse({"detail": "The database is not answering."}, status_code=503)
    return _error_page(
        request, StarletteHTTPException(503, "The database is not answering; try again shortly.")
    )
