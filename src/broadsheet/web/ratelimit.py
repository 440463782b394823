"""Per-client rate limits for the JSON API and search: a token bucket per address.

Each client address gets ``burst`` requests at once and ``per_minute`` requests a minute
after that. A request over the limit is answered ``429 Too Many Requests`` with
``Retry-After``; every limited response says where the client stands in the
``RateLimit-Limit`` / ``RateLimit-Remaining`` headers. The buckets live in the process,
so with several server processes each enforces its own share.
"""

from __future__ import annotations

import json
import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send


@dataclass(frozen=True, slots=True)
class Limit:
    per_minute: int
    burst: int


DEFAULT_LIMITS: dict[str, Limit] = {
    "/api/": Limit(per_minute=120, burst=60),
    "/search": Limit(per_minute=60, burst=30),
}
MAX_CLIENTS = 50_000


class TokenBuckets:
    """Buckets by key, forgetting the least recently seen keys beyond ``max_keys``."""

    def __init__(
        self,
        limit: Limit,
        *,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = MAX_CLIENTS,
    ) -> None:
        self.limit = limit
        self.clock = clock
        self.max_keys = max_keys
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def take(self, key: str) -> tuple[bool, int, float]:
        """Spend one token: (allowed, tokens left, seconds until the next token)."""
        rate = self.limit.per_minute / 60.0
        now = self.clock()
        with self._lock:
            tokens, seen = self._buckets.pop(key, (float(self.limit.burst), now))
            tokens = min(float(self.limit.burst), tokens + (now - seen) * rate)
            allowed = tokens >= 1.0
            if allowed:
                tokens -= 1.0
            self._buckets[key] = (tokens, now)
            while len(self._buckets) > self.max_keys:
                self._buckets.popitem(last=False)
        wait = 0.0 if tokens >= 1.0 else (1.0 - tokens) / rate
        return allowed, int(tokens), wait


class RateLimits:
    """Pure ASGI middleware applying a bucket per path prefix and client address."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        limits: dict[str, Limit] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.app = app
        chosen = DEFAULT_LIMITS if limits is None else limits
        self.rules = [
            (prefix, TokenBuckets(limit, clock=clock)) for prefix, limit in chosen.items()
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        buckets = next((b for prefix, b in self.rules if path.startswith(prefix)), None)
        if buckets is None:
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        allowed, left, wait = buckets.take(client[0] if client else "unknown")
        limit_headers = [
            (b"ratelimit-limit", str(buckets.limit.per_minute).encode()),
            (b"ratelimit-remaining", str(left).encode()),
        ]
        if not allowed:
            as_json = path.startswith("/api/")
            await _too_many(send, limit_headers, math.ceil(wait), as_json=as_json)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *limit_headers]
            await send(message)

        await self.app(scope, receive, with_headers)


async def _too_many(
    send: Send, headers: list[tuple[bytes, bytes]], retry_after: int, *, as_json: bool
) -> None:
    message = f"Too many requests; try again in {retry_after} seconds."
    if as_json:
        body, media = json.dumps({"detail": message}).encode(), b"application/json"
    else:
        body, media = message.encode(), b"text/plain; charset=utf-8"
    await send(
        {
            "type": "http.response.start",
            "status": 429,
            "headers": [
                (b"content-type", media),
                (b"content-length", str(len(body)).encode()),
                (b"retry-after", str(retry_after).encode()),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
