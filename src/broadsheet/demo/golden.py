"""What an extractor should find on every article page of the sample world.

``golden(now)`` describes the pages exactly as a ``DemoServer`` built with the same ``now``
serves them; ``golden(now, advanced=True)`` describes them after ``DemoServer.advance()``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from broadsheet.demo.catalog import Catalog, Placed
from broadsheet.demo.world.entities import EntityKind, mentions


@dataclass(frozen=True, slots=True)
class GoldenArticle:
    outlet: str  # outlet slug, e.g. "harbourtimes"
    outlet_name: str
    path: str  # path (and query, for the Courier) on the outlet's host
    title: str  # the headline, exactly
    byline: str  # names, then any agency credit: "Ada Kwan and Felix Durand", "X, Agency"
    authors: tuple[str, ...]  # each name in the byline (an agency when no reporter is named)
    published: datetime  # aware UTC
    updated: datetime | None  # aware UTC, when the page shows an update
    body: str  # paragraphs and subheadings, in order, separated by a blank line
    standfirst: str | None  # the summary printed under the headline, outside the body
    summary: str  # what the outlet's feed says about the story
    caption: str | None  # the picture's caption, outside the body
    image_path: str  # path of the story's picture on the same host
    section: str
    event: str | None  # id of the event the story covers, see broadsheet.demo.world.events
    wire: str | None  # id of the agency story this page republishes
    changes_on_advance: bool  # the page shows a corrected second version after advance()
    furniture: tuple[str, ...]  # strings printed around the story; never article text
    entities: tuple[tuple[str, EntityKind], ...]  # (name, kind) named in title or body
    language: str = "en"

    @property
    def is_wire_copy(self) -> bool:
        return self.wire is not None


def _golden(a: Placed) -> GoldenArticle:
    return GoldenArticle(
        outlet=a.outlet.slug,
        outlet_name=a.outlet.name,
        path=a.path,
        title=a.headline,
        byline=a.byline,
        authors=a.story.authors,
        published=a.published,
        updated=a.updated,
        body=a.body,
        standfirst=a.story.standfirst,
        summary=a.summary,
        caption=a.story.caption,
        image_path=a.image_path,
        section=a.story.section,
        event=a.story.event,
        wire=a.story.wire,
        changes_on_advance=a.story.revision is not None,
        furniture=a.furniture(),
        entities=mentions(a.headline + "\n\n" + a.body),
    )


def golden(now: datetime, *, advanced: bool = False) -> list[GoldenArticle]:
    """Every article page of the world at ``now`` (whole minutes, UTC), newest first."""
    return [_golden(a) for a in Catalog(now, advanced=advanced).articles]
