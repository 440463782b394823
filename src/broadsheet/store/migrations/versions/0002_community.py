"""Community: members, sessions, tokens, rate limits, comments, moderation, newsletter, mail.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from broadsheet.store.schema import UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _id() -> sa.Column[int]:
    return sa.Column("id", sa.Integer, primary_key=True)


def _fk(
    name: str, target: str, ondelete: str, *, nullable: bool = True, index: bool = False
) -> sa.Column[int]:
    return sa.Column(
        name,
        sa.Integer,
        sa.ForeignKey(target, ondelete=ondelete),
        nullable=nullable,
        index=index or None,
    )


def upgrade() -> None:
    op.create_table(
        "members",
        _id(),
        sa.Column("email", sa.String(320), nullable=False, unique=True),
        sa.Column("pending_email", sa.String(320)),
        sa.Column("email_verified_at", UTCDateTime()),
        sa.Column("display_name", sa.String(80), nullable=False),
        sa.Column("password_hash", sa.String(300), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("shadow_limited", sa.Boolean, nullable=False),
        sa.Column("approved_comments", sa.Integer, nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "member_sessions",
        _id(),
        _fk("member_id", "members.id", "CASCADE", nullable=False, index=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("last_seen_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.Column("user_agent", sa.String(300), nullable=False),
        sa.Column("ip", sa.String(64), nullable=False),
    )
    op.create_table(
        "used_tokens",
        sa.Column("nonce", sa.String(64), primary_key=True),
        sa.Column("expires_at", UTCDateTime(), nullable=False, index=True),
    )
    op.create_table(
        "rate_counters",
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("window_start", UTCDateTime(), primary_key=True),
        sa.Column("count", sa.Integer, nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False, index=True),
    )
    op.create_table(
        "comments",
        _id(),
        _fk("article_id", "articles.id", "CASCADE", nullable=False),
        _fk("parent_id", "comments.id", "CASCADE", index=True),
        _fk("member_id", "members.id", "SET NULL", index=True),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("body_html", sa.Text, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("hold_reason", sa.String(40)),
        sa.Column("report_count", sa.Integer, nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("edited_at", UTCDateTime()),
    )
    op.create_index("ix_comments_article", "comments", ["article_id", "status"])
    op.create_index("ix_comments_queue", "comments", ["status", "report_count"])
    op.create_table(
        "comment_reports",
        _id(),
        _fk("comment_id", "comments.id", "CASCADE", nullable=False),
        _fk("member_id", "members.id", "CASCADE", nullable=False),
        sa.Column("reason", sa.String(40), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("comment_id", "member_id"),
    )
    op.create_table(
        "moderation_log",
        _id(),
        _fk("moderator_id", "members.id", "SET NULL"),
        sa.Column("action", sa.String(40), nullable=False),
        _fk("comment_id", "comments.id", "SET NULL"),
        _fk("member_id", "members.id", "SET NULL"),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False, index=True),
    )
    op.create_table(
        "subscribers",
        _id(),
        sa.Column("address", sa.String(320), nullable=False),
        sa.Column("mailbox_key", sa.String(320), nullable=False, unique=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("frequency", sa.String(10), nullable=False),
        sa.Column("send_hour", sa.Integer, nullable=False),
        sa.Column("send_weekday", sa.Integer, nullable=False),
        sa.Column("source_ids", sa.Text, nullable=False),
        sa.Column("token_salt", sa.String(32), nullable=False),
        _fk("member_id", "members.id", "SET NULL"),
        sa.Column("confirm_sent_at", UTCDateTime()),
        sa.Column("confirm_count", sa.Integer, nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("confirmed_at", UTCDateTime()),
        sa.Column("unsubscribed_at", UTCDateTime()),
        sa.Column("bounced_at", UTCDateTime()),
        sa.Column("bounce_reason", sa.Text),
    )
    op.create_index("ix_subscribers_due", "subscribers", ["status", "frequency"])
    op.create_table(
        "digest_sends",
        _id(),
        _fk("subscriber_id", "subscribers.id", "CASCADE", nullable=False),
        sa.Column("period", sa.String(20), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("article_ids", sa.Text, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("next_attempt_at", UTCDateTime(), nullable=False),
        sa.Column("claimed_at", UTCDateTime()),
        sa.Column("message_id", sa.String(200)),
        sa.Column("last_error", sa.Text),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("sent_at", UTCDateTime()),
        sa.UniqueConstraint("subscriber_id", "period"),
    )
    op.create_index("ix_digest_sends_due", "digest_sends", ["state", "next_attempt_at"])
    op.create_table(
        "outbound_mail",
        _id(),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("to_address", sa.String(320), nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("next_attempt_at", UTCDateTime(), nullable=False),
        sa.Column("claimed_at", UTCDateTime()),
        sa.Column("last_error", sa.Text),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("sent_at", UTCDateTime()),
    )
    op.create_index("ix_outbound_mail_due", "outbound_mail", ["state", "next_attempt_at"])


def downgrade() -> None:
    for table in (
        "outbound_mail",
        "digest_sends",
        "subscribers",
        "moderation_log",
        "comment_reports",
        "comments",
        "rate_counters",
        "used_tokens",
        "member_sessions",
        "members",
    ):
        op.drop_table(table)
