"""Operator pages: who may use them, the form checks, and adding/removing outlets for real."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from lxml import html as lxml_html

from broadsheet.config import Settings
from broadsheet.store import feeds as feed_store
from broadsheet.store.db import Store, open_store
from broadsheet.web.app import create_app
from tests.browser.world import NOW, WebClient, build_world
from tests.support.feedserver import SyntheticNews


@dataclass
class Admin:
    client: WebClient
    store: Store
    app: Any

    def token(self, page: str, action: str) -> str:
        tree = lxml_html.fromstring(self.client.get(page).text)
        return str(tree.xpath(f"//form[@action='{action}']//input[@name='token']/@value")[0])


@pytest.fixture
def admin(settings: Settings) -> Iterator[Admin]:
    store = open_store(settings)
    build_world(store)
    app = create_app(settings, store, clock=lambda: NOW)
    yield Admin(client=WebClient(app), store=store, app=app)
    store.close()


@pytest.fixture
def news() -> Iterator[SyntheticNews]:
    site = SyntheticNews(feeds=2, entries=3)
    site.start()
    yield site
    site.stop()


def test_operator_pages_are_for_loopback_clients_only(admin: Admin) -> None:
    remote = WebClient(admin.app, client=("198.51.100.7", 5000))
    for path in ("/admin", "/admin/feeds/1"):
        assert remote.get(path).status_code == 403
    assert remote.post("/admin/sources", data={"url": "https://x.example/"}).status_code == 403
    local = admin.client.get("/admin")
    assert local.status_code == 200
    tree = lxml_html.fromstring(local.text)
    rows = tree.xpath("//table[contains(@class,'feeds')]/tbody/tr")
    assert [r.get("class") for r in rows] == ["state-failing", "state-new", "state-ok"]
    assert "HTTP 503" in rows[0].xpath("string(.)")
    assert "in 40 minutes" in rows[0].xpath("string(.)")


def test_forms_need_the_token_and_this_origin(admin: Admin) -> None:
    url = {"url": "https://x.example/feed.xml", "kind": "feed"}
    assert admin.client.post("/admin/sources", data=url).status_code == 403
    assert admin.client.post("/admin/sources", data={**url, "token": "forged"}).status_code == 403
    token = admin.token("/admin", "/admin/sources")
    cross = admin.client.post(
        "/admin/sources", data={**url, "token": token}, headers={"Origin": "https://evil.example"}
    )
    assert cross.status_code == 403
    fetch_site = admin.client.post(
        "/admin/sources", data={**url, "token": token}, headers={"Sec-Fetch-Site": "cross-site"}
    )
    assert fetch_site.status_code == 403
    remove = admin.token("/admin", "/admin/feeds/1/remove")
    assert admin.client.post("/admin/feeds/1/remove", data={"token": token}).status_code == 403
    assert remove != token


def test_add_a_feed_by_url(admin: Admin, news: SyntheticNews) -> None:
    token = admin.token("/admin", "/admin/sources")
    feed_url = news.feed_urls()[0]
    response = admin.client.post(
        "/admin/sources",
        data={"url": feed_url, "kind": "auto", "token": token},
        headers={"Origin": "http://testserver"},
    )
    assert response.status_code == 303
    location = response.headers["location"]
    assert re.fullmatch(r"/admin/feeds/\d+\?added=1", location)
    page = admin.client.get(location)
    assert "Subscribed" in page.text
    with admin.store.read() as conn:
        feed = feed_store.get_feed_by_url(conn, feed_url)
        assert feed is not None
        source = feed_store.get_source(conn, feed.source_id)
    assert source is not None
    assert source.name in admin.client.get("/sources").text


def test_adding_an_unreachable_or_bad_url_explains_why(admin: Admin, news: SyntheticNews) -> None:
    token = admin.token("/admin", "/admin/sources")
    bad = admin.client.post("/admin/sources", data={"url": "ftp://x.example/", "token": token})
    assert bad.status_code == 422
    assert "http:// or https://" in bad.text
    missing = admin.client.post(
        "/admin/sources",
        data={"url": news.feed_urls()[0] + "-missing", "kind": "feed", "token": token},
    )
    assert missing.status_code == 422
    assert "Could not add" in missing.text
    assert "404" in missing.text


def test_opml_upload_subscribes_every_feed(admin: Admin) -> None:
    token = admin.token("/admin", "/admin/opml")
    opml = (
        b'<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>'
        b'<outline text="One" xmlUrl="https://one.example/feed.xml" htmlUrl="https://one.example/"/>'
        b'<outline text="Two" xmlUrl="https://two.example/rss"/>'
        b'<outline text="Bad" xmlUrl="javascript:alert(1)"/>'
        b"</body></opml>"
    )
    response = admin.client.post(
        "/admin/opml", data={"token": token}, files={"file": ("subs.opml", opml, "text/x-opml")}
    )
    assert response.status_code == 200
    assert "Imported 2 feeds" in response.text
    with admin.store.read() as conn:
        urls = {f.url for f in feed_store.list_feeds(conn)}
    assert {"https://one.example/feed.xml", "https://two.example/rss"} <= urls
    broken = admin.client.post(
        "/admin/opml",
        data={"token": token},
        files={"file": ("x.opml", b"not xml at all", "text/xml")},
    )
    assert broken.status_code == 422
    assert "Could not read that file" in broken.text


def test_remove_a_feed(admin: Admin) -> None:
    token = admin.token("/admin", "/admin/feeds/2/remove")
    response = admin.client.post("/admin/feeds/2/remove", data={"token": token})
    assert response.status_code == 303
    assert response.headers["location"] == "/admin?done=removed"
    assert "Subscription removed" in admin.client.get("/admin?done=removed").text
    with admin.store.read() as conn:
        assert feed_store.get_feed(conn, 2) is None
    assert admin.client.post("/admin/feeds/2/remove", data={"token": token}).status_code == 404


def test_feed_page_shows_the_fetch_log(admin: Admin) -> None:
    from datetime import UTC, datetime  # noqa: PLC0415

    with admin.store.begin() as conn:
        feed_store.log_fetch(
            conn,
            feed_id=2,
            url="https://courier.example/feed.xml",
            outcome="error",
            status=503,
            error="Service Unavailable",
            now=datetime.now(UTC),
        )
    tree = lxml_html.fromstring(admin.client.get("/admin/feeds/2").text)
    row = tree.xpath("//section//table/tbody/tr")[0]
    assert "error" in row.xpath("string(.)")
    assert "Service Unavailable" in row.xpath("string(.)")
    assert admin.client.get("/admin/feeds/999").status_code == 404
