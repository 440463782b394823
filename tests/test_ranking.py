"""Front-page ranking: breadth and freshness lead, and one section cannot fill the page."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from broadsheet.understand.ranking import StorySignal, rank_stories, story_score

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)


def test_more_outlets_rank_higher() -> None:
    wide = StorySignal("wide", outlets=5, recent_articles=5, last_update=NOW)
    narrow = StorySignal("narrow", outlets=1, recent_articles=1, last_update=NOW)
    assert rank_stories([narrow, wide], NOW) == ["wide", "narrow"]


def test_old_news_sinks() -> None:
    old = StorySignal("old", outlets=5, recent_articles=0, last_update=NOW - timedelta(days=2))
    fresh = StorySignal("fresh", outlets=2, recent_articles=2, last_update=NOW)
    assert story_score(fresh, NOW) > story_score(old, NOW)
    assert rank_stories([old, fresh], NOW)[0] == "fresh"


def test_one_section_does_not_fill_the_top() -> None:
    sport = [
        StorySignal(f"sport{i}", outlets=3, recent_articles=3, last_update=NOW, section="Sport")
        for i in range(4)
    ]
    business = StorySignal(
        "business", outlets=2, recent_articles=2, last_update=NOW, section="Business"
    )
    order = rank_stories([*sport, business], NOW)
    assert order.index("business") <= 2
    assert len(order) == 5


def test_limit() -> None:
    many = [StorySignal(str(i), outlets=1, recent_articles=1, last_update=NOW) for i in range(50)]
    assert len(rank_stories(many, NOW, limit=10)) == 10
