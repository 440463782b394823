"""The SSRF guard: which URLs the fetcher may reach, and a transport that keeps to them.

A feed URL is typed in by a user, and every redirect and every article link comes from
someone else's server, so each hop is checked here before any connection is made:

1. The URL is parsed once, by httpx's own parser (the one that will build the request),
   so the guard and the client cannot disagree about the host. Only ``http`` and ``https``
   pass; URLs carrying a user name or password are refused (we have no use for them and
   parsers disagree about where userinfo ends); hostnames must be plain LDH labels.
2. Hosts that are numbers in any spelling (``2130706433``, ``0x7f.1``, ``017700000001``,
   ``127.1``, ``0``) are read the way browsers and ``inet_aton`` read them, never sent to
   a resolver. Other names are resolved ONCE through the injected :class:`Resolver`.
3. Every resolved address must be public: loopback, private, link-local, shared (CGNAT),
   multicast, reserved, unspecified, documentation and benchmarking ranges are refused,
   and so are IPv6 addresses that embed one of those (IPv4-mapped, NAT64, 6to4, Teredo).
   Targets that are not allow-listed must also use a web port (:data:`WEB_PORTS`).
4. The checked addresses are pinned for the duration of the exchange, and the transport's
   network backend connects to those addresses and nothing else, so a name that resolves
   differently a second time (DNS rebinding) cannot move the connection. TLS still
   verifies the certificate against the hostname, and the Host header keeps the name.

``settings.fetch_allow`` lists hostnames (exact, case-insensitive) or IP networks that are
let through whatever their addresses or ports, e.g. ``127.0.0.1`` for a local test server.
"""

from __future__ import annotations

import asyncio
import contextvars
import ipaddress
import re
import socket
import ssl
from collections.abc import AsyncIterator, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Protocol

import httpcore
import httpx

from broadsheet.errors import Blocked, ConnectError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

#: Ports a non-allow-listed target may use: the web's defaults and its common alternates.
WEB_PORTS = frozenset({80, 443, 8000, 8008, 8080, 8443, 8888})

_V4 = ipaddress.IPv4Network
_V6 = ipaddress.IPv6Network

# IANA special-purpose registries, spelled out rather than trusting ipaddress's flags,
# whose meaning has changed between Python releases.
_BLOCKED_V4: tuple[tuple[ipaddress.IPv4Network, str], ...] = (
    (_V4("0.0.0.0/8"), "a 'this network' address"),
    (_V4("10.0.0.0/8"), "a private address"),
    (_V4("100.64.0.0/10"), "a shared (CGNAT) address"),
    (_V4("127.0.0.0/8"), "a loopback address"),
    (_V4("169.254.0.0/16"), "a link-local address"),
    (_V4("172.16.0.0/12"), "a private address"),
    (_V4("192.0.0.0/24"), "an IETF protocol address"),
    (_V4("192.0.2.0/24"), "a documentation address"),
    (_V4("192.88.99.0/24"), "a 6to4 relay address"),
    (_V4("192.168.0.0/16"), "a private address"),
    (_V4("198.18.0.0/15"), "a benchmarking address"),
    (_V4("198.51.100.0/24"), "a documentation address"),
    (_V4("203.0.113.0/24"), "a documentation address"),
    (_V4("224.0.0.0/4"), "a multicast address"),
    (_V4("255.255.255.255/32"), "the broadcast address"),
    (_V4("240.0.0.0/4"), "a reserved address"),
)
_GLOBAL_UNICAST_V6 = _V6("2000::/3")
_BLOCKED_V6: tuple[tuple[ipaddress.IPv6Network, str], ...] = (
    (_V6("::/128"), "the unspecified address"),
    (_V6("::1/128"), "a loopback address"),
    (_V6("64:ff9b:1::/48"), "a local-use NAT64 address"),
    (_V6("fc00::/7"), "a unique-local (private) address"),
    (_V6("fe80::/10"), "a link-local address"),
    (_V6("fec0::/10"), "a site-local address"),
    (_V6("ff00::/8"), "a multicast address"),
    (_V6("2001:db8::/32"), "a documentation address"),
    (_V6("3fff::/20"), "a documentation address"),
    (_V6("2001:2::/48"), "a benchmarking address"),
    (_V6("2001:10::/28"), "an ORCHID address"),
    (_V6("2001:20::/28"), "an ORCHID address"),
)
_NAT64 = _V6("64:ff9b::/96")
_LABEL = re.compile(r"^(?!-)[a-z0-9_-]{1,63}(?<!-)$")
_HEX_PART = re.compile(r"^0[xX][0-9a-fA-F]*$")


class Resolver(Protocol):
    """Turns a hostname into the IP addresses to connect to."""

    async def resolve(self, host: str, port: int) -> list[str]: ...


class SystemResolver:
    """The operating system's resolver, through the event loop's ``getaddrinfo``."""

    async def resolve(self, host: str, port: int) -> list[str]:
        loop = asyncio.get_running_loop()
        try:
            infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError as exc:  # socket.gaierror and friends
            raise ConnectError(f"cannot resolve {host}: {exc.strerror or exc}") from exc
        return [str(info[4][0]) for info in infos]


def address_problem(ip: IPAddress | str) -> str | None:
    """Why ``ip`` must not be fetched from (e.g. "a private address"), or None if public."""
    addr = ipaddress.ip_address(ip) if isinstance(ip, str) else ip
    if isinstance(addr, ipaddress.IPv4Address):
        for network, reason in _BLOCKED_V4:
            if addr in network:
                return reason
        return None
    addr = addr if addr.scope_id is None else ipaddress.IPv6Address(str(addr).split("%")[0])
    embedded = _embedded_v4(addr)
    if embedded:
        for inner in embedded:
            problem = address_problem(inner)
            if problem:
                return f"an address embedding {inner}, {problem}"
        return None
    for network6, reason in _BLOCKED_V6:
        if addr in network6:
            return reason
    if addr not in _GLOBAL_UNICAST_V6:
        return "a reserved address"
    return None


def is_public_address(ip: IPAddress | str) -> bool:
    """True if ``ip`` is a globally reachable unicast address that the fetcher may use."""
    return address_problem(ip) is None


def _embedded_v4(addr: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """IPv4 addresses carried inside an IPv6 address by a transition mechanism."""
    packed = addr.packed
    if addr.ipv4_mapped is not None:
        return [addr.ipv4_mapped]
    if packed[:12] == bytes(12) and int(addr) > 1:  # deprecated IPv4-compatible ::a.b.c.d
        return [ipaddress.IPv4Address(packed[12:])]
    if packed[:12] == bytes.fromhex("0000000000000000ffff0000"):  # IPv4-translated (SIIT)
        return [ipaddress.IPv4Address(packed[12:])]
    if addr in _NAT64:
        return [ipaddress.IPv4Address(packed[12:])]
    if addr.sixtofour is not None:
        return [addr.sixtofour]
    if addr.teredo is not None:
        server, client = addr.teredo
        return [server, client]
    return []


def parse_numeric_ipv4(host: str) -> ipaddress.IPv4Address | None:
    """Read a host that "ends in a number" as IPv4, the way browsers and inet_aton do.

    Returns None for ordinary names; raises ValueError for numeric hosts that are not a
    valid address (such hosts are never handed to a resolver).
    """
    parts = host.split(".")
    if len(parts) > 1 and parts[-1] == "":
        parts = parts[:-1]
    last = parts[-1]
    if not (last.isascii() and (last.isdigit() or _HEX_PART.match(last))):
        return None
    if len(parts) > 4:
        raise ValueError("too many parts")
    numbers = [_ipv4_part(part) for part in parts]
    if any(n > 255 for n in numbers[:-1]) or numbers[-1] >= 256 ** (5 - len(numbers)):
        raise ValueError("a part is out of range")
    value = numbers[-1]
    for index, number in enumerate(numbers[:-1]):
        value += number << (8 * (3 - index))
    return ipaddress.IPv4Address(value)


def _ipv4_part(part: str) -> int:
    if not part.isascii() or not part:
        raise ValueError("empty or non-ASCII part")
    if _HEX_PART.match(part):
        return int(part[2:] or "0", 16)
    if len(part) > 1 and part[0] == "0":
        return int(part[1:], 8)
    return int(part, 10)


@dataclass(frozen=True, slots=True)
class AllowList:
    """Hostnames and networks that the guard lets through (``settings.fetch_allow``)."""

    names: frozenset[str] = frozenset()
    networks: tuple[IPNetwork, ...] = ()

    @classmethod
    def parse(cls, entries: Iterable[str]) -> AllowList:
        names: set[str] = set()
        networks: list[IPNetwork] = []
        for raw in entries:
            entry = raw.strip().strip("[]").lower()
            try:
                networks.append(ipaddress.ip_network(entry, strict=False))
            except ValueError:
                names.add(entry.rstrip("."))
        return cls(frozenset(names), tuple(networks))

    def allows_address(self, ip: IPAddress) -> bool:
        return any(ip.version == net.version and ip in net for net in self.networks)


@dataclass(frozen=True, slots=True)
class Target:
    """A checked hop: the host as the transport will see it, its port and the addresses."""

    host: str
    port: int
    addresses: tuple[str, ...]


def parse_url(url: str | httpx.URL) -> httpx.URL:
    """Parse ``url`` strictly, raising Blocked for anything the fetcher will not request."""
    try:
        parsed = url if isinstance(url, httpx.URL) else httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise Blocked(
            f"refused: {str(url)[:200]!r} is not a valid URL ({exc})", url=str(url)
        ) from exc
    if parsed.scheme not in ("http", "https"):
        scheme = repr(parsed.scheme) if parsed.scheme else "a URL without a scheme"
        raise Blocked(f"refused: only http and https URLs are fetched, not {scheme}", url=str(url))
    if parsed.userinfo:
        raise Blocked("refused: URLs with a user name or password are not fetched", url=str(url))
    if not parsed.raw_host:
        raise Blocked("refused: the URL has no host", url=str(url))
    return parsed


async def check_target(url: httpx.URL, resolver: Resolver, allow: AllowList) -> Target:
    """Check one hop: parse, resolve once, vet every address. Raises Blocked or ConnectError."""
    url = parse_url(url)
    host = url.raw_host.decode("ascii").lower()
    port = url.port or (443 if url.scheme == "https" else 80)
    name = host.rstrip(".")
    named_ok = name in allow.names
    literal = _literal_address(host, str(url))
    if literal is not None:
        addresses: list[IPAddress] = [literal]
    else:
        _check_hostname(name, str(url))
        try:
            resolved = await resolver.resolve(name, port)
        except OSError as exc:
            raise ConnectError(f"cannot resolve {name}: {exc}", url=str(url)) from exc
        addresses = _parse_resolved(name, resolved, str(url))
    listed = named_ok or all(allow.allows_address(a) for a in addresses)
    if not named_ok:
        for addr in addresses:
            if allow.allows_address(addr):
                continue
            reason = address_problem(addr)
            if reason:
                if literal is not None:
                    raise Blocked(f"refused: {addr} is {reason}", url=str(url))
                raise Blocked(f"refused: {name} resolves to {addr}, {reason}", url=str(url))
    if not listed and port not in WEB_PORTS:
        ports = ", ".join(str(p) for p in sorted(WEB_PORTS))
        raise Blocked(
            f"refused: port {port} is not a web port (allowed: {ports}; list the host in "
            "BROADSHEET_FETCH_ALLOW to reach others)",
            url=str(url),
        )
    return Target(host, port, tuple(dict.fromkeys(str(a) for a in addresses)))


async def check_url(
    url: str | httpx.URL, resolver: Resolver, allow: Iterable[str] | AllowList = ()
) -> list[str]:
    """Validate ``url`` for fetching and return the IP addresses it may be fetched from."""
    allow_list = allow if isinstance(allow, AllowList) else AllowList.parse(allow)
    target = await check_target(parse_url(url), resolver, allow_list)
    return list(target.addresses)


def _literal_address(host: str, url: str) -> IPAddress | None:
    if ":" in host:  # httpx has already removed the brackets of an IPv6 literal
        try:
            return ipaddress.IPv6Address(host.replace("%25", "%"))
        except ValueError as exc:
            raise Blocked(f"refused: {host!r} is not a valid IPv6 address", url=url) from exc
    try:
        return parse_numeric_ipv4(host)
    except ValueError as exc:
        raise Blocked(f"refused: {host!r} is not a valid IPv4 address ({exc})", url=url) from exc


def _check_hostname(name: str, url: str) -> None:
    labels = name.split(".")
    if len(name) > 253 or not all(_LABEL.match(label) for label in labels):
        raise Blocked(f"refused: {name!r} is not a valid hostname", url=url)


def _parse_resolved(name: str, resolved: Iterable[str], url: str) -> list[IPAddress]:
    addresses: list[IPAddress] = []
    for text in resolved:
        try:
            addresses.append(ipaddress.ip_address(text))
        except ValueError as exc:
            raise ConnectError(f"resolver returned {text!r} for {name}", url=url) from exc
    if not addresses:
        raise ConnectError(f"cannot resolve {name}: no addresses", url=url)
    return addresses


# --- connecting only to checked addresses --------------------------------------------

_PINS: contextvars.ContextVar[Mapping[str, tuple[str, ...]] | None] = contextvars.ContextVar(
    "broadsheet_fetch_pins", default=None
)


@contextmanager
def pinned(target: Target) -> Iterator[None]:
    """Within this block (and this task), ``target.host`` may be dialled at its addresses."""
    token = _PINS.set({target.host: target.addresses})
    try:
        yield
    finally:
        _PINS.reset(token)


class PinnedBackend(httpcore.AsyncNetworkBackend):
    """A network backend that dials only the addresses pinned by the guard for a host."""

    def __init__(self, inner: httpcore.AsyncNetworkBackend | None = None) -> None:
        self._inner = inner or httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,  # noqa: ASYNC109 - httpcore's backend interface
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        addresses = (_PINS.get() or {}).get(host.lower())
        if not addresses:
            raise Blocked(f"refused: {host} was not checked by the SSRF guard")
        failure: Exception | None = None
        for address in addresses:
            try:
                return await self._inner.connect_tcp(
                    address,
                    port,
                    timeout=timeout,
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
        assert failure is not None
        raise failure

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,  # noqa: ASYNC109 - httpcore's backend interface
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise Blocked("refused: Unix sockets are never fetched")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


class GuardedTransport(httpx.AsyncBaseTransport):
    """An httpx transport over an httpcore pool whose backend is :class:`PinnedBackend`.

    It does not translate httpcore's exceptions; the fetcher maps both families to the
    error tree in one place.
    """

    def __init__(self, *, max_connections: int, ssl_context: ssl.SSLContext | None = None) -> None:
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=ssl_context or httpx.create_ssl_context(),
            max_connections=max_connections,
            max_keepalive_connections=max_connections,
            keepalive_expiry=30.0,
            http1=True,
            http2=False,
            network_backend=PinnedBackend(),
        )

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        assert isinstance(request.stream, httpx.AsyncByteStream)
        core_request = httpcore.Request(
            method=request.method,
            url=httpcore.URL(
                scheme=request.url.raw_scheme,
                host=request.url.raw_host,
                port=request.url.port,
                target=request.url.raw_path,
            ),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        response = await self._pool.handle_async_request(core_request)
        return httpx.Response(
            status_code=response.status,
            headers=response.headers,
            stream=_ResponseStream(response),
            extensions=response.extensions,
        )

    async def aclose(self) -> None:
        await self._pool.aclose()


class _ResponseStream(httpx.AsyncByteStream):
    def __init__(self, response: httpcore.Response) -> None:
        self._response = response

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for part in self._response.aiter_stream():
            yield part

    async def aclose(self) -> None:
        await self._response.aclose()
