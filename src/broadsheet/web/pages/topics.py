"""Entity and topic pages: every article and story about a person, organisation, place or topic.

``/entities/{slug}`` gathers what the understand stage found (``store.insights``): the
entity's kind, how often it is named and in how many articles, the stories those
articles belong to, the entities named beside it, and the articles themselves, newest
first, thirty a page (``?page=``). The slug is the entity key without its kind
(``person:maria-okafor`` → ``maria-okafor``); when a person and a place share it, the one
named in more articles is shown and the other is linked (``?kind=place``). An entity no
stored article names is a 404.

``/topics/{slug}`` is a section (``/topics/politics``: the articles the understand stage
put there) or a keyphrase (``/topics/flood-barrier``: the articles that mention it, newest
first, with the stories they belong to and the keyphrases that come with it). A slug that
is neither a section nor mentioned anywhere is a 404.

``label_of`` and ``mentioning`` are also what the topic and entity feeds use (``feeds.py``).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from fastapi import APIRouter, HTTPException
from starlette.requests import Request
from starlette.responses import Response

from broadsheet.store import insights as insight_store
from broadsheet.store import reader
from broadsheet.store import stories as story_store
from broadsheet.store.reader import ArticleCard
from broadsheet.store.search import search
from broadsheet.understand.keyphrases import SECTIONS
from broadsheet.web.site import Site, site_of

router = APIRouter()
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
PER_PAGE = 30
MAX_PAGE = 1000
KIND_LABELS = {"person": "Person", "organisation": "Organisation", "place": "Place"}
SECTION_SLUGS = {s.lower(): s for s in SECTIONS}
RELATED_TOPICS = 10


def label_of(slug: str) -> str:
    if len(slug) > 80 or not SLUG.fullmatch(slug):
        raise HTTPException(status_code=404, detail="There is no such page.")
    return slug.replace("-", " ").title()


def slug_of(phrase: str) -> str | None:
    """The topic slug of a keyphrase, when it has one that reads back as the phrase."""
    slug = re.sub(r"[^a-z0-9]+", "-", phrase.lower()).strip("-")
    return slug if slug and SLUG.fullmatch(slug) and slug.replace("-", " ") == phrase else None


def mentioning(site: Site, label: str, *, limit: int = PER_PAGE) -> list[ArticleCard]:
    with site.store.read() as conn:
        hits = search(conn, label, sort="date", limit=limit)
        return reader.cards_by_id(conn, [h.article.id for h in hits])


def _pages(base: str, page: int, more: bool, extra: str = "") -> tuple[str | None, str | None]:
    """Links to the older and newer pages of a list (``partials/pagination.html``)."""
    older = f"{base}?page={page + 1}{extra}" if more and page < MAX_PAGE else None
    newer = f"{base}?page={page - 1}{extra}" if page > 1 else None
    return older, newer


def _page_number(page: int) -> int:
    return max(1, min(page, MAX_PAGE))


@router.get("/entities/{slug}", include_in_schema=False)
def entity_page(request: Request, slug: str, page: int = 1, kind: str | None = None) -> Response:
    site = site_of(request)
    label_of(slug)
    page = _page_number(page)
    with site.store.read() as conn:
        found = insight_store.entities_by_slug(conn, slug)
        chosen = next((e for e in found if e.kind == kind), None) if kind else None
        entity = chosen or (found[0] if found and not kind else None)
        if entity is None:
            raise HTTPException(status_code=404, detail="No article we have names that.")
        offset = (page - 1) * PER_PAGE
        ids = insight_store.article_ids_naming(conn, entity.key, limit=PER_PAGE + 1, offset=offset)
        kept, also = story_store.fold_copies(conn, ids[:PER_PAGE])
        cards = reader.cards_by_id(conn, kept)
        stories = insight_store.stories_naming(conn, entity.key) if page == 1 else []
        alongside = insight_store.co_occurring(conn, entity.key)
    extra = f"&kind={entity.kind}" if kind else ""
    older, newer = _pages(f"/entities/{slug}", page, len(ids) > PER_PAGE, extra)
    return site.html(
        request,
        "entity.html",
        entity=entity,
        kind_label=KIND_LABELS.get(entity.kind, entity.kind.title()),
        kind_labels=KIND_LABELS,
        slug=slug,
        others=[e for e in found if e.key != entity.key],
        base=f"/entities/{slug}",
        cards=cards,
        also=also,
        stories=stories,
        alongside=[(e, e.key.split(":", 1)[-1]) for e in alongside],
        sources=site.sources(),
        page=page,
        older=older,
        newer=newer,
    )


@router.get("/topics/{slug}", include_in_schema=False)
def topic_page(request: Request, slug: str, page: int = 1) -> Response:
    site = site_of(request)
    label = label_of(slug)
    page = _page_number(page)
    offset = (page - 1) * PER_PAGE
    section = SECTION_SLUGS.get(slug)
    related: list[tuple[str, str]] = []
    with site.store.read() as conn:
        if section is not None:
            label = section
            total: int | None = insight_store.topic_count(conn, section)
            ids = insight_store.article_ids_in_topic(
                conn, section, limit=PER_PAGE + 1, offset=offset
            )
            stories = insight_store.stories_in_topic(conn, section) if page == 1 else []
        else:
            total = None
            hits = search(conn, label, sort="date", limit=PER_PAGE + 1, offset=offset)
            if not hits and page == 1:
                raise HTTPException(
                    status_code=404, detail=f"No article we have is about “{label}”."
                )
            ids = [h.article.id for h in hits]
            stories = insight_store.stories_of_articles(conn, ids) if page == 1 else []
            related = _related_topics(insight_store.keyphrases_of(conn, ids), slug)
        kept, also = story_store.fold_copies(conn, ids[:PER_PAGE])
        cards = reader.cards_by_id(conn, kept)
    context: dict[str, Any] = {
        "kind": "section" if section else "topic",
        "label": label,
        "base": f"/topics/{slug}",
        "cards": cards,
        "also": also,
        "total": total,
        "stories": stories,
        "related": related,
        "sources": site.sources(),
        "page": page,
    }
    older, newer = _pages(f"/topics/{slug}", page, len(ids) > PER_PAGE)
    return site.html(request, "topic.html", older=older, newer=newer, **context)


def _related_topics(phrases: dict[int, list[str]], slug: str) -> list[tuple[str, str]]:
    """The keyphrases most often found with this topic's articles: (phrase, slug)."""
    counts: Counter[str] = Counter(p for found in phrases.values() for p in dict.fromkeys(found))
    out: list[tuple[str, str]] = []
    for phrase, n in counts.most_common():
        other = slug_of(phrase)
        if other and other != slug and n > 1:
            out.append((phrase, other))
        if len(out) == RELATED_TOPICS:
            break
    return out
