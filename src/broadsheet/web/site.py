"""What every page handler shares: settings, store, templates, caches, the signing key.

One ``Site`` is built by ``create_app`` and kept on ``app.state.site``; handlers reach it
with ``site_of(request)``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from jinja2 import Environment
from starlette.requests import Request
from starlette.responses import Response

from broadsheet.config import Settings
from broadsheet.model import Source
from broadsheet.store import reader
from broadsheet.store.db import Store
from broadsheet.web.cache import PageCache, conditional
from broadsheet.web.images import ImageCache, proxy_path
from broadsheet.web.security import form_token

HTML = "text/html; charset=utf-8"
Clock = Callable[[], datetime]


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass
class Site:
    settings: Settings
    store: Store
    env: Environment
    secret: bytes
    clock: Clock = utcnow
    pages: PageCache = field(default_factory=PageCache)
    images: ImageCache = field(default_factory=ImageCache)
    # Small lists many pages show, refreshed at most every ``lists_ttl`` seconds.
    lists_ttl: float = 30.0
    _lists: dict[str, tuple[float, Any]] = field(default_factory=dict)
    _lists_lock: threading.Lock = field(default_factory=threading.Lock)

    def render(self, template: str, **context: Any) -> str:
        return self.env.get_template(template).render(**context)

    def html(
        self, request: Request, template: str, *, status_code: int = 200, **context: Any
    ) -> Response:
        """A page rendered now (not cached), with an ETag."""
        body = self.render(template, request=request, **context).encode("utf-8")
        return conditional(request, body, media_type=HTML, status_code=status_code)

    def absolute(self, request: Request, path: str) -> str:
        """``path`` on this site as an absolute URL (``base_url`` when it is set)."""
        base = self.settings.base_url.rstrip("/")
        if not base:
            base = f"{request.url.scheme}://{request.url.netloc}"
        return base + path

    def image(self, url: str | None) -> str | None:
        """The local (proxied) path of an outlet image; None for a non-http(s) URL."""
        return proxy_path(self.secret, url)

    def token(self, purpose: str) -> str:
        return form_token(self.secret, purpose)

    def cached_list(self, name: str, load: Callable[[], Any], *, ttl: float | None = None) -> Any:
        now = time.monotonic()
        with self._lists_lock:
            hit = self._lists.get(name)
        if hit is not None and now - hit[0] < (self.lists_ttl if ttl is None else ttl):
            return hit[1]
        value = load()
        with self._lists_lock:
            self._lists[name] = (now, value)
        return value

    def sources(self) -> dict[int, Source]:
        def load() -> dict[int, Source]:
            with self.store.read() as conn:
                return reader.sources_by_id(conn)

        result: dict[int, Source] = self.cached_list("sources", load)
        return result

    def languages(self) -> list[str]:
        def load() -> list[str]:
            with self.store.read() as conn:
                return reader.languages(conn)

        # A full scan of the articles: kept ten minutes.
        result: list[str] = self.cached_list("languages", load, ttl=600.0)
        return result

    def latest_from(self, source_id: int, limit: int) -> list[reader.ArticleCard]:
        """An outlet's newest articles, for "more from this outlet" (kept ``lists_ttl``)."""

        def load() -> list[reader.ArticleCard]:
            with self.store.read() as conn:
                return reader.latest_cards(conn, limit=limit, source_id=source_id)

        result: list[reader.ArticleCard] = self.cached_list(f"latest:{source_id}:{limit}", load)
        return result

    def forget_lists(self) -> None:
        """After the operator changes subscriptions: drop cached lists and pages."""
        with self._lists_lock:
            self._lists.clear()
        self.pages.clear()


def site_of(request: Request) -> Site:
    site = request.app.state.site
    assert isinstance(site, Site)
    return site
