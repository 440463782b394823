"""Machine-readable documents of one outlet: its feed, news sitemap and robots.txt.

Formats across the outlets: RSS 2.0 (Harbour Times with full ``content:encoded``, the
Courier with summaries only and a windows-1252 encoding, Signal with full content and
``media:content``), Atom (Evening Post with tracking parameters on its links, the Bugle
with summary and content) and JSON Feed 1.1 (the Ledger with ``content_html``, the Record
with ``content_text``).
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from broadsheet.demo.bodies import article_html
from broadsheet.demo.catalog import Placed, latest
from broadsheet.demo.context import (
    NEWS_SITEMAP_PATH,
    SITEMAP_INDEX_PATH,
    STATIC_AGE,
    SiteContext,
)
from broadsheet.demo.images import story_photo
from broadsheet.demo.responses import TEXT, Response
from broadsheet.demo.templating import environment, isoz

FEED_TYPES = {
    "rss": "application/rss+xml",
    "atom": "application/atom+xml",
    "json": "application/feed+json",
}
TRACKING = "?utm_source=rss&utm_medium=feed&utm_campaign=atom"


def entry_link(site: SiteContext, article: Placed) -> str:
    """The link a feed entry carries: the Evening Post adds tracking parameters."""
    url = site.url(article.path)
    return url + TRACKING if site.outlet.slug == "eveningpost" else url


def entry_id(article: Placed) -> str:
    return uuid.uuid5(
        uuid.NAMESPACE_URL, f"broadsheet-demo:{article.outlet.slug}/{article.story.slug}"
    ).urn


def encode(site: SiteContext, text: str) -> bytes:
    return text.encode(site.outlet.charset, errors="xmlcharrefreplace")


def feed_response(site: SiteContext) -> Response:
    articles = site.articles
    outlet = site.outlet
    if outlet.feed_format == "json":
        body = json.dumps(_json_feed(site, articles), ensure_ascii=False, indent=2).encode()
    else:
        template = environment().get_template(f"_feeds/{outlet.feed_format}.xml.j2")
        text = template.render(
            site=site,
            tz=site.tz,
            now=site.now,
            items=[
                {
                    "a": a,
                    "link": entry_link(site, a),
                    "id": entry_id(a),
                    "html": article_html(a, site.base, site.link),
                    "image_length": len(story_photo(a.outlet.slug, a.story.slug)),
                }
                for a in articles
            ],
            updated=latest(articles) or site.now,
        )
        body = encode(site, text)
    content_type = f"{FEED_TYPES[outlet.feed_format]}; charset={outlet.charset}"
    return Response(200, body, content_type, latest(articles))


def _json_feed(site: SiteContext, articles: list[Placed]) -> dict[str, Any]:
    items = []
    for a in articles:
        item: dict[str, Any] = {
            "id": entry_id(a),
            "url": site.url(a.path),
            "title": a.headline,
            "summary": a.summary,
            "image": site.url(a.image_path),
            "date_published": isoz(a.published),
            "authors": [{"name": name} for name in a.story.authors],
            "tags": list(a.story.tags) or [a.outlet.section_label(a.story.section)],
            "language": "en-GB",
        }
        if a.updated is not None:
            item["date_modified"] = isoz(a.updated)
        if site.outlet.slug == "valleyrecord":
            item["content_text"] = a.body
        else:
            item["content_html"] = str(article_html(a, site.base, site.link))
        items.append(item)
    return {
        "version": "https://jsonfeed.org/version/1.1",
        "title": site.outlet.name,
        "home_page_url": site.url("/"),
        "feed_url": site.feed_url,
        "description": site.outlet.tagline,
        "language": "en-GB",
        "icon": site.url("/favicon.ico"),
        "authors": [{"name": site.outlet.name}],
        "_broadsheet_sample": {"about": site.notice},
        "items": items,
    }


def news_sitemap_response(site: SiteContext) -> Response:
    """A Google News sitemap (``news:`` extension) listing every article."""
    articles = site.articles
    text = (
        environment()
        .get_template("_feeds/news_sitemap.xml.j2")
        .render(site=site, tz=site.tz, now=site.now, articles=articles)
    )
    return Response(
        200, encode(site, text), "application/xml; charset=" + site.outlet.charset, latest(articles)
    )


def sitemap_index_response(site: SiteContext) -> Response:
    text = (
        environment()
        .get_template("_feeds/sitemap_index.xml.j2")
        .render(
            site=site,
            tz=site.tz,
            now=site.now,
            updated=latest(site.articles) or site.now,
            news_sitemap=site.url(NEWS_SITEMAP_PATH),
        )
    )
    return Response(200, text.encode(), "application/xml; charset=utf-8", latest(site.articles))


def robots_response(site: SiteContext) -> Response:
    text = (
        f"# robots.txt for {site.outlet.name} ({site.notice})\n"
        f"{site.outlet.robots_txt}\n"
        f"Sitemap: {site.url(NEWS_SITEMAP_PATH)}\n"
        f"Sitemap: {site.url(SITEMAP_INDEX_PATH)}\n"
    )
    return Response(200, text.encode(), TEXT, site.now - STATIC_AGE)
