"""The database schema, as SQLAlchemy Core tables.

This is the current shape of the schema; the migrations in ``store/migrations`` are
how a database gets there. ``tests/test_store.py`` checks that the two agree.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite stores them naive)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; use UTC-aware datetimes")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


sources = Table(
    "sources",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(300), nullable=False),
    Column("site_url", String(2048)),
    Column("host", String(300), nullable=False, index=True),
    Column("created_at", UTCDateTime(), nullable=False),
)

feeds = Table(
    "feeds",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source_id", ForeignKey("sources.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("url", String(2048), nullable=False, unique=True),
    Column("kind", String(20), nullable=False),  # feed | sitemap | page
    Column("title", String(500)),
    Column("etag", String(500)),
    Column("last_modified", String(100)),
    Column("last_status", Integer),
    Column("last_fetched_at", UTCDateTime()),
    Column("last_success_at", UTCDateTime()),
    Column("next_poll_at", UTCDateTime(), nullable=False),
    Column("error_count", Integer, nullable=False, default=0),
    Column("last_error", Text),
    Column("last_error_at", UTCDateTime()),
    Column("ttl_minutes", Integer),
    Column("enabled", Boolean, nullable=False, default=True),
    Column("lease_owner", String(100)),
    Column("lease_expires_at", UTCDateTime()),
    Column("created_at", UTCDateTime(), nullable=False),
    Index("ix_feeds_due", "enabled", "next_poll_at"),
)

articles = Table(
    "articles",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("canonical_url", String(2048), nullable=False, unique=True),
    Column("url", String(2048), nullable=False),
    Column("source_id", ForeignKey("sources.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("title", Text),
    Column("byline", String(500)),
    Column("published_at", UTCDateTime(), index=True),
    Column("updated_at", UTCDateTime()),
    Column("text", Text, nullable=False, default=""),
    Column("html", Text),
    Column("summary", Text),
    Column("image_url", String(2048)),
    Column("language", String(12)),
    Column("word_count", Integer, nullable=False, default=0),
    Column("site_name", String(300)),
    Column("content_hash", String(64), nullable=False),
    Column("version", Integer, nullable=False, default=1),
    # extracted: text from the page; feed_only: the page failed, text from the feed entry
    Column("status", String(20), nullable=False),
    Column("extraction_error", Text),
    Column("fetched_at", UTCDateTime(), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False, index=True),
    Column("modified_at", UTCDateTime(), nullable=False),
)

entries = Table(
    "entries",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("feed_id", ForeignKey("feeds.id", ondelete="CASCADE"), nullable=False),
    Column("guid", String(2048), nullable=False),
    Column("url", String(2048)),
    Column("title", Text),
    Column("summary", Text),
    Column("content", Text),
    Column("author", String(500)),
    Column("published_at", UTCDateTime()),
    Column("updated_at", UTCDateTime()),
    Column("fingerprint", String(64), nullable=False),  # hash of what the feed says about it
    Column("first_seen_at", UTCDateTime(), nullable=False),
    # NULL until the article is stored: a crash in between leaves it pending for the next run
    Column("article_id", ForeignKey("articles.id", ondelete="SET NULL"), index=True),
    Column("processed_fingerprint", String(64)),
    UniqueConstraint("feed_id", "guid"),
)

article_revisions = Table(
    "article_revisions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("version", Integer, nullable=False),
    Column("title", Text),
    Column("text", Text, nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("captured_at", UTCDateTime(), nullable=False),
    Column("change", Text),  # what changed compared with the version after it
    UniqueConstraint("article_id", "version"),
)

fetch_log = Table(
    "fetch_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("feed_id", ForeignKey("feeds.id", ondelete="CASCADE"), index=True),
    Column("url", String(2048), nullable=False),
    Column("outcome", String(20), nullable=False),  # ok | not_modified | error
    Column("status", Integer),
    Column("error", Text),
    Column("bytes", Integer),
    Column("elapsed_ms", Integer),
    Column("at", UTCDateTime(), nullable=False, index=True),
)

article_insights = Table(
    "article_insights",
    metadata,
    Column("article_id", ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("version", Integer, nullable=False),  # the article version it was computed from
    Column("data", Text, nullable=False),  # JSON: summary, key points, entities, keyphrases
    Column("topic", String(40), index=True),
    Column("cpu_ms", Float, nullable=False),
    Column("computed_at", UTCDateTime(), nullable=False),
)

entities = Table(
    "entities",
    metadata,
    Column("key", String(320), primary_key=True),  # "person:maria-okafor"
    Column("name", String(300), nullable=False),
    Column("kind", String(20), nullable=False),
)

article_entities = Table(
    "article_entities",
    metadata,
    Column("article_id", ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("entity_key", ForeignKey("entities.key", ondelete="CASCADE"), primary_key=True),
    Column("mentions", Integer, nullable=False),
    Index("ix_article_entities_entity_key", "entity_key"),
)

# The online clusterer's state (one row, versioned so several workers take turns).
story_state = Table(
    "story_state",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("version", Integer, nullable=False),
    Column("data", Text, nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
)

# The clusterer's stories and articles, one JSON row each (story_state holds the head).
cluster_stories = Table(
    "cluster_stories",
    metadata,
    Column("story_id", String(40), primary_key=True),
    Column("data", Text, nullable=False),
)

cluster_articles = Table(
    "cluster_articles",
    metadata,
    Column("article_id", String(40), primary_key=True),
    Column("data", Text, nullable=False),
)

stories = Table(
    "stories",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("title", Text),
    Column("first_article_id", ForeignKey("articles.id", ondelete="SET NULL")),
    Column("first_published_at", UTCDateTime()),
    Column("last_updated_at", UTCDateTime(), index=True),
    Column("article_count", Integer, nullable=False),
    Column("outlet_count", Integer, nullable=False),
    Column("merged_into", String(40)),
)

article_stories = Table(
    "article_stories",
    metadata,
    Column("article_id", ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("story_id", String(40), nullable=False, index=True),
    # the earlier article this one is a syndicated copy of (same wire story)
    Column("duplicate_of", ForeignKey("articles.id", ondelete="SET NULL"), index=True),
    Column("related", Text),  # JSON [[article id, score], ...] from other stories, at ingest
    Column("assigned_at", UTCDateTime(), nullable=False),
)

# What the story page shows beyond its articles (brief, perspectives, key players),
# computed when the story's membership changes. ``fingerprint`` names the member article
# versions it was computed from; ``revision`` counts the computations.
story_briefs = Table(
    "story_briefs",
    metadata,
    Column("story_id", String(40), primary_key=True),
    Column("fingerprint", String(64), nullable=False),
    Column("data", Text, nullable=False),
    Column("revision", Integer, nullable=False),
    Column("cpu_ms", Float, nullable=False),
    Column("computed_at", UTCDateTime(), nullable=False),
)

# Tables of the other aggregates register on the same metadata.
from broadsheet.store import community_schema, llm_schema  # noqa: E402, F401
