"""The article page: clean text, outlet, times, revision diffs, the AI panel, related coverage."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, HTTPException
from sqlalchemy import Connection
from starlette.requests import Request
from starlette.responses import Response

from broadsheet.model import Article
from broadsheet.store import articles as article_store
from broadsheet.store import feeds as feed_store
from broadsheet.store import insights as insight_store
from broadsheet.store import llm_cache as llm_store
from broadsheet.store import reader
from broadsheet.store import stories as story_store
from broadsheet.understand.llm_features import reason_for_readers
from broadsheet.web.articleview import lead_image, marked_body, revision_views
from broadsheet.web.pages.common import send
from broadsheet.web.pages.topics import slug_of
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
        ai = stored_panel(conn, site, article_id)
        coverage = coverage_of(conn, article_id)
        earlier = earlier_in_story(conn, article)
        sources = site.sources()
        # The outlet list is cached; an outlet added since is read directly.
        source = sources.get(article.source_id) or feed_store.get_source(conn, article.source_id)
    latest = site.latest_from(article.source_id, MORE_FROM_SOURCE + 1)
    more = [c for c in latest if c.id != article.id][:MORE_FROM_SOURCE]
    cited = [i for item in (ai or {}).get("summary", []) for i in item["sources"]]
    cited += [i for item in (ai or {}).get("key_points", []) for i in item["sources"]]
    body = marked_body(article, site.image, cited=cited).html
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
        related=coverage.related,
        copies=coverage.copies,
        story_id=coverage.story_id,
        earlier=earlier,
        sources=sources,
        ai=ai,
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


@dataclass(frozen=True, slots=True)
class Coverage:
    story_id: str | None  # the story page links "all coverage"
    related: list[reader.ArticleCard]  # the story's other articles, then close stories
    copies: list[reader.ArticleCard]  # the same wire story published by other outlets


def coverage_of(conn: Connection, article_id: int, *, limit: int = 8) -> Coverage:
    placement = story_store.story_of(conn, article_id)
    if placement is None:
        return Coverage(story_id=None, related=[], copies=[])
    same = [
        a.id
        for a in story_store.members(conn, placement["story_id"], limit=50)
        if a.id != article_id
    ]
    close = [other for other, _score in placement["related"] if other not in same]
    copy_ids = story_store.copies_of(conn, article_id)
    if placement["duplicate_of"] is not None:
        copy_ids = [placement["duplicate_of"], *copy_ids]
    return Coverage(
        story_id=placement["story_id"],
        related=reader.cards_by_id(conn, [*same, *close][:limit]),
        copies=reader.cards_by_id(conn, copy_ids),
    )


EARLIER = 5
STORY_SCAN = 500  # story members read to find the earlier ones


def earlier_in_story(conn: Connection, article: Article) -> list[reader.ArticleCard]:
    """Previously in this story: the story's articles before this one, newest first.

    Syndicated copies of the same text are left out (they are "also published by").
    """
    placement = story_store.story_of(conn, article.id)
    if placement is None:
        return []
    members = story_store.members(conn, placement["story_id"], limit=STORY_SCAN)
    ids = [a.id for a in members]
    before = members[: ids.index(article.id)] if article.id in ids else members
    copies = set(story_store.copies_of(conn, article.id)) | {placement["duplicate_of"]}
    chosen = [a.id for a in reversed(before) if a.id not in copies][:EARLIER]
    return reader.cards_by_id(conn, chosen)


def entity_slug(key: str) -> str:
    """The ``/entities/{slug}`` of an entity key: ``person:maria-okafor`` → ``maria-okafor``."""
    return key.split(":", 1)[-1]


def topic_links(insights: dict[str, Any], *, limit: int = 6) -> list[dict[str, str]]:
    """The section and the first ``limit`` keyphrases of an article, as topic page links."""
    links = []
    if insights.get("topic"):
        topic = str(insights["topic"])
        links.append({"label": topic, "slug": topic.lower()})
    phrases = [
        {"label": str(phrase), "slug": slug}
        for phrase, _weight in insights.get("keyphrases", [])
        if (slug := slug_of(str(phrase)))
    ]
    return links + phrases[:limit]


def stored_panel(conn: Connection, site: Site, article_id: int) -> dict[str, Any] | None:
    """The article's AI panel as stored: offline insights, or the model's checked summary."""
    insights = insight_store.get_insights(conn, article_id)
    llm = (  # the model's summary of this version, or why it failed (LLM configured only)
        llm_store.article_summary(
            conn, article_id, version=insights["version"], model=site.settings.llm_model
        )
        if insights is not None and site.settings.llm_url
        else None
    )
    return panel_of(insights, llm)


def panel_of(
    insights: dict[str, Any] | None, llm: dict[str, Any] | None = None
) -> dict[str, Any] | None:
    """The AI panel as the template shows it: cited sentences and names by kind.

    ``llm`` is what the model did for this version (``store.llm_cache.article_summary``):
    its grounded summary replaces the extractive one (``backend`` "llm"); a failure
    leaves the extractive one with a ``note`` saying why.
    """
    if insights is None:
        return None
    names: dict[str, list[dict[str, str]]] = {"person": [], "organisation": [], "place": []}
    for entity in insights.get("entities", []):
        slug = entity_slug(entity["key"])
        names.setdefault(entity["kind"], []).append({"name": entity["name"], "slug": slug})
    panel: dict[str, Any] = {
        "summary": insights.get("summary", []),
        "key_points": insights.get("key_points", []),
        "people": names["person"][:8],
        "organisations": names["organisation"][:8],
        "places": names["place"][:8],
        "topic": insights.get("topic"),
        "topics": topic_links(insights),
        "method": insights.get("method", ""),
        "backend": "offline",
        "note": None,
    }
    if llm is not None and llm.get("state") == "done":
        written = llm["result"]
        model = str(written["method"]).removeprefix("llm:") or "a language model"
        checked, kept = llm["checked"], llm["checked"] - llm["flagged"]
        panel |= {k: written[k] for k in ("summary", "key_points", "method")}
        panel |= {"backend": "llm", "model": model, "checked": checked, "kept": kept}
    elif llm is not None and llm.get("state") == "failed":
        why = reason_for_readers(llm.get("reason"))
        panel["note"] = f"The language model's summary is not shown: {why}."
    return panel
