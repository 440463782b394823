"""A small stored news world for the web tests: outlets, feeds, articles, an edit, XSS.

Built straight into a store with the store's own functions (no network), relative to a
fixed ``now`` so relative times are predictable. ``hostile_articles`` adds the XSS
fixtures of ../shared/bench/hostile, parsed by the real feed parser and stored with
their raw HTML, so the site must sanitize them when it renders.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from broadsheet.ingest.feeds import parse_feed
from broadsheet.model import ArticleDraft
from broadsheet.store import articles as article_store
from broadsheet.store import feeds as feed_store
from broadsheet.store.db import Store

NOW = datetime(2025, 6, 2, 9, 30, tzinfo=UTC)
HOSTILE = Path(__file__).resolve().parents[2].parent / "shared" / "bench" / "hostile"
XSS_FIXTURES = ("xss_rss.xml", "xss_atom.xml", "xss_jsonfeed.json")
# Our own payloads: each sets a flag the browser tests look for.
FLAG_PAYLOADS = (
    '<p>Before</p><script>window.__xss = "script"</script><p>After</p>',
    '<img src="x" onerror="window.__xss = \'onerror\'"><p>image</p>',
    '<a href="javascript:window.__xss=\'href\'" id="xss-link">click me</a>',
    '<svg><script>window.__xss = "svg"</script></svg><p>svg</p>',
    "<iframe src=\"javascript:parent.__xss='iframe'\"></iframe><p>frame</p>",
    '<p style="background:url(javascript:window.__xss=1)" '
    "onmouseover=\"window.__xss='hover'\">hover</p>",
)
FLAG_TITLE = "<script>window.__xss='title'</script><img src=x onerror=\"window.__xss='title'\">"

WORDS = (
    "The harbour council approved the new flood barrier after a long debate about its cost. "
    "Engineers said the work would take three years and close the quay road for six months. "
    "Residents asked for a public inquiry into the tender; the mayor promised a report."
)


@dataclass
class World:
    store: Store
    now: datetime = NOW
    sources: dict[str, int] = field(default_factory=dict)
    feeds: dict[str, int] = field(default_factory=dict)
    articles: dict[str, int] = field(default_factory=dict)
    hostile: list[int] = field(default_factory=list)


def _paragraphs(topic: str, n: int = 4) -> str:
    return "\n\n".join(f"{topic} — part {i + 1}. {WORDS}" for i in range(n))


def _save(world: World, key: str, draft: ArticleDraft, *, at: datetime) -> int:
    with world.store.begin() as conn:
        article_id, _ = article_store.save_article(conn, draft, now=at)
    world.articles[key] = article_id
    return article_id


def build_world(store: Store, *, image_base: str | None = None, now: datetime = NOW) -> World:
    """Three outlets, their feeds (one failing), 24 articles, one edited, one feed-only."""
    world = World(store=store, now=now)
    outlets = (
        ("herald", "The Harbour Herald", "herald.example"),
        ("courier", "Valley Courier", "courier.example"),
        ("wire", "Calderra Wire", "wire.example"),
    )
    with store.begin() as conn:
        for key, name, host in outlets:
            source = feed_store.source_for_host(
                conn,
                host=host,
                name=name,
                site_url=f"https://{host}/",
                now=now - timedelta(days=30),
            )
            world.sources[key] = source.id
            feed = feed_store.add_feed(
                conn, source_id=source.id, url=f"https://{host}/feed.xml", kind="feed", now=now
            )
            world.feeds[key] = feed.id
        feed_store.record_success(
            conn,
            world.feeds["herald"],
            now=now - timedelta(minutes=12),
            status=200,
            next_poll_at=now + timedelta(minutes=18),
            etag='"abc"',
            last_modified=None,
            title="Harbour Herald — all news",
        )
        feed_store.record_error(
            conn,
            world.feeds["courier"],
            now=now - timedelta(minutes=5),
            message="HTTP 503 from https://courier.example/feed.xml: Service Unavailable",
            next_poll_at=now + timedelta(minutes=40),
            status=503,
        )
    ages = [3, 25, 70, 150, 400, 1500, 2 * 1440 + 30, 4 * 1440, 9 * 1440]
    keys = list(world.sources)
    for n in range(24):
        source_key = keys[n % 3]
        published = now - timedelta(minutes=ages[n % len(ages)] + n * 7)
        topic = ["Flood barrier", "Rail strike", "Budget vote", "Museum reopens"][n % 4]
        image = f"{image_base}/icons/icon-512.png" if image_base and n % 4 == 0 else None
        _save(
            world,
            f"a{n}",
            ArticleDraft(
                canonical_url=f"https://{source_key}.example/news/{n}",
                url=f"https://{source_key}.example/news/{n}",
                source_id=world.sources[source_key],
                title=f"{topic}: what happens next ({n})",
                text=_paragraphs(topic),
                status="extracted",
                byline="By Mira Okafor" if n % 2 else None,
                published_at=published,
                summary=f"{topic} latest: {WORDS[:120]}",
                html="".join(f"<p>{p}</p>" for p in _paragraphs(topic).split("\n\n")),
                image_url=image,
                language="en" if n % 5 else "fr",
            ),
            at=published + timedelta(minutes=1),
        )
    edited = ArticleDraft(
        canonical_url="https://herald.example/news/quay",
        url="https://herald.example/news/quay",
        source_id=world.sources["herald"],
        title="Quay road to close for six months",
        text="The quay road closes in May.\n\nWork starts on Monday.\n\nThe council will pay.",
        status="extracted",
        byline="By Tom Reyes",
        published_at=now - timedelta(hours=5),
        html=None,
    )
    _save(world, "edited", edited, at=now - timedelta(hours=5))
    _save(
        world,
        "edited",
        replace(
            edited,
            title="Quay road to close for eight months",
            text="The quay road closes in June.\n\nWork starts on Monday.\n\n"
            "Shops along the quay will get compensation.\n\nThe council will pay.",
        ),
        at=now - timedelta(hours=2),
    )
    _save(
        world,
        "feed_only",
        ArticleDraft(
            canonical_url="https://courier.example/news/blocked",
            url="https://courier.example/news/blocked",
            source_id=world.sources["courier"],
            title="Hospital waiting lists grow",
            text="Waiting lists at the valley hospital grew again in May.",
            status="feed_only",
            published_at=now - timedelta(hours=1),
            html="<p>Waiting lists at the valley hospital grew again in May.</p>",
            extraction_error="https://courier.example/news/blocked: HTTP 403 Forbidden",
        ),
        at=now - timedelta(hours=1),
    )
    return world


def hostile_articles(world: World) -> list[int]:
    """Store the XSS fixtures (when ../shared/bench is present) and our flag payloads."""
    source_id = world.sources["wire"]
    bodies: list[tuple[str, str]] = [
        (f"Hostile payload {i}", html) for i, html in enumerate(FLAG_PAYLOADS)
    ]
    bodies.append((FLAG_TITLE, "<p>A title that tries to run script.</p>"))
    if HOSTILE.is_dir():
        for name in XSS_FIXTURES:
            parsed = parse_feed((HOSTILE / name).read_bytes(), url="https://feed.example/feed")
            for entry in parsed.entries:
                html = entry.content_html or entry.summary_html or ""
                bodies.append((entry.title or name, html))
    for i, (title, html) in enumerate(bodies):
        at = world.now - timedelta(days=20, minutes=i)
        world.hostile.append(
            _save(
                world,
                f"hostile{i}",
                ArticleDraft(
                    canonical_url=f"https://wire.example/hostile/{i}",
                    url=f"https://wire.example/hostile/{i}",
                    source_id=source_id,
                    title=title,
                    text="Hostile fixture text.",
                    status="feed_only",
                    published_at=at,
                    html=html,
                ),
                at=at,
            )
        )
    return world.hostile


class WebClient:
    """A synchronous HTTP client for an ASGI app, in process (httpx's ASGI transport).

    Requests come from 127.0.0.1 unless ``client`` says otherwise.
    """

    def __init__(self, app: Any, *, client: tuple[str, int] = ("127.0.0.1", 50123)) -> None:
        self.transport = httpx.ASGITransport(app=app, client=client)

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        async def send() -> httpx.Response:
            async with httpx.AsyncClient(
                transport=self.transport, base_url="http://testserver"
            ) as client:
                return await client.request(method, url, **kwargs)

        return asyncio.run(send())

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", url, **kwargs)
