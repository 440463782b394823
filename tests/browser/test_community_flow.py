"""The community in Chromium, end to end: a new reader signs up, confirms by the mail a
local SMTP server received, comments, replies, is moderated, subscribes, receives a
digest and unsubscribes with one click; hostile comments run no script and stay in
their box. The site runs under uvicorn on loopback with the community router mounted."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
import uvicorn

from broadsheet.community import accounts
from broadsheet.community.config import community_config
from broadsheet.community.digest import send_due_digests
from broadsheet.community.mail import SmtpMailer
from broadsheet.config import Settings
from broadsheet.model import ArticleDraft
from broadsheet.store import articles as article_store
from broadsheet.store import feeds as feed_store
from broadsheet.store.db import Store, open_store
from broadsheet.web.site import utcnow
from tests.browser.conftest import screenshot
from tests.community_support import (
    CHEAP,
    SECRET,
    SmtpServer,
    body_text,
    community_app,
    free_port,
    links,
    running_smtp,
)

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"
HOSTILE = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg/onload=alert(1)>',
    '<a href="https://evil.example" style="position:fixed;top:0;left:0;width:100%;height:100%">'
    "overlay</a>",
    "[click](javascript:alert(1))",
    "\u202egpj.exe   (RLO override)",
    "A" * 3000,
)


@dataclass
class CommunitySite:
    base: str
    settings: Settings
    store: Store
    smtp: SmtpServer
    article_id: int


def _article(store: Store) -> int:
    now = datetime.now(UTC)
    with store.begin() as conn:
        source = feed_store.source_for_host(
            conn, host="news.example", name="The Harbour Herald", site_url=None, now=now
        )
        article_id, _ = article_store.save_article(
            conn,
            ArticleDraft(
                canonical_url="https://news.example/ferry",
                url="https://news.example/ferry",
                source_id=source.id,
                title="The Marigold ferry makes its final crossing",
                summary="Crowds lined the quay as the old ferry left for the last time.",
                text="Crowds lined the quay.\n\nThe ferry left at noon.",
                status="extracted",
                published_at=now - timedelta(hours=1),
            ),
            now=now,
        )
    return article_id


@pytest.fixture(scope="module")
def community_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CommunitySite]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    settings = Settings(
        data_dir=tmp_path_factory.mktemp("community"), base_url=base, secret_key=SECRET.decode()
    )
    store = open_store(settings)
    article_id = _article(store)
    with running_smtp() as smtp:
        app = community_app(
            settings,
            store,
            smtp,
            utcnow,
            form_min_seconds=0.0,
            comments_per_hour=100,  # type: ignore[arg-type]
        )
        accounts.create_account(
            app.state.community.community,
            email="editor@example.org",
            display_name="Editor",
            password=PASSWORD,
            role="admin",
            now=datetime.now(UTC),
        )
        server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
        )
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 20
        while not server.started:
            if time.monotonic() > deadline or not thread.is_alive():
                pytest.fail("the site did not start")
            time.sleep(0.05)
        yield CommunitySite(base, settings, store, smtp, article_id)
        server.should_exit = True
        thread.join(timeout=10)
    store.close()


def _mail_link(site: CommunitySite, address: str, path: str, *, count: int) -> str:
    deadline = time.monotonic() + 20
    while len(site.smtp.inbox.to(address)) < count:
        assert time.monotonic() < deadline, f"no mail to {address}"
        time.sleep(0.05)
    message = site.smtp.inbox.to(address)[count - 1]
    return next(u for u in links(body_text(message)) if path in u)


def _watch(page: Any) -> list[str]:
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"uncaught: {e}"))
    page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    return problems


def _sign_in(page: Any, base: str, address: str) -> None:
    page.goto(base + "/signin")
    page.fill("#si-email", address)
    page.fill("#si-password", PASSWORD)
    page.click("form[action='/signin'] button[type=submit]")
    page.wait_for_url("**/account*")


def test_reader_signs_up_comments_is_moderated_subscribes_and_unsubscribes(
    community_site: CommunitySite, browser: Any
) -> None:
    site = community_site
    reader = browser.new_context(viewport={"width": 390, "height": 844})
    editor = browser.new_context(viewport={"width": 1280, "height": 900})
    page = reader.new_page()
    problems = _watch(page)

    # Sign up, confirm by mail, sign in.
    page.goto(site.base + "/signup")
    page.fill("#su-email", "newreader@example.org")
    page.fill("#su-name", "New Reader")
    page.fill("#su-password", PASSWORD)
    page.click("form[action='/signup'] button[type=submit]")
    page.wait_for_selector("text=Check your inbox")
    page.goto(_mail_link(site, "newreader@example.org", "/account/verify", count=1))
    page.click("text=Confirm my address")
    page.wait_for_url("**/signin?done=verified")
    _sign_in(page, site.base, "newreader@example.org")
    screenshot(page, "community-account-phone")

    # A first comment waits for a moderator.
    thread = f"{site.base}/articles/{site.article_id}/comments"
    page.goto(thread)
    page.fill("#body-new", "What a *lovely* send-off.")
    page.click("form.comment-form >> text=Post comment")
    page.wait_for_selector("text=will appear once a moderator")
    assert page.locator("text=waiting for a moderator").count() == 1

    # The editor approves it.
    desk = editor.new_page()
    editor_problems = _watch(desk)
    _sign_in(desk, site.base, "editor@example.org")
    desk.goto(site.base + "/moderation")
    desk.click("button[value=approve]")
    desk.wait_for_selector("text=Nothing waits for a moderator")

    # Now published; the reader replies to it (no JavaScript needed: <details>).
    page.goto(thread)
    assert page.locator(".comment-body em", has_text="lovely").count() == 1
    page.click("details.reply summary")
    reply_box = page.locator("details.reply textarea")
    reply_box.fill("Replying to myself, as one does.")
    page.locator("details.reply button[type=submit]").click()
    page.wait_for_selector("text=Your comment is published")
    assert page.locator(".comment-replies .comment-body", has_text="Replying").count() == 1

    # A comment with a link is held, and the editor removes it.
    page.fill("#body-new", "Buy cheap ferry tickets at https://spam.example")
    page.click("form.comment-form >> text=Post comment")
    page.wait_for_selector("text=will appear once a moderator")
    desk.goto(site.base + "/moderation")
    desk.click("button[value=remove]")
    desk.goto(site.base + "/moderation/log")
    assert desk.locator("td", has_text="remove").count() == 1
    page.goto(thread)
    assert page.locator("text=Removed by a moderator").count() == 0  # gone, had no replies
    screenshot(page, "community-thread-phone")

    # Hostile comments: no script runs, nothing escapes its box.
    for payload in HOSTILE:
        page.fill("#body-new", payload)
        page.click("form.comment-form >> text=Post comment")
        page.wait_for_load_state()
    page.goto(thread)
    page.wait_for_timeout(300)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the thread scrolls sideways ({width}px)"
    fixed = page.evaluate(
        "[...document.querySelectorAll('.comment-body *')]"
        ".filter(e => getComputedStyle(e).position === 'fixed').length"
    )
    assert fixed == 0

    # Subscribe, confirm, choose midnight in Buenos Aires (the digest is due: midnight has
    # passed there whatever the time), get it, unsubscribe.
    page.goto(site.base + "/newsletter")
    page.fill("#nl-email", "newreader@example.org")
    page.click("form[action='/newsletter'] button[type=submit]")
    page.wait_for_selector("text=confirmation link is on its way")
    page.goto(_mail_link(site, "newreader@example.org", "/newsletter/confirm", count=2))
    page.click("text=Yes, send me the newsletter")
    page.wait_for_selector("text=You are subscribed")
    page.select_option("#nl-hour", "0")
    page.select_option("#nl-tz", "America/Argentina/Buenos_Aires")
    page.click("form[action='/newsletter/manage'] button[type=submit]")
    page.wait_for_selector("text=Saved.")
    assert page.locator("#nl-tz").input_value() == "America/Argentina/Buenos_Aires"

    config = community_config(
        site.settings,
        smtp_host=site.smtp.host,
        smtp_port=site.smtp.port,
        smtp_starttls=False,
        **CHEAP,
    )
    # Playwright's sync API keeps an event loop in this thread: the "worker" runs in another.
    with ThreadPoolExecutor(1) as worker:
        report = worker.submit(
            asyncio.run,
            send_due_digests(
                site.settings, site.store, now=datetime.now(UTC), mailer=SmtpMailer(config)
            ),
        ).result(timeout=60)
    assert report.sent == 1
    digest = site.smtp.inbox.to("newreader@example.org")[2]
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    view = next(u for u in links(body_text(digest)) if "/newsletter/view/" in u)
    page.goto(view)
    assert page.locator("text=The Marigold ferry makes its final crossing").count() == 1
    one_click = digest["List-Unsubscribe"].strip("<>")
    assert urlsplit(one_click).netloc == urlsplit(site.base).netloc
    answer = reader.request.post(
        one_click,
        data="List-Unsubscribe=One-Click",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert answer.status == 200
    manage = next(u for u in links(body_text(digest)) if "/newsletter/manage" in u)
    page.goto(manage)
    assert page.locator("text=unsubscribed").count() >= 1

    assert problems == []
    assert editor_problems == []
    reader.close()
    editor.close()
