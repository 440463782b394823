"""The clusterer's state as rows: one per story and one per article.

``story_state`` keeps the head (sequence, document frequencies, merge aliases); an old
single-row state is read as it is and rewritten as rows by the next batch. Downgrading
folds the rows back into the one row.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cluster_stories",
        sa.Column("story_id", sa.String(40), primary_key=True),
        sa.Column("data", sa.Text, nullable=False),
    )
    op.create_table(
        "cluster_articles",
        sa.Column("article_id", sa.String(40), primary_key=True),
        sa.Column("data", sa.Text, nullable=False),
    )


def downgrade() -> None:
    conn = op.get_bind()
    head = conn.execute(sa.text("SELECT data FROM story_state WHERE id = 1")).scalar()
    state = json.loads(head) if head else None
    if isinstance(state, dict) and "articles" not in state:
        rows = conn.execute(sa.text("SELECT data FROM cluster_stories ORDER BY story_id"))
        state["stories"] = sorted((json.loads(r[0]) for r in rows), key=lambda s: s["seq"])
        rows = conn.execute(sa.text("SELECT article_id, data FROM cluster_articles"))
        state["articles"] = {r[0]: json.loads(r[1]) for r in rows}
        conn.execute(
            sa.text("UPDATE story_state SET data = :data WHERE id = 1"),
            {"data": json.dumps(state, separators=(",", ":"))},
        )
    op.drop_table("cluster_articles")
    op.drop_table("cluster_stories")
