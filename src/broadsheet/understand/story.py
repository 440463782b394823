"""One story's state as plain data, and the small time and language helpers of clustering.

:class:`Story` is what :mod:`broadsheet.understand.stories` keeps per story: members,
the sum of their TF-IDF vectors and of their dense vectors, language, time span and how
many members were headline-only. It is written to and read from JSON-ready dicts; the
dense sum is stored exactly (float64), since the vectors of a long story's oldest members
may have been let go (:meth:`StoryClusterer.forget_old`).
"""

from __future__ import annotations

import base64
import math
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np

from broadsheet.understand import textvec
from broadsheet.understand.embed import Dense
from broadsheet.understand.textvec import Vector

NO_DENSE: Dense = np.zeros(0)


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


def pack_sum(vec: Dense) -> str:
    """Base64 of a dense sum's float64 bytes (exact, unlike a member's float16)."""
    return base64.b64encode(vec.astype("<f8").tobytes()).decode("ascii")


def unpack_sum(text: object) -> Dense:
    if not isinstance(text, str) or not text:
        return NO_DENSE
    return np.frombuffer(base64.b64decode(text), dtype="<f8").copy()


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
