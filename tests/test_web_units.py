"""The web layer's pure parts: times, snippets, diffs, cursors, caches, limits, icons."""

from __future__ import annotations

import asyncio
import struct
import threading
import zlib
from datetime import UTC, datetime, timedelta

import pytest
from markupsafe import Markup, escape

from broadsheet.model import Article
from broadsheet.web.articleview import body_html, diff_paragraphs, lead_image
from broadsheet.web.cache import PageCache
from broadsheet.web.cursor import (
    BadCursor,
    decode_cursor,
    decode_offset,
    encode_cursor,
    encode_offset,
)
from broadsheet.web.icons import icon_png, icon_svg, initial_of, monogram_svg
from broadsheet.web.images import decode, proxy_path, rewrite_images
from broadsheet.web.ratelimit import Limit, TokenBuckets
from broadsheet.web.render import marks, plain_snippet, reading_minutes, safe_url
from broadsheet.web.timefmt import exact_time, iso_time, relative_time

NOW = datetime(2025, 6, 2, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("delta", "expected"),
    [
        (timedelta(seconds=20), "just now"),
        (timedelta(minutes=1), "1 minute ago"),
        (timedelta(minutes=10), "10 minutes ago"),
        (timedelta(hours=1, minutes=5), "1 hour ago"),
        (timedelta(hours=23), "23 hours ago"),
        (timedelta(hours=30), "yesterday"),
        (timedelta(days=3), "3 days ago"),
        (timedelta(days=12), "21 May 2025"),
        (timedelta(seconds=-30), "just now"),
        (timedelta(minutes=-40), "in 40 minutes"),
        (timedelta(hours=-3), "in 3 hours"),
        (timedelta(hours=-30), "tomorrow"),
        (timedelta(days=-10), "12 Jun 2025"),
    ],
)
def test_relative_time(delta: timedelta, expected: str) -> None:
    assert relative_time(NOW - delta, NOW) == expected


def test_exact_and_iso_times_are_utc() -> None:
    berlin = NOW.astimezone(datetime.now().astimezone().tzinfo)
    assert exact_time(berlin) == "2 June 2025, 12:00 UTC"
    assert iso_time(berlin) == "2025-06-02T12:00:00Z"


def test_snippet_marks_are_escaped_and_balanced() -> None:
    snippet = "a <b>bold</b> \x02flood\x03 and \x02<script>\x03 then \x02dangling"
    html = marks(snippet)
    assert isinstance(html, Markup)
    assert str(html) == (
        "a &lt;b&gt;bold&lt;/b&gt; <mark>flood</mark> and <mark>&lt;script&gt;</mark> then dangling"
    )
    assert plain_snippet(snippet) == "a <b>bold</b> flood and <script> then dangling"


def test_reading_time_and_safe_urls() -> None:
    assert reading_minutes(0) == 1
    assert reading_minutes(1150) == 5
    assert reading_minutes(334) == 2
    assert safe_url("https://example.com/a") == "https://example.com/a"
    for bad in (
        "javascript:alert(1)",
        " JAVASCRIPT:alert(1)",
        "data:text/html,x",
        "//evil",
        None,
        "",
    ):
        assert safe_url(bad) is None


def _article(**changes: object) -> Article:
    values: dict[str, object] = {
        "id": 1,
        "canonical_url": "https://news.example/a",
        "url": "https://news.example/a",
        "source_id": 1,
        "title": "T",
        "byline": None,
        "published_at": NOW,
        "updated_at": None,
        "text": "First <b>para</b>.\n\nSecond.",
        "html": None,
        "summary": None,
        "image_url": None,
        "language": "en",
        "word_count": 3,
        "site_name": None,
        "version": 1,
        "status": "extracted",
        "extraction_error": None,
        "fetched_at": NOW,
        "created_at": NOW,
    }
    values.update(changes)
    return Article(**values)  # type: ignore[arg-type]


def test_body_falls_back_to_escaped_paragraphs() -> None:
    assert str(body_html(_article())) == "<p>First &lt;b&gt;para&lt;/b&gt;.</p><p>Second.</p>"
    empty_html = _article(html="<script>alert(1)</script><div></div>")
    assert "<p>First" in str(body_html(empty_html))


def test_body_html_is_sanitized_with_relative_links_resolved() -> None:
    html = (
        '<p onclick="x()">Hi <a href="/more">more</a><script>alert(1)</script></p>'
        '<img src="/p.jpg">'
    )
    body = str(body_html(_article(html=html)))
    assert "onclick" not in body
    assert "<script" not in body
    assert 'href="https://news.example/more"' in body
    assert 'src="https://news.example/p.jpg"' in body


SECRET = b"k" * 32


def sign(url: str | None) -> str | None:
    return proxy_path(SECRET, url)


def test_lead_image_only_when_http_and_not_in_body() -> None:
    art = _article(image_url="https://img.example/a.jpg")
    local = sign("https://img.example/a.jpg")
    assert local is not None
    assert local.startswith("/img/")
    assert lead_image(art, "<p>x</p>", sign) == local
    assert lead_image(art, f'<img src="{local}">', sign) is None
    assert lead_image(_article(image_url="javascript:alert(1)"), "", sign) is None


def test_image_paths_are_signed_and_bodies_rewritten() -> None:
    url = "https://img.example/a b.jpg?x=1&y=2"
    local = sign(url)
    assert local is not None
    _, _, sig, encoded = local.split("/")
    assert decode(SECRET, sig, encoded) == url
    assert decode(b"other" * 8, sig, encoded) is None
    assert decode(SECRET, sig, encoded[:-2]) is None
    assert sign("data:image/png;base64,AAAA") is None
    assert sign("file:///etc/passwd") is None
    html = '<p>x</p><img src="https://img.example/a.jpg?x=1&amp;y=2" alt="a">'
    out = rewrite_images(html, sign)
    assert "img.example" not in out
    assert str(escape(sign("https://img.example/a.jpg?x=1&y=2"))) in out
    body = str(body_html(_article(html=html), sign))
    assert "img.example" not in body
    assert 'alt="a"' in body


def test_paragraph_diff_marks_added_removed_and_edited() -> None:
    old = "One.\n\nTwo apples.\n\nThree.\n\nGone."
    new = "One.\n\nTwo pears.\n\nThree.\n\nNew <end>."
    kinds = [(b.kind, str(b.html), b.count) for b in diff_paragraphs(old, new)]
    assert kinds == [
        ("skipped", "", 1),
        ("edited", "Two <del>apples.</del> <ins>pears.</ins>", 1),
        ("skipped", "", 1),
        ("edited", "<del>Gone.</del> <ins>New &lt;end&gt;.</ins>", 1),
    ]
    only_added = diff_paragraphs("A.", "A.\n\nB.")
    assert [b.kind for b in only_added] == ["skipped", "added"]
    only_removed = diff_paragraphs("A.\n\nB.", "A.")
    assert [b.kind for b in only_removed] == ["skipped", "removed"]


def test_cursors_round_trip_and_reject_forgeries() -> None:
    when = NOW + timedelta(microseconds=123)
    assert decode_cursor(encode_cursor(when, 42)) == (when, 42)
    assert decode_offset(encode_offset(40)) == 40
    for bad in ("", "!!!", "bm90IGEgY3Vyc29y", "x" * 200, encode_offset(3)):
        with pytest.raises(BadCursor):
            decode_cursor(bad)
    with pytest.raises(BadCursor):
        decode_offset(encode_cursor(when, 1))
    with pytest.raises(BadCursor):
        decode_offset(encode_offset(10**9))


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_page_cache_versions_ttl_and_lru() -> None:
    clock = FakeClock()
    cache = PageCache(max_entries=2, clock=clock)
    renders: list[str] = []

    def make(text: str, version: int) -> tuple[str, int]:
        renders.append(text)
        return text, version

    async def scenario() -> list[bytes]:
        got = [(await cache.get("a", lambda: make("a1", 1), ttl=60, version=1)).body]
        got.append((await cache.get("a", lambda: make("a1b", 1), ttl=60, version=1)).body)
        got.append((await cache.get("a", lambda: make("a2", 2), ttl=60, version=2)).body)
        clock.now += 61
        got.append((await cache.get("a", lambda: make("a2b", 2), ttl=60, version=2)).body)
        await cache.get("b", lambda: make("b", 1), ttl=60)
        await cache.get("c", lambda: make("c", 1), ttl=60)
        return got

    assert asyncio.run(scenario()) == [b"a1", b"a1", b"a2", b"a2b"]
    assert renders == ["a1", "a2", "a2b", "b", "c"]
    assert cache.peek("a") is None  # evicted: least recently used
    assert len(cache) == 2


def test_page_cache_serves_stale_while_one_thread_refreshes() -> None:
    clock = FakeClock()
    cache = PageCache(clock=clock)
    renders: list[int] = []
    release = threading.Event()

    def make() -> tuple[str, None]:
        renders.append(1)
        if len(renders) > 1:
            release.wait(timeout=10)
        return f"front {len(renders)}", None

    async def scenario() -> list[bytes]:
        first = await cache.get("front", make, ttl=15, stale_ok=True)
        clock.now += 20
        stale = await asyncio.gather(
            *(cache.get("front", make, ttl=15, stale_ok=True) for _ in range(5))
        )
        release.set()
        await asyncio.gather(*cache._tasks)
        fresh = await cache.get("front", make, ttl=15, stale_ok=True)
        return [first.body, *(s.body for s in stale), fresh.body]

    bodies = asyncio.run(scenario())
    assert bodies == [b"front 1"] * 6 + [b"front 2"]
    assert len(renders) == 2


def test_token_bucket_allows_a_burst_then_the_rate() -> None:
    clock = FakeClock()
    buckets = TokenBuckets(Limit(per_minute=60, burst=3), clock=clock)
    assert [buckets.take("a")[0] for _ in range(4)] == [True, True, True, False]
    allowed, _left, wait = buckets.take("a")
    assert not allowed
    assert 0 < wait <= 1.0
    assert buckets.take("b")[0]  # another client has its own bucket
    clock.now += 1.0
    assert buckets.take("a")[0]
    assert not buckets.take("a")[0]


def _png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_icons_are_valid_png_and_svg() -> None:
    for size in (192, 512):
        data = icon_png(size)
        assert _png_size(data) == (size, size)
        idat = data[data.index(b"IDAT") + 4 : data.index(b"IEND") - 8]
        raw = zlib.decompress(idat)
        assert len(raw) == size * (size * 3 + 1)
    assert icon_svg().startswith("<svg")
    assert initial_of("The Harbour Times") == "H"
    assert initial_of("The") == "T"
    assert initial_of("  «Le Monde»") == "M"
    mono = monogram_svg("<Tide> Herald", "herald.example")
    assert ">T<" in mono
    assert "<Tide>" not in mono
    assert monogram_svg("", "x.example").count("?") == 1
