"""The records the sample news world is written in: outlets, their furniture, stories, events.

Stories are written as plain strings in a light markup (see ``parse_body``); everything
else the server shows (pages, feeds, sitemaps) is rendered from these records, so a page
and its feed entry can never disagree.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import timedelta
from textwrap import dedent
from typing import Literal

FeedFormat = Literal["rss", "atom", "json"]
SubscribeKind = Literal["feed", "site", "sitemap"]
BlockKind = Literal["p", "h2", "quote"]


@dataclass(frozen=True, slots=True)
class Comment:
    """A reader comment shown under a story (page furniture, never article text)."""

    author: str
    text: str
    likes: int = 0


@dataclass(frozen=True, slots=True)
class Furniture:
    """Everything around a story that an extractor must leave out."""

    cookie_banner: str
    subscribe_promo: str
    trial_promo: str  # the "Try us free for a month" offer, worded per outlet
    newsletter_title: str
    newsletter_blurb: str
    captcha_error: str
    footer_lines: tuple[str, ...]
    comments: tuple[Comment, ...]  # a pool; each page shows two of them
    extra: tuple[str, ...] = ()  # other furniture strings the outlet prints (ads, paywall)


@dataclass(frozen=True, slots=True)
class Section:
    slug: str
    label: str


@dataclass(frozen=True, slots=True)
class Outlet:
    """One fictional news site, served on its own loopback address."""

    slug: str
    name: str
    tagline: str
    host_octet: int  # served on 127.0.0.<host_octet>
    feed_format: FeedFormat
    feed_path: str
    full_content_in_feed: bool
    sections: tuple[Section, ...]
    furniture: Furniture
    utc_offset_minutes: int = 60  # Calderra keeps UTC+01:00 all year
    autodiscovery: bool = False  # homepage carries <link rel="alternate"> to the feed
    subscribe: SubscribeKind = "feed"  # how the demo adds the outlet: feed, homepage or sitemap
    charset: str = "utf-8"
    robots_txt: str = "User-agent: *\nAllow: /\n"
    image_prefix: str = "/images/"
    accent: str = "#1f3a5f"

    def section_label(self, slug: str) -> str:
        for section in self.sections:
            if section.slug == slug:
                return section.label
        raise KeyError(f"outlet {self.slug} has no section {slug!r}")


@dataclass(frozen=True, slots=True)
class Revision:
    """The second version of a story, published when the demo world advances."""

    body: str
    updated_ago: timedelta  # how long before the world's ``now`` the edit was made
    note: str  # what changed, for people reading the code and tests


@dataclass(frozen=True, slots=True)
class Story:
    """One article page as written; dates are offsets back from the world's ``now``."""

    outlet: str
    slug: str
    section: str
    ago: timedelta
    headline: str
    authors: tuple[str, ...]
    body: str
    standfirst: str | None = None
    caption: str | None = None
    event: str | None = None
    wire: str | None = None  # id of the agency story this page republishes
    credit: str | None = None  # shown after the names in the byline, e.g. an agency
    role: str | None = None  # shown after the byline, e.g. "Transport Correspondent"
    updated_ago: timedelta | None = None
    revision: Revision | None = None
    tags: tuple[str, ...] = ()

    @property
    def number(self) -> int:
        """A stable numeric id, used by outlets whose URLs carry one."""
        digest = hashlib.sha1(
            f"{self.outlet}/{self.slug}".encode(), usedforsecurity=False
        ).hexdigest()
        return 10000 + int(digest[:8], 16) % 89999


@dataclass(frozen=True, slots=True)
class Event:
    """A real-world happening that several outlets cover; the unit clustering should find."""

    id: str
    kind: str
    title: str


@dataclass(frozen=True, slots=True)
class Block:
    kind: BlockKind
    text: str  # plain text, as an extractor should return it
    links: tuple[tuple[str, str], ...] = field(default=())  # (anchor text, story slug)


_LINK = re.compile(r"\[([^\]]+)\]\(story:([a-z0-9-]+)\)")


def parse_body(body: str) -> tuple[Block, ...]:
    """Read the light markup stories are written in.

    Blocks are separated by blank lines. ``## `` starts a subheading, ``> `` a block
    quote, anything else is a paragraph. ``[text](story:slug)`` links to another story
    of the same outlet; its plain text is just ``text``.
    """
    blocks: list[Block] = []
    for chunk in re.split(r"\n\s*\n", dedent(body).strip()):
        text = " ".join(line.strip() for line in chunk.strip().splitlines())
        kind: BlockKind = "p"
        if text.startswith("## "):
            kind, text = "h2", text[3:].strip()
        elif text.startswith("> "):
            kind, text = "quote", text[2:].strip()
        links = tuple((m.group(1), m.group(2)) for m in _LINK.finditer(text))
        blocks.append(Block(kind, _LINK.sub(r"\1", text), links))
    return tuple(blocks)


def body_text(blocks: tuple[Block, ...]) -> str:
    """The golden body: every block's text, separated by a blank line."""
    return "\n\n".join(block.text for block in blocks)


def first_sentences(text: str, limit: int = 220) -> str:
    """The opening sentence or two of a paragraph, for feed summaries without a standfirst."""
    sentences = re.split(r"(?<=[.!?”])\s+(?=[A-Z“‘])", text)
    out = sentences[0]
    for sentence in sentences[1:]:
        if len(out) + 1 + len(sentence) > limit:
            break
        out = f"{out} {sentence}"
    return out


def join_names(names: tuple[str, ...]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def hours(h: float, minutes: int = 0) -> timedelta:
    """Shorthand the story modules use for ``ago``: ``hours(5, 20)`` is 5h20m."""
    return timedelta(hours=h, minutes=minutes)
