"""What the RSS, Atom, JSON Feed and sitemap readers share: namespaces, the per-document
context, and the step that turns what a reader collected into a ``ParsedEntry``.

Rules applied here, the same for every format:

- links and image URLs are absolute http(s) or ``None`` (``urls.resolve_url``);
- an entry whose link was refused (``javascript:``, unresolvable relative link...) is kept
  only if it has a guid, and is otherwise skipped with a warning: a hostile link must not
  leave behind an entry that looks harmless. An entry that never had a link is kept when
  it has a guid, a title or some content (status pages and notes feeds have no links);
  its ``url`` and ``guid`` are then both ``None`` and the store keys it on its content.
- titles, authors and tags are plain text; summaries and content stay raw HTML; an
  entry without a title (microblogs, Tumblr, Scripting News) gets the start of its
  summary or content as title, cut at a word and ended with "…", as Miniflux does;
- dates go through ``dates.parse_date``; when an entry has no publication date but has an
  update date, the update date stands in for it (Atom feeds often only have ``updated``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from lxml import etree

from broadsheet.ingest.dates import parse_date
from broadsheet.ingest.feedtext import (
    author_name,
    clean_guid,
    clean_language,
    derived_title,
    plain_text,
)
from broadsheet.ingest.urls import resolve_url
from broadsheet.model import ParsedEntry

NS_ATOM = "http://www.w3.org/2005/Atom"
NS_ATOM03 = "http://purl.org/atom/ns#"
NS_DC = "http://purl.org/dc/elements/1.1/"
NS_DCTERMS = "http://purl.org/dc/terms/"
NS_CONTENT = "http://purl.org/rss/1.0/modules/content/"
NS_MEDIA = "http://search.yahoo.com/mrss/"
NS_ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
NS_FEEDBURNER = "http://rssnamespace.org/feedburner/ext/1.0"
NS_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
NS_RSS090 = "http://my.netscape.com/rdf/simple/0.9/"
NS_RSS10 = "http://purl.org/rss/1.0/"
NS_XHTML = "http://www.w3.org/1999/xhtml"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(slots=True)
class Context:
    """Per-document state: the base URL, the clock, and counters for warnings."""

    base: str | None
    now: datetime
    warnings: list[str] = field(default_factory=list)
    refused_links: int = 0
    skipped_entries: int = 0

    def rebase(self, element: etree._Element, base: str | None) -> str | None:
        """The base URL inside ``element``, honouring its ``xml:base``.

        An ``xml:base`` that does not resolve to an http(s) URL (``javascript:...``) leaves
        no base at all, so relative links inside it are dropped rather than guessed.
        """
        value = element.get(XML_BASE)
        if value is None or not value.strip():  # an empty reference is the base itself
            return base
        return resolve_url(base, value)

    def summary_warnings(self) -> list[str]:
        out = list(self.warnings)
        if self.refused_links:
            out.append(
                f"{self.refused_links} link(s) were not http(s) or could not be made "
                "absolute and were dropped"
            )
        if self.skipped_entries:
            out.append(
                f"{self.skipped_entries} entr(y/ies) had neither a usable link nor a guid "
                "(nor, without a link, a title or content) and were skipped"
            )
        return out


@dataclass(slots=True)
class Draft:
    """What a reader found for one entry, before cleaning."""

    guid: str | None = None
    url: str | None = None
    fallback_url: str | None = None  # e.g. a permalink guid, used when there is no link
    title: str | None = None
    summary_html: str | None = None
    content_html: str | None = None
    author: str | None = None
    published: str | None = None
    updated: str | None = None
    image_url: str | None = None
    language: str | None = None
    tags: list[str] = field(default_factory=list)
    link_refused: bool = False

    def take_link(self, context: Context, base: str | None, href: str | None) -> None:
        """Use ``href`` as the entry link unless one is already set; count refusals."""
        if self.url is not None or href is None or not href.strip():
            return
        url = resolve_url(base, href)
        if url is None:
            context.refused_links += 1
            self.link_refused = True
        else:
            self.url = url


def finish(draft: Draft, context: Context) -> ParsedEntry | None:
    """Turn a draft into a ``ParsedEntry``, or ``None`` (counted) when it must be skipped."""
    guid = clean_guid(draft.guid)
    url = draft.url or draft.fallback_url
    if url is None and guid is None and (
        draft.link_refused or not (draft.title or draft.summary_html or draft.content_html)
    ):
        context.skipped_entries += 1
        return None
    published = parse_date(draft.published, now=context.now)
    updated = parse_date(draft.updated, now=context.now)
    return ParsedEntry(
        guid=guid,
        url=url,
        title=plain_text(draft.title) or derived_title(draft.summary_html or draft.content_html),
        summary_html=_html_or_none(draft.summary_html),
        content_html=_html_or_none(draft.content_html),
        author=author_name(draft.author),
        published=published or updated,
        updated=updated,
        image_url=draft.image_url,
        language=clean_language(draft.language),
        tags=tuple(draft.tags),
    )


def _html_or_none(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value or None


def is_image(media_type: str | None, medium: str | None = None) -> bool:
    """True for an enclosure or media object that is an image."""
    if medium is not None:
        return medium.strip().lower() == "image"
    return media_type is not None and media_type.strip().lower().startswith("image/")
