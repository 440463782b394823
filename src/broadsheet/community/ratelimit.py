"""Rate limits shared by every process, and a hashcash proof of work for when one is near.

A limit allows ``count`` events per ``window`` for one key (a member, an address tried,
a client address or its network), over the last ``window`` (sliding, to within a tenth
of it: there is no edge where a burst gets a second allowance). Counters are rows
(``store.guards``) per key and tenth of a window: cheap, atomic, and the same for every
web process.

When a key has used most of its allowance (``near``), forms ask for a proof of work:
find a number ``n`` such that SHA-256 of ``challenge:n`` starts with ``bits`` zero bits.
It costs a browser a second or so (``static/community-pow.js``) and a bot sending
thousands of requests a lot; checking it costs one hash. The challenge is a signed,
expiring token, spent on use.
"""

from __future__ import annotations

import hashlib
import ipaddress
from dataclasses import dataclass
from datetime import datetime, timedelta

from broadsheet.community import tokens
from broadsheet.store import guards
from broadsheet.store.db import Store

NEAR = 0.6  # share of a limit after which a proof of work is asked
POW_TTL = timedelta(minutes=20)


@dataclass(frozen=True, slots=True)
class Limit:
    name: str
    count: int
    window: timedelta


@dataclass(frozen=True, slots=True)
class Verdict:
    allowed: bool
    used: int
    limit: int

    @property
    def near(self) -> bool:
        return self.used >= self.limit * NEAR


def client_key(ip: str) -> str:
    """One key per client: the address, or its /64 for IPv6 (one household or host)."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return f"ip:{ip[:64]}"
    if address.version == 6:
        return f"ip:{ipaddress.ip_network(f'{ip}/64', strict=False)}"
    return f"ip:{address}"


def network_key(ip: str) -> str:
    """A wider key for a client's network: /24 for IPv4, /48 for IPv6."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return f"net:{ip[:64]}"
    prefix = 24 if address.version == 4 else 48
    return f"net:{ipaddress.ip_network(f'{ip}/{prefix}', strict=False)}"


BUCKETS = 10  # a window is counted in this many buckets


def _bucket(limit: Limit, now: datetime) -> datetime:
    seconds = max(1, int(limit.window.total_seconds()) // BUCKETS)
    return datetime.fromtimestamp(int(now.timestamp()) // seconds * seconds, now.tzinfo)


def _key(limit: Limit, key: str) -> str:
    return f"{limit.name}:{key}"[:200]


def hit(store: Store, limit: Limit, key: str, *, now: datetime) -> Verdict:
    """Count one event; ``allowed`` is False once the last window's allowance is spent."""
    name = _key(limit, key)
    start = _bucket(limit, now)
    with store.begin() as conn:
        guards.bump_counter(conn, name, window_start=start, expires_at=start + limit.window)
        used = guards.sum_counters(conn, name, after=now - limit.window)
    return Verdict(allowed=used <= limit.count, used=used, limit=limit.count)


def peek(store: Store, limit: Limit, key: str, *, now: datetime) -> Verdict:
    with store.read() as conn:
        used = guards.sum_counters(conn, _key(limit, key), after=now - limit.window)
    return Verdict(allowed=used < limit.count, used=used, limit=limit.count)


# -- proof of work ----------------------------------------------------------------------


def pow_challenge(secret: bytes, bits: int, *, now: datetime) -> str:
    return tokens.make_token(secret, "pow", bits, now=now, ttl=POW_TTL)


def leading_zero_bits(digest: bytes) -> int:
    total = 0
    for byte in digest:
        if byte == 0:
            total += 8
            continue
        return total + 8 - byte.bit_length()
    return total


def solves(challenge: str, answer: str, bits: int) -> bool:
    if not answer.isdigit() or len(answer) > 20:
        return False
    digest = hashlib.sha256(f"{challenge}:{answer}".encode("ascii", "replace")).digest()
    return leading_zero_bits(digest) >= bits


def solve(challenge: str, bits: int) -> str:
    """What a browser does; here for tests and scripted clients."""
    n = 0
    while not solves(challenge, str(n), bits):
        n += 1
    return str(n)


def check_pow(
    store: Store, secret: bytes, challenge: str, answer: str, *, bits: int, now: datetime
) -> bool:
    """A fresh, unspent challenge of at least ``bits``, correctly solved; spends it."""
    try:
        claims = tokens.read_token(secret, challenge, "pow", now=now)
    except tokens.BadToken:
        return False
    if claims.subject < bits or not solves(challenge, answer, claims.subject):
        return False
    with store.begin() as conn:
        return guards.spend_token(conn, "pow:" + claims.nonce, expires_at=claims.expires_at)
