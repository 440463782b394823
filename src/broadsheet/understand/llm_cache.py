"""Where LLM results are kept, so a model writes each one once per article version.

A result is keyed by what it is about (``article:12`` or ``story:7``), that subject's
version, the feature (``summary``, ``brief``, ``qa:<hash of the question>``) and the
model. A lookup with another version is a miss, and storing replaces the older version,
so an edited article is summarised again and nothing stale is ever shown.

:class:`ResultCache` is the interface; :class:`MemoryCache` keeps results in this process
and ``broadsheet.store.llm_cache.StoreCache`` in the database, shared by every process.
Results are stored as JSON: the encoders here turn the features' results into plain data
and back.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from broadsheet.understand.brief import BriefSentence, StoryBrief
from broadsheet.understand.qa import Answer
from broadsheet.understand.summarize import ArticleSummary, Cited


@dataclass(frozen=True, slots=True)
class Subject:
    """What a result is about and which version of it."""

    kind: str  # "article" | "story"
    id: int
    version: str

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.id}"

    @classmethod
    def article(cls, article_id: int, version: int) -> Subject:
        return cls("article", article_id, str(version))

    @classmethod
    def story(cls, story_id: int, members: Sequence[tuple[str, str]]) -> Subject:
        """A story's version is a digest of its articles' ids and texts, in order."""
        digest = hashlib.sha256()
        for article_id, text in members:
            digest.update(article_id.encode() + b"\0" + text.encode() + b"\1")
        return cls("story", story_id, digest.hexdigest()[:32])


def question_feature(question: str) -> str:
    """The feature name of a question: ``qa:`` and a digest of its normalised words."""
    normal = " ".join(question.casefold().split()).rstrip("?").strip()
    return "qa:" + hashlib.sha256(normal.encode()).hexdigest()[:24]


class ResultCache(Protocol):
    def get(self, subject: str, version: str, feature: str, model: str) -> dict[str, Any] | None:
        """The stored result for exactly this version, or None."""
        ...

    def put(
        self, subject: str, version: str, feature: str, model: str, data: dict[str, Any]
    ) -> None:
        """Store a result, replacing any other version's for the same subject and feature."""
        ...


class MemoryCache:
    """A :class:`ResultCache` in a dict, for tests and one-shot commands."""

    def __init__(self) -> None:
        self._rows: dict[tuple[str, str, str], tuple[str, dict[str, Any]]] = {}

    def get(self, subject: str, version: str, feature: str, model: str) -> dict[str, Any] | None:
        row = self._rows.get((subject, feature, model))
        return row[1] if row is not None and row[0] == version else None

    def put(
        self, subject: str, version: str, feature: str, model: str, data: dict[str, Any]
    ) -> None:
        self._rows[(subject, feature, model)] = (version, data)


def _cited_json(items: Sequence[Cited]) -> list[dict[str, Any]]:
    return [{"text": c.text, "sources": list(c.sources)} for c in items]


def _cited(rows: Sequence[dict[str, Any]]) -> tuple[Cited, ...]:
    return tuple(Cited(str(r["text"]), tuple(int(i) for i in r["sources"])) for r in rows)


def summary_to_json(summary: ArticleSummary) -> dict[str, Any]:
    return {
        "method": summary.method,
        "summary": _cited_json(summary.summary),
        "key_points": _cited_json(summary.key_points),
    }


def summary_from_json(data: dict[str, Any]) -> ArticleSummary:
    return ArticleSummary(_cited(data["summary"]), _cited(data["key_points"]), str(data["method"]))


def answer_to_json(answer: Answer) -> dict[str, Any]:
    return {
        "answered": answer.answered,
        "text": answer.text,
        "sources": list(answer.sources),
        "score": answer.score,
    }


def answer_from_json(data: dict[str, Any]) -> Answer:
    return Answer(
        bool(data["answered"]),
        str(data["text"]),
        tuple(int(i) for i in data["sources"]),
        float(data["score"]),
    )


def _brief_sentences(rows: Sequence[dict[str, Any]]) -> tuple[BriefSentence, ...]:
    return tuple(BriefSentence(str(r["text"]), tuple(str(c) for c in r["citations"])) for r in rows)


def _brief_rows(items: Sequence[BriefSentence]) -> list[dict[str, Any]]:
    return [{"text": s.text, "citations": list(s.citations)} for s in items]


def brief_to_json(brief: StoryBrief) -> dict[str, Any]:
    return {
        "sentences": _brief_rows(brief.sentences),
        "perspectives": {k: _brief_rows(v) for k, v in brief.perspectives.items()},
    }


def brief_from_json(data: dict[str, Any]) -> StoryBrief:
    return StoryBrief(
        _brief_sentences(data["sentences"]),
        {str(k): _brief_sentences(v) for k, v in data["perspectives"].items()},
    )
