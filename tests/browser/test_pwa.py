"""The installable app: manifest and icons, service worker, offline reading."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import Site, screenshot

pytestmark = pytest.mark.browser


def test_manifest_and_icons(site: Site, browser: Any) -> None:
    page = browser.new_page()
    page.goto(site.base + "/")
    href = page.get_attribute("link[rel=manifest]", "href")
    manifest = page.evaluate(f"fetch('{href}').then(r => r.json())")
    assert manifest["display"] == "standalone"
    assert manifest["start_url"] == "/"
    sizes = {icon["sizes"] for icon in manifest["icons"] if icon["type"] == "image/png"}
    assert {"192x192", "512x512"} <= sizes
    assert any(icon["purpose"] == "maskable" for icon in manifest["icons"])
    for icon in manifest["icons"]:
        status = page.evaluate(f"fetch('{icon['src']}').then(r => r.status)")
        assert status == 200, icon["src"]
    page.close()


def test_offline_reading(site: Site, browser: Any) -> None:
    context = browser.new_context()
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.goto(site.base + "/")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    read = site.world.articles["edited"]
    page.goto(f"{site.base}/articles/{read}")
    headline = page.locator("h1").inner_text()
    page.goto(site.base + "/")  # the front page is cached as it was last seen
    front_lead = page.locator(".card-lead .card-title").inner_text()
    context.set_offline(True)

    page.goto(f"{site.base}/articles/{read}")
    assert page.locator("h1").inner_text() == headline
    assert page.locator(".story-body p").count() > 0
    assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith("Georgia")
    screenshot(page, "offline-article")

    page.goto(site.base + "/")
    assert page.locator(".card-lead .card-title").inner_text() == front_lead

    never = site.world.articles["a5"]
    page.goto(f"{site.base}/articles/{never}")
    assert page.locator("h1").inner_text() == "You are offline"
    page.goto(f"{site.base}/search?q=anything")
    assert page.locator("h1").inner_text() == "You are offline"
    screenshot(page, "offline-fallback")
    context.set_offline(False)
    context.close()
    assert problems == []


def test_chromium_finds_the_app_installable(site: Site, browser: Any) -> None:
    """Chromium's own installability check (DevTools ``Page.getInstallabilityErrors``)
    passes once the service worker controls the page. Headless Chromium never fires
    ``beforeinstallprompt``, so the install button itself stays hidden here."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(site.base + "/")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    session = context.new_cdp_session(page)
    manifest = session.send("Page.getAppManifest")
    assert manifest["errors"] == []
    assert manifest["url"].endswith("/manifest.webmanifest")
    errors = session.send("Page.getInstallabilityErrors")["installabilityErrors"]
    # Playwright's contexts are incognito profiles, where Chromium never installs apps.
    assert [e["errorId"] for e in errors if e["errorId"] != "in-incognito"] == []
    assert page.locator("[data-install]").is_hidden()  # shown only when the browser offers
    assert page.locator("[data-install-hint]").is_visible()
    context.close()
