"""A loopback HTTP server for the sample news world.

Each outlet is served on its own loopback address, all on one port: the Harbour Times on
``127.0.0.11``, the Evening Post on ``127.0.0.12`` and so on up to Signal on ``127.0.0.17``
(Linux routes all of ``127.0.0.0/8`` to the loopback interface). A small hub on the
``host`` given (``127.0.0.1`` by default) lists the outlets, serves an OPML file of their
feeds and lets a browser advance the world. The SSRF allow-list for fetching the world is
therefore ``127.0.0.0/8``. Where only ``127.0.0.1`` can be bound (macOS), pass
``distinct_hosts=False``: every outlet is then served on ``host`` with a port of its own.

The world changes in one way only, and only when asked: ``advance()`` (or ``POST
/advance`` on the hub) publishes the corrected second version of one Evening Post story,
with a new ``updated`` date in its page and in the Atom feed. Nothing changes by itself.

Every successful GET carries an ``ETag`` and a ``Last-Modified`` header, and conditional
requests (``If-None-Match``, ``If-Modified-Since``) are answered with 304.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import threading
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import cast

from markupsafe import escape

from broadsheet.demo.catalog import Catalog, normalize_now
from broadsheet.demo.context import NEWS_SITEMAP_PATH
from broadsheet.demo.golden import GoldenArticle, golden
from broadsheet.demo.responses import HTML, Response
from broadsheet.demo.site import Site
from broadsheet.demo.world import OUTLETS, SAMPLE_NOTICE
from broadsheet.demo.world.model import FeedFormat, SubscribeKind

log = logging.getLogger(__name__)

BIND_ATTEMPTS = 20


@dataclass(frozen=True, slots=True)
class OutletInfo:
    name: str
    slug: str
    host: str  # the loopback address the outlet is served on
    homepage_url: str
    feed_url: str
    feed_format: FeedFormat  # "rss" | "atom" | "json"
    feed_has_full_content: bool
    sitemap_url: str  # the Google News sitemap
    robots_url: str
    autodiscovery: bool  # the homepage links its feed with <link rel="alternate">
    subscribe_kind: SubscribeKind  # how a demo adds it: "feed", "site" (discovery) or "sitemap"
    subscribe_url: str  # the feed, homepage or news sitemap URL, to match subscribe_kind


@dataclass(frozen=True, slots=True)
class RequestRecord:
    host: str
    method: str
    target: str
    status: int
    user_agent: str | None


class _SiteServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, address: tuple[str, int], demo: DemoServer, outlet: str | None) -> None:
        super().__init__(address, _Handler)
        self.demo = demo
        self.outlet = outlet  # None: the hub


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "BroadsheetSampleNews/1.0"
    sys_version = ""

    def do_GET(self) -> None:
        self._serve(head=False)

    def do_HEAD(self) -> None:
        self._serve(head=True)

    def do_POST(self) -> None:
        server = cast(_SiteServer, self.server)
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        if server.outlet is None and self.path == "/advance":
            server.demo.advance()
            self._send(Response(204, b"", HTML), head=True)
        else:
            self._send(Response(405, b"", HTML, headers=(("Allow", "GET, HEAD"),)), head=True)

    def _serve(self, *, head: bool) -> None:
        server = cast(_SiteServer, self.server)
        if server.outlet is None:
            response = server.demo.hub_response(self.path)
        else:
            response = server.demo.site().respond(server.outlet, self.path)
        self._send(response, head=head)

    def _send(self, response: Response, *, head: bool) -> None:
        status, body = response.status, response.body
        headers = list(response.headers)
        if response.validators and response.last_modified is not None:
            etag = '"' + hashlib.blake2b(body, digest_size=10).hexdigest() + '"'
            headers += [
                ("ETag", etag),
                ("Last-Modified", format_datetime(response.last_modified, usegmt=True)),
                ("Cache-Control", "public, max-age=60"),
            ]
            if _not_modified(
                self.headers.get("If-None-Match"),
                self.headers.get("If-Modified-Since"),
                etag,
                response.last_modified,
            ):
                status, body = 304, b""
        # Recorded before answering: a client that has its response finds the record.
        server = cast(_SiteServer, self.server)
        server.demo.record(
            RequestRecord(
                self.server_address_text(),
                self.command,
                self.path,
                status,
                self.headers.get("User-Agent"),
            )
        )
        self.send_response(status)
        if status != 304:
            self.send_header("Content-Type", response.content_type)
            self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        if not head and status != 304:
            self.wfile.write(body)

    def server_address_text(self) -> str:
        server = cast(_SiteServer, self.server)
        return (
            server.demo.base_url(server.outlet).removeprefix("http://") if server.outlet else "hub"
        )

    def log_message(self, format: str, *args: object) -> None:
        log.debug("%s %s", self.address_string(), format % args)


def _not_modified(
    if_none_match: str | None, if_modified_since: str | None, etag: str, modified: datetime
) -> bool:
    if if_none_match is not None:
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return "*" in tags or etag in tags
    if if_modified_since is not None:
        try:
            since = parsedate_to_datetime(if_modified_since)
        except (TypeError, ValueError):
            return False
        return since.tzinfo is not None and modified.replace(microsecond=0) <= since
    return False


class DemoServer:
    """The sample world on loopback, in background threads. Use as a context manager."""

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        now: datetime | None = None,
        distinct_hosts: bool = True,
    ) -> None:
        self.host = host
        self.port = port
        self.now = normalize_now(now)
        self.distinct_hosts = distinct_hosts
        self._advanced = False
        self._lock = threading.Lock()
        self._servers: list[_SiteServer] = []
        self._threads: list[threading.Thread] = []
        self._bases: dict[str, str] = {}
        self._hub_url = ""
        self._site: Site | None = None
        self._requests: list[RequestRecord] = []

    # -- lifecycle -----------------------------------------------------------------

    def start(self) -> str:
        """Bind every address, start serving, and return the hub's base URL.

        Calling it again while running just returns the URL.
        """
        if self._servers:
            return self._hub_url
        for attempt in range(BIND_ATTEMPTS):
            try:
                self._bind()
                break
            except OSError as exc:
                self._close_servers()
                if exc.errno != errno.EADDRINUSE or self.port != 0 or attempt == BIND_ATTEMPTS - 1:
                    raise
        self._site = Site(Catalog(self.now, advanced=self._advanced), self._bases)
        for server in self._servers:
            thread = threading.Thread(
                target=server.serve_forever,
                kwargs={"poll_interval": 0.05},
                name=f"demo-{server.outlet or 'hub'}",
                daemon=True,
            )
            thread.start()
            self._threads.append(thread)
        return self._hub_url

    def _bind(self) -> None:
        hub = _SiteServer((self.host, self.port), self, None)
        self._servers.append(hub)
        port = hub.server_address[1]
        self._hub_url = f"http://{self.host}:{port}"
        for outlet in OUTLETS:
            if self.distinct_hosts:
                address = (f"127.0.0.{outlet.host_octet}", port)
            else:
                address = (self.host, 0)
            server = _SiteServer(address, self, outlet.slug)
            self._servers.append(server)
            bound_host, bound_port = server.server_address[:2]
            self._bases[outlet.slug] = f"http://{bound_host!s}:{bound_port}"

    def stop(self) -> None:
        for server in self._servers:
            server.shutdown()
        self._close_servers()
        for thread in self._threads:
            thread.join(timeout=5)
        self._threads.clear()

    def _close_servers(self) -> None:
        for server in self._servers:
            server.server_close()
        self._servers.clear()

    def __enter__(self) -> DemoServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def hub_url(self) -> str:
        """Base URL of the hub: outlet list, ``/outlets.opml`` and ``POST /advance``."""
        if not self._hub_url:
            raise RuntimeError("the demo server has not been started")
        return self._hub_url

    # -- the world -----------------------------------------------------------------

    @property
    def advanced(self) -> bool:
        return self._advanced

    def advance(self) -> None:
        """Publish the second version of the edited article (idempotent)."""
        with self._lock:
            if self._advanced:
                return
            self._advanced = True
            if self._site is not None:
                self._site = Site(Catalog(self.now, advanced=True), self._bases)

    def site(self) -> Site:
        with self._lock:
            if self._site is None:
                raise RuntimeError("the demo server is not running")
            return self._site

    def golden(self) -> list[GoldenArticle]:
        """The golden records of the pages as they are served right now."""
        return golden(self.now, advanced=self._advanced)

    # -- addresses -----------------------------------------------------------------

    def base_url(self, outlet_slug: str) -> str:
        if not self._bases:
            raise RuntimeError("the demo server has not been started")
        return self._bases[outlet_slug]

    def url_for(self, article: GoldenArticle) -> str:
        return self.base_url(article.outlet) + article.path

    def outlets(self) -> list[OutletInfo]:
        infos = []
        for outlet in OUTLETS:
            base = self.base_url(outlet.slug)
            subscribe_urls = {
                "feed": base + outlet.feed_path,
                "site": base + "/",
                "sitemap": base + NEWS_SITEMAP_PATH,
            }
            infos.append(
                OutletInfo(
                    name=outlet.name,
                    slug=outlet.slug,
                    host=base.removeprefix("http://").rsplit(":", 1)[0],
                    homepage_url=base + "/",
                    feed_url=base + outlet.feed_path,
                    feed_format=outlet.feed_format,
                    feed_has_full_content=outlet.full_content_in_feed,
                    sitemap_url=base + NEWS_SITEMAP_PATH,
                    robots_url=base + "/robots.txt",
                    autodiscovery=outlet.autodiscovery,
                    subscribe_kind=outlet.subscribe,
                    subscribe_url=subscribe_urls[outlet.subscribe],
                )
            )
        return infos

    def feed_urls(self) -> list[str]:
        return [o.feed_url for o in self.outlets()]

    def sitemap_urls(self) -> list[str]:
        return [o.sitemap_url for o in self.outlets()]

    def homepage_urls(self) -> list[str]:
        return [o.homepage_url for o in self.outlets()]

    # -- requests --------------------------------------------------------------------

    def record(self, entry: RequestRecord) -> None:
        with self._lock:
            self._requests.append(entry)

    def requests(self) -> list[RequestRecord]:
        """Every request answered so far, oldest first."""
        with self._lock:
            return list(self._requests)

    def hub_response(self, target: str) -> Response:
        path = target.split("?", 1)[0]
        if path == "/outlets.opml":
            return Response(200, self._opml().encode(), "text/x-opml; charset=utf-8", self.now)
        if path != "/":
            return Response(404, b"Not found\n", "text/plain; charset=utf-8")
        rows = "".join(
            f'<li><a href="{escape(o.homepage_url)}">{escape(o.name)}</a> · <a href="{escape(o.feed_url)}">{o.feed_format} feed</a> · <a href="{escape(o.sitemap_url)}">news sitemap</a></li>'
            for o in self.outlets()
        )
        state = "second (edited)" if self._advanced else "first"
        page = (
            '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="broadsheet-sample" content="true">'
            f"<title>Broadsheet sample news world</title></head><body><h1>Broadsheet sample news world</h1><ul>{rows}</ul>"
            f'<p>All feeds as <a href="/outlets.opml">OPML</a>. The world is in its {state} state.</p>'
            f'<form method="post" action="/advance"><button>Advance the world</button></form><footer><p>{escape(SAMPLE_NOTICE)}</p></footer></body></html>'
        )
        return Response(200, page.encode(), HTML)

    def _opml(self) -> str:
        outlines = "\n".join(
            f'<outline type="rss" text="{escape(o.name)}" title="{escape(o.name)}" xmlUrl="{escape(o.feed_url)}" htmlUrl="{escape(o.homepage_url)}"/>'
            for o in self.outlets()
        )
        return f'<?xml version="1.0" encoding="utf-8"?>\n<opml version="2.0"><head><title>Broadsheet sample news world</title></head><body>\n{outlines}\n</body></opml>\n'
