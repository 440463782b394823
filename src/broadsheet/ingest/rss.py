"""RSS 0.9x, 1.0 (RDF) and 2.0 element trees → ``ParsedFeed``.

One pass over each item's children, dispatching on the element's qualified name. Core RSS
elements are recognised with no namespace, in the RSS 0.90/1.0 namespaces, in UserLand's
old RSS 2 namespace and, failing everything else, in any namespace we do not know (some
feeds put the whole document in a made-up default namespace). Extensions read: Dublin Core
(creator, date, subject, language, title), ``content:encoded``, Media RSS thumbnails and
images, iTunes author/image, Atom links/dates inside RSS, and FeedBurner's ``origLink``
(the publisher's own URL, preferred over the FeedBurner redirect).

Items are read from the channel and from the document root (RSS 1.0 puts them beside the
channel; broken RSS 2.0 sometimes does too); when neither holds any, from anywhere.
"""

from __future__ import annotations

from broadsheet.ingest.entrybuild import Context, Draft, finish, is_image
from broadsheet.ingest.feedtext import add_tag, clean_language, plain_text
from broadsheet.ingest.namespaces import (
    NS_ATOM,
    NS_CONTENT,
    NS_DC,
    NS_DCTERMS,
    NS_FEEDBURNER,
    NS_ITUNES,
    NS_MEDIA,
    NS_RDF,
    NS_RSS090,
    NS_RSS10,
    NS_XHTML,
    XML_LANG,
)
from broadsheet.ingest.safexml import Element, inner_markup, local_name, namespace, text_content
from broadsheet.ingest.urls import is_http_url, resolve_url
from broadsheet.model import ParsedEntry, ParsedFeed

_CORE_NAMESPACES = (
    "",
    NS_RSS090,
    NS_RSS10,
    "http://backend.userland.com/rss2",
    "http://backend.userland.com/rss",
)
_KNOWN_NAMESPACES = frozenset(
    {NS_ATOM, NS_CONTENT, NS_DC, NS_DCTERMS, NS_FEEDBURNER, NS_ITUNES, NS_MEDIA, NS_RDF, NS_XHTML}
)
_CORE_FIELDS = {
    "title": "title",
    "link": "link",
    "description": "description",
    "guid": "guid",
    "pubDate": "published",
    "pubdate": "published",
    "author": "author",
    "category": "category",
    "enclosure": "enclosure",
    "language": "language",
}
_EXTENSION_FIELDS = {
    f"{{{NS_DC}}}title": "dc_title",
    f"{{{NS_DC}}}creator": "creator",
    f"{{{NS_DC}}}author": "creator",
    f"{{{NS_DC}}}date": "dc_date",
    f"{{{NS_DC}}}subject": "category",
    f"{{{NS_DC}}}language": "language",
    f"{{{NS_DC}}}description": "dc_description",
    f"{{{NS_DCTERMS}}}modified": "updated",
    f"{{{NS_DCTERMS}}}issued": "dc_date",
    f"{{{NS_DCTERMS}}}created": "dc_date",
    f"{{{NS_CONTENT}}}encoded": "content",
    f"{{{NS_XHTML}}}body": "xhtml_body",
    f"{{{NS_ATOM}}}link": "atom_link",
    f"{{{NS_ATOM}}}updated": "updated",
    f"{{{NS_ATOM}}}published": "dc_date",
    f"{{{NS_MEDIA}}}thumbnail": "media_thumbnail",
    f"{{{NS_MEDIA}}}content": "media_content",
    f"{{{NS_MEDIA}}}group": "media_group",
    f"{{{NS_ITUNES}}}author": "itunes_author",
    f"{{{NS_ITUNES}}}image": "itunes_image",
    f"{{{NS_FEEDBURNER}}}origLink": "orig_link",
}
ITEM_FIELDS: dict[str, str] = dict(_EXTENSION_FIELDS)
for _ns in _CORE_NAMESPACES:
    for _name, _key in _CORE_FIELDS.items():
        ITEM_FIELDS[f"{{{_ns}}}{_name}" if _ns else _name] = _key

# Image sources, best first.
_THUMBNAIL, _MEDIA_IMAGE, _ENCLOSURE_IMAGE, _ITUNES_IMAGE, _NO_IMAGE = range(5)


def _field(tag: str) -> str | None:
    key = ITEM_FIELDS.get(tag)
    if key is None and tag.startswith("{") and namespace(tag) not in _KNOWN_NAMESPACES:
        key = _CORE_FIELDS.get(local_name(tag))
    return key


def _markup(element: Element) -> str:
    """An RSS description: HTML given as (escaped) text, or, illegally, as child elements."""
    if len(element) == 0:
        return element.text or ""
    return inner_markup(element, text_is_html=True)


def _title(element: Element) -> str:
    return element.text or "" if len(element) == 0 else text_content(element)


def _is_item(tag: object) -> bool:
    return isinstance(tag, str) and (tag == "item" or tag.endswith("}item"))


def _find_channel(root: Element) -> Element | None:
    if local_name(root.tag) == "channel":
        return root
    for child in root:
        tag: object = child.tag
        if isinstance(tag, str) and (tag == "channel" or tag.endswith("}channel")):
            return child
    return None


def _items(root: Element, channel: Element | None) -> list[Element]:
    found = [child for child in channel if _is_item(child.tag)] if channel is not None else []
    if channel is not root:
        found.extend(child for child in root if _is_item(child.tag))
    if not found:
        found = list(root.iter("item", "{*}item"))
    return found


def _read_item(item: Element, base: str | None, context: Context) -> ParsedEntry | None:
    draft = Draft()
    base = context.rebase(item, base)
    image_rank = _NO_IMAGE
    authors: dict[str, str] = {}
    alternate: str | None = None
    dc_title = dc_date = dc_description = None
    original: str | None = None
    for child in item:
        tag: object = child.tag
        if not isinstance(tag, str):
            continue
        key = _field(tag)
        if key is None:
            continue
        if key == "title":
            if draft.title is None:
                draft.title = _title(child)
        elif key == "link":
            draft.take_link(context, base, child.text or child.get("href"))
        elif key == "description":
            if draft.summary_html is None:
                draft.summary_html = _markup(child)
        elif key == "content":
            if draft.content_html is None:
                draft.content_html = _markup(child)
        elif key == "guid":
            if draft.guid is None:
                draft.guid = child.text
                if (child.get("isPermaLink") or "true").strip().lower() != "false":
                    draft.fallback_url = _absolute(child.text)
        elif key == "published":
            if draft.published is None:
                draft.published = child.text
        elif key == "dc_date":
            dc_date = dc_date or child.text
        elif key == "updated":
            draft.updated = draft.updated or child.text
        elif key in {"author", "creator", "itunes_author"}:
            authors.setdefault(key, text_content(child) if key == "author" else child.text or "")
        elif key == "category":
            add_tag(draft.tags, child.text)
        elif key == "language":
            draft.language = draft.language or child.text
        elif key == "dc_title":
            dc_title = dc_title or child.text
        elif key == "dc_description":
            dc_description = dc_description or child.text
        elif key == "xhtml_body":
            draft.content_html = draft.content_html or inner_markup(child, text_is_html=False)
        elif key == "orig_link":
            original = original or resolve_url(base, child.text)
        elif key == "atom_link":
            rel = (child.get("rel") or "alternate").strip().lower()
            if rel == "alternate" and alternate is None:
                alternate = resolve_url(base, child.get("href"))
            elif (
                rel == "enclosure" and is_image(child.get("type")) and image_rank > _ENCLOSURE_IMAGE
            ):
                draft.image_url, image_rank = _image(
                    base, child.get("href"), draft, image_rank, _ENCLOSURE_IMAGE
                )
        else:
            image_rank = _read_image(key, child, base, draft, image_rank)
    if original is not None:
        draft.url = original
    elif draft.url is None and alternate is not None:
        draft.url = alternate
    about = item.get(f"{{{NS_RDF}}}about")
    if about is not None:
        draft.guid = draft.guid or about
        draft.fallback_url = draft.fallback_url or _absolute(about)
    draft.title = draft.title or dc_title
    draft.published = draft.published or dc_date
    draft.summary_html = draft.summary_html or dc_description
    draft.author = authors.get("creator") or authors.get("author") or authors.get("itunes_author")
    return finish(draft, context)


def _absolute(value: str | None) -> str | None:
    """A guid used as a link only when it already is an absolute http(s) URL."""
    return resolve_url(None, value)


def _image(
    base: str | None, href: str | None, draft: Draft, rank: int, new_rank: int
) -> tuple[str | None, int]:
    url = resolve_url(base, href)
    if url is None:
        return draft.image_url, rank
    return url, new_rank


def _read_image(key: str, element: Element, base: str | None, draft: Draft, rank: int) -> int:
    if key == "media_thumbnail" and rank > _THUMBNAIL:
        draft.image_url, rank = _image(base, element.get("url"), draft, rank, _THUMBNAIL)
    elif key == "media_content":
        if rank > _MEDIA_IMAGE and is_image(element.get("type"), element.get("medium")):
            draft.image_url, rank = _image(base, element.get("url"), draft, rank, _MEDIA_IMAGE)
        for child in element:
            if child.tag == f"{{{NS_MEDIA}}}thumbnail" and rank > _THUMBNAIL:
                draft.image_url, rank = _image(base, child.get("url"), draft, rank, _THUMBNAIL)
    elif key == "media_group":
        for child in element:
            tag: object = child.tag
            if isinstance(tag, str):
                rank = _read_image(_EXTENSION_FIELDS.get(tag, ""), child, base, draft, rank)
    elif key == "enclosure" and rank > _ENCLOSURE_IMAGE and is_image(element.get("type")):
        draft.image_url, rank = _image(base, element.get("url"), draft, rank, _ENCLOSURE_IMAGE)
    elif key == "itunes_image" and rank > _ITUNES_IMAGE:
        draft.image_url, rank = _image(base, element.get("href"), draft, rank, _ITUNES_IMAGE)
    return rank


def _channel_value(channel: Element, name: str, extension: str | None = None) -> str | None:
    """Text of the channel's first core element ``name`` (or of ``extension``)."""
    for child in channel:
        tag: object = child.tag
        if not isinstance(tag, str):
            continue
        if local_name(tag) == name and namespace(tag) not in _KNOWN_NAMESPACES:
            return _title(child) if name == "title" else child.text
        if extension is not None and tag == extension:
            return child.text
    return None


def parse_rss(root: Element, context: Context, *, url: str | None, max_items: int) -> ParsedFeed:
    """Read an ``<rss>``, ``<rdf:RDF>`` or bare ``<channel>`` document."""
    kind = "rdf" if local_name(root.tag) == "RDF" else "rss"
    channel = _find_channel(root)
    holder = channel if channel is not None else root
    feed_url = url if is_http_url(url) else _self_link(holder)
    site_url = resolve_url(feed_url, _channel_value(holder, "link"))
    base = feed_url or site_url
    base = context.rebase(root, base)
    if channel is not None and channel is not root:
        base = context.rebase(channel, base)
    ttl_text = _channel_value(holder, "ttl")
    items = _items(root, channel)
    if len(items) > max_items:
        context.warnings.append(
            f"the feed has {len(items)} items; only the first {max_items} were read"
        )
        items = items[:max_items]
    entries = [entry for item in items if (entry := _read_item(item, base, context)) is not None]
    language = _channel_value(holder, "language", f"{{{NS_DC}}}language") or root.get(XML_LANG)
    return ParsedFeed(
        kind=kind,
        title=plain_text(_channel_value(holder, "title")),
        site_url=site_url,
        entries=tuple(entries),
        language=clean_language(language),
        ttl_minutes=_ttl(ttl_text),
        warnings=tuple(context.summary_warnings()),
    )


def _self_link(channel: Element) -> str | None:
    """The feed's own URL as it states it (``atom:link rel="self"``), if absolute http(s)."""
    for child in channel:
        if child.tag == f"{{{NS_ATOM}}}link" and (child.get("rel") or "").strip().lower() == "self":
            return resolve_url(None, child.get("href"))
    return None


def _ttl(text: str | None) -> int | None:
    if text is None:
        return None
    text = text.strip()
    if not text.isdigit() or len(text) > 7:
        return None
    minutes = int(text)
    return minutes if minutes > 0 else None
