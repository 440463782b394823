"""What the community's pages share: who is asking, form tokens, forms, cookies, mail.

- ``community_of(request)``: the ``Community`` of this app and its mailer, made on first
  use from the site's settings, store and secret (``install`` can inject a mailer).
- ``viewer_of(request)``: the signed-in member and session from the session cookie, or
  None; looked up in the database, so a revoked session is out in every process.
- Form tokens (``csrf``) are bound to the session, or for visitors to a random cookie
  of their own (``bs_anon``, set with the first form); ``check_form`` also refuses
  forms filled in the hidden honeypot field or sent back too fast.
- ``CommunityRoute`` turns a ``Refused`` that a handler let through into the site's
  error page with the right status, so no refusal ever looks like an outage.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from fastapi import HTTPException
from fastapi.routing import APIRoute
from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from broadsheet.community import csrf, outbox
from broadsheet.community.context import Community, Refused
from broadsheet.community.mail import Mailer, SmtpMailer
from broadsheet.community.sessions import ANON_COOKIE, SESSION_COOKIE, Viewer, load_viewer
from broadsheet.store.comments import MAX_ID
from broadsheet.web.site import Site, site_of

MAX_FORM_BYTES = 64 * 1024
HONEYPOT = "website"
NO_STORE = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex"}


@dataclass
class CommunityState:
    community: Community
    mailer: Mailer


def install(app: Any, *, mailer: Mailer | None = None, **overrides: Any) -> CommunityState:
    """Set up the community on an app made by ``create_app`` (optional: made on first use)."""
    site: Site = app.state.site
    community = Community.create(site.settings, site.store, site.secret, **overrides)
    state = CommunityState(community, mailer or SmtpMailer(community.config))
    community.passwords.warm()
    app.state.community = state
    return state


def parent_of(value: str) -> int | None:
    """The comment a reply form answers: None when the field is empty or not a number;
    a number too long for any id stays too large, so the reply is refused as answering
    no comment rather than posted at the top of the thread."""
    if not (value.isascii() and value.isdigit()):
        return None
    return int(value) if len(value) <= len(str(MAX_ID)) else MAX_ID + 1


def state_of(request: Request) -> CommunityState:
    state = getattr(request.app.state, "community", None)
    if state is None:
        state = install(request.app)
    assert isinstance(state, CommunityState)
    return state


def community_of(request: Request) -> Community:
    return state_of(request).community


def now_of(request: Request) -> Any:
    return site_of(request).clock()


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def base_of(request: Request) -> str:
    return site_of(request).absolute(request, "")


def viewer_of(request: Request) -> Viewer | None:
    if not hasattr(request.state, "viewer"):
        c = community_of(request)
        request.state.viewer = load_viewer(
            c.store,
            request.cookies.get(SESSION_COOKIE),
            now=now_of(request),
            days=c.config.session_days,
        )
    viewer: Viewer | None = request.state.viewer
    return viewer


def require_viewer(request: Request) -> Viewer:
    viewer = viewer_of(request)
    if viewer is None:
        raise HTTPException(
            status_code=303, headers={"Location": f"/signin?next={request.url.path}"}
        )
    return viewer


def require_admin(request: Request) -> Viewer:
    """A dependency for operator pages: a signed-in admin, or 403."""
    viewer = viewer_of(request)
    if viewer is None or not viewer.member.is_admin:
        raise HTTPException(status_code=403, detail="Only administrators can do that.")
    return viewer


# -- form tokens --------------------------------------------------------------------------


def _binding(request: Request) -> str:
    viewer = viewer_of(request)
    if viewer is not None:
        return viewer.session.token_hash
    anon = request.cookies.get(ANON_COOKIE) or getattr(request.state, "new_anon", None)
    if not anon:
        anon = secrets.token_urlsafe(24)
        request.state.new_anon = anon
    return hashlib.sha256(b"anon:" + anon.encode()).hexdigest()


def form_token(request: Request, purpose: str) -> str:
    return csrf.issue(community_of(request).secret, purpose, _binding(request), now=now_of(request))


async def read_form(request: Request) -> dict[str, str]:
    """An urlencoded form, refused past ``MAX_FORM_BYTES`` without reading more."""
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > MAX_FORM_BYTES):
        raise HTTPException(status_code=413, detail="That is more than a form can hold.")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            raise HTTPException(status_code=413, detail="That is more than a form can hold.")
    try:
        pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True, max_num_fields=400)
    except (UnicodeDecodeError, ValueError) as exc:
        raise HTTPException(status_code=400, detail="That form could not be read.") from exc
    request.state.form_pairs = pairs  # repeated fields (checkboxes) stay available
    return dict(pairs)


def check_form(
    request: Request, form: dict[str, str], purpose: str, *, human: bool = False
) -> None:
    """The form token is valid; with ``human``, also no honeypot and not too fast."""
    c = community_of(request)
    if request.cookies.get(ANON_COOKIE) is None and viewer_of(request) is None:
        raise Refused(
            "Your browser did not send our cookie back. Allow cookies for this site.", status=403
        )
    result = csrf.check(
        c.secret,
        purpose,
        _binding(request),
        form.get("csrf"),
        now=now_of(request),
        min_age=c.config.form_min_seconds if human else 0.0,
    )
    if result is csrf.FormCheck.INVALID:
        raise Refused("This form has expired or came from elsewhere. Please try again.", status=403)
    if result is csrf.FormCheck.STALE:
        raise Refused("This page was open too long. Please try again.", status=403)
    if human and (result is csrf.FormCheck.TOO_FAST or form.get(HONEYPOT)):
        raise Refused(
            "That did not work. Please wait a moment and send the form again.", status=400
        )


def check_header_token(request: Request, purpose: str) -> None:
    """Cookie-authenticated API calls carry the form token in ``X-CSRF-Token``."""
    result = csrf.check(
        community_of(request).secret,
        purpose,
        _binding(request),
        request.headers.get("x-csrf-token"),
        now=now_of(request),
    )
    if result is not csrf.FormCheck.OK:
        raise Refused("Missing or invalid X-CSRF-Token header.", status=403)


# -- answers ------------------------------------------------------------------------------


def secure_cookies(request: Request) -> bool:
    return request.url.scheme == "https" or site_of(request).settings.base_url.startswith("https:")


def _finish(request: Request, response: Response) -> Response:
    anon = getattr(request.state, "new_anon", None)
    if anon:
        response.set_cookie(
            ANON_COOKIE,
            anon,
            httponly=True,
            samesite="lax",
            secure=secure_cookies(request),
            path="/",
        )
    for name, value in NO_STORE.items():
        response.headers.setdefault(name, value)
    return response


def page(request: Request, template: str, *, status: int = 200, **context: Any) -> Response:
    """A personal page: rendered now, never cached."""
    site = site_of(request)
    body = site.render(
        template,
        request=request,
        viewer=viewer_of(request),
        csrf=lambda purpose: form_token(request, purpose),
        honeypot=HONEYPOT,
        **context,
    )
    response = Response(body, status_code=status, media_type="text/html; charset=utf-8")
    return _finish(request, response)


def redirect(request: Request, location: str, *, tasks: BackgroundTask | None = None) -> Response:
    return _finish(request, RedirectResponse(location, status_code=303, background=tasks))


def safe_next(target: str | None) -> str:
    """Only a path on this site: never ``//host``, ``/\\host`` or a scheme."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return "/account"
    if any(ch in target for ch in "\r\n\\") or len(target) > 500:
        return "/account"
    return target


def set_session(request: Request, response: Response, token: str, *, days: int) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=days * 86400,
        httponly=True,
        samesite="lax",
        secure=secure_cookies(request),
        path="/",
    )


def deliver_soon(request: Request, ids: Sequence[int]) -> BackgroundTask | None:
    """Send outbox mails after the response has gone (the answer does not wait for SMTP)."""
    if not ids:
        return None
    state = state_of(request)
    return BackgroundTask(
        outbox.deliver, state.community.store, state.mailer, now=now_of(request), ids=list(ids)
    )


class CommunityRoute(APIRoute):
    """Routes whose uncaught ``Refused`` becomes the site's error page with its status."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def guarded(request: Request) -> Response:
            try:
                return await handler(request)
            except Refused as exc:
                raise HTTPException(status_code=exc.status, detail=str(exc)) from exc

        return guarded
