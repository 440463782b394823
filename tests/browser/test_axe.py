"""Accessibility: axe-core finds no violations on any page type, light and dark, phone and desktop.

axe-core comes from npm (``node_modules/axe-core``, installed by scripts/setup-browser).
The page's Content-Security-Policy forbids injected scripts, so these contexts bypass
CSP; the other browser tests keep it on.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import VIEWPORTS, Site
from tests.browser.pages import PAGE_NAMES, page_types

pytestmark = pytest.mark.browser

VARIANTS = [("desktop", "light"), ("phone", "light"), ("desktop", "dark")]


def _violations(page: Any, axe_source: str) -> list[str]:
    page.add_script_tag(content=axe_source)
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(str(n["target"]) for n in v["nodes"][:3])
        for v in result["violations"]
    ]


@pytest.mark.parametrize(("viewport", "scheme"), VARIANTS, ids=["-".join(v) for v in VARIANTS])
def test_no_axe_violations(
    site: Site, browser: Any, axe_source: str, viewport: str, scheme: str
) -> None:
    context = browser.new_context(
        viewport=VIEWPORTS[viewport], color_scheme=scheme, bypass_csp=True
    )
    found = {}
    for name in PAGE_NAMES:
        page = context.new_page()
        page.goto(site.base + page_types(site.world)[name], wait_until="load")
        violations = _violations(page, axe_source)
        if violations:
            found[name] = violations
        page.close()
    context.close()
    assert found == {}
