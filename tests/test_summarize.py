"""Article summaries and key points: grounded, cited, sized to the article, deterministic."""

from __future__ import annotations

import pytest

from broadsheet.understand.sentences import split_sentences
from broadsheet.understand.summarize import (
    GROUNDED_AT,
    ArticleSummary,
    Cited,
    grounding_score,
    is_grounded,
    summarize_article,
)

TITLE = "Riverton council approves flood barrier after years of delay"
ARTICLE = """RIVERTON (Wire) — The Riverton city council on Tuesday approved a $48 million flood \
barrier along the Marsh River, ending a six-year dispute over how to protect the low-lying \
east side of the city.

The council voted 7-2 for the plan, which raises earth levees by 1.8 metres and adds two pump \
stations near the old rail yard. Construction is expected to start in March and take three years.

Mayor Elena Ortiz called the vote a turning point. "We have been lucky twice, and luck is not a \
plan," she told reporters after the meeting. Residents of the east side have faced three major \
floods since 2011, the worst of which forced 4,000 people from their homes.

The two councillors who voted against the barrier said the cost would fall too heavily on \
property owners. Under the plan, about half of the money comes from a state resilience grant \
and the rest from a special levy on properties in the flood zone.

Business owners on Canal Street welcomed the decision. Several of them said insurers had \
refused to renew their flood cover after the 2019 flood. "I could not get a policy at any \
price," said Tom Becker, who runs a hardware store two blocks from the river.

Engineers hired by the city estimate that the barrier will cut expected flood damage by \
80 percent over the next 50 years. Environmental groups had asked for wetlands to be restored \
upstream instead, arguing that levees push water onto farms downstream.

The council also agreed to set aside $2 million for a wetland study upstream. A final design \
is due before the end of the year, and the state must still sign off on the grant.

Click here to sign up for our newsletter."""


def sentence_texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


def assert_grounded(items: tuple[Cited, ...], text: str) -> None:
    sources = sentence_texts(text)
    for item in items:
        assert item.sources, f"no citation for {item.text!r}"
        assert all(0 <= i < len(sources) for i in item.sources)
        cited = [sources[i] for i in item.sources]
        assert grounding_score(item.text, cited) >= GROUNDED_AT, (item.text, cited)
        # Extracted or trimmed, never reworded: the words appear in the cited sentence.
        assert item.text.split()[-1] in " ".join(cited)


def test_grounding_score_rewards_extraction_and_punishes_invention() -> None:
    source = "The council voted 7-2 for the plan, which raises earth levees by 1.8 metres."
    assert grounding_score(source, [source]) == 1.0
    assert grounding_score("The council voted 7-2 for the plan.", [source]) == 1.0
    assert grounding_score("Councils voted for plans.", [source]) == 1.0  # inflection
    invented = "The mayor resigned after a corruption scandal."
    assert grounding_score(invented, [source]) == 0.0
    half = "The council voted for a new stadium downtown."
    assert 0.2 < grounding_score(half, [source]) < GROUNDED_AT
    assert not is_grounded(half, [source])
    assert grounding_score("", [source]) == 0.0
    assert grounding_score(source, []) == 0.0


def test_grounding_score_checks_numbers() -> None:
    source = "Construction is expected to start in March and take three years."
    assert is_grounded("Construction will take three years.", [source])
    assert grounding_score("Construction will take 30 years.", [source]) < 1.0


def test_normal_article_gets_2_to_4_summary_sentences_and_3_to_5_key_points() -> None:
    result = summarize_article(TITLE, ARTICLE)
    assert isinstance(result, ArticleSummary)
    assert 2 <= len(result.summary) <= 4
    assert 3 <= len(result.key_points) <= 5
    assert result.method
    assert_grounded(result.summary, ARTICLE)
    assert_grounded(result.key_points, ARTICLE)


def test_summary_leads_with_the_news_and_keeps_out_furniture() -> None:
    result = summarize_article(TITLE, ARTICLE)
    first = result.summary[0]
    assert first.sources == (0,)
    # The dateline is trimmed; the rest of the lead is kept word for word.
    assert first.text.startswith("The Riverton city council on Tuesday approved")
    shown = [c.text for c in (*result.summary, *result.key_points)]
    assert not any("newsletter" in t for t in shown)


def test_key_points_add_to_the_summary_and_follow_reading_order() -> None:
    result = summarize_article(TITLE, ARTICLE)
    summary_sources = {i for c in result.summary for i in c.sources}
    point_sources = [c.sources[0] for c in result.key_points]
    assert not summary_sources & set(point_sources)
    assert point_sources == sorted(point_sources)
    assert [c.sources[0] for c in result.summary] == sorted(c.sources[0] for c in result.summary)


def test_short_article_gets_fewer_points_and_nothing_invented() -> None:
    text = (
        "The Marsh River rose above its banks on Sunday night in Riverton. "
        "No injuries were reported, the fire service said."
    )
    result = summarize_article("River floods", text)
    assert 1 <= len(result.summary) <= 2
    assert 1 <= len(result.key_points) <= 2
    assert_grounded(result.summary, text)
    assert_grounded(result.key_points, text)
    one = summarize_article(None, "Officials closed the Canal Street bridge on Monday.")
    assert [c.sources for c in one.summary] == [(0,)]
    assert len(one.key_points) == 1


@pytest.mark.parametrize("text", ["", "   \n\n  "])
def test_empty_article_gets_empty_summary(text: str) -> None:
    result = summarize_article("A headline only", text)
    assert result.summary == ()
    assert result.key_points == ()


def test_summary_is_deterministic() -> None:
    first = summarize_article(TITLE, ARTICLE)
    summarize_article("Something else", "Another text entirely. With two sentences here.")
    assert summarize_article(TITLE, ARTICLE) == first


def test_quotes_are_not_preferred_for_the_summary() -> None:
    result = summarize_article(TITLE, ARTICLE)
    assert not any(c.text.startswith(('"', "“")) for c in result.summary)
