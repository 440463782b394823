"""Fixtures for the browser tests: the site on a loopback port, and headless Chromium.

The site runs under uvicorn in a thread with its own SQLite store holding the sample
world (``world.py``) and the XSS fixtures. Chromium is Debian's ``/usr/bin/chromium``
driven by Playwright (``executable_path``; Playwright's own browser download is never
used). Screenshots go to ``artifacts/screenshots/`` (git-ignored).
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import uvicorn

from broadsheet.config import Settings
from broadsheet.store.db import open_store
from broadsheet.web.app import create_app
from tests.browser.story_world import build_stories
from tests.browser.world import World, build_world, hostile_articles

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "artifacts" / "screenshots"
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


@dataclass
class Site:
    base: str
    world: World
    console: list[str] = field(default_factory=list)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    settings = Settings(
        data_dir=tmp_path_factory.mktemp("site"), base_url=base, fetch_allow=("127.0.0.0/8",)
    )
    store = open_store(settings)
    world = build_world(store, image_base=base, now=datetime.now(UTC))
    hostile_articles(world)
    # five days old: on the story page, not among the front page's top stories
    build_stories(store, first_report=world.now - timedelta(days=5))
    app = create_app(settings, store)
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the site did not start")
        time.sleep(0.05)
    yield Site(base=base, world=world)
    server.should_exit = True
    thread.join(timeout=10)
    store.close()


# Package scope, not session: Playwright's sync API keeps an event loop running in this
# thread while it is open, so it must be closed before the rest of the suite runs.
@pytest.fixture(scope="package")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.skip(
            "Chromium is not installed (/usr/bin/chromium); run scripts/setup-browser as root"
        )
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="Playwright is not installed (pip install -e .[dev])"
    )
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.exists():
        pytest.skip("axe-core is not installed: run `npm ci` (scripts/setup-browser)")
    return AXE.read_text(encoding="utf-8")


def screenshot(page: object, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)  # type: ignore[attr-defined]
    return path
