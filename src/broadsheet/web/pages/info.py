"""About and settings, the offline page, robots.txt, the PWA files."""

from __future__ import annotations

import json

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from broadsheet.web.cache import conditional
from broadsheet.web.icons import ICON_SIZES, icon_png, icon_svg
from broadsheet.web.render import STATIC
from broadsheet.web.site import site_of

router = APIRouter()
ARTICLES_KEPT_OFFLINE = 100


@router.get("/about", include_in_schema=False)
def about_page(request: Request) -> Response:
    return site_of(request).html(request, "about.html", section="about")


@router.get("/offline", include_in_schema=False)
def offline_page(request: Request) -> Response:
    return site_of(request).html(request, "offline.html")


@router.get("/robots.txt", include_in_schema=False)
def robots(request: Request) -> Response:
    site = site_of(request)
    body = "User-agent: *\nAllow: /\nDisallow: /admin\nDisallow: /api/\n"
    if site.settings.base_url:
        body += f"\nSitemap: {site.settings.base_url.rstrip('/')}/rss.xml\n"
    return Response(body, media_type="text/plain; charset=utf-8")


def manifest() -> dict[str, object]:
    icons: list[dict[str, str]] = []
    for size in ICON_SIZES:
        for purpose in ("any", "maskable"):
            icons.append(
                {
                    "src": f"/icons/icon-{size}.png",
                    "sizes": f"{size}x{size}",
                    "type": "image/png",
                    "purpose": purpose,
                }
            )
    icons.append({"src": "/icons/icon.svg", "sizes": "any", "type": "image/svg+xml"})
    return {
        "id": "/",
        "name": "Broadsheet",
        "short_name": "Broadsheet",
        "description": "The news from the outlets you choose, readable offline.",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#fdfcf8",
        "theme_color": "#1f2a44",
        "lang": "en",
        "categories": ["news"],
        "icons": icons,
    }


@router.get("/manifest.webmanifest", include_in_schema=False)
def manifest_file(request: Request) -> Response:
    body = json.dumps(manifest(), indent=1).encode("utf-8")
    return conditional(request, body, media_type="application/manifest+json")


@router.get("/sw.js", include_in_schema=False)
def service_worker(request: Request) -> Response:
    """The service worker, with the current asset URLs to precache and a cache version."""
    env = site_of(request).env
    asset = env.globals["asset"]
    precache = [
        "/offline",
        asset("site.css"),  # type: ignore[operator]
        asset("site.js"),  # type: ignore[operator]
        asset("prefs.js"),  # type: ignore[operator]
        "/icons/icon.svg",
        "/manifest.webmanifest",
        "/icons/icon-192.png",
    ]
    source = (STATIC / "sw.js").read_text(encoding="utf-8")
    version = "-".join(p.rsplit("=", 1)[-1] for p in precache if "?v=" in p)
    body = (
        source.replace("__PRECACHE__", json.dumps(precache))
        .replace("__VERSION__", json.dumps(version))
        .replace("__MAX_ARTICLES__", str(ARTICLES_KEPT_OFFLINE))
    )
    return conditional(request, body.encode("utf-8"), media_type="text/javascript; charset=utf-8")


@router.get("/icons/icon-{size}.png", include_in_schema=False)
def icon(request: Request, size: int) -> Response:
    if size not in ICON_SIZES:
        return Response(status_code=404)
    return conditional(
        request, icon_png(size), media_type="image/png", cache_control="public, max-age=86400"
    )


@router.get("/icons/icon.svg", include_in_schema=False)
def icon_vector(request: Request) -> Response:
    return conditional(
        request,
        icon_svg().encode(),
        media_type="image/svg+xml",
        cache_control="public, max-age=86400",
    )


@router.get("/favicon.ico", include_in_schema=False)
def favicon(request: Request) -> Response:
    return conditional(
        request, icon_png(192), media_type="image/png", cache_control="public, max-age=86400"
    )
