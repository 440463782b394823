"""Article insights (summary, key points, entities, keyphrases, topic) and entities.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from broadsheet.store.schema import UTCDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "article_insights",
        sa.Column(
            "article_id",
            sa.Integer,
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("data", sa.Text, nullable=False),
        sa.Column("topic", sa.String(40), index=True),
        sa.Column("cpu_ms", sa.Float, nullable=False),
        sa.Column("computed_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "entities",
        sa.Column("key", sa.String(320), primary_key=True),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
    )
    op.create_table(
        "article_entities",
        sa.Column(
            "article_id",
            sa.Integer,
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "entity_key",
            sa.String(320),
            sa.ForeignKey("entities.key", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("mentions", sa.Integer, nullable=False),
    )
    op.create_index("ix_article_entities_entity_key", "article_entities", ["entity_key"])


def downgrade() -> None:
    op.drop_table("article_entities")
    op.drop_table("entities")
    op.drop_table("article_insights")
