"""The article page's AI features over HTTP, on the ingested demo world (SQLite, PostgreSQL).

* every summary sentence and key point links to sentence anchors of the article text that
  hold the sentences it cites (grounding: all of them, on every demo article);
* "Ask about this article" streams its answer as server-sent events, offline and from a
  model (the OpenAI-compatible test server), falling back to the offline answer, and is
  rate limited;
* entity and topic pages gather the articles and stories about them;
* "Previously in this story" lists the story's earlier articles, newest first.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from sqlalchemy import func, select

from broadsheet.config import Settings
from broadsheet.demo.server import DemoServer
from broadsheet.ingest.feeds import parse_feed
from broadsheet.ingest.fetch import Fetcher
from broadsheet.ingest.sanitize import sanitize_html
from broadsheet.ingest.text import html_to_text
from broadsheet.model import Article, ArticleDraft
from broadsheet.pipeline import Context, subscribe
from broadsheet.store import articles as article_store
from broadsheet.store import insights as insight_store
from broadsheet.store import stories as story_store
from broadsheet.store.db import Store, open_store
from broadsheet.store.schema import article_entities, article_insights
from broadsheet.understand.qa import answer_question
from broadsheet.understand.sentences import split_sentences
from broadsheet.understand.summarize import GROUNDED_AT, grounding_score
from broadsheet.web.app import create_app
from broadsheet.web.ratelimit import Limit
from broadsheet.web.sentencemarks import mark_sentences
from broadsheet.worker import run_pass
from tests.browser.world import FLAG_PAYLOADS, HOSTILE, XSS_FIXTURES, WebClient
from tests.conftest import _truncate
from tests.support.openai_server import FakeOpenAI, Reply, openai_server

CALDER = "calder-water-finance-chief-fraud-trial"
LESAGE_MONEY = "How much money is Victor Lesage accused of diverting?"
EXTRA_VELMONT = 5  # small articles naming Velmont, so its page has a second page


@dataclass
class Demo:
    store: Store
    world: DemoServer
    client: WebClient
    articles: dict[str, Article]  # by title


def _ingest(settings: Settings, store: Store, world: DemoServer) -> None:
    async def work() -> None:
        fetcher = Fetcher(settings)
        ctx = Context(settings, store, fetcher)
        try:
            for outlet in world.outlets():
                await subscribe(ctx, outlet.subscribe_url, kind=outlet.subscribe_kind)
            await run_pass(ctx, owner="t", force=True)
        finally:
            await fetcher.aclose()

    asyncio.run(work())


def _add_velmont_notes(store: Store) -> None:
    """Older short articles whose stored insights name Velmont (for the second page)."""
    with store.begin() as conn:
        oldest = min(a.published_at or a.created_at for a in article_store.list_articles(conn))
        source_id = article_store.list_articles(conn, limit=1)[0].source_id
        for n in range(EXTRA_VELMONT):
            at = oldest - timedelta(days=n + 1)
            article_id, _ = article_store.save_article(
                conn,
                ArticleDraft(
                    canonical_url=f"https://notes.example/velmont/{n}",
                    url=f"https://notes.example/velmont/{n}",
                    source_id=source_id,
                    title=f"Velmont notes {n}",
                    text=f"Velmont council met again, for the {n + 1}th time.",
                    status="extracted",
                    published_at=at,
                ),
                now=at,
            )
            entity = {"key": "place:velmont", "name": "Velmont", "kind": "place", "mentions": 1}
            insight_store.save_insights(
                conn,
                article_id,
                version=1,
                data={"summary": [], "key_points": [], "entities": [entity], "keyphrases": []},
                topic=None,
                cpu_ms=0.0,
                now=at,
            )


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def demo(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Demo]:
    settings = Settings(
        data_dir=tmp_path_factory.mktemp("ai"), fetch_allow=("127.0.0.0/8",), fetch_host_delay=0
    )
    if request.param == "postgresql":
        settings = settings.replace(database_url=request.getfixturevalue("pg_schema_url"))
    store = open_store(settings)
    if request.param == "postgresql":
        _truncate(store)
    with DemoServer() as world:
        world.start()
        _ingest(settings, store, world)
        _add_velmont_notes(store)
        app = create_app(Settings(), store)
        app.state.ask_limit = Limit(per_minute=600, burst=500)
        with store.read() as conn:
            stored = {a.title or "": a for a in article_store.list_articles(conn, limit=500)}
        try:
            yield Demo(store, world, WebClient(app), stored)
        finally:
            store.close()


def _doc(html: str) -> Any:
    return lxml.html.fromstring(html)


def _plain(text: str) -> str:
    """Whitespace collapsed and a list bullet removed: how a sentence reads on the page."""
    return re.sub(r"^[-•*–—]\s+", "", " ".join(text.split()))


def _article(demo: Demo, path_part: str) -> Article:
    item = next(g for g in demo.world.golden() if path_part in g.path)
    return demo.articles[item.title]


# --- source highlighting ---------------------------------------------------------------


def test_every_citation_lands_on_the_sentence_it_cites(demo: Demo) -> None:
    with demo.store.read() as conn:
        ids = list(conn.execute(select(article_insights.c.article_id)).scalars())
    items = 0
    for article_id in ids:
        with demo.store.read() as conn:
            article = article_store.get_article(conn, article_id)
            insights = insight_store.get_insights(conn, article_id)
        assert article is not None
        assert insights is not None
        if not insights["summary"]:
            continue  # the Velmont notes: no panel text
        sentences = split_sentences(article.text, article.language)
        page = _doc(demo.client.get(f"/articles/{article_id}").text)
        body = page.xpath("//div[contains(@class,'story-body')]")[0]
        cited = page.xpath("//aside[@class='ai-panel']//*[@data-sources]")
        assert len(cited) == len(insights["summary"]) + len(insights["key_points"])
        for item in cited:
            sources = [int(i) for i in item.get("data-sources").split()]
            assert sources, f"article {article_id}: an uncited panel line"
            link = item.xpath(".//a[@class='cited']")[0]
            assert link.get("href") == f"#s-{sources[0]}"
            for index in sources:
                anchor = body.xpath(f".//*[@id='s-{index}']")
                assert len(anchor) == 1, f"article {article_id}: no anchor for sentence {index}"
                assert "sent" in anchor[0].get("class").split()  # marked at sentence level
                pieces = body.xpath(f".//*[contains(concat(' ', @data-s, ' '), ' {index} ')]")
                shown = _plain("".join(p.text_content() for p in pieces))
                assert shown == _plain(sentences[index].text), (article_id, index)
            said = item.xpath("string(.//a[@class='cited'])")
            support = [sentences[i].text for i in sources]
            assert grounding_score(said, support) >= GROUNDED_AT, (article_id, said)
            items += 1
    assert items > 200  # 66 demo articles, five or so lines each


def test_the_api_serves_the_panel_with_its_citations(demo: Demo) -> None:
    article = _article(demo, CALDER)
    body = demo.client.get(f"/api/v1/articles/{article.id}").json()
    panel = body["insights"]
    with demo.store.read() as conn:
        stored = insight_store.get_insights(conn, article.id)
    assert stored is not None
    assert panel["backend"] == "offline"
    assert [item["text"] for item in panel["summary"]] == [i["text"] for i in stored["summary"]]
    sentences = split_sentences(article.text, article.language)
    for item in panel["summary"] + panel["key_points"]:
        assert item["sources"]
        support = [sentences[i].text for i in item["sources"]]
        assert grounding_score(item["text"], support) >= GROUNDED_AT
    people = {p["name"] for p in panel["people"]}
    assert "Victor Lesage" in people
    for name in panel["people"] + panel["places"] + panel["organisations"]:
        assert demo.client.get(f"/entities/{name['slug']}").status_code == 200, name


def test_sentence_marks_keep_the_body_safe(demo: Demo) -> None:
    page = demo.client.get(f"/articles/{_article(demo, CALDER).id}").text
    body = _doc(page).xpath("//div[contains(@class,'story-body')]")[0]
    spans = body.xpath(".//span")
    assert spans
    for span in spans:
        assert set(span.attrib) <= {"class", "id", "data-s"}
        assert span.get("class") in {"sent", "sent-anchor"}
    assert not body.xpath(".//script | .//*[@style] | .//*[@*[starts-with(name(), 'on')]]")


def _hostile_bodies() -> list[str]:
    links = (
        "<p>Plain &amp; simple &lt;b&gt; text. <a href='https://a.example/'>A link.</a> More.</p>"
    )
    bodies = [*FLAG_PAYLOADS, links]
    if HOSTILE.is_dir():
        for name in XSS_FIXTURES:
            parsed = parse_feed((HOSTILE / name).read_bytes(), url="https://feed.example/feed")
            bodies += [e.content_html or e.summary_html or "" for e in parsed.entries]
    return bodies


def test_marking_hostile_html_only_adds_sentence_spans() -> None:
    """Marked sanitized HTML, with our spans taken out, is the sanitized HTML again."""
    marked_any = 0
    for raw in _hostile_bodies():
        clean = sanitize_html(raw, base_url="https://feed.example/")
        sentences = split_sentences(html_to_text(clean))
        marked = mark_sentences(clean, sentences)
        marked_any += marked.located
        tree = lxml.html.fragment_fromstring(str(marked.html), create_parent="div")
        for span in tree.xpath(".//span"):
            assert set(span.attrib) <= {"class", "id", "data-s"}
            span.drop_tag()
        original = lxml.html.fragment_fromstring(clean, create_parent="div")
        assert lxml.html.tostring(tree) == lxml.html.tostring(original), raw
    assert marked_any > 5


# --- ask about this article --------------------------------------------------------------


def _events(body: str) -> list[tuple[str, dict[str, Any]]]:
    """The server-sent events of a response body: (event name, JSON data)."""
    out = []
    for block in body.split("\n\n"):
        if not block.strip():
            continue
        name, data = "message", ""
        for line in block.splitlines():
            if line.startswith("event:"):
                name = line[6:].strip()
            elif line.startswith("data:"):
                data += line[5:].strip()
        out.append((name, json.loads(data)))
    return out


def test_offline_answer_streams_sentence_by_sentence(demo: Demo) -> None:
    article = _article(demo, CALDER)
    response = demo.client.get(f"/articles/{article.id}/ask/stream", params={"q": LESAGE_MONEY})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    events = _events(response.text)
    names = [name for name, _ in events]
    assert names[0] == "start"
    assert names[-1] == "done"
    assert events[0][1]["backend"] == "offline"
    assert "token" not in names  # nothing unchecked offline
    done = events[-1][1]
    expected = answer_question(LESAGE_MONEY, article.text, title=article.title)
    assert done["answered"] is True
    assert done["text"] == expected.text
    assert done["sources"] == list(expected.sources)
    sentences = split_sentences(article.text, article.language)
    assert done["quotes"] == [{"index": i, "text": sentences[i].text} for i in expected.sources]
    streamed = [data for name, data in events if name == "sentence"]
    assert " ".join(s["text"] for s in streamed) == done["text"]
    assert all(s["grounded"] and s["sources"] == done["sources"] for s in streamed)
    # The cited sentence is an anchor of the article page.
    page = demo.client.get(f"/articles/{article.id}").text
    assert f'id="s-{done["sources"][0]}"' in page


def test_declines_say_the_article_does_not_answer(demo: Demo) -> None:
    article = _article(demo, CALDER)
    url = f"/articles/{article.id}/ask/stream"
    events = _events(demo.client.get(url, params={"q": "What is the capital of Mongolia?"}).text)
    done = events[-1][1]
    assert [name for name, _ in events] == ["start", "done"]
    assert done["answered"] is False
    assert done["sources"] == []
    assert done["quotes"] == []
    assert "does not say" in done["text"]
    assert "does not guess" in done["notice"]
    page = demo.client.get(f"/articles/{article.id}/ask", params={"q": "Who won the cup final?"})
    assert "No answer in the article" in page.text
    assert demo.client.get(url, params={"q": "  "}).status_code == 400
    assert demo.client.get("/articles/999999/ask/stream", params={"q": "x"}).status_code == 404


def test_the_form_without_javascript_links_to_the_sentence(demo: Demo) -> None:
    article = _article(demo, CALDER)
    page = demo.client.get(f"/articles/{article.id}/ask", params={"q": LESAGE_MONEY}).text
    expected = answer_question(LESAGE_MONEY, article.text, title=article.title)
    assert f'href="/articles/{article.id}#s-{expected.sources[0]}"' in page
    assert "nothing is rewritten" in page


def test_questions_are_rate_limited(demo: Demo) -> None:
    app = create_app(Settings(), demo.store)
    app.state.ask_limit = Limit(per_minute=1, burst=2)
    client = WebClient(app, client=("192.0.2.7", 4000))
    url = f"/articles/{_article(demo, CALDER).id}/ask/stream"
    assert [client.get(url, params={"q": "Who?"}).status_code for _ in range(2)] == [200, 200]
    limited = client.get(url, params={"q": "Who?"})
    assert limited.status_code == 429
    assert int(limited.headers["retry-after"]) >= 1
    assert "Too many questions" in limited.text
    assert client.get(url.removesuffix("/stream"), params={"q": "Who?"}).status_code == 429
    other = WebClient(app, client=("192.0.2.8", 4000))
    assert other.get(url, params={"q": "Who?"}).status_code == 200


@pytest.fixture
def fake() -> Iterator[FakeOpenAI]:
    with openai_server() as server:
        yield server


def _llm_client(demo: Demo, fake: FakeOpenAI, tmp_path: Path) -> WebClient:
    settings = Settings(
        data_dir=tmp_path, llm_url=fake.url, llm_model="fake-model", llm_timeout=5.0
    )
    app = create_app(settings, demo.store)
    app.state.ask_limit = Limit(per_minute=600, burst=500)
    return WebClient(app)


def test_model_answer_streams_tokens_then_a_grounded_result(
    demo: Demo, fake: FakeOpenAI, tmp_path: Path
) -> None:
    article = _article(demo, CALDER)
    client = _llm_client(demo, fake, tmp_path)
    question = "What is Victor Lesage accused of diverting into Greyfen Consulting?"
    body = client.get(f"/articles/{article.id}/ask/stream", params={"q": question}).text
    events = _events(body)
    names = [name for name, _ in events]
    assert events[0] == ("start", {"backend": "llm", "model": "fake-model"})
    tokens = [data["text"] for name, data in events if name == "token"]
    assert len(tokens) > 3  # the model's text, piece by piece
    assert names.index("token") < names.index("sentence") < names.index("done")
    done = events[-1][1]
    assert (done["backend"], done["model"], done["fallback"]) == ("llm", "fake-model", None)
    assert done["answered"] is True
    assert done["sources"]
    assert done["checked"] >= 1
    assert done["flagged"] == 0
    sentences = split_sentences(article.text, article.language)
    support = [sentences[i].text for i in done["sources"]]
    assert grounding_score(done["text"], support) >= GROUNDED_AT
    assert "checked against the article" in done["notice"]
    assert fake.requests[-1].body["stream"] is True
    # Asked again, the answer comes from the cache: the model is not called.
    calls = len(fake.requests)
    again = _events(client.get(f"/articles/{article.id}/ask/stream", params={"q": question}).text)
    assert len(fake.requests) == calls
    assert again[-1][1]["text"] == done["text"]


def test_a_failing_model_falls_back_to_the_offline_answer_and_says_so(
    demo: Demo, fake: FakeOpenAI, tmp_path: Path
) -> None:
    article = _article(demo, CALDER)
    client = _llm_client(demo, fake, tmp_path)
    fake.script(Reply(status=500))
    events = _events(
        client.get(f"/articles/{article.id}/ask/stream", params={"q": LESAGE_MONEY}).text
    )
    done = events[-1][1]
    expected = answer_question(LESAGE_MONEY, article.text, title=article.title)
    assert (done["backend"], done["fallback"]) == ("offline", "http 500")
    assert done["text"] == expected.text
    assert done["sources"] == list(expected.sources)
    assert "not shown" in done["notice"]
    assert "error" in done["notice"]
    # A broken stream mid-answer: the tokens came, the result is still the offline one.
    fake.script(Reply("Victor Lesage is accused of diverting", malformed=True))
    question = "How much did Lesage divert from Calder Water?"
    events = _events(client.get(f"/articles/{article.id}/ask/stream", params={"q": question}).text)
    assert any(name == "token" for name, _ in events)
    done = events[-1][1]
    assert (done["backend"], done["fallback"]) == ("offline", "malformed")
    # The page without JavaScript says so too.
    fake.script(Reply(status=503))
    page = client.get(f"/articles/{article.id}/ask", params={"q": "Who is Victor Lesage?"}).text
    assert "The language model’s answer is not shown" in page.replace("&#39;", "’").replace(
        "'", "’"
    )
    # A question the article does not answer is not put to the model.
    calls = len(fake.requests)
    events = _events(
        client.get(
            f"/articles/{article.id}/ask/stream", params={"q": "What is the capital of Mongolia?"}
        ).text
    )
    assert len(fake.requests) == calls
    assert events[-1][1]["answered"] is False


# --- entity and topic pages ---------------------------------------------------------------


def _naming(store: Store, key: str) -> tuple[list[int], int]:
    with store.read() as conn:
        rows = conn.execute(
            select(article_entities.c.article_id, article_entities.c.mentions).where(
                article_entities.c.entity_key == key
            )
        ).all()
    return [r[0] for r in rows], sum(r[1] for r in rows)


def _card_ids(page: Any) -> list[int]:
    hrefs = page.xpath("//main//article[contains(@class,'card')]//h3/a/@href")
    return [int(h.rsplit("/", 1)[-1]) for h in hrefs]


def _newest_first(store: Store, ids: list[int]) -> None:
    with store.read() as conn:
        when = {
            i: (a.published_at or a.created_at, a.id)
            for i in ids
            if (a := article_store.get_article(conn, i))
        }
    assert [when[i] for i in ids] == sorted((when[i] for i in ids), reverse=True)


def test_entity_page_gathers_articles_stories_and_company(demo: Demo) -> None:
    ids, mentions = _naming(demo.store, "person:victor-lesage")
    response = demo.client.get("/entities/victor-lesage")
    assert response.status_code == 200
    page = _doc(response.text)
    assert page.xpath("string(//main//p[@class='kicker'])") == "Person"
    assert page.xpath("string(//h1)") == "Victor Lesage"
    facts = page.xpath("string(//p[@class='entity-facts'])")
    assert facts == f"Named {mentions} times in {len(ids)} articles."
    shown = _card_ids(page)
    assert sorted(shown) == sorted(ids)
    _newest_first(demo.store, shown)
    # Its stories: every story of several articles that one of these articles is in.
    with demo.store.read() as conn:
        expected = {
            placement["story_id"]
            for i in ids
            if (placement := story_store.story_of(conn, i))
            and (story := story_store.get_story(conn, placement["story_id"]))
            and story["article_count"] > 1
        }
    links = page.xpath("//section[@class='stories-naming']//a/@href")
    assert {h.removeprefix("/stories/") for h in links} == expected
    assert expected
    alongside = page.xpath("//section[@class='alongside']//a/@href")
    assert "/entities/calder-water" in alongside
    # The panel of an article naming him links here.
    article_page = demo.client.get(f"/articles/{ids[0]}").text
    assert 'href="/entities/victor-lesage"' in article_page


def test_entity_pages_paginate_and_unknown_ones_are_not_found(demo: Demo) -> None:
    ids, _ = _naming(demo.store, "place:velmont")
    assert len(ids) > 30  # the demo's own articles and the notes added above
    first = _doc(demo.client.get("/entities/velmont").text)
    assert first.xpath("string(//main//p[@class='kicker'])") == "Place"
    older = first.xpath("//nav[@class='pagination']//a[@rel='next']/@href")
    assert older == ["/entities/velmont?page=2"]
    second = _doc(demo.client.get(older[0]).text)
    both = _card_ids(first) + _card_ids(second)
    assert len(both) == len(set(both)) == len(ids)
    assert sorted(both) == sorted(ids)
    _newest_first(demo.store, both)
    assert second.xpath("//nav[@class='pagination']//a[@rel='prev']/@href") == [
        "/entities/velmont?page=1"
    ]
    assert all(t.startswith("Velmont notes") for t in second.xpath("//main//h3/a/text()")[-5:])
    for path in (
        "/entities/nobody-at-all",
        "/entities/Not_A_Slug",
        "/entities/velmont?kind=person",
    ):
        assert demo.client.get(path).status_code == 404, path


def test_section_and_keyphrase_topic_pages(demo: Demo) -> None:
    with demo.store.read() as conn:
        section, count = conn.execute(
            select(article_insights.c.topic, func.count())
            .where(article_insights.c.topic.is_not(None))
            .group_by(article_insights.c.topic)
            .order_by(func.count().desc())
        ).first()  # type: ignore[misc]
        in_section = set(
            conn.execute(
                select(article_insights.c.article_id).where(article_insights.c.topic == section)
            ).scalars()
        )
        copies, _ = story_store.syndication(conn, sorted(in_section))
    page = _doc(demo.client.get(f"/topics/{section.lower()}").text)
    assert page.xpath("string(//main//p[@class='kicker'])") == "Section"
    assert page.xpath("string(//h1)") == section
    assert page.xpath("string(//p[@class='entity-facts'])").startswith(f"{count} article")
    shown = _card_ids(page)
    assert set(shown) <= in_section - copies  # a wire story once, by its first copy
    assert len(shown) == min(count, 30) - len(copies)
    _newest_first(demo.store, shown)
    # A keyphrase of an article: its topic page lists that article; the panel links there.
    article = _article(demo, CALDER)
    article_page = _doc(demo.client.get(f"/articles/{article.id}").text)
    topics = article_page.xpath("//ul[contains(@class,'topics')]//a/@href")
    assert topics
    assert all(t.startswith("/topics/") for t in topics)
    phrase = topics[-1]
    topic = _doc(demo.client.get(phrase).text)
    assert topic.xpath("string(//main//p[@class='kicker'])") == "Topic"
    assert article.id in _card_ids(topic)
    assert demo.client.get("/topics/zzqxv-nothing").status_code == 404


def test_front_page_sections_hold_their_sections_articles(demo: Demo) -> None:
    front = _doc(demo.client.get("/").text)
    sections = front.xpath("//section[@class='topic-section']")
    assert len(sections) >= 2
    above = {
        int(href.rsplit("/", 1)[1])
        for href in front.xpath(
            "//section[contains(@class,'stories')]//a[starts-with(@href,'/articles/')]/@href"
            " | //section[@class='top']//a[starts-with(@href,'/articles/')]/@href"
        )
    }
    seen: set[int] = set()
    for section in sections:
        (href,) = section.xpath(".//h2/a/@href")
        label = section.xpath("string(.//h2)")
        assert demo.client.get(href).status_code == 200
        hrefs = section.xpath(".//article[contains(@class,'card')]//h3/a/@href")
        ids = [int(h.rsplit("/", 1)[-1]) for h in hrefs]
        assert len(ids) >= 2
        with demo.store.read() as conn:
            topics = {insight_store.get_insights(conn, i)["topic"] for i in ids}  # type: ignore[index]
        assert {t.lower() for t in topics} == {href.removeprefix("/topics/")}, label
        assert not set(ids) & above  # nothing twice on the page
        assert not set(ids) & seen
        seen |= set(ids)


# --- previously in this story ----------------------------------------------------------


def test_previously_in_this_story_lists_earlier_articles_newest_first(demo: Demo) -> None:
    checked = 0
    for article in demo.articles.values():
        with demo.store.read() as conn:
            placement = story_store.story_of(conn, article.id)
            if placement is None:
                continue
            members = story_store.members(conn, placement["story_id"])
            copies = set(story_store.copies_of(conn, article.id)) | {placement["duplicate_of"]}
        position = [m.id for m in members].index(article.id)
        earlier = [m for m in members[:position] if m.id not in copies]
        page = _doc(demo.client.get(f"/articles/{article.id}").text)
        listed = page.xpath("//section[@class='earlier']//li/a/@href")
        assert listed == [f"/articles/{m.id}" for m in reversed(earlier)][:5], article.id
        if listed:
            meta = page.xpath("//section[@class='earlier']//li/span[@class='meta']")[0]
            assert meta.xpath(".//a[@class='outlet']")
            assert meta.xpath(".//time[@datetime]")
            checked += 1
    assert checked >= 5
