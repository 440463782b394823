"""Topic and entity pages: placeholders until clustering and entity recognition exist.

Meanwhile each lists the latest articles that mention its name, so its page and its
feeds are already useful.
"""

from __future__ import annotations

import re

from fastapi import APIRouter, HTTPException
from starlette.requests import Request
from starlette.responses import Response

from broadsheet.store import reader
from broadsheet.store.reader import ArticleCard
from broadsheet.store.search import search
from broadsheet.web.site import Site, site_of

router = APIRouter()
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
PER_PAGE = 30
KINDS = {"topics": "topic", "entities": "entity"}


def label_of(slug: str) -> str:
    if len(slug) > 80 or not SLUG.fullmatch(slug):
        raise HTTPException(status_code=404, detail="There is no such page.")
    return slug.replace("-", " ").title()


def mentioning(site: Site, label: str, *, limit: int = PER_PAGE) -> list[ArticleCard]:
    with site.store.read() as conn:
        hits = search(conn, label, sort="date", limit=limit)
        return reader.cards_by_id(conn, [h.article.id for h in hits])


def _page(request: Request, group: str, slug: str) -> Response:
    site = site_of(request)
    label = label_of(slug)
    return site.html(
        request,
        "topic.html",
        kind=KINDS[group],
        label=label,
        base=f"/{group}/{slug}",
        cards=mentioning(site, label),
        sources=site.sources(),
    )


@router.get("/topics/{slug}", include_in_schema=False)
def topic_page(request: Request, slug: str) -> Response:
    return _page(request, "topics", slug)


@router.get("/entities/{slug}", include_in_schema=False)
def entity_page(request: Request, slug: str) -> Response:
    return _page(request, "entities", slug)
