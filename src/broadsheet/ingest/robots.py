"""robots.txt for article pages: fetched once per origin, cached, parsed with protego.

Feeds are fetched whatever robots.txt says (a feed exists to be polled); article pages
are checked against the rules for the product token ``Broadsheet``.

What a robots.txt answer means, following Google's documented handling:

* 2xx: the rules apply (only the first :data:`ROBOTS_MAX_BYTES` are read); kept
  :data:`RULES_TTL` seconds.
* 4xx other than 429, or more redirects than allowed: there are no rules, everything is
  allowed; kept :data:`RULES_TTL` seconds.
* 429, 5xx, or no usable answer (connection refused, deadline, refused by the SSRF
  guard): the site is treated as disallowing everything, but only for
  :data:`ERROR_TTL` seconds, after which robots.txt is asked for again. A site in
  trouble is not hammered for pages, and a passing outage costs minutes, not a day.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import httpx
from protego import Protego

from broadsheet.errors import (
    FetchError,
    HTTPStatusError,
    RobotsDisallowed,
    TooManyRedirects,
)
from broadsheet.model import FetchResult

#: The product token matched against ``User-agent:`` lines.
ROBOTS_TOKEN = "Broadsheet"  # noqa: S105 - a robots.txt product token, not a secret
ROBOTS_MAX_BYTES = 512 * 1024
RULES_TTL = 24 * 3600.0
ERROR_TTL = 30 * 60.0
#: Origins remembered at once; the oldest entries are dropped past this.
MAX_ORIGINS = 4096

RobotsGetter = Callable[[str], Awaitable[FetchResult]]


@dataclass(frozen=True, slots=True)
class _Rules:
    parser: Protego | None  # None with disallow=False: no rules at all
    disallow_all: str | None  # why everything is refused, when it is
    expires: float


class RobotsCache:
    """Per-origin robots.txt decisions for the life of one Fetcher.

    ``get`` fetches a robots.txt URL through the fetcher's guarded path (same SSRF guard,
    caps and politeness) and raises :class:`FetchError` subclasses on failure.
    """

    def __init__(self, get: RobotsGetter, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._get = get
        self._clock = clock
        self._rules: dict[str, _Rules] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def check(self, url: httpx.URL) -> None:
        """Raise RobotsDisallowed if robots.txt forbids ``url`` to Broadsheet."""
        origin = _origin(url)
        rules = await self._rules_for(origin)
        if rules.disallow_all is not None:
            raise RobotsDisallowed(
                f"robots.txt of {origin} {rules.disallow_all}; pages there are not fetched for now",
                url=str(url),
            )
        if rules.parser is not None and not rules.parser.can_fetch(str(url), ROBOTS_TOKEN):
            path = url.raw_path.decode("ascii", "replace")
            raise RobotsDisallowed(
                f"robots.txt of {origin} disallows {path} for {ROBOTS_TOKEN}", url=str(url)
            )

    async def _rules_for(self, origin: str) -> _Rules:
        cached = self._rules.get(origin)
        if cached is not None and cached.expires > self._clock():
            return cached
        lock = self._locks.setdefault(origin, asyncio.Lock())
        async with lock:
            cached = self._rules.get(origin)
            if cached is not None and cached.expires > self._clock():
                return cached
            rules = await self._load(origin)
            self._rules.pop(origin, None)
            self._rules[origin] = rules
            while len(self._rules) > MAX_ORIGINS:
                oldest = next(iter(self._rules))
                del self._rules[oldest]
                self._locks.pop(oldest, None)
            return rules

    async def _load(self, origin: str) -> _Rules:
        try:
            result = await self._get(origin + "/robots.txt")
        except TooManyRedirects:
            return _Rules(None, None, self._clock() + RULES_TTL)
        except HTTPStatusError as exc:
            if exc.status == 429 or exc.status >= 500:
                why = f"answered HTTP {exc.status}"
                return _Rules(None, why, self._clock() + ERROR_TTL)
            return _Rules(None, None, self._clock() + RULES_TTL)
        except FetchError as exc:
            return _Rules(None, f"could not be read ({exc})", self._clock() + ERROR_TTL)
        if result.status == 304 or not result.body.strip():
            return _Rules(None, None, self._clock() + RULES_TTL)
        text = result.body.decode("utf-8", "replace")
        return _Rules(Protego.parse(text), None, self._clock() + RULES_TTL)


def _origin(url: httpx.URL) -> str:
    host = url.raw_host.decode("ascii")
    if ":" in host:
        host = f"[{host}]"
    port = f":{url.port}" if url.port is not None else ""
    return f"{url.scheme}://{host}{port}"
