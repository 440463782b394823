"""Article and feed HTML made safe to show readers: an nh3 allow-list plus privacy rules.

Only structural tags survive (paragraphs, headings, lists, quotes, tables, figures, links,
emphasis); scripts, styles, frames, forms, objects, SVG and MathML are removed with their
content, and no attribute can carry script (no ``on*``, no ``style``). Links keep
``http``, ``https`` and ``mailto`` targets only, relative ones resolved against
``base_url`` when that is an http(s) URL and dropped otherwise; every link gets
``rel="nofollow noopener noreferrer"``. Images keep http(s) sources only. Tracking is
removed: 1x1 and hidden images, known feed-tracker pixel URLs (FeedBurner ``~r``/``~ff``
and similar), and click-tracking query parameters (``utm_*``, ``fbclid``...) on links.

nh3 (ammonia) is the security boundary and runs last. The pixel pass before it only
deletes elements, so a parser difference there can cost privacy, never safety.
"""

from __future__ import annotations

import re
from html import escape
from urllib.parse import urlsplit, urlunsplit

import lxml.html
import nh3
from lxml.etree import ParserError, XMLSyntaxError

from broadsheet.ingest.urls import is_tracking_param, resolve_url

LINK_REL = "nofollow noopener noreferrer"

ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "dl",
        "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i",
        "img", "ins", "li", "mark", "ol", "p", "pre", "q", "s", "small", "strong", "sub",
        "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul",
    }
)  # fmt: skip
# Removed together with everything inside them.
REMOVED_WITH_CONTENT = frozenset(
    {
        "applet", "audio", "base", "button", "canvas", "embed", "form", "frame", "frameset",
        "head", "iframe", "input", "link", "math", "meta", "noembed", "noframes", "noscript",
        "object", "option", "script", "select", "style", "svg", "template", "textarea",
        "title", "video",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "ol": {"start"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "time": {"datetime"},
}
_URL_ATTRIBUTES = frozenset({"href", "src"})

# Hosts that only serve tracking pixels, and path markers of feed-proxy pixels.
TRACKER_HOSTS = frozenset(
    {
        "feeds.feedburner.com",
        "feedproxy.google.com",
        "feeds.feedblitz.com",
        "pixel.wp.com",
        "stats.wordpress.com",
        "www.google-analytics.com",
        "ssl.google-analytics.com",
        "pixel.quantserve.com",
        "sb.scorecardresearch.com",
        "b.scorecardresearch.com",
        "pixel.mathtag.com",
        "feedads.g.doubleclick.net",
        "ad.doubleclick.net",
        "pi.feedsportal.com",
        "da.feedsportal.com",
    }
)
_TRACKER_PATH = re.compile(r"/~(r|ff|a|i|f)/")
_HIDDEN_STYLE = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|opacity\s*:\s*0(?![.\d])", re.I
)
_PIXEL_STYLE = re.compile(r"(?:^|;)\s*(?:max-)?(width|height)\s*:\s*([01])(?:px)?\s*(?=;|$)", re.I)
_IMG_TAG = re.compile(r'<img((?:\s+[^\s=>]+(?:="[^"]*")?)*)\s*/?>')
_HAS_IMG = re.compile(r"<img", re.I)


def sanitize_html(html: str, *, base_url: str | None = None) -> str:
    """Clean an HTML fragment for display; see the module docstring for what is kept."""
    if not html:
        return ""
    if _HAS_IMG.search(html):
        html = _drop_pixels(html)
    base = base_url if base_url and resolve_url(None, base_url) else None

    def relative(url: str) -> str | None:
        return resolve_url(base, url) if base else None

    def attribute_filter(tag: str, attribute: str, value: str) -> str | None:
        if attribute not in _URL_ATTRIBUTES:
            return value
        if tag == "a" and _is_mailto(value):
            return value.strip()
        resolved = resolve_url(base, value)
        if resolved is None:
            return None
        if tag == "img" and is_tracker_url(resolved):
            return None
        return strip_tracking_params(resolved)

    cleaned = nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(REMOVED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        attribute_filter=attribute_filter,
        strip_comments=True,
        link_rel=LINK_REL,
        url_schemes={"http", "https", "mailto"},
        url_relative=relative,
    )
    return _IMG_TAG.sub(_keep_img_with_src, cleaned)


def _keep_img_with_src(match: re.Match[str]) -> str:
    """nh3 writes attributes as name="value"; an image whose source was refused goes."""
    return match.group(0) if re.search(r'\ssrc="', match.group(0)) else ""


def _is_mailto(value: str) -> bool:
    scrubbed = re.sub(r"[\x00-\x20]", "", value).lower()
    return scrubbed.startswith("mailto:") and len(scrubbed) > len("mailto:")


def is_tracker_url(url: str) -> bool:
    """True for an image URL that only exists to record who opened an item."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    host = (parts.hostname or "").lower()
    return host in TRACKER_HOSTS or _TRACKER_PATH.search(parts.path) is not None


def strip_tracking_params(url: str) -> str:
    """``url`` without click-tracking query parameters; everything else kept as written."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if not parts.query:
        return url
    pairs = [pair for pair in parts.query.split("&") if pair]
    kept = [pair for pair in pairs if not is_tracking_param(pair.split("=", 1)[0])]
    if len(kept) == len(pairs):
        return url
    return urlunsplit(parts._replace(query="&".join(kept)))


def is_pixel(element: lxml.html.HtmlElement) -> bool:
    """A hidden image, or one at most 1x1 pixel by its attributes or inline style."""
    style = element.get("style") or ""
    if _HIDDEN_STYLE.search(style):
        return True
    sizes = {name.lower(): int(value) for name, value in _PIXEL_STYLE.findall(style)}
    for name in ("width", "height"):
        value = _pixels(element.get(name))
        if value is not None:
            sizes.setdefault(name, value)
    width, height = sizes.get("width"), sizes.get("height")
    if width is not None and height is not None:
        return width <= 1 and height <= 1
    return width == 0 or height == 0


def _pixels(value: str | None) -> int | None:
    if value is None:
        return None
    match = re.fullmatch(r"\s*(\d{1,6})\s*(px)?\s*", value)
    return int(match.group(1)) if match else None


def _drop_pixels(html: str) -> str:
    """Remove tracking-pixel images; the markup is otherwise left for nh3 to judge."""
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (ParserError, XMLSyntaxError, ValueError):
        return html
    pixels = [img for img in root.iter("img") if is_pixel(img) or _tracker_src(img)]
    if not pixels:
        return html
    for img in pixels:
        img.drop_tree()
    inner = [escape(root.text or "", quote=False)]
    inner.extend(lxml.html.tostring(child, encoding="unicode") for child in root)
    return "".join(inner)


def _tracker_src(img: lxml.html.HtmlElement) -> bool:
    src = resolve_url(None, img.get("src"))
    return src is not None and is_tracker_url(src)
