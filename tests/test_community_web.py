"""The community through HTTP: the site from create_app with the community router, an
in-process client, a real SMTP server on loopback, SQLite and PostgreSQL."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from html import unescape
from urllib.parse import urlsplit

import pytest
from lxml import html as lxml_html

from broadsheet.community import accounts
from broadsheet.community.context import Community
from broadsheet.community.ratelimit import solve
from broadsheet.config import Settings
from broadsheet.model import ArticleDraft
from broadsheet.store import articles as article_store
from broadsheet.store import comments as comment_store
from broadsheet.store import feeds as feed_store
from broadsheet.store import members as member_store
from broadsheet.store.db import Store
from tests.community_support import (
    NOW,
    Clock,
    HttpClient,
    SmtpServer,
    body_text,
    clear_community,
    community_app,
    only_link,
    running_smtp,
)
from tests.conftest import bench_dir

PASSWORD = "correct horse battery"


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    with running_smtp() as server:
        yield server


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def app(store: Store, settings: Settings, smtp: SmtpServer, clock: Clock) -> object:
    clear_community(store)
    return community_app(settings, store, smtp, clock)


@pytest.fixture
def client(app: object) -> HttpClient:
    return HttpClient(app)


def community(app: object) -> Community:
    return app.state.community.community  # type: ignore[attr-defined, no-any-return]


def configure(app: object, **changes: object) -> None:
    state = app.state.community  # type: ignore[attr-defined]
    state.community = replace(state.community, config=replace(state.community.config, **changes))


def csrf(html: str, action: str | None = None) -> str:
    """The form token of the form posting to ``action`` (the first form without it)."""
    start = html.index(f'action="{action}"') if action else 0
    found = re.search(r'name="csrf" value="([^"]+)"', html[start:])
    assert found, "no form token on the page"
    return found.group(1)


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + ("?" + parts.query if parts.query else "")


def article(store: Store, n: int = 1) -> int:
    with store.begin() as conn:
        source = feed_store.source_for_host(
            conn, host="news.example", name="News", site_url=None, now=NOW
        )
        article_id, _ = article_store.save_article(
            conn,
            ArticleDraft(
                canonical_url=f"https://news.example/a/{n}",
                url=f"https://news.example/a/{n}",
                source_id=source.id,
                title=f"Harbour strike {n}",
                text="Dock workers stayed out.",
                status="extracted",
                published_at=NOW,
            ),
            now=NOW,
        )
    return article_id


def sign_up_and_in(
    client: HttpClient, clock: Clock, smtp: SmtpServer, address: str, name: str
) -> None:
    page = client.get("/signup")
    clock.advance(5)
    answer = client.post(
        "/signup",
        data={
            "csrf": csrf(page.text),
            "email": address,
            "name": name,
            "password": PASSWORD,
            "website": "",
        },
        follow_redirects=True,
    )
    assert answer.status_code == 200
    assert "Check your inbox" in answer.text
    link = only_link(smtp.inbox.to(address)[-1], "/account/verify")
    shown = client.get(path_of(link))
    assert "Confirm my address" in shown.text  # a button: mail scanners change nothing
    token = re.search(r'name="t" value="([^"]+)"', shown.text)
    assert token
    client.post("/account/verify", data={"t": unescape(token.group(1))})
    page = client.get("/signin")
    signed = client.post(
        "/signin",
        data={"csrf": csrf(page.text), "email": address, "password": PASSWORD, "next": "/account"},
    )
    assert signed.status_code == 303
    assert signed.headers["location"] == "/account"
    cookie = signed.headers["set-cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie.replace("Lax", "lax")


def test_sign_up_confirm_by_mail_sign_in_and_see_sessions(
    client: HttpClient, clock: Clock, smtp: SmtpServer
) -> None:
    sign_up_and_in(client, clock, smtp, "reader@example.org", "Reader One")
    account = client.get("/account")
    assert account.status_code == 200
    assert "reader@example.org" in account.text
    assert "this browser" in account.text
    assert account.headers["cache-control"] == "no-store"
    exported = client.get("/account/export")
    assert exported.json()["account"]["display_name"] == "Reader One"


def test_forms_without_a_valid_token_are_refused(
    client: HttpClient, clock: Clock, smtp: SmtpServer
) -> None:
    page = client.get("/signup")  # sets our visitor cookie
    for token in ("", "123.forged", csrf(page.text)):
        clock.advance(5)
        data = {"csrf": token, "email": "x@example.org", "name": "Ex Ample", "password": PASSWORD}
        answer = client.post(
            "/signup", data=data if token else {k: v for k, v in data.items() if k != "csrf"}
        )
        if token == csrf(page.text):
            assert answer.status_code == 303
        else:
            assert answer.status_code == 403
    other = HttpClient(client.app)
    other.get("/signup")
    clock.advance(5)
    stolen = other.post(
        "/signup",
        data={
            "csrf": csrf(page.text),
            "email": "y@example.org",
            "name": "Why Not",
            "password": PASSWORD,
        },
    )
    assert stolen.status_code == 403  # a token from another visitor's page


def test_bots_filling_the_honeypot_or_answering_at_once_are_refused(
    client: HttpClient, clock: Clock, smtp: SmtpServer
) -> None:
    page = client.get("/signup")
    data = {
        "csrf": csrf(page.text),
        "email": "bot@example.org",
        "name": "Bot Bot",
        "password": PASSWORD,
    }
    assert client.post("/signup", data=data).status_code == 400  # too fast
    clock.advance(5)
    assert (
        client.post("/signup", data={**data, "website": "http://spam.example"}).status_code == 400
    )
    assert smtp.inbox.to("bot@example.org") == []


def test_sign_in_answers_the_same_for_known_and_unknown_addresses(
    client: HttpClient, clock: Clock, smtp: SmtpServer
) -> None:
    sign_up_and_in(client, clock, smtp, "reader@example.org", "Reader One")
    fresh = HttpClient(client.app)
    bodies = []
    for address in ("reader@example.org", "nobody@example.org"):
        page = fresh.get("/signin")
        answer = fresh.post(
            "/signin",
            data={"csrf": csrf(page.text), "email": address, "password": "wrong password"},
        )
        assert answer.status_code == 401
        bodies.append(re.sub(r'value="[^"]*"', "", answer.text))
    assert bodies[0] == bodies[1]


def test_next_only_goes_to_this_site(client: HttpClient, clock: Clock, smtp: SmtpServer) -> None:
    sign_up_and_in(client, clock, smtp, "reader@example.org", "Reader One")
    for target in (
        "//evil.example/",
        "https://evil.example/",
        "/\\evil.example",
        "javascript:alert(1)",
    ):
        page = client.get("/signin")
        answer = client.post(
            "/signin",
            data={
                "csrf": csrf(page.text, "/signin"),
                "email": "reader@example.org",
                "password": PASSWORD,
                "next": target,
            },
        )
        assert answer.headers["location"] == "/account"


def _comment(
    client: HttpClient, clock: Clock, article_id: int, body: str, parent: int | None = None
) -> object:
    page = client.get(f"/articles/{article_id}/comments")
    clock.advance(5)
    data = {"csrf": csrf(page.text, f"/articles/{article_id}/comments"), "body": body}
    if parent is not None:
        data["parent"] = str(parent)
    return client.post(f"/articles/{article_id}/comments", data=data)


def _admin(app: object, store: Store) -> HttpClient:
    accounts.create_account(
        community(app),
        email="admin@example.org",
        display_name="Editor",
        password=PASSWORD,
        role="admin",
        now=NOW,
    )
    client = HttpClient(app)
    page = client.get("/signin")
    client.post(
        "/signin",
        data={"csrf": csrf(page.text), "email": "admin@example.org", "password": PASSWORD},
    )
    return client


def test_comment_held_then_approved_reply_edit_report_and_audit_log(
    app: object, client: HttpClient, clock: Clock, smtp: SmtpServer, store: Store
) -> None:
    article_id = article(store)
    sign_up_and_in(client, clock, smtp, "reader@example.org", "Reader One")
    first = _comment(client, clock, article_id, "First *thoughts*")
    assert first.status_code == 303
    assert "done=held" in first.headers["location"]
    mine = client.get(f"/articles/{article_id}/comments")
    assert "waiting for a moderator" in mine.text
    assert "<em>thoughts</em>" in mine.text
    anonymous = HttpClient(app)
    assert "thoughts" not in anonymous.get(f"/articles/{article_id}/comments").text

    admin = _admin(app, store)
    queue = admin.get("/moderation")
    assert "first comment" in queue.text
    (held,) = re.findall(r'/moderation/comments/(\d+)"', queue.text)
    admin.post(
        f"/moderation/comments/{held}",
        data={
            "csrf": csrf(queue.text, f"/moderation/comments/{held}"),
            "action": "approve",
            "note": "fine",
        },
    )
    assert "<em>thoughts</em>" in anonymous.get(f"/articles/{article_id}/comments").text

    second = _comment(client, clock, article_id, "A reply", parent=int(held))
    assert "done=posted" in second.headers["location"]  # type: ignore[attr-defined]
    with_links = _comment(client, clock, article_id, "See [this](https://example.org/x)")
    assert "done=held" in with_links.headers["location"]  # type: ignore[attr-defined]

    edit_page = client.get(f"/comments/{held}/edit")
    client.post(
        f"/comments/{held}/edit",
        data={
            "csrf": csrf(edit_page.text, f"/comments/{held}/edit"),
            "body": "First thoughts, revised",
        },
    )
    thread = anonymous.get(f"/articles/{article_id}/comments")
    assert "revised" in thread.text
    assert "edited" in thread.text
    clock.advance(20 * 60)  # the edit window has passed
    late = client.post(
        f"/comments/{held}/edit",
        data={"csrf": csrf(edit_page.text, f"/comments/{held}/edit"), "body": "Too late"},
    )
    assert late.status_code == 403

    page = admin.get(f"/articles/{article_id}/comments")
    admin.post(
        f"/comments/{held}/report",
        data={"csrf": csrf(page.text, f"/comments/{held}/report"), "reason": "spam"},
    )
    assert f"/moderation/comments/{held}" in admin.get("/moderation").text
    log = admin.get("/moderation/log")
    assert "approve" in log.text
    assert "fine" in log.text
    assert "Editor" in log.text


def test_ban_and_shadow_limit(
    app: object, client: HttpClient, clock: Clock, smtp: SmtpServer, store: Store
) -> None:
    article_id = article(store)
    sign_up_and_in(client, clock, smtp, "reader@example.org", "Reader One")
    with store.read() as conn:
        member = member_store.member_by_email(conn, "reader@example.org")
    assert member is not None
    _comment(client, clock, article_id, "My first comment")  # held: the moderator sees the author
    admin = _admin(app, store)
    page = admin.get("/moderation")
    token = csrf(page.text, f"/moderation/members/{member.id}")
    admin.post(f"/moderation/members/{member.id}", data={"csrf": token, "action": "shadow"})
    _comment(client, clock, article_id, "Only I can see this")
    assert "Only I can see this" in client.get(f"/articles/{article_id}/comments").text
    assert "Only I can see this" not in admin.get(f"/articles/{article_id}/comments").text
    before = client.get(f"/articles/{article_id}/comments")
    admin.post(f"/moderation/members/{member.id}", data={"csrf": token, "action": "ban"})
    clock.advance(5)
    refused = client.post(
        f"/articles/{article_id}/comments",
        data={"csrf": csrf(before.text, f"/articles/{article_id}/comments"), "body": "Still here?"},
    )
    assert refused.status_code == 403
    assert "can no longer comment" in client.get(f"/articles/{article_id}/comments").text
    log = admin.get("/moderation/log").text
    assert "shadow" in log
    assert "ban" in log


def test_hostile_comments_are_stored_verbatim_and_rendered_inert(
    app: object, client: HttpClient, clock: Clock, smtp: SmtpServer, store: Store
) -> None:
    payloads = [
        line
        for line in (bench_dir("hostile") / "comment_payloads.txt")
        .read_text(encoding="utf-8")
        .splitlines()
        if line and not line.startswith("#")
    ]
    article_id = article(store)
    configure(app, comments_per_hour=1000, comment_max_links=3)
    sign_up_and_in(client, clock, smtp, "reader@example.org", "Reader One")
    with store.begin() as conn:
        member = member_store.member_by_email(conn, "reader@example.org")
        assert member is not None
        member_store.count_approved(conn, member.id)  # trusted: no moderation in the way
    huge = "A" * 1_000_000
    too_big = _comment(client, clock, article_id, huge)
    assert too_big.status_code == 413  # type: ignore[attr-defined]
    for payload in payloads:
        answer = _comment(client, clock, article_id, payload)
        assert answer.status_code in (303, 400), payload  # type: ignore[attr-defined]
    with store.read() as conn:
        stored = {k.body for k in comment_store.by_member(conn, member.id)}
    accepted = [p for p in payloads if p in stored]
    assert len(accepted) >= len(payloads) - 1  # the link-spam line may be refused
    with store.begin() as conn:
        for k in comment_store.by_member(conn, member.id):
            comment_store.set_status(conn, k.id, "published")
    html = client.get(f"/articles/{article_id}/comments").text
    doc = lxml_html.fromstring(html)
    bodies = doc.xpath("//div[@class='comment-body']")
    assert len(bodies) == len(accepted)
    assert all(s.get("src", "").startswith("/static/") for s in doc.xpath("//script"))
    allowed = {"p", "a", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "br"}
    for element in (e for body in bodies for e in body.iterdescendants()):
        assert element.tag in allowed
        assert set(element.attrib) <= {"href", "rel", "start"}
        if element.tag == "a":
            assert element.get("rel") == "nofollow ugc noopener"
            assert element.get("href", "").startswith(("https:", "http:"))
    texts = [body.text_content() for body in bodies]
    assert any("<script>alert(1)</script>" in t for t in texts)  # shown as text
    assert any("{{7" in t and "<%= 7" in t for t in texts)
    assert not any("49" in t for t in texts)
    rlo = next(b for b in bodies if "gpj.exe" in b.text_content())
    assert rlo.get("dir") == "auto"  # an isolating container: the override stays inside


def test_newsletter_signup_confirm_manage_and_one_click_unsubscribe(
    client: HttpClient, clock: Clock, smtp: SmtpServer
) -> None:
    footer = client.post("/newsletter", data={"email": "fan@example.org"})  # the cached footer box
    assert footer.status_code == 200
    assert 'value="fan@example.org"' in footer.text
    assert smtp.inbox.to("fan@example.org") == []
    clock.advance(5)
    done = client.post("/newsletter", data={"csrf": csrf(footer.text), "email": "fan@example.org"})
    assert done.status_code == 303
    (mail,) = smtp.inbox.to("fan@example.org")
    link = only_link(mail, "/newsletter/confirm")
    page = client.get(path_of(link))
    token = re.search(r'name="t" value="([^"]+)"', page.text)
    assert token
    manage = client.post(
        "/newsletter/confirm", data={"t": unescape(token.group(1))}, follow_redirects=True
    )
    assert "You are subscribed" in manage.text
    manage_token = re.search(r'name="t" value="([^"]+)"', manage.text)
    assert manage_token
    saved = client.post(
        "/newsletter/manage",
        data={
            "t": unescape(manage_token.group(1)),
            "frequency": "weekly",
            "weekday": "4",
            "hour": "18",
        },
        follow_redirects=True,
    )
    assert "Saved." in saved.text
    assert 'value="4" selected' in saved.text
    unsub = re.search(
        r'action="/newsletter/unsubscribe" method="post">\s*'
        r'<input type="hidden" name="t" value="([^"]+)"',
        saved.text,
    )
    assert unsub
    one_click = HttpClient(client.app).post(  # no cookies at all
        f"/newsletter/unsubscribe?t={unescape(unsub.group(1))}",
        data={"List-Unsubscribe": "One-Click"},
    )
    assert one_click.status_code == 200
    assert "You are unsubscribed" in one_click.text


def test_hostile_newsletter_addresses_cannot_mail_bomb(
    client: HttpClient, clock: Clock, smtp: SmtpServer
) -> None:
    lines = [
        line
        for line in (bench_dir("hostile") / "newsletter_emails.txt")
        .read_text(encoding="utf-8")
        .splitlines()
        if line and not line.startswith("#")
    ]
    answers: dict[int, set[str]] = {}
    for _ in range(3):
        for line in lines:
            page = client.get("/newsletter")
            clock.advance(5)
            raw = line.replace("\\r", "\r").replace("\\n", "\n")
            answer = client.post("/newsletter", data={"csrf": csrf(page.text), "email": raw})
            answers.setdefault(answer.status_code, set()).add(
                answer.headers.get("location", "page")
            )
        clock.advance(60 * 60)  # the next hour: the per-client limit has room again
    assert answers[303] == {"/newsletter?done=1"}  # every accepted address: the same answer
    recipients = [r for rcpt, _ in smtp.inbox.received for r in rcpt]
    assert recipients.count("victim@example.com") == 1  # one mail for all its spellings
    assert "other@example.com" not in recipients
    assert "everyone@example.com" not in recipients
    for _, message in smtp.inbox.received:
        assert "\n" not in str(message["To"])
        assert "," not in str(message["To"])
        assert "script" not in body_text(message)


def test_comment_api_needs_the_csrf_header(
    client: HttpClient, clock: Clock, smtp: SmtpServer, store: Store
) -> None:
    article_id = article(store)
    sign_up_and_in(client, clock, smtp, "reader@example.org", "Reader One")
    listing = client.get(f"/api/community/articles/{article_id}/comments").json()
    refused = client.post(f"/api/community/articles/{article_id}/comments", json={"body": "Hi"})
    assert refused.status_code == 403
    posted = client.post(
        f"/api/community/articles/{article_id}/comments",
        json={"body": "Hi"},
        headers={"X-CSRF-Token": listing["csrf_token"]},
    )
    assert posted.status_code == 201
    assert posted.json()["status"] == "pending"
    counts = client.get(f"/api/community/comment-counts?ids={article_id}").json()
    assert counts == {str(article_id): 0}


def test_a_reply_to_an_id_no_comment_can_have_is_refused_not_posted_at_the_top(
    client: HttpClient, clock: Clock, smtp: SmtpServer, store: Store
) -> None:
    article_id = article(store)
    sign_up_and_in(client, clock, smtp, "reader@example.org", "Reader One")
    for parent in (2**63, 10**40):  # past any key column; the second past int64 too
        answer = _comment(client, clock, article_id, "A reply", parent=parent)
        assert answer.status_code == 404  # type: ignore[attr-defined]
        assert "cannot be answered" in answer.text  # type: ignore[attr-defined]
    listing = client.get(f"/api/community/articles/{article_id}/comments").json()
    refused = client.post(
        f"/api/community/articles/{article_id}/comments",
        json={"body": "Hi", "parent": 10**40},
        headers={"X-CSRF-Token": listing["csrf_token"]},
    )
    assert refused.status_code == 404
    assert client.get(f"/api/community/articles/{article_id}/comments").json()["comments"] == []


def test_delete_account_from_the_account_page(
    client: HttpClient, clock: Clock, smtp: SmtpServer, store: Store
) -> None:
    sign_up_and_in(client, clock, smtp, "reader@example.org", "Reader One")
    page = client.get("/account")
    answer = client.post(
        "/account/delete",
        data={
            "csrf": csrf(page.text, "/account/delete"),
            "password": PASSWORD,
            "comments": "remove",
        },
    )
    assert answer.status_code == 303
    with store.read() as conn:
        assert member_store.member_by_email(conn, "reader@example.org") is None
    assert client.get("/account", follow_redirects=False).status_code == 303


def test_proof_of_work_is_asked_when_the_limit_is_near(
    app: object, client: HttpClient, clock: Clock, smtp: SmtpServer, store: Store
) -> None:
    configure(app, comments_per_hour=4, pow_bits=8)
    article_id = article(store)
    sign_up_and_in(client, clock, smtp, "reader@example.org", "Reader One")
    for n in range(3):
        assert _comment(client, clock, article_id, f"comment {n}").status_code == 303  # type: ignore[attr-defined]
    page = client.get(f"/articles/{article_id}/comments")
    challenge = re.search(r'data-pow="([^"]+)" data-pow-bits="8"', page.text)
    assert challenge
    assert "community-pow.js" in page.text
    token = csrf(page.text, f"/articles/{article_id}/comments")
    clock.advance(5)
    data = {
        "csrf": token,
        "body": "without the work",
        "pow_challenge": unescape(challenge.group(1)),
    }
    assert client.post(f"/articles/{article_id}/comments", data=data).status_code == 429
    data["pow_answer"] = solve(data["pow_challenge"], 8)
    assert client.post(f"/articles/{article_id}/comments", data=data).status_code == 303
    assert client.post(f"/articles/{article_id}/comments", data=data).status_code == 429  # spent
