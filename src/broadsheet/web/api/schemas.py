"""What the JSON API returns, as pydantic models: they are also its OpenAPI schemas."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

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


class CitedOut(BaseModel):
    text: str
    sources: list[int] = Field(
        description="Indices of the article sentences this one comes from (`#s-N` on its page)."
    )


class NameOut(BaseModel):
    name: str
    slug: str = Field(description="Its entity page: /entities/{slug}.")


class TopicLinkOut(BaseModel):
    label: str
    slug: str = Field(description="Its topic page: /topics/{slug}.")


class PanelOut(BaseModel):
    summary: list[CitedOut]
    key_points: list[CitedOut]
    people: list[NameOut]
    organisations: list[NameOut]
    places: list[NameOut]
    topic: str | None = Field(description="The article's section, when one was recognised.")
    topics: list[TopicLinkOut]
    backend: str = Field(
        description="offline: extractive, taken from the text; llm: written by the model "
        "and checked against the text sentence by sentence."
    )
    model: str | None = None
    method: str
    note: str | None = Field(
        default=None, description="Why the model's summary is not shown, when it failed."
    )


class ArticleOut(ArticleSummaryOut):
    text: str = Field(description="Clean text, paragraphs separated by a blank line.")
    html: str = Field(description="The body as sanitized HTML (allow-listed tags only).")
    revisions: list[RevisionOut]
    insights: PanelOut | None = Field(
        description="The AI panel of the current version: summary and key points citing "
        "their sentences, people, organisations and places, topics. Null until computed."
    )


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


class CitationOut(BaseModel):
    article_id: int
    source_id: int
    source_name: str
    page_url: str = Field(description="The cited article on this site.")


class CitedSentenceOut(BaseModel):
    text: str = Field(
        description="A sentence of one of the story's articles, not rewritten; in a brief "
        "by a model (`brief_backend` `llm`), a sentence it wrote that the articles support."
    )
    citations: list[CitationOut] = Field(
        description="The story's articles that say it: the one it is taken from first."
    )


class PerspectiveOut(BaseModel):
    source_id: int
    source_name: str
    sentences: list[CitedSentenceOut] = Field(
        description="What this outlet reports that the story's other outlets do not."
    )


class KeyPlayerOut(BaseModel):
    name: str
    kind: str = Field(description="person, organisation or place.")
    slug: str
    entity_url: str = Field(description="Its entity page on this site.")
    articles: int = Field(description="The story's articles that name it (copies left out).")
    mentions: int


class StoryOutletOut(BaseModel):
    source_id: int
    source_name: str
    articles: int = Field(description="Its articles in this story.")


class StorySummaryOut(BaseModel):
    id: str
    title: str | None = Field(
        description="The headline of the story's most representative article (the first"
        " report's, unless another is clearly closer to the story as a whole)."
    )
    page_url: str = Field(description="The story page on this site.")
    first_article_id: int | None = Field(description="The first report.")
    first_published_at: datetime | None
    last_updated_at: datetime | None
    article_count: int
    outlet_count: int
    source_ids: list[int] = Field(description="Its outlets, by their first article here.")


class StoryPage(BaseModel):
    items: list[StorySummaryOut]
    next_cursor: str | None = Field(
        description="Pass as ?cursor= for the next page; null at the end."
    )


class StoryMemberOut(ArticleSummaryOut):
    copy_of: int | None = Field(
        description="The article of this story whose text this one republishes, if any."
    )


class StoryOut(StorySummaryOut):
    members: list[StoryMemberOut] = Field(description="Its articles, first report first.")
    outlets: list[StoryOutletOut]
    brief: list[CitedSentenceOut] = Field(
        description="A multi-source summary: sentences from the articles, each citing the "
        "articles that say it."
    )
    perspectives: list[PerspectiveOut]
    key_players: list[KeyPlayerOut]
    briefed_at: datetime | None = Field(description="When the brief was last computed.")
    brief_backend: Literal["offline", "llm"] = Field(
        description="Who wrote the brief: `offline` (sentences taken from the articles) or "
        "`llm` (written by the configured model; only sentences that passed the grounding "
        "check against the articles are kept, each citing the articles that support it)."
    )
    brief_model: str | None = Field(description="The model that wrote the brief (`llm` only).")
    brief_note: str | None = Field(
        description="Why the model's brief is not shown when the model failed on this "
        "version of the story (the offline brief is shown instead); null otherwise."
    )
