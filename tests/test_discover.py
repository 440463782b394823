"""Feed autodiscovery from HTML pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from broadsheet.ingest.discover import COMMON_FEED_PATHS, discover_feeds

FEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "bench" / "feeds"

PAGE = b"""<!DOCTYPE html>
<html><head>
<meta charset="utf-8">
<title>Caf\xc3\xa9 blog</title>
<link rel="stylesheet" href="/style.css">
<link rel="alternate" type="application/rss+xml" title="RSS" href="/feed.xml">
<link rel="alternate" type="application/atom+xml" href="https://blog.example/atom.xml">
<link rel="alternate" type="application/rss+xml" href="/feed.xml#again">
<link rel="alternate" type="application/rss+xml" href="/feed.xml">
<link rel="alternate feed" type="application/feed+json" href="feed.json">
<link rel="ALTERNATE" TYPE="Application/RSS+XML" href="//cdn.blog.example/rss">
<link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
<link rel="alternate" type="text/html" hreflang="fr" href="/fr/">
<link rel="alternate" type="application/json" href="https://blog.example/wp-json/wp/v2/posts/1">
<link rel="alternate" type="application/json+oembed" href="/oembed?url=x">
<link rel="feed" href="/updates">
<link rel="icon" type="application/rss+xml" href="/not-a-feed">
</head><body>
<link rel="alternate" type="application/rdf+xml" href="/index.rdf">
</body></html>"""


def test_discover_feeds() -> None:
    assert discover_feeds(PAGE, "https://blog.example/posts/1") == [
        "https://blog.example/feed.xml",
        "https://blog.example/atom.xml",
        "https://blog.example/posts/feed.json",
        "https://cdn.blog.example/rss",
        "https://blog.example/updates",
        "https://blog.example/index.rdf",
    ]


def test_base_href_is_honoured() -> None:
    page = b"""<html><head><base href="https://static.example/root/">
      <link rel="alternate" type="application/atom+xml" href="atom.xml"></head></html>"""
    assert discover_feeds(page, "https://www.example/page") == [
        "https://static.example/root/atom.xml"
    ]
    bad_base = b"""<html><head><base href="javascript:alert(1)">
      <link rel="alternate" type="application/atom+xml" href="atom.xml"></head></html>"""
    assert discover_feeds(bad_base, "https://www.example/page") == ["https://www.example/atom.xml"]


def test_relative_links_need_an_http_page_url() -> None:
    page = b'<link rel="alternate" type="application/rss+xml" href="/rss">'
    page += b'<link rel="alternate" type="application/rss+xml" href="https://abs.example/rss">'
    assert discover_feeds(page, "file:///tmp/page.html") == ["https://abs.example/rss"]


def test_no_feeds_and_garbage() -> None:
    assert discover_feeds(b"", "https://x.example/") == []
    assert discover_feeds(b"\xff\xfe\x00garbage<<<>>>", "https://x.example/") == []
    assert discover_feeds(b"<html><head><title>x</title></head></html>", "https://x.example/") == []


def test_legacy_charset_page() -> None:
    page = '<meta charset="windows-1252"><link rel="alternate" type="application/rss+xml" '
    page += 'title="Caf\xe9" href="/caf\xe9.xml">'
    assert discover_feeds(page.encode("cp1252"), "https://x.example/") == [
        "https://x.example/café.xml"
    ]


@pytest.mark.parametrize(
    ("name", "base", "expected"),
    [
        (
            "DaringFireball.html",
            "https://daringfireball.net/",
            ["https://daringfireball.net/feeds/main"],
        ),
        ("sixcolors.html", "https://sixcolors.com/", ["http://feedpress.me/sixcolors"]),
    ],
)
def test_corpus_pages(name: str, base: str, expected: list[str]) -> None:
    path = FEEDS / "netnewswire" / name
    if not path.is_file():
        pytest.skip(f"corpus page {path} is not present (../shared/bench from the repo root)")
    assert discover_feeds(path.read_bytes(), base) == expected


def test_common_feed_paths() -> None:
    assert len(set(COMMON_FEED_PATHS)) == len(COMMON_FEED_PATHS)
    assert all(path.startswith("/") for path in COMMON_FEED_PATHS)
    for expected in ("/feed", "/rss.xml", "/atom.xml", "/feed.json", "/sitemap_news.xml"):
        assert expected in COMMON_FEED_PATHS
