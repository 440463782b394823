"""The AI panel of one article, computed once at ingest: summary, key points, people,
organisations and places, keyphrases and a section.

Pure: text in, plain data out. The pipeline stores the result with the article version
it was computed from, so pages never do model work.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from broadsheet.understand.entities import Entity, find_entities
from broadsheet.understand.keyphrases import keyphrases, topic_of
from broadsheet.understand.summarize import ArticleSummary, Cited, summarize_article

MAX_ENTITIES = 30


@dataclass(frozen=True, slots=True)
class Enrichment:
    summary: ArticleSummary
    entities: tuple[Entity, ...]
    keyphrases: tuple[tuple[str, float], ...]
    topic: str | None
    cpu_ms: float

    def to_json(self) -> dict[str, Any]:
        return {
            "method": self.summary.method,
            "summary": [_cited(c) for c in self.summary.summary],
            "key_points": [_cited(c) for c in self.summary.key_points],
            "entities": [
                {"key": e.key, "name": e.name, "kind": e.kind, "mentions": e.mentions}
                for e in self.entities
            ],
            "keyphrases": [[phrase, round(weight, 4)] for phrase, weight in self.keyphrases],
            "topic": self.topic,
        }


def _cited(item: Cited) -> dict[str, Any]:
    return {"text": item.text, "sources": list(item.sources)}


def enrich(title: str | None, text: str, *, language: str | None) -> Enrichment:
    started = time.process_time()
    summary = summarize_article(title, text, language=language)
    entities = tuple(find_entities(text, title=title, language=language)[:MAX_ENTITIES])
    phrases = tuple(keyphrases(title, text, language=language))
    topic = topic_of(title, text)
    cpu_ms = (time.process_time() - started) * 1000
    return Enrichment(summary, entities, phrases, topic, cpu_ms)
