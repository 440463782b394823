"""Sources, feeds, entries, articles with revisions, fetch log, full-text search.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from broadsheet.store.schema import UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _id() -> sa.Column[int]:
    return sa.Column("id", sa.Integer, primary_key=True)


def upgrade() -> None:
    op.create_table(
        "sources",
        _id(),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("site_url", sa.String(2048)),
        sa.Column("host", sa.String(300), nullable=False, index=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "feeds",
        _id(),
        sa.Column(
            "source_id",
            sa.Integer,
            sa.ForeignKey("sources.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("url", sa.String(2048), nullable=False, unique=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("title", sa.String(500)),
        sa.Column("etag", sa.String(500)),
        sa.Column("last_modified", sa.String(100)),
        sa.Column("last_status", sa.Integer),
        sa.Column("last_fetched_at", UTCDateTime()),
        sa.Column("last_success_at", UTCDateTime()),
        sa.Column("next_poll_at", UTCDateTime(), nullable=False),
        sa.Column("error_count", sa.Integer, nullable=False),
        sa.Column("last_error", sa.Text),
        sa.Column("last_error_at", UTCDateTime()),
        sa.Column("ttl_minutes", sa.Integer),
        sa.Column("enabled", sa.Boolean, nullable=False),
        sa.Column("lease_owner", sa.String(100)),
        sa.Column("lease_expires_at", UTCDateTime()),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_feeds_due", "feeds", ["enabled", "next_poll_at"])
    op.create_table(
        "articles",
        _id(),
        sa.Column("canonical_url", sa.String(2048), nullable=False, unique=True),
        sa.Column("url", sa.String(2048), nullable=False),
        sa.Column(
            "source_id",
            sa.Integer,
            sa.ForeignKey("sources.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("title", sa.Text),
        sa.Column("byline", sa.String(500)),
        sa.Column("published_at", UTCDateTime(), index=True),
        sa.Column("updated_at", UTCDateTime()),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("html", sa.Text),
        sa.Column("summary", sa.Text),
        sa.Column("image_url", sa.String(2048)),
        sa.Column("language", sa.String(12)),
        sa.Column("word_count", sa.Integer, nullable=False),
        sa.Column("site_name", sa.String(300)),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("extraction_error", sa.Text),
        sa.Column("fetched_at", UTCDateTime(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False, index=True),
        sa.Column("modified_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "entries",
        _id(),
        sa.Column(
            "feed_id", sa.Integer, sa.ForeignKey("feeds.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("guid", sa.String(2048), nullable=False),
        sa.Column("url", sa.String(2048)),
        sa.Column("title", sa.Text),
        sa.Column("summary", sa.Text),
        sa.Column("content", sa.Text),
        sa.Column("author", sa.String(500)),
        sa.Column("published_at", UTCDateTime()),
        sa.Column("updated_at", UTCDateTime()),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("first_seen_at", UTCDateTime(), nullable=False),
        sa.Column(
            "article_id",
            sa.Integer,
            sa.ForeignKey("articles.id", ondelete="SET NULL"),
            index=True,
        ),
        sa.Column("processed_fingerprint", sa.String(64)),
        sa.UniqueConstraint("feed_id", "guid"),
    )
    op.create_table(
        "article_revisions",
        _id(),
        sa.Column(
            "article_id",
            sa.Integer,
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("captured_at", UTCDateTime(), nullable=False),
        sa.Column("change", sa.Text),
        sa.UniqueConstraint("article_id", "version"),
    )
    op.create_table(
        "fetch_log",
        _id(),
        sa.Column("feed_id", sa.Integer, sa.ForeignKey("feeds.id", ondelete="CASCADE"), index=True),
        sa.Column("url", sa.String(2048), nullable=False),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("status", sa.Integer),
        sa.Column("error", sa.Text),
        sa.Column("bytes", sa.Integer),
        sa.Column("elapsed_ms", sa.Integer),
        sa.Column("at", UTCDateTime(), nullable=False, index=True),
    )
    _create_search_index()


def _create_search_index() -> None:
    """FTS5 on SQLite, a generated tsvector with a GIN index on PostgreSQL."""
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE articles_fts USING fts5("
            "title, byline, text, content='articles', content_rowid='id', "
            "tokenize='unicode61 remove_diacritics 2')"
        )
        columns = "title, byline, text"
        new = "new.title, new.byline, new.text"
        old = "old.title, old.byline, old.text"
        op.execute(
            "CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN "
            f"INSERT INTO articles_fts(rowid, {columns}) VALUES (new.id, {new}); END"
        )
        op.execute(
            "CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN "
            f"INSERT INTO articles_fts(articles_fts, rowid, {columns}) "
            f"VALUES ('delete', old.id, {old}); END"
        )
        op.execute(
            "CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, byline, text ON articles "
            "BEGIN "
            f"INSERT INTO articles_fts(articles_fts, rowid, {columns}) "
            f"VALUES ('delete', old.id, {old}); "
            f"INSERT INTO articles_fts(rowid, {columns}) VALUES (new.id, {new}); END"
        )
    else:
        op.execute(
            "ALTER TABLE articles ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
            "setweight(to_tsvector('simple', coalesce(title, '')), 'A') || "
            "setweight(to_tsvector('simple', coalesce(byline, '')), 'C') || "
            "setweight(to_tsvector('simple', coalesce(text, '')), 'B')) STORED"
        )
        op.execute("CREATE INDEX ix_articles_search ON articles USING GIN (search_vector)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS articles_fts")
    for table in ("fetch_log", "article_revisions", "entries", "articles", "feeds", "sources"):
        op.drop_table(table)
