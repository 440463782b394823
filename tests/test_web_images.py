"""The image proxy: signed paths only, images only, through the guarded fetcher, cached."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from broadsheet.config import Settings
from broadsheet.store.db import open_store
from broadsheet.web.app import create_app
from broadsheet.web.icons import icon_png
from broadsheet.web.images import IMAGE_CSP
from tests.browser.world import NOW, WebClient, build_world

PNG = icon_png(192)


class Outlet:
    """A loopback server with a picture, a page, an SVG and a counter of requests."""

    def __init__(self) -> None:
        self.hits: dict[str, int] = {}
        outlet = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                return

            def do_GET(self) -> None:
                outlet.hits[self.path] = outlet.hits.get(self.path, 0) + 1
                routes = {
                    "/pic.png": ("image/png", PNG),
                    "/page.html": ("text/html", b"<script>alert(1)</script>"),
                    "/logo.svg": ("image/svg+xml", b'<svg xmlns="http://www.w3.org/2000/svg"/>'),
                }
                if self.path not in routes:
                    self.send_error(404)
                    return
                kind, body = routes[self.path]
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def outlet() -> Iterator[Outlet]:
    server = Outlet()
    yield server
    server.close()


@pytest.fixture
def client(settings: Settings) -> Iterator[tuple[WebClient, object]]:
    store = open_store(settings)
    build_world(store)
    app = create_app(settings, store, clock=lambda: NOW)
    yield WebClient(app), app
    store.close()


def test_proxy_serves_signed_images_once_then_from_cache(
    client: tuple[WebClient, object], outlet: Outlet
) -> None:
    web, app = client
    path = app.state.site.image(outlet.base + "/pic.png")  # type: ignore[attr-defined]
    first = web.get(path)
    assert first.status_code == 200
    assert first.content == PNG
    assert first.headers["content-type"] == "image/png"
    assert first.headers["content-security-policy"] == IMAGE_CSP
    assert first.headers["cache-control"] == "public, max-age=86400"
    second = web.get(path)
    assert second.content == PNG
    assert outlet.hits["/pic.png"] == 1
    assert web.get(path, headers={"If-None-Match": first.headers["etag"]}).status_code == 304
    svg = web.get(app.state.site.image(outlet.base + "/logo.svg"))  # type: ignore[attr-defined]
    assert svg.status_code == 200
    assert "sandbox" in svg.headers["content-security-policy"]


def test_proxy_refuses_unsigned_paths_and_non_images(
    client: tuple[WebClient, object], outlet: Outlet
) -> None:
    web, app = client
    site = app.state.site  # type: ignore[attr-defined]
    good = site.image(outlet.base + "/pic.png")
    _, _, _sig, encoded = good.split("/")
    assert web.get(f"/img/{'0' * 24}/{encoded}").status_code == 404
    assert web.get("/img/x/y").status_code == 404
    page = web.get(site.image(outlet.base + "/page.html"))
    assert page.status_code == 502
    assert "is not an image" in page.text
    assert "<script>alert(1)</script>" not in page.text
    missing = site.image(outlet.base + "/gone.png")
    assert web.get(missing).status_code == 502
    assert web.get(missing).status_code == 502
    assert outlet.hits["/gone.png"] == 1  # failures are remembered for a while


def test_proxy_goes_through_the_ssrf_guard(settings: Settings) -> None:
    guarded = settings.replace(fetch_allow=())
    store = open_store(guarded)
    try:
        app = create_app(guarded, store)
        path = app.state.site.image("http://127.0.0.1:9/secret.png")
        response = WebClient(app).get(path)
        assert response.status_code == 502
    finally:
        store.close()


def test_pages_link_images_through_the_proxy(settings: Settings) -> None:
    store = open_store(settings)
    try:
        world = build_world(store, image_base="https://photos.example")
        app = create_app(settings, store, clock=lambda: NOW)
        web = WebClient(app)
        for path in ("/", f"/articles/{world.articles['a0']}"):
            body = web.get(path).text
            assert "photos.example" not in body
            assert 'src="/img/' in body
    finally:
        store.close()
