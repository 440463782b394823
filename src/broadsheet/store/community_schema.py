"""Tables of the community: members, sessions, comments, moderation, newsletter, mail.

They hang on the shared ``metadata`` of ``schema.py``; migration ``0002_community`` is
how a database gets them, and ``tests/test_community_store.py`` checks the two agree.

State that several web processes and workers share lives here, never in a process:
sessions, used single-use tokens, rate-limit counters, the mail outbox and the digest
send log (one row per subscriber and period, written before the mail goes out).
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from broadsheet.store.schema import UTCDateTime, metadata

members = Table(
    "members",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("email", String(320), nullable=False, unique=True),
    Column("pending_email", String(320)),
    Column("email_verified_at", UTCDateTime()),
    Column("display_name", String(80), nullable=False),
    Column("password_hash", String(300), nullable=False),
    Column("role", String(20), nullable=False),  # reader | moderator | admin
    Column("status", String(20), nullable=False),  # active | banned
    Column("shadow_limited", Boolean, nullable=False),
    Column("approved_comments", Integer, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
)

member_sessions = Table(
    "member_sessions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("member_id", ForeignKey("members.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("last_seen_at", UTCDateTime(), nullable=False),
    Column("expires_at", UTCDateTime(), nullable=False),
    Column("user_agent", String(300), nullable=False),
    Column("ip", String(64), nullable=False),
)

used_tokens = Table(
    "used_tokens",
    metadata,
    Column("nonce", String(64), primary_key=True),
    Column("expires_at", UTCDateTime(), nullable=False, index=True),
)

rate_counters = Table(
    "rate_counters",
    metadata,
    Column("key", String(200), primary_key=True),
    Column("window_start", UTCDateTime(), primary_key=True),
    Column("count", Integer, nullable=False),
    Column("expires_at", UTCDateTime(), nullable=False, index=True),
)

comments = Table(
    "comments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("parent_id", ForeignKey("comments.id", ondelete="CASCADE"), index=True),
    Column("member_id", ForeignKey("members.id", ondelete="SET NULL"), index=True),
    Column("body", Text, nullable=False),  # verbatim, as the member wrote it
    Column("body_html", Text, nullable=False),  # rendered and sanitized at write time
    # pending | published | shadow | removed (by a moderator) | deleted (by the author)
    Column("status", String(20), nullable=False),
    Column("hold_reason", String(40)),  # first_comment | links | reports
    Column("report_count", Integer, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("edited_at", UTCDateTime()),
    Index("ix_comments_article", "article_id", "status"),
    Index("ix_comments_queue", "status", "report_count"),
)

comment_reports = Table(
    "comment_reports",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("comment_id", ForeignKey("comments.id", ondelete="CASCADE"), nullable=False),
    Column("member_id", ForeignKey("members.id", ondelete="CASCADE"), nullable=False),
    Column("reason", String(40), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    UniqueConstraint("comment_id", "member_id"),
)

moderation_log = Table(
    "moderation_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("moderator_id", ForeignKey("members.id", ondelete="SET NULL")),
    Column("action", String(40), nullable=False),
    Column("comment_id", ForeignKey("comments.id", ondelete="SET NULL")),
    Column("member_id", ForeignKey("members.id", ondelete="SET NULL")),
    Column("note", Text, nullable=False),
    Column("at", UTCDateTime(), nullable=False, index=True),
)

subscribers = Table(
    "subscribers",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("address", String(320), nullable=False),
    # The address with case, dots and +tags folded: one subscription (and one pending
    # confirmation) per mailbox, whatever spelling a sign-up form is fed.
    Column("mailbox_key", String(320), nullable=False, unique=True),
    Column("status", String(20), nullable=False),  # pending | confirmed | unsubscribed | bounced
    Column("frequency", String(10), nullable=False),  # daily | weekly
    Column("send_hour", Integer, nullable=False),  # 0-23, local time in time_zone
    Column("send_weekday", Integer, nullable=False),  # 0 = Monday, for weekly digests
    Column("source_ids", Text, nullable=False),  # JSON list; empty list = every outlet
    # IANA name (zoneinfo); the period key and the send time follow its local date (0007)
    Column("time_zone", String(64), nullable=False, server_default="UTC"),
    # JSON list of sections, names or keywords; empty list = every topic (0007)
    Column("topics", Text, nullable=False, server_default="[]"),
    Column("token_salt", String(32), nullable=False),
    Column("member_id", ForeignKey("members.id", ondelete="SET NULL")),
    Column("confirm_sent_at", UTCDateTime()),
    Column("confirm_count", Integer, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("confirmed_at", UTCDateTime()),
    Column("unsubscribed_at", UTCDateTime()),
    Column("bounced_at", UTCDateTime()),
    Column("bounce_reason", Text),
    Index("ix_subscribers_due", "status", "frequency"),
)

digest_sends = Table(
    "digest_sends",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("subscriber_id", ForeignKey("subscribers.id", ondelete="CASCADE"), nullable=False),
    # day:2026-11-25 | week:2026-W48, by the subscriber's local calendar
    Column("period", String(20), nullable=False),
    # pending -> sending -> sent | bounced | failed | uncertain | empty
    Column("state", String(20), nullable=False),
    # JSON list fixed when the row is made: the lead article of each item (a story's or a
    # lone article's), in digest order; the story is looked up again when the mail is built
    Column("article_ids", Text, nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("next_attempt_at", UTCDateTime(), nullable=False),
    Column("claimed_at", UTCDateTime()),
    Column("message_id", String(200)),
    Column("last_error", Text),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("sent_at", UTCDateTime()),
    UniqueConstraint("subscriber_id", "period"),
    Index("ix_digest_sends_due", "state", "next_attempt_at"),
)

outbound_mail = Table(
    "outbound_mail",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(30), nullable=False),  # confirm | verify | reset | notice
    Column("to_address", String(320), nullable=False),
    Column("message", Text, nullable=False),  # the whole RFC 5322 message; blanked once sent
    Column("state", String(20), nullable=False),  # pending | sending | sent | failed | uncertain
    Column("attempts", Integer, nullable=False),
    Column("next_attempt_at", UTCDateTime(), nullable=False),
    Column("claimed_at", UTCDateTime()),
    Column("last_error", Text),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("sent_at", UTCDateTime()),
    Index("ix_outbound_mail_due", "state", "next_attempt_at"),
)

COMMUNITY_TABLES = (
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
)
