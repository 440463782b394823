"""URLs as Broadsheet keeps them: absolute http(s) only, one canonical form per article.

``resolve_url`` is the gate every link from a feed, sitemap or page goes through: it
returns an absolute ``http``/``https`` URL or ``None``. It strips what browsers strip before
reading a scheme (leading/trailing C0 controls and spaces, tabs and newlines anywhere), so
``"jav\\tascript:alert(1)"`` is recognised as ``javascript:`` and refused, and a relative
reference is only resolved against a base that is itself http(s).

``canonicalize`` gives the key that "one article per URL" relies on: lowercase scheme and
host (IDNA-encoded), no default port, no fragment, no tracking parameters, remaining query
parameters sorted, dot segments removed, percent-encoding normalised, empty path ``/``.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

MAX_URL_LENGTH = 4096

# What the WHATWG URL parser removes before anything else.
_EDGE_JUNK = "".join(chr(c) for c in range(0x21))  # C0 controls and space
_INNER_JUNK = re.compile(r"[\t\n\r]")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_HTTP_SCHEMES = frozenset({"http", "https"})
# "http(s)://host.name/..." with a plain host (no userinfo, port or IPv6 literal).
_SIMPLE_HTTP = re.compile(r"[Hh][Tt][Tt][Pp][Ss]?://[A-Za-z0-9\-._~]*[A-Za-z0-9](?:[/?#]|$)")
_DEFAULT_PORTS = {"http": 80, "https": 443}

# Query parameters that only say where a click came from. Matched case-insensitively on the
# decoded name; every ``utm_*`` name is matched by prefix.
TRACKING_PARAMS: frozenset[str] = frozenset(
    {
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "twclid",
        "ttclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "mkt_tok",
        "_ga",
        "_gl",
        "_hsenc",
        "_hsmi",
        "__hssc",
        "__hstc",
        "__hsfp",
        "hsctatracking",
        "ref_src",
        "ref_url",
        "oly_anon_id",
        "oly_enc_id",
        "vero_id",
        "vero_conv",
        "rb_clickid",
        "s_cid",
        "srsltid",
        "_openstat",
        "wickedid",
        "at_medium",
        "at_campaign",
        "at_source",
        "guccounter",
        "guce_referrer",
        "guce_referrer_sig",
    }
)
_TRACKING_PREFIXES = ("utm_",)

_PERCENT = re.compile(r"%([0-9A-Fa-f]{2})")
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


def is_http_url(url: str | None) -> bool:
    """True for an absolute ``http://`` or ``https://`` URL with a host."""
    if not url or len(url) > MAX_URL_LENGTH:
        return False
    if _SIMPLE_HTTP.match(url):  # the common case, without urlsplit
        return True
    match = _SCHEME.match(url)
    if match is None or match.group(1).lower() not in _HTTP_SCHEMES:
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return bool((parts.hostname or "").strip("."))


def _scrub(href: str) -> str:
    href = href.strip(_EDGE_JUNK)
    if "\t" in href or "\n" in href or "\r" in href:
        href = _INNER_JUNK.sub("", href)
    return href


def resolve_url(base: str | None, href: str | None) -> str | None:
    """``href`` as an absolute http(s) URL, or ``None``.

    Absolute http(s) hrefs are kept; any other scheme (``javascript:``, ``data:``,
    ``file:``, ``mailto:``...) gives ``None``. A relative href (including ``//host/path``)
    is resolved against ``base`` only when ``base`` is an absolute http(s) URL.
    """
    if href is None:
        return None
    href = _scrub(href)
    if not href or len(href) > MAX_URL_LENGTH:
        return None
    if _SIMPLE_HTTP.match(href) and " " not in href and "\\" not in href:
        return href  # the common case: already an absolute http(s) URL with a plain host
    if "\\" in href:  # browsers read a backslash as a slash in http(s) URLs
        href = href.replace("\\", "/")
    if " " in href:
        href = href.replace(" ", "%20")
    match = _SCHEME.match(href)
    if match is not None:
        scheme = match.group(1).lower()
        if scheme not in _HTTP_SCHEMES:
            return None
        rest = href[match.end() :]
        if rest.startswith("//"):
            result = scheme + ":" + rest
        elif base is not None and is_http_url(base):
            # "http:path" is relative to an http base (RFC 3986 lets parsers allow it).
            result = _join(base, rest)
        else:
            return None
    elif base is None or not is_http_url(base):
        return None
    else:
        result = _join(base, href)
    if result is None or not is_http_url(result):
        return None
    return result


def _join(base: str, href: str) -> str | None:
    try:
        return urljoin(base, href)
    except ValueError:
        return None


def host_of(url: str) -> str:
    """The lowercase host name of ``url`` without port or trailing dot; ``""`` if none."""
    try:
        host = urlsplit(_scrub(url)).hostname
    except ValueError:
        return ""
    return (host or "").rstrip(".")


def is_tracking_param(name: str) -> bool:
    """True for a query parameter name that only tracks the click (``utm_source``, ``fbclid``)."""
    key = unquote(name).strip().lower()
    return key in TRACKING_PARAMS or key.startswith(_TRACKING_PREFIXES)


def canonicalize(url: str) -> str:
    """The canonical form of an absolute URL, used as the article key.

    Lowercases scheme and host (IDNA for non-ASCII hosts, no trailing dot), drops the
    default port, the fragment and tracking parameters, sorts the remaining query
    parameters, removes ``.``/``..`` path segments, uppercases percent-escapes and decodes
    the ones that stand for unreserved characters, and writes an empty path as ``/``.
    Everything else (path case, trailing slashes, parameter values) is kept as given.
    A string that is not a URL with a host is returned scrubbed but otherwise unchanged.
    """
    url = _scrub(url)
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    host = parts.hostname
    if not host:
        return url
    host = _canonical_host(host)
    netloc = host
    if ":" in host:  # IPv6 literal
        netloc = f"[{host}]"
    if port is not None and port != _DEFAULT_PORTS.get(scheme):
        netloc = f"{netloc}:{port}"
    if parts.username is not None or parts.password is not None:
        userinfo = parts.netloc.rpartition("@")[0]
        netloc = f"{userinfo}@{netloc}"
    path = _normalize_escapes(_remove_dot_segments(parts.path)) or "/"
    query = _canonical_query(parts.query)
    return urlunsplit((scheme, netloc, path, query, ""))


def _canonical_host(host: str) -> str:
    host = host.rstrip(".").lower()
    if host.isascii():
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host


def _canonical_query(query: str) -> str:
    if not query:
        return ""
    kept: list[tuple[str, str]] = []
    for pair in query.split("&"):
        if not pair:
            continue
        name = pair.split("=", 1)[0]
        if is_tracking_param(name):
            continue
        kept.append((unquote(name.replace("+", " ")), _normalize_escapes(pair)))
    kept.sort()
    return "&".join(pair for _, pair in kept)


def _normalize_escapes(text: str) -> str:
    if "%" not in text:
        return text

    def fix(match: re.Match[str]) -> str:
        char = chr(int(match.group(1), 16))
        return char if char in _UNRESERVED else "%" + match.group(1).upper()

    return _PERCENT.sub(fix, text)


def _remove_dot_segments(path: str) -> str:
    if "." not in path:
        return path
    segments = path.split("/")
    out: list[str] = []
    for segment in segments:
        if segment == ".":
            continue
        if segment == "..":
            if len(out) > 1:
                out.pop()
            continue
        out.append(segment)
    result = "/".join(out)
    if segments[-1] in {".", ".."}:
        result += "/"
    if path.startswith("/") and not result.startswith("/"):
        result = "/" + result
    return result
