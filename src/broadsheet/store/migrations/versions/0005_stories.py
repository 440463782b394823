"""Stories: the clusterer's state, stories, and each article's story.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from broadsheet.store.schema import UTCDateTime

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _article_fk(name: str, *, primary_key: bool = False) -> sa.Column[int]:
    ondelete = "CASCADE" if primary_key else "SET NULL"
    fk = sa.ForeignKey("articles.id", ondelete=ondelete)
    return sa.Column(name, sa.Integer, fk, primary_key=primary_key)


def upgrade() -> None:
    op.create_table(
        "story_state",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("data", sa.Text, nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "stories",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("title", sa.Text),
        _article_fk("first_article_id"),
        sa.Column("first_published_at", UTCDateTime()),
        sa.Column("last_updated_at", UTCDateTime(), index=True),
        sa.Column("article_count", sa.Integer, nullable=False),
        sa.Column("outlet_count", sa.Integer, nullable=False),
        sa.Column("merged_into", sa.String(40)),
    )
    op.create_table(
        "article_stories",
        _article_fk("article_id", primary_key=True),
        sa.Column("story_id", sa.String(40), nullable=False, index=True),
        _article_fk("duplicate_of"),
        sa.Column("related", sa.Text),
        sa.Column("assigned_at", UTCDateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("article_stories")
    op.drop_table("stories")
    op.drop_table("story_state")
