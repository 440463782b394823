"""Routing and rendering for the seven sample sites: a request target in, a ``Response`` out.

No sockets here; ``broadsheet.demo.server`` frames these responses as HTTP.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

from markupsafe import Markup

from broadsheet.demo import feeds, images
from broadsheet.demo.bodies import block_html, inline_html
from broadsheet.demo.catalog import Catalog, Placed, latest
from broadsheet.demo.context import NEWS_SITEMAP_PATH, SITEMAP_INDEX_PATH, STATIC_AGE, SiteContext
from broadsheet.demo.responses import HTML, Response
from broadsheet.demo.templating import environment, isoms
from broadsheet.demo.world import OUTLETS

SIMPLE_PAGES = {
    "/about/": ("About us", ("{name} is a fictional news outlet.", "{notice}")),
    "/subscribe/": ("Subscribe", ("{subscribe}", "{trial}")),
    "/search": ("Search", ("Search is not available in the sample world.",)),
}


@dataclass(frozen=True, slots=True)
class BlockView:
    kind: str
    inner: Markup  # the text with its links, for templates that write their own tags
    html: Markup  # the whole element


class Site:
    """Answers requests for every outlet of one catalog (one state of the world)."""

    def __init__(self, catalog: Catalog, bases: Mapping[str, str]) -> None:
        self.catalog = catalog
        self.contexts = {o.slug: SiteContext(o, bases[o.slug], catalog) for o in OUTLETS}
        self._cache: dict[tuple[str, str], Response] = {}
        self._lock = threading.Lock()

    def respond(self, outlet_slug: str, target: str) -> Response:
        key = (outlet_slug, target)
        with self._lock:
            cached = self._cache.get(key)
        if cached is not None:
            return cached
        response = self._route(self.contexts[outlet_slug], target)
        with self._lock:
            self._cache[key] = response
        return response

    def _route(self, site: SiteContext, target: str) -> Response:
        split = urlsplit(target)
        path = split.path or "/"
        outlet = site.outlet
        if path in ("/", "/index.html", "/index.php"):
            return self._listing(site, site.outlet.name, site.articles, "/")
        if path == "/robots.txt":
            return feeds.robots_response(site)
        if path == outlet.feed_path:
            return feeds.feed_response(site)
        if path == NEWS_SITEMAP_PATH:
            return feeds.news_sitemap_response(site)
        if path == SITEMAP_INDEX_PATH:
            return feeds.sitemap_index_response(site)
        static = self._static(site, path)
        if static is not None:
            return static
        for section in outlet.sections:
            if path == site.section_path(section.slug):
                items = [a for a in site.articles if a.story.section == section.slug]
                return self._listing(site, section.label, items, path)
        key = path
        if path == "/article.php":
            ids = parse_qs(split.query).get("id", [""])
            key = f"/article.php?id={ids[0]}"
        article = self.catalog.find(outlet.slug, key)
        if article is not None:
            return self._article(site, article)
        if not path.endswith("/") and self.catalog.find(outlet.slug, path + "/") is not None:
            return Response(301, b"", HTML, headers=(("Location", path + "/"),))
        if path in SIMPLE_PAGES:
            heading, lines = SIMPLE_PAGES[path]
            return self._simple(site, 200, heading, lines)
        return self._simple(site, 404, "Page not found", ("Sorry, we could not find that page.",))

    def _static(self, site: SiteContext, path: str) -> Response | None:
        outlet = site.outlet
        since = site.now - STATIC_AGE
        if path == "/favicon.ico":
            return Response(200, images.favicon_ico(outlet.slug), "image/vnd.microsoft.icon", since)
        if path == "/favicon.svg":
            return Response(
                200, images.favicon_svg(outlet.name, outlet.accent), "image/svg+xml", since
            )
        if path == "/logo.svg":
            return Response(
                200, images.logo_svg(outlet.name, outlet.accent), "image/svg+xml", since
            )
        if path.startswith(outlet.image_prefix) and path.endswith(".png"):
            story_slug = path[len(outlet.image_prefix) : -len(".png")]
            if any(a.story.slug == story_slug for a in site.articles):
                png = images.story_photo(outlet.slug, story_slug)
                return Response(200, png, "image/png", since)
        return None

    def _render(self, site: SiteContext, template: str, **values: Any) -> bytes:
        text = (
            environment()
            .get_template(template)
            .render(site=site, tz=site.tz, now=site.now, f=site.outlet.furniture, **values)
        )
        return feeds.encode(site, text)

    def _content_type(self, site: SiteContext) -> str:
        return f"text/html; charset={site.outlet.charset}"

    def _listing(self, site: SiteContext, heading: str, items: list[Placed], path: str) -> Response:
        body = self._render(
            site, "_shared/list.html", heading=heading, items=items, canonical=site.url(path)
        )
        return Response(200, body, self._content_type(site), latest(items) or site.now - STATIC_AGE)

    def _simple(
        self, site: SiteContext, status: int, heading: str, lines: tuple[str, ...]
    ) -> Response:
        f = site.outlet.furniture
        paragraphs = [
            line.format(
                name=site.outlet.name,
                notice=site.notice,
                subscribe=f.subscribe_promo,
                trial=f.trial_promo,
            )
            for line in lines
        ]
        body = self._render(site, "_shared/simple.html", heading=heading, paragraphs=paragraphs)
        modified = site.now - STATIC_AGE if status == 200 else None
        return Response(status, body, self._content_type(site), modified)

    def _article(self, site: SiteContext, article: Placed) -> Response:
        blocks = [
            BlockView(b.kind, inline_html(b, site.link), block_html(b, site.link))
            for b in article.blocks
        ]
        canonical = site.url(article.path)
        values: dict[str, Any] = {
            "a": article,
            "blocks": blocks,
            "canonical": canonical,
            "image_url": site.url(article.image_path),
            "section_label": site.outlet.section_label(article.story.section),
            "jsonld": _script_json(_json_ld(site, article, canonical)),
            "next_data": _script_json(_next_data(site, article)),
        }
        body = self._render(site, f"{site.outlet.slug}/article.html", **values)
        return Response(200, body, self._content_type(site), article.modified)


def _script_json(value: object) -> Markup:
    """JSON that is safe inside a <script> element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    safe = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(safe)  # noqa: S704 - the JSON above can no longer close the element


def _iso(site: SiteContext, moment: Any) -> str:
    return str(moment.astimezone(site.tz).isoformat(timespec="seconds"))


def _json_ld(site: SiteContext, a: Placed, canonical: str) -> object:
    """Structured data: a plain NewsArticle (Harbour Times) or an @graph (the Bugle)."""
    modified = _iso(site, a.modified)
    people = [
        {"@type": "Person", "name": n, "url": site.url(f"/profile/{n.lower().replace(' ', '-')}")}
        for n in a.story.authors
    ]
    if site.outlet.slug == "bugle":
        ids = [
            f"{site.url('/')}#/schema/person/{n.lower().replace(' ', '-')}" for n in a.story.authors
        ]
        graph: list[dict[str, Any]] = [
            {
                "@type": "Article",
                "@id": f"{canonical}#article",
                "isPartOf": {"@id": canonical},
                "author": [
                    {"name": n, "@id": i} for n, i in zip(a.story.authors, ids, strict=True)
                ],
                "headline": a.headline,
                "datePublished": _iso(site, a.published),
                "dateModified": modified,
                "mainEntityOfPage": {"@id": canonical},
                "publisher": {"@id": f"{site.url('/')}#organization"},
                "image": {"@id": f"{canonical}#primaryimage"},
                "articleSection": [site.outlet.section_label(a.story.section)],
                "inLanguage": "en-GB",
            },
            {
                "@type": "WebPage",
                "@id": canonical,
                "url": canonical,
                "name": f"{a.headline} – {site.outlet.name}",
                "datePublished": _iso(site, a.published),
                "dateModified": modified,
            },
            {
                "@type": "ImageObject",
                "@id": f"{canonical}#primaryimage",
                "url": site.url(a.image_path),
            },
            *(
                {"@type": "Person", "@id": i, "name": n}
                for n, i in zip(a.story.authors, ids, strict=True)
            ),
            {
                "@type": "Organization",
                "@id": f"{site.url('/')}#organization",
                "name": site.outlet.name,
            },
        ]
        return {"@context": "https://schema.org", "@graph": graph}
    return {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": a.headline,
        "description": a.summary,
        "datePublished": _iso(site, a.published),
        "dateModified": modified,
        "author": people,
        "publisher": {
            "@type": "Organization",
            "name": site.outlet.name,
            "logo": {"@type": "ImageObject", "url": site.url("/logo.svg")},
        },
        "image": [site.url(a.image_path)],
        "mainEntityOfPage": canonical,
        "articleSection": site.outlet.section_label(a.story.section),
        "inLanguage": "en-GB",
        "isAccessibleForFree": True,
    }


def _next_data(site: SiteContext, a: Placed) -> object:
    """The page props a Next.js site embeds; only Signal's template prints them."""
    return {
        "props": {
            "pageProps": {
                "article": {
                    "id": a.story.number,
                    "slug": a.story.slug,
                    "headline": a.headline,
                    "dek": a.story.standfirst,
                    "authors": [{"name": n} for n in a.story.authors],
                    "publishedAt": isoms(a.published),
                    "updatedAt": isoms(a.modified),
                    "section": a.story.section,
                    "body": [{"type": b.kind, "text": b.text} for b in a.blocks],
                }
            }
        },
        "page": "/p/[slug]",
        "query": {"slug": a.story.slug},
        "buildId": "sample-world",
    }
