"""The template environment: Jinja2 with autoescaping, and the filters pages use.

Stored text is never trusted: every value is escaped unless it went through the nh3
sanitizer first (``articleview.body_html``) or is built here from escaped parts
(``marks``).
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from broadsheet.ingest.urls import host_of, is_http_url
from broadsheet.store.search import MARK_END, MARK_START
from broadsheet.web.timefmt import exact_time, iso_time, relative_time, short_date

TEMPLATES = Path(__file__).with_name("templates")
STATIC = Path(__file__).with_name("static")
WORDS_PER_MINUTE = 230
_MARKED = re.compile(re.escape(MARK_START) + "(.*?)" + re.escape(MARK_END), re.S)

Clock = Callable[[], datetime]


def asset_versions(root: Path = STATIC) -> dict[str, str]:
    """Short content hashes of the static files, for cache-busting links."""
    versions = {}
    for path in sorted(root.rglob("*")):
        if path.is_file():
            rel = path.relative_to(root).as_posix()
            versions[rel] = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
    return versions


def marks(snippet: str) -> Markup:
    """A search snippet, escaped, with its match markers turned into ``<mark>``."""
    out: list[str] = []
    position = 0
    for match in _MARKED.finditer(snippet):
        out.append(str(escape(_unmarked(snippet[position : match.start()]))))
        out.append(f"<mark>{escape(_unmarked(match.group(1)))}</mark>")
        position = match.end()
    out.append(str(escape(_unmarked(snippet[position:]))))
    return Markup("".join(out))  # noqa: S704 - built from escaped parts only


def plain_snippet(snippet: str) -> str:
    return _unmarked(snippet)


def _unmarked(text: str) -> str:
    return text.replace(MARK_START, "").replace(MARK_END, "")


def reading_minutes(words: int) -> int:
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


def safe_url(url: str | None) -> str | None:
    """``url`` when it is an absolute http(s) URL, else None: never a ``javascript:`` link."""
    return url if url and is_http_url(url) else None


def make_environment(
    *, clock: Clock, assets: dict[str, str], image: Callable[[str | None], str | None]
) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(["html", "xml"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )

    def ago(when: datetime) -> str:
        return relative_time(when, clock())

    def asset(name: str) -> str:
        version = assets.get(name)
        return f"/static/{name}?v={version}" if version else f"/static/{name}"

    def query(base: str, **params: Any) -> str:
        kept = {k: v for k, v in params.items() if v not in (None, "")}
        return f"{base}?{urlencode(kept)}" if kept else base

    env.filters.update(
        ago=ago,
        iso=iso_time,
        exact=exact_time,
        short_date=short_date,
        marks=marks,
        plain_snippet=plain_snippet,
        reading_minutes=reading_minutes,
        safe_url=safe_url,
        host=lambda url: host_of(url) if url else "",
        urlquote=lambda text: quote(str(text), safe=""),
        image=image,
    )
    env.globals.update(asset=asset, query=query, now=clock, utc=UTC)
    return env
