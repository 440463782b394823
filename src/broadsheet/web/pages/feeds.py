"""Feeds out: RSS 2.0, Atom and JSON Feed for the front page, outlets, topics and searches.

Every list page has three feed URLs beside it, named by suffix: ``rss.xml``, ``atom.xml``
and ``feed.json`` (``/rss.xml``, ``/sources/3/atom.xml``, ``/search/feed.json?q=...``).
A story's feed (``/stories/s12/rss.xml``) lists its articles, newest first; the top
stories feed (``/stories/rss.xml``) lists stories in front-page order, each item linking
to its story page.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence

from fastapi import APIRouter, HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from broadsheet.model import Source
from broadsheet.store import briefs as brief_store
from broadsheet.store import reader, story_reads
from broadsheet.store.reader import ArticleCard
from broadsheet.web import syndication
from broadsheet.web.cache import conditional
from broadsheet.web.pages.common import send
from broadsheet.web.pages.search import parse_query
from broadsheet.web.pages.topics import label_of, mentioning
from broadsheet.web.site import Site, site_of
from broadsheet.web.storyview import STORY_ID, outlet_name, ranked_stories
from broadsheet.web.syndication import FORMATS, Channel, Item

router = APIRouter()
ITEMS = 50
TOP_STORIES = 30
FEED_TTL = 60.0


def items_of(site: Site, request: Request, cards: Sequence[ArticleCard]) -> list[Item]:
    sources: dict[int, Source] = site.sources()
    return [
        Item(
            id=c.id,
            page_url=site.absolute(request, f"/articles/{c.id}"),
            title=c.title or c.url,
            summary=c.summary or c.title or "",
            published=c.when,
            author=c.byline,
            source_name=sources[c.source_id].name if c.source_id in sources else None,
            external_url=c.url if c.url.startswith(("https://", "http://")) else None,
        )
        for c in cards
    ]


def document(
    site: Site,
    request: Request,
    name: str,
    *,
    title: str,
    page_path: str,
    description: str,
    cards: Sequence[ArticleCard],
) -> bytes:
    kind, _ = FORMATS[name]
    query = f"?{request.url.query}" if request.url.query else ""
    updated = max((c.when for c in cards), default=None) or site.clock()
    channel = Channel(
        title=title,
        page_url=site.absolute(request, page_path),
        feed_url=site.absolute(request, request.url.path) + query,
        description=description,
        updated=updated,
    )
    return syndication.render(kind, channel, items_of(site, request, cards))


def _answer(request: Request, name: str, body: bytes) -> Response:
    return conditional(request, body, media_type=FORMATS[name][1])


def _front(name: str) -> Callable[[Request], object]:
    async def front_feed(request: Request) -> Response:
        site = site_of(request)

        def make() -> tuple[str, Hashable]:
            with site.store.read() as conn:
                cards = reader.latest_cards(conn, limit=ITEMS)
            body = document(
                site,
                request,
                name,
                title="Broadsheet: latest",
                page_path="/",
                description="The latest articles from every outlet Broadsheet follows.",
                cards=cards,
            )
            return body.decode("utf-8"), None

        key = ("feed", name, site.absolute(request, ""))
        page = await site.pages.get(key, make, ttl=FEED_TTL, stale_ok=True)
        return send(request, page, media_type=FORMATS[name][1])

    return front_feed


def _source(name: str) -> Callable[[Request, int], object]:
    def source_feed(request: Request, source_id: int) -> Response:
        site = site_of(request)
        source = site.sources().get(source_id)
        if source is None:
            raise HTTPException(status_code=404, detail="There is no such outlet.")
        with site.store.read() as conn:
            cards = reader.latest_cards(conn, limit=ITEMS, source_id=source_id)
        body = document(
            site,
            request,
            name,
            title=f"{source.name} — Broadsheet",
            page_path=f"/sources/{source_id}",
            description=f"The latest articles from {source.name}.",
            cards=cards,
        )
        return _answer(request, name, body)

    return source_feed


def _topic(name: str, group: str) -> Callable[[Request, str], object]:
    def topic_feed(request: Request, slug: str) -> Response:
        site = site_of(request)
        label = label_of(slug)
        body = document(
            site,
            request,
            name,
            title=f"{label} — Broadsheet",
            page_path=f"/{group}/{slug}",
            description=f"The latest articles that mention {label}.",
            cards=mentioning(site, label, limit=ITEMS),
        )
        return _answer(request, name, body)

    return topic_feed


def _search(name: str) -> Callable[[Request], object]:
    def search_feed(request: Request) -> Response:
        site = site_of(request)
        query, error = parse_query(dict(request.query_params))
        if error:
            raise HTTPException(status_code=400, detail=error)
        if not query.q:
            raise HTTPException(status_code=400, detail="A search feed needs words: ?q=...")
        hits = query.run(site, limit=ITEMS, sort="date")
        with site.store.read() as conn:
            cards = reader.cards_by_id(conn, [h.article.id for h in hits])
        body = document(
            site,
            request,
            name,
            title=f"“{query.q}” — Broadsheet search",
            page_path=f"/search?{request.url.query}",
            description=f"The latest articles that match “{query.q}”.",
            cards=cards,
        )
        return _answer(request, name, body)

    return search_feed


def _story(name: str) -> Callable[[Request, str], object]:
    def story_feed(request: Request, story_id: str) -> Response:
        site = site_of(request)
        if not STORY_ID.fullmatch(story_id):
            raise HTTPException(status_code=404, detail="There is no such story.")
        with site.store.read() as conn:
            story = story_reads.resolve(conn, story_id)
            if story is None:
                raise HTTPException(status_code=404, detail="There is no such story.")
            if story["id"] != story_id:
                return RedirectResponse(f"/stories/{story['id']}/{name}", status_code=301)
            placed = brief_store.placements(conn, story_id)
            newest = sorted(placed, key=lambda p: (p.when, p.article_id), reverse=True)
            cards = reader.cards_by_id(conn, [p.article_id for p in newest[:ITEMS]])
        title = story["title"] or "Untitled story"
        body = document(
            site,
            request,
            name,
            title=f"{title} — Broadsheet story",
            page_path=f"/stories/{story_id}",
            description=f"Every outlet's coverage of “{title}”, newest first.",
            cards=cards,
        )
        return _answer(request, name, body)

    return story_feed


def _top_stories(name: str) -> Callable[[Request], object]:
    async def top_stories_feed(request: Request) -> Response:
        site = site_of(request)

        def make() -> tuple[str, Hashable]:
            with site.store.read() as conn:
                ranked = ranked_stories(conn, site.clock(), limit=TOP_STORIES)
                outlets = story_reads.outlets_of(conn, [s["id"] for s in ranked])
                briefs = {s["id"]: brief_store.get_brief(conn, s["id"]) for s in ranked}
            sources = site.sources()
            items = []
            for story in ranked:
                names = ", ".join(outlet_name(sources, s) for s in outlets.get(story["id"], []))
                stored = briefs[story["id"]]
                told = " ".join(s["text"] for s in stored.data.get("brief", [])) if stored else ""
                items.append(
                    Item(
                        id=story["first_article_id"] or 0,
                        page_url=site.absolute(request, f"/stories/{story['id']}"),
                        title=story["title"] or "Untitled story",
                        summary=f"{told} Covered by {names}.".strip(),
                        published=story["first_published_at"] or story["last_updated_at"],
                        updated=story["last_updated_at"],
                    )
                )
            kind, _ = FORMATS[name]
            channel = Channel(
                title="Broadsheet: top stories",
                page_url=site.absolute(request, "/"),
                feed_url=site.absolute(request, request.url.path),
                description="The stories most outlets are covering now, with every outlet's "
                "coverage on each story's page.",
                updated=max((i.updated or i.published for i in items), default=site.clock()),
            )
            return syndication.render(kind, channel, items).decode("utf-8"), None

        key = ("feed", "stories", name, site.absolute(request, ""))
        page = await site.pages.get(key, make, ttl=FEED_TTL, stale_ok=True)
        return send(request, page, media_type=FORMATS[name][1])

    return top_stories_feed


for _name in FORMATS:
    router.add_api_route(f"/{_name}", _front(_name), methods=["GET"], include_in_schema=False)
    router.add_api_route(
        f"/sources/{{source_id}}/{_name}", _source(_name), methods=["GET"], include_in_schema=False
    )
    for _group in ("topics", "entities"):
        router.add_api_route(
            f"/{_group}/{{slug}}/{_name}",
            _topic(_name, _group),
            methods=["GET"],
            include_in_schema=False,
        )
    router.add_api_route(
        f"/search/{_name}", _search(_name), methods=["GET"], include_in_schema=False
    )
    router.add_api_route(
        f"/stories/{_name}", _top_stories(_name), methods=["GET"], include_in_schema=False
    )
    router.add_api_route(
        f"/stories/{{story_id}}/{_name}", _story(_name), methods=["GET"], include_in_schema=False
    )
