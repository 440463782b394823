"""Broadsheet: a self-hosted, AI-assisted news aggregator."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from broadsheet.model import Extracted

__all__ = ["__version__", "extract"]
__version__ = "0.1.0"


def extract(html: str | bytes, url: str | None = None) -> Extracted:
    """Extract the article from one page: title, text, byline, dates, language and more.

    A pure function of its input: no network. See ``broadsheet.ingest.extract``.
    """
    from broadsheet.ingest.extract import extract_article  # noqa: PLC0415 - keep import light

    return extract_article(html, url=url)
