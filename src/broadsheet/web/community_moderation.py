"""Moderation pages, for moderators and admins.

GET  /moderation                   the queue: held comments and reported ones
POST /moderation/comments/{id}     approve | remove
POST /moderation/members/{id}      ban | unban | shadow | unshadow | role:<role> (admins)
GET  /moderation/log               the audit log: who did what, when
"""

from __future__ import annotations

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from broadsheet.community import moderation
from broadsheet.store import members as member_store
from broadsheet.store.members import ROLES
from broadsheet.web.community_common import (
    CommunityRoute,
    check_form,
    community_of,
    now_of,
    page,
    read_form,
    redirect,
    require_viewer,
)

router = APIRouter(route_class=CommunityRoute)


@router.get("/moderation", include_in_schema=False)
def queue_page(request: Request) -> Response:
    viewer = require_viewer(request)
    c = community_of(request)
    held = moderation.queue(c, viewer.member)
    ids = sorted({k.member_id for k in held if k.member_id is not None})
    with c.store.read() as conn:
        authors = member_store.list_members(conn, ids)
    return page(
        request,
        "community/moderation.html",
        queue=held,
        authors=authors,
        roles=ROLES,
        done=request.query_params.get("done") == "1",
    )


@router.post("/moderation/comments/{comment_id}", include_in_schema=False)
async def comment_action(request: Request, comment_id: int) -> Response:
    viewer = require_viewer(request)
    form = await read_form(request)
    check_form(request, form, "moderation")
    moderation.act_on_comment(
        community_of(request),
        viewer.member,
        comment_id,
        form.get("action", ""),
        note=form.get("note", ""),
        now=now_of(request),
    )
    return redirect(request, "/moderation?done=1")


@router.post("/moderation/members/{member_id}", include_in_schema=False)
async def member_action(request: Request, member_id: int) -> Response:
    viewer = require_viewer(request)
    form = await read_form(request)
    check_form(request, form, "moderation")
    moderation.act_on_member(
        community_of(request),
        viewer.member,
        member_id,
        form.get("action", ""),
        note=form.get("note", ""),
        now=now_of(request),
    )
    return redirect(request, "/moderation?done=1")


@router.get("/moderation/log", include_in_schema=False)
def log_page(request: Request) -> Response:
    viewer = require_viewer(request)
    entries = moderation.log(community_of(request), viewer.member)
    return page(request, "community/moderation_log.html", entries=entries)
