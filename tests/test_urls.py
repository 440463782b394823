"""URL gate and canonical form: absolute http(s) only, one key per article."""

from __future__ import annotations

import pytest

from broadsheet.ingest.urls import canonicalize, host_of, is_http_url, resolve_url


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://example.com", True),
        ("https://example.com/a?b=c#d", True),
        ("HTTPS://EXAMPLE.COM/", True),
        ("https://user:pw@example.com:8443/x", True),
        ("http://[2001:db8::1]/", True),
        ("http://", False),
        ("http:///path", False),
        ("https://./", False),
        ("ftp://example.com/", False),
        ("javascript:alert(1)", False),
        ("data:text/html,<script>", False),
        ("file:///etc/passwd", False),
        ("//example.com/x", False),
        ("/relative", False),
        ("", False),
        (None, False),
        ("https://example.com/" + "a" * 5000, False),
    ],
)
def test_is_http_url(url: str | None, expected: bool) -> None:
    assert is_http_url(url) is expected


@pytest.mark.parametrize(
    ("base", "href", "expected"),
    [
        ("https://ex.com/blog/feed.xml", "post-1", "https://ex.com/blog/post-1"),
        ("https://ex.com/blog/feed.xml", "/post-1", "https://ex.com/post-1"),
        ("https://ex.com/blog/feed.xml", "../up", "https://ex.com/up"),
        ("https://ex.com/blog/", "//cdn.ex.com/i.png", "https://cdn.ex.com/i.png"),
        ("https://ex.com/", "https://other.org/x", "https://other.org/x"),
        (None, "https://other.org/x", "https://other.org/x"),
        ("https://ex.com/", "  https://other.org/x \n", "https://other.org/x"),
        ("https://ex.com/", "https://other.org/a b", "https://other.org/a%20b"),
        # relative references need an http(s) base
        (None, "/post", None),
        (None, "//cdn.ex.com/i.png", None),
        ("javascript:alert(1)//", "relative/path", None),
        ("file:///etc/", "passwd", None),
        ("not a url", "x", None),
        # other schemes are refused, however they are disguised
        ("https://ex.com/", "javascript:alert(1)", None),
        ("https://ex.com/", "  JAVASCRIPT:alert(1)", None),
        ("https://ex.com/", "jav\tascript:alert(1)", None),
        ("https://ex.com/", "java\nscript:alert(1)", None),
        ("https://ex.com/", "\x0e javascript:alert(1)", None),
        ("https://ex.com/", "\x00javascript:alert(1)", None),
        ("https://ex.com/", "data:text/html,<script>alert(1)</script>", None),
        ("https://ex.com/", "file:///etc/passwd", None),
        ("https://ex.com/", "mailto:jo@ex.com", None),
        ("https://ex.com/", "vbscript:msgbox", None),
        ("https://ex.com/", "", None),
        ("https://ex.com/", None, None),
        ("https://ex.com/", "http://", None),
        # browsers read a backslash as a slash: the host must be the one a browser sees
        ("https://ex.com/", "/\\evil.example/x", "https://evil.example/x"),
    ],
)
def test_resolve_url(base: str | None, href: str | None, expected: str | None) -> None:
    assert resolve_url(base, href) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTPS://Example.COM", "https://example.com/"),
        ("https://example.com:443/a", "https://example.com/a"),
        ("http://example.com:80/a", "http://example.com/a"),
        ("http://example.com:8080/a", "http://example.com:8080/a"),
        ("https://example.com/a#section-2", "https://example.com/a"),
        ("https://example.com./a", "https://example.com/a"),
        ("https://example.com/a/./b/../c", "https://example.com/a/c"),
        ("https://example.com/A/Path/", "https://example.com/A/Path/"),
        ("https://example.com/%7euser/%2f", "https://example.com/~user/%2F"),
        ("https://bücher.example/", "https://xn--bcher-kva.example/"),
        ("https://[2001:DB8::1]:443/", "https://[2001:db8::1]/"),
        ("https://user:pw@Example.com/", "https://user:pw@example.com/"),
        # query: tracking parameters removed, the rest sorted, values untouched
        ("https://ex.com/a?utm_source=rss&utm_medium=feed&id=7", "https://ex.com/a?id=7"),
        ("https://ex.com/a?b=2&a=1&c=3", "https://ex.com/a?a=1&b=2&c=3"),
        ("https://ex.com/a?fbclid=x&gclid=y&dclid=z&msclkid=w", "https://ex.com/a"),
        ("https://ex.com/a?mc_cid=1&mc_eid=2&igshid=3&_ga=4&yclid=5", "https://ex.com/a"),
        ("https://ex.com/a?ref_src=twsrc&UTM_Campaign=x&p=1", "https://ex.com/a?p=1"),
        ("https://ex.com/a?utm%5Fsource=x&p=1", "https://ex.com/a?p=1"),
        ("https://ex.com/a?q=a+b&q=a%20c", "https://ex.com/a?q=a%20c&q=a+b"),
        ("https://ex.com/a?&&p=1&", "https://ex.com/a?p=1"),
        ("https://ex.com/a?", "https://ex.com/a"),
        ("https://ex.com/a?ref=main", "https://ex.com/a?ref=main"),
        ("https://ex.com/a?flag", "https://ex.com/a?flag"),
    ],
)
def test_canonicalize(url: str, expected: str) -> None:
    assert canonicalize(url) == expected


def test_canonicalize_makes_one_key_for_the_same_article() -> None:
    variants = [
        "https://News.Example.com/story/42?utm_source=twitter&utm_medium=social",
        "https://news.example.com:443/story/42#comments",
        "https://news.example.com/story/42?fbclid=IwAR0abc",
        "https://news.example.com/story/./42",
        "HTTPS://NEWS.EXAMPLE.COM/story/42?gclid=1&utm_campaign=x",
    ]
    assert {canonicalize(u) for u in variants} == {"https://news.example.com/story/42"}


def test_canonicalize_keeps_different_articles_apart() -> None:
    urls = [
        "https://ex.com/story/42",
        "https://ex.com/story/42/",
        "https://ex.com/Story/42",
        "https://ex.com/story/42?page=2",
        "http://ex.com/story/42",
        "https://www.ex.com/story/42",
    ]
    assert len({canonicalize(u) for u in urls}) == len(urls)


def test_canonicalize_is_idempotent() -> None:
    for url in [
        "https://ex.com/a?b=2&a=1&utm_source=x#f",
        "https://ex.com/%7e/x%2f?q=%41%2a",
        "https://bücher.example/a/../b",
    ]:
        once = canonicalize(url)
        assert canonicalize(once) == once


def test_canonicalize_leaves_non_urls_alone() -> None:
    assert canonicalize("not a url") == "not a url"
    assert canonicalize("  urn:uuid:1234 ") == "urn:uuid:1234"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://News.Example.com:8443/x", "news.example.com"),
        ("https://example.com./", "example.com"),
        ("http://[::1]:80/", "::1"),
        ("https://user@host.example/", "host.example"),
        ("/relative", ""),
        ("http://[broken", ""),
    ],
)
def test_host_of(url: str, expected: str) -> None:
    assert host_of(url) == expected
