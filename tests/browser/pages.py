"""The page types the browser tests visit, with a URL for each in the sample world."""

from __future__ import annotations

from tests.browser.story_world import FLOOD
from tests.browser.world import World


def page_types(world: World) -> dict[str, str]:
    return {
        "front": "/",
        "article": f"/articles/{world.articles['a0']}",
        "article-edited": f"/articles/{world.articles['edited']}",
        "article-feed-only": f"/articles/{world.articles['feed_only']}",
        "story": f"/stories/{FLOOD}",
        "sources": "/sources",
        "source": f"/sources/{world.sources['herald']}",
        "search": "/search?q=flood+barrier",
        "topic": "/topics/flood-barrier",
        "entity": "/entities/elena-ortiz",  # named in story_world's articles
        "about": "/about",
        "offline": "/offline",
        "admin": "/admin",
        "admin-feed": f"/admin/feeds/{world.feeds['courier']}",
        "not-found": "/articles/999999",
    }


PAGE_NAMES = [
    "front",
    "article",
    "article-edited",
    "article-feed-only",
    "story",
    "sources",
    "source",
    "search",
    "topic",
    "entity",
    "about",
    "offline",
    "admin",
    "admin-feed",
    "not-found",
]
