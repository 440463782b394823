"""What the JSON API returns, as pydantic models: they are also its OpenAPI schemas."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class SourceOut(BaseModel):
    id: int
    name: str
    host: str
    site_url: str | None = Field(description="The outlet's home page.")
    articles: int = Field(description="Articles stored from this outlet.")
    page_url: str = Field(description="The outlet's page on this site.")


class ArticleSummaryOut(BaseModel):
    id: int
    title: str | None
    url: str = Field(description="The article at its outlet.")
    page_url: str = Field(description="The article on this site.")
    source_id: int
    source_name: str | None
    byline: str | None
    published_at: datetime | None
    stored_at: datetime
    summary: str | None
    image_url: str | None
    language: str | None
    word_count: int
    status: str = Field(
        description="extracted: text read from the page; feed_only: the feed's text."
    )
    version: int = Field(
        description="1, plus one for each edit the outlet made after we stored it."
    )


class RevisionOut(BaseModel):
    version: int
    captured_at: datetime
    change: str | None = Field(description="What the next version changed.")


class ArticleOut(ArticleSummaryOut):
    text: str = Field(description="Clean text, paragraphs separated by a blank line.")
    html: str = Field(description="The body as sanitized HTML (allow-listed tags only).")
    revisions: list[RevisionOut]


class ArticlePage(BaseModel):
    items: list[ArticleSummaryOut]
    next_cursor: str | None = Field(
        description="Pass as ?cursor= for the next page; null at the end."
    )


class SourceList(BaseModel):
    items: list[SourceOut]


class SearchHitOut(BaseModel):
    article: ArticleSummaryOut
    snippet: str = Field(description="Plain text around the matches.")
    snippet_html: str = Field(description="The snippet, HTML-escaped, matches in <mark>.")
    rank: float


class SearchPage(BaseModel):
    items: list[SearchHitOut]
    next_cursor: str | None


class Problem(BaseModel):
    detail: str
