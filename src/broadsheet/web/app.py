"""The web application factory.

For now the site is a plain list of stored articles with their clean text; the reader
site (front page of stories, article pages with the AI panel, comments, search) grows
from here. HTML is rendered by Jinja2 with autoescaping: stored text is never trusted.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from broadsheet import __version__
from broadsheet.config import Settings
from broadsheet.store import articles as article_store
from broadsheet.store import feeds as feed_store
from broadsheet.store.db import Store
from broadsheet.web.timefmt import relative_time

TEMPLATES = Path(__file__).with_name("templates")
STATIC = Path(__file__).with_name("static")

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' https: http: data:; style-src 'self'; "
        "script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
        "form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
}


def create_app(settings: Settings, store: Store) -> FastAPI:
    app = FastAPI(title="Broadsheet", version=__version__, docs_url=None, redoc_url=None)
    templates = Jinja2Templates(directory=str(TEMPLATES))
    templates.env.filters["ago"] = lambda when: relative_time(when, datetime.now(when.tzinfo))
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    app.state.settings = settings
    app.state.store = store

    @app.middleware("http")
    async def security_headers(request: Request, call_next):  # type: ignore[no-untyped-def]
        response: Response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    @app.get("/", response_class=HTMLResponse)
    def front_page(request: Request) -> HTMLResponse:
        with store.read() as conn:
            items = article_store.list_articles(conn, limit=100)
            sources = {s.id: s for s in feed_store.list_sources(conn)}
            total = article_store.count_articles(conn)
        return templates.TemplateResponse(
            request, "list.html", {"articles": items, "sources": sources, "total": total}
        )

    @app.get("/articles/{article_id}", response_class=HTMLResponse)
    def article_page(request: Request, article_id: int) -> HTMLResponse:
        with store.read() as conn:
            article = article_store.get_article(conn, article_id)
            if article is None:
                raise HTTPException(status_code=404, detail="No such article")
            source = feed_store.get_source(conn, article.source_id)
            history = article_store.revisions(conn, article_id)
        paragraphs = [p for p in article.text.split("\n\n") if p.strip()]
        return templates.TemplateResponse(
            request,
            "article.html",
            {"article": article, "source": source, "paragraphs": paragraphs, "history": history},
        )

    @app.get("/healthz", response_class=PlainTextResponse)
    def healthz() -> str:
        with store.read() as conn:
            article_store.count_articles(conn)
        return "ok"

    return app
