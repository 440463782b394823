"""Newsletter preferences: the subscriber's time zone and topics.

``send_hour`` becomes a local time of day in ``time_zone`` (an IANA name); existing
subscribers get ``UTC``, so their digests keep coming at the same hour. ``topics`` is a
JSON list of sections, names or keywords; the empty list means every topic.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("subscribers") as batch:
        batch.add_column(
            sa.Column("time_zone", sa.String(64), nullable=False, server_default="UTC")
        )
        batch.add_column(sa.Column("topics", sa.Text, nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("subscribers") as batch:
        batch.drop_column("topics")
        batch.drop_column("time_zone")
