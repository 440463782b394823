"""The front page: top stories across outlets, the latest articles, and the outlets."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from datetime import datetime

from fastapi import APIRouter
from sqlalchemy import Connection
from starlette.requests import Request
from starlette.responses import Response

from broadsheet.store import articles as article_store
from broadsheet.store import insights as insight_store
from broadsheet.store import reader
from broadsheet.store import stories as story_store
from broadsheet.store.reader import ArticleCard
from broadsheet.web.pages.common import cursor_param, next_cursor, send
from broadsheet.web.site import Site, site_of
from broadsheet.web.storyview import ranked_stories

router = APIRouter()
FRONT_TTL = 15.0  # seconds a rendered front page is served before it is re-rendered
TOP = 7  # the lead article and a grid of six
PER_PAGE = 40
SECTIONS = 4  # topic sections on the front page, the busiest first
PER_SECTION = 4  # articles in each


def render_front(site: Site, before: str | None, canonical: str) -> tuple[str, Hashable]:
    cursor = cursor_param(before)
    with site.store.read() as conn:
        cards = reader.latest_cards(conn, limit=PER_PAGE, before=cursor)
        counts = reader.source_counts(conn)
        total = article_store.count_articles(conn) if cursor is None else 0
        stories = top_stories(conn, site.clock()) if cursor is None else []
        # A wire story is listed once, by its first copy, with how many others ran it.
        copies, also = story_store.syndication(conn, [c.id for c in cards])
        shown = {c.id for c in cards[:TOP]} | {a.id for s in stories for a in s.articles}
        sections = topic_sections(conn, shown) if cursor is None else []
        for found in sections:
            also.update(found.also)
    by_time = list(cards)  # the page's cursor counts every article, copies included
    cards = [c for c in cards if c.id not in copies]
    sources = site.sources()
    first_page = cursor is None
    if first_page and cards:
        # Lead with the newest article that has a picture, when one is near the top.
        pictured = next((c for c in cards[:TOP] if c.image_url), cards[0])
        cards = [pictured, *(c for c in cards if c is not pictured)]
    html = site.render(
        "front.html",
        section="front",
        canonical=canonical,
        before=before,
        lead=cards[0] if first_page and cards else None,
        top=cards[1:TOP] if first_page else [],
        latest=cards[TOP:] if first_page else cards,
        stories=stories,
        sections=sections,
        sources=sources,
        outlet_list=sorted(sources.values(), key=lambda s: s.name.lower()),
        counts=counts,
        also=also,
        total=total,
        older=f"/?before={c}" if (c := next_cursor(list(by_time), PER_PAGE)) else None,
        newer="/" if before else None,
    )
    return html, None


async def front_page(request: Request) -> Response:
    """The hot path: a plain Starlette route (no parameter models), answered from cache."""
    site = site_of(request)
    before = request.query_params.get("before") or None
    cursor_param(before)  # a bad cursor is a 400 before anything is cached
    canonical = site.absolute(request, "/")
    page = await site.pages.get(
        ("front", before, canonical),
        lambda: render_front(site, before, canonical),
        ttl=FRONT_TTL,
        stale_ok=True,
    )
    return send(request, page)


router.add_route("/", front_page, methods=["GET"], include_in_schema=False)


@dataclass(frozen=True, slots=True)
class StoryView:
    id: str
    title: str | None
    outlets: int
    article_count: int
    articles: list[reader.ArticleCard]  # first report first, at most six; copies folded
    also: dict[int, int]  # article id -> how many other outlets ran it

    @property
    def others(self) -> list[reader.ArticleCard]:
        """The articles listed under the title: all but the one whose headline titles the
        story (the first report, unless the story is titled by a more central member)."""
        lead = next((a for a in self.articles if a.title == self.title), None)
        if lead is None and self.articles:
            lead = self.articles[0]
        return [a for a in self.articles if a is not lead]


def top_stories(conn: Connection, now: datetime, *, limit: int = 6) -> list[StoryView]:
    """Stories covered by several outlets, in front-page order (see understand.ranking)."""
    views = []
    for story in ranked_stories(conn, now, limit=limit):
        members = story_store.members(conn, story["id"], limit=12)
        kept, also = story_store.fold_copies(conn, [a.id for a in members])
        views.append(
            StoryView(
                id=story["id"],
                title=story["title"],
                outlets=story["outlet_count"],
                article_count=story["article_count"],
                articles=reader.cards_by_id(conn, kept[:6]),
                also=also,
            )
        )
    return views


@dataclass(frozen=True, slots=True)
class TopicSection:
    label: str  # "Business"
    slug: str  # its topic page: /topics/{slug}
    cards: list[ArticleCard]
    also: dict[int, int]  # article id -> how many other outlets ran it


def topic_sections(
    conn: Connection, shown: set[int], *, sections: int = SECTIONS, per_section: int = PER_SECTION
) -> list[TopicSection]:
    """The busiest sections of recent news, each with its newest articles not on the page
    above (the stories and the top grid); a wire story once, by its first copy."""
    found = []
    by_topic = insight_store.latest_by_topic(conn)
    copies, also = story_store.syndication(conn, [i for ids in by_topic.values() for i in ids])
    for topic, ids in by_topic.items():
        fresh = [i for i in ids if i not in shown and i not in copies][:per_section]
        if len(fresh) >= 2:  # a section of one article is not a section
            cards = reader.cards_by_id(conn, fresh)
            counts = {i: also[i] for i in fresh if i in also}
            found.append(TopicSection(topic.capitalize(), topic.lower(), cards, counts))
        if len(found) == sections:
            break
    return found
