"""An index on ``article_stories.duplicate_of``.

Lists fold a wire story's copies into the first one and count them by this column
(``store.stories.syndication``, on every front, topic and entity page), and deleting an
article sets it to NULL in its copies: both read it by value.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_article_stories_duplicate_of", "article_stories", ["duplicate_of"])


def downgrade() -> None:
    op.drop_index("ix_article_stories_duplicate_of", table_name="article_stories")
