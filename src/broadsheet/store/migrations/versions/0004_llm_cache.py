"""LLM backend: cached results per subject version, feature and model; daily token use.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from broadsheet.store.schema import UTCDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "llm_results",
        sa.Column("subject", sa.String(40), primary_key=True),
        sa.Column("feature", sa.String(64), primary_key=True),
        sa.Column("model", sa.String(200), primary_key=True),
        sa.Column("version", sa.String(64), nullable=False),
        sa.Column("data", sa.Text, nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "llm_usage",
        sa.Column("day", sa.Date, primary_key=True),
        sa.Column("tokens", sa.BigInteger, nullable=False),
        sa.Column("requests", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("llm_usage")
    op.drop_table("llm_results")
