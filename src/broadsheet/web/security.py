"""Response headers every answer carries, form tokens, and who may use operator pages.

The Content-Security-Policy allows scripts, styles, images, workers and the manifest from
this site only: no inline script or style anywhere in the templates, no ``eval``; outlet
photos come through the image proxy (``images.py``). Pages cannot be framed.

Operator pages change what the site subscribes to. Until accounts exist they are open to
clients on a loopback address only (the operator's own machine, or a reverse proxy on it
that forwards the real client address, which uvicorn then reports). Every form that
changes state carries a token signed with the site's secret, and the request must come
from this site (``Origin`` / ``Sec-Fetch-Site``).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from broadsheet.config import Settings

CSP = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "manifest-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    )
)

SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = tuple(
    (name.lower().encode(), value.encode())
    for name, value in (
        ("Content-Security-Policy", CSP),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
        ("X-Frame-Options", "DENY"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
        ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"),
    )
)
_STATIC_CACHE = (b"cache-control", b"public, max-age=31536000, immutable")


class SecurityHeaders:
    """Pure ASGI middleware: adds the headers above to every HTTP response.

    Static files requested with a version query (``?v=``, as the templates link them)
    are also marked immutable so browsers keep them for a year.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        versioned = scope["path"].startswith("/static/") and scope.get(
            "query_string", b""
        ).startswith(b"v=")

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers.extend(h for h in SECURITY_HEADERS if h[0] not in present)
                if versioned and message["status"] == 200:
                    headers = [h for h in headers if h[0].lower() != b"cache-control"]
                    headers.append(_STATIC_CACHE)
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)


def site_secret(settings: Settings) -> bytes:
    """The signing key: ``secret_key``, else one generated once into the data directory."""
    if settings.secret_key:
        return settings.secret_key.encode("utf-8")
    path = Path(settings.data_dir) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(secrets.token_hex(32))
    return path.read_text(encoding="ascii").strip().encode("ascii")


def form_token(secret: bytes, purpose: str) -> str:
    """The token a form for ``purpose`` carries; the same for every page view."""
    return hmac.new(secret, b"form:" + purpose.encode(), hashlib.sha256).hexdigest()[:40]


def valid_form_token(secret: bytes, purpose: str, token: str | None) -> bool:
    return bool(token) and hmac.compare_digest(form_token(secret, purpose), str(token))


def same_origin(request: Request) -> bool:
    """False when the browser says the request came from another site."""
    fetch_site = request.headers.get("sec-fetch-site")
    if fetch_site is not None and fetch_site not in {"same-origin", "none"}:
        return False
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        return origin is None
    host = request.headers.get("host", "")
    return urlsplit(origin).netloc.lower() == host.lower()


def is_loopback_client(request: Request) -> bool:
    if request.client is None:
        return False
    try:
        return ipaddress.ip_address(request.client.host).is_loopback
    except ValueError:
        return False
