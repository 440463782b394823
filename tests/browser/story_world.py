"""Stories for the web tests: two events covered by several outlets, a wire copy, a merge.

Articles are stored with the store's own functions and their insights computed by the
real ``enrich``; they are put into stories directly (``stories.assign`` and ``refresh``,
as the pipeline does), so which article is in which story is fixed:

    s9001  flood barrier: Herald (first report), Courier, Wire, Post (a copy of Wire's
           text), Herald's follow-up; the last two arrived as s9003 and merged into s9001
    s9002  rail strike: Courier, Wire
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from broadsheet.model import ArticleDraft
from broadsheet.store import articles as article_store
from broadsheet.store import feeds as feed_store
from broadsheet.store import insights as insight_store
from broadsheet.store import stories as story_store
from broadsheet.store.db import Store
from broadsheet.understand.enrich import enrich

FLOOD, STRIKE, MERGED = "s9001", "s9002", "s9003"
OUTLETS = {
    "herald": ("The Harbour Herald", "herald.example"),
    "courier": ("Valley Courier", "courier.example"),
    "wire": ("Calderra Wire", "wire.example"),
    "post": ("Riverton Post", "post.example"),
}
WIRE_TEXT = (
    "Councillors in Port Arden approved a 48 million crown flood barrier along the Marsh "
    "River on Tuesday night after a long debate.\n\n"
    "Environmental groups led by the Marsh River Trust had urged the council to restore "
    "wetlands upstream instead, warning that walls push water onto farms downstream.\n\n"
    "The council set aside two million crowns for a wetland study, and Mayor Elena Ortiz "
    "said the barrier would protect four thousand homes."
)
# key: (outlet, minutes after the first report, title, text, story it arrives in)
ARTICLES: dict[str, tuple[str, int, str, str, str]] = {
    "flood_herald": (
        "herald",
        0,
        "Port Arden approves 48 million crown flood barrier",
        "Port Arden council on Tuesday approved a 48 million crown flood barrier along the "
        "Marsh River, ending a six-year dispute over the harbour front.\n\n"
        "The council voted seven to two for the plan after a four-hour debate, and Mayor "
        "Elena Ortiz called the vote a turning point for the east of the town.\n\n"
        "Construction by Calder Civil Works is due to start in March and take three years.",
        FLOOD,
    ),
    "flood_courier": (
        "courier",
        40,
        "Flood barrier approved; homeowners face a levy",
        "The Port Arden council approved a 48 million crown flood barrier along the Marsh "
        "River on Tuesday in a seven to two vote.\n\n"
        "Half of the money will come from a special levy on properties in the flood zone, "
        "which two councillors called unfair to homeowners on fixed incomes.\n\n"
        "Insurers stopped renewing flood cover for several Canal Street shops after the "
        "floods of 2019, the Port Arden Chamber of Commerce said.",
        FLOOD,
    ),
    "flood_wire": (
        "wire",
        75,
        "Flood barrier approved despite wetland objections",
        WIRE_TEXT,
        FLOOD,
    ),
    "flood_post": (
        "post",
        95,
        "Council backs Marsh River flood wall",
        WIRE_TEXT + "\n\nThis article first appeared on the Calderra Wire.",
        MERGED,
    ),
    "flood_followup": (
        "herald",
        180,
        "Flood barrier work to begin in March, mayor says",
        "Work on the Port Arden flood barrier will begin in March, Mayor Elena Ortiz said on "
        "Wednesday, a day after the council approved the 48 million crown plan.\n\n"
        "Calder Civil Works, which won the contract, will close the quay road for six "
        "months while the foundations are laid along the Marsh River.",
        MERGED,
    ),
    "strike_courier": (
        "courier",
        20,
        "Valley Line drivers strike over pay",
        "Train drivers on the Valley Line walked out on Monday in a dispute over pay, "
        "cancelling all services between Port Arden and Velmont.\n\n"
        "The Rail Workers Union said the strike would last 48 hours, and transport minister "
        "Hugo Marrin urged both sides to return to talks.",
        STRIKE,
    ),
    "strike_wire": (
        "wire",
        60,
        "Trains cancelled as Valley Line strike begins",
        "All trains between Port Arden and Velmont were cancelled on Monday as Valley Line "
        "drivers began a 48-hour strike over pay.\n\n"
        "Commuters crowded onto replacement buses, and the operator Valley Rail said it had "
        "offered drivers a rise of four percent.",
        STRIKE,
    ),
}


@dataclass
class StoryWorld:
    first_report: datetime
    sources: dict[str, int] = field(default_factory=dict)
    articles: dict[str, int] = field(default_factory=dict)

    def outlet_of(self, key: str) -> str:
        return OUTLETS[ARTICLES[key][0]][0]


def build_stories(store: Store, *, first_report: datetime) -> StoryWorld:
    """Store the articles (with insights) and their stories; ``first_report`` is when the
    flood story's first article was published."""
    world = store_articles(store, first_report=first_report)
    with store.begin() as conn:
        for key, (*_, story_id) in ARTICLES.items():
            copy = world.articles["flood_wire"] if key == "flood_post" else None
            story_store.assign(
                conn,
                world.articles[key],
                story_id=story_id,
                duplicate_of=copy,
                related=[],
                now=first_report,
            )
        for story_id in (FLOOD, STRIKE, MERGED):
            story_store.refresh(conn, story_id)
        story_store.retire(conn, MERGED, FLOOD)
        story_store.refresh(conn, FLOOD)
    return world


def store_articles(store: Store, *, first_report: datetime) -> StoryWorld:
    """The articles and their insights, in no story yet."""
    world = StoryWorld(first_report=first_report)
    with store.begin() as conn:
        for key, (name, host) in OUTLETS.items():
            world.sources[key] = feed_store.source_for_host(
                conn, host=host, name=name, site_url=f"https://{host}/", now=first_report
            ).id
    for key, (outlet, minutes, title, text, _story) in ARTICLES.items():
        published = first_report + timedelta(minutes=minutes)
        host = OUTLETS[outlet][1]
        draft = ArticleDraft(
            canonical_url=f"https://{host}/stories/{key}",
            url=f"https://{host}/stories/{key}",
            source_id=world.sources[outlet],
            title=title,
            text=text,
            status="extracted",
            published_at=published,
            summary=text.split("\n\n")[0],
            language="en",
        )
        found = enrich(title, text, language="en")
        with store.begin() as conn:
            article_id, _ = article_store.save_article(conn, draft, now=published)
            insight_store.save_insights(
                conn,
                article_id,
                version=1,
                data=found.to_json(),
                topic=found.topic,
                cpu_ms=found.cpu_ms,
                now=published,
            )
        world.articles[key] = article_id
    return world


def add_to_story(store: Store, story_id: str, *, now: datetime, outlet: str = "herald") -> int:
    """A new article from ``outlet`` joins ``story_id`` (as the pipeline would assign it)."""
    name, host = OUTLETS[outlet]
    text = (
        "Talks between the Rail Workers Union and Valley Rail resumed on Tuesday, "
        f"{name} understands, as the Valley Line strike entered its second day.\n\n"
        "Transport minister Hugo Marrin said he expected an agreement by the weekend."
    )
    title = "Valley Line talks resume as strike enters second day"
    with store.begin() as conn:
        source_id = feed_store.source_for_host(
            conn, host=host, name=name, site_url=f"https://{host}/", now=now
        ).id
        article_id, _ = article_store.save_article(
            conn,
            ArticleDraft(
                canonical_url=f"https://{host}/stories/talks-{story_id}",
                url=f"https://{host}/stories/talks-{story_id}",
                source_id=source_id,
                title=title,
                text=text,
                status="extracted",
                published_at=now - timedelta(minutes=10),
                language="en",
            ),
            now=now,
        )
        found = enrich(title, text, language="en")
        insight_store.save_insights(
            conn,
            article_id,
            version=1,
            data=found.to_json(),
            topic=found.topic,
            cpu_ms=found.cpu_ms,
            now=now,
        )
        story_store.assign(
            conn, article_id, story_id=story_id, duplicate_of=None, related=[], now=now
        )
        story_store.refresh(conn, story_id)
    return article_id
