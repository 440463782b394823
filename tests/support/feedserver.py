"""A synthetic news site on loopback: many RSS feeds and their article pages.

Used by the pipeline tests, the crash test and the refresh/ingest benchmarks. Feeds
answer conditional requests: feeds in ``conditional`` answer 304 to a matching
If-None-Match, the others always send the full document (200), like servers that ignore
validators. Text is generated from a fixed vocabulary with a seeded RNG, so every run
serves the same bytes.
"""

from __future__ import annotations

import hashlib
import random
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape

WORDS = [
    "council",
    "harbour",
    "river",
    "budget",
    "school",
    "station",
    "bridge",
    "market",
    "union",
    "workers",
    "minister",
    "court",
    "judge",
    "police",
    "storm",
    "flood",
    "fire",
    "vote",
    "election",
    "mayor",
    "hospital",
    "doctors",
    "nurses",
    "company",
    "shares",
    "bank",
    "rates",
    "inflation",
    "museum",
    "festival",
    "team",
    "final",
    "coach",
    "season",
    "village",
    "road",
    "rail",
    "airport",
    "farmers",
    "water",
    "energy",
    "plant",
    "solar",
    "wind",
    "housing",
    "rents",
    "tenants",
    "students",
    "teachers",
    "report",
    "inquiry",
    "agreement",
    "talks",
    "strike",
    "protest",
    "crowd",
]


def _sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


class _QuietServer(ThreadingHTTPServer):
    """Clients that hang up (a killed reader) are normal here, not worth a traceback.

    The listen backlog is a real server's (socketserver's default is 5: twenty clients
    connecting at once would see SYNs dropped and retried a second later).
    """

    request_queue_size = 128

    def handle_error(self, request: object, client_address: object) -> None:
        return


class SyntheticNews:
    def __init__(
        self,
        *,
        feeds: int,
        entries: int,
        conditional_share: float = 0.5,
        paragraphs: int = 5,
        now: datetime | None = None,
    ) -> None:
        self.feeds = feeds
        self.entries = entries
        self.paragraphs = paragraphs
        self.now = now or datetime.now(UTC).replace(microsecond=0)
        self.conditional = {i for i in range(feeds) if (i % 100) < conditional_share * 100}
        self.requests = 0
        self.hits: Counter[str] = Counter()
        self.feed_delay = 0.0  # seconds each feed request takes, to make work overlap
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.base = ""

    # -- content ---------------------------------------------------------------------
    def title(self, feed: int, item: int) -> str:
        rng = random.Random(feed * 100_003 + item)
        return _sentence(rng, 6).rstrip(".")

    def body(self, feed: int, item: int) -> list[str]:
        rng = random.Random(feed * 7_919 + item * 31 + 1)
        return [
            " ".join(_sentence(rng, rng.randint(9, 18)) for _ in range(3))
            for _ in range(self.paragraphs)
        ]

    def published(self, item: int) -> datetime:
        return self.now - timedelta(hours=item + 1)

    def feed_xml(self, feed: int) -> bytes:
        items = []
        for item in range(self.entries):
            link = f"{self.base}/article/{feed}/{item}.html"
            items.append(
                f"<item><title>{escape(self.title(feed, item))}</title><link>{link}</link>"
                f"<guid>{link}</guid><pubDate>{format_datetime(self.published(item))}</pubDate>"
                f"<description>{escape(self.body(feed, item)[0])}</description></item>"
            )
        return (
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>Synthetic feed {feed}</title><link>{self.base}/</link>"
            f"<description>Synthetic test feed</description>{''.join(items)}</channel></rss>"
        ).encode()

    def page(self, feed: int, item: int) -> bytes:
        paras = "".join(f"<p>{escape(p)}</p>" for p in self.body(feed, item))
        stamp = self.published(item).isoformat()
        return (
            "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
            f"<title>{escape(self.title(feed, item))} | Synthetic News</title>"
            f"<meta property='article:published_time' content='{stamp}'></head><body>"
            "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
            "<div class='cookie'>We use cookies. Accept all cookies?</div><main><article>"
            f"<h1>{escape(self.title(feed, item))}</h1><p class='byline'>By Sam Tester</p>"
            f"<time datetime='{stamp}'>{stamp}</time>{paras}</article></main>"
            "<aside>Subscribe now: try us free for a month!</aside>"
            "<footer>Synthetic News test site</footer></body></html>"
        ).encode()

    # -- serving ---------------------------------------------------------------------
    def start(self, host: str = "127.0.0.1") -> str:
        news = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                return

            def setup(self) -> None:
                super().setup()
                # Headers and body leave in two writes; with Nagle's algorithm the body
                # would wait for the client's delayed ACK of the headers (about 40 ms
                # per response on a kept-alive connection), which no real server makes
                # its clients wait.
                self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

            def do_GET(self) -> None:
                with news._lock:
                    news.requests += 1
                    news.hits[self.path] += 1
                if news.feed_delay and self.path.startswith("/feed/"):
                    time.sleep(news.feed_delay)
                status, body, ctype, etag = news.route(self.path, self.headers.get("If-None-Match"))
                self.send_response(status)
                if etag:
                    self.send_header("ETag", etag)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self._server = _QuietServer((host, 0), Handler)
        self._server.daemon_threads = True
        self.base = f"http://{host}:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self.base

    def route(self, path: str, if_none_match: str | None) -> tuple[int, bytes, str, str | None]:
        parts = path.strip("/").split("/")
        if path == "/robots.txt":
            return 200, b"User-agent: *\nAllow: /\n", "text/plain", None
        if len(parts) == 2 and parts[0] == "feed" and parts[1].endswith(".xml"):
            feed = int(parts[1].removesuffix(".xml"))
            if 0 <= feed < self.feeds:
                body = self.feed_xml(feed)
                etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
                if feed in self.conditional and if_none_match == etag:
                    return 304, b"", "application/rss+xml", etag
                sent_etag = etag if feed in self.conditional else None
                return 200, body, "application/rss+xml", sent_etag
        if len(parts) == 3 and parts[0] == "article" and parts[2].endswith(".html"):
            feed, item = int(parts[1]), int(parts[2].removesuffix(".html"))
            if 0 <= feed < self.feeds and 0 <= item < self.entries:
                return 200, self.page(feed, item), "text/html; charset=utf-8", None
        return 404, b"not found", "text/plain", None

    def feed_urls(self) -> list[str]:
        return [f"{self.base}/feed/{i}.xml" for i in range(self.feeds)]

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()


@contextmanager
def serving(**kwargs: object) -> Iterator[SyntheticNews]:
    news = SyntheticNews(**kwargs)  # type: ignore[arg-type]
    news.start()
    try:
        yield news
    finally:
        news.stop()


def main() -> None:
    """Serve a synthetic site until killed: ``python -m tests.support.feedserver FEEDS ENTRIES``."""
    import sys  # noqa: PLC0415

    feeds, entries = int(sys.argv[1]), int(sys.argv[2])
    share = float(sys.argv[3]) if len(sys.argv) > 3 else 0.5
    news = SyntheticNews(feeds=feeds, entries=entries, conditional_share=share)
    print(news.start(), flush=True)
    threading.Event().wait()


if __name__ == "__main__":
    main()
