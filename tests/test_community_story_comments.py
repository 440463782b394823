"""Comments under a story: the comments of its articles as one thread, new comments on
its first report, replies where their parent is, merges followed; through HTTP on the
site with the community, on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from lxml import html as lxml_html

from broadsheet.community import accounts
from broadsheet.community.context import Community
from broadsheet.config import Settings
from broadsheet.model import ArticleDraft
from broadsheet.store import articles as article_store
from broadsheet.store import comments as comment_store
from broadsheet.store import feeds as feed_store
from broadsheet.store import stories as story_store
from broadsheet.store.db import Store
from broadsheet.web.site import Site
from tests.community_support import (
    NOW,
    Clock,
    HttpClient,
    SmtpServer,
    clear_community,
    community_app,
    running_smtp,
)

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


def add_story_articles(store: Store) -> dict[str, int]:
    """s1: a first report by the Harbour Herald and a follow-up by the Coast Courier;
    s2: another story."""
    ids = {}
    with store.begin() as conn:
        for n, (label, outlet, story) in enumerate(
            [("first", "Harbour Herald", "s1"), ("follow", "Coast Courier", "s1"),
             ("other", "Daily Tide", "s2")]
        ):  # fmt: skip
            source = feed_store.source_for_host(
                conn, host=f"outlet{n}.example", name=outlet, site_url=None, now=NOW
            )
            when = NOW - timedelta(hours=5 - n)
            article_id, _ = article_store.save_article(
                conn,
                ArticleDraft(
                    canonical_url=f"https://outlet{n}.example/{label}",
                    url=f"https://outlet{n}.example/{label}",
                    source_id=source.id,
                    title=f"Ferry story: {label}",
                    text="Crews walked out.",
                    status="extracted",
                    published_at=when,
                ),
                now=when,
            )
            story_store.assign(
                conn, article_id, story_id=story, duplicate_of=None, related=[], now=when
            )
            story_store.refresh(conn, story)
            ids[label] = article_id
    return ids


def member(app: object, email: str, name: str, role: str) -> HttpClient:
    c: Community = app.state.community.community  # type: ignore[attr-defined]
    accounts.create_account(
        c, email=email, display_name=name, password=PASSWORD, role=role, now=NOW
    )
    client = HttpClient(app)
    page = client.get("/signin")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert token
    signed = client.post(
        "/signin", data={"csrf": token.group(1), "email": email, "password": PASSWORD}
    )
    assert signed.status_code == 303
    return client


def form_token(html: str, action: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html[html.index(f'action="{action}"') :])
    assert found
    return found.group(1)


def post(client: HttpClient, clock: Clock, path: str, body: str, parent: int | None = None) -> str:
    page = client.get(path)
    token = re.search(
        r'name="csrf" value="([^"]+)"', page.text[page.text.index(f'action="{path}"') :]
    )
    assert token
    clock.advance(5)
    data = {"csrf": token.group(1), "body": body}
    if parent is not None:
        data["parent"] = str(parent)
    answer = client.post(path, data=data)
    assert answer.status_code == 303, answer.text
    return str(answer.headers["location"])


def comment_ids(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'<li class="comment" id="comment-(\d+)"', html)]


def test_a_story_thread_gathers_its_articles_comments(
    app: object, store: Store, clock: Clock
) -> None:
    ids = add_story_articles(store)
    ann = member(app, "ann@example.org", "Ann Editor", "moderator")  # published at once
    post(ann, clock, f"/articles/{ids['follow']}/comments", "On the follow-up")
    post(ann, clock, f"/articles/{ids['other']}/comments", "On another story")

    anonymous = HttpClient(app)
    page = anonymous.get("/stories/s1/comments")
    assert page.status_code == 200
    assert page.headers["cache-control"] == "no-store"
    assert "On the follow-up" in page.text
    assert "On another story" not in page.text
    tree = lxml_html.fromstring(page.text)
    (label,) = tree.xpath('//p[contains(@class, "comment-meta")]/a[contains(@href, "/articles/")]')
    assert label.get("href") == f"/articles/{ids['follow']}"
    assert "Ferry story: follow" in label.text_content()
    assert "Coast Courier" in label.getparent().text_content()
    assert 'href="/signin?next=/stories/s1/comments"' in page.text

    # A new comment on the story page goes to the story's first report, and says nothing
    # about where it is (it is the story's own).
    where = post(ann, clock, "/stories/s1/comments", "On the story itself")
    assert where.startswith("/stories/s1/comments?done=posted#comment-")
    new_id = int(where.rsplit("-", 1)[1])
    with store.read() as conn:
        stored = comment_store.get_comment(conn, new_id)
    assert stored is not None
    assert stored.article_id == ids["first"]
    assert "On the story itself" in anonymous.get(f"/articles/{ids['first']}/comments").text
    page = anonymous.get("/stories/s1/comments")
    assert "2 comments" in page.text
    tree = lxml_html.fromstring(page.text)
    own = tree.get_element_by_id(f"comment-{new_id}")
    assert not own.xpath('.//p[contains(@class, "comment-meta")]/a[contains(@href, "/articles/")]')

    # A reply from the story page stays with the article of the comment it answers.
    with store.read() as conn:
        (on_follow,) = [k.id for k in comment_store.thread(conn, ids["follow"], viewer_id=None)]
    where = post(ann, clock, "/stories/s1/comments", "A reply", parent=on_follow)
    reply_id = int(where.rsplit("-", 1)[1])
    with store.read() as conn:
        reply = comment_store.get_comment(conn, reply_id)
    assert reply is not None
    assert (reply.article_id, reply.parent_id) == (ids["follow"], on_follow)
    page = anonymous.get("/stories/s1/comments?sort=replies")
    assert comment_ids(page.text)[:2] == [on_follow, reply_id]  # most replies first

    # The JSON view says which article each comment is on.
    data = anonymous.get("/api/community/stories/s1/comments").json()
    assert data["lead_article_id"] == ids["first"]
    assert {c["article_id"] for c in data["comments"]} == {ids["first"], ids["follow"]}
    assert [r["id"] for c in data["comments"] for r in c["replies"]] == [reply_id]


def test_replies_to_other_stories_and_unknown_stories_are_refused(
    app: object, store: Store, clock: Clock
) -> None:
    ids = add_story_articles(store)
    ann = member(app, "ann@example.org", "Ann Editor", "moderator")
    post(ann, clock, f"/articles/{ids['other']}/comments", "Elsewhere")
    with store.read() as conn:
        (elsewhere,) = comment_store.thread(conn, ids["other"], viewer_id=None)
    page = ann.get("/stories/s1/comments")
    clock.advance(5)
    answer = ann.post(
        "/stories/s1/comments",
        data={
            "csrf": form_token(page.text, "/stories/s1/comments"),
            "body": "Sneaky",
            "parent": str(elsewhere.id),
        },
    )
    assert answer.status_code == 404
    with store.read() as conn:
        assert comment_store.thread(conn, ids["first"], viewer_id=None) == []
    assert HttpClient(app).get("/stories/s999/comments").status_code == 404
    assert HttpClient(app).get("/api/community/stories/s999/comments").status_code == 404
    assert HttpClient(app).get(f"/stories/{'x' * 300}/comments").status_code == 404


def test_first_comments_are_held_and_shown_to_their_author_only(
    app: object, store: Store, clock: Clock
) -> None:
    add_story_articles(store)
    bob = member(app, "bob@example.org", "Bob Reader", "reader")
    where = post(bob, clock, "/stories/s1/comments", "My first words")
    assert "done=held" in where
    assert "waiting for a moderator" in bob.get("/stories/s1/comments").text
    assert "My first words" not in HttpClient(app).get("/stories/s1/comments").text


def test_a_merged_story_sends_its_readers_to_the_story_that_took_it_over(
    app: object, store: Store, clock: Clock
) -> None:
    ids = add_story_articles(store)
    ann = member(app, "ann@example.org", "Ann Editor", "moderator")
    post(ann, clock, f"/articles/{ids['follow']}/comments", "Before the merge")
    with store.begin() as conn:
        story_store.retire(conn, "s1", "s2")
        story_store.refresh(conn, "s2")
    moved = HttpClient(app).get("/stories/s1/comments")
    assert moved.status_code == 301
    assert moved.headers["location"] == "/stories/s2/comments"
    assert "Before the merge" in HttpClient(app).get("/stories/s2/comments").text


def test_the_story_page_partial_links_the_thread(app: object) -> None:
    site: Site = app.state.site  # type: ignore[attr-defined]
    html = site.render("community/comments_section.html", story_id="s7")
    assert 'href="/stories/s7/comments"' in html
    html = site.render("community/comments_section.html", story={"id": "s8"})
    assert 'href="/stories/s8/comments"' in html


def test_the_story_page_links_its_comments(app: object, store: Store) -> None:
    add_story_articles(store)
    page = HttpClient(app).get("/stories/s1")
    assert page.status_code == 200
    assert 'href="/stories/s1/comments"' in page.text
