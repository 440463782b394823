"""The top stories of a digest period, filtered by what the subscriber chose.

The period's articles are grouped by story (an article in no story yet is an item of
its own) and ranked with the front page's ranking (``understand.ranking``: breadth,
velocity, freshness, variety of sections), as seen at the end of the period. For a
weekly digest the ranking's clock runs 14 times slower (a half-life of a week, a
velocity window of three and a half days), so a story that many outlets covered on
Tuesday still comes before a lone report of Sunday.

A subscriber's filter keeps a story when one of its articles of the period passes it:

- outlets: the article comes from one of the chosen outlets;
- topics: a chosen topic is the article's section, or one of its keyphrases or entity
  names, or a whole word (or words) of one ("ferry" matches "ferry strike");

both must hold when both are set. With an outlet filter, the item's lead article is the
first article of the period from a chosen outlet; otherwise the story's first report.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Connection

from broadsheet.store import digests as digest_store
from broadsheet.store.digests import PeriodArticle, StoryRow
from broadsheet.understand.ranking import StorySignal, rank_stories

VELOCITY_WINDOW = timedelta(hours=6)  # the front page's "articles in the last 6 hours"
WEEK = timedelta(days=7)
WEEKLY_STRETCH = 14.0  # the 12-hour half-life becomes a week


@dataclass
class Group:
    key: str  # a story id, or "article:<id>" for an article in no story
    story: StoryRow | None
    members: list[PeriodArticle]  # of the period, oldest first


@dataclass
class Period:
    """A period's articles grouped by story, loaded once for every subscriber it serves."""

    since: datetime
    until: datetime
    groups: list[Group]
    sections: dict[int, str | None]  # topic of each story's first report
    terms: dict[int, list[str]] = field(default_factory=dict)
    terms_loaded: bool = False

    def load_terms(self, conn: Connection) -> None:
        if not self.terms_loaded:
            ids = [a.id for g in self.groups for a in g.members]
            self.terms = digest_store.topic_terms(conn, ids)
            self.terms_loaded = True


def load_period(conn: Connection, *, since: datetime, until: datetime) -> Period:
    found = digest_store.period_articles(conn, since=since, until=until)
    by_key: dict[str, list[PeriodArticle]] = {}
    for article in found:
        key = article.story_id or f"article:{article.id}"
        by_key.setdefault(key, []).append(article)
    rows = digest_store.story_rows(conn, [a.story_id for a in found if a.story_id])
    groups = [Group(k, rows.get(k), members) for k, members in by_key.items()]
    firsts = [g.story.first_article_id for g in groups if g.story and g.story.first_article_id]
    return Period(since, until, groups, digest_store.topics_of(conn, firsts))


def _matches(topic: str, terms: Sequence[str]) -> bool:
    pattern = re.compile(r"(?<!\w)" + re.escape(topic) + r"(?!\w)")
    return any(term == topic or pattern.search(term) for term in terms)


def _passing(
    period: Period, group: Group, source_ids: frozenset[int], topics: Sequence[str]
) -> list[PeriodArticle]:
    kept = group.members
    if source_ids:
        kept = [a for a in kept if a.source_id in source_ids]
    if topics:
        kept = [a for a in kept if any(_matches(t, period.terms.get(a.id, ())) for t in topics)]
    return kept


def _signal(period: Period, group: Group, stretch: float) -> StorySignal:
    """The front page's signal for a group, on a clock stretched ``stretch`` times."""
    until = period.until
    last = max(a.when for a in group.members)
    recent = sum(1 for a in group.members if a.when >= until - VELOCITY_WINDOW * stretch)
    first = group.story.first_article_id if group.story else None
    section = period.sections.get(first) if first is not None else None
    return StorySignal(
        id=group.key,
        outlets=group.story.outlets if group.story else 1,
        recent_articles=recent,
        last_update=until - (until - last) / stretch,
        section=section if section is not None else group.members[0].topic,
    )


def pick(
    conn: Connection,
    period: Period,
    *,
    source_ids: Sequence[int],
    topics: Sequence[str],
    limit: int,
) -> list[int]:
    """The lead article of each top item for one subscriber, best first."""
    wanted = frozenset(source_ids)
    folded = [t.casefold() for t in topics if t.strip()]
    if folded:
        period.load_terms(conn)
    leads: dict[str, int] = {}
    kept: list[Group] = []
    for group in period.groups:
        passing = _passing(period, group, wanted, folded)
        if not passing:
            continue
        kept.append(group)
        first = group.story.first_article_id if group.story else None
        leads[group.key] = passing[0].id if wanted or first is None else first
    stretch = WEEKLY_STRETCH if period.until - period.since >= WEEK else 1.0
    signals = [_signal(period, g, stretch) for g in kept]
    return [leads[key] for key in rank_stories(signals, period.until, limit=limit)]
