"""What the story page, the stories API and the story feeds show about a story.

The timeline is the story's articles, first report first, with syndicated copies folded
under the article they repeat. The brief, perspectives and key players come from the
stored digest (``briefing.ensure_brief``: computed when the story changed, not per view)
and are turned here into sentences whose citations name the cited articles' outlets.
With an LLM configured, the model's grounded brief of the same fingerprint (written by
``llm_jobs.brief_pending``) replaces the extractive one; perspectives and key players stay
the offline ones.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from sqlalchemy import Connection

from broadsheet.briefing import ensure_brief
from broadsheet.config import Settings
from broadsheet.model import Source
from broadsheet.store import briefs as brief_store
from broadsheet.store import insights as insight_store
from broadsheet.store import llm_cache as llm_store
from broadsheet.store import reader
from broadsheet.store import stories as story_store
from broadsheet.store.reader import ArticleCard
from broadsheet.understand.llm_features import reason_for_readers
from broadsheet.understand.ranking import StorySignal, rank_stories
from broadsheet.web.pages.article import entity_slug

STORY_ID = re.compile(r"[A-Za-z0-9_-]{1,40}")
STORY_WINDOW = timedelta(days=3)  # stories updated this recently can be ranked
VELOCITY_WINDOW = timedelta(hours=6)
MAX_TIMELINE = 500
KINDS = (("person", "People"), ("organisation", "Organisations"), ("place", "Places"))


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    card: ArticleCard
    copies: list[ArticleCard]  # the same wire text, published by other outlets


@dataclass(frozen=True, slots=True)
class Citation:
    article_id: int
    source_id: int
    outlet: str
    label: str  # the outlet, numbered when it has several articles in the story
    title: str | None


@dataclass(frozen=True, slots=True)
class CitedSentence:
    text: str
    citations: list[Citation]


@dataclass(frozen=True, slots=True)
class Perspective:
    source_id: int
    outlet: str
    sentences: list[CitedSentence]


@dataclass(frozen=True, slots=True)
class Player:
    key: str
    name: str
    kind: str
    slug: str
    articles: int
    mentions: int


@dataclass(frozen=True, slots=True)
class OutletCoverage:
    source_id: int
    outlet: str
    articles: int
    first: datetime


@dataclass(frozen=True, slots=True)
class BriefBy:
    """Which backend wrote the brief shown, and why the model's is not shown if it failed."""

    backend: Literal["offline", "llm"] = "offline"
    model: str | None = None  # the model that wrote it (backend "llm")
    checked: int = 0  # sentences the model wrote, checked against the articles
    kept: int = 0  # of those, the ones that passed (the rest were dropped)
    note: str | None = None  # the model failed on this version of the story: why


@dataclass(frozen=True, slots=True)
class StoryDetail:
    id: str
    title: str | None
    first: ArticleCard | None
    last_update: datetime | None
    article_count: int
    timeline: list[TimelineEntry]
    copy_of: dict[int, int]  # copy article id -> the article it repeats
    brief: list[CitedSentence]
    perspectives: list[Perspective]
    players: list[Player]
    outlets: list[OutletCoverage]
    briefed_at: datetime | None
    brief_by: BriefBy

    @property
    def cards(self) -> list[ArticleCard]:
        """Every article, copies included, first report first."""
        out = [c for e in self.timeline for c in (e.card, *e.copies)]
        return sorted(out, key=lambda c: (c.when, c.id))

    def players_by_kind(self) -> list[tuple[str, list[Player]]]:
        groups = [(label, [p for p in self.players if p.kind == kind]) for kind, label in KINDS]
        return [(label, found) for label, found in groups if found]


def outlet_name(sources: Mapping[int, Source], source_id: int) -> str:
    source = sources.get(source_id)
    return source.name if source else f"Outlet {source_id}"


def llm_model(settings: Settings) -> str | None:
    """The model whose story briefs are shown: the configured one, None without an LLM."""
    return settings.llm_model if settings.llm_url else None


def load_story(
    conn: Connection,
    story: Mapping[str, Any],
    *,
    sources: Mapping[int, Source],
    now: datetime,
    llm_model: str | None = None,
) -> StoryDetail:
    """The story page's content. ``conn`` must be in a transaction (``Store.begin()``):
    a story briefed before an edit, or not briefed yet, is briefed now and stored.

    ``llm_model``: the configured model when an LLM is configured (else None); its
    grounded brief of the stored brief's fingerprint is shown instead of the extractive one.
    """
    story_id = str(story["id"])
    placed = brief_store.placements(conn, story_id, limit=MAX_TIMELINE)
    cards = {c.id: c for c in reader.cards_by_id(conn, [p.article_id for p in placed])}
    copy_of = _roots({p.article_id: p.duplicate_of for p in placed if p.article_id in cards})
    timeline: list[TimelineEntry] = []
    by_root: dict[int, TimelineEntry] = {}
    for p in placed:
        card = cards.get(p.article_id)
        if card is None:
            continue
        root = copy_of.get(card.id)
        if root is not None and root in by_root:
            by_root[root].copies.append(card)
            continue
        entry = TimelineEntry(card, [])
        by_root[card.id] = entry
        timeline.append(entry)
    stored = ensure_brief(conn, story_id, now=now)
    digest: dict[str, Any] = stored.data if stored else {}
    llm = (
        llm_store.story_brief(conn, story_id, fingerprint=stored.fingerprint, model=llm_model)
        if stored is not None and llm_model is not None
        else None
    )
    sentences, brief_by = brief_of(digest.get("brief", []), llm)
    labels = _labels([cards[p.article_id] for p in placed if p.article_id in cards], sources)

    def cited(sentence: Mapping[str, Any]) -> CitedSentence:
        found = [cards[int(c)] for c in sentence["citations"] if int(c) in cards]
        return CitedSentence(
            str(sentence["text"]),
            [
                Citation(
                    c.id, c.source_id, outlet_name(sources, c.source_id), labels[c.id], c.title
                )
                for c in found
            ],
        )

    return StoryDetail(
        id=story_id,
        title=story.get("title") or (timeline[0].card.title if timeline else None),
        first=timeline[0].card if timeline else None,
        last_update=story.get("last_updated_at"),
        article_count=len(cards),
        timeline=timeline,
        copy_of=copy_of,
        brief=[cited(s) for s in sentences],
        perspectives=[
            Perspective(
                int(p["source"]),
                outlet_name(sources, int(p["source"])),
                [cited(s) for s in p["sentences"]],
            )
            for p in digest.get("perspectives", [])
        ],
        players=[
            Player(
                p["key"], p["name"], p["kind"], entity_slug(p["key"]), p["articles"], p["mentions"]
            )
            for p in digest.get("key_players", [])
        ],
        outlets=_outlets(list(cards.values()), sources),
        briefed_at=stored.computed_at if stored else None,
        brief_by=brief_by,
    )


def brief_of(
    offline: list[dict[str, Any]], llm: dict[str, Any] | None
) -> tuple[list[dict[str, Any]], BriefBy]:
    """The brief's sentences to show and who wrote them, as the article panel does it.

    ``llm`` is what the model did for the brief's fingerprint
    (``store.llm_cache.story_brief``): its grounded brief replaces the extractive one; a
    failure leaves the extractive one with a note saying why.
    """
    if llm is not None and llm.get("state") == "done" and llm["result"]["sentences"]:
        model = str(llm["result"].get("method", "")).removeprefix("llm:") or "a language model"
        checked = int(llm["checked"])
        kept = checked - int(llm["flagged"])
        return llm["result"]["sentences"], BriefBy("llm", model, checked, kept)
    if llm is not None and llm.get("state") == "failed":
        reason = llm.get("reason")
        why = (
            "too little of what the model wrote is supported by the articles"
            if reason == "ungrounded"
            else reason_for_readers(reason)
        )
        return offline, BriefBy(note=f"The language model's brief is not shown: {why}.")
    return offline, BriefBy()


def _labels(cards: list[ArticleCard], sources: Mapping[int, Source]) -> dict[int, str]:
    """Citation labels: the outlet's name, with "(2)" for its second article and so on."""
    total: dict[int, int] = {}
    for card in cards:
        total[card.source_id] = total.get(card.source_id, 0) + 1
    seen: dict[int, int] = {}
    out: dict[int, str] = {}
    for card in cards:  # first report first
        seen[card.source_id] = n = seen.get(card.source_id, 0) + 1
        name = outlet_name(sources, card.source_id)
        out[card.id] = f"{name} ({n})" if total[card.source_id] > 1 else name
    return out


def _roots(duplicate_of: dict[int, int | None]) -> dict[int, int]:
    """Each copy's original within the story, following copies of copies."""
    out: dict[int, int] = {}
    for article_id, first in duplicate_of.items():
        seen = {article_id}
        step = first
        while step is not None and step in duplicate_of and step not in seen:
            seen.add(step)
            if duplicate_of[step] is None:
                out[article_id] = step
                break
            step = duplicate_of[step]
    return out


def _outlets(cards: list[ArticleCard], sources: Mapping[int, Source]) -> list[OutletCoverage]:
    counts: dict[int, int] = {}
    first: dict[int, datetime] = {}
    for card in sorted(cards, key=lambda c: (c.when, c.id)):
        counts[card.source_id] = counts.get(card.source_id, 0) + 1
        first.setdefault(card.source_id, card.when)
    return [
        OutletCoverage(s, outlet_name(sources, s), counts[s], first[s])
        for s in sorted(counts, key=lambda s: (first[s], s))
    ]


def ranked_stories(
    conn: Connection, now: datetime, *, limit: int, min_outlets: int = 2
) -> list[dict[str, Any]]:
    """Recently updated stories covered by ``min_outlets`` outlets or more, in front-page
    order (``understand.ranking``)."""
    recent = [
        s
        for s in story_store.recent_stories(conn, since=now - STORY_WINDOW)
        if s["outlet_count"] >= min_outlets
    ]
    if not recent:
        return []
    velocity = story_store.counts_in_window(
        conn, [s["id"] for s in recent], since=now - VELOCITY_WINDOW
    )
    signals = []
    for story in recent:
        insights = insight_store.get_insights(conn, story["first_article_id"] or 0)
        signals.append(
            StorySignal(
                id=story["id"],
                outlets=story["outlet_count"],
                recent_articles=velocity.get(story["id"], 0),
                last_update=story["last_updated_at"],
                section=(insights or {}).get("topic"),
            )
        )
    by_id = {s["id"]: s for s in recent}
    return [by_id[i] for i in rank_stories(signals, now, limit=limit)]
