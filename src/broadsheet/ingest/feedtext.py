"""Small text helpers shared by the feed readers: plain-text titles, author names, caps.

Titles, author names and tags are plain text: HTML tags are stripped (with the body of
``script`` and ``style``), entities decoded once (markup escaped twice is text, shown as
such), whitespace (no-break spaces included) collapsed, and characters that only serve to
disguise text are removed (bidi embedding/override/isolate controls, zero-width space,
word joiner, stray BOM). Content and summaries are not touched here: they are stored as
the raw HTML the feed gave and sanitized at display time.
"""

from __future__ import annotations

import html
import re

MAX_TITLE = 1000
MAX_NAME = 200
MAX_TAG = 100
MAX_TAGS = 50
MAX_GUID = 2048
MAX_LANGUAGE = 35
DERIVED_TITLE = 100

_TAG = re.compile(r"<(?:(/?)([A-Za-z][A-Za-z0-9]*)[^<>]*|![^<>]*)>")
_HIDDEN_START = re.compile(r"<!--|<script\b|<style\b")
_BLOCKS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "td",
        "th",
        "tr",
        "ul",
    ]
)
_SPACE = re.compile(r"\s+")
_DISGUISE = re.compile("[\u202a-\u202e\u2066-\u2069\u200b\u2060\ufeff]")
_LANGUAGE = re.compile(r"[A-Za-z]{1,8}(?:[-_][A-Za-z0-9]{1,8})*")


def _drop_hidden(value: str) -> str:
    """Remove comments and ``script``/``style`` elements with their bodies (linear time).

    An unterminated one hides the rest of the string, as it would in a browser.
    """
    lower = value.lower()
    kept: list[str] = []
    position = 0
    while (match := _HIDDEN_START.search(lower, position)) is not None:
        kept.append(value[position : match.start()])
        opener = match.group()
        closer = "-->" if opener == "<!--" else "</" + opener[1:]
        end = lower.find(closer, match.end())
        if end >= 0 and opener != "<!--":
            end = lower.find(">", end)
        if end < 0:
            return " ".join(kept)
        position = end + (3 if opener == "<!--" else 1)
        kept.append(" ")
    kept.append(value[position:])
    return "".join(kept)


def _tag_gap(match: re.Match[str]) -> str:
    """A block-level tag separates words; an inline tag does not."""
    name = match.group(2)
    return " " if name is not None and name.lower() in _BLOCKS else ""


def plain_text(value: str | None, limit: int = MAX_TITLE) -> str | None:
    """Visible text of a short HTML-or-text string, or ``None`` when empty."""
    if not value:
        return None
    if len(value) > limit * 4:
        value = value[: limit * 4]
    if "<" in value:
        value = _TAG.sub(_tag_gap, _drop_hidden(value))
    if "&" in value:
        # After one unescape, what looks like markup was escaped twice in the feed: it is
        # meant as text ("&amp;lt;Daily&amp;gt;" is the title "<Daily>") and stays.
        value = html.unescape(value)
    value = _DISGUISE.sub("", value)
    value = _SPACE.sub(" ", value).strip()
    if not value:
        return None
    return value[:limit]


def clean_label(value: str | None, limit: int = MAX_TITLE) -> str | None:
    """A label that is already plain text (an OPML title): whitespace collapsed, disguising
    characters removed, nothing else touched; ``None`` when empty."""
    if not value:
        return None
    value = _SPACE.sub(" ", _DISGUISE.sub("", value[: limit * 4])).strip()
    return value[:limit] or None


def derived_title(html_text: str | None, limit: int = DERIVED_TITLE) -> str | None:
    """A title made from the start of an untitled entry's text, cut at a word boundary."""
    text = plain_text(html_text, MAX_TITLE)
    if text is None or len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-") + "…"


def text_as_html(value: str | None) -> str | None:
    """Plain text (Atom ``type="text"``, JSON Feed ``content_text``) as an HTML fragment."""
    if value is None or not value.strip():
        return None
    return html.escape(value.strip(), quote=False).replace("\n", "<br>\n")


def author_name(value: str | None) -> str | None:
    """A display name from ``"jo@example.com (Jo Bloggs)"``, ``"Jo <jo@...>"`` or a name.

    Only string operations on a capped input, so no pattern can take more than linear time.
    """
    if not value:
        return None
    value = value[: MAX_NAME * 2].strip()
    if value.endswith(")") and "(" in value:
        inner = value[value.rfind("(") + 1 : -1]
        if inner.strip():
            value = inner
    elif value.endswith(">") and "<" in value:
        outer = value[: value.rfind("<")]
        if outer.strip():
            value = outer
    value = value.strip().strip('"').removeprefix("mailto:")
    return plain_text(value, MAX_NAME)


def clean_guid(value: str | None) -> str | None:
    """An entry id as given, trimmed; ``None`` when empty or absurdly long."""
    if not value:
        return None
    value = value.strip()
    if not value or len(value) > MAX_GUID:
        return None
    return _DISGUISE.sub("", value)


def clean_language(value: str | None) -> str | None:
    """A BCP 47-looking language tag (``en``, ``en-US``) in lower case, or ``None``."""
    if not value:
        return None
    value = value.strip()[:MAX_LANGUAGE]
    if not _LANGUAGE.fullmatch(value):
        return None
    return value.replace("_", "-").lower()


def add_tag(tags: list[str], value: str | None) -> None:
    """Append a cleaned tag unless it is empty, a duplicate or one too many."""
    if len(tags) >= MAX_TAGS:
        return
    tag = plain_text(value, MAX_TAG)
    if tag and tag not in tags:
        tags.append(tag)
