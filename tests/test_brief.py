"""Story briefs: cited sentences from several outlets, and what each outlet adds."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime

from broadsheet.understand.brief import BriefInput, StoryBrief, brief_jsonl, brief_story
from broadsheet.understand.sentences import split_sentences
from broadsheet.understand.summarize import GROUNDED_AT, grounding_score

SHARED = "approved a $48 million flood barrier along the Marsh River"

ARTICLES = [
    BriefInput(
        id="a1",
        source="Riverton Post",
        title="Riverton approves $48 million flood barrier",
        text=(
            f"The Riverton city council on Tuesday {SHARED}, ending a six-year dispute. "
            "The council voted 7-2 for the plan. "
            "Mayor Elena Ortiz called the vote a turning point for the east side of the city."
        ),
        published=datetime(2024, 3, 5, 18, 0, tzinfo=UTC),
    ),
    BriefInput(
        id="b2",
        source="State Ledger",
        title="Council backs flood barrier; property owners face levy",
        text=(
            f"Riverton's council {SHARED} on Tuesday in a 7-2 vote. "
            "Half the money will come from a special levy on properties in the flood zone, "
            "which two councillors said was unfair to homeowners. "
            "Insurers refused to renew flood cover for several Canal Street shops after 2019."
        ),
        published=datetime(2024, 3, 5, 19, 0, tzinfo=UTC),
    ),
    BriefInput(
        id="c3",
        source="Green Valley News",
        title="Flood barrier approved despite wetland objections",
        text=(
            f"City leaders in Riverton {SHARED} on Tuesday night. "
            "Environmental groups had urged restoring wetlands upstream, warning that levees "
            "push water onto downstream farms. "
            "The council set aside $2 million for a wetland study."
        ),
        published=datetime(2024, 3, 5, 20, 0, tzinfo=UTC),
    ),
]


def own_sentences(article: BriefInput) -> list[str]:
    return [article.title, *(s.text for s in split_sentences(article.text))]


def test_every_sentence_cites_real_articles_and_is_grounded_in_its_own() -> None:
    brief = brief_story(ARTICLES)
    ids = {a.id: a for a in ARTICLES}
    assert 1 <= len(brief.sentences) <= 5
    for sentence in brief.sentences:
        assert sentence.citations
        assert set(sentence.citations) <= set(ids)
        assert len(set(sentence.citations)) == len(sentence.citations)
        own = ids[sentence.citations[0]]
        assert grounding_score(sentence.text, own_sentences(own)) >= GROUNDED_AT


def test_what_all_outlets_say_leads_and_cites_them_all() -> None:
    brief = brief_story(ARTICLES)
    shared = [s for s in brief.sentences if SHARED in s.text]
    assert len(shared) == 1, "the shared fact appears once, not once per outlet"
    assert set(shared[0].citations) == {"a1", "b2", "c3"}


def test_perspectives_hold_only_what_other_sources_do_not_say() -> None:
    brief = brief_story(ARTICLES)
    assert set(brief.perspectives) == {"Riverton Post", "State Ledger", "Green Valley News"}
    by_source = {a.source: a for a in ARTICLES}
    for source, sentences in brief.perspectives.items():
        article = by_source[source]
        others = [t for a in ARTICLES if a.source != source for t in own_sentences(a)]
        for sentence in sentences:
            assert sentence.citations == (article.id,)
            assert grounding_score(sentence.text, own_sentences(article)) >= GROUNDED_AT
            assert SHARED not in sentence.text
            assert grounding_score(sentence.text, others) < GROUNDED_AT
    green = " ".join(s.text for s in brief.perspectives["Green Valley News"])
    assert "wetland" in green
    ledger = " ".join(s.text for s in brief.perspectives["State Ledger"])
    assert "levy" in ledger or "Insurers" in ledger


def test_max_sentences_and_empty_input() -> None:
    assert len(brief_story(ARTICLES, max_sentences=1).sentences) == 1
    assert brief_story([]) == StoryBrief((), {})
    blank = BriefInput(id="x", title="", text="")
    assert brief_story([blank]).sentences == ()


def test_one_source_has_no_perspectives() -> None:
    brief = brief_story(ARTICLES[:1])
    assert brief.sentences
    assert brief.perspectives == {}
    assert all(s.citations == ("a1",) for s in brief.sentences)


def test_headline_only_articles_brief_from_their_headlines() -> None:
    items = [BriefInput(id=a.id, title=a.title, text="", source=a.source) for a in ARTICLES]
    brief = brief_story(items)
    assert brief.sentences
    titles = {a.id: a.title for a in items}
    for sentence in brief.sentences:
        assert sentence.text == titles[sentence.citations[0]]


def test_brief_is_deterministic() -> None:
    assert brief_story(ARTICLES) == brief_story(list(ARTICLES))


def test_brief_jsonl_prints_one_line_per_story_with_index_citations() -> None:
    story = {
        "cluster_id": "s-1",
        "articles": [{"title": a.title, "text": a.text} for a in ARTICLES],
        "reference": "ignored",
    }
    with_ids = {
        "cluster_id": "s-2",
        "articles": [{"id": a.id, "title": a.title, "text": a.text} for a in ARTICLES],
    }
    out = io.StringIO()
    brief_jsonl([json.dumps(story), "", json.dumps(with_ids)], out)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["cluster_id"] for r in rows] == ["s-1", "s-2"]
    expected = brief_story(
        [BriefInput(id=str(i), title=a.title, text=a.text) for i, a in enumerate(ARTICLES)]
    )
    assert rows[0]["summary"] == " ".join(s.text for s in expected.sentences)
    assert rows[0]["citations"] == [[int(c) for c in s.citations] for s in expected.sentences]
    assert all(isinstance(c, int) for cites in rows[0]["citations"] for c in cites)
    assert {c for cites in rows[1]["citations"] for c in cites} <= {"a1", "b2", "c3"}
    assert len(rows[0]["citations"]) == len(rows[1]["citations"]) >= 1
