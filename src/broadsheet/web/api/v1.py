"""JSON API v1: articles, outlets, search and stories, with cursor pagination and ETags.

Served as its own FastAPI application under ``/api/v1`` so that its OpenAPI document
(``/api/v1/openapi.json``) describes the API alone. Every answer carries an ETag; a
request with a matching ``If-None-Match`` gets ``304 Not Modified``. Rate limits are
applied in front of it (``web.ratelimit``).
"""

from __future__ import annotations

import base64
import binascii
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any, Literal

from fastapi import FastAPI, HTTPException, Query
from pydantic import BaseModel
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from broadsheet import __version__
from broadsheet.model import Article, Source
from broadsheet.store import articles as article_store
from broadsheet.store import reader, story_reads
from broadsheet.store.reader import ArticleCard
from broadsheet.store.search import search
from broadsheet.web.api.schemas import (
    ArticleOut,
    ArticlePage,
    ArticleSummaryOut,
    CitationOut,
    CitedSentenceOut,
    KeyPlayerOut,
    PanelOut,
    PerspectiveOut,
    Problem,
    RevisionOut,
    SearchHitOut,
    SearchPage,
    SourceList,
    SourceOut,
    StoryMemberOut,
    StoryOut,
    StoryOutletOut,
    StoryPage,
    StorySummaryOut,
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
from broadsheet.web.pages.article import stored_panel
from broadsheet.web.render import marks, plain_snippet
from broadsheet.web.site import Site, site_of
from broadsheet.web.storyview import (
    STORY_ID,
    CitedSentence,
    StoryDetail,
    llm_model,
    load_story,
    ranked_stories,
)

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
        description="Read the articles, outlets and stories a Broadsheet site has stored, and "
        "search them. Lists are paged by opaque cursors; answers carry ETags.",
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
            panel = stored_panel(conn, site, article_id)
        out = ArticleOut(
            **_summary(site, request, article).model_dump(),
            text=article.text,
            html=str(body_html(article)),
            revisions=[
                RevisionOut(version=r["version"], captured_at=r["captured_at"], change=r["change"])
                for r in history
            ],
            insights=None if panel is None else PanelOut.model_validate(panel),
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

    @api.get("/stories", response_model=StoryPage, responses={**BAD_REQUEST, **LIMITED})
    def list_stories(
        request: Request,
        *,
        order: Annotated[
            Literal["latest", "ranked"],
            Query(
                description="latest: the most recently updated first. ranked: front-page "
                "order (outlets, freshness, velocity, variety) over the last three days."
            ),
        ] = "latest",
        min_outlets: Annotated[
            int, Query(ge=1, le=100, description="Only stories covered by this many outlets.")
        ] = 1,
        source: Annotated[int | None, Query(description="Only stories this outlet covers.")] = None,
        limit: Limit = 20,
        cursor: Cursor = None,
    ) -> Response:
        """Stories: one event each, with every outlet's coverage of it."""
        site = site_of(request)
        with site.store.read() as conn:
            if order == "latest":
                found = story_reads.latest_stories(
                    conn,
                    limit=limit,
                    before=_story_cursor(cursor),
                    min_outlets=min_outlets,
                    source_id=source,
                )
                last = found[-1] if len(found) == limit else None
                after = _encode_story_cursor(last) if last else None
            else:
                offset = _offset(cursor)
                ranked = ranked_stories(
                    conn,
                    site.clock(),
                    limit=RANK_ALL if source is not None else offset + limit + 1,
                    min_outlets=min_outlets,
                )
                if source is not None:
                    covering = story_reads.outlets_of(conn, [s["id"] for s in ranked])
                    ranked = [s for s in ranked if source in covering.get(s["id"], [])]
                found = ranked[offset : offset + limit]
                after = encode_offset(offset + limit) if len(ranked) > offset + limit else None
            outlets = story_reads.outlets_of(conn, [s["id"] for s in found])
        items = [_story_summary(site, request, s, outlets.get(s["id"], [])) for s in found]
        return _json(request, StoryPage(items=items, next_cursor=after))

    @api.get(
        "/stories/{story_id}",
        response_model=StoryOut,
        responses={
            301: {"description": "The story merged into another; Location names it."},
            **NOT_FOUND,
            **LIMITED,
        },
    )
    def get_story(request: Request, story_id: str) -> Response:
        """One story: its articles, outlets, brief with citations, perspectives, key players."""
        site = site_of(request)
        if not STORY_ID.fullmatch(story_id):
            raise HTTPException(status_code=404, detail="There is no such story.")
        with site.store.begin() as conn:  # a story not briefed yet is briefed now
            story = story_reads.resolve(conn, story_id)
            if story is None:
                raise HTTPException(status_code=404, detail="There is no such story.")
            if story["id"] != story_id:
                root = request.scope.get("root_path", "")
                return RedirectResponse(f"{root}/stories/{story['id']}", status_code=301)
            detail = load_story(
                conn,
                story,
                sources=site.sources(),
                now=site.clock(),
                llm_model=llm_model(site.settings),
            )
        sources = [o.source_id for o in detail.outlets]
        out = StoryOut(
            **_story_summary(site, request, story, sources).model_dump(),
            members=[
                StoryMemberOut(
                    **_summary(site, request, c).model_dump(), copy_of=detail.copy_of.get(c.id)
                )
                for c in detail.cards
            ],
            outlets=[
                StoryOutletOut(source_id=o.source_id, source_name=o.outlet, articles=o.articles)
                for o in detail.outlets
            ],
            brief=[_cited(site, request, s) for s in detail.brief],
            perspectives=[
                PerspectiveOut(
                    source_id=p.source_id,
                    source_name=p.outlet,
                    sentences=[_cited(site, request, s) for s in p.sentences],
                )
                for p in detail.perspectives
            ],
            key_players=_players(site, request, detail),
            briefed_at=detail.briefed_at,
            brief_backend=detail.brief_by.backend,
            brief_model=detail.brief_by.model,
            brief_note=detail.brief_by.note,
        )
        return _json(request, out)

    return api


RANK_ALL = 500  # ranked with an outlet filter: rank every recent story, then filter


def _offset(cursor: str | None) -> int:
    try:
        return decode_offset(cursor) if cursor else 0
    except BadCursor as exc:
        raise HTTPException(status_code=400, detail=str(exc)) from exc


def _encode_story_cursor(story: dict[str, Any]) -> str:
    when: datetime = story["last_updated_at"]
    raw = f"{when.astimezone(UTC).isoformat()}|{story['id']}".encode()
    return "s" + base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def _story_cursor(text: str | None) -> tuple[datetime, str] | None:
    """The (last update, id) a ``latest`` page of stories ends at."""
    if not text:
        return None
    try:
        if not text.startswith("s"):
            raise ValueError(text)
        body = text[1:]
        raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)).decode("ascii")
        stamp, _, story_id = raw.partition("|")
        when = datetime.fromisoformat(stamp)
        if when.tzinfo is None or not STORY_ID.fullmatch(story_id):
            raise ValueError(raw)
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise HTTPException(status_code=400, detail=f"not a valid cursor: {text[:40]!r}") from exc
    return when.astimezone(UTC), story_id


def _story_summary(
    site: Site, request: Request, story: dict[str, Any], source_ids: list[int]
) -> StorySummaryOut:
    return StorySummaryOut(
        id=story["id"],
        title=story["title"],
        page_url=site.absolute(request, f"/stories/{story['id']}"),
        first_article_id=story["first_article_id"],
        first_published_at=story["first_published_at"],
        last_updated_at=story["last_updated_at"],
        article_count=story["article_count"],
        outlet_count=story["outlet_count"],
        source_ids=source_ids,
    )


def _cited(site: Site, request: Request, sentence: CitedSentence) -> CitedSentenceOut:
    return CitedSentenceOut(
        text=sentence.text,
        citations=[
            CitationOut(
                article_id=c.article_id,
                source_id=c.source_id,
                source_name=c.outlet,
                page_url=site.absolute(request, f"/articles/{c.article_id}"),
            )
            for c in sentence.citations
        ],
    )


def _players(site: Site, request: Request, detail: StoryDetail) -> list[KeyPlayerOut]:
    return [
        KeyPlayerOut(
            name=p.name,
            kind=p.kind,
            slug=p.slug,
            entity_url=site.absolute(request, f"/entities/{p.slug}"),
            articles=p.articles,
            mentions=p.mentions,
        )
        for p in detail.players
    ]


def _day(day: date | None, *, end: bool = False) -> datetime | None:
    """Midnight UTC at the start of ``day``, or at its end (the range includes it)."""
    if day is None:
        return None
    start = datetime(day.year, day.month, day.day, tzinfo=UTC)
    return start + timedelta(days=1) if end else start
