"""Atom 1.0 and 0.3 element trees → ``ParsedFeed``.

Text constructs (``title``, ``summary``, ``content``) honour ``type`` (``text``, ``html``,
``xhtml``, or a MIME type) and Atom 0.3's ``mode`` (``escaped``, ``xml``, ``base64``).
Content that is neither text nor (X)HTML (an SVG, base64 data) is dropped, and out-of-line
content (``src=``) is ignored. The entry link is the first ``alternate`` link (a link with
no ``rel`` is an alternate), preferring HTML over other types; ``self``/``edit`` links are
never taken for the article URL. An entry without an author inherits the feed's.
Media RSS thumbnails (YouTube puts them in ``media:group``) and image enclosures give
the image; ``media:description`` stands in for a missing summary.
"""

from __future__ import annotations

from broadsheet.ingest.entrybuild import Context, Draft, finish, is_image
from broadsheet.ingest.feedtext import add_tag, clean_language, plain_text, text_as_html
from broadsheet.ingest.namespaces import (
    NS_ATOM,
    NS_ATOM03,
    NS_DC,
    NS_FEEDBURNER,
    NS_MEDIA,
    NS_XHTML,
    XML_BASE,
    XML_LANG,
)
from broadsheet.ingest.safexml import Element, inner_markup, local_name, text_content
from broadsheet.ingest.urls import is_http_url, resolve_url
from broadsheet.model import ParsedEntry, ParsedFeed

_FIELDS: dict[str, str] = {}
for _ns in (NS_ATOM, NS_ATOM03, ""):  # "": Atom written without its namespace
    for _name in (
        "id",
        "title",
        "link",
        "summary",
        "content",
        "author",
        "published",
        "updated",
        "category",
        "source",
    ):
        _FIELDS[f"{{{_ns}}}{_name}" if _ns else _name] = _name
_FIELDS.update(
    {
        f"{{{NS_ATOM03}}}issued": "published",
        f"{{{NS_ATOM03}}}created": "published",
        f"{{{NS_ATOM03}}}modified": "updated",
        f"{{{NS_DC}}}creator": "author_text",
        f"{{{NS_DC}}}date": "published",
        f"{{{NS_DC}}}subject": "category_text",
        f"{{{NS_MEDIA}}}group": "media",
        f"{{{NS_MEDIA}}}thumbnail": "media",
        f"{{{NS_MEDIA}}}content": "media",
        f"{{{NS_MEDIA}}}description": "media_description",
        f"{{{NS_FEEDBURNER}}}origLink": "orig_link",
    }
)
_TEXT_TYPES = frozenset({"text", "text/plain"})
_HTML_TYPES = frozenset({"html", "text/html"})
_XHTML_TYPES = frozenset({"xhtml", "application/xhtml+xml"})


def construct_html(element: Element) -> str | None:
    """An Atom text construct as an HTML string (``None`` for non-text content)."""
    if element.get("src") is not None:
        return None
    kind = (element.get("type") or "text").strip().lower()
    mode = (element.get("mode") or "").strip().lower()
    if mode == "base64":
        return None
    if kind in _XHTML_TYPES or mode == "xml" or (len(element) and kind not in _HTML_TYPES):
        return inner_markup(_xhtml_div(element), text_is_html=False)
    if kind in _HTML_TYPES or mode == "escaped":
        return element.text
    if kind in _TEXT_TYPES or kind.startswith("text/"):
        return text_as_html(element.text)
    return None


def construct_text(element: Element) -> str:
    """An Atom text construct as text (``plain_text`` strips markup afterwards)."""
    if len(element) == 0:
        return element.text or ""
    return text_content(_xhtml_div(element))


def _xhtml_div(element: Element) -> Element:
    """XHTML content is wrapped in one ``div`` that is not part of the content."""
    if len(element) == 1 and not (element.text or "").strip():
        child = element[0]
        if child.tag == f"{{{NS_XHTML}}}div" and not (child.tail or "").strip():
            return child
    return element


def _person(element: Element) -> str | None:
    for child in element:
        tag: object = child.tag
        if isinstance(tag, str) and local_name(tag) == "name":
            return child.text
    return text_content(element) if len(element) == 0 else None


def _link_score(link: Element) -> int:
    """Lower is better: an HTML alternate, then an untyped one, then any other type."""
    kind = (link.get("type") or "").strip().lower()
    if kind in {"text/html", "application/xhtml+xml"}:
        return 0
    return 1 if not kind else 2


def _read_entry(
    entry: Element, base: str | None, context: Context, feed_author: str | None
) -> ParsedEntry | None:
    draft = Draft()
    base = context.rebase(entry, base)
    best_link: Element | None = None
    best_score = 3
    original: str | None = None
    media_description: str | None = None
    for child in entry:
        tag: object = child.tag
        if not isinstance(tag, str):
            continue
        key = _FIELDS.get(tag)
        if key is None:
            continue
        if key == "id":
            draft.guid = draft.guid or child.text
        elif key == "title":
            if draft.title is None:
                draft.title = construct_text(child)
        elif key == "link":
            rel = (child.get("rel") or "alternate").strip().lower()
            if rel == "alternate":
                score = _link_score(child)
                if score < best_score:
                    best_link, best_score = child, score
            elif rel == "enclosure" and draft.image_url is None and is_image(child.get("type")):
                draft.image_url = resolve_url(context.rebase(child, base), child.get("href"))
        elif key == "summary":
            draft.summary_html = draft.summary_html or construct_html(child)
        elif key == "content":
            draft.content_html = draft.content_html or construct_html(child)
        elif key == "author":
            draft.author = draft.author or _person(child)
        elif key == "author_text":
            draft.author = draft.author or child.text
        elif key == "published":
            draft.published = draft.published or child.text
        elif key == "updated":
            draft.updated = draft.updated or child.text
        elif key == "category":
            add_tag(draft.tags, child.get("label") or child.get("term"))
        elif key == "category_text":
            add_tag(draft.tags, child.text)
        elif key == "media":
            draft.image_url = draft.image_url or _media_image(child, base)
            if media_description is None:
                media_description = _media_description(child)
        elif key == "media_description":
            media_description = media_description or child.text
        elif key == "orig_link":
            original = original or resolve_url(base, child.text)
        elif key == "source" and draft.author is None:
            for part in child:
                if part.tag in {f"{{{NS_ATOM}}}author", f"{{{NS_ATOM03}}}author"}:
                    draft.author = _person(part)
    if best_link is not None:
        draft.take_link(context, context.rebase(best_link, base), best_link.get("href"))
    elif draft.guid is not None and "#" not in draft.guid:
        # No alternate link: an id that is an http(s) URL is the entry's address. Ids with
        # a fragment are not (they name parts of one page, and would collapse into one URL).
        draft.fallback_url = resolve_url(None, draft.guid)
    if original is not None:
        draft.url = original
    if draft.summary_html is None and media_description:
        draft.summary_html = text_as_html(media_description)
    draft.author = draft.author or feed_author
    draft.language = entry.get(XML_LANG)
    return finish(draft, context)


def _media_image(element: Element, base: str | None) -> str | None:
    tag: object = element.tag
    if tag == f"{{{NS_MEDIA}}}thumbnail":
        return resolve_url(base, element.get("url"))
    if tag == f"{{{NS_MEDIA}}}content" and is_image(element.get("type"), element.get("medium")):
        return resolve_url(base, element.get("url"))
    for child in element:
        if isinstance(child.tag, str) and child.tag.startswith(f"{{{NS_MEDIA}}}"):
            found = _media_image(child, base)
            if found is not None:
                return found
    return None


def _media_description(element: Element) -> str | None:
    for child in element:
        if child.tag == f"{{{NS_MEDIA}}}description":
            return child.text
    return None


def parse_atom(root: Element, context: Context, *, url: str | None, max_items: int) -> ParsedFeed:
    """Read an Atom ``<feed>`` (or a lone ``<entry>`` document)."""
    title: str | None = None
    self_url: str | None = None
    site_link: Element | None = None
    site_score = 3
    feed_author: str | None = None
    entries: list[Element] = []
    if local_name(root.tag) == "entry":
        entries.append(root)
    else:
        for child in root:
            key = _FIELDS.get(child.tag) if isinstance(child.tag, str) else None
            if key is None:
                if isinstance(child.tag, str) and local_name(child.tag) == "entry":
                    entries.append(child)
                continue
            if key == "title" and title is None:
                title = construct_text(child)
            elif key == "link":
                rel = (child.get("rel") or "alternate").strip().lower()
                if rel == "alternate" and _link_score(child) < site_score:
                    site_link, site_score = child, _link_score(child)
                elif rel == "self" and self_url is None:
                    self_url = resolve_url(None, child.get("href"))
            elif key == "author" and feed_author is None:
                feed_author = _person(child)
    # The document's URL: as fetched, else as the feed states it (rel="self").
    feed_url = url if is_http_url(url) else self_url
    base = context.rebase(root, feed_url)
    site_url = None
    if site_link is not None:
        site_url = resolve_url(context.rebase(site_link, base), site_link.get("href"))
    if base is None and feed_url is None and root.get(XML_BASE) is None:
        base = site_url
    if len(entries) > max_items:
        context.warnings.append(
            f"the feed has {len(entries)} entries; only the first {max_items} were read"
        )
        entries = entries[:max_items]
    parsed = [
        e for entry in entries if (e := _read_entry(entry, base, context, feed_author)) is not None
    ]
    return ParsedFeed(
        kind="atom",
        title=plain_text(title),
        site_url=site_url,
        entries=tuple(parsed),
        language=clean_language(root.get(XML_LANG)),
        warnings=tuple(context.summary_warnings()),
    )
