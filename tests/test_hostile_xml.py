"""parse_feed against ../shared/bench/hostile: every XML, JSON and charset attack, and the
generated bombs. Each test states the safe behaviour from the fixtures' README.

Time limits here are generous sanity bounds (a parser that expanded a billion laughs or
backtracked on a regex would take minutes), not performance assertions.
"""

from __future__ import annotations

import importlib.util
import socket
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

import pytest

from broadsheet.errors import ParseError
from broadsheet.ingest.feeds import parse_feed
from broadsheet.ingest.urls import canonicalize, is_http_url
from broadsheet.model import ParsedEntry, ParsedFeed

HOSTILE = Path(__file__).resolve().parents[1].parent / "shared" / "bench" / "hostile"
NOW = datetime(2025, 6, 1, tzinfo=UTC)
SANITY_SECONDS = 20.0


def fixture(name: str) -> bytes:
    path = HOSTILE / name
    if not path.is_file():
        pytest.skip(f"hostile fixture {path} is not present (../shared/bench from the repo root)")
    return path.read_bytes()


def parse_bounded(data: bytes, **kwargs: object) -> ParsedFeed:
    start = time.process_time()
    feed = parse_feed(data, now=NOW, **kwargs)  # type: ignore[arg-type]
    assert time.process_time() - start < SANITY_SECONDS
    return feed


def all_text(feed: ParsedFeed) -> str:
    return repr(feed)


def strings_of(entry: ParsedEntry) -> list[str]:
    values = [entry.guid, entry.url, entry.title, entry.summary_html, entry.content_html]
    values += [entry.author, entry.image_url, entry.language, *entry.tags]
    return [v for v in values if v is not None]


def assert_links_safe(feed: ParsedFeed) -> None:
    assert feed.site_url is None or is_http_url(feed.site_url)
    for link in feed.links:
        assert is_http_url(link)
    for entry in feed.entries:
        assert entry.url is None or is_http_url(entry.url)
        assert entry.image_url is None or is_http_url(entry.image_url)


def test_billion_laughs_is_not_expanded() -> None:
    feed = parse_bounded(fixture("billion_laughs.xml"))
    (entry,) = feed.entries
    assert entry.title is not None
    assert "lollol" not in all_text(feed)
    assert len(all_text(feed)) < 2000
    assert entry.url == "https://feed.example/1"


def test_quadratic_blowup_is_not_expanded() -> None:
    data = fixture("quadratic_blowup.xml")
    feed = parse_bounded(data)
    assert len(all_text(feed)) < 2 * len(data)  # 2.5 GB if the entity were expanded
    assert feed.entries
    assert feed.entries[0].url == "https://feed.example/1"


def test_xxe_local_file_is_never_read() -> None:
    feed = parse_bounded(fixture("xxe_local_file.xml"))
    text = all_text(feed)
    assert "root:x:0:0" not in text
    hostname = Path("/etc/hostname")
    if hostname.is_file() and len(hostname.read_text().strip()) > 6:
        assert hostname.read_text().strip() not in text
    (entry,) = feed.entries
    assert entry.title == "T &xxe;"  # the reference stays visible as text


@pytest.fixture
def loopback_listener() -> Iterator[tuple[int, list[bytes]]]:
    """A TCP listener on 127.0.0.1 that records every connection it accepts."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.settimeout(0.2)
    seen: list[bytes] = []
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except TimeoutError:
                continue
            with connection:
                connection.settimeout(1)
                try:
                    seen.append(connection.recv(4096))
                except TimeoutError:
                    seen.append(b"")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield server.getsockname()[1], seen
    finally:
        stop.set()
        thread.join(timeout=5)
        server.close()


def test_xxe_network_dtd_makes_no_connection(loopback_listener: tuple[int, list[bytes]]) -> None:
    port, seen = loopback_listener
    data = fixture("xxe_network_dtd.xml").replace(b"127.0.0.1:8765", f"127.0.0.1:{port}".encode())
    assert f"127.0.0.1:{port}".encode() in data
    feed = parse_bounded(data)
    assert feed.entries[0].url == "https://feed.example/1"
    # the same DTD on a document broken enough to go through the feedparser fallback
    broken = data.replace(b"</channel></rss>", b"</rss><rss><item><title>late</title></item></rss>")
    fallback = parse_bounded(broken)
    assert any("feedparser" in w for w in fallback.warnings)
    time.sleep(0.5)
    assert seen == []
    # positive control: the listener does see a connection when one is made
    with socket.create_connection(("127.0.0.1", port), timeout=2) as probe:
        probe.sendall(b"control")
    deadline = time.monotonic() + 5
    while not seen and time.monotonic() < deadline:
        time.sleep(0.05)
    assert seen == [b"control"]


def test_xinclude_is_not_processed() -> None:
    feed = parse_bounded(fixture("xinclude.xml"))
    assert "root:x:0:0" not in all_text(feed)
    assert len(feed.entries) == 1


def test_xss_rss_links_refused_and_content_kept_raw() -> None:
    feed = parse_bounded(fixture("xss_rss.xml"), url="https://feed.example/rss")
    assert_links_safe(feed)
    assert feed.entries
    assert any("link(s)" in w for w in feed.warnings)
    for entry in feed.entries:
        for value in (entry.url, entry.image_url):
            assert value is None or "javascript" not in value.lower()
        assert entry.title is None or "<" not in entry.title  # titles are plain text
    by_guid = {e.guid: e for e in feed.entries}
    assert by_guid["xss-title"].url is None  # javascript: link dropped, kept by its guid
    assert by_guid["xss-title"].title == "entity-encoded title"
    assert by_guid["xss-title2"].url is None  # "  JAVASCRIPT:" too
    assert by_guid["enc"].url == "https://feed.example/enc"
    # stored raw: sanitizing is the display layer's job, so the vectors are still there
    raw = " ".join(e.summary_html or "" for e in feed.entries)
    assert "<script>" in raw


def test_xss_atom_base_and_content() -> None:
    feed = parse_bounded(fixture("xss_atom.xml"), url="https://feed.example/atom")
    assert_links_safe(feed)
    first, second, third = feed.entries
    assert first.url is None  # relative link under a javascript: xml:base is not resolved
    assert first.guid == "urn:1"
    assert first.title == "xhtml title"  # script body dropped from the plain-text title
    assert second.url == "https://feed.example/2"
    assert third.content_html is None  # base64 SVG is not HTML content
    assert feed.title is None  # an <img onerror> title has no text


def test_xss_json_feed() -> None:
    feed = parse_bounded(fixture("xss_jsonfeed.json"), url="https://feed.example/feed.json")
    assert_links_safe(feed)
    assert feed.site_url is None
    first, second = feed.entries
    assert (first.guid, first.url) == ("1", None)
    assert first.title == "alert(1)" or first.title is None or "<" not in first.title
    assert second.url == "https://feed.example/2"
    assert second.image_url is None
    assert second.content_html == "&lt;b&gt;not html&lt;/b&gt;"  # content_text escaped


def test_tracking_parameters_go_with_canonicalization() -> None:
    feed = parse_bounded(fixture("tracking_pixels.xml"))
    (entry,) = feed.entries
    assert entry.url is not None
    key = canonicalize(entry.url)
    for name in ("utm_", "fbclid", "gclid"):
        assert name not in key
    assert "id=7" in key


def test_redos_author_is_linear() -> None:
    feed = parse_bounded(fixture("redos_author.xml"))
    author = feed.entries[0].author
    assert author is not None
    assert len(author) <= 200
    # 64 kB of the same pattern: still a sanity-bounded parse
    long_author = b"a@" + b"a." * 32_000 + b"!"
    doc = (
        b"<rss><channel><item><guid>1</guid><author>"
        + long_author
        + b"</author></item></channel></rss>"
    )
    assert parse_bounded(doc).entries[0].author is not None


def test_malformed_dates_never_crash() -> None:
    feed = parse_bounded(fixture("malformed_dates.xml"))
    assert len(feed.entries) == 14
    for entry in feed.entries:
        for value in (entry.published, entry.updated):
            assert value is None or (value.tzinfo is UTC and value <= NOW)
    by_title = {e.title: e.published for e in feed.entries}
    assert by_title["date 0"] == datetime(2025, 1, 6, 10, tzinfo=UTC)
    assert by_title["date 1"] is None  # 0000-00-00
    assert by_title["date 2"] == NOW  # year 9999, clamped
    assert by_title["date 10"] is None  # Feb 30


def test_charset_declared_utf8_bytes_cp1252() -> None:
    feed = parse_bounded(fixture("enc_decl_utf8_bytes_cp1252.xml"))
    assert feed.entries[0].title == "Café “quoted” €5"
    assert feed.warnings


def test_charset_declared_latin1_bytes_utf8() -> None:
    feed = parse_bounded(fixture("enc_decl_latin1_bytes_utf8.xml"))
    assert feed.entries[0].title == "Café “quoted” €5"
    assert feed.entries[0].summary_html == "naïve résumé"
    assert feed.warnings


def test_charset_utf16_bom_beats_declaration() -> None:
    feed = parse_bounded(fixture("enc_utf16_bom_decl_utf8.xml"))
    assert feed.title == "日本語 UTF-16"


def test_invalid_xml_chars_dropped() -> None:
    feed = parse_bounded(fixture("enc_invalid_xml_chars.xml"))
    (entry,) = feed.entries
    assert entry.title == "ctrlcharsnul"
    for value in strings_of(entry):
        value.encode("utf-8")  # no lone surrogate survives
        assert not any(ord(c) < 0x20 and c not in "\t\n\r" for c in value)


def test_invalid_utf8_sequences_replaced() -> None:
    feed = parse_bounded(fixture("enc_invalid_utf8_sequences.xml"))
    title = feed.entries[0].title
    assert title is not None
    assert title.startswith("bad ")
    assert title.endswith(" bytes")
    assert "\ufffd" in title


def test_mojibake_in_source_stored_as_is() -> None:
    feed = parse_bounded(fixture("enc_mojibake_in_source.xml"))
    assert feed.entries[0].title is not None
    assert feed.entries[0].title.startswith("CafÃ©")


def test_bidi_and_zero_width_stripped_from_titles() -> None:
    feed = parse_bounded(fixture("text_bidi_zero_width.xml"))
    title = feed.entries[0].title
    assert title is not None
    assert "\u202e" not in title
    assert "\u200b" not in title
    assert "invoice" in title


def test_lone_surrogate_references_in_every_format() -> None:
    for doc in (
        b"<rss><channel><item><guid>1</guid><title>a&#xD800;b&#xDFFF;</title></item></channel></rss>",
        b'{"version":"https://jsonfeed.org/version/1","items":[{"id":"\\udfff","title":"\\ud800"}]}',
    ):
        for entry in parse_bounded(doc).entries:
            for value in strings_of(entry):
                value.encode("utf-8")


def _gen_bombs() -> ModuleType:
    path = HOSTILE / "gen_bombs.py"
    if not path.is_file():
        pytest.skip(f"{path} is not present (../shared/bench from the repo root)")
    spec = importlib.util.spec_from_file_location("gen_bombs", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def bombs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    generator = _gen_bombs()
    out = tmp_path_factory.mktemp("bombs")
    generator.huge_items(out / "huge_100k_items.xml", 100_000)
    generator.deep_nesting(out / "deep_nesting.xml", 100_000)
    generator.huge_text(out / "huge_text_node.xml", 50 << 20)
    generator.many_attrs(out / "many_attrs.xml", 200_000)
    return out


def test_huge_number_of_items_is_capped(bombs: Path) -> None:
    feed = parse_bounded((bombs / "huge_100k_items.xml").read_bytes())
    assert len(feed.entries) == 500
    assert any("100000 items" in w for w in feed.warnings)
    assert parse_bounded((bombs / "huge_100k_items.xml").read_bytes(), max_items=20).entries[
        -1
    ].url == ("https://feed.example/19")


def test_deep_nesting_is_bounded(bombs: Path) -> None:
    feed = parse_bounded((bombs / "deep_nesting.xml").read_bytes())
    assert [e.title for e in feed.entries] == ["deep", "deep xml"]


def test_huge_text_node_is_bounded(bombs: Path) -> None:
    feed = parse_bounded((bombs / "huge_text_node.xml").read_bytes())
    (entry,) = feed.entries
    assert entry.url == "https://feed.example/1"
    assert entry.summary_html is not None
    assert len(entry.summary_html) <= 1_000_000
    assert any("cut" in w or "not well-formed" in w for w in feed.warnings)


def test_many_attributes_is_bounded(bombs: Path) -> None:
    feed = parse_bounded((bombs / "many_attrs.xml").read_bytes())
    assert [e.summary_html for e in feed.entries] == ["x"]


def test_gzip_bytes_are_refused() -> None:
    with pytest.raises(ParseError, match="gzip"):
        parse_bounded(b"\x1f\x8b\x08\x00" + b"\x00" * 64)
