"""Account pages: sign up, sign in and out, verification, reset, the account page.

    GET/POST /signup                    sign up (the answer never says if the address is known)
    GET/POST /signin, POST /signout
    GET/POST /account/verify?t=         confirm an address from the mailed link
    GET/POST /account/reset             ask for a reset link
    GET/POST /account/reset/choose?t=   choose a new password
    GET      /account                   profile, sessions, changes, deletion
    POST     /account/verify/resend, /account/sessions/{id}/revoke,
             /account/email, /account/password, /account/delete
    GET      /account/export            everything about the member, as JSON
    GET      /account/comments          the member's comment history

Links in mails open a page with a button (GET shows, POST acts), so mail scanners that
open links change nothing.
"""

from __future__ import annotations

import json

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from broadsheet.community import accounts
from broadsheet.community.context import Refused
from broadsheet.community.sessions import SESSION_COOKIE, end_session
from broadsheet.store import comments as comment_store
from broadsheet.store import members as member_store
from broadsheet.web.community_common import (
    CommunityRoute,
    base_of,
    check_form,
    client_ip,
    community_of,
    deliver_soon,
    now_of,
    page,
    read_form,
    redirect,
    require_viewer,
    safe_next,
    set_session,
    viewer_of,
)

router = APIRouter(route_class=CommunityRoute)

DONE = {
    "signup": "Check your inbox: we sent a link to confirm the address. It may take a minute.",
    "verified": "Your address is confirmed.",
    "reset-sent": "If an account uses that address, we sent it a link to choose a new password.",
    "reset": "Your password is changed and every session signed out. Sign in with the new one.",
    "resent": "We sent a new confirmation link.",
    "email": "Check the inbox of the new address: the change happens once you confirm it.",
    "password": "Your password is changed; your other sessions are signed out.",
    "revoked": "That session is signed out.",
    "deleted": "Your account is deleted.",
}


def _done(request: Request) -> str | None:
    return DONE.get(request.query_params.get("done", ""))


@router.get("/signup", include_in_schema=False)
def signup_page(request: Request) -> Response:
    return page(request, "community/signup.html", done=_done(request))


@router.post("/signup", include_in_schema=False)
async def signup(request: Request) -> Response:
    form = await read_form(request)
    c = community_of(request)
    try:
        check_form(request, form, "signup", human=True)
        ids = accounts.sign_up(
            c,
            email=form.get("email", ""),
            display_name=form.get("name", ""),
            password=form.get("password", ""),
            ip=client_ip(request),
            base=base_of(request),
            now=now_of(request),
        )
    except Refused as exc:
        return page(request, "community/signup.html", status=exc.status, error=str(exc), form=form)
    return redirect(request, "/signup?done=signup", tasks=deliver_soon(request, ids))


@router.get("/signin", include_in_schema=False)
def signin_page(request: Request) -> Response:
    return page(
        request,
        "community/signin.html",
        next=safe_next(request.query_params.get("next")),
        done=_done(request),
    )


@router.post("/signin", include_in_schema=False)
async def signin(request: Request) -> Response:
    form = await read_form(request)
    c = community_of(request)
    target = safe_next(form.get("next"))
    try:
        check_form(request, form, "signin")
        token = accounts.sign_in(
            c,
            email=form.get("email", ""),
            password=form.get("password", ""),
            ip=client_ip(request),
            user_agent=request.headers.get("user-agent", ""),
            now=now_of(request),
        )
    except Refused as exc:
        return page(
            request,
            "community/signin.html",
            status=exc.status,
            error=str(exc),
            next=target,
            email=form.get("email", ""),
        )
    response = redirect(request, target)
    set_session(request, response, token, days=c.config.session_days)
    return response


@router.post("/signout", include_in_schema=False)
async def signout(request: Request) -> Response:
    form = await read_form(request)
    check_form(request, form, "account")
    end_session(community_of(request).store, request.cookies.get(SESSION_COOKIE))
    response = redirect(request, "/")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/account/verify", include_in_schema=False)
def verify_page(request: Request) -> Response:
    return page(
        request,
        "community/confirm.html",
        action="/account/verify",
        token=request.query_params.get("t", ""),
        title="Confirm your e-mail address",
        button="Confirm my address",
    )


@router.post("/account/verify", include_in_schema=False)
async def verify(request: Request) -> Response:
    form = await read_form(request)
    accounts.verify_address(community_of(request), form.get("t", ""), now=now_of(request))
    target = "/account?done=verified" if viewer_of(request) else "/signin?done=verified"
    return redirect(request, target)


@router.get("/account/reset", include_in_schema=False)
def reset_page(request: Request) -> Response:
    return page(request, "community/reset.html", done=_done(request))


@router.post("/account/reset", include_in_schema=False)
async def reset(request: Request) -> Response:
    form = await read_form(request)
    try:
        check_form(request, form, "reset", human=True)
        ids = accounts.request_reset(
            community_of(request),
            email=form.get("email", ""),
            ip=client_ip(request),
            base=base_of(request),
            now=now_of(request),
        )
    except Refused as exc:
        return page(request, "community/reset.html", status=exc.status, error=str(exc))
    return redirect(request, "/account/reset?done=reset-sent", tasks=deliver_soon(request, ids))


@router.get("/account/reset/choose", include_in_schema=False)
def choose_page(request: Request) -> Response:
    return page(request, "community/choose.html", token=request.query_params.get("t", ""))


@router.post("/account/reset/choose", include_in_schema=False)
async def choose(request: Request) -> Response:
    form = await read_form(request)
    token = form.get("t", "")
    try:
        if form.get("password", "") != form.get("password2", ""):
            raise Refused("The two passwords are not the same.")
        accounts.reset_password(
            community_of(request),
            token=token,
            password=form.get("password", ""),
            now=now_of(request),
        )
    except Refused as exc:
        return page(
            request, "community/choose.html", status=exc.status, error=str(exc), token=token
        )
    response = redirect(request, "/signin?done=reset")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/account", include_in_schema=False)
def account_page(request: Request, error: str | None = None, status: int = 200) -> Response:
    viewer = require_viewer(request)
    with community_of(request).store.read() as conn:
        sessions = member_store.sessions_of(conn, viewer.member.id, now=now_of(request))
    return page(
        request,
        "community/account.html",
        status=status,
        member=viewer.member,
        sessions=sessions,
        current=viewer.session.id,
        done=_done(request),
        error=error,
    )


@router.post("/account/verify/resend", include_in_schema=False)
async def resend(request: Request) -> Response:
    viewer = require_viewer(request)
    check_form(request, await read_form(request), "account")
    try:
        ids = accounts.resend_verification(
            community_of(request), viewer.member, base=base_of(request), now=now_of(request)
        )
    except Refused as exc:
        return account_page(request, error=str(exc), status=exc.status)
    return redirect(request, "/account?done=resent", tasks=deliver_soon(request, ids))


@router.post("/account/sessions/{session_id}/revoke", include_in_schema=False)
async def revoke(request: Request, session_id: int) -> Response:
    viewer = require_viewer(request)
    check_form(request, await read_form(request), "account")
    with community_of(request).store.begin() as conn:
        member_store.revoke_session(conn, viewer.member.id, session_id)
    return redirect(request, "/account?done=revoked")


@router.post("/account/email", include_in_schema=False)
async def change_email(request: Request) -> Response:
    viewer = require_viewer(request)
    form = await read_form(request)
    check_form(request, form, "account")
    try:
        ids = accounts.request_email_change(
            community_of(request),
            viewer.member,
            new_email=form.get("email", ""),
            password=form.get("password", ""),
            base=base_of(request),
            now=now_of(request),
        )
    except Refused as exc:
        return account_page(request, error=str(exc), status=exc.status)
    return redirect(request, "/account?done=email", tasks=deliver_soon(request, ids))


@router.post("/account/password", include_in_schema=False)
async def change_password(request: Request) -> Response:
    viewer = require_viewer(request)
    form = await read_form(request)
    check_form(request, form, "account")
    try:
        accounts.change_password(
            community_of(request),
            viewer.member,
            current=form.get("current", ""),
            new=form.get("password", ""),
            keep_session=viewer.session.id,
            now=now_of(request),
        )
    except Refused as exc:
        return account_page(request, error=str(exc), status=exc.status)
    return redirect(request, "/account?done=password")


@router.post("/account/delete", include_in_schema=False)
async def delete(request: Request) -> Response:
    viewer = require_viewer(request)
    form = await read_form(request)
    check_form(request, form, "account")
    try:
        accounts.delete_account(
            community_of(request),
            viewer.member,
            password=form.get("password", ""),
            keep_comments=form.get("comments") != "remove",
        )
    except Refused as exc:
        return account_page(request, error=str(exc), status=exc.status)
    response = redirect(request, "/signin?done=deleted")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/account/export", include_in_schema=False)
def export(request: Request) -> Response:
    viewer = require_viewer(request)
    data = accounts.export(community_of(request), viewer.member, now=now_of(request))
    return Response(
        json.dumps(data, indent=1, ensure_ascii=False),
        media_type="application/json",
        headers={
            "Content-Disposition": 'attachment; filename="broadsheet-account.json"',
            "Cache-Control": "no-store",
        },
    )


@router.get("/account/comments", include_in_schema=False)
def history(request: Request) -> Response:
    viewer = require_viewer(request)
    with community_of(request).store.read() as conn:
        written = comment_store.by_member(conn, viewer.member.id)
    return page(request, "community/history.html", member=viewer.member, comments=written)
