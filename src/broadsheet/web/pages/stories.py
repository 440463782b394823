"""The story page: one event, every outlet's coverage, a cited brief, perspectives, key players.

Rendered once per version of the story (its members and their versions) and kept like an
article page. The brief, perspectives and key players are read from ``story_briefs``,
where the worker stores them when the story grows; a story not briefed yet is briefed by
its first view. With an LLM configured, the model's checked brief is shown once written.
A merged-away story id answers 301 with the story that absorbed it.
"""

from __future__ import annotations

from collections.abc import Hashable

from fastapi import APIRouter, HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from broadsheet.store import story_reads
from broadsheet.web.pages.common import send
from broadsheet.web.site import Site, site_of
from broadsheet.web.storyview import STORY_ID, llm_model, load_story

router = APIRouter()
STORY_TTL = 60.0  # re-rendered at least once a minute so relative times stay right
STORY_TRUST = 2.0  # seconds a confirmed version is trusted without asking the store again
NO_STORY = "There is no such story."


def render_story(site: Site, story_id: str, page_url: str) -> tuple[str, Hashable]:
    with site.store.begin() as conn:  # a transaction: a story not briefed yet is briefed now
        story = story_reads.resolve(conn, story_id)
        if story is None or story["id"] != story_id:
            raise HTTPException(status_code=404, detail=NO_STORY)
        version = story_reads.page_version(conn, story_id)
        model = llm_model(site.settings)
        detail = load_story(conn, story, sources=site.sources(), now=site.clock(), llm_model=model)
    html = site.render(
        "story.html",
        story=detail,
        page_url=page_url,
        sources=site.sources(),
        feed_base=f"/stories/{story_id}/",
    )
    return html, version


async def story_page(request: Request) -> Response:
    site = site_of(request)
    story_id: str = request.path_params["story_id"]
    if not STORY_ID.fullmatch(story_id):
        raise HTTPException(status_code=404, detail=NO_STORY)
    page_url = site.absolute(request, f"/stories/{story_id}")
    key = ("story", story_id, page_url)
    hit = site.pages.recently_checked(key, STORY_TRUST)
    if hit is not None and site.pages.age(hit) < STORY_TTL:
        return send(request, hit)
    with site.store.read() as conn:
        story = story_reads.resolve(conn, story_id)
        version = story_reads.page_version(conn, story_id) if story else None
    if story is None:
        raise HTTPException(status_code=404, detail=NO_STORY)
    if story["id"] != story_id:
        return RedirectResponse(f"/stories/{story['id']}", status_code=301)
    page = await site.pages.get(
        key, lambda: render_story(site, story_id, page_url), ttl=STORY_TTL, version=version
    )
    return send(request, page)


router.add_route("/stories/{story_id}", story_page, methods=["GET"], include_in_schema=False)
