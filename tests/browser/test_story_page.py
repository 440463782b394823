"""The story page in Chromium: brief citations lead to the articles, merged ids redirect.

(It is also in ``pages.py``, so ``test_pages.py`` and ``test_axe.py`` check that it renders,
fits a phone and has no axe-core violations.)
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import Site
from tests.browser.story_world import ARTICLES, FLOOD, MERGED

pytestmark = pytest.mark.browser


def test_brief_citation_opens_the_cited_article(site: Site, browser: Any) -> None:
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{site.base}/stories/{FLOOD}")
    assert page.locator("h1").inner_text() == ARTICLES["flood_herald"][2]
    assert page.locator(".brief-sentences li").count() >= 1
    assert page.locator(".timeline-item").count() == 4  # the wire copy is folded
    assert page.locator(".timeline-item .also-published").inner_text() == (
        "Also published by Riverton Post"
    )
    cite = page.locator(".brief-sentences .cite").first
    outlet = cite.inner_text()
    cite.click()
    page.wait_for_url("**/articles/*")
    assert outlet.startswith(page.locator(".story-head .outlet").inner_text())
    assert errors == []
    page.close()


def test_merged_story_id_lands_on_the_surviving_story(site: Site, browser: Any) -> None:
    page = browser.new_page()
    response = page.goto(f"{site.base}/stories/{MERGED}")
    assert response is not None
    assert response.status == 200
    assert page.url == f"{site.base}/stories/{FLOOD}"
    page.close()
