"""The sample news world: outlets, events and the stories they publish.

Everything here is fiction written for the Broadsheet demo. The data is plain records
(see ``model``); ``broadsheet.demo.catalog`` places it in time and ``broadsheet.demo.site``
renders it.
"""

from __future__ import annotations

from broadsheet.demo.world.events import EVENTS, LOOKALIKE_PAIRS, RELATED_PAIRS, WIRE_AGENCY
from broadsheet.demo.world.model import Event, Outlet, Story
from broadsheet.demo.world.outlets import OUTLETS, SAMPLE_NOTICE
from broadsheet.demo.world.stories import (
    courts,
    cup_breach,
    economy_world,
    highlands,
    local_life,
    quakes,
    strike_budget,
    tech_science,
    valley,
)

STORIES: tuple[Story, ...] = (
    *strike_budget.STORIES,
    *quakes.STORIES,
    *courts.STORIES,
    *cup_breach.STORIES,
    *valley.STORIES,
    *economy_world.STORIES,
    *highlands.STORIES,
    *tech_science.STORIES,
    *local_life.STORIES,
)

__all__ = [
    "EVENTS",
    "LOOKALIKE_PAIRS",
    "OUTLETS",
    "RELATED_PAIRS",
    "SAMPLE_NOTICE",
    "STORIES",
    "WIRE_AGENCY",
    "Event",
    "Outlet",
    "Story",
    "outlet_by_slug",
]

_BY_SLUG = {outlet.slug: outlet for outlet in OUTLETS}


def outlet_by_slug(slug: str) -> Outlet:
    return _BY_SLUG[slug]
