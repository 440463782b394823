"""Newsletter pages: sign-up, confirmation, preferences, unsubscribe, digests in the browser.

    GET/POST /newsletter                  sign up (the same answer for every valid address)
    GET/POST /newsletter/confirm?t=       double opt-in: the mailed link, then a button
    GET/POST /newsletter/manage?t=        frequency, time of day and time zone, outlets, topics
    GET/POST /newsletter/unsubscribe?t=   a page with a button; a POST to the link itself
                                          is RFC 8058 one-click (no cookie, no form token)
    GET      /newsletter/view/{id}?t=     a digest that was sent, as a page

The sign-up box in the site's footer posts here without a form token (those pages are
cached for everyone); such a post shows this page with the address filled in and one
button to press, which carries the token, the honeypot and the time check.
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException
from starlette.requests import Request
from starlette.responses import Response

from broadsheet.community import newsletter, tokens
from broadsheet.community.context import Refused
from broadsheet.community.periods import zone_names
from broadsheet.store import digests as digest_store
from broadsheet.store import mailqueue
from broadsheet.store import subscribers as subscriber_store
from broadsheet.understand.keyphrases import SECTIONS
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
    viewer_of,
)

router = APIRouter(route_class=CommunityRoute)
SIGNED_UP = (
    "Thanks. If this address can receive our newsletter, a confirmation link is on its way; "
    "nothing more is sent to it until the link is followed."
)
DONE = {
    "confirmed": "You are subscribed. Choose how often, when and what below.",
    "saved": "Saved.",
}
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@router.get("/newsletter", include_in_schema=False)
def signup_page(request: Request) -> Response:
    done = SIGNED_UP if request.query_params.get("done") == "1" else None
    return page(request, "community/newsletter.html", done=done)


@router.post("/newsletter", include_in_schema=False)
async def signup(request: Request) -> Response:
    form = await read_form(request)
    email = form.get("email", "")[:320]
    if "csrf" not in form:  # the footer box: confirm on this page
        return page(request, "community/newsletter.html", email=email)
    try:
        check_form(request, form, "newsletter", human=True)
        viewer = viewer_of(request)
        ids = newsletter.subscribe(
            community_of(request),
            email=email,
            ip=client_ip(request),
            member_id=viewer.member.id if viewer else None,
            base=base_of(request),
            now=now_of(request),
        )
    except Refused as exc:
        return page(
            request, "community/newsletter.html", status=exc.status, error=str(exc), email=email
        )
    return redirect(request, "/newsletter?done=1", tasks=deliver_soon(request, ids))


@router.get("/newsletter/confirm", include_in_schema=False)
def confirm_page(request: Request) -> Response:
    return page(
        request,
        "community/confirm.html",
        action="/newsletter/confirm",
        token=request.query_params.get("t", ""),
        title="Confirm your subscription",
        button="Yes, send me the newsletter",
    )


@router.post("/newsletter/confirm", include_in_schema=False)
async def confirm(request: Request) -> Response:
    form = await read_form(request)
    c = community_of(request)
    now = now_of(request)
    subscriber = newsletter.confirm(c, form.get("t", ""), now=now)
    return redirect(
        request,
        "/newsletter/manage?done=confirmed&t=" + newsletter.manage_token(c, subscriber, now=now),
    )


def _manage(request: Request, token: str, *, status: int = 200, **extra: object) -> Response:
    c = community_of(request)
    subscriber = newsletter.subscriber_for(c, token, "nl-manage", now=now_of(request))
    with c.store.read() as conn:
        outlets = digest_store.source_names(conn)
    sections = {s.casefold() for s in SECTIONS}
    return page(
        request,
        "community/newsletter_manage.html",
        status=status,
        subscriber=subscriber,
        token=token,
        outlets=outlets,
        weekdays=WEEKDAYS,
        zones=sorted(zone_names()),
        sections=SECTIONS,
        chosen_sections={t.casefold() for t in subscriber.topics},
        other_topics=", ".join(t for t in subscriber.topics if t.casefold() not in sections),
        done=DONE.get(request.query_params.get("done", "")),
        unsubscribe_token=newsletter.unsubscribe_token(c, subscriber, now=now_of(request)),
        **extra,
    )


@router.get("/newsletter/manage", include_in_schema=False)
def manage_page(request: Request) -> Response:
    return _manage(request, request.query_params.get("t", ""))


@router.post("/newsletter/manage", include_in_schema=False)
async def manage(request: Request) -> Response:
    form = await read_form(request)
    token = form.get("t", "")
    pairs = _multi(request, form)
    sources = tuple(int(v) for k, v in pairs if k == "source" and v.isdigit() and len(v) < 19)
    try:
        topics = newsletter.clean_topics(
            [v for k, v in pairs if k == "topic"] + [form.get("topics", "")[:2000]]
        )
        newsletter.save_preferences(
            community_of(request),
            token,
            frequency=form.get("frequency", "daily"),
            send_hour=int(form.get("hour", "7")) if form.get("hour", "7").isdigit() else -1,
            send_weekday=int(form.get("weekday", "0"))
            if form.get("weekday", "0").isdigit()
            else -1,
            source_ids=sources,
            now=now_of(request),
            time_zone=form.get("tz", "UTC")[:64],
            topics=topics,
        )
    except Refused as exc:
        return _manage(request, token, status=exc.status, error=str(exc))
    return redirect(request, "/newsletter/manage?done=saved&t=" + token)


def _multi(request: Request, form: dict[str, str]) -> list[tuple[str, str]]:
    """Repeated fields (checkboxes): ``read_form`` keeps the pairs on the request."""
    pairs: list[tuple[str, str]] = getattr(request.state, "form_pairs", list(form.items()))
    return pairs


@router.get("/newsletter/unsubscribe", include_in_schema=False)
def unsubscribe_page(request: Request) -> Response:
    token = request.query_params.get("t", "")
    newsletter.subscriber_for(community_of(request), token, "nl-unsub", now=now_of(request))
    return page(request, "community/unsubscribe.html", token=token)


@router.post("/newsletter/unsubscribe", include_in_schema=False)
async def unsubscribe(request: Request) -> Response:
    """One click: the token in the link is the whole authority (RFC 8058 §3.1)."""
    token = request.query_params.get("t", "")
    if not token:
        form = await read_form(request)
        token = form.get("t", "")
    newsletter.unsubscribe(community_of(request), token, now=now_of(request))
    return page(request, "community/unsubscribe.html", token=token, unsubscribed=True)


@router.get("/newsletter/view/{send_id}", include_in_schema=False)
def view(request: Request, send_id: int) -> Response:
    c = community_of(request)
    token = request.query_params.get("t", "")
    with c.store.read() as conn:
        send = mailqueue.get_digest(conn, send_id) if 0 < send_id < 2**63 else None
        subscriber = subscriber_store.get_subscriber(conn, send.subscriber_id) if send else None
        items = digest_store.items_by_id(conn, send.article_ids) if send else []
    try:
        if send is None or subscriber is None:
            raise tokens.BadToken("unknown send")
        tokens.read_token(
            c.secret, token, "nl-view", now=now_of(request), bind=subscriber.token_salt
        )
    except tokens.BadToken as exc:
        raise HTTPException(status_code=404, detail="There is no such digest.") from exc
    daily = subscriber.frequency == "daily"
    return page(
        request,
        "community/digest_view.html",
        items=items,
        daily=daily,
        site_name=c.config.site_name,
        base=base_of(request),
        period=send.period,
        manage=newsletter.manage_token(c, subscriber, now=now_of(request)),
    )
