"""Accounts on SQLite and PostgreSQL: sign-up, verification and reset by mail through a
real SMTP server, sign-in limits, no enumeration, sessions, deletion and export."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from broadsheet.community import accounts, comments, csrf, outbox, tokens
from broadsheet.community.context import GENERIC_SIGNIN, Community, Refused
from broadsheet.community.emails import InvalidAddress, mailbox_key, parse_address
from broadsheet.community.passwords import Passwords
from broadsheet.community.sessions import load_viewer
from broadsheet.config import Settings
from broadsheet.model import ArticleDraft
from broadsheet.store import articles as article_store
from broadsheet.store import comments as comment_store
from broadsheet.store import feeds as feed_store
from broadsheet.store import mailqueue
from broadsheet.store import members as member_store
from broadsheet.store.db import Store
from tests.community_support import (
    NOW,
    SECRET,
    SmtpServer,
    body_text,
    clear_community,
    mailer_for,
    make_community,
    only_link,
    running_smtp,
)

BASE = "http://127.0.0.1:8000"
PASSWORD = "correct horse battery"


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    with running_smtp() as server:
        yield server


@pytest.fixture
def community(store: Store, settings: Settings, smtp: SmtpServer) -> Community:
    clear_community(store)
    return make_community(store, settings, smtp)


def deliver(c: Community, ids: list[int]) -> None:
    report = asyncio.run(outbox.deliver(c.store, mailer_for(c), now=NOW, ids=ids))
    assert report.sent == len(ids)


def token_of(url: str) -> str:
    return parse_qs(urlsplit(url).query)["t"][0]


def signed_up(
    c: Community, smtp: SmtpServer, address: str = "reader@example.org"
) -> member_store.Member:
    ids = accounts.sign_up(
        c,
        email=address,
        display_name="Reader One",
        password=PASSWORD,
        ip="192.0.2.1",
        base=BASE,
        now=NOW,
    )
    deliver(c, ids)
    link = only_link(smtp.inbox.to(address)[-1], "/account/verify")
    return accounts.verify_address(c, token_of(link), now=NOW)


def test_sign_up_verify_by_mail_and_sign_in(community: Community, smtp: SmtpServer) -> None:
    member = signed_up(community, smtp)
    assert member.verified
    assert member.role == "reader"
    mail = smtp.inbox.to("reader@example.org")[0]
    assert mail["Subject"] == "Broadsheet: confirm your e-mail address"
    assert mail["Message-ID"]
    assert mail["Date"]
    assert "Reader One" not in body_text(mail)  # nothing the visitor typed
    cookie = accounts.sign_in(
        community,
        email="Reader@Example.org",
        password=PASSWORD,
        ip="192.0.2.1",
        user_agent="t",
        now=NOW,
    )
    viewer = load_viewer(community.store, cookie, now=NOW, days=30)
    assert viewer is not None
    assert viewer.member.id == member.id
    with community.store.read() as conn:
        (session,) = member_store.sessions_of(conn, member.id, now=NOW)
    assert session.token_hash != cookie  # only the hash is stored


def test_known_and_unknown_addresses_get_the_same_answer(
    community: Community, smtp: SmtpServer
) -> None:
    signed_up(community, smtp)
    errors = []
    for address in ("reader@example.org", "nobody@example.org"):
        with pytest.raises(Refused) as caught:
            accounts.sign_in(
                community,
                email=address,
                password="wrong password!",
                ip="192.0.2.9",
                user_agent="t",
                now=NOW,
            )
        errors.append((str(caught.value), caught.value.status))
    assert errors[0] == errors[1] == (GENERIC_SIGNIN, 401)
    # Signing up again with a known address answers like a new one; the owner is told.
    ids = accounts.sign_up(
        community,
        email="reader@example.org",
        display_name="Someone",
        password=PASSWORD,
        ip="192.0.2.2",
        base=BASE,
        now=NOW,
    )
    deliver(community, ids)
    assert smtp.inbox.to("reader@example.org")[-1]["Subject"].endswith(
        "you already have an account"
    )
    # ... once a day at most
    again = accounts.sign_up(
        community,
        email="reader@example.org",
        display_name="Someone",
        password=PASSWORD,
        ip="192.0.2.3",
        base=BASE,
        now=NOW,
    )
    assert again == []


def test_sign_in_is_limited_per_account_across_client_addresses(
    community: Community, smtp: SmtpServer
) -> None:
    signed_up(community, smtp)
    limit = community.config.signins_per_15min
    for n in range(limit):
        with pytest.raises(Refused):
            accounts.sign_in(
                community,
                email="reader@example.org",
                password="bad guess " + str(n),
                ip=f"198.51.100.{n}",
                user_agent="t",
                now=NOW,
            )
    with pytest.raises(Refused) as caught:
        accounts.sign_in(
            community,
            email="reader@example.org",
            password=PASSWORD,
            ip="203.0.113.5",
            user_agent="t",
            now=NOW,
        )
    assert caught.value.status == 429
    later = NOW + timedelta(minutes=16)
    assert accounts.sign_in(
        community,
        email="reader@example.org",
        password=PASSWORD,
        ip="203.0.113.5",
        user_agent="t",
        now=later,
    )


def test_sign_in_is_limited_per_client_address(community: Community, smtp: SmtpServer) -> None:
    limit = 3 * community.config.signins_per_15min
    for n in range(limit):
        with pytest.raises(Refused):
            accounts.sign_in(
                community,
                email=f"guess{n}@example.org",
                password="x" * 12,
                ip="2001:db8::1",
                user_agent="t",
                now=NOW,
            )
    with pytest.raises(Refused) as caught:  # same /64, other address
        accounts.sign_in(
            community,
            email="other@example.org",
            password="x" * 12,
            ip="2001:db8::2",
            user_agent="t",
            now=NOW,
        )
    assert caught.value.status == 429


def test_password_reset_link_works_once_and_signs_out_everywhere(
    community: Community, smtp: SmtpServer
) -> None:
    member = signed_up(community, smtp)
    cookie = accounts.sign_in(
        community,
        email="reader@example.org",
        password=PASSWORD,
        ip="192.0.2.1",
        user_agent="t",
        now=NOW,
    )
    assert (
        accounts.request_reset(
            community, email="nobody@example.org", ip="192.0.2.1", base=BASE, now=NOW
        )
        == []
    )
    deliver(
        community,
        accounts.request_reset(
            community, email="reader@example.org", ip="192.0.2.1", base=BASE, now=NOW
        ),
    )
    token = token_of(only_link(smtp.inbox.to("reader@example.org")[-1], "/account/reset/choose"))
    accounts.reset_password(community, token=token, password="a brand new secret", now=NOW)
    assert load_viewer(community.store, cookie, now=NOW, days=30) is None
    with pytest.raises(Refused):
        accounts.reset_password(community, token=token, password="another new secret", now=NOW)
    assert accounts.sign_in(
        community,
        email="reader@example.org",
        password="a brand new secret",
        ip="192.0.2.1",
        user_agent="t",
        now=NOW,
    )
    with community.store.read() as conn:
        assert member_store.get_member(conn, member.id) is not None


def test_reset_link_expires(community: Community, smtp: SmtpServer) -> None:
    signed_up(community, smtp)
    deliver(
        community,
        accounts.request_reset(
            community, email="reader@example.org", ip="192.0.2.1", base=BASE, now=NOW
        ),
    )
    token = token_of(only_link(smtp.inbox.to("reader@example.org")[-1], "/account/reset/choose"))
    with pytest.raises(Refused):
        accounts.reset_password(
            community, token=token, password="a brand new secret", now=NOW + timedelta(hours=2)
        )


def test_change_email_needs_the_new_address_confirmed(
    community: Community, smtp: SmtpServer
) -> None:
    member = signed_up(community, smtp)
    ids = accounts.request_email_change(
        community, member, new_email="new@example.org", password=PASSWORD, base=BASE, now=NOW
    )
    deliver(community, ids)
    assert smtp.inbox.to("reader@example.org")[-1]["Subject"].endswith("is changing")
    with community.store.read() as conn:
        assert member_store.get_member(conn, member.id).email == "reader@example.org"  # type: ignore[union-attr]
    link = only_link(smtp.inbox.to("new@example.org")[-1], "/account/verify")
    changed = accounts.verify_address(community, token_of(link), now=NOW)
    assert changed.email == "new@example.org"
    assert changed.pending_email is None


def test_change_password_keeps_this_session_only(community: Community, smtp: SmtpServer) -> None:
    member = signed_up(community, smtp)
    here = accounts.sign_in(
        community,
        email="reader@example.org",
        password=PASSWORD,
        ip="192.0.2.1",
        user_agent="a",
        now=NOW,
    )
    there = accounts.sign_in(
        community,
        email="reader@example.org",
        password=PASSWORD,
        ip="192.0.2.1",
        user_agent="b",
        now=NOW,
    )
    viewer = load_viewer(community.store, here, now=NOW, days=30)
    assert viewer is not None
    with pytest.raises(Refused):
        accounts.change_password(
            community,
            member,
            current="not it at all",
            new="x" * 12,
            keep_session=viewer.session.id,
            now=NOW,
        )
    accounts.change_password(
        community,
        member,
        current=PASSWORD,
        new="the next password",
        keep_session=viewer.session.id,
        now=NOW,
    )
    assert load_viewer(community.store, here, now=NOW, days=30) is not None
    assert load_viewer(community.store, there, now=NOW, days=30) is None


def _article(store: Store) -> int:
    with store.begin() as conn:
        source = feed_store.source_for_host(
            conn, host="news.example", name="News", site_url=None, now=NOW
        )
        article_id, _ = article_store.save_article(
            conn,
            ArticleDraft(
                canonical_url="https://news.example/a/1",
                url="https://news.example/a/1",
                source_id=source.id,
                title="Harbour strike",
                text="Dock workers stayed out.",
                status="extracted",
                published_at=NOW,
            ),
            now=NOW,
        )
    return article_id


@pytest.mark.parametrize("keep", [True, False])
def test_delete_account_keeps_or_erases_comments_and_exports_first(
    community: Community, smtp: SmtpServer, keep: bool
) -> None:
    member = signed_up(community, smtp)
    article_id = _article(community.store)
    posted = comments.post(
        community,
        member,
        article_id=article_id,
        parent_id=None,
        body="My *view*",
        ip="192.0.2.1",
        now=NOW,
    )
    data = accounts.export(community, member, now=NOW)
    assert data["account"]["email"] == "reader@example.org"
    assert [c["body"] for c in data["comments"]] == ["My *view*"]
    with pytest.raises(Refused):
        accounts.delete_account(community, member, password="wrong wrong wrong", keep_comments=keep)
    accounts.delete_account(community, member, password=PASSWORD, keep_comments=keep)
    with community.store.read() as conn:
        assert member_store.member_by_email(conn, "reader@example.org") is None
    with community.store.read() as conn:
        left = comment_store.get_comment(conn, posted.id)
    assert left is not None
    assert left.member_id is None
    assert left.author is None
    assert (left.body == "My *view*") is keep
    assert (left.status == "deleted") is not keep


def test_argon2id_hashes_are_redone_when_parameters_change(
    community: Community, smtp: SmtpServer
) -> None:
    member = signed_up(community, smtp)
    assert member.password_hash.startswith("$argon2id$")
    stronger = make_community(community.store, Settings(), argon2_time_cost=2)
    accounts.sign_in(
        stronger,
        email="reader@example.org",
        password=PASSWORD,
        ip="192.0.2.1",
        user_agent="t",
        now=NOW,
    )
    with community.store.read() as conn:
        rehashed = member_store.get_member(conn, member.id)
    assert rehashed is not None
    assert "t=2" in rehashed.password_hash
    assert Passwords(2, 1024, 1).verify(rehashed.password_hash, PASSWORD) == (True, None)


def test_mail_goes_out_through_the_outbox_and_is_blanked(
    community: Community, smtp: SmtpServer
) -> None:
    ids = accounts.sign_up(
        community,
        email="x@example.org",
        display_name="Ex Ample",
        password=PASSWORD,
        ip="192.0.2.1",
        base=BASE,
        now=NOW,
    )
    with community.store.read() as conn:
        assert mailqueue.mail_states(conn) == [("verify", "x@example.org", "pending")]
    deliver(community, ids)
    with community.store.read() as conn:
        assert mailqueue.mail_states(conn) == [("verify", "x@example.org", "sent")]
        assert mailqueue.due_mail(conn, now=NOW, limit=10) == []


def test_outbox_retries_with_backoff_when_the_server_is_down(
    store: Store, settings: Settings
) -> None:
    clear_community(store)
    down = make_community(store, settings, smtp_host="127.0.0.1", smtp_port=1, smtp_starttls=False)
    ids = accounts.sign_up(
        down,
        email="x@example.org",
        display_name="Ex Ample",
        password=PASSWORD,
        ip="192.0.2.1",
        base=BASE,
        now=NOW,
    )
    report = asyncio.run(outbox.deliver(store, mailer_for(down), now=NOW, ids=ids))
    assert report.retrying == 1
    assert report.sent == 0
    with store.read() as conn:
        assert mailqueue.due_mail(conn, now=NOW, limit=10) == []
        assert len(mailqueue.due_mail(conn, now=NOW + outbox.backoff(0), limit=10)) == 1


# -- pure pieces --------------------------------------------------------------------------


def test_addresses_are_one_plain_mailbox() -> None:
    assert parse_address(" Victim@Example.COM ") == "victim@example.com"
    assert parse_address("victim@exämple.com") == "victim@xn--exmple-cua.com"
    for bad in (
        "victim@example.com,other@example.com",
        "victim@example.com\r\nBcc: everyone@example.com",
        '"victim@example.com\\nSubject: hi"@example.com',
        "victim@[127.0.0.1]",
        "victim@localhost",
        "<script>alert(1)</script>@example.com",
        "a@b",
        "Victim <victim@example.com>",
    ):
        with pytest.raises(InvalidAddress):
            parse_address(bad)
    keys = {
        mailbox_key(parse_address(a))
        for a in (
            "victim@example.com",
            "Victim@Example.COM",
            "victim+1@example.com",
            "v.i.c.t.i.m@example.com",
        )
    }
    assert keys == {"victim@example.com"}


def test_tokens_are_bound_signed_and_expire() -> None:
    token = tokens.make_token(SECRET, "reset", 7, now=NOW, ttl=timedelta(hours=1), bind="hash-1")
    assert tokens.read_token(SECRET, token, "reset", now=NOW, bind="hash-1").subject == 7
    for secret, purpose, when, bind in (
        (b"other", "reset", NOW, "hash-1"),
        (SECRET, "verify", NOW, "hash-1"),
        (SECRET, "reset", NOW + timedelta(hours=2), "hash-1"),
        (SECRET, "reset", NOW, "hash-2"),
    ):
        with pytest.raises(tokens.BadToken):
            tokens.read_token(secret, token, purpose, now=when, bind=bind)
    payload, _, signature = token.partition(".")
    with pytest.raises(tokens.BadToken):
        tokens.read_token(SECRET, payload[:-2] + "AA." + signature, "reset", now=NOW, bind="hash-1")


def test_form_tokens_refuse_other_sessions_bots_and_old_pages() -> None:
    token = csrf.issue(SECRET, "comment", "session-a", now=NOW)
    later = NOW + timedelta(seconds=10)
    assert (
        csrf.check(SECRET, "comment", "session-a", token, now=later, min_age=3) is csrf.FormCheck.OK
    )
    assert csrf.check(SECRET, "comment", "session-b", token, now=later) is csrf.FormCheck.INVALID
    assert csrf.check(SECRET, "signin", "session-a", token, now=later) is csrf.FormCheck.INVALID
    assert (
        csrf.check(SECRET, "comment", "session-a", token, now=NOW, min_age=3)
        is csrf.FormCheck.TOO_FAST
    )
    assert (
        csrf.check(SECRET, "comment", "session-a", token, now=NOW + timedelta(days=1))
        is csrf.FormCheck.STALE
    )
    assert csrf.check(SECRET, "comment", "session-a", None, now=later) is csrf.FormCheck.INVALID


def test_display_names_cannot_pose_as_staff_or_hide_characters() -> None:
    assert accounts.clean_display_name("  Ada   Lovelace ") == "Ada Lovelace"
    for bad in ("ᵃᵈᵐⁱⁿ", "Admin", "M.o.d", "zero\u200bwidth", "\u202egpj.exe", "x", "y" * 41):
        with pytest.raises(Refused):
            accounts.clean_display_name(bad)
