"""The sample world placed in time: every story gets its dates, URL path and furniture.

A ``Catalog`` is a pure function of ``now`` and of whether the world has advanced (the
edited article shows its second version). Pages, feeds and the golden records are all
built from it, so they agree with each other by construction.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

from broadsheet.demo.world import OUTLETS, STORIES, outlet_by_slug
from broadsheet.demo.world.model import (
    Block,
    Comment,
    Outlet,
    Story,
    body_text,
    first_sentences,
    join_names,
    parse_body,
)
from broadsheet.demo.world.outlets import SAMPLE_NOTICE

RELATED_COUNT = 4


def normalize_now(now: datetime | None) -> datetime:
    """The world's clock: aware UTC, whole minutes. ``None`` means the current time."""
    if now is None:
        now = datetime.now(UTC)
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return now.astimezone(UTC).replace(second=0, microsecond=0)


def outlet_tz(outlet: Outlet) -> timezone:
    return timezone(timedelta(minutes=outlet.utc_offset_minutes))


@dataclass(frozen=True, slots=True)
class Placed:
    """One article page as the server shows it at a given moment."""

    story: Story
    outlet: Outlet
    path: str  # path and query on the outlet's host
    published: datetime  # aware UTC
    updated: datetime | None
    blocks: tuple[Block, ...]
    revised: bool  # the second version is showing
    related: tuple[tuple[str, str], ...]  # (headline, path) of other stories on the outlet
    comments: tuple[Comment, ...]

    @property
    def headline(self) -> str:
        return self.story.headline

    @property
    def byline(self) -> str:
        names = join_names(self.story.authors)
        return f"{names}, {self.story.credit}" if self.story.credit else names

    @property
    def summary(self) -> str:
        """What the feed entry and teasers say: the standfirst, else the opening sentences."""
        if self.story.standfirst:
            return self.story.standfirst
        return first_sentences(self.blocks[0].text)

    @property
    def body(self) -> str:
        return body_text(self.blocks)

    @property
    def image_path(self) -> str:
        return f"{self.outlet.image_prefix}{self.story.slug}.png"

    @property
    def modified(self) -> datetime:
        return self.updated or self.published

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(outlet_tz(self.outlet))

    def furniture(self) -> tuple[str, ...]:
        """Every string printed around the story that an extractor must leave out."""
        f = self.outlet.furniture
        return (
            f.cookie_banner,
            f.subscribe_promo,
            f.trial_promo,
            f.newsletter_blurb,
            f.captcha_error,
            *f.footer_lines,
            *f.extra,
            SAMPLE_NOTICE,
            *(comment.text for comment in self.comments),
            *(headline for headline, _ in self.related),
        )


def story_path(outlet: Outlet, story: Story, published: datetime) -> str:
    """Each outlet's URL scheme, from date-stamped paths to an old ``article.php?id=``."""
    day = published.astimezone(outlet_tz(outlet))
    date = f"{day.year:04d}/{day.month:02d}/{day.day:02d}"
    schemes = {
        "harbourtimes": f"/{story.section}/{date}/{story.slug}",
        "eveningpost": f"/{story.section}/{story.slug}-{story.number}",
        "ledger": f"/{story.section}/{story.slug}",
        "courier": f"/article.php?id={story.number}",
        "bugle": f"/{date}/{story.slug}/",
        "valleyrecord": f"/story/{story.number}/{story.slug}",
        "signal": f"/p/{story.slug}",
    }
    return schemes[outlet.slug]


def _pick(seed: str, items: tuple[Comment, ...], count: int) -> tuple[Comment, ...]:
    start = int(hashlib.sha1(seed.encode(), usedforsecurity=False).hexdigest()[:6], 16) % len(items)
    return tuple(items[(start + 2 * i) % len(items)] for i in range(count))


class Catalog:
    """All article pages of the world at ``now``, newest first."""

    def __init__(self, now: datetime | None = None, *, advanced: bool = False) -> None:
        self.now = normalize_now(now)
        self.advanced = advanced
        dated: list[tuple[Story, datetime, str]] = []
        for story in STORIES:
            outlet = outlet_by_slug(story.outlet)
            published = self.now - story.ago
            dated.append((story, published, story_path(outlet, story, published)))
        dated.sort(key=lambda item: item[1], reverse=True)
        paths = {(s.outlet, s.slug): path for s, _, path in dated}
        placed: list[Placed] = []
        for story, published, path in dated:
            placed.append(self._place(story, published, path, dated, paths))
        self.articles: tuple[Placed, ...] = tuple(placed)
        self._by_path = {(a.outlet.slug, a.path): a for a in self.articles}

    def _place(
        self,
        story: Story,
        published: datetime,
        path: str,
        dated: list[tuple[Story, datetime, str]],
        paths: dict[tuple[str, str], str],
    ) -> Placed:
        outlet = outlet_by_slug(story.outlet)
        updated = self.now - story.updated_ago if story.updated_ago is not None else None
        body = story.body
        revised = self.advanced and story.revision is not None
        if revised and story.revision is not None:
            body = story.revision.body
            updated = self.now - story.revision.updated_ago
        blocks = parse_body(body)
        for block in blocks:
            for _, target in block.links:
                if (story.outlet, target) not in paths:
                    raise ValueError(f"{story.slug} links to unknown story {target!r}")
        siblings = [(s, p) for s, _, p in dated if s.outlet == story.outlet and s is not story]
        siblings.sort(
            key=lambda sp: (
                sp[0].event is None or sp[0].event != story.event,
                sp[0].section != story.section,
            )
        )
        related = tuple((s.headline, p) for s, p in siblings[:RELATED_COUNT])
        comments = _pick(story.slug, outlet.furniture.comments, 2)
        return Placed(story, outlet, path, published, updated, blocks, revised, related, comments)

    def for_outlet(self, slug: str) -> list[Placed]:
        return [a for a in self.articles if a.outlet.slug == slug]

    def find(self, outlet_slug: str, path: str) -> Placed | None:
        return self._by_path.get((outlet_slug, path))

    def link_path(self, outlet_slug: str, story_slug: str) -> str:
        for article in self.for_outlet(outlet_slug):
            if article.story.slug == story_slug:
                return article.path
        raise KeyError(story_slug)


def latest(articles: Iterable[Placed]) -> datetime | None:
    return max((a.modified for a in articles), default=None)


__all__ = ["OUTLETS", "Catalog", "Placed", "latest", "normalize_now", "outlet_tz", "story_path"]
