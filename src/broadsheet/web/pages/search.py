"""The search page: full text, filters by outlet, language and dates, two sort orders."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Literal
from urllib.parse import urlencode

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from broadsheet.store.search import SearchHit, query_terms, search
from broadsheet.web.site import Site, site_of

router = APIRouter()
PER_PAGE = 20
MAX_PAGE = 50


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """A search as the query string states it, checked."""

    q: str = ""
    source_id: int | None = None
    language: str | None = None
    since: date | None = None
    until: date | None = None
    sort: Literal["relevance", "date"] = "relevance"
    page: int = 1

    @property
    def since_time(self) -> datetime | None:
        return None if self.since is None else _midnight(self.since)

    @property
    def until_time(self) -> datetime | None:
        """The end of the ``until`` day: the range includes it."""
        if self.until is None:
            return None
        return _midnight(self.until) + timedelta(days=1)

    def filters(self) -> dict[str, str]:
        """The filters (not sort or page) as query parameters, for links and feeds."""
        out = {"q": self.q}
        if self.source_id is not None:
            out["source"] = str(self.source_id)
        if self.language:
            out["language"] = self.language
        if self.since:
            out["since"] = self.since.isoformat()
        if self.until:
            out["until"] = self.until.isoformat()
        return out

    def run(self, site: Site, *, limit: int = PER_PAGE, sort: str | None = None) -> list[SearchHit]:
        if not query_terms(self.q):
            return []
        with site.store.read() as conn:
            return search(
                conn,
                self.q,
                source_id=self.source_id,
                language=self.language,
                since=self.since_time,
                until=self.until_time,
                sort="date" if (sort or self.sort) == "date" else "relevance",
                limit=limit,
                offset=(self.page - 1) * limit,
            )


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def parse_query(params: dict[str, str]) -> tuple[SearchQuery, str | None]:
    """The search the parameters describe, and what was wrong with them (if anything)."""
    problems = []
    source_id = None
    if params.get("source"):
        try:
            source_id = int(params["source"])
        except ValueError:
            problems.append("the outlet is not one of the list")
    dates: dict[str, date | None] = {"since": None, "until": None}
    for name in dates:
        if params.get(name):
            try:
                dates[name] = date.fromisoformat(params[name])
            except ValueError:
                problems.append(f"“{params[name][:20]}” is not a date (YYYY-MM-DD)")
    try:
        page = min(max(int(params.get("page") or 1), 1), MAX_PAGE)
    except ValueError:
        page = 1
    language = (params.get("language") or "").strip()[:12] or None
    query = SearchQuery(
        q=(params.get("q") or "").strip()[:500],
        source_id=source_id,
        language=language,
        since=dates["since"],
        until=dates["until"],
        sort="date" if params.get("sort") == "date" else "relevance",
        page=page,
    )
    return query, ("; ".join(problems).capitalize() + ".") if problems else None


@router.get("/search", include_in_schema=False)
def search_page(request: Request) -> Response:
    site = site_of(request)
    query, error = parse_query(dict(request.query_params))
    hits = query.run(site) if error is None else []
    links = {**query.filters(), "sort": query.sort}
    older = (
        f"/search?{urlencode({**links, 'page': query.page + 1})}"
        if len(hits) == PER_PAGE and query.page < MAX_PAGE
        else None
    )
    newer = f"/search?{urlencode({**links, 'page': query.page - 1})}" if query.page > 1 else None
    sources = site.sources()
    return site.html(
        request,
        "search.html",
        status_code=400 if error else 200,
        section="search",
        q=query.q,
        source_id=query.source_id,
        language=query.language,
        since=query.since.isoformat() if query.since else None,
        until=query.until.isoformat() if query.until else None,
        sort=query.sort,
        error=error,
        hits=hits,
        first=(query.page - 1) * PER_PAGE + 1,
        older=older,
        newer=newer,
        sources=sources,
        outlet_list=sorted(sources.values(), key=lambda s: s.name.lower()),
        languages=site.languages(),
        feed_query=urlencode(query.filters()),
    )
