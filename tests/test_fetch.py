"""The Fetcher against a real HTTP server on loopback (tests/hostile_support.py)."""

from __future__ import annotations

import asyncio
import gzip
import json
import re
import socket
import ssl
import threading
import zlib
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from broadsheet.config import Settings
from broadsheet.errors import (
    Blocked,
    ConnectError,
    FetchError,
    HTTPStatusError,
    RobotsDisallowed,
    TooLarge,
)
from broadsheet.ingest.fetch import (
    ACCEPT_ENCODING,
    MAX_DECODED_CHUNK,
    Fetcher,
    HostGate,
    content_decoder,
)
from broadsheet.ingest.robots import ERROR_TTL, RobotsCache
from broadsheet.model import FetchResult
from tests.hostile_support import (
    ETAG,
    FEED,
    LAST_MODIFIED,
    USER_AGENT,
    ServerState,
    StubResolver,
    loopback_server,
    make_settings,
    self_signed_cert,
)


def run_with(
    settings: Settings,
    job: Callable[[Fetcher], Awaitable[Any]],
    resolver: StubResolver | None = None,
) -> Any:
    async def main() -> Any:
        async with Fetcher(settings, resolver=resolver) as fetcher:
            return await job(fetcher)

    return asyncio.run(main())


def fetch_one(url: str, settings: Settings | None = None, **kwargs: Any) -> FetchResult:
    result: FetchResult = run_with(settings or make_settings(), lambda f: f.fetch(url, **kwargs))
    return result


@pytest.fixture
def server() -> Any:
    with loopback_server() as (port, state):
        yield f"http://127.0.0.1:{port}", state


Server = tuple[str, ServerState]


def test_plain_fetch_returns_bytes_and_validators(server: Server) -> None:
    base, _ = server
    result = fetch_one(base + "/feed.xml")
    assert result.status == 200
    assert result.body == FEED
    assert result.etag == ETAG
    assert result.last_modified == LAST_MODIFIED
    assert result.content_type == "application/rss+xml"
    assert result.url == base + "/feed.xml"
    assert result.headers["etag"] == ETAG
    assert not result.not_modified


def test_conditional_get_with_etag_gives_304(server: Server) -> None:
    base, state = server
    result = fetch_one(base + "/feed.xml", etag=ETAG, last_modified="Sun, 05 Jan 2025 00:00:00 GMT")
    assert result.not_modified
    assert result.body == b""
    assert result.etag == ETAG
    assert result.last_modified == "Sun, 05 Jan 2025 00:00:00 GMT"  # kept from the request
    assert state.requests[-1].headers["If-None-Match"] == ETAG


def test_conditional_get_with_last_modified_gives_304(server: Server) -> None:
    base, state = server
    result = fetch_one(base + "/feed.xml", last_modified=LAST_MODIFIED)
    assert result.status == 304
    assert result.last_modified == LAST_MODIFIED
    assert state.requests[-1].headers["If-Modified-Since"] == LAST_MODIFIED
    assert "If-None-Match" not in state.requests[-1].headers


def test_user_agent_and_accept_headers_are_sent(server: Server) -> None:
    base, _ = server
    echoed = json.loads(fetch_one(base + "/echo").body)
    assert echoed["User-Agent"] == USER_AGENT
    assert echoed["Accept-Encoding"] == ACCEPT_ENCODING
    assert "application/rss+xml" in echoed["Accept"]
    page = json.loads(fetch_one(base + "/echo", purpose="page").body)
    assert page["Accept"].startswith("text/html")
    custom = json.loads(fetch_one(base + "/echo", accept="application/json").body)
    assert custom["Accept"] == "application/json"


@pytest.mark.parametrize(
    "path", ["/gzip.xml", "/x-gzip.xml", "/gzip-members.xml", "/deflate.xml", "/raw-deflate.xml"]
)
def test_content_encodings_are_decoded(server: Server, path: str) -> None:
    base, _ = server
    assert fetch_one(base + path).body == FEED


def test_unrequested_or_stacked_encodings_are_refused(server: Server) -> None:
    base, _ = server
    with pytest.raises(ConnectError, match="Content-Encoding 'br'"):
        fetch_one(base + "/brotli.xml")
    with pytest.raises(ConnectError, match="single layer"):
        fetch_one(base + "/double.xml")
    with pytest.raises(ConnectError, match="broken gzip body"):
        fetch_one(base + "/bad-gzip.xml")


def test_size_cap_on_plain_bodies(server: Server) -> None:
    base, _ = server
    with pytest.raises(TooLarge, match="body larger than 100 KiB"):
        fetch_one(base + "/big", max_bytes=100 * 1024)
    with pytest.raises(TooLarge):
        fetch_one(base + "/big", make_settings(fetch_max_bytes=1000))
    assert len(fetch_one(base + "/big").body) == 300_000


def test_size_cap_applies_to_decoded_bytes(server: Server) -> None:
    base, state = server
    bomb = zlib.compress(b"\0" * (8 << 20), 9)  # 8 MiB of zeros in about 8 KiB
    state.files["/small-bomb"] = (bomb, "deflate")
    assert len(bomb) < 20_000
    with pytest.raises(TooLarge, match="body larger than 1 MiB"):
        fetch_one(base + "/small-bomb", max_bytes=1 << 20)


def test_decoder_pieces_never_exceed_one_mib() -> None:
    url = httpx.URL("http://feed.test/")
    payload = b"\0" * (5 << 20) + b"end"
    decoder = content_decoder("gzip", url)
    pieces = list(decoder.feed(gzip.compress(payload)))
    assert max(len(p) for p in pieces) <= MAX_DECODED_CHUNK
    assert b"".join(pieces) == payload
    # the same, fed in tiny network-sized reads
    decoder = content_decoder("deflate", url)
    compressed = zlib.compress(payload)
    out = [p for i in range(0, len(compressed), 7) for p in decoder.feed(compressed[i : i + 7])]
    assert max(len(p) for p in out) <= MAX_DECODED_CHUNK
    assert b"".join(out) == payload


def test_gzip_is_never_decoded_twice() -> None:
    inner = gzip.compress(b"<rss/>")
    decoder = content_decoder("gzip", httpx.URL("http://feed.test/"))
    assert b"".join(decoder.feed(gzip.compress(inner))) == inner
    identity = content_decoder(None, httpx.URL("http://feed.test/"))
    assert b"".join(identity.feed(inner)) == inner  # looks gzipped, is left alone


def test_error_statuses_carry_retry_after(server: Server) -> None:
    base, _ = server
    with pytest.raises(HTTPStatusError) as caught:
        fetch_one(base + "/retry-date")
    assert caught.value.status == 503
    assert caught.value.retry_after == 0.0  # an HTTP-date in the past
    with pytest.raises(HTTPStatusError) as missing:
        fetch_one(base + "/nothing-here")
    assert missing.value.status == 404
    assert missing.value.retry_after is None
    assert str(missing.value) == "HTTP 404 Not Found"


def test_redirects_are_followed_and_reported(server: Server) -> None:
    base, _ = server
    result = fetch_one(base + "/redirect-to-echo")
    assert result.url == base + "/echo"
    after_cookie = json.loads(fetch_one(base + "/set-cookie").body)
    assert "Cookie" not in after_cookie  # cookies are never stored or sent
    with pytest.raises(HTTPStatusError, match="without a Location"):
        fetch_one(base + "/redirect-no-location")


def test_bodiless_and_unwanted_answers_leave_the_connection_reusable(server: Server) -> None:
    # A 304, a redirect and an error page are not read for their content, but their
    # (empty or small) bodies are drained, so the next request reuses the connection
    # instead of dialling (and, over TLS, handshaking) again.
    base, state = server

    async def job(fetcher: Fetcher) -> None:
        await fetcher.fetch(base + "/feed.xml")
        assert (await fetcher.fetch(base + "/feed.xml", etag=ETAG)).not_modified
        await fetcher.fetch(base + "/redirect-to-echo")
        with pytest.raises(HTTPStatusError):
            await fetcher.fetch(base + "/missing")
        await fetcher.fetch(base + "/feed.xml", etag=ETAG)

    run_with(make_settings(), job)
    assert state.paths() == [
        "/feed.xml",
        "/feed.xml",
        "/redirect-to-echo",
        "/echo",
        "/missing",
        "/feed.xml",
    ]
    assert len({seen.client_port for seen in state.requests}) == 1


def test_connects_to_the_checked_address_even_when_dns_changes(server: Server) -> None:
    base, state = server
    port = base.rsplit(":", 1)[1]
    # feed.test exists in no DNS: the request can only work through the pinned address.
    resolver = StubResolver({"feed.test": ["127.0.0.1"]})

    async def job(fetcher: Fetcher) -> tuple[FetchResult, FetchError]:
        first = await fetcher.fetch(f"http://feed.test:{port}/echo")
        resolver.table["feed.test"] = ["10.0.0.1"]  # rebinding to an internal address
        try:
            await fetcher.fetch(f"http://feed.test:{port}/echo")
        except FetchError as exc:
            return first, exc
        raise AssertionError("the rebound name was fetched")

    first, second = run_with(make_settings(), job, resolver)
    assert json.loads(first.body)["Host"] == f"feed.test:{port}"
    assert isinstance(second, Blocked)
    assert "10.0.0.1, a private address" in str(second)
    assert resolver.calls == ["feed.test", "feed.test"]  # once per fetch, never at connect
    assert state.paths() == ["/echo"]


def test_blocked_without_allow_list(server: Server) -> None:
    base, state = server
    with pytest.raises(Blocked, match=re.escape("127.0.0.1 is a loopback address")):
        fetch_one(base + "/echo", make_settings(fetch_allow=()))
    assert state.requests == []


def test_connection_failures_are_connect_errors() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(ConnectError, match=re.escape("cannot connect to 127.0.0.1")):
        fetch_one(f"http://127.0.0.1:{port}/")


def test_a_server_that_does_not_speak_http_is_a_connect_error() -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    port = listener.getsockname()[1]

    def babble() -> None:
        conn, _ = listener.accept()
        with conn:
            conn.recv(4096)
            conn.sendall(b"SSH-2.0-OpenSSH_9.6\r\n\x00\x01\x02 garbage\r\n\r\n")

    thread = threading.Thread(target=babble, daemon=True)
    thread.start()
    try:
        with pytest.raises(ConnectError, match="broken HTTP exchange"):
            fetch_one(f"http://127.0.0.1:{port}/")
    finally:
        thread.join(timeout=5)
        listener.close()


def test_per_host_concurrency_is_observed_by_the_server(server: Server) -> None:
    base, state = server

    async def job(fetcher: Fetcher) -> list[FetchResult]:
        return await asyncio.gather(*(fetcher.fetch(f"{base}/slow/{i}") for i in range(6)))

    results = run_with(make_settings(fetch_per_host=2), job)
    assert [r.body for r in results] == [b"slow"] * 6
    assert state.max_active == 2


def test_global_concurrency_limit(server: Server) -> None:
    base, state = server

    async def job(fetcher: Fetcher) -> list[FetchResult]:
        return await asyncio.gather(*(fetcher.fetch(f"{base}/slow/{i}") for i in range(4)))

    run_with(make_settings(fetch_per_host=4, fetch_concurrency=1), job)
    assert state.max_active == 1


def test_host_gate_spaces_request_starts() -> None:
    now = [100.0]
    sleeps: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        sleeps.append(seconds)
        now[0] += seconds

    gate = HostGate(per_host=2, delay=1.5, total=10, clock=lambda: now[0], sleep=fake_sleep)

    async def main() -> list[tuple[str, float]]:
        starts = []
        for host in ["a.example", "A.example.", "b.example", "a.example"]:
            async with gate.slot(host):
                starts.append((host, now[0]))
            now[0] += 0.5
        return starts

    starts = asyncio.run(main())
    assert sleeps == [1.0, 0.5]
    assert starts == [
        ("a.example", 100.0),
        ("A.example.", 101.5),  # same host: waited until 1.5 s after the first start
        ("b.example", 102.0),  # another host: no wait
        ("a.example", 103.0),
    ]


def test_host_gate_limits_concurrency_per_host() -> None:
    gate = HostGate(per_host=2, delay=0.0, total=10)
    active = {"a": 0, "b": 0}
    peak = {"a": 0, "b": 0}

    async def use(host: str) -> None:
        async with gate.slot(host):
            active[host] += 1
            peak[host] = max(peak[host], active[host])
            await asyncio.sleep(0.01)
            active[host] -= 1

    async def main() -> None:
        await asyncio.gather(*(use(h) for h in "aaaaabbbbb"))

    asyncio.run(main())
    assert peak == {"a": 2, "b": 2}


# --- robots.txt ---------------------------------------------------------------------------

ROBOTS = b"User-agent: *\nDisallow: /\n\nUser-agent: Broadsheet\nDisallow: /private/\n"


def test_robots_disallow_applies_to_pages_not_feeds(server: Server) -> None:
    base, state = server
    state.robots = (200, ROBOTS)

    async def job(fetcher: Fetcher) -> tuple[FetchResult, FetchResult, FetchError | None]:
        feed = await fetcher.fetch(base + "/private/feed.xml", purpose="feed")
        page = await fetcher.fetch(base + "/public/a.html", purpose="page")
        try:
            await fetcher.fetch(base + "/private/b.html", purpose="page")
        except RobotsDisallowed as exc:
            return feed, page, exc
        return feed, page, None

    feed, page, refused = run_with(make_settings(), job)
    assert feed.status == 200
    assert page.status == 200
    assert isinstance(refused, RobotsDisallowed)
    assert "disallows /private/b.html for Broadsheet" in str(refused)
    assert state.paths().count("/robots.txt") == 1  # cached per origin
    robots_request = state.requests[state.paths().index("/robots.txt")]
    assert robots_request.headers["User-Agent"] == USER_AGENT
    assert "/private/b.html" not in state.paths()


def test_robots_not_consulted_when_disabled(server: Server) -> None:
    base, state = server
    state.robots = (200, ROBOTS)
    result = fetch_one(
        base + "/private/b.html", make_settings(respect_robots=False), purpose="page"
    )
    assert result.status == 200
    assert "/robots.txt" not in state.paths()


@pytest.mark.parametrize(("status", "allowed"), [(404, True), (410, True), (503, False)])
def test_robots_status_policy(server: Server, status: int, allowed: bool) -> None:
    base, state = server
    state.robots = (status, b"User-agent: *\nDisallow: /\n")
    if allowed:
        assert fetch_one(base + "/public/a.html", purpose="page").status == 200
    else:
        with pytest.raises(RobotsDisallowed, match=f"answered HTTP {status}"):
            fetch_one(base + "/public/a.html", purpose="page")


def test_robots_errors_are_retried_after_a_while() -> None:
    now = [0.0]
    calls: list[str] = []

    async def get(url: str) -> FetchResult:
        calls.append(url)
        if len(calls) == 1:
            raise ConnectError("cannot connect to feed.test: refused")
        return FetchResult(url=url, status=200, body=b"User-agent: *\nDisallow: /x\n")

    cache = RobotsCache(get, clock=lambda: now[0])
    page = httpx.URL("https://feed.test/a")

    async def check() -> str | None:
        try:
            await cache.check(page)
        except RobotsDisallowed as exc:
            return str(exc)
        return None

    first = asyncio.run(check())
    assert first is not None
    assert "could not be read" in first
    now[0] += ERROR_TTL / 2
    assert asyncio.run(check()) is not None  # still the cached failure
    now[0] += ERROR_TTL
    assert asyncio.run(check()) is None
    assert calls == ["https://feed.test/robots.txt"] * 2


def test_too_many_response_headers(server: Server) -> None:
    base, _ = server
    with pytest.raises(TooLarge, match="more than 256 response headers"):
        fetch_one(base + "/many-headers")


def test_https_dials_the_pinned_address_and_verifies_the_name(tmp_path: Path) -> None:
    cert, key = self_signed_cert(tmp_path, "feed.test")
    server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_tls.load_cert_chain(cert, key)
    client_tls = ssl.create_default_context(cafile=str(cert))
    # Neither name exists in DNS: both resolve to loopback through the stub only.
    resolver = StubResolver({"feed.test": ["127.0.0.1"], "other.test": ["127.0.0.1"]})
    with loopback_server(tls=server_tls) as (port, state):

        async def job(fetcher: Fetcher) -> tuple[FetchResult, FetchError]:
            good = await fetcher.fetch(f"https://feed.test:{port}/echo")
            try:
                await fetcher.fetch(f"https://other.test:{port}/echo")
            except FetchError as exc:
                return good, exc
            raise AssertionError("a certificate for feed.test was accepted for other.test")

        async def main() -> tuple[FetchResult, FetchError]:
            async with Fetcher(make_settings(), resolver=resolver, ssl_context=client_tls) as f:
                result: tuple[FetchResult, FetchError] = await job(f)
                return result

        good, bad = asyncio.run(main())
    assert json.loads(good.body)["Host"] == f"feed.test:{port}"
    assert isinstance(bad, ConnectError)
    assert "TLS failure with other.test" in str(bad)
    assert state.paths() == ["/echo"]
