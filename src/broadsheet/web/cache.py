"""Rendered pages kept in memory, with ETags and conditional responses.

A page is rendered once per *version* of what it shows (an article's version number)
and kept for a short time, so relative times ("10 minutes ago") stay close to right. Pages
whose freshness cannot be checked cheaply (the front page, a source's page) are served
stale-while-revalidate: after ``ttl`` the next request gets the old copy at once and one
background thread renders the new one. Concurrent misses for the same key wait for a
single render ("single flight") instead of each querying the database.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from functools import partial

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

log = logging.getLogger(__name__)

Clock = Callable[[], float]


@dataclass(frozen=True, slots=True)
class Rendered:
    body: bytes
    etag: str
    version: Hashable
    made_at: float


def etag_of(body: bytes) -> str:
    """A strong validator: the first 128 bits of the body's SHA-256, quoted."""
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def matches(request: Request, etag: str) -> bool:
    """True when the client's If-None-Match names ``etag`` (or is ``*``)."""
    header = request.headers.get("if-none-match")
    if not header:
        return False
    candidates = [c.strip() for c in header.split(",")]
    return "*" in candidates or any(c.removeprefix("W/") == etag for c in candidates)


def conditional(
    request: Request,
    body: bytes,
    *,
    media_type: str,
    etag: str | None = None,
    cache_control: str = "no-cache",
    status_code: int = 200,
) -> Response:
    """``body`` with an ETag, or an empty 304 when the client already has it."""
    tag = etag or etag_of(body)
    headers = {"ETag": tag, "Cache-Control": cache_control}
    if status_code == 200 and matches(request, tag):
        return Response(status_code=304, headers=headers)
    return Response(body, status_code=status_code, media_type=media_type, headers=headers)


class PageCache:
    """A bounded LRU of rendered pages, safe to use from the event loop and threads."""

    def __init__(
        self, *, max_entries: int = 2000, clock: Clock = time.monotonic, renderers: int = 4
    ) -> None:
        self.max_entries = max_entries
        self.clock = clock
        # Rendering is Python work under the GIL: a few threads at a time keep the event
        # loop (which answers every cached page) from starving behind a crowd of renders.
        self._renderers = threading.BoundedSemaphore(renderers)
        self._entries: OrderedDict[Hashable, Rendered] = OrderedDict()
        self._checked: dict[Hashable, float] = {}  # when a page's version was last confirmed
        self._lock = threading.Lock()
        self._flights: dict[Hashable, threading.Lock] = {}
        self._refreshing: set[Hashable] = set()
        self._tasks: set[asyncio.Future[Rendered]] = set()

    def __len__(self) -> int:
        return len(self._entries)

    def peek(self, key: Hashable) -> Rendered | None:
        with self._lock:
            hit = self._entries.get(key)
            if hit is not None:
                self._entries.move_to_end(key)
            return hit

    def recently_checked(self, key: Hashable, within: float) -> Rendered | None:
        """The cached page when its version was confirmed less than ``within`` s ago."""
        checked = self._checked.get(key)
        if checked is None or self.clock() - checked >= within:
            return None
        return self.peek(key)

    def put(self, key: Hashable, body: str | bytes, *, version: Hashable = None) -> Rendered:
        data = body.encode("utf-8") if isinstance(body, str) else body
        rendered = Rendered(body=data, etag=etag_of(data), version=version, made_at=self.clock())
        with self._lock:
            self._entries[key] = rendered
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                gone, _ = self._entries.popitem(last=False)
                self._checked.pop(gone, None)
        return rendered

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._checked.clear()

    def age(self, rendered: Rendered) -> float:
        return self.clock() - rendered.made_at

    def build(
        self, key: Hashable, make: Callable[[], tuple[str, Hashable]], *, newer_than: float
    ) -> Rendered:
        """Render ``key`` unless another thread rendered it after ``newer_than``."""
        with self._lock:
            flight = self._flights.setdefault(key, threading.Lock())
        with flight:
            hit = self.peek(key)
            if hit is not None and hit.made_at > newer_than:
                return hit
            with self._renderers:
                body, version = make()
            rendered = self.put(key, body, version=version)
            self._checked[key] = rendered.made_at
            return rendered

    async def get(
        self,
        key: Hashable,
        make: Callable[[], tuple[str, Hashable]],
        *,
        ttl: float,
        version: Hashable = None,
        stale_ok: bool = False,
    ) -> Rendered:
        """The page for ``key``; ``make`` (run in a thread) renders it and names its version.

        A cached copy is used while it is younger than ``ttl`` and, when ``version`` is
        given, of that version. With ``stale_ok`` an older copy is served while a
        background thread renders a fresh one.
        """
        hit = self.peek(key)
        if hit is not None and (version is None or hit.version == version):
            if version is not None:
                self._checked[key] = self.clock()
            if self.age(hit) < ttl:
                return hit
            if stale_ok:
                self._refresh_later(key, make, newer_than=hit.made_at)
                return hit
        started = self.clock() if hit is None else hit.made_at
        return await run_in_threadpool(self.build, key, make, newer_than=started)

    def _refresh_later(
        self, key: Hashable, make: Callable[[], tuple[str, Hashable]], *, newer_than: float
    ) -> None:
        with self._lock:
            if key in self._refreshing:
                return
            self._refreshing.add(key)
        loop = asyncio.get_running_loop()
        task = loop.run_in_executor(None, partial(self.build, key, make, newer_than=newer_than))
        self._tasks.add(task)
        task.add_done_callback(lambda done: self._refreshed(key, done))

    def _refreshed(self, key: Hashable, done: asyncio.Future[Rendered]) -> None:
        self._tasks.discard(done)
        with self._lock:
            self._refreshing.discard(key)
        if not done.cancelled() and done.exception() is not None:
            log.error("background render of %r failed", key, exc_info=done.exception())
