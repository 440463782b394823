"""What a page says about itself: title, byline, dates, image, canonical URL, site, language.

Read from the parsed tree, in this order of trust: JSON-LD (schema.org ``Article`` and its
kin), OpenGraph and other ``<meta>`` tags, then the document itself (``<h1>``, ``<title>``,
``<time datetime>``, ``rel=author``). htmldate is asked for the publication date only when
none of those gives one. URLs are resolved against the page URL and kept only when they are
absolute http(s) URLs.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import htmldate
import lxml.html
from lxml import etree

from broadsheet.ingest.dates import parse_date
from broadsheet.ingest.urls import host_of, resolve_url

MAX_JSON_LD_CHARS = 500_000
MAX_FIELD_CHARS = 1_000
MAX_BYLINE_CHARS = 200

_ARTICLE_TYPE = re.compile(r"(Article|BlogPosting|Posting|Report)$")
_TITLE_SEPARATORS = re.compile(r"\s+(?:[|–—·•»:]{1,2}|-{1,2})\s+")
_SPACES = re.compile(r"\s+")
_LANG = re.compile(r"^([a-zA-Z]{2})(?:[-_][a-zA-Z0-9]{1,8})*$")


@dataclass(frozen=True, slots=True)
class PageMetadata:
    title: str | None = None
    byline: str | None = None
    published: datetime | None = None
    updated: datetime | None = None
    image_url: str | None = None
    canonical_url: str | None = None
    site_name: str | None = None
    description: str | None = None
    language: str | None = None  # the page's declared language, ISO 639-1


def read_metadata(root: lxml.html.HtmlElement, url: str | None = None) -> PageMetadata:
    """Collect the page's own description of itself."""
    meta = _meta_tags(root)
    ld = _json_ld_article(root)
    dom = _dom_facts(root)

    site_name = _first(meta.get("og:site_name"), _ld_name(ld.get("publisher")))
    title = _first(
        meta.get("og:title"),
        _ld_text(ld.get("headline")),
        meta.get("twitter:title"),
        dom.get("h1"),
        _longest_part(dom.get("title")),
    )
    title = _without_site_name(title, site_name, url)
    published = _first_date(
        _ld_text(ld.get("datePublished")),
        meta.get("article:published_time"),
        meta.get("og:published_time"),
        meta.get("datepublished"),
        meta.get("date"),
        meta.get("dc.date.issued"),
        meta.get("dc.date"),
        meta.get("pubdate"),
        meta.get("publishdate"),
        meta.get("sailthru.date"),
        meta.get("parsely-pub-date"),
        dom.get("itemprop:datepublished"),
        dom.get("time"),
        _ld_text(ld.get("dateCreated")),
    )
    if published is None:
        published = _htmldate(root, url)
    updated = _first_date(
        _ld_text(ld.get("dateModified")),
        meta.get("article:modified_time"),
        meta.get("og:updated_time"),
        meta.get("datemodified"),
        meta.get("dc.date.modified"),
        meta.get("last-modified"),
        dom.get("itemprop:datemodified"),
    )
    if updated is not None and published is not None and updated <= published:
        updated = None  # "modified" equal to "published" means never updated

    image_url = None
    for candidate in (
        meta.get("og:image:secure_url"),
        meta.get("og:image"),
        meta.get("og:image:url"),
        meta.get("twitter:image"),
        meta.get("twitter:image:src"),
        _ld_url(ld.get("image")),
        dom.get("rel:image_src"),
    ):
        image_url = resolve_url(url, candidate)
        if image_url:
            break

    canonical_url = resolve_url(url, dom.get("rel:canonical"))
    canonical_url = canonical_url or resolve_url(url, meta.get("og:url"))

    return PageMetadata(
        title=title,
        byline=_byline(root, meta, ld, dom),
        published=published,
        updated=updated,
        image_url=image_url,
        canonical_url=canonical_url,
        site_name=_first(site_name, meta.get("application-name")),
        description=_first(
            meta.get("og:description"),
            meta.get("description"),
            meta.get("twitter:description"),
            _ld_text(ld.get("description")),
        ),
        language=_declared_language(root, meta, ld),
    )


_DOM_FACTS = etree.XPath(
    "//title | //h1 | //link[@rel] | //time[@datetime] | //*[@itemprop] | //a[@rel]"
)


def _elements(xpath: etree.XPath, root: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    found = xpath(root)
    if not isinstance(found, list):
        return []
    return [item for item in found if isinstance(item, lxml.html.HtmlElement)]


def _dom_facts(root: lxml.html.HtmlElement) -> dict[str, str]:
    """The first value of each fact the document itself states, from one pass over it.

    Keys: ``title`` and ``h1`` (text), ``rel:<name>`` (href of a ``link``/``a``),
    ``time`` (a ``<time datetime>``), ``itemprop:<name>`` (content, datetime or text).
    """
    facts: dict[str, str] = {}
    for element in _elements(_DOM_FACTS, root):
        tag = element.tag
        if tag in {"title", "h1"} and tag not in facts:
            text = _text(element)
            if text:
                facts[tag] = text
        if tag == "time" and "time" not in facts:
            facts["time"] = (element.get("datetime") or "").strip()
        rel = element.get("rel")
        if rel and tag in {"link", "a"}:
            value = (element.get("href") or "" if tag == "link" else _text(element)).strip()
            for name in rel.lower().split():
                key = f"rel:{name}"
                if value and name == "author" and key in facts and value not in facts[key]:
                    facts[key] += "\n" + value  # every author link of the byline
                elif value:
                    facts.setdefault(key, value)
        prop = element.get("itemprop")
        if prop:
            value = element.get("content") or element.get("datetime") or _text(element)
            for name in prop.lower().split():
                if value.strip():
                    facts.setdefault(f"itemprop:{name}", value.strip()[:MAX_FIELD_CHARS])
    return facts


def _meta_tags(root: lxml.html.HtmlElement) -> dict[str, str]:
    """``<meta>`` values by lower-cased property, name, itemprop or http-equiv; first wins."""
    found: dict[str, str] = {}
    for element in root.iter("meta"):
        content = element.get("content")
        if content is None or not content.strip():
            continue
        for attribute in ("property", "name", "itemprop", "http-equiv"):
            key = element.get(attribute)
            if key:
                found.setdefault(key.strip().lower(), content.strip())
    return found


def _json_ld_article(root: lxml.html.HtmlElement) -> dict[str, Any]:
    """The first schema.org article-like object in the page's JSON-LD, else the first object."""
    fallback: dict[str, Any] = {}
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        raw = script.text or ""
        if not raw.strip() or len(raw) > MAX_JSON_LD_CHARS:
            continue
        try:
            data = json.loads(raw)
        except ValueError:
            continue  # malformed JSON-LD is common; the page's other metadata still counts
        for item in _ld_objects(data):
            types = item.get("@type")
            names = types if isinstance(types, list) else [types]
            if any(isinstance(name, str) and _ARTICLE_TYPE.search(name) for name in names):
                return item
            if not fallback and "datePublished" in item:
                fallback = item
    return fallback


def _ld_objects(data: Any) -> Iterator[dict[str, Any]]:
    """Top-level objects of a JSON-LD document, including those of an ``@graph``."""
    stack = [data]
    seen = 0
    while stack and seen < 200:
        item = stack.pop(0)
        seen += 1
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            yield item
            graph = item.get("@graph")
            if isinstance(graph, list):
                stack.extend(graph)


def _ld_text(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, list) and value and isinstance(value[0], str):
        return value[0]
    return None


def _ld_name(value: Any) -> str | None:
    if isinstance(value, dict):
        return _ld_text(value.get("name"))
    if isinstance(value, list) and value:
        return _ld_name(value[0])
    return _ld_text(value)


def _ld_url(value: Any) -> str | None:
    if isinstance(value, dict):
        return _ld_text(value.get("url")) or _ld_text(value.get("@id"))
    if isinstance(value, list) and value:
        return _ld_url(value[0])
    return _ld_text(value)


def _ld_people(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    names = []
    for item in items[:10]:
        if isinstance(item, str):
            names.append(item)
        elif isinstance(item, dict) and item.get("@type") != "Organization":
            name = _ld_text(item.get("name"))
            if name:
                names.append(name)
    return names


def _byline(
    root: lxml.html.HtmlElement, meta: dict[str, str], ld: dict[str, Any], dom: dict[str, str]
) -> str | None:
    """The names of the authors: from structured data, unless the byline printed on the page
    names the same people and more (an agency credit: "Jane Doe, Reuters")."""
    structured = _structured_byline(meta, ld, dom)
    visible = _visible_byline(root)
    if structured and visible:
        seen = _name_key(visible)
        names = [_name_key(name) for name in _BYLINE_SPLIT.split(structured)]
        if all(name in seen for name in names) and len(seen) > len(_name_key(structured)):
            return visible
    return structured or visible


def _structured_byline(meta: dict[str, str], ld: dict[str, Any], dom: dict[str, str]) -> str | None:
    people = [name for name in (clean_byline(raw) for raw in _ld_people(ld.get("author"))) if name]
    if people:
        return join_names(people)
    for key in _AUTHOR_META:
        value = meta.get(key)
        if value and "://" not in value:
            cleaned = clean_byline(value)
            if cleaned:
                return cleaned
    for key in ("rel:author", "itemprop:author", "itemprop:creator"):
        names = [clean_byline(line) for line in (dom.get(key) or "").split("\n")]
        people = [name for name in names if name]
        if people:
            return join_names(people)
    return None


def _visible_byline(root: lxml.html.HtmlElement) -> str | None:
    for element in _elements(_BYLINE_ELEMENTS, root)[:3]:
        cleaned = clean_byline(_text(element))
        if cleaned:
            return cleaned
    return None


def join_names(names: list[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


_AUTHOR_META = (
    "author",
    "article:author",
    "parsely-author",
    "sailthru.author",
    "dc.creator",
    "byl",
)
_BYLINE_ELEMENTS = etree.XPath(
    "//*[contains(@class, 'byline')] | //address[.//*[@rel='author']]"
    " | //*[contains(concat(' ', normalize-space(@class), ' '), ' author ')]"
)
_BYLINE_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b|\n)\s*")
_BYLINE_PIECES = re.compile(r"(\s*(?:,|;|&|\band\b|\n)\s*)", re.IGNORECASE)
_PARENTHESES = re.compile(r"\s*\(([^()]{1,80})\)")
_BYLINE_PREFIX = re.compile(r"^\s*(written\s+)?(by|par|von|por|di|door|av|af)[\s:]+", re.IGNORECASE)
_BYLINE_CUT = re.compile(
    r"\s*(\||•|·|\bupdated\b|\bpublished\b|\bposted\b|\d{1,2}[:/.]\d{1,2}|\b\d{4}\b"
    r"|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d).*$",
    re.IGNORECASE | re.DOTALL,
)

# Words of a job title, not of a name ("Jane Doe, Staff Writer").
_ROLE = re.compile(
    r"\b(staff|writer|reporter|correspondent|editor|columnist|contributor|journalist|producer"
    r"|photographer|analyst|desk|team|newsroom|agencies|wires?)\b",
    re.IGNORECASE,
)
# Letters after a name ("Jane Doe, MS, RD"), and words left over from "By ... and By ...".
_CREDENTIAL = re.compile(
    r"^(ms|md|rd|rn|phd|ph\.d|msc|ma|ba|bsc|mba|cpa|esq|jr|sr|ii|iii)\.?$", re.IGNORECASE
)
_JOINERS = frozenset({"by", "and", "par", "von", "por", "di", "door", "av", "af", "und", "et", "y"})


def clean_byline(raw: str) -> str | None:
    """Author names only: no "By", no dates, no roles; the byline's own joiners are kept
    ("Jane Doe and Ravi Patel", "Jane Doe, Reuters")."""
    text = _SPACES.sub(" ", _PARENTHESES.sub(r", \1", raw)).strip()
    parts: list[str] = []
    keys: set[str] = set()
    joiner = ""
    for index, piece in enumerate(_BYLINE_PIECES.split(text)):
        if index % 2:
            joiner = " and " if piece.strip().casefold() in {"and", "&"} else ", "
            continue
        name = _BYLINE_CUT.sub("", _BYLINE_PREFIX.sub("", piece)).strip(" -–—,:")
        if not _is_name(name) or _name_key(name) in keys:
            continue
        keys.add(_name_key(name))
        parts.append((joiner if parts else "") + name)
    return "".join(parts)[:MAX_BYLINE_CHARS] if parts else None


def _is_name(name: str) -> bool:
    if not name or "@" in name or "://" in name or not any(ch.isalpha() for ch in name):
        return False
    if _ROLE.search(name) or _CREDENTIAL.match(name) or name.casefold() in _JOINERS:
        return False
    return len(name.split()) <= 5


def _first(*values: str | None) -> str | None:
    for value in values:
        if value:
            cleaned = _SPACES.sub(" ", value).strip()
            if cleaned:
                return cleaned[:MAX_FIELD_CHARS]
    return None


def _first_date(*values: str | None) -> datetime | None:
    for value in values:
        if value:
            parsed = parse_date(value)
            if parsed is not None:
                return parsed
    return None


def _htmldate(root: lxml.html.HtmlElement, url: str | None) -> datetime | None:
    """htmldate's reading of the publication date (URL, headers, visible dates); no network:
    it is handed the parsed tree, never a URL to fetch."""
    found = htmldate.find_date(
        root, url=url, extensive_search=False, original_date=True, outputformat="%Y-%m-%d"
    )
    return parse_date(found) if isinstance(found, str) else None


def _text(element: lxml.html.HtmlElement) -> str:
    return _SPACES.sub(" ", element.text_content()).strip()


def _longest_part(title: str | None) -> str | None:
    """The headline part of a ``<title>`` such as "Headline | Section | Site"."""
    if not title:
        return None
    return max(_TITLE_SEPARATORS.split(title), key=len)


def _without_site_name(title: str | None, site_name: str | None, url: str | None) -> str | None:
    """``title`` without a leading or trailing part that names the site ("... | Site")."""
    if not title:
        return None
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) == 1:
        return title
    names = {_name_key(site_name or "")} | {_name_key(label) for label in _host_labels(url)}
    names.discard("")
    for index in (-1, 0):
        if _name_key(parts[index]) in names:
            separators = _TITLE_SEPARATORS.findall(title)
            kept = parts[:-1] if index == -1 else parts[1:]
            glue = separators[:-1] if index == -1 else separators[1:]
            return "".join(part + sep for part, sep in zip(kept, [*glue, ""], strict=True))
    return title


def _host_labels(url: str | None) -> list[str]:
    """The distinctive label of the page's host ("9to5mac" for www.9to5mac.com)."""
    host = host_of(url) if url else ""
    labels = [label for label in host.split(".") if label not in {"www", "m", "amp"}]
    return labels[:-1] if len(labels) > 1 else labels


def _name_key(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def _declared_language(
    root: lxml.html.HtmlElement, meta: dict[str, str], ld: dict[str, Any]
) -> str | None:
    for value in (
        root.get("lang"),
        root.get("{http://www.w3.org/XML/1998/namespace}lang"),
        meta.get("content-language"),
        meta.get("og:locale"),
        _ld_text(ld.get("inLanguage")),
    ):
        code = language_code(value)
        if code:
            return code
    return None


def language_code(value: str | None) -> str | None:
    """The ISO 639-1 part of a language tag ("en-GB" → "en"), or ``None``."""
    if not value:
        return None
    match = _LANG.match(value.strip().split(",")[0].strip())
    return match.group(1).lower() if match else None
