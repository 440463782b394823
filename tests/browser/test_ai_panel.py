"""The AI panel in Chromium: cited sentences light up, answers stream in with their sources.

The site runs under uvicorn over the demo world, ingested by the real pipeline (so every
article has its panel, entities and stories), once offline and once with a model (the
OpenAI-compatible test server on loopback). The page's CSP stays on.
"""

from __future__ import annotations

import asyncio
import re
import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
import uvicorn

from broadsheet.config import Settings
from broadsheet.demo.server import DemoServer
from broadsheet.ingest.fetch import Fetcher
from broadsheet.model import Article
from broadsheet.pipeline import Context, subscribe
from broadsheet.store import articles as article_store
from broadsheet.store import insights as insight_store
from broadsheet.store.db import Store, open_store
from broadsheet.understand.qa import answer_question
from broadsheet.understand.sentences import split_sentences
from broadsheet.web.app import create_app
from broadsheet.worker import run_pass
from tests.browser.conftest import VIEWPORTS
from tests.support.openai_server import FakeOpenAI, Reply, openai_server

pytestmark = pytest.mark.browser

CALDER = "calder-water-finance-chief-fraud-trial"
QUESTION = "How much money is Victor Lesage accused of diverting?"


@dataclass
class AiSite:
    base: str
    llm_base: str
    store: Store
    article: Article  # the Calder Water fraud trial report
    fake: FakeOpenAI


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def _serve(app: Any) -> Iterator[str]:
    port = _port()
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
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def ai_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AiSite]:
    settings = Settings(
        data_dir=tmp_path_factory.mktemp("ai-site"),
        fetch_allow=("127.0.0.0/8",),
        fetch_host_delay=0,
    )
    store = open_store(settings)
    with DemoServer() as world:
        world.start()

        async def work() -> None:
            fetcher = Fetcher(settings)
            ctx = Context(settings, store, fetcher)
            try:
                for outlet in world.outlets():
                    await subscribe(ctx, outlet.subscribe_url, kind=outlet.subscribe_kind)
                await run_pass(ctx, owner="t", force=True)
            finally:
                await fetcher.aclose()

        # Playwright's sync API keeps an event loop running in this thread: ingest in another.
        with ThreadPoolExecutor(1) as pool:
            pool.submit(asyncio.run, work()).result()
        title = next(g.title for g in world.golden() if CALDER in g.path)
        with store.read() as conn:
            articles = article_store.list_articles(conn, limit=500)
        article = next(a for a in articles if a.title == title)
        # The demo outlets stay up: the pages' images come from them through the proxy.
        with openai_server() as fake:
            llm = settings.replace(llm_url=fake.url, llm_model="fake-model", llm_timeout=10.0)
            with (
                _serve(create_app(settings, store)) as base,
                _serve(create_app(llm, store)) as llm_base,
            ):
                yield AiSite(base, llm_base, store, article, fake)
    store.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    tab = context.new_page()
    problems: list[str] = []
    tab.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: problems.append(f"uncaught: {e}"))
    yield tab
    context.close()
    assert problems == []


def _lit(page: Any) -> list[str]:
    """The text of the article sentences lit up, whitespace collapsed."""
    texts = page.eval_on_selector_all(".story-body .sent-lit", "els => els.map(e => e.textContent)")
    return [" ".join(t.split()) for t in texts]


def test_clicking_a_key_point_lights_up_its_sentence(ai_site: AiSite, page: Any) -> None:
    article = ai_site.article
    with ai_site.store.read() as conn:
        insights = insight_store.get_insights(conn, article.id)
    assert insights is not None
    point = insights["key_points"][1]
    sentences = split_sentences(article.text, article.language)
    page.goto(f"{ai_site.base}/articles/{article.id}")
    item = page.locator(".key-points li").nth(1)
    assert item.inner_text().startswith(point["text"][:40])
    # Hovering a summary sentence lights up its source for the while.
    page.locator(".ai-summary a.cited").first.hover()
    first = insights["summary"][0]["sources"][0]
    hovered = page.eval_on_selector_all(".story-body .sent-hover", "els => els.map(e => e.id)")
    assert f"s-{first}" in hovered
    item.locator("a.cited").click()
    page.locator(".story-body .sent-lit").first.wait_for()
    assert _lit(page) == [" ".join(sentences[i].text.split()) for i in point["sources"]]
    assert page.url.endswith(f"#s-{point['sources'][0]}")
    target = page.evaluate("document.querySelector(':target').id")
    assert target == f"s-{point['sources'][0]}"
    lit = page.locator(f"#s-{point['sources'][0]}")
    assert lit.evaluate("e => getComputedStyle(e).backgroundColor") not in {"", "rgba(0, 0, 0, 0)"}
    assert lit.is_visible()


def test_a_question_streams_its_answer_and_lights_up_the_source(ai_site: AiSite, page: Any) -> None:
    article = ai_site.article
    expected = answer_question(QUESTION, article.text, title=article.title)
    sentences = split_sentences(article.text, article.language)
    page.goto(f"{ai_site.base}/articles/{article.id}")
    page.fill("#ask-q", QUESTION)
    page.press("#ask-q", "Enter")
    answer = page.locator("[data-answer]")
    answer.locator("h3", has_text="Answer").wait_for()
    assert page.url == f"{ai_site.base}/articles/{article.id}"  # no page load: streamed
    assert answer.locator(".answer-text").inner_text() == expected.text
    assert answer.get_attribute("aria-busy") == "false"
    links = answer.locator(".answer-sources a")
    assert links.first.get_attribute("href") == f"#s-{expected.sources[0]}"
    assert _lit(page) == [" ".join(sentences[i].text.split()) for i in expected.sources]
    # A question the article does not answer says so.
    page.fill("#ask-q", "What is the capital of Mongolia?")
    page.press("#ask-q", "Enter")
    answer.locator("h3", has_text="does not answer").wait_for()
    assert "does not say" in answer.locator(".answer-text").inner_text()


def test_the_model_answer_shows_only_checked_sentences(ai_site: AiSite, page: Any) -> None:
    article = ai_site.article
    sentences = split_sentences(article.text, article.language)
    source = next(s for s in sentences if "Greyfen" in s.text)
    ai_site.fake.script(
        Reply(f"{source.text} [{source.index + 1}]", chunk_chars=4, chunk_delay=0.05)
    )
    page.goto(f"{ai_site.llm_base}/articles/{article.id}")
    page.fill("#ask-q", "What was Greyfen Consulting?")
    page.press("#ask-q", "Enter")
    answer = page.locator("[data-answer]")
    # The first token says the sentences are being checked; no raw model text is shown
    # (the CSP forbids wait_for_function's eval).
    answer.locator("h3", has_text="Checking each sentence").wait_for()
    assert source.text[:12] not in answer.locator(".answer-text").inner_text()
    answer.locator("h3", has_text="Answer").wait_for()
    assert answer.locator(".answer-text").inner_text() == source.text
    assert "checked against the article" in answer.locator(".answer-notice").inner_text()
    assert source.index in [
        int(re.sub(r"\D", "", h))
        for h in answer.locator(".answer-sources a").evaluate_all(
            "els => els.map(e => e.getAttribute('href'))"
        )
    ]
    assert " ".join(source.text.split()) in _lit(page)


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_the_panel_sits_beside_the_article_on_wide_screens_and_after_it_on_phones(
    ai_site: AiSite, browser: Any, viewport: str
) -> None:
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    tab = context.new_page()
    tab.goto(f"{ai_site.base}/articles/{ai_site.article.id}")
    body = tab.locator(".story-body").bounding_box()
    panel = tab.locator(".ai-panel").bounding_box()
    context.close()
    if viewport == "desktop":
        assert panel["x"] >= body["x"] + body["width"]  # to the right of the text
        assert panel["y"] < body["y"] + body["height"]  # and level with it
    else:
        assert panel["y"] >= body["y"] + body["height"]  # under the text
        assert abs(panel["x"] - body["x"]) < 24


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_entity_topic_and_article_pages_fit(ai_site: AiSite, browser: Any, viewport: str) -> None:
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    tab = context.new_page()
    problems: list[str] = []
    tab.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    for path in (
        f"/articles/{ai_site.article.id}",
        "/entities/victor-lesage",
        "/entities/velmont",
        "/topics/business",
    ):
        response = tab.goto(ai_site.base + path)
        assert response is not None, path
        assert response.status == 200, path
        width = tab.evaluate("document.documentElement.scrollWidth")
        assert width <= tab.viewport_size["width"], f"{path} scrolls sideways ({width}px)"
    context.close()
    assert problems == []


def test_no_axe_violations_on_the_panel_and_entity_page(
    ai_site: AiSite, browser: Any, axe_source: str
) -> None:
    context = browser.new_context(viewport=VIEWPORTS["desktop"], bypass_csp=True)
    tab = context.new_page()
    found = {}
    for path in (f"/articles/{ai_site.article.id}", "/entities/victor-lesage"):
        tab.goto(ai_site.base + path)
        if path.startswith("/articles/"):  # with an answer shown and a source lit
            tab.fill("#ask-q", QUESTION)
            tab.press("#ask-q", "Enter")
            tab.locator("[data-answer] h3", has_text="Answer").wait_for()
        tab.add_script_tag(content=axe_source)
        result = tab.evaluate("axe.run(document, {resultTypes: ['violations']})")
        violations = [f"{v['id']}: {v['help']}" for v in result["violations"]]
        if violations:
            found[path] = violations
    context.close()
    assert found == {}
