"""What every rendered document of one outlet needs to know: who, where and when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from broadsheet.demo.catalog import Catalog, Placed, outlet_tz
from broadsheet.demo.world.model import Outlet
from broadsheet.demo.world.outlets import SAMPLE_NOTICE

NEWS_SITEMAP_PATH = "/news-sitemap.xml"
SITEMAP_INDEX_PATH = "/sitemap.xml"
# Last-Modified of files that never change (robots.txt, icons, images): before every story.
STATIC_AGE = timedelta(days=3, hours=1)


@dataclass(frozen=True, slots=True)
class SiteContext:
    outlet: Outlet
    base: str  # "http://127.0.0.11:PORT", no trailing slash
    catalog: Catalog

    @property
    def now(self) -> datetime:
        return self.catalog.now

    @property
    def tz(self) -> timezone:
        return outlet_tz(self.outlet)

    @property
    def notice(self) -> str:
        return SAMPLE_NOTICE

    @property
    def feed_url(self) -> str:
        return self.base + self.outlet.feed_path

    @property
    def articles(self) -> list[Placed]:
        return self.catalog.for_outlet(self.outlet.slug)

    def url(self, path: str) -> str:
        return self.base + path

    def link(self, story_slug: str) -> str:
        """Path of another story on this outlet (for links inside a body)."""
        return self.catalog.link_path(self.outlet.slug, story_slug)

    def section_path(self, slug: str) -> str:
        return f"/{slug}/"

    def nav(self) -> list[tuple[str, str]]:
        return [(s.label, self.section_path(s.slug)) for s in self.outlet.sections]
