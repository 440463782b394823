"""A story's brief: a short neutral roundup extracted from the articles that tell it.

Each article is split into sentences (:mod:`.sentences`); every candidate sentence is
scored by how central it is to the story (TF-IDF cosine to the centroid of all sentences
and of the headlines, a lead prior) and, above all, by how much *other* outlets say the
same thing: what several outlets agree on is what an editor's neutral roundup keeps, what
only one says is that outlet's angle. Agreement is measured twice: per sentence (its best
match in each other article) and per word (content words and word pairs that other
articles also use, counted once across the brief, so each pick adds new common ground).

Sentences are picked greedily up to a word budget. "Says the same thing" has one
definition, a TF-IDF cosine of at least ``cite_threshold``: a sentence cites every article
holding such a match, and a candidate that close to a chosen sentence is not repeated
(the chosen one cites its article instead). ``perspectives`` lists, per source, the best
sentences that no other source says. Everything shown is a source sentence or a trimmed
one (:mod:`.trim`); figures on the NeuS/AllSides roundups are in ``benchmarks/briefs.py``.

``digest_story`` is what a story page shows beyond its articles: the brief of (at most
``BRIEF_ARTICLES`` of) the story's articles, the perspectives, and ``key_players``, the
people, organisations and places its articles name, counted by the articles naming them.
"""

from __future__ import annotations

import itertools
import json
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TextIO

from broadsheet.understand import lexical, trim
from broadsheet.understand.sentences import split_sentences


@dataclass(frozen=True, slots=True)
class BriefInput:
    """One article of a story, as the brief needs it."""

    id: str
    title: str
    text: str
    source: str | None = None
    published: datetime | None = None


@dataclass(frozen=True, slots=True)
class BriefSentence:
    """A sentence of a brief and the ids of the articles that say it."""

    text: str
    citations: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class StoryBrief:
    sentences: tuple[BriefSentence, ...]
    perspectives: dict[str, tuple[BriefSentence, ...]]


@dataclass(frozen=True, slots=True)
class BriefConfig:
    """Weights of the sentence score. The defaults are the shipped configuration."""

    word_budget: int = 50  # stop adding sentences once the brief has this many words
    centroid_weight: float = 1.0  # cosine to the centroid of all sentences
    agreement_weight: float = 1.0  # mean best match in each other article
    title_weight: float = 0.5  # cosine to the centroid of the headlines
    lead_weight: float = 0.3  # bonus for an article's first sentence, fading after
    consensus_weight: float = 0.5  # new words/bigrams other articles share, per sqrt(word)
    quote_penalty: float = 0.3  # per unit share of the sentence inside quotation marks
    voice_penalty: float = 0.2  # first person outside quotes: an unmarked quote or opinion
    cite_threshold: float = 0.25  # cosine at which another article "says the same thing"
    min_words: int = 6  # shorter sentences are fragments or captions
    max_words: int = 60  # longer ones are run-ons that would eat the whole budget
    lead_sentences: int = 30  # only an article's first sentences are candidates


@dataclass(slots=True)
class _Candidate:
    article: int
    position: int
    text: str
    words: int
    vec: lexical.Vector
    concepts: frozenset[str] = frozenset()
    score: float = 0.0


def _candidates(articles: Sequence[BriefInput], config: BriefConfig) -> list[_Candidate]:
    """Each article's usable sentences, trimmed; its headline when its body has none."""
    out: list[_Candidate] = []
    for a, article in enumerate(articles):
        found = False
        for sentence in split_sentences(article.text)[: config.lead_sentences]:
            text = trim.trim(sentence.text)
            n = len(text.split())
            if n < config.min_words or n > config.max_words or text.endswith("?"):
                continue
            if trim.is_boilerplate(text):
                continue
            out.append(_Candidate(a, sentence.index, text, n, {}))
            found = True
        title = article.title.strip()
        if not found and title:
            out.append(_Candidate(a, 0, title, len(title.split()), {}))
    return out


def _best_match(vec: lexical.Vector, others: Iterable[lexical.Vector]) -> float:
    return max((lexical.cosine(vec, o) for o in others), default=0.0)


def _score(
    cands: list[_Candidate], articles: Sequence[BriefInput], config: BriefConfig
) -> dict[int, list[lexical.Vector]]:
    """Fill each candidate's vector and score; return each article's vectors (headline too)."""
    bags = [lexical.content_words(c.text) for c in cands]
    titles = [lexical.content_words(a.title) for a in articles]
    idf = lexical.idf_table([*bags, *titles])
    by_article: dict[int, list[lexical.Vector]] = {a: [] for a in range(len(articles))}
    for cand, bag in zip(cands, bags, strict=True):
        cand.vec = lexical.tfidf(bag, idf)
        by_article[cand.article].append(cand.vec)
    for a, title in enumerate(titles):
        if title:
            by_article[a].append(lexical.tfidf(title, idf))
    for cand, bag in zip(cands, bags, strict=True):
        cand.concepts = _concepts(bag)
    center = lexical.centroid(c.vec for c in cands)
    headline = lexical.centroid(lexical.tfidf(t, idf) for t in titles)
    n_other = max(1, len(articles) - 1)
    for cand in cands:
        agreement = sum(
            _best_match(cand.vec, vecs) for a, vecs in by_article.items() if a != cand.article
        )
        cand.score = (
            config.centroid_weight * lexical.cosine(cand.vec, center)
            + config.agreement_weight * agreement / n_other
            + config.title_weight * lexical.cosine(cand.vec, headline)
            + config.lead_weight / (1 + cand.position)
            - config.quote_penalty * trim.quoted_share(cand.text)
            - config.voice_penalty * trim.first_person(cand.text)
        )
    return by_article


def _concepts(bag: Sequence[str]) -> frozenset[str]:
    """Content words and adjacent content-word pairs: the facts a sentence states."""
    return frozenset([*bag, *(f"{a} {b}" for a, b in itertools.pairwise(bag))])


def _consensus(cands: list[_Candidate], articles: Sequence[BriefInput]) -> dict[str, float]:
    """Per concept, the share of the *other* articles that also state it (headline included)."""
    per_article: list[set[str]] = [set(_concepts(lexical.content_words(a.title))) for a in articles]
    for cand in cands:
        per_article[cand.article] |= cand.concepts
    counts: dict[str, int] = {}
    for concepts in per_article:
        for concept in concepts:
            counts[concept] = counts.get(concept, 0) + 1
    others = max(1, len(articles) - 1)
    return {concept: (n - 1) / others for concept, n in counts.items() if n > 1}


def _select(
    cands: list[_Candidate],
    articles: Sequence[BriefInput],
    max_sentences: int,
    config: BriefConfig,
) -> list[_Candidate]:
    """Greedy: best score plus newly covered consensus; no repeats of what is chosen."""
    consensus = _consensus(cands, articles)
    chosen: list[_Candidate] = []
    covered: set[str] = set()
    pool = list(cands)
    words = 0

    def gain(c: _Candidate) -> tuple[float, int, int]:
        new = sum(consensus.get(k, 0.0) for k in c.concepts - covered) / math.sqrt(c.words)
        return (c.score + config.consensus_weight * new, -c.article, -c.position)

    while pool and len(chosen) < max_sentences and words < config.word_budget:
        best = max(pool, key=gain)
        chosen.append(best)
        covered |= best.concepts
        words += best.words
        # What says the same as a chosen sentence is cited by it, not repeated.
        pool = [
            c
            for c in pool
            if c is not best and lexical.cosine(c.vec, best.vec) < config.cite_threshold
        ]
    return chosen


def _citations(
    cand: _Candidate,
    articles: Sequence[BriefInput],
    by_article: dict[int, list[lexical.Vector]],
    config: BriefConfig,
) -> tuple[str, ...]:
    others = [
        articles[a].id
        for a, vecs in by_article.items()
        if a != cand.article and _best_match(cand.vec, vecs) >= config.cite_threshold
    ]
    return tuple(dict.fromkeys((articles[cand.article].id, *others)))


def _source_key(article: BriefInput) -> str:
    return article.source or article.id


def _perspectives(
    cands: list[_Candidate],
    chosen: list[_Candidate],
    articles: Sequence[BriefInput],
    by_article: dict[int, list[lexical.Vector]],
    config: BriefConfig,
) -> dict[str, tuple[BriefSentence, ...]]:
    """Per source, its best sentences (at most two) that no other source says."""
    picked = {id(c) for c in chosen}
    out: dict[str, tuple[BriefSentence, ...]] = {}
    sources = [_source_key(a) for a in articles]
    if len(set(sources)) < 2:
        return out
    for source in dict.fromkeys(sources):
        others = [v for a, vecs in by_article.items() if sources[a] != source for v in vecs]
        own = [
            c
            for c in cands
            if sources[c.article] == source
            and id(c) not in picked
            and _best_match(c.vec, others) < config.cite_threshold
        ]
        own.sort(key=lambda c: (-c.score, c.article, c.position))
        out[source] = tuple(
            BriefSentence(c.text, (articles[c.article].id,)) for c in _diverse(own, 2, config)
        )
    return out


def _diverse(cands: list[_Candidate], k: int, config: BriefConfig) -> list[_Candidate]:
    kept: list[_Candidate] = []
    for cand in cands:
        if len(kept) == k:
            break
        if _best_match(cand.vec, [c.vec for c in kept]) < config.cite_threshold:
            kept.append(cand)
    return kept


def brief_story(
    articles: Sequence[BriefInput], *, max_sentences: int = 5, config: BriefConfig | None = None
) -> StoryBrief:
    """A brief of at most ``max_sentences`` sentences, each citing the articles that say it.

    Article ids should be unique; a source of ``None`` counts as a source of its own.
    """
    config = config or BriefConfig()
    cands = _candidates(articles, config)
    if not cands:
        return StoryBrief((), {})
    by_article = _score(cands, articles, config)
    chosen = _select(cands, articles, max_sentences, config)
    order = sorted(chosen, key=lambda c: (c.position, _published_rank(articles, c.article)))
    sentences = tuple(
        BriefSentence(c.text, _citations(c, articles, by_article, config)) for c in order
    )
    return StoryBrief(sentences, _perspectives(cands, chosen, articles, by_article, config))


# --- a story's digest: the brief, the perspectives and the key players -------------------

BRIEF_ARTICLES = 12  # a brief reads at most this many articles of a story
KEY_PLAYERS = 12
KEY_PLAYER_KINDS = ("person", "organisation", "place")


@dataclass(frozen=True, slots=True)
class Named:
    """An entity as one article's stored insights name it."""

    key: str  # "person:maria-okafor"
    name: str
    kind: str
    mentions: int = 1


@dataclass(frozen=True, slots=True)
class KeyPlayer:
    key: str
    name: str
    kind: str
    articles: int  # the story's articles that name it
    mentions: int  # its mentions across them


@dataclass(frozen=True, slots=True)
class StoryDigest:
    brief: StoryBrief
    key_players: tuple[KeyPlayer, ...]
    briefed: tuple[str, ...]  # the ids of the articles the brief read

    def to_json(self) -> dict[str, Any]:
        return {
            "brief": [_sentence_json(s) for s in self.brief.sentences],
            "perspectives": [
                {"source": source, "sentences": [_sentence_json(s) for s in sentences]}
                for source, sentences in self.brief.perspectives.items()
                if sentences
            ],
            "key_players": [
                {
                    "key": p.key,
                    "name": p.name,
                    "kind": p.kind,
                    "articles": p.articles,
                    "mentions": p.mentions,
                }
                for p in self.key_players
            ],
            "briefed": list(self.briefed),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> StoryDigest:
        perspectives = {
            str(p["source"]): tuple(_sentence_of(s) for s in p["sentences"])
            for p in data.get("perspectives", [])
        }
        return cls(
            brief=StoryBrief(tuple(_sentence_of(s) for s in data.get("brief", [])), perspectives),
            key_players=tuple(
                KeyPlayer(p["key"], p["name"], p["kind"], int(p["articles"]), int(p["mentions"]))
                for p in data.get("key_players", [])
            ),
            briefed=tuple(str(i) for i in data.get("briefed", [])),
        )


def _sentence_json(sentence: BriefSentence) -> dict[str, Any]:
    return {"text": sentence.text, "citations": list(sentence.citations)}


def _sentence_of(data: Mapping[str, Any]) -> BriefSentence:
    return BriefSentence(str(data["text"]), tuple(str(c) for c in data["citations"]))


def key_players(
    named: Iterable[Sequence[Named]],
    *,
    limit: int = KEY_PLAYERS,
    kinds: Sequence[str] = KEY_PLAYER_KINDS,
) -> list[KeyPlayer]:
    """The people, organisations and places a story's articles name, most widely named first.

    ``named`` holds one list per article; an entity counts once per article that names
    it, then by its mentions. Its name is the one most articles use (the longest on a tie).
    """
    articles: Counter[str] = Counter()
    mentions: Counter[str] = Counter()
    names: dict[str, Counter[str]] = {}
    kind_of: dict[str, str] = {}
    for found in named:
        wanted = [n for n in found if n.kind in kinds]
        articles.update({n.key for n in wanted})
        for n in wanted:
            mentions[n.key] += max(1, n.mentions)
            names.setdefault(n.key, Counter())[n.name] += 1
            kind_of.setdefault(n.key, n.kind)
    ranked = sorted(articles, key=lambda k: (-articles[k], -mentions[k], k))[:limit]
    return [
        KeyPlayer(
            key=key,
            name=max(names[key].items(), key=lambda item: (item[1], len(item[0]), item[0]))[0],
            kind=kind_of[key],
            articles=articles[key],
            mentions=mentions[key],
        )
        for key in ranked
    ]


def pick_for_brief(
    sources: Sequence[str], copies: Sequence[bool], limit: int = BRIEF_ARTICLES
) -> list[int]:
    """Which of a story's articles (first report first) its brief reads, as indices.

    Syndicated copies are left out (a copy would count as another outlet agreeing);
    then each outlet's first report, then the newest others, up to ``limit``.
    """
    own = [i for i, copy in enumerate(copies) if not copy]
    if len(own) <= limit:
        return own
    picked: set[int] = set()
    seen: set[str] = set()
    for i in own:
        if len(picked) < limit and sources[i] not in seen:
            seen.add(sources[i])
            picked.add(i)
    for i in reversed(own):
        if len(picked) >= limit:
            break
        picked.add(i)
    return sorted(picked)


def digest_story(briefed: Sequence[BriefInput], named: Iterable[Sequence[Named]]) -> StoryDigest:
    """What a story page shows beyond its articles: a brief of ``briefed`` whose sentences
    cite the articles that say them, each outlet's own angle, and the key players among
    the entities ``named`` (one list per article of the story, copies left out)."""
    return StoryDigest(
        brief_story(briefed), tuple(key_players(named)), tuple(a.id for a in briefed)
    )


def _published_rank(articles: Sequence[BriefInput], index: int) -> tuple[float, int]:
    when = articles[index].published
    return (when.timestamp() if when else float("inf"), index)


def _parse_published(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def brief_jsonl(lines: Iterable[str], out: TextIO) -> None:
    """Brief every story of a summaries-benchmark JSONL stream, one JSON line per story.

    Input lines hold ``cluster_id`` and ``articles`` (``title``, ``text``, optional ``id``,
    ``source``, ``published``); output lines hold ``cluster_id``, ``summary`` (the brief's
    sentences joined by a space) and ``citations`` (per sentence, the cited articles: their
    ``id`` where the input gave one, else their index in ``articles``).
    """
    for line in lines:
        if not line.strip():
            continue
        record = json.loads(line)
        inputs: list[BriefInput] = []
        labels: dict[str, str | int] = {}
        for i, art in enumerate(record.get("articles") or []):
            given = art.get("id")
            key = str(given) if given is not None else str(i)
            labels[key] = str(given) if given is not None else i
            inputs.append(
                BriefInput(
                    id=key,
                    title=str(art.get("title") or ""),
                    text=str(art.get("text") or ""),
                    source=str(art["source"]) if art.get("source") else None,
                    published=_parse_published(art.get("published")),
                )
            )
        brief = brief_story(inputs)
        row = {
            "cluster_id": record.get("cluster_id"),
            "summary": " ".join(s.text for s in brief.sentences),
            "citations": [[labels[c] for c in s.citations] for s in brief.sentences],
        }
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
