"""The clusterer's knobs, one story's and one article's state as plain data, and the
small time and language helpers of clustering.

:class:`ClusterConfig` holds every threshold and weight of
:class:`~broadsheet.understand.stories.StoryClusterer`; one configuration serves all input.

:class:`Story` is what :mod:`broadsheet.understand.stories` keeps per story: members,
the sum of their TF-IDF vectors and of their dense vectors, language, time span and how
many members were headline-only. It is written to and read from JSON-ready dicts; the
dense sum is stored exactly (float64), since the vectors of a long story's oldest members
may have been let go (:meth:`StoryClusterer.forget_old`). :class:`Member` is the same for
one article: its vectors, story, time and language.

:class:`Changes` is what changed since the clusterer's state was last saved: the rows to
write and delete, and the small head that is always written whole.
"""

from __future__ import annotations

import base64
import math
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np

from broadsheet.understand import embed, textvec
from broadsheet.understand.embed import Dense
from broadsheet.understand.textvec import VecConfig, Vector

NO_DENSE: Dense = np.zeros(0)


@dataclass(frozen=True, slots=True)
class ClusterConfig:
    """Knobs of the clusterer. One configuration serves every kind of input.

    With all four ``*_mix`` weights at 0 no dense vector is made and the model is never
    loaded: TF-IDF alone.
    """

    vec: VecConfig = field(default_factory=VecConfig)
    threshold: float = 0.30  # join score needed by an article with a full body
    merge_threshold: float = 0.56  # centroid similarity at which two such stories merge
    short_threshold: float = 0.24  # join score needed by a headline-only article
    short_merge_threshold: float = 0.16  # centroid similarity merging headline-only stories
    short_words: int = 16  # a text of at most this many words counts as headline-only
    long_words: int = 40  # one of at least this many as full; lengths between interpolate
    dated_title_weight: float = 2.0  # headline words' weight in dated articles (see add())
    embed_mix: float = 0.3  # weight of the dense cosine in the join score (dated articles)
    short_embed_mix: float = 0.3  # the same for headline-only articles
    merge_embed_mix: float = 0.2  # the same in the merge score (dated stories)
    related_mix: float = 0.5  # weight of the dense cosine when ranking related articles
    embed_words: int = 400  # body words embedded after the headline
    embed_langs: tuple[str, ...] = ("en",)  # languages given dense vectors (and unknown)
    half_life_hours: float = 24.0  # scores halve per this many hours outside a story's span
    window_hours: float = 72.0  # stories further than this in time are not considered
    member_mix: float = 0.5  # weight of the closest-member similarity against the story's
    member_limit: int = 40  # the closest-member search looks at this many latest members
    related_scan: int = 200  # related() compares this many latest members of a story
    candidates: int = 5  # stories scored in full per article
    probe_terms: int = 24  # heaviest terms used to find candidate stories
    related_floor: float = 0.2  # related() returns nothing from other stories below this
    lead_margin: float = 0.03  # lead() passes over the first member only by this much
    prune_every: int = 256  # drop stories past the window from the index this often
    retain_hours: float = 168.0  # forget_old() drops stories idle this long, and their articles

    @property
    def dense(self) -> bool:
        """Whether any score uses dense vectors."""
        return bool(
            self.embed_mix or self.short_embed_mix or self.merge_embed_mix or self.related_mix
        )


@dataclass(frozen=True, slots=True)
class ArticleIn:
    """What the clusterer needs to know about one article."""

    id: str
    title: str
    text: str
    published: datetime | None
    source: str | None
    lang: str | None = "en"


def article_from_json(record: dict[str, Any]) -> ArticleIn:
    """An :class:`ArticleIn` from one record of the benchmark JSONL format."""
    return ArticleIn(
        id=str(record["id"]),
        title=str(record.get("title") or ""),
        text=str(record.get("text") or ""),
        published=parse_time(record.get("published")),
        source=str(record["source"]) if record.get("source") else None,
        lang=str(record["lang"]) if record.get("lang") else None,
    )


@dataclass(slots=True)
class Story:
    """One story's state: plain lists and dicts, ready to be stored."""

    id: str
    seq: int  # creation order; the older story survives a merge
    lang: str | None = None
    members: list[str] = field(default_factory=list)
    centroid: dict[str, float] = field(default_factory=dict)  # sum of member unit vectors
    norm2: float = 0.0  # squared length of ``centroid``
    short: float = 0.0  # headline-only members (a member with a short body counts in part)
    first: datetime | None = None
    last: datetime | None = None
    dense: Dense = field(default_factory=lambda: NO_DENSE)  # sum of member dense vectors

    def cosine(self, vec: Vector) -> float:
        if self.norm2 <= 0:
            return 0.0
        return textvec.dot(vec, self.centroid) / math.sqrt(self.norm2)

    def dense_cosine(self, vec: Dense) -> float:
        """Cosine of the dense sum with ``vec``; 0 when either is missing."""
        if self.dense.size == 0 or vec.size == 0:
            return 0.0
        length = float(np.sqrt(self.dense @ self.dense))
        return float(self.dense @ vec) / length if length > 0 else 0.0

    def absorb(self, vec: Vector, article_id: str, when: datetime | None, dense: Dense) -> None:
        self._add_centroid(vec, textvec.dot(vec, vec))
        self.add_dense(dense)
        self.members.append(article_id)
        self.stretch(when, when)

    def absorb_story(self, other: Story) -> None:
        self._add_centroid(other.centroid, other.norm2)
        self.add_dense(other.dense)
        self.members.extend(other.members)
        self.short += other.short
        self.stretch(other.first, other.last)

    def add_dense(self, dense: Dense) -> None:
        """Add a dense vector to the sum (float64: float16 values add up exactly)."""
        if dense.size:
            self.dense = self.dense + dense if self.dense.size else dense.copy()

    def _add_centroid(self, vec: Vector, vec_norm2: float) -> None:
        cross = textvec.dot(vec, self.centroid)
        textvec.add_into(self.centroid, vec)
        self.norm2 += 2 * cross + vec_norm2

    def gap_hours(self, first: datetime | None, last: datetime | None) -> float | None:
        """Hours between the span ``first``..``last`` and the story's; None if undated."""
        if first is None or last is None or self.first is None or self.last is None:
            return None
        gap = max((self.first - last).total_seconds(), (first - self.last).total_seconds())
        return max(gap, 0.0) / 3600.0

    def stretch(self, first: datetime | None, last: datetime | None) -> None:
        if first is not None and (self.first is None or first < self.first):
            self.first = first
        if last is not None and (self.last is None or last > self.last):
            self.last = last

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "seq": self.seq,
            "lang": self.lang,
            "members": list(self.members),
            "centroid": dict(self.centroid),
            "norm2": self.norm2,
            "short": self.short,
            "first": iso(self.first),
            "last": iso(self.last),
            "dense": pack_sum(self.dense),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Story:
        return cls(
            id=str(data["id"]),
            seq=int(data["seq"]),
            lang=data.get("lang"),
            members=[str(m) for m in data["members"]],
            centroid={str(t): float(w) for t, w in data["centroid"].items()},
            norm2=float(data["norm2"]),
            short=float(data["short"]),
            first=parse_time(data.get("first")),
            last=parse_time(data.get("last")),
            dense=unpack_sum(data.get("dense")),
        )


@dataclass(slots=True)
class Member:
    """One article as the clusterer keeps it."""

    vec: Vector
    dense: Dense
    story: str  # the story it joined; resolve through ``merged_into`` for the current one
    published: datetime | None
    lang: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "vec": self.vec,
            "dense": embed.pack(self.dense),
            "story": self.story,
            "published": iso(self.published),
            "lang": self.lang,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Member:
        """A member as written by :meth:`to_dict`; one written before dense vectors
        existed loads with none."""
        vec = {str(t): float(w) for t, w in data["vec"].items()}
        packed = data.get("dense")
        dense = embed.unpack(packed) if isinstance(packed, str) and packed else NO_DENSE
        when = parse_time(data.get("published"))
        return cls(vec, dense, str(data["story"]), when, data.get("lang"))


@dataclass(slots=True)
class Changes:
    """What to write so that a saved state catches up with the clusterer: plain data.

    ``head`` (sequence, document frequencies, merge aliases) is always whole; stories
    and articles are rows keyed by id, to be written (created or changed) or deleted.
    An article row is written once, when the article arrives: its ``story`` is resolved
    through the head's ``merged_into`` when it is read back.
    """

    head: dict[str, Any]
    upsert_stories: dict[str, dict[str, Any]] = field(default_factory=dict)
    drop_stories: list[str] = field(default_factory=list)
    upsert_articles: dict[str, dict[str, Any]] = field(default_factory=dict)
    drop_articles: list[str] = field(default_factory=list)


def pack_sum(vec: Dense) -> str:
    """Base64 of a dense sum's float64 bytes (exact, unlike a member's float16)."""
    return base64.b64encode(vec.astype("<f8").tobytes()).decode("ascii")


def unpack_sum(text: object) -> Dense:
    if not isinstance(text, str) or not text:
        return NO_DENSE
    return np.frombuffer(base64.b64decode(text), dtype="<f8").copy()


def mixed(sparse: float, a: Dense, b: Dense, weight: float) -> float:
    """The TF-IDF cosine mixed with the dense one, or alone where a vector is missing."""
    if not weight or a.size == 0 or b.size == 0:
        return sparse
    return (1 - weight) * sparse + weight * float(a @ b)


def pair_decay(a: datetime | None, b: datetime | None, half_life_hours: float) -> float:
    """1 for two articles at the same time, halving every ``half_life_hours`` apart."""
    if a is None or b is None:
        return 1.0
    hours = abs((a - b).total_seconds()) / 3600.0
    return math.pow(0.5, hours / half_life_hours)


def same_lang(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def primary_lang(tag: str | None) -> str | None:
    """The primary language subtag, lower-cased: ``"en-GB"`` -> ``"en"``."""
    if not tag:
        return None
    return tag.replace("_", "-").split("-", 1)[0].strip().lower() or None


def utc(when: datetime | None) -> datetime | None:
    if when is None:
        return None
    if when.tzinfo is None:
        return when.replace(tzinfo=UTC)
    return when.astimezone(UTC)


def iso(when: datetime | None) -> str | None:
    return when.isoformat() if when is not None else None


def parse_time(text: object) -> datetime | None:
    return utc(datetime.fromisoformat(text)) if isinstance(text, str) and text else None
