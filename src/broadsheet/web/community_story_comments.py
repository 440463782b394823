"""Comments under a story (``community.story_comments``): its articles' comments together.

    GET  /stories/{id}/comments?sort=oldest|newest|replies   the thread, with forms
    POST /stories/{id}/comments                              post, or reply (parent)
    GET  /api/community/stories/{id}/comments                the public thread as JSON

The story page is cached for everyone, so it only links here: it includes
``community/comments_section.html`` (see the top of that template). A merged story's
thread redirects to the story it merged into. Editing, deleting and reporting a
comment are the article routes (``community_comments.py``).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from broadsheet.community import story_comments
from broadsheet.community.context import Refused
from broadsheet.community.story_comments import StoryMoved
from broadsheet.web.community_comments import node_json, refused_context, sort_of, thread_context
from broadsheet.web.community_common import (
    CommunityRoute,
    check_form,
    client_ip,
    community_of,
    now_of,
    page,
    parent_of,
    read_form,
    redirect,
    require_viewer,
    viewer_of,
)

router = APIRouter(route_class=CommunityRoute)


def _thread_page(request: Request, story_id: str, *, status: int = 200, **extra: Any) -> Response:
    c = community_of(request)
    viewer = viewer_of(request)
    sort = sort_of(request)
    try:
        thread = story_comments.load(
            c, story_id, viewer=viewer.member if viewer else None, sort=sort
        )
    except StoryMoved as moved:
        return RedirectResponse(f"/stories/{moved.story_id}/comments", status_code=301)
    return page(
        request,
        "community/story_thread.html",
        status=status,
        story=thread,
        thread=thread.nodes,
        story_articles=thread.articles,
        lead_article_id=thread.lead_article_id,
        comment_action=f"/stories/{thread.story_id}/comments",
        count=thread.count,
        **thread_context(request, sort),
        **extra,
    )


@router.get("/stories/{story_id}/comments", include_in_schema=False)
def thread_page(request: Request, story_id: str) -> Response:
    return _thread_page(request, story_id)


@router.post("/stories/{story_id}/comments", include_in_schema=False)
async def post_comment(request: Request, story_id: str) -> Response:
    viewer = require_viewer(request)
    form = await read_form(request)
    parent = form.get("parent", "")
    try:
        check_form(request, form, "comment", human=True)
        comment = story_comments.post(
            community_of(request),
            viewer.member,
            story_id=story_id,
            parent_id=parent_of(parent),
            body=form.get("body", ""),
            ip=client_ip(request),
            now=now_of(request),
            proof=(form.get("pow_challenge", ""), form.get("pow_answer", "")),
        )
    except StoryMoved as moved:
        return RedirectResponse(f"/stories/{moved.story_id}/comments", status_code=303)
    except Refused as exc:
        return _thread_page(request, story_id, **refused_context(form, exc))
    done = "posted" if comment.status in {"published", "shadow"} else "held"
    return redirect(request, f"/stories/{story_id}/comments?done={done}#comment-{comment.id}")


@router.get("/api/community/stories/{story_id}/comments", include_in_schema=False)
def thread_json(request: Request, story_id: str) -> Response:
    viewer = viewer_of(request)
    try:
        thread = story_comments.load(
            community_of(request),
            story_id,
            viewer=viewer.member if viewer else None,
            sort=sort_of(request),
        )
    except StoryMoved as moved:
        return RedirectResponse(f"/api/community/stories/{moved.story_id}/comments", 301)
    except Refused as exc:
        return JSONResponse({"detail": str(exc)}, status_code=exc.status)
    body = {
        "story_id": thread.story_id,
        "lead_article_id": thread.lead_article_id,
        "articles": [
            {"id": a.id, "title": a.title, "outlet": a.outlet} for a in thread.articles.values()
        ],
        "comments": [{**node_json(n), "article_id": n.comment.article_id} for n in thread.nodes],
    }
    return JSONResponse(body, headers={"Cache-Control": "no-store"})
