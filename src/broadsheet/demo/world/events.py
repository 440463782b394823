"""The events of the sample world: what story clustering should find.

Two pairs are traps. ``quake-kestrel`` and ``quake-veska`` are both earthquakes reported
within hours of each other, in different countries, and must stay apart; so must
``trial-lesage`` and ``trial-pike``, two trials opening the same week. ``tarsenia-talks``
and ``tarsenia-riots`` happen in the same country and share names, but are different
stories: related, not the same.
"""

from __future__ import annotations

from broadsheet.demo.world.model import Event

EVENTS: tuple[Event, ...] = (
    Event("port-strike", "strike", "Port Arden dockworkers’ 72-hour strike"),
    Event("velmont-budget", "politics", "Velmont City Council passes its budget"),
    Event(
        "quake-kestrel",
        "earthquake",
        "Magnitude 5.1 earthquake near Hollin Cross, Kestrel Highlands",
    ),
    Event("quake-veska", "earthquake", "Magnitude 6.4 earthquake off Veska Island, Lusan Republic"),
    Event(
        "trial-lesage", "trial", "Fraud trial of former Calder Water finance director Victor Lesage"
    ),
    Event("trial-pike", "trial", "Trial of quarry owner Gordon Pike over a worker’s death"),
    Event("cup-final", "sport", "Calder Cup final: Port Arden Mariners v Brindlemoor Athletic"),
    Event("lumora-breach", "technology", "Data breach at payroll software firm Lumora Systems"),
    Event("sallow-wildfire", "disaster", "Wildfire on Sallow Ridge forces evacuations"),
    Event("brindlemoor-election", "election", "Brindlemoor mayoral by-election result"),
    Event("rate-decision", "economy", "Bank of Calderra raises its base rate to 4.5%"),
    Event("tarsenia-talks", "diplomacy", "Third round of Tarsenia–Dorvan peace talks in Velmont"),
    Event("tarsenia-riots", "unrest", "Fuel-price riots in Corvaine, Tarsenia"),
)

# Pairs of events that look alike but must never be merged into one story.
LOOKALIKE_PAIRS: tuple[tuple[str, str], ...] = (
    ("quake-kestrel", "quake-veska"),
    ("trial-lesage", "trial-pike"),
)

# Pairs of events that are related (same place, same people) but are different stories.
RELATED_PAIRS: tuple[tuple[str, str], ...] = (("tarsenia-talks", "tarsenia-riots"),)

WIRE_AGENCY = "Meridian Press Agency"
