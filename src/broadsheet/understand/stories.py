"""Online story clustering: each article joins an existing story or starts one, as it arrives.

The method, in order, for every new article:

1. Its headline and lead become a sparse TF-IDF vector (:mod:`textvec`); document
   frequencies are learned from the stream itself.
2. Candidate stories are those sharing a term with it whose last article is within
   ``window_hours`` (undated articles see every story). Each is scored by the cosine to
   the story centroid and the cosine to its closest member, averaged, so that one very
   similar wire copy or one broad centroid alone cannot decide.
3. It joins the best story if that score passes the threshold, else starts a new story.
   Headline-only items (empty body) carry far less evidence per item, so they use the
   lower ``short_threshold``.
4. A story that changed is compared with the other live stories; two stories whose
   centroids are close enough merge, the older id surviving. This lets evidence that
   arrives later join two halves of one event.

State is plain data per story (member ids, centroid term weights, its squared norm, time
range), so it can be written to a database row and read back (:meth:`Story.to_dict`).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TextIO

from broadsheet.understand import textvec
from broadsheet.understand.textvec import DocFreq, VecConfig, Vector


@dataclass(frozen=True, slots=True)
class ArticleIn:
    """What the clusterer needs to know about one article."""

    id: str
    title: str
    text: str
    published: datetime | None
    source: str | None
    lang: str | None = "en"


@dataclass(frozen=True, slots=True)
class ClusterConfig:
    """Knobs of the clusterer. One configuration serves every kind of input."""

    vec: VecConfig = field(default_factory=VecConfig)
    threshold: float = 0.30  # join score needed for articles with a body
    short_threshold: float = 0.22  # join score needed for headline-only articles
    merge_factor: float = 1.7  # two stories merge at centroid cosine >= this x join threshold
    window_hours: float = 72.0  # a story takes new articles this long after its last one
    half_life_hours: float = 24.0  # scores halve for every this many hours outside a story's span
    member_limit: int = 40  # closest-member search looks at this many latest members
    candidates: int = 8  # stories scored in full per article
    probe_terms: int = 24  # heaviest terms used to find candidate stories
    member_mix: float = 0.5  # weight of the closest-member cosine against the centroid's
    related_floor: float = 0.2  # related() never returns anything scoring below this


@dataclass(slots=True)
class Story:
    """One story's state: plain lists and dicts, ready to be stored."""

    id: str
    seq: int  # creation order; the older story survives a merge
    members: list[str] = field(default_factory=list)
    centroid: dict[str, float] = field(default_factory=dict)  # sum of member unit vectors
    norm2: float = 0.0  # squared length of ``centroid``
    short: int = 0  # members that had no body text (headline only)
    first: datetime | None = None
    last: datetime | None = None

    def cosine(self, vec: Vector, dot: float | None = None) -> float:
        if self.norm2 <= 0:
            return 0.0
        value = textvec.dot(vec, self.centroid) if dot is None else dot
        return value / math.sqrt(self.norm2)

    def absorb(self, vec: Vector, article_id: str, when: datetime | None) -> None:
        d = textvec.dot(vec, self.centroid)
        textvec.add_into(self.centroid, vec)
        self.norm2 += 2 * d + textvec.dot(vec, vec)
        self.members.append(article_id)
        self._stretch(when, when)

    def _stretch(self, first: datetime | None, last: datetime | None) -> None:
        if first is not None and (self.first is None or first < self.first):
            self.first = first
        if last is not None and (self.last is None or last > self.last):
            self.last = last

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "seq": self.seq,
            "members": list(self.members),
            "centroid": dict(self.centroid),
            "norm2": self.norm2,
            "short": self.short,
            "first": self.first.isoformat() if self.first else None,
            "last": self.last.isoformat() if self.last else None,
        }


@dataclass(slots=True)
class _Member:
    vec: Vector
    story: str
    published: datetime | None


class StoryClusterer:
    """Assigns articles to stories one at a time, in arrival order."""

    def __init__(self, config: ClusterConfig | None = None) -> None:
        self.config = config or ClusterConfig()
        self.docfreq = DocFreq()
        self.stories: dict[str, Story] = {}
        self.merged_into: dict[str, str] = {}  # retired story id -> the id that absorbed it
        self._articles: dict[str, _Member] = {}
        self._postings: dict[str, set[str]] = {}  # term -> live story ids
        self._seq = 0

    # -- public surface -------------------------------------------------------------

    def add(self, article: ArticleIn) -> str:
        """Place ``article`` in a story and return that story's id."""
        if article.id in self._articles:
            return self.story_of(article.id)
        cfg = self.config
        terms = textvec.article_terms(article.title or "", article.text or "", cfg.vec)
        self.docfreq.add(terms)
        vec = textvec.weigh(terms, self.docfreq)
        when = _utc(article.published)
        short = not (article.text or "").strip()
        threshold = cfg.short_threshold if short else cfg.threshold
        best_id, best_score = None, 0.0
        for story_id, score in self._score_stories(vec, when):
            if score > best_score:
                best_id, best_score = story_id, score
        if best_id is None or best_score < threshold:
            story = self._new_story()
        else:
            story = self.stories[best_id]
        self._absorb(story, vec, article.id, when)
        story.short += short
        self._articles[article.id] = _Member(vec, story.id, when)
        return self._merge_pass(story)

    def story_of(self, article_id: str) -> str:
        """The story ``article_id`` belongs to now, after any merges."""
        return self._resolve(self._articles[article_id].story)

    def related(self, article_id: str, k: int = 5) -> list[tuple[str, float]]:
        """Up to ``k`` article ids, best first: same-story coverage, then close stories.

        Scores are cosines of the article vectors; same-story members come first whatever
        their score, other stories' members only above ``related_floor``.
        """
        member = self._articles[article_id]
        home = self.stories[self._resolve(member.story)]
        same = [
            (other, textvec.dot(member.vec, self._articles[other].vec))
            for other in home.members
            if other != article_id
        ]
        same.sort(key=lambda item: (-item[1], item[0]))
        if len(same) >= k:
            return same[:k]
        others: list[tuple[str, float]] = []
        for story_id, score in self._score_stories(member.vec, member.published):
            if story_id == home.id or score < self.config.related_floor:
                continue
            for other in self.stories[story_id].members:
                sim = textvec.dot(member.vec, self._articles[other].vec)
                if sim >= self.config.related_floor:
                    others.append((other, sim))
        others.sort(key=lambda item: (-item[1], item[0]))
        return (same + others)[:k]

    def state(self) -> dict[str, object]:
        """Everything needed to resume: per-story rows, document frequencies, aliases."""
        return {
            "docs": self.docfreq.docs,
            "df": dict(self.docfreq.df),
            "stories": [story.to_dict() for story in self.stories.values()],
            "merged_into": dict(self.merged_into),
        }

    # -- internals ------------------------------------------------------------------

    def _resolve(self, story_id: str) -> str:
        while story_id in self.merged_into:
            story_id = self.merged_into[story_id]
        return story_id

    def _new_story(self) -> Story:
        self._seq += 1
        story = Story(id=f"s{self._seq}", seq=self._seq)
        self.stories[story.id] = story
        return story

    def _absorb(self, story: Story, vec: Vector, article_id: str, when: datetime | None) -> None:
        story.absorb(vec, article_id, when)
        for term in vec:
            self._postings.setdefault(term, set()).add(story.id)

    def _live(self, story: Story, when: datetime | None) -> bool:
        if when is None or story.last is None:
            return True
        window = timedelta(hours=self.config.window_hours)
        return story.first is not None and story.first - window <= when <= story.last + window

    def _nearest_stories(
        self, vec: Vector, keep: Callable[[Story], bool]
    ) -> list[tuple[float, Story]]:
        """The stories closest to ``vec`` by centroid cosine, best first.

        Candidates come from the postings of the ``probe_terms`` heaviest terms of ``vec``
        (cheap, approximate); the best of them are then scored exactly.
        """
        cfg = self.config
        heavy = sorted(vec.items(), key=lambda item: -item[1])[: cfg.probe_terms]
        partial: dict[str, float] = {}
        stories = self.stories
        for term, weight in heavy:
            for story_id in self._postings.get(term, ()):
                partial[story_id] = (
                    partial.get(story_id, 0.0) + weight * stories[story_id].centroid[term]
                )
        shortlist = sorted(
            ((d / math.sqrt(stories[sid].norm2), sid) for sid, d in partial.items()),
            reverse=True,
        )
        exact: list[tuple[float, Story]] = []
        for _, story_id in shortlist:
            story = stories[story_id]
            if keep(story):
                exact.append((story.cosine(vec), story))
                if len(exact) >= 2 * cfg.candidates:
                    break
        exact.sort(key=lambda item: (-item[0], item[1].seq))
        return exact[: cfg.candidates]

    def _score_stories(self, vec: Vector, when: datetime | None) -> Iterator[tuple[str, float]]:
        cfg = self.config
        mix = cfg.member_mix
        for centroid_sim, story in self._nearest_stories(vec, lambda s: self._live(s, when)):
            closest = max(
                textvec.dot(vec, self._articles[m].vec) for m in story.members[-cfg.member_limit :]
            )
            score = (1 - mix) * centroid_sim + mix * closest
            yield story.id, score * self._decay(story, when, when)

    def _merge_pass(self, story: Story) -> str:
        """Merge ``story`` with live stories whose centroids are close; return survivor."""
        while True:
            unit = {t: w / math.sqrt(story.norm2) for t, w in story.centroid.items()}
            best: Story | None = None
            best_margin = 1.0
            for sim, other in self._nearest_stories(
                unit, lambda o, s=story: o.id != s.id and self._overlaps(s, o)
            ):
                sim *= self._decay(other, story.first, story.last)
                margin = sim / self._merge_threshold(story, other)
                if margin >= best_margin:
                    best, best_margin = other, margin
            if best is None:
                return story.id
            story = self._merge(story, best)

    def _decay(self, story: Story, first: datetime | None, last: datetime | None) -> float:
        """1 inside the story's time span, halving every ``half_life_hours`` outside it."""
        if first is None or last is None or story.first is None or story.last is None:
            return 1.0
        gap = max((story.first - last).total_seconds(), (first - story.last).total_seconds(), 0.0)
        return 0.5 ** (gap / 3600.0 / self.config.half_life_hours)

    def _join_threshold(self, story: Story) -> float:
        cfg = self.config
        share = story.short / len(story.members) if story.members else 0.0
        return share * cfg.short_threshold + (1.0 - share) * cfg.threshold

    def _merge_threshold(self, a: Story, b: Story) -> float:
        """Merging needs ``merge_factor`` times the join score of the kind of items held."""
        joint = 0.5 * (self._join_threshold(a) + self._join_threshold(b))
        return self.config.merge_factor * joint

    def _overlaps(self, a: Story, b: Story) -> bool:
        if a.first is None or b.first is None or a.last is None or b.last is None:
            return True
        window = timedelta(hours=self.config.window_hours)
        return a.first - window <= b.last and b.first - window <= a.last

    def _merge(self, a: Story, b: Story) -> Story:
        keep, gone = (a, b) if a.seq < b.seq else (b, a)
        d = textvec.dot(keep.centroid, gone.centroid)
        textvec.add_into(keep.centroid, gone.centroid)
        keep.norm2 += 2 * d + gone.norm2
        keep.members.extend(gone.members)
        keep.short += gone.short
        keep._stretch(gone.first, gone.last)
        for term in gone.centroid:
            postings = self._postings[term]
            postings.discard(gone.id)
            postings.add(keep.id)
        del self.stories[gone.id]
        self.merged_into[gone.id] = keep.id
        return keep


def _utc(when: datetime | None) -> datetime | None:
    if when is None:
        return None
    if when.tzinfo is None:
        return when.replace(tzinfo=UTC)
    return when.astimezone(UTC)


def article_from_json(record: dict[str, object]) -> ArticleIn:
    """An :class:`ArticleIn` from one line of the benchmark JSONL format."""
    published = record.get("published")
    return ArticleIn(
        id=str(record["id"]),
        title=str(record.get("title") or ""),
        text=str(record.get("text") or ""),
        published=datetime.fromisoformat(published) if isinstance(published, str) else None,
        source=str(record["source"]) if record.get("source") else None,
        lang=str(record["lang"]) if record.get("lang") else None,
    )


def assign_jsonl(
    lines: Iterable[str], out: TextIO, config: ClusterConfig | None = None
) -> StoryClusterer:
    """Cluster a JSONL stream of articles and print ``{"id", "story"}`` per article.

    Articles are processed one by one as they are read, but the lines are written once the
    stream ends, in input order, with each article's *final* story id: a later merge can
    retire a story id that an earlier line would otherwise have carried. Returns the
    clusterer, so a caller can go on to ask for related articles.
    """
    clusterer = StoryClusterer(config)
    order: list[str] = []
    for line in lines:
        if not line.strip():
            continue
        article = article_from_json(json.loads(line))
        clusterer.add(article)
        order.append(article.id)
    for article_id in order:
        out.write(json.dumps({"id": article_id, "story": clusterer.story_of(article_id)}) + "\n")
    return clusterer
