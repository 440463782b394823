"""Every HTTP fixture of ../shared/bench/hostile against the Fetcher, over real loopback.

hostile_server.py runs in a subprocess bound to ``localhost`` (127.0.0.1). The fetcher
allows the NAME ``localhost`` only, so the server is reachable while its redirects to
``127.0.0.1`` and ``169.254.169.254`` must still be refused by the SSRF guard.
"""

from __future__ import annotations

import asyncio
import re
import tracemalloc
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from broadsheet.config import Settings
from broadsheet.errors import (
    Blocked,
    DeadlineExceeded,
    HTTPStatusError,
    TooLarge,
    TooManyRedirects,
)
from broadsheet.ingest.fetch import Fetcher
from broadsheet.model import FetchResult
from tests.hostile_support import (
    StubResolver,
    generate_bombs,
    hostile_dir,
    hostile_server,
    loopback_server,
    make_settings,
)


@pytest.fixture(scope="module")
def bombs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    hostile_dir()
    return generate_bombs(tmp_path_factory.mktemp("bombs"))


@pytest.fixture(scope="module")
def base(bombs: Path) -> Iterator[str]:
    with hostile_server(host="localhost", bombs=bombs) as port:
        yield f"http://localhost:{port}"


def settings(**changes: Any) -> Settings:
    return make_settings(fetch_allow=("localhost",), **changes)


def fetch(url: str, config: Settings | None = None, **kwargs: Any) -> FetchResult:
    resolver = StubResolver({"localhost": ["127.0.0.1"]})

    async def main() -> FetchResult:
        async with Fetcher(config or settings(), resolver=resolver) as fetcher:
            return await fetcher.fetch(url, **kwargs)

    return asyncio.run(main())


def test_control_feed_and_secret_are_reachable(base: str) -> None:
    assert b"<title>ok</title>" in fetch(base + "/ok.xml").body
    assert fetch(base + "/secret").body == b"INTERNAL-SECRET"  # so redirects to it are real


@pytest.mark.parametrize("path", ["/slowloris", "/slow-headers", "/endless"])
def test_total_deadline(base: str, path: str) -> None:
    with pytest.raises(DeadlineExceeded, match="no answer within 1 s"):
        fetch(base + path, settings(fetch_timeout=1.0))


def test_endless_body_stops_at_the_byte_cap(base: str) -> None:
    with pytest.raises(TooLarge, match="body larger than 64 KiB"):
        fetch(base + "/endless", max_bytes=64 * 1024)


def test_lying_length_reads_only_the_announced_bytes(base: str) -> None:
    assert fetch(base + "/lying-length").body == b"y" * 100


@pytest.mark.parametrize("path", ["/gzip-bomb", "/deflate-bomb"])
def test_compression_bombs_stop_at_the_default_cap(base: str, path: str) -> None:
    with pytest.raises(TooLarge, match="body larger than 15 MiB"):
        fetch(base + path)


@pytest.mark.parametrize("path", ["/gzip-bomb", "/deflate-bomb"])
def test_compression_bombs_never_inflate_in_memory(base: str, path: str) -> None:
    tracemalloc.start()
    try:
        with pytest.raises(TooLarge, match="body larger than 2 MiB"):
            fetch(base + path, max_bytes=2 << 20)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # 2 MiB of body, at most 1 MiB being decoded, plus the client's own allocations.
    assert peak < 12 << 20


def test_nested_gzip_is_decoded_one_layer_only(bombs: Path) -> None:
    nested = (bombs / "gzip_nested_bomb.gz").read_bytes()
    inner = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(nested)
    assert inner[:2] == b"\x1f\x8b"
    with loopback_server() as (port, state):
        state.files["/nested"] = (nested, "gzip")
        body = fetch(f"http://127.0.0.1:{port}/nested", make_settings()).body
    assert body == inner  # still gzip: the second layer is the parser's business, not ours


@pytest.mark.parametrize("path", ["/redirect-loop", "/redirect-chain/30", "/redirect-chain/6"])
def test_too_many_redirects(base: str, path: str) -> None:
    with pytest.raises(TooManyRedirects, match="more than 5 redirects"):
        fetch(base + path)


def test_redirect_chain_within_the_limit(base: str) -> None:
    result = fetch(base + "/redirect-chain/5")
    assert result.url == base + "/ok.xml"
    assert b"<rss" in result.body


def test_redirect_to_another_scheme_is_refused(base: str) -> None:
    with pytest.raises(Blocked, match=r"only http and https .*file:///etc/passwd"):
        fetch(base + "/redirect-scheme")


def test_redirect_to_the_metadata_address_is_refused(base: str) -> None:
    with pytest.raises(Blocked, match=re.escape("169.254.169.254 is a link-local address")):
        fetch(base + "/redirect-internal")


def test_redirect_to_loopback_is_refused(base: str) -> None:
    with pytest.raises(Blocked, match=re.escape("127.0.0.1 is a loopback address")):
        fetch(base + "/redirect-loopback")


def test_huge_headers_are_too_large(base: str) -> None:
    with pytest.raises(TooLarge, match="response headers"):
        fetch(base + "/huge-headers")


def test_wrong_charset_bytes_pass_through_untouched(base: str) -> None:
    result = fetch(base + "/wrong-charset")
    assert result.content_type == "text/xml; charset=utf-8"
    assert "<title>Café “q” €</title>".encode("cp1252") in result.body


def test_html_instead_of_a_feed_is_returned_as_is(base: str) -> None:
    result = fetch(base + "/html-not-feed")
    assert result.content_type == "text/html; charset=utf-8"
    assert b'rel="alternate"' in result.body


@pytest.mark.parametrize("status", [429, 503])
def test_overload_statuses_carry_retry_after(base: str, status: int) -> None:
    with pytest.raises(HTTPStatusError, match="retry after 86400 s") as caught:
        fetch(base + f"/status/{status}")
    assert caught.value.status == status
    assert caught.value.retry_after == 86400.0


def test_other_error_statuses(base: str) -> None:
    with pytest.raises(HTTPStatusError) as caught:
        fetch(base + "/status/410")
    assert caught.value.status == 410
    assert caught.value.retry_after is None
    assert str(caught.value) == "HTTP 410 Gone"
