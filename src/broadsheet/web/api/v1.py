"""JSON API v1: articles, outlets and search, with cursor pagination and ETags.

Served as its own FastAPI application under ``/api/v1`` so that its OpenAPI document
(``/api/v1/openapi.json``) describes the API alone. Every answer carries an ETag; a
request with a matching ``If-None-Match`` gets ``304 Not Modified``. Rate limits are
applied in front of it (``web.ratelimit``).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any, Literal

from fastapi import FastAPI, HTTPException, Query
from pydantic import BaseModel
from starlette.requests import Request
from starlette.responses import Response

from broadsheet import __version__
from broadsheet.model import Article, Source
from broadsheet.store import articles as article_store
from broadsheet.store import reader
from broadsheet.store.reader import ArticleCard
from broadsheet.store.search import search
from broadsheet.web.api.schemas import (
    ArticleOut,
    ArticlePage,
    ArticleSummaryOut,
    Problem,
    RevisionOut,
    SearchHitOut,
    SearchPage,
    SourceList,
    SourceOut,
)
from broadsheet.web.articleview import body_html
from broadsheet.web.cache import conditional
from broadsheet.web.cursor import (
    BadCursor,
    decode_cursor,
    decode_offset,
    encode_cursor,
    encode_offset,
)
from broadsheet.web.render import marks, plain_snippet
from broadsheet.web.site import Site, site_of

JSON = "application/json"
Responses = dict[int | str, dict[str, Any]]
NOT_FOUND: Responses = {404: {"model": Problem, "description": "No such item"}}
BAD_REQUEST: Responses = {400: {"model": Problem, "description": "A parameter is not valid"}}
LIMITED: Responses = {429: {"model": Problem, "description": "Too many requests; see Retry-After"}}

Limit = Annotated[int, Query(ge=1, le=100, description="Items per page.")]
Cursor = Annotated[
    str | None, Query(max_length=100, description="next_cursor of the previous page.")
]


def _json(request: Request, model: BaseModel) -> Response:
    return conditional(
        request, model.model_dump_json().encode("utf-8"), media_type=JSON, cache_control="no-cache"
    )


def _summary(site: Site, request: Request, item: ArticleCard | Article) -> ArticleSummaryOut:
    source = site.sources().get(item.source_id)
    return ArticleSummaryOut(
        id=item.id,
        title=item.title,
        url=item.url,
        page_url=site.absolute(request, f"/articles/{item.id}"),
        source_id=item.source_id,
        source_name=source.name if source else None,
        byline=item.byline,
        published_at=item.published_at,
        stored_at=item.created_at,
        summary=item.summary,
        image_url=item.image_url,
        language=item.language,
        word_count=item.word_count,
        status=item.status,
        version=item.version,
    )


def _source(site: Site, request: Request, source: Source, count: int) -> SourceOut:
    return SourceOut(
        id=source.id,
        name=source.name,
        host=source.host,
        site_url=source.site_url,
        articles=count,
        page_url=site.absolute(request, f"/sources/{source.id}"),
    )


def _cursor(text: str | None) -> tuple[datetime, int] | None:
    try:
        return decode_cursor(text) if text else None
    except BadCursor as exc:
        raise HTTPException(status_code=400, detail=str(exc)) from exc


def create_api() -> FastAPI:
    api = FastAPI(
        title="Broadsheet API",
        version=__version__,
        description="Read the articles and outlets a Broadsheet site has stored, and search them. "
        "Lists are paged by opaque cursors; answers carry ETags.",
        openapi_url="/openapi.json",
        docs_url=None,
        redoc_url=None,
    )

    @api.get("/articles", response_model=ArticlePage, responses={**BAD_REQUEST, **LIMITED})
    def list_articles(
        request: Request, limit: Limit = 20, cursor: Cursor = None, source: int | None = None
    ) -> Response:
        """The newest articles first (by publication time), optionally from one outlet."""
        site = site_of(request)
        with site.store.read() as conn:
            cards = reader.latest_cards(conn, limit=limit, source_id=source, before=_cursor(cursor))
        last = cards[-1] if len(cards) == limit else None
        page = ArticlePage(
            items=[_summary(site, request, c) for c in cards],
            next_cursor=encode_cursor(last.when, last.id) if last else None,
        )
        return _json(request, page)

    @api.get(
        "/articles/{article_id}", response_model=ArticleOut, responses={**NOT_FOUND, **LIMITED}
    )
    def get_article(request: Request, article_id: int) -> Response:
        """One article with its clean text, sanitized HTML and revision list."""
        site = site_of(request)
        with site.store.read() as conn:
            article = (
                article_store.get_article(conn, article_id) if 0 < article_id < 2**63 else None
            )
            if article is None:
                raise HTTPException(status_code=404, detail="There is no such article.")
            history = article_store.revisions(conn, article_id)
        out = ArticleOut(
            **_summary(site, request, article).model_dump(),
            text=article.text,
            html=str(body_html(article)),
            revisions=[
                RevisionOut(version=r["version"], captured_at=r["captured_at"], change=r["change"])
                for r in history
            ],
        )
        return _json(request, out)

    @api.get("/sources", response_model=SourceList, responses=LIMITED)
    def list_sources(request: Request) -> Response:
        """Every outlet, by name."""
        site = site_of(request)
        with site.store.read() as conn:
            counts = reader.source_counts(conn)
        ordered = sorted(site.sources().values(), key=lambda s: s.name.lower())
        items = [_source(site, request, s, counts.get(s.id, 0)) for s in ordered]
        return _json(request, SourceList(items=items))

    @api.get("/sources/{source_id}", response_model=SourceOut, responses={**NOT_FOUND, **LIMITED})
    def get_source(request: Request, source_id: int) -> Response:
        """One outlet. Its articles: ``/articles?source={id}``."""
        site = site_of(request)
        source = site.sources().get(source_id)
        if source is None:
            raise HTTPException(status_code=404, detail="There is no such outlet.")
        with site.store.read() as conn:
            count = reader.source_article_count(conn, source_id)
        return _json(request, _source(site, request, source, count))

    @api.get("/search", response_model=SearchPage, responses={**BAD_REQUEST, **LIMITED})
    def search_articles(
        request: Request,
        *,
        q: Annotated[
            str, Query(min_length=1, max_length=500, description="Words; all must appear.")
        ],
        source: int | None = None,
        language: Annotated[str | None, Query(max_length=12)] = None,
        since: Annotated[date | None, Query(description="First day (UTC), YYYY-MM-DD.")] = None,
        until: Annotated[date | None, Query(description="Last day (UTC), YYYY-MM-DD.")] = None,
        sort: Literal["relevance", "date"] = "relevance",
        limit: Limit = 20,
        cursor: Cursor = None,
    ) -> Response:
        """Full-text search over titles, bylines and text."""
        site = site_of(request)
        try:
            offset = decode_offset(cursor) if cursor else 0
        except BadCursor as exc:
            raise HTTPException(status_code=400, detail=str(exc)) from exc
        with site.store.read() as conn:
            hits = search(
                conn,
                q,
                source_id=source,
                language=language,
                since=_day(since),
                until=_day(until, end=True),
                sort=sort,
                limit=limit,
                offset=offset,
            )
        items = [
            SearchHitOut(
                article=_summary(site, request, h.article),
                snippet=plain_snippet(h.snippet),
                snippet_html=str(marks(h.snippet)),
                rank=h.rank,
            )
            for h in hits
        ]
        more = len(hits) == limit and offset + limit <= 10_000
        return _json(
            request,
            SearchPage(items=items, next_cursor=encode_offset(offset + limit) if more else None),
        )

    return api


def _day(day: date | None, *, end: bool = False) -> datetime | None:
    """Midnight UTC at the start of ``day``, or at its end (the range includes it)."""
    if day is None:
        return None
    start = datetime(day.year, day.month, day.day, tzinfo=UTC)
    return start + timedelta(days=1) if end else start
