"""The JSON API as a client uses it: pages, cursors, ETags, limits, and its OpenAPI document."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from lxml import html as lxml_html
from openapi_spec_validator import validate

from broadsheet.config import Settings
from broadsheet.store.db import Store, open_store
from broadsheet.web.app import create_app
from broadsheet.web.ratelimit import Limit
from tests.browser.world import NOW, WebClient, World, build_world, hostile_articles


@dataclass
class Api:
    world: World
    client: WebClient
    app: Any


def _api(store: Store, settings: Settings, **kwargs: Any) -> Api:
    world = build_world(store)
    app = create_app(settings, store, clock=lambda: NOW, **kwargs)
    return Api(world=world, client=WebClient(app), app=app)


@pytest.fixture
def api(settings: Settings) -> Iterator[Api]:
    store = open_store(settings)
    yield _api(store, settings)
    store.close()


def inert(html: str) -> bool:
    """No element that runs script, no handler attribute, no script or data URL."""
    root = lxml_html.fragment_fromstring(html or "<p></p>", create_parent="div")
    for element in root.iter():
        if element.tag in {"script", "iframe", "object", "embed", "svg", "math", "form", "style"}:
            return False
        for name, value in element.attrib.items():
            scheme = re.sub(r"[\x00-\x20]", "", value).lower()
            if name.startswith("on") or scheme.startswith(("javascript:", "data:", "vbscript:")):
                return False
    return True


def schema_validator(spec: dict[str, Any], name: str) -> Draft202012Validator:
    """A validator for one component schema, resolving ``#/components/...`` references."""
    schema = {"$ref": f"#/components/schemas/{name}", "components": spec["components"]}
    return Draft202012Validator(schema)


def test_openapi_document_is_valid_and_describes_the_api(api: Api) -> None:
    response = api.client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.json()
    validate(spec)
    assert set(spec["paths"]) == {
        "/articles",
        "/articles/{article_id}",
        "/sources",
        "/sources/{source_id}",
        "/search",
        "/stories",
        "/stories/{story_id}",
    }
    assert spec["servers"] == [{"url": "/api/v1"}]
    for path, operations in spec["paths"].items():
        for operation in operations.values():
            assert operation.get("description") or operation.get("summary"), path
            assert "200" in operation["responses"]


def test_responses_match_their_schemas(api: Api) -> None:
    spec = api.client.get("/api/v1/openapi.json").json()
    cases = {
        "/api/v1/articles": "ArticlePage",
        f"/api/v1/articles/{api.world.articles['edited']}": "ArticleOut",
        "/api/v1/sources": "SourceList",
        f"/api/v1/sources/{api.world.sources['herald']}": "SourceOut",
        "/api/v1/search?q=flood": "SearchPage",
        "/api/v1/articles/999999": "Problem",
    }
    for url, name in cases.items():
        body = api.client.get(url).json()
        errors = list(schema_validator(spec, name).iter_errors(body))
        assert errors == [], (url, errors[:1])


def test_articles_page_through_by_cursor(api: Api) -> None:
    seen: list[int] = []
    url = "/api/v1/articles?limit=7"
    for _ in range(20):
        page = api.client.get(url).json()
        seen += [item["id"] for item in page["items"]]
        if page["next_cursor"] is None:
            break
        url = f"/api/v1/articles?limit=7&cursor={page['next_cursor']}"
    assert sorted(seen) == sorted(api.world.articles.values())
    assert len(seen) == len(set(seen))
    herald = api.world.sources["herald"]
    only = api.client.get(f"/api/v1/articles?source={herald}&limit=100").json()["items"]
    assert only
    assert {item["source_name"] for item in only} == {"The Harbour Herald"}
    assert api.client.get("/api/v1/articles?cursor=nope").status_code == 400
    assert api.client.get("/api/v1/articles?limit=1000").status_code == 422


def test_article_detail_has_clean_html_text_and_revisions(settings: Settings) -> None:
    store = open_store(settings)
    try:
        api = _api(store, settings)
        ids = hostile_articles(api.world)
        edited = api.client.get(f"/api/v1/articles/{api.world.articles['edited']}").json()
        assert edited["version"] == 2
        assert [r["version"] for r in edited["revisions"]] == [1]
        assert edited["text"].startswith("The quay road closes in June.")
        assert edited["page_url"] == f"http://testserver/articles/{edited['id']}"
        for article_id in ids:
            html = api.client.get(f"/api/v1/articles/{article_id}").json()["html"]
            assert inert(html), (article_id, html)
    finally:
        store.close()


def test_search_filters_sorts_and_pages(api: Api) -> None:
    first = api.client.get("/api/v1/search?q=museum&limit=4&sort=date").json()
    assert len(first["items"]) == 4
    assert all("<mark>" in item["snippet_html"] for item in first["items"])
    assert all("\x02" not in item["snippet"] for item in first["items"])
    second = api.client.get(
        f"/api/v1/search?q=museum&limit=4&sort=date&cursor={first['next_cursor']}"
    ).json()
    ids = [i["article"]["id"] for i in first["items"] + second["items"]]
    assert len(ids) == len(set(ids)) == 6
    times = [i["article"]["published_at"] for i in first["items"] + second["items"]]
    assert times == sorted(times, reverse=True)
    assert second["next_cursor"] is None
    courier = api.world.sources["courier"]
    filtered = api.client.get(f"/api/v1/search?q=museum&source={courier}").json()["items"]
    assert {i["article"]["source_name"] for i in filtered} == {"Valley Courier"}
    day = api.client.get("/api/v1/search?q=museum&since=2025-06-02&until=2025-06-02").json()[
        "items"
    ]
    assert day
    assert all(i["article"]["published_at"].startswith("2025-06-02") for i in day)
    assert api.client.get("/api/v1/search?q=").status_code == 422
    assert api.client.get("/api/v1/search?q=x&since=someday").status_code == 422
    assert api.client.get("/api/v1/search?q=x&cursor=zzz").status_code == 400


def test_sources_list_counts_articles(api: Api) -> None:
    items = api.client.get("/api/v1/sources").json()["items"]
    assert [s["name"] for s in items] == ["Calderra Wire", "The Harbour Herald", "Valley Courier"]
    assert sum(s["articles"] for s in items) == len(api.world.articles)
    assert api.client.get("/api/v1/sources/999").json() == {"detail": "There is no such outlet."}


def test_etag_and_304(api: Api) -> None:
    for url in (
        "/api/v1/articles",
        "/api/v1/articles/1",
        "/api/v1/sources",
        "/api/v1/search?q=rail",
    ):
        first = api.client.get(url)
        etag = first.headers["etag"]
        assert etag.startswith('"')
        assert etag.endswith('"')
        again = api.client.get(url, headers={"If-None-Match": etag})
        assert again.status_code == 304, url
        assert again.headers["etag"] == etag


def test_rate_limit_answers_429_with_retry_after(settings: Settings) -> None:
    store = open_store(settings)
    try:
        api = _api(store, settings, limits={"/api/": Limit(per_minute=60, burst=3)})
        statuses = [api.client.get("/api/v1/sources").status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
        limited = api.client.get("/api/v1/sources")
        assert limited.status_code == 429
        assert int(limited.headers["retry-after"]) >= 1
        assert limited.headers["ratelimit-remaining"] == "0"
        assert limited.json()["detail"].startswith("Too many requests")
        other = WebClient(api.app, client=("127.0.0.2", 1))
        assert other.get("/api/v1/sources").status_code == 200
        assert api.client.get("/").status_code == 200  # pages are not limited
    finally:
        store.close()


def test_api_reads_the_same_on_both_databases(store: Store, settings: Settings) -> None:
    api = _api(store, settings)
    items = api.client.get("/api/v1/articles?limit=100").json()["items"]
    assert len(items) == len(api.world.articles)
    assert items[0]["title"] == "Flood barrier: what happens next (0)"
    hits = api.client.get("/api/v1/search?q=quay+compensation").json()["items"]
    assert [h["article"]["id"] for h in hits] == [api.world.articles["edited"]]
    assert "<mark>" in hits[0]["snippet_html"]
    sources = api.client.get("/api/v1/sources").json()["items"]
    assert sum(s["articles"] for s in sources) == len(items)
    page = api.client.get("/")
    assert page.status_code == 200
