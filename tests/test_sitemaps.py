"""Sitemaps: Google News urlsets, image extension, sitemap indexes, and the corpus files."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from broadsheet.errors import ParseError
from broadsheet.ingest.feeds import parse_feed
from broadsheet.ingest.sitemaps import parse_sitemap

FEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "bench" / "feeds"
NOW = datetime(2025, 6, 1, tzinfo=UTC)

NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"
        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
  <url>
    <loc>https://paper.example/business/article55.html</loc>
    <lastmod>2025-01-06T12:00:00+00:00</lastmod>
    <news:news>
      <news:publication>
        <news:name>The Example Times</news:name>
        <news:language>en</news:language>
      </news:publication>
      <news:publication_date>2025-01-06T10:30:00+01:00</news:publication_date>
      <news:title>Companies A &amp; B in merger talks</news:title>
      <news:keywords>business, merger, acquisition</news:keywords>
    </news:news>
    <image:image><image:loc>https://paper.example/img/55.jpg</image:loc></image:image>
  </url>
  <url>
    <loc>https://paper.example/world/article56.html</loc>
    <news:news>
      <news:publication>
        <news:name>The Example Times</news:name><news:language>en</news:language>
      </news:publication>
      <news:publication_date>2025-01-07</news:publication_date>
      <news:title>Second story</news:title>
    </news:news>
  </url>
  <url><loc>javascript:alert(1)</loc></url>
  <url><loc>  https://paper.example/plain.html  </loc><lastmod>2024-12-31</lastmod></url>
</urlset>"""

INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://paper.example/sitemap-news.xml</loc><lastmod>2025-01-06</lastmod></sitemap>
  <sitemap><loc>/sitemap-2024.xml</loc></sitemap>
  <sitemap><loc>https://paper.example/sitemap-news.xml</loc></sitemap>
  <sitemap><loc>file:///etc/passwd</loc></sitemap>
</sitemapindex>"""


def test_news_sitemap() -> None:
    feed = parse_sitemap(NEWS_SITEMAP, url="https://paper.example/sitemap-news.xml", now=NOW)
    assert feed.kind == "sitemap"
    assert feed.title == "The Example Times"
    assert feed.language == "en"
    first, second, third = feed.entries
    assert first.url == "https://paper.example/business/article55.html"
    assert first.guid is None
    assert first.title == "Companies A & B in merger talks"
    assert first.published == datetime(2025, 1, 6, 9, 30, tzinfo=UTC)
    assert first.updated == datetime(2025, 1, 6, 12, 0, tzinfo=UTC)
    assert first.language == "en"
    assert first.image_url == "https://paper.example/img/55.jpg"
    assert first.tags == ("business", "merger", "acquisition")
    assert second.published == datetime(2025, 1, 7, tzinfo=UTC)
    assert (third.url, third.title) == ("https://paper.example/plain.html", None)
    assert third.published == third.updated == datetime(2024, 12, 31, tzinfo=UTC)
    assert any("link(s)" in w for w in feed.warnings)


def test_parse_feed_dispatches_to_sitemaps() -> None:
    feed = parse_feed(NEWS_SITEMAP, now=NOW)
    assert feed.kind == "sitemap"
    assert len(feed.entries) == 3


def test_sitemap_index() -> None:
    feed = parse_sitemap(INDEX, url="https://paper.example/sitemap.xml")
    assert feed.kind == "sitemapindex"
    assert feed.entries == ()
    assert feed.links == (
        "https://paper.example/sitemap-news.xml",
        "https://paper.example/sitemap-2024.xml",
    )
    assert parse_feed(INDEX).links == ("https://paper.example/sitemap-news.xml",)


def test_sitemap_max_items() -> None:
    urls = "".join(f"<url><loc>https://s.example/{i}</loc></url>" for i in range(120))
    doc = f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
    feed = parse_sitemap(doc.encode(), max_items=100)
    assert len(feed.entries) == 100
    assert any("120 URLs" in w for w in feed.warnings)


def test_not_a_sitemap() -> None:
    with pytest.raises(ParseError, match="not a sitemap"):
        parse_sitemap(b"<rss><channel/></rss>")
    with pytest.raises(ParseError):
        parse_sitemap(b"")


def corpus(name: str) -> bytes:
    path = FEEDS / "trafilatura" / name
    if not path.is_file():
        pytest.skip(f"corpus file {path} is not present (../shared/bench from the repo root)")
    return path.read_bytes()


def test_corpus_sitemap() -> None:
    feed = parse_feed(corpus("sitemap.xml"), now=NOW)
    assert feed.kind == "sitemap"
    assert len(feed.entries) == 84  # items_in_doc=84
    assert feed.entries[0].url == "https://www.sitemaps.org/"
    assert feed.entries[0].updated == datetime(2016, 11, 21, tzinfo=UTC)


def test_corpus_sitemap_hreflang() -> None:
    feed = parse_feed(corpus("sitemap-hreflang.xml"), now=NOW)
    # four <loc>s: three <url>s and one child <sitemap> listed inside the urlset
    assert [e.url for e in feed.entries] == [
        "http://www.example.com/english/page.html",
        "http://www.example.com/deutsch/page.html",
        "http://www.example.com/schweiz-deutsch/page.html",
    ]
    assert feed.links == ("http://www.example.com/sitemap2.xml.gz",)


def test_corpus_sitemap_index() -> None:
    feed = parse_feed(corpus("sitemap2.xml"), now=NOW)
    assert feed.kind == "sitemapindex"
    assert feed.links == (
        "http://www.example.com/sitemap1.xml.gz",
        "http://www.example.com/sitemap2.xml.gz",
    )
