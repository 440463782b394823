"""All outbound HTTP. The only module of Broadsheet that talks to the web.

One :class:`Fetcher` per process (or per worker) owns the connection pool, the SSRF guard
(:mod:`broadsheet.ingest.ssrf`), robots.txt (:mod:`broadsheet.ingest.robots`) and the
politeness limits. Each call to :meth:`Fetcher.fetch`:

1. follows redirects itself, at most ``fetch_max_redirects`` hops, http/https only, every
   hop re-checked by the guard and connected to the address the guard checked;
2. for ``purpose="page"`` (and ``respect_robots``), asks robots.txt of every hop's origin;
3. waits for a slot: ``fetch_per_host`` exchanges per host, request starts to one host at
   least ``fetch_host_delay`` apart, ``fetch_concurrency`` in total (waiting is free: it
   does not count against the deadline);
4. runs each exchange inside one total deadline, ``fetch_timeout`` for the whole call, so
   slow headers and slow-drip bodies end on time;
5. reads raw bytes and removes exactly one Content-Encoding layer itself (gzip, deflate;
   ``br`` is not advertised since no bounded decoder is installed), never producing more
   than 1 MiB at a time, and stops with TooLarge past the decoded-size cap;
6. returns a :class:`FetchResult` for 2xx and 304 and raises the error tree otherwise:
   Blocked, RobotsDisallowed, TooLarge, DeadlineExceeded, TooManyRedirects,
   HTTPStatusError (with ``retry_after``) or ConnectError. No httpx, httpcore, socket or
   TLS exception escapes.
"""

from __future__ import annotations

import asyncio
import http
import http.cookiejar
import ssl
import time
import zlib
from collections.abc import AsyncIterator, Awaitable, Callable, Generator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import TracebackType
from typing import Literal, Self

import httpcore
import httpx

from broadsheet.config import Settings
from broadsheet.errors import (
    Blocked,
    ConnectError,
    DeadlineExceeded,
    FetchError,
    HTTPStatusError,
    TooLarge,
    TooManyRedirects,
)
from broadsheet.ingest.robots import ROBOTS_MAX_BYTES, RobotsCache
from broadsheet.ingest.schedule import parse_retry_after
from broadsheet.ingest.ssrf import (
    AllowList,
    GuardedTransport,
    Resolver,
    SystemResolver,
    check_target,
    parse_url,
    pinned,
)
from broadsheet.model import FetchResult

FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, "
    "application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5"
)
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
ACCEPT_ENCODING = "gzip, deflate"
#: Largest piece the decompressor may hand over at once.
MAX_DECODED_CHUNK = 1 << 20
#: Response header caps (h11 itself gives up on a header block over 100 KiB).
MAX_HEADER_COUNT = 256
MAX_HEADER_BYTES = 64 * 1024
REDIRECTS = frozenset({301, 302, 303, 307, 308})
_GZIP_MAGIC = b"\x1f\x8b"
_TRANSPORT_ERRORS: tuple[type[Exception], ...] = (
    httpx.HTTPError,
    httpx.InvalidURL,
    httpx.StreamError,
    httpcore.TimeoutException,
    httpcore.NetworkError,
    httpcore.ProtocolError,
    httpcore.UnsupportedProtocol,
    httpcore.ProxyError,
    OSError,  # includes ssl.SSLError and socket errors
)


class Fetcher:
    """Owns all outbound HTTP. Use as ``async with Fetcher(settings) as fetcher:``."""

    def __init__(
        self,
        settings: Settings,
        *,
        resolver: Resolver | None = None,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        """``resolver`` defaults to the system's; ``ssl_context`` (the trust store for
        https) to httpx's default, certifi's CA bundle."""
        self._settings = settings
        self._resolver: Resolver = resolver or SystemResolver()
        self._allow = AllowList.parse(settings.fetch_allow)
        no_cookies = http.cookiejar.CookieJar(
            policy=http.cookiejar.DefaultCookiePolicy(allowed_domains=[])
        )
        self._client = httpx.AsyncClient(
            transport=GuardedTransport(
                max_connections=settings.fetch_concurrency, ssl_context=ssl_context
            ),
            follow_redirects=False,
            trust_env=False,  # an environment proxy would bypass the guard's dialer
            timeout=httpx.Timeout(settings.fetch_timeout),
            cookies=no_cookies,
            headers={"User-Agent": settings.user_agent, "Accept-Encoding": ACCEPT_ENCODING},
        )
        self._gate = HostGate(
            per_host=settings.fetch_per_host,
            delay=settings.fetch_host_delay,
            total=settings.fetch_concurrency,
        )
        self._robots = RobotsCache(self._get_robots)

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._client.aclose()

    async def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        purpose: Literal["feed", "page"] = "feed",
        max_bytes: int | None = None,
        accept: str | None = None,
    ) -> FetchResult:
        """GET ``url`` (conditionally when ``etag``/``last_modified`` are given)."""
        headers = {"Accept": accept or (FEED_ACCEPT if purpose == "feed" else PAGE_ACCEPT)}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        result = await self._fetch(
            url,
            headers,
            cap=max_bytes or self._settings.fetch_max_bytes,
            robots=purpose == "page" and self._settings.respect_robots,
        )
        if result.status == 304:
            return FetchResult(
                url=result.url,
                status=304,
                body=b"",
                content_type=result.content_type,
                etag=result.etag or etag,
                last_modified=result.last_modified or last_modified,
                headers=result.headers,
                elapsed=result.elapsed,
            )
        return result

    async def _get_robots(self, url: str) -> FetchResult:
        headers = {"Accept": "text/plain, */*;q=0.5"}
        return await self._fetch(url, headers, cap=ROBOTS_MAX_BYTES, robots=False, truncate=True)

    async def _fetch(
        self,
        url: str,
        headers: dict[str, str],
        *,
        cap: int,
        robots: bool,
        truncate: bool = False,
    ) -> FetchResult:
        loop = asyncio.get_running_loop()
        started = loop.time()
        budget = _Budget(self._settings.fetch_timeout)
        current = parse_url(url)
        for _hop in range(self._settings.fetch_max_redirects + 1):
            if robots:
                await self._robots.check(current)
            async with self._gate.slot(current.host):
                outcome = await self._exchange(current, headers, cap, budget, truncate)
            if isinstance(outcome, httpx.URL):
                current = outcome
                continue
            outcome.elapsed = loop.time() - started
            return outcome.result()
        raise TooManyRedirects(
            f"more than {self._settings.fetch_max_redirects} redirects (last to {current})",
            url=url,
        )

    async def _exchange(
        self,
        url: httpx.URL,
        headers: dict[str, str],
        cap: int,
        budget: _Budget,
        truncate: bool,
    ) -> _Outcome | httpx.URL:
        """One request/response, inside what is left of the deadline."""
        loop = asyncio.get_running_loop()
        begun = loop.time()
        try:
            if budget.left <= 0:
                raise TimeoutError
            async with asyncio.timeout(budget.left):
                target = await check_target(url, self._resolver, self._allow)
                with pinned(target):
                    request = self._client.build_request("GET", url, headers=headers)
                    response = await self._client.send(request, stream=True)
                    try:
                        return await _read_response(url, response, cap, truncate)
                    finally:
                        await response.aclose()
        except FetchError:
            raise
        except TimeoutError as exc:
            raise DeadlineExceeded(budget.message, url=str(url)) from exc
        except _TRANSPORT_ERRORS as exc:
            raise _translate(exc, url, budget) from exc
        finally:
            budget.spend(loop.time() - begun)


@dataclass(slots=True)
class _Outcome:
    url: str
    status: int
    body: bytes
    headers: dict[str, str]
    elapsed: float = 0.0

    def result(self) -> FetchResult:
        return FetchResult(
            url=self.url,
            status=self.status,
            body=self.body,
            content_type=self.headers.get("content-type"),
            etag=self.headers.get("etag"),
            last_modified=self.headers.get("last-modified"),
            headers=self.headers,
            elapsed=self.elapsed,
        )


@dataclass(slots=True)
class _Budget:
    """What is left of one fetch's total deadline; only time spent on the wire counts."""

    total: float
    spent: float = 0.0

    @property
    def left(self) -> float:
        return self.total - self.spent

    @property
    def message(self) -> str:
        return f"no answer within {self.total:g} s"

    def spend(self, seconds: float) -> None:
        self.spent += seconds


async def _read_response(
    url: httpx.URL, response: httpx.Response, cap: int, truncate: bool
) -> _Outcome | httpx.URL:
    _check_header_block(response, url)
    status = response.status_code
    headers = {key: response.headers[key] for key in response.headers}
    if not 200 <= status < 300:  # redirects, 304 and errors: the body is not wanted
        await _drain(response)
    if status in REDIRECTS:
        return _redirect_target(url, response.headers.get("location"), status)
    if status == 304:
        return _Outcome(str(url), status, b"", headers)
    if not 200 <= status < 300:
        retry_after = parse_retry_after(response.headers.get("retry-after"), datetime.now(UTC))
        phrase = _phrase(status)
        hint = f" (retry after {retry_after:g} s)" if retry_after is not None else ""
        raise HTTPStatusError(
            f"HTTP {status} {phrase}{hint}", url=str(url), status=status, retry_after=retry_after
        )
    decoder = content_decoder(response.headers.get("content-encoding"), url)
    declared = response.headers.get("content-length", "")
    too_long = declared.isdigit() and int(declared) > cap
    if isinstance(decoder, _Identity) and too_long and not truncate:
        raise TooLarge(f"body larger than {_size(cap)} (announced {declared} bytes)", url=str(url))
    body = bytearray()
    async for raw in response.aiter_raw():
        for piece in decoder.feed(raw):
            if len(body) + len(piece) > cap:
                if truncate:
                    body += piece[: cap - len(body)]
                    return _Outcome(str(url), status, bytes(body), headers)
                raise TooLarge(f"body larger than {_size(cap)}", url=str(url))
            body += piece
    return _Outcome(str(url), status, bytes(body), headers)


DRAIN_BYTES = 64 * 1024  # a body we do not want is read up to this much, to keep the connection


async def _drain(response: httpx.Response) -> None:
    """Read and drop a small unwanted body (a 304's empty one, a redirect's or an error
    page's), so the connection goes back to the pool: one closed before its response
    ends cannot be reused, and the next request to the host would dial (and, over TLS,
    handshake) again. A body past ``DRAIN_BYTES`` is not worth it: the connection goes."""
    seen = 0
    async for raw in response.aiter_raw():
        seen += len(raw)
        if seen > DRAIN_BYTES:
            return


def _redirect_target(url: httpx.URL, location: str | None, status: int) -> httpx.URL:
    if not location:
        raise HTTPStatusError(
            f"HTTP {status} redirect without a Location header", url=str(url), status=status
        )
    shown = location.strip()[:200]
    try:
        target = url.join(location.strip())
        return parse_url(target)  # scheme and userinfo refused here
    except httpx.InvalidURL as exc:
        raise Blocked(f"refused: redirect to an invalid URL {shown!r}", url=str(url)) from exc
    except Blocked as exc:
        raise Blocked(f"{exc} (redirect to {shown})", url=str(url)) from exc


def _check_header_block(response: httpx.Response, url: httpx.URL) -> None:
    raw = response.headers.raw
    if len(raw) > MAX_HEADER_COUNT:
        raise TooLarge(f"more than {MAX_HEADER_COUNT} response headers", url=str(url))
    if sum(len(k) + len(v) + 4 for k, v in raw) > MAX_HEADER_BYTES:
        raise TooLarge(f"response headers larger than {_size(MAX_HEADER_BYTES)}", url=str(url))


def _translate(exc: Exception, url: httpx.URL, budget: _Budget) -> FetchError:
    text = str(exc) or type(exc).__name__
    host = url.host
    if isinstance(exc, httpx.TimeoutException | httpcore.TimeoutException):
        return DeadlineExceeded(budget.message, url=str(url))
    if "Receive buffer too long" in text:  # h11's cap on an unfinished header block
        return TooLarge("response headers larger than 100 KiB", url=str(url))
    if isinstance(exc, ssl.SSLError) or "SSL" in text or "certificate" in text:
        return ConnectError(f"TLS failure with {host}: {text}", url=str(url))
    if isinstance(exc, httpx.ProtocolError | httpcore.ProtocolError | httpx.DecodingError):
        return ConnectError(f"broken HTTP exchange with {host}: {text}", url=str(url))
    return ConnectError(f"cannot connect to {host}: {text}", url=str(url))


def _phrase(status: int) -> str:
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return "(unknown status)"


def _size(n: int) -> str:
    for unit, factor in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= factor and n % factor == 0:
            return f"{n // factor} {unit}"
    return f"{n:,} bytes"


# --- Content-Encoding, one layer, bounded ---------------------------------------------


class _Identity:
    def feed(self, data: bytes) -> Iterator[bytes]:
        # Network reads are at most 64 KiB each, so pieces stay small here too.
        if data:
            yield data


class _Inflate:
    """gzip or deflate, decoded in pieces of at most MAX_DECODED_CHUNK bytes.

    A gzip body may hold several members back to back (that is still one coding layer);
    bytes after the end of the stream that are not another member are ignored. Servers
    that send raw deflate without the zlib header are accepted. A stream cut short
    yields what was decoded so far.
    """

    def __init__(self, coding: str, url: httpx.URL) -> None:
        self._coding = coding
        self._url = url
        self._wbits = 16 + zlib.MAX_WBITS if coding == "gzip" else zlib.MAX_WBITS
        self._obj = zlib.decompressobj(self._wbits)
        self._fed = False
        self._finished = False
        self._pending = b""

    def feed(self, data: bytes) -> Iterator[bytes]:
        buf = self._pending + data
        self._pending = b""
        while buf and not self._finished:
            if self._obj.eof:
                if self._coding != "gzip":
                    self._finished = True
                    return
                if len(buf) < len(_GZIP_MAGIC):
                    self._pending = buf
                    return
                if not buf.startswith(_GZIP_MAGIC):
                    self._finished = True
                    return
                self._obj = zlib.decompressobj(self._wbits)
            buf = yield from self._inflate(buf)

    def _inflate(self, buf: bytes) -> Generator[bytes, None, bytes]:
        """Decode ``buf`` until it is used up or the stream ends; return what is left."""
        while True:
            try:
                out = self._obj.decompress(buf, MAX_DECODED_CHUNK)
            except zlib.error as exc:
                if self._coding == "deflate" and not self._fed:
                    self._fed = True
                    self._wbits = -zlib.MAX_WBITS  # raw deflate, no zlib header
                    self._obj = zlib.decompressobj(self._wbits)
                    continue
                raise ConnectError(
                    f"broken {self._coding} body from {self._url.host}: {exc}", url=str(self._url)
                ) from exc
            self._fed = True
            if out:
                yield out
            if self._obj.eof:
                return self._obj.unused_data
            buf = self._obj.unconsumed_tail
            if not buf and len(out) < MAX_DECODED_CHUNK:
                return b""


def content_decoder(header: str | None, url: httpx.URL) -> _Identity | _Inflate:
    """The decoder for a Content-Encoding header value; its ``feed(raw)`` yields pieces of
    at most MAX_DECODED_CHUNK bytes. Raises ConnectError for codings we did not ask for."""
    codings = [c.strip().lower() for c in (header or "").split(",")]
    codings = [c for c in codings if c and c != "identity"]
    if not codings:
        return _Identity()
    if len(codings) == 1 and codings[0] in ("gzip", "x-gzip", "deflate"):
        return _Inflate("deflate" if codings[0] == "deflate" else "gzip", url)
    raise ConnectError(
        f"{url.host} sent Content-Encoding {header!r}; Broadsheet asks for {ACCEPT_ENCODING} "
        "and decodes a single layer",
        url=str(url),
    )


# --- politeness ------------------------------------------------------------------------


@dataclass(slots=True)
class _HostState:
    semaphore: asyncio.Semaphore
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    next_start: float = 0.0
    users: int = 0


class HostGate:
    """At most ``per_host`` exchanges with one host at a time, request starts to one host at
    least ``delay`` seconds apart, and at most ``total`` exchanges overall.

    ``clock`` and ``sleep`` are injectable so the spacing can be tested without waiting.
    """

    #: Idle hosts are forgotten once this many are remembered.
    MAX_IDLE_HOSTS = 1024

    def __init__(
        self,
        *,
        per_host: int,
        delay: float,
        total: int,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._per_host = per_host
        self._delay = delay
        self._global = asyncio.Semaphore(total)
        self._clock = clock
        self._sleep = sleep
        self._hosts: dict[str, _HostState] = {}

    @asynccontextmanager
    async def slot(self, host: str) -> AsyncIterator[None]:
        key = host.lower().rstrip(".")
        state = self._hosts.get(key)
        if state is None:
            self._forget_idle()
            state = self._hosts[key] = _HostState(asyncio.Semaphore(self._per_host))
        state.users += 1
        try:
            async with state.semaphore:
                async with state.lock:
                    wait = state.next_start - self._clock()
                    if wait > 0:
                        await self._sleep(wait)
                    state.next_start = self._clock() + self._delay
                async with self._global:
                    yield
        finally:
            state.users -= 1

    def _forget_idle(self) -> None:
        if len(self._hosts) < self.MAX_IDLE_HOSTS:
            return
        now = self._clock()
        for key in [k for k, s in self._hosts.items() if s.users == 0 and s.next_start <= now]:
            del self._hosts[key]
