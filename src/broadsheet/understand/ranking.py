"""Which stories lead the front page: breadth, freshness, velocity, and variety.

    score = (1 + ln(1 + outlets)) × (1 + 0.5 × ln(1 + articles in the last 6 h))
            × 0.5 ^ (hours since the last article / 12)

Stories are then picked greedily; each pick divides the score of the stories left in the
same section by 1.6 again, so one kind of news does not fill the page.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

HALF_LIFE_HOURS = 12.0
SAME_SECTION_PENALTY = 1.6


@dataclass(frozen=True, slots=True)
class StorySignal:
    id: str
    outlets: int
    recent_articles: int  # articles in the last 6 hours
    last_update: datetime
    section: str | None = None


def story_score(story: StorySignal, now: datetime) -> float:
    hours = max((now - story.last_update).total_seconds() / 3600, 0.0)
    breadth = 1 + math.log1p(story.outlets)
    velocity = 1 + 0.5 * math.log1p(story.recent_articles)
    decay: float = 0.5 ** (hours / HALF_LIFE_HOURS)
    return breadth * velocity * decay


def rank_stories(signals: list[StorySignal], now: datetime, *, limit: int = 30) -> list[str]:
    """Story ids in front-page order."""
    base = {s.id: story_score(s, now) for s in signals}
    left = {s.id: s for s in signals}
    picked: list[str] = []
    shown: Counter[str | None] = Counter()
    while left and len(picked) < limit:
        best = max(
            left.values(),
            key=lambda s: (base[s.id] / SAME_SECTION_PENALTY ** shown[s.section], s.id),
        )
        picked.append(best.id)
        if best.section is not None:
            shown[best.section] += 1
        del left[best.id]
    return picked
