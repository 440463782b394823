"""Hostile article HTML renders inert in a real browser: no dialog, no script, no handler.

The sample world stores the XSS fixtures of ../shared/bench/hostile (RSS, Atom, JSON
Feed, parsed by the real feed parser) with their raw HTML, plus payloads of our own
that set ``window.__xss``. The site sanitizes at render time; here Chromium proves
that nothing runs, with the page's CSP on.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import Site
from tests.browser.world import HOSTILE

pytestmark = pytest.mark.browser

INSPECT = """() => {
  const body = document.querySelector('.story-body') || document.body;
  const bad = [];
  const URL_ATTRS = ['href', 'src', 'action', 'formaction', 'xlink:href', 'data'];
  const BANNED = ['script', 'iframe', 'object', 'embed', 'form', 'svg', 'math', 'style', 'base',
                  'meta[http-equiv]'];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      if (attr.name.startsWith('on')) bad.push(el.tagName + '[' + attr.name + ']');
      const url = attr.value.replace(/[\\x00-\\x20]/g, '');
      if (URL_ATTRS.includes(attr.name) && /^(javascript|data:text|vbscript)/i.test(url)) {
        bad.push(el.tagName + '[' + attr.name + '=' + attr.value + ']');
      }
    }
  }
  for (const tag of BANNED) {
    for (const el of body.querySelectorAll(tag)) bad.push('element ' + tag);
  }
  return bad;
}"""


def test_hostile_articles_render_inert(site: Site, browser: Any) -> None:
    if not HOSTILE.is_dir():
        pytest.skip(f"the hostile fixtures ({HOSTILE}) are not present; only our own payloads ran")
    context = browser.new_context()
    dialogs: list[str] = []
    context.on("page", lambda p: p.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss())))
    page = context.new_page()
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    problems: dict[int, list[str]] = {}
    for article_id in site.world.hostile:
        page.goto(f"{site.base}/articles/{article_id}", wait_until="load")
        for link in page.locator(".story-body a").all():
            link.hover()
        page.locator(".story-body").hover()
        found = page.evaluate(INSPECT)
        flag = page.evaluate("window.__xss === undefined ? null : String(window.__xss)")
        if found or flag:
            problems[article_id] = [*found, f"flag={flag}"] if flag else found
    for path in ("/", f"/sources/{site.world.sources['wire']}", "/search?q=hostile+payload"):
        page.goto(site.base + path, wait_until="load")
        flag = page.evaluate("window.__xss === undefined ? null : String(window.__xss)")
        assert flag is None, path
    context.close()
    assert dialogs == []
    assert problems == {}
    assert len(site.world.hostile) > 20  # the fixtures really were stored
