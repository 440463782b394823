"""Every page type in Chromium, phone and desktop: renders, fits, no console errors."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.conftest import VIEWPORTS, Site, screenshot
from tests.browser.pages import PAGE_NAMES, page_types

pytestmark = pytest.mark.browser


@pytest.fixture(params=list(VIEWPORTS))
def context(request: pytest.FixtureRequest, browser: Any) -> Iterator[Any]:
    ctx = browser.new_context(viewport=VIEWPORTS[request.param], timezone_id="Europe/Berlin")
    ctx.viewport_name = request.param
    yield ctx
    ctx.close()


def _watch(page: Any) -> list[str]:
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"uncaught: {e}"))
    return problems


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_page_type_renders_and_fits(site: Site, context: Any, name: str) -> None:
    page = context.new_page()
    problems = _watch(page)
    response = page.goto(site.base + page_types(site.world)[name], wait_until="load")
    assert response is not None
    assert response.status == (404 if name == "not-found" else 200)
    heading = page.locator("h1").first
    assert heading.inner_text().strip()
    assert page.locator("main").count() == 1
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{name} scrolls sideways ({width}px)"
    screenshot(page, f"{name}-{context.viewport_name}")
    if name == "not-found":
        problems = [p for p in problems if "404" not in p]
    assert problems == []
    page.close()


def test_navigation_from_front_to_article_outlet_and_search(site: Site, context: Any) -> None:
    page = context.new_page()
    problems = _watch(page)
    page.goto(site.base + "/")
    lead = page.locator(".card-lead .card-title a")
    headline = lead.inner_text()
    lead.click()
    page.wait_for_url("**/articles/*")
    assert page.locator("h1").inner_text() == headline
    page.locator(".story-head .outlet").click()
    page.wait_for_url("**/sources/*")
    assert page.locator("h1").inner_text().strip() != ""
    box = page.locator("#quick-q")
    if not box.is_visible():
        pytest.fail("the header search box is hidden")
    box.fill("museum")
    box.press("Enter")
    page.wait_for_url("**/search?q=museum")
    assert page.locator(".result").count() > 0
    assert page.locator(".result mark").first.inner_text().lower() == "museum"
    assert problems == []


def test_search_filters_and_sort(site: Site, browser: Any) -> None:
    page = browser.new_page()
    page.goto(site.base + "/search")
    page.fill("#q", "budget vote")
    page.select_option("#source", str(site.world.sources["courier"]))
    page.check("input[name=sort][value=date]")
    page.click(".search-form button[type=submit]")
    page.wait_for_url("**/search?**")
    assert "sort=date" in page.url
    outlets = page.locator(".result .outlet").all_inner_texts()
    assert outlets
    assert set(outlets) == {"Valley Courier"}
    times = page.locator(".result time").evaluate_all(
        "ts => ts.map(t => t.getAttribute('datetime'))"
    )
    assert times == sorted(times, reverse=True)
    page.close()


def test_keyboard_navigation(site: Site, browser: Any) -> None:
    page = browser.new_page()
    page.goto(site.base + "/")
    page.keyboard.press("j")
    first = page.evaluate("document.activeElement.getAttribute('href')")
    assert first.startswith("/articles/")
    page.keyboard.press("j")
    second = page.evaluate("document.activeElement.getAttribute('href')")
    assert second.startswith("/articles/")
    assert second != first
    page.keyboard.press("k")
    assert page.evaluate("document.activeElement.getAttribute('href')") == first
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{first}")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "quick-q"
    page.close()


def test_skip_link_is_first_and_moves_focus_to_main(site: Site, browser: Any) -> None:
    page = browser.new_page()
    page.goto(site.base + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "content"
    page.close()


def test_relative_times_tick_and_use_the_readers_time_zone(site: Site, browser: Any) -> None:
    context = browser.new_context(timezone_id="America/New_York", locale="en-US")
    page = context.new_page()
    article_id = site.world.articles["a0"]  # published three minutes before the world's "now"
    page.clock.install(time=site.world.now)
    page.goto(f"{site.base}/articles/{article_id}")
    stamp = page.locator(".story-head time")
    assert stamp.inner_text() == "3 minutes ago"
    page.clock.fast_forward("02:00")
    page.wait_for_function(
        "() => document.querySelector('.story-head time').textContent === '5 minutes ago'"
    )
    title = stamp.get_attribute("title") or ""
    assert "UTC" not in title  # rewritten by the browser in the reader's zone
    local_hour = page.evaluate(
        "new Date(document.querySelector('.story-head time').getAttribute('datetime'))"
        ".toLocaleTimeString('en-US', "
        "{timeZone: 'America/New_York', hour: 'numeric', minute: '2-digit'})"
    )
    assert local_hour in title
    context.close()


def test_dark_mode_follows_the_system(site: Site, browser: Any) -> None:
    colours = {}
    for scheme in ("light", "dark"):
        context = browser.new_context(color_scheme=scheme)
        page = context.new_page()
        page.goto(site.base + "/about")
        colours[scheme] = page.evaluate("getComputedStyle(document.body).backgroundColor")
        screenshot(page, f"about-{scheme}-scheme")
        context.close()
    assert colours["light"] == "rgb(253, 252, 248)"
    assert colours["dark"] == "rgb(20, 20, 20)"


def test_reading_settings_persist(site: Site, browser: Any) -> None:
    context = browser.new_context(color_scheme="light")
    page = context.new_page()
    page.goto(site.base + "/about")
    page.check("input[name=theme][value=dark]")
    page.check("input[name=size][value=large]")
    page.goto(site.base + "/")
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(20, 20, 20)"
    assert page.evaluate("document.documentElement.dataset.size") == "large"
    context.close()


def test_footer_newsletter_box_leads_to_the_sign_up_page(site: Site, browser: Any) -> None:
    """The footer box posts the address; the sign-up page asks for one confirming click."""
    page = browser.new_page()
    problems = _watch(page)
    page.goto(site.base + "/")
    page.fill("#newsletter-email", "reader@example.com")
    with page.expect_response("**/newsletter") as info:
        page.click(".newsletter button")
    assert info.value.status == 200
    page.wait_for_url("**/newsletter")
    page.wait_for_load_state("load")
    assert page.locator("input[value='reader@example.com']").count() >= 1
    assert page.locator("h1").inner_text().strip()
    assert problems == []
    page.close()
