"""What the RSS, Atom, JSON Feed and sitemap readers share: the per-document context,
and the step that turns what a reader collected into a ``ParsedEntry``.

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
from broadsheet.ingest.namespaces import XML_BASE
from broadsheet.ingest.urls import resolve_url
from broadsheet.model import ParsedEntry

# Longest summary or content kept per entry, in characters; longer HTML is cut (it is
# sanitized at display time, so a cut tag does no harm).
MAX_HTML = 1_000_000


@dataclass(slots=True)
class Context:
    """Per-document state: the base URL, the clock, and counters for warnings."""

    base: str | None
    now: datetime
    warnings: list[str] = field(default_factory=list)
    refused_links: int = 0
    skipped_entries: int = 0
    truncated: int = 0

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
        if self.truncated:
            out.append(
                f"{self.truncated} summar(y/ies) or content(s) were cut at {MAX_HTML} characters"
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
    if (
        url is None
        and guid is None
        and (draft.link_refused or not (draft.title or draft.summary_html or draft.content_html))
    ):
        context.skipped_entries += 1
        return None
    published = parse_date(draft.published, now=context.now)
    updated = parse_date(draft.updated, now=context.now)
    summary = _capped(draft.summary_html, context)
    content = _capped(draft.content_html, context)
    return ParsedEntry(
        guid=guid,
        url=url,
        title=plain_text(draft.title) or derived_title(summary or content),
        summary_html=summary,
        content_html=content,
        author=author_name(draft.author),
        published=published or updated,
        updated=updated,
        image_url=draft.image_url,
        language=clean_language(draft.language),
        tags=tuple(draft.tags),
    )


def _capped(value: str | None, context: Context) -> str | None:
    """Raw HTML, stripped, ``None`` when empty, cut at ``MAX_HTML`` characters."""
    if value is None:
        return None
    value = value.strip()
    if len(value) > MAX_HTML:
        context.truncated += 1
        value = value[:MAX_HTML]
    return value or None


def is_image(media_type: str | None, medium: str | None = None) -> bool:
    """True for an enclosure or media object that is an image."""
    if medium is not None:
        return medium.strip().lower() == "image"
    return media_type is not None and media_type.strip().lower().startswith("image/")
