"""Hostile feeds through the whole pipeline: refused or defused, and nothing else touched.

Each fixture of ../shared/bench/hostile (and the generated bombs) is served as a feed by
a loopback server next to a healthy feed. After a refresh, the healthy feed's articles
are intact, every hostile feed either parsed safely or carries a clear error for the
operator, and no local file content or script reached the store unescaped.
"""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlalchemy import text

from broadsheet.config import Settings
from broadsheet.ingest.fetch import Fetcher
from broadsheet.pipeline import Context, subscribe
from broadsheet.store import feeds as feed_store
from broadsheet.store.db import Store
from broadsheet.worker import run_pass
from tests.conftest import bench_dir
from tests.support.feedserver import SyntheticNews

FIXTURES = [
    "billion_laughs.xml",
    "quadratic_blowup.xml",
    "xxe_local_file.xml",
    "xxe_network_dtd.xml",
    "xinclude.xml",
    "xss_rss.xml",
    "xss_atom.xml",
    "xss_jsonfeed.json",
    "tracking_pixels.xml",
    "redos_author.xml",
    "malformed_dates.xml",
    "enc_decl_utf8_bytes_cp1252.xml",
    "enc_decl_latin1_bytes_utf8.xml",
    "enc_utf16_bom_decl_utf8.xml",
    "enc_invalid_xml_chars.xml",
    "enc_invalid_utf8_sequences.xml",
    "enc_mojibake_in_source.xml",
    "text_bidi_zero_width.xml",
]
BOMBS = ["huge_100k_items.xml", "deep_nesting.xml", "huge_text_node.xml", "many_attrs.xml"]


class _Files(ThreadingHTTPServer):
    root: Path

    def handle_error(self, request: object, client_address: object) -> None:
        return


class _Handler(BaseHTTPRequestHandler):
    server: _Files

    def log_message(self, format: str, *args: object) -> None:
        return

    def do_GET(self) -> None:
        name = self.path.strip("/")
        path = self.server.root / name
        if "/" in name or not path.is_file():
            self.send_error(404)
            return
        body = path.read_bytes()
        self.send_response(200)
        kind = "application/json" if name.endswith(".json") else "application/xml"
        self.send_header("Content-Type", kind)
        if name == "gzip_bomb_1g.xml.gz":
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def hostile_files(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    source = bench_dir("hostile")
    root = tmp_path_factory.mktemp("hostile")
    for name in FIXTURES:
        shutil.copy(source / name, root / name)
    subprocess.run(
        [sys.executable, str(source / "gen_bombs.py"), str(root)],
        check=True,
        capture_output=True,
    )
    server = _Files(("127.0.0.1", 0), _Handler)
    server.root = root
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_hostile_feeds_are_refused_or_defused(
    settings: Settings, store: Store, hostile_files: str
) -> None:
    healthy = SyntheticNews(feeds=1, entries=3)
    healthy.start()
    settings = settings.replace(fetch_timeout=20.0)

    async def work() -> None:
        fetcher = Fetcher(settings)
        ctx = Context(settings, store, fetcher)
        try:
            await subscribe(ctx, healthy.feed_urls()[0])
            await run_pass(ctx, owner="t", force=True)
            with store.begin() as conn:
                source = feed_store.source_for_host(
                    conn, host="hostile", name="hostile", site_url=None, now=ctx.clock()
                )
                for name in [*FIXTURES, *BOMBS, "gzip_bomb_1g.xml.gz"]:
                    feed_store.add_feed(
                        conn,
                        source_id=source.id,
                        url=f"{hostile_files}/{name}",
                        kind="feed",
                        now=ctx.clock(),
                    )
            await run_pass(ctx, owner="t", force=True)
        finally:
            await fetcher.aclose()

    try:
        asyncio.run(work())
    finally:
        healthy.stop()
    with store.read() as conn:
        feeds = {f.url.rsplit("/", 1)[1]: f for f in feed_store.list_feeds(conn)}
        healthy_articles = conn.execute(
            text(
                "SELECT count(*) FROM articles a JOIN sources s ON s.id = a.source_id "
                "WHERE s.host != 'hostile'"
            )
        ).scalar_one()
        everything = " ".join(
            str(value)
            for row in conn.execute(text("SELECT title, text, summary, html FROM articles"))
            for value in row
            if value is not None
        )
        entry_text = " ".join(
            str(value)
            for row in conn.execute(text("SELECT title, summary, content, author FROM entries"))
            for value in row
            if value is not None
        )
    assert healthy_articles == 3
    assert "root:x:0:0" not in everything + entry_text
    assert "lollollol" * 10 not in entry_text
    # Refused documents carry a clear reason on the feed for the operator.
    assert "gzip_bomb_1g.xml.gz" in feeds
    assert feeds["gzip_bomb_1g.xml.gz"].error_count == 1
    assert "larger than" in (feeds["gzip_bomb_1g.xml.gz"].last_error or "")
    assert feeds["huge_text_node.xml"].error_count == 1  # 52 MB: over the byte cap
    for name, feed in feeds.items():
        if feed.error_count:
            assert feed.last_error, name
    # The documents that are feeds at heart still give their entries.
    for name in ("xss_rss.xml", "malformed_dates.xml", "tracking_pixels.xml", "redos_author.xml"):
        assert feeds[name].error_count == 0, (name, feeds[name].last_error)
    with store.read() as conn:
        many = conn.execute(
            text(
                "SELECT count(*) FROM entries e JOIN feeds f ON f.id = e.feed_id "
                "WHERE f.url LIKE '%huge_100k_items.xml'"
            )
        ).scalar_one()
    assert many <= settings.max_items_per_feed
