"""Comment pages and the comments JSON API.

    GET  /articles/{id}/comments?sort=oldest|newest|replies   the thread, with forms
    POST /articles/{id}/comments                              post or reply (parent)
    GET/POST /comments/{id}/edit, POST /comments/{id}/delete, POST /comments/{id}/report
    GET  /api/community/articles/{id}/comments                the public thread as JSON
    POST /api/community/articles/{id}/comments                post with the session cookie
                                                              and an X-CSRF-Token header
    GET  /api/community/comment-counts?ids=1,2,3              counts for article cards

The thread is its own page because the article page is cached for everyone, while a
thread shows each member their own held comments and forms bound to their session.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from broadsheet.community import comments
from broadsheet.community.comments import SORTS, NeedsProof, Node
from broadsheet.community.context import Refused
from broadsheet.community.ratelimit import pow_challenge
from broadsheet.store import articles as article_store
from broadsheet.store import comments as comment_store
from broadsheet.web.community_common import (
    CommunityRoute,
    check_form,
    check_header_token,
    client_ip,
    community_of,
    form_token,
    now_of,
    page,
    parent_of,
    read_form,
    redirect,
    require_viewer,
    viewer_of,
)

router = APIRouter(route_class=CommunityRoute)
MAX_JSON_BYTES = 64 * 1024

DONE = {
    "posted": "Your comment is published.",
    "held": "Thanks! Your comment will appear once a moderator has looked at it.",
    "edited": "Your comment is updated.",
    "deleted": "Your comment is deleted.",
    "reported": "Thanks. A moderator will look at that comment.",
}


def _article(request: Request, article_id: int) -> Any:
    if not 0 < article_id < 2**63:
        raise HTTPException(status_code=404, detail="There is no such article.")
    with community_of(request).store.read() as conn:
        article = article_store.get_article(conn, article_id)
    if article is None:
        raise HTTPException(status_code=404, detail="There is no such article.")
    return article


def _thread_page(request: Request, article_id: int, *, status: int = 200, **extra: Any) -> Response:
    c = community_of(request)
    article = _article(request, article_id)
    viewer = viewer_of(request)
    sort = sort_of(request)
    thread = comments.load_thread(
        c, article_id, viewer=viewer.member if viewer else None, sort=sort
    )
    return page(
        request,
        "community/thread.html",
        status=status,
        article=article,
        thread=thread,
        count=sum(1 + n.replies for n in thread),
        **thread_context(request, sort),
        **extra,
    )


def sort_of(request: Request) -> str:
    sort = request.query_params.get("sort", "oldest")
    return sort if sort in SORTS else "oldest"


def thread_context(request: Request, sort: str) -> dict[str, Any]:
    """What every comment thread page shows besides its comments: sorting, the notice of
    the last action, edit windows, and a proof-of-work challenge when a limit is near."""
    c = community_of(request)
    viewer = viewer_of(request)
    now = now_of(request)
    pow_needed = viewer is not None and comments.limits_near(
        c, viewer.member, client_ip(request), now=now
    )
    return {
        "sort": sort,
        "sorts": SORTS,
        "done": DONE.get(request.query_params.get("done", "")),
        "editable": lambda comment: comments.editable(c, comment, now=now),
        "pow": pow_challenge(c.secret, c.config.pow_bits, now=now) if pow_needed else None,
        "pow_bits": c.config.pow_bits,
        "reasons": comments.REPORT_REASONS,
    }


def refused_context(form: dict[str, str], exc: Refused) -> dict[str, Any]:
    """A refused comment's form, shown again with the reason and the reader's draft."""
    return {
        "status": exc.status,
        "error": str(exc),
        "draft": form.get("body", "")[:20_000],
        "draft_parent": form.get("parent", ""),
        "needs_proof": isinstance(exc, NeedsProof),
    }


@router.get("/articles/{article_id}/comments", include_in_schema=False)
def thread_page(request: Request, article_id: int) -> Response:
    return _thread_page(request, article_id)


@router.post("/articles/{article_id}/comments", include_in_schema=False)
async def post_comment(request: Request, article_id: int) -> Response:
    viewer = require_viewer(request)
    form = await read_form(request)
    parent = form.get("parent", "")
    try:
        check_form(request, form, "comment", human=True)
        proof = (form.get("pow_challenge", ""), form.get("pow_answer", ""))
        comment = comments.post(
            community_of(request),
            viewer.member,
            article_id=article_id,
            parent_id=parent_of(parent),
            body=form.get("body", ""),
            ip=client_ip(request),
            now=now_of(request),
            proof=proof,
        )
    except Refused as exc:
        return _thread_page(request, article_id, **refused_context(form, exc))
    done = "posted" if comment.status in {"published", "shadow"} else "held"
    return redirect(request, f"/articles/{article_id}/comments?done={done}#comment-{comment.id}")


@router.get("/comments/{comment_id}/edit", include_in_schema=False)
def edit_page(request: Request, comment_id: int) -> Response:
    viewer = require_viewer(request)
    comment = comments.own_comment(community_of(request), viewer.member, comment_id)
    return page(request, "community/comment_edit.html", comment=comment, draft=comment.body)


@router.post("/comments/{comment_id}/edit", include_in_schema=False)
async def edit(request: Request, comment_id: int) -> Response:
    viewer = require_viewer(request)
    form = await read_form(request)
    c = community_of(request)
    check_form(request, form, "comment")
    comment = comments.own_comment(c, viewer.member, comment_id)
    try:
        comments.edit(c, viewer.member, comment_id, body=form.get("body", ""), now=now_of(request))
    except Refused as exc:
        return page(
            request,
            "community/comment_edit.html",
            status=exc.status,
            comment=comment,
            draft=form.get("body", "")[:20_000],
            error=str(exc),
        )
    return redirect(
        request, f"/articles/{comment.article_id}/comments?done=edited#comment-{comment.id}"
    )


@router.post("/comments/{comment_id}/delete", include_in_schema=False)
async def delete(request: Request, comment_id: int) -> Response:
    viewer = require_viewer(request)
    check_form(request, await read_form(request), "comment")
    comment = comments.delete(community_of(request), viewer.member, comment_id)
    return redirect(request, f"/articles/{comment.article_id}/comments?done=deleted")


@router.post("/comments/{comment_id}/report", include_in_schema=False)
async def report(request: Request, comment_id: int) -> Response:
    viewer = require_viewer(request)
    form = await read_form(request)
    check_form(request, form, "comment")
    c = community_of(request)
    with c.store.read() as conn:
        comment = comment_store.get_comment(conn, comment_id)
    if comment is None:
        raise HTTPException(status_code=404, detail="There is no such comment.")
    comments.report(
        c, viewer.member, comment_id, reason=form.get("reason", "other"), now=now_of(request)
    )
    return redirect(
        request, f"/articles/{comment.article_id}/comments?done=reported#comment-{comment_id}"
    )


# -- JSON ---------------------------------------------------------------------------------


def node_json(node: Node) -> dict[str, Any]:
    k = node.comment
    shown = k.status in {"published", "shadow", "pending"}
    return {
        "id": k.id,
        "author": k.author if k.member_id is not None else None,
        "html": k.body_html if shown else None,
        "status": k.status,
        "created_at": k.created_at.isoformat(),
        "edited_at": k.edited_at.isoformat() if k.edited_at else None,
        "replies": [node_json(child) for child in node.children],
    }


@router.get("/api/community/articles/{article_id}/comments", include_in_schema=False)
def thread_json(request: Request, article_id: int) -> Response:
    _article(request, article_id)
    viewer = viewer_of(request)
    sort = request.query_params.get("sort", "oldest")
    thread = comments.load_thread(
        community_of(request),
        article_id,
        viewer=viewer.member if viewer else None,
        sort=sort if sort in SORTS else "oldest",
    )
    body: dict[str, Any] = {"article_id": article_id, "comments": [node_json(n) for n in thread]}
    if viewer is not None:
        c = community_of(request)
        body["csrf_token"] = form_token(request, "api")
        if comments.limits_near(c, viewer.member, client_ip(request), now=now_of(request)):
            body["pow_challenge"] = pow_challenge(c.secret, c.config.pow_bits, now=now_of(request))
            body["pow_bits"] = c.config.pow_bits
    return JSONResponse(body, headers={"Cache-Control": "no-store"})


@router.post("/api/community/articles/{article_id}/comments", include_in_schema=False)
async def post_json(request: Request, article_id: int) -> Response:
    viewer = viewer_of(request)
    if viewer is None:
        return JSONResponse({"detail": "Sign in first."}, status_code=401)
    try:
        check_header_token(request, "api")
        raw = await request.body()
        if len(raw) > MAX_JSON_BYTES:
            raise Refused("Too large.", status=413)
        data = await request.json()
        if not isinstance(data, dict) or not isinstance(data.get("body"), str):
            raise Refused('Send {"body": "...", "parent": null}.')
        parent = data.get("parent")
        comment = comments.post(
            community_of(request),
            viewer.member,
            article_id=article_id,
            parent_id=parent if isinstance(parent, int) else None,
            body=data["body"],
            ip=client_ip(request),
            now=now_of(request),
            proof=(str(data.get("pow_challenge", "")), str(data.get("pow_answer", ""))),
        )
    except Refused as exc:
        return JSONResponse({"detail": str(exc)}, status_code=exc.status)
    except ValueError:
        return JSONResponse({"detail": "The body is not JSON."}, status_code=400)
    return JSONResponse({"id": comment.id, "status": comment.status}, status_code=201)


@router.get("/api/community/comment-counts", include_in_schema=False)
def counts_json(request: Request) -> Response:
    raw = request.query_params.get("ids", "")
    ids = [int(x) for x in raw.split(",")[:200] if x.strip().isdigit() and len(x.strip()) < 19]
    with community_of(request).store.read() as conn:
        found = comment_store.counts(conn, ids)
    return JSONResponse({str(i): found.get(i, 0) for i in ids})
