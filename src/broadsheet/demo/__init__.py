"""The sample news world behind ``broadsheet demo``: seven fictional outlets on loopback.

    with DemoServer(now=now) as world:
        world.feed_urls()          # one feed per outlet (RSS, Atom, JSON Feed)
        world.advance()            # publish the corrected version of one story
    golden(now)                    # what extraction should find on every page

See ``broadsheet.demo.server`` for addresses and behaviour, and
``broadsheet.demo.world.events`` for the events clustering should find.
"""

from __future__ import annotations

from broadsheet.demo.golden import GoldenArticle, golden
from broadsheet.demo.server import DemoServer, OutletInfo, RequestRecord
from broadsheet.demo.world import (
    EVENTS,
    LOOKALIKE_PAIRS,
    RELATED_PAIRS,
    SAMPLE_NOTICE,
    WIRE_AGENCY,
)
from broadsheet.demo.world.entities import ENTITIES

__all__ = [
    "ENTITIES",
    "EVENTS",
    "LOOKALIKE_PAIRS",
    "RELATED_PAIRS",
    "SAMPLE_NOTICE",
    "WIRE_AGENCY",
    "DemoServer",
    "GoldenArticle",
    "OutletInfo",
    "RequestRecord",
    "golden",
]
