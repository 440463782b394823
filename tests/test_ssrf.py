"""The SSRF guard: every disguise in ssrf_urls.txt is refused, public targets pass."""

from __future__ import annotations

import asyncio
import ipaddress
import re
import socket
from pathlib import Path

import httpcore
import pytest

from broadsheet.errors import Blocked, ConnectError
from broadsheet.ingest.fetch import Fetcher
from broadsheet.ingest.ssrf import (
    AllowList,
    PinnedBackend,
    Target,
    address_problem,
    check_url,
    is_public_address,
    parse_numeric_ipv4,
    pinned,
)
from tests.hostile_support import HOSTILE, StubResolver, make_settings

# Answers a real resolver would give for the name-based cases of ssrf_urls.txt.
NAMES = {
    "localhost": ["127.0.0.1", "::1"],
    "metadata.google.internal": ["169.254.169.254"],
    "127.0.0.1.nip.io": ["127.0.0.1"],
    "feed.example": ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"],
    "mixed.example": ["93.184.215.14", "10.0.0.7"],
    "feed.test": ["127.0.0.1"],
}


def _ssrf_cases() -> tuple[list[str], list[str]]:
    path = HOSTILE / "ssrf_urls.txt"
    if not path.is_file():
        pytest.skip(f"{path} not found (../shared/bench is absent)")
    refused: list[str] = []
    accepted: list[str] = []
    bucket = refused
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            if line.startswith("# --- must be ACCEPTED"):
                bucket = accepted
            continue
        if line.strip():
            bucket.append(line.split("\t")[0])
    return refused, accepted


def test_the_fixture_file_has_the_cases_we_expect() -> None:
    refused, accepted = _ssrf_cases()
    assert len(refused) >= 45
    assert accepted == ["https://feed.example/rss.xml"]


def test_every_ssrf_url_is_refused_by_the_guard() -> None:
    refused, _ = _ssrf_cases()

    async def run() -> dict[str, str]:
        outcomes = {}
        for url in refused:
            try:
                await check_url(url, StubResolver(NAMES))
            except Blocked as exc:
                outcomes[url] = str(exc)
            else:
                outcomes[url] = "ACCEPTED"
        return outcomes

    outcomes = asyncio.run(run())
    accepted = [url for url, outcome in outcomes.items() if outcome == "ACCEPTED"]
    assert accepted == []
    assert all(message.startswith("refused") for message in outcomes.values())


def test_every_ssrf_url_is_refused_by_the_fetcher_before_connecting() -> None:
    refused, _ = _ssrf_cases()
    resolver = StubResolver(NAMES)

    async def run() -> list[str]:
        leaked = []
        async with Fetcher(make_settings(fetch_allow=()), resolver=resolver) as fetcher:
            for url in refused:
                try:
                    await fetcher.fetch(url)
                except Blocked:
                    continue
                leaked.append(url)
        return leaked

    assert asyncio.run(run()) == []


def test_the_public_control_is_accepted_with_every_address() -> None:
    _, accepted = _ssrf_cases()
    resolver = StubResolver(NAMES)
    addresses = asyncio.run(check_url(accepted[0], resolver))
    assert addresses == NAMES["feed.example"]
    assert resolver.calls == ["feed.example"]  # resolved exactly once


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("http://10.0.0.1/", "10.0.0.1 is a private address"),
        ("http://127.0.0.1/", "127.0.0.1 is a loopback address"),
        ("http://169.254.169.254/", "a link-local address"),
        ("http://100.64.0.1/", "shared (CGNAT)"),
        ("http://metadata.google.internal/", "metadata.google.internal resolves to 169.254"),
        ("http://[::ffff:127.0.0.1]/", "embedding 127.0.0.1, a loopback address"),
        ("http://mixed.example/", "mixed.example resolves to 10.0.0.7"),
        ("file:///etc/passwd", "only http and https"),
        ("http://user:pass@feed.example/", "user name or password"),
        ("http://feed.example:6379/", "port 6379 is not a web port"),
        ("http://exa mple.com/", "not a valid hostname"),
        ("http://1.2.3.4.5/", "not a valid IPv4 address"),
    ],
)
def test_refusals_explain_themselves(url: str, words: str) -> None:
    with pytest.raises(Blocked, match="refused") as caught:
        asyncio.run(check_url(url, StubResolver(NAMES)))
    assert words in str(caught.value)


def test_numeric_hosts_are_never_sent_to_the_resolver() -> None:
    resolver = StubResolver({})
    for url in ["http://2130706433/", "http://0x7f.1/", "http://017700000001/", "http://0/"]:
        with pytest.raises(Blocked):
            asyncio.run(check_url(url, resolver))
    assert resolver.calls == []


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("127.1", "127.0.0.1"),
        ("2130706433", "127.0.0.1"),
        ("0x7f000001", "127.0.0.1"),
        ("0x7f.0.0.1", "127.0.0.1"),
        ("0177.0.0.1", "127.0.0.1"),
        ("017700000001", "127.0.0.1"),
        ("0", "0.0.0.0"),
        ("10.1.", "10.0.0.1"),
        ("8.8.8.8", "8.8.8.8"),
    ],
)
def test_numeric_ipv4_spellings(host: str, expected: str) -> None:
    assert parse_numeric_ipv4(host) == ipaddress.IPv4Address(expected)


@pytest.mark.parametrize("host", ["1.2.3.4.5", "256.1.1.1", "08.1.1.1", "1.16777216", "a.0x"])
def test_malformed_numeric_ipv4_is_an_error(host: str) -> None:
    with pytest.raises(ValueError, match=r"."):
        parse_numeric_ipv4(host)


@pytest.mark.parametrize("host", ["feed.example", "1.2.3.example", "example"])
def test_names_are_not_numeric(host: str) -> None:
    assert parse_numeric_ipv4(host) is None


@pytest.mark.parametrize(
    "ip",
    [
        "8.8.8.8",
        "93.184.215.14",
        "2606:4700:4700::1111",
        "::ffff:8.8.8.8",  # mapped public
        "64:ff9b::808:808",  # NAT64 of 8.8.8.8
        "2002:808:808::1",  # 6to4 of 8.8.8.8
    ],
)
def test_public_addresses(ip: str) -> None:
    assert is_public_address(ip)
    assert address_problem(ip) is None


@pytest.mark.parametrize(
    "ip",
    [
        "0.0.0.0",
        "10.1.2.3",
        "100.64.0.1",
        "100.100.100.200",
        "127.0.0.1",
        "169.254.169.254",
        "172.31.255.255",
        "192.0.0.8",
        "192.0.2.1",
        "192.168.1.1",
        "198.18.0.1",
        "224.0.0.1",
        "240.0.0.1",
        "255.255.255.255",
        "::",
        "::1",
        "::127.0.0.1",
        "::ffff:10.0.0.1",
        "::ffff:0:a9fe:a9fe",
        "64:ff9b::a9fe:a9fe",
        "64:ff9b:1::808:808",
        "2002:a9fe:a9fe::",
        "2001:0:4136:e378:8000:63bf:3fff:fdd2",  # Teredo whose client is 192.0.2.45
        "2001:db8::1",
        "fd00:ec2::254",
        "fe80::1%eth0",
        "ff02::1",
        "100::1",
    ],
)
def test_non_public_addresses(ip: str) -> None:
    assert not is_public_address(ip)
    assert address_problem(ip)


def test_allow_list_lets_listed_names_and_networks_through() -> None:
    resolver = StubResolver(NAMES)
    by_network = AllowList.parse(["127.0.0.0/8"])
    assert asyncio.run(check_url("http://127.0.0.1:8765/x", resolver, by_network)) == ["127.0.0.1"]
    assert asyncio.run(check_url("http://feed.test:8765/", resolver, ["127.0.0.1"])) == [
        "127.0.0.1"
    ]
    by_name = ["LocalHost."]
    assert asyncio.run(check_url("http://localhost:1234/", resolver, by_name)) == [
        "127.0.0.1",
        "::1",
    ]
    with pytest.raises(Blocked):  # the name is listed, its address is not
        asyncio.run(check_url("http://127.0.0.1:1234/", resolver, by_name))
    with pytest.raises(Blocked):  # one address outside the listed network is enough
        asyncio.run(check_url("http://mixed.example/", resolver, ["93.184.215.0/24"]))


def test_resolver_failures_are_connect_errors() -> None:
    class Failing:
        async def resolve(self, host: str, port: int) -> list[str]:
            raise OSError("Name or service not known")

    class Empty:
        async def resolve(self, host: str, port: int) -> list[str]:
            return []

    with pytest.raises(ConnectError, match=re.escape("cannot resolve nowhere.example")):
        asyncio.run(check_url("http://nowhere.example/", Failing()))
    with pytest.raises(ConnectError, match="no addresses"):
        asyncio.run(check_url("http://nowhere.example/", Empty()))


def test_backend_dials_only_pinned_hosts() -> None:
    backend = PinnedBackend()

    async def unpinned() -> None:
        await backend.connect_tcp("feed.example", 80)

    with pytest.raises(Blocked, match="not checked"):
        asyncio.run(unpinned())

    async def unix() -> None:
        await backend.connect_unix_socket(str(Path("/tmp/some.sock")))

    with pytest.raises(Blocked):
        asyncio.run(unix())


def test_backend_connects_to_the_pinned_address_not_the_name() -> None:
    # "feed.test" has no DNS entry anywhere; the connection can only succeed because the
    # backend dials the address pinned for it.
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    port = listener.getsockname()[1]

    async def dial() -> object:
        with pinned(Target("feed.test", port, ("127.0.0.1",))):
            stream = await PinnedBackend().connect_tcp("feed.test", port, timeout=5)
        peer = stream.get_extra_info("server_addr")
        await stream.aclose()
        return peer

    try:
        assert asyncio.run(dial()) == ("127.0.0.1", port)
    finally:
        listener.close()


def test_backend_tries_every_pinned_address_and_reports_the_failure() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]

    async def dial() -> None:
        with pinned(Target("feed.test", closed_port, ("127.0.0.1", "127.0.0.2"))):
            await PinnedBackend().connect_tcp("feed.test", closed_port, timeout=5)

    with pytest.raises(httpcore.ConnectError):
        asyncio.run(dial())
