"""Outlet images served from this site: the reader's browser never contacts an outlet.

Pages link every outlet image as ``/img/<signature>/<url>``: the URL (base64url) and an
HMAC of it under the site's secret, so the proxy fetches only URLs this site put in a
page and cannot be used as an open relay. A miss is fetched through the ``Fetcher``
(SSRF guard, size cap, deadline), checked to be an image, and kept in a bounded
in-memory cache. Answers carry their own restrictive CSP and a day of browser caching.

Besides privacy (no reader IP or referrer reaches the outlet) this keeps pages free of
mixed content on an https site and lets the CSP allow images from this origin only.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from html import unescape

from markupsafe import escape
from starlette.requests import Request
from starlette.responses import Response

from broadsheet.config import Settings
from broadsheet.errors import FetchError
from broadsheet.ingest.fetch import Fetcher
from broadsheet.web.cache import etag_of, matches

MAX_IMAGE_BYTES = 5 * 1024 * 1024
CACHE_BYTES = 64 * 1024 * 1024
MAX_FAILURES = 10_000
ACCEPT = "image/avif,image/webp,image/png,image/jpeg,image/gif,image/svg+xml;q=0.8"
IMAGE_TYPES = frozenset(
    {"image/png", "image/jpeg", "image/gif", "image/webp", "image/avif", "image/svg+xml"}
)
# An image answer is a file, never a document: nothing in it may run or load.
IMAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
_IMG_SRC = re.compile(r'(<img\b[^>]*?\ssrc=")([^"]*)(")')

Signer = Callable[[str | None], str | None]


def signature(secret: bytes, url: str) -> str:
    return hmac.new(secret, b"img:" + url.encode("utf-8"), hashlib.sha256).hexdigest()[:24]


def proxy_path(secret: bytes, url: str | None) -> str | None:
    """The local path of an http(s) image URL, or None for anything else."""
    if not url or not url.startswith(("https://", "http://")) or len(url) > 2048:
        return None
    encoded = base64.urlsafe_b64encode(url.encode("utf-8")).decode("ascii").rstrip("=")
    return f"/img/{signature(secret, url)}/{encoded}"


def rewrite_images(html: str, sign: Signer) -> str:
    """Point every ``<img src>`` of sanitized HTML at the proxy (others are dropped)."""

    def swap(match: re.Match[str]) -> str:
        local = sign(unescape(match.group(2)))
        return f"{match.group(1)}{escape(local) if local else ''}{match.group(3)}"

    return _IMG_SRC.sub(swap, html)


def decode(secret: bytes, sig: str, encoded: str) -> str | None:
    """The URL a proxy path names, when its signature is ours."""
    try:
        url = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    return url if hmac.compare_digest(signature(secret, url), sig) else None


@dataclass(frozen=True, slots=True)
class Image:
    body: bytes
    content_type: str
    etag: str


class ImageCache:
    """Fetched images by URL, least recently used dropped past ``max_bytes`` in total."""

    def __init__(self, max_bytes: int = CACHE_BYTES, *, retry_after: float = 300.0) -> None:
        self.max_bytes = max_bytes
        self.retry_after = retry_after
        self._items: OrderedDict[str, Image] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()
        self._failed: OrderedDict[str, tuple[float, str]] = OrderedDict()

    def failure(self, url: str) -> str | None:
        """Why ``url`` failed, when it failed less than ``retry_after`` seconds ago."""
        with self._lock:
            failed = self._failed.get(url)
        if failed is None or time.monotonic() - failed[0] >= self.retry_after:
            return None
        return failed[1]

    def failed(self, url: str, message: str) -> None:
        with self._lock:
            self._failed[url] = (time.monotonic(), message)
            while len(self._failed) > MAX_FAILURES:
                self._failed.popitem(last=False)

    def get(self, url: str) -> Image | None:
        with self._lock:
            image = self._items.get(url)
            if image is not None:
                self._items.move_to_end(url)
            return image

    def put(self, url: str, image: Image) -> None:
        with self._lock:
            old = self._items.pop(url, None)
            self._size -= len(old.body) if old else 0
            self._items[url] = image
            self._size += len(image.body)
            while self._size > self.max_bytes and len(self._items) > 1:
                _, dropped = self._items.popitem(last=False)
                self._size -= len(dropped.body)


async def fetch_image(settings: Settings, url: str) -> Image:
    """Fetch ``url`` through the guarded fetcher; ``FetchError`` when it is not an image."""
    async with Fetcher(settings) as fetcher:
        result = await fetcher.fetch(url, max_bytes=MAX_IMAGE_BYTES, accept=ACCEPT)
    content_type = (result.content_type or "").split(";")[0].strip().lower()
    if content_type not in IMAGE_TYPES or not result.body:
        raise FetchError(f"{url} is not an image ({content_type or 'no type'})", url=url)
    return Image(body=result.body, content_type=content_type, etag=etag_of(result.body))


def image_response(request: Request, image: Image) -> Response:
    headers = {
        "ETag": image.etag,
        "Cache-Control": "public, max-age=86400",
        "Content-Security-Policy": IMAGE_CSP,
    }
    if matches(request, image.etag):
        return Response(status_code=304, headers=headers)
    return Response(image.body, media_type=image.content_type, headers=headers)
