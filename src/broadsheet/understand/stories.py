"""Online story clustering: each article joins an existing story or starts one, as it arrives.

For every new article, in arrival order:

1. Headline and lead become a sparse TF-IDF vector (:mod:`textvec`), with document
   frequencies learned from the stream itself and the headline's words counted
   ``dated_title_weight`` times in a dated article; and, in the languages of ``embed_langs``,
   a dense vector of the headline and the first ``embed_words`` words (:mod:`embed`,
   WordLlama's packaged word embeddings).
2. Candidate stories are found through the postings of the article's heaviest terms,
   among stories in the same language whose time span is within ``window_hours``.
   Each is scored by the mean of two similarities, to the story as a whole and to its
   closest member, so that neither one similar copy nor a broad centroid decides alone.
   A similarity is the TF-IDF cosine, mixed with the dense cosine (``embed_mix``) when the
   article and the story both have a time. Dense vectors say what an article is about,
   not which event it reports: "a jewellery heist in Paris" fits two heists five years
   apart. Only within the time window does "about the same thing" come to mean "the same
   event", so an undated article is judged on its words alone. The score halves for
   every ``half_life_hours`` the article lies outside the story's span.
3. The article joins the best story scoring at least the join threshold, else starts a
   new one. Short texts carry less evidence and their cosines run lower: a text of at
   most ``short_words`` words (a headline alone) uses ``short_threshold`` and
   ``short_embed_mix``, one of at least ``long_words`` words uses ``threshold`` and
   ``embed_mix``, and lengths between interpolate.
4. The story that changed is compared with the other live stories; two whose centroids
   are close enough (``merge_threshold``, or ``short_merge_threshold`` for headline-only
   stories; mixed stories interpolate; dense cosines mixed in by ``merge_embed_mix``
   when both are dated) merge, the older id surviving. This joins two halves of one
   event once the evidence has accumulated.

Story ids are never reused. A merged-away id stays resolvable through ``merged_into``,
so :meth:`StoryClusterer.story_of` always answers with the current story.

:meth:`StoryClusterer.related` ranks by the TF-IDF cosine mixed with the dense cosine
(``related_mix``); articles of other stories must also pass ``related_floor`` on TF-IDF
alone, since a dense vector finds any two crime stories alike.

State is plain data (:meth:`StoryClusterer.state`): per story its member ids, centroid
term weights and squared norm, language, time span and headline-only count; per article
its term vector, its dense vector (base64 of float16, 684 characters), story id, time
and language; plus document frequencies and the merge aliases.
:meth:`StoryClusterer.from_state` resumes from it and computes what the writer would have.
To save it a batch at a time, :meth:`StoryClusterer.take_changes` gives what changed since
the last call (stories and articles as rows, and the small head) and
:meth:`StoryClusterer.from_parts` resumes from the rows.
"""

from __future__ import annotations

import heapq
import json
import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from datetime import datetime, timedelta
from operator import itemgetter
from typing import Any, TextIO

from broadsheet.understand import embed, textvec
from broadsheet.understand.embed import Dense, Embedder
from broadsheet.understand.story import (
    NO_DENSE,
    ArticleIn,
    Changes,
    ClusterConfig,
    Member,
    Story,
    article_from_json,
    mixed,
    pair_decay,
    primary_lang,
    same_lang,
    utc,
)
from broadsheet.understand.textvec import DocFreq, Vector

__all__ = [
    "ArticleIn",
    "Changes",
    "ClusterConfig",
    "Story",
    "StoryClusterer",
    "article_from_json",
    "assign_jsonl",
]


class StoryClusterer:
    """Assigns articles to stories one at a time, in arrival order. Deterministic.

    ``embedder`` makes the dense vectors; by default the packaged WordLlama model, loaded
    on the first article that needs one.
    """

    def __init__(
        self, config: ClusterConfig | None = None, *, embedder: Embedder | None = None
    ) -> None:
        self.config = config or ClusterConfig()
        self.docfreq = DocFreq()
        self.stories: dict[str, Story] = {}
        self.merged_into: dict[str, str] = {}  # retired story id -> the id that absorbed it
        self._embedder = embedder
        self._dated_vec = replace(self.config.vec, title_weight=self.config.dated_title_weight)
        self._articles: dict[str, Member] = {}
        self._postings: dict[str, set[str]] = {}  # term -> ids of stories still in the window
        self._indexed: set[str] = set()  # stories present in the postings
        self._seq = 0
        self._latest: datetime | None = None  # newest publication time seen
        # Since the last take_changes(): stories made or changed, and removed; articles
        # added, and let go.
        self._changed: set[str] = set()
        self._removed: set[str] = set()
        self._added: set[str] = set()
        self._dropped: set[str] = set()

    # -- public surface -------------------------------------------------------------

    def add(self, article: ArticleIn) -> str:
        """Place ``article`` in a story and return that story's id."""
        if article.id in self._articles:
            return self.story_of(article.id)
        cfg = self.config
        when = utc(article.published)
        # A dated headline weighs more, by the rule that lets dense vectors vote only
        # between dated articles: inside a time window, what an article is about (which
        # its headline says) says which event it reports; across years it does not.
        vec_config = cfg.vec if when is None else self._dated_vec
        terms = textvec.article_terms(article.title or "", article.text or "", vec_config)
        self.docfreq.add(terms)
        vec = textvec.weigh(terms, self.docfreq)
        lang = primary_lang(article.lang)
        dense = self._embed(article, lang)
        short = self._shortness(article)
        weight = short * cfg.short_embed_mix + (1 - short) * cfg.embed_mix
        best: Story | None = None
        best_score = short * cfg.short_threshold + (1 - short) * cfg.threshold
        for story, score in self._score_stories(vec, dense, when, lang, weight):
            if score >= best_score:
                best, best_score = story, score
        story = best or self._new_story(lang)
        story.absorb(vec, article.id, when, dense)
        story.short += short
        self._index(story, vec)
        self._articles[article.id] = Member(vec, dense, story.id, when, lang)
        self._changed.add(story.id)
        self._added.add(article.id)
        self._dropped.discard(article.id)
        if when is not None and (self._latest is None or when > self._latest):
            self._latest = when
        if len(self._articles) % cfg.prune_every == 0:
            self._prune()
        return self._merge_pass(story)

    def current(self, story_id: str) -> str:
        """The story ``story_id`` is now: itself, or the story it merged into."""
        return self._resolve(story_id)

    def story_of(self, article_id: str) -> str:
        """The story ``article_id`` belongs to now, after any merges."""
        member = self._articles[article_id]
        member.story = self._resolve(member.story)
        return member.story

    def lead(self, story_id: str) -> str:
        """The member that best stands for the story, whose headline titles it.

        That is the story's first member, unless another of its latest ``member_limit``
        is closer to the story as a whole (TF-IDF and dense cosines to its sums, mixed by
        ``related_mix``) by ``lead_margin`` or more: the first report is often a side
        angle (the evacuation centre, not the fire), but a near tie is no reason to
        retitle a story.
        """
        story = self.stories[self._resolve(story_id)]

        def centrality(member_id: str) -> float:
            return self._centrality(story, member_id)

        first = story.members[0]
        best = max(story.members[-self.config.member_limit :], key=centrality)  # earliest of equals
        margin = self.config.lead_margin
        return best if centrality(best) >= centrality(first) + margin else first

    def _centrality(self, story: Story, member_id: str) -> float:
        member = self._articles.get(member_id)
        if member is None:  # let go by forget_old(): it cannot be compared
            return -math.inf
        sim = story.cosine(member.vec)
        w = self.config.related_mix
        if w and member.dense.size and story.dense.size:
            sim = (1 - w) * sim + w * story.dense_cosine(member.dense)
        return sim

    def related(self, article_id: str, k: int = 5) -> list[tuple[str, float]]:
        """Up to ``k`` other article ids with scores, best first.

        Same-story coverage comes first, ranked by similarity (TF-IDF and dense cosines
        mixed by ``related_mix``, halved per ``half_life_hours`` apart in time); then
        members of other stories close to the article, and only those whose TF-IDF
        cosine (so halved) reaches ``related_floor``: never unrelated filler. A story's
        latest ``related_scan`` members are the ones compared.
        """
        member = self._articles[article_id]
        home = self.stories[self.story_of(article_id)]
        latest = home.members[-self.config.related_scan :]
        same = self._rank(member, (m for m in latest if m != article_id), 0.0)
        if len(same) >= k:
            return same[:k]
        return (same + self._elsewhere(member, home))[:k]

    def related_elsewhere(self, article_id: str, k: int = 5) -> list[tuple[str, float]]:
        """Up to ``k`` articles of other stories close to this one (the second part of
        :meth:`related`), best first."""
        member = self._articles[article_id]
        return self._elsewhere(member, self.stories[self.story_of(article_id)])[:k]

    def _elsewhere(self, member: Member, home: Story) -> list[tuple[str, float]]:
        floor = self.config.related_floor
        # Stories past the window are out of the index; an old article scans its own time.
        scan = None if home.id in self._indexed else self._stories_around(member.published)
        near = [
            story
            for story, score in self._score_stories(
                member.vec, NO_DENSE, member.published, member.lang, 0.0, scan=scan
            )
            if story is not home and score >= floor
        ]
        limit = self.config.related_scan
        return self._rank(member, (m for story in near for m in story.members[-limit:]), floor)

    def state(self) -> dict[str, Any]:
        """Everything needed to resume, as JSON-ready plain data."""
        return {
            **self._head(),
            "stories": [story.to_dict() for story in self.stories.values()],
            "articles": {article_id: m.to_dict() for article_id, m in self._articles.items()},
        }

    def _head(self) -> dict[str, Any]:
        return {
            "seq": self._seq,
            "docs": self.docfreq.docs,
            "df": dict(self.docfreq.df),
            "merged_into": dict(self.merged_into),
        }

    def take_changes(self) -> Changes:
        """What changed since the last call (or since the clusterer was made or loaded):
        the stories created or changed and those removed, the articles added and those
        let go, and the head. Writing these over the rows of the previous save gives the
        rows of :meth:`state`; the rows written follow the batch, not the whole state."""
        changes = Changes(
            head=self._head(),
            upsert_stories={sid: self.stories[sid].to_dict() for sid in sorted(self._changed)},
            drop_stories=sorted(self._removed),
            upsert_articles={aid: self._articles[aid].to_dict() for aid in sorted(self._added)},
            drop_articles=sorted(self._dropped),
        )
        for pending in (self._changed, self._removed, self._added, self._dropped):
            pending.clear()
        return changes

    def mark_all_changed(self) -> None:
        """Make the next :meth:`take_changes` give every story and article (to move a
        state to another store, or to rows from one JSON document)."""
        self._changed.update(self.stories)
        self._added.update(self._articles)

    @classmethod
    def from_state(
        cls,
        state: dict[str, Any],
        config: ClusterConfig | None = None,
        *,
        embedder: Embedder | None = None,
    ) -> StoryClusterer:
        """A clusterer that continues where the one that wrote ``state`` stopped.

        Stories past the time window are left out of the index at once, where the writer
        drops them every ``prune_every`` articles; otherwise the two behave the same.
        A state written before dense vectors existed loads with none for its articles.
        """
        return cls.from_parts(state, state["stories"], state["articles"], config, embedder=embedder)

    @classmethod
    def from_parts(
        cls,
        head: dict[str, Any],
        stories: Iterable[dict[str, Any]],
        articles: dict[str, dict[str, Any]],
        config: ClusterConfig | None = None,
        *,
        embedder: Embedder | None = None,
    ) -> StoryClusterer:
        """The clusterer of :meth:`from_state`, from the head and the rows that
        :meth:`take_changes` gave (an article's story is resolved through the aliases)."""
        clusterer = cls(config, embedder=embedder)
        clusterer._seq = int(head["seq"])
        clusterer.docfreq = DocFreq(
            int(head["docs"]), {str(t): int(n) for t, n in head["df"].items()}
        )
        clusterer.merged_into = {str(a): str(b) for a, b in head["merged_into"].items()}
        for data in sorted(stories, key=itemgetter("seq")):  # in order of creation
            story = Story.from_dict(data)
            clusterer.stories[story.id] = story
            clusterer._index(story, story.centroid)
        members = clusterer._articles
        for article_id, data in articles.items():
            member = members[article_id] = Member.from_dict(data)
            member.story = clusterer._resolve(member.story)
            when = member.published
            if when is not None and (clusterer._latest is None or when > clusterer._latest):
                clusterer._latest = when
        for story in clusterer.stories.values():
            if story.dense.size == 0:  # a state written before stories kept their sum
                for member_id in story.members:
                    if member_id in members:
                        story.add_dense(members[member_id].dense)
        clusterer._prune()
        return clusterer

    # -- scoring --------------------------------------------------------------------

    def _score_stories(
        self,
        vec: Vector,
        dense: Dense,
        when: datetime | None,
        lang: str | None,
        weight: float,
        *,
        scan: list[Story] | None = None,
    ) -> Iterator[tuple[Story, float]]:
        """Candidate stories with their join scores (see the module doc).

        ``weight`` is the share of the dense cosine in each similarity; it counts only
        where the article and the story are both dated.
        """
        cfg = self.config
        mix = cfg.member_mix
        articles = self._articles

        def usable(story: Story) -> bool:
            return same_lang(story.lang, lang) and self._in_window(story, when, when)

        for sparse_sim, story in self._nearest_stories(vec, usable, scan=scan):
            centroid_sim = sparse_sim
            w = weight if when is not None and story.first is not None else 0.0
            closest = max(
                mixed(textvec.dot(vec, articles[m].vec), dense, articles[m].dense, w)
                for m in story.members[-cfg.member_limit :]
            )
            if w and dense.size and story.dense.size:
                centroid_sim = (1 - w) * centroid_sim + w * story.dense_cosine(dense)
            score = (1 - mix) * centroid_sim + mix * closest
            yield story, score * self._decay(story, when, when)

    def _nearest_stories(
        self,
        vec: Vector,
        usable: Callable[[Story], bool],
        *,
        scan: list[Story] | None = None,
        length: float = 1.0,
    ) -> list[tuple[float, Story]]:
        """The usable stories closest to ``vec`` (of norm ``length``) by centroid cosine.

        Candidates come from the postings of the ``probe_terms`` heaviest terms of
        ``vec`` (cheap, approximate); the best of them are then scored exactly. With
        ``scan``, exactly those stories are scored instead. Best first.
        """
        cfg = self.config
        if scan is not None:
            scored = [(story.cosine(vec) / length, story) for story in scan if usable(story)]
            scored.sort(key=lambda item: (-item[0], item[1].seq))
            return scored[: cfg.candidates]
        heavy = heapq.nlargest(cfg.probe_terms, vec.items(), key=itemgetter(1))
        stories = self.stories
        partial: dict[str, float] = {}
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
            if usable(story):
                exact.append((story.cosine(vec) / length, story))
                if len(exact) >= 2 * cfg.candidates:
                    break
        exact.sort(key=lambda item: (-item[0], item[1].seq))
        return exact[: cfg.candidates]

    def _rank(self, member: Member, others: Iterable[str], floor: float) -> list[tuple[str, float]]:
        """``others`` by mixed similarity, keeping those whose TF-IDF part reaches ``floor``."""
        mix = self.config.related_mix
        scored = []
        for other_id in others:
            other = self._articles[other_id]
            decay = pair_decay(member.published, other.published, self.config.half_life_hours)
            sparse = textvec.dot(member.vec, other.vec)
            if sparse * decay >= floor:
                scored.append((other_id, mixed(sparse, member.dense, other.dense, mix) * decay))
        scored.sort(key=lambda item: (-item[1], item[0]))
        return scored

    # -- time -----------------------------------------------------------------------

    def _in_window(self, story: Story, first: datetime | None, last: datetime | None) -> bool:
        gap = story.gap_hours(first, last)
        return gap is None or gap <= self.config.window_hours

    def _decay(self, story: Story, first: datetime | None, last: datetime | None) -> float:
        """1 inside the story's time span, halving every ``half_life_hours`` outside it."""
        gap = story.gap_hours(first, last)
        return 1.0 if gap is None else math.pow(0.5, gap / self.config.half_life_hours)

    # -- bookkeeping ----------------------------------------------------------------

    def _embed(self, article: ArticleIn, lang: str | None) -> Dense:
        """The article's dense vector, or none (language not covered, or not wanted)."""
        cfg = self.config
        if not cfg.dense or (lang is not None and lang not in cfg.embed_langs):
            return NO_DENSE
        if self._embedder is None:
            self._embedder = embed.wordllama()
        words = (article.text or "").split()[: cfg.embed_words]
        return self._embedder.embed(f"{article.title or ''}\n{' '.join(words)}")

    def _shortness(self, article: ArticleIn) -> float:
        """1 for a headline-length text, 0 for a full one, between for a few lines."""
        cfg = self.config
        title = (article.title or "").split()
        body = (article.text or "").split()
        words = len(title) + len(body)
        if words <= cfg.short_words:
            return 1.0
        if words >= cfg.long_words:
            return 0.0
        return (cfg.long_words - words) / (cfg.long_words - cfg.short_words)

    def _stories_around(self, when: datetime | None) -> list[Story]:
        return [story for story in self.stories.values() if self._in_window(story, when, when)]

    def _resolve(self, story_id: str) -> str:
        while story_id in self.merged_into:
            story_id = self.merged_into[story_id]
        return story_id

    def _new_story(self, lang: str | None) -> Story:
        self._seq += 1
        story = Story(id=f"s{self._seq}", seq=self._seq, lang=lang)
        self.stories[story.id] = story
        return story

    def _index(self, story: Story, terms: Iterable[str]) -> None:
        self._indexed.add(story.id)
        for term in terms:
            self._postings.setdefault(term, set()).add(story.id)

    def _unindex(self, story: Story) -> None:
        self._indexed.discard(story.id)
        for term in story.centroid:
            postings = self._postings.get(term)
            if postings is not None:
                postings.discard(story.id)
                if not postings:
                    del self._postings[term]

    def _prune(self) -> None:
        """Take stories that can no longer take articles out of the index."""
        latest = self._latest
        if latest is None:
            return
        horizon = latest - timedelta(hours=self.config.window_hours)
        for story_id in sorted(self._indexed):
            story = self.stories[story_id]
            if story.last is not None and story.last < horizon:
                self._unindex(story)

    def forget_old(self) -> int:
        """Let go of what no new article can need; returns how many stories were dropped.

        Stories with no article in the last ``retain_hours`` (before the newest article
        seen) go, with their articles and the aliases into them: they can take no more
        articles, merge with none and be related to no new one (all of which look
        ``window_hours`` back at most). A long story keeps the vectors of its latest
        ``related_scan`` members only, the ones joins and related() compare. So a
        long-running pipeline keeps a state the size of a week of news, not of its whole
        history; ``story_of`` and ``related`` no longer know the articles let go.
        """
        cfg = self.config
        keep = max(cfg.related_scan, cfg.member_limit)
        for story in self.stories.values():
            for member_id in story.members[:-keep]:
                self._let_go(member_id)
        if self._latest is None:
            return 0
        horizon = self._latest - timedelta(hours=max(cfg.retain_hours, cfg.window_hours))
        old = [s for s in self.stories.values() if s.last is not None and s.last < horizon]
        for story in old:
            self._unindex(story)
            for member_id in story.members:
                self._let_go(member_id)
            self._remove(story)
        if old:
            self.merged_into = {
                alias: target
                for alias, target in self.merged_into.items()
                if self._resolve(target) in self.stories
            }
        return len(old)

    def _let_go(self, article_id: str) -> None:
        if self._articles.pop(article_id, None) is not None:
            self._added.discard(article_id)
            self._dropped.add(article_id)

    def _remove(self, story: Story) -> None:
        del self.stories[story.id]
        self._changed.discard(story.id)
        self._removed.add(story.id)

    def _merge_pass(self, story: Story) -> str:
        """Merge ``story`` with close live stories, repeatedly; return the survivor's id."""
        while True:

            def usable(other: Story, story: Story = story) -> bool:
                return (
                    other is not story
                    and same_lang(other.lang, story.lang)
                    and self._in_window(other, story.first, story.last)
                )

            best: Story | None = None
            best_margin = 1.0
            length = math.sqrt(story.norm2)
            for sparse_sim, other in self._nearest_stories(story.centroid, usable, length=length):
                sim = self._with_dense(sparse_sim, story, other)
                decayed = sim * self._decay(other, story.first, story.last)
                margin = decayed / self._merge_threshold(story, other)
                if margin >= best_margin:
                    best, best_margin = other, margin
            if best is None:
                return story.id
            story = self._merge(story, best)

    def _with_dense(self, sim: float, a: Story, b: Story) -> float:
        """The centroid cosine ``sim`` of two stories, mixed with their dense cosine."""
        w = self.config.merge_embed_mix
        if not w or a.first is None or b.first is None or not (a.dense.size and b.dense.size):
            return sim
        length = math.sqrt(float(a.dense @ a.dense) * float(b.dense @ b.dense))
        dense_sim = float(a.dense @ b.dense) / length if length > 0 else 0.0
        return (1 - w) * sim + w * dense_sim

    def _merge_threshold(self, a: Story, b: Story) -> float:
        """The merge similarity for the kind of articles the two stories hold."""
        cfg = self.config
        short = (a.short + b.short) / (len(a.members) + len(b.members))
        return short * cfg.short_merge_threshold + (1 - short) * cfg.merge_threshold

    def _merge(self, a: Story, b: Story) -> Story:
        keep, gone = (a, b) if a.seq < b.seq else (b, a)
        self._unindex(gone)
        keep.absorb_story(gone)
        self._index(keep, gone.centroid)
        self._remove(gone)
        self._changed.add(keep.id)
        self.merged_into[gone.id] = keep.id
        return keep


def assign_jsonl(
    lines: Iterable[str], out: TextIO, config: ClusterConfig | None = None
) -> StoryClusterer:
    """Cluster a JSONL stream of articles; write ``{"id": ..., "story": ...}`` per article.

    Articles are clustered one by one as the lines are read, but the output is written
    when the input ends, one line per article in input order, with each article's
    *final* story id: a merge late in the stream may retire an id that an early article
    was first given, and printing as we go would leave such lines stale. Returns the
    clusterer, so that a caller can go on to ask for related articles.
    """
    clusterer = StoryClusterer(config)
    order: list[str] = []
    for line in lines:
        if line.strip():
            article = article_from_json(json.loads(line))
            clusterer.add(article)
            order.append(article.id)
    for article_id in order:
        out.write(json.dumps({"id": article_id, "story": clusterer.story_of(article_id)}) + "\n")
    return clusterer
