"""The community's view of the settings: each field is the setting of the same name in
``broadsheet.config`` (the defaults here only serve code that builds one by hand)."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any
from urllib.parse import urlsplit

from broadsheet.config import Settings


@dataclass(frozen=True, slots=True)
class CommunityConfig:
    site_name: str = "Broadsheet"
    base_url: str = ""
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_starttls: bool = True
    smtp_tls: bool = False
    smtp_timeout: float = 30.0
    mail_from: str = ""
    # argon2id cost; a stored hash made with other values is redone at the next sign-in
    argon2_time_cost: int = 3
    argon2_memory_kib: int = 65536
    argon2_parallelism: int = 4
    session_days: int = 30
    comment_edit_minutes: int = 15
    comment_max_chars: int = 10_000
    comment_max_links: int = 3
    comments_per_hour: int = 10  # per member, and four times as many per client address
    signins_per_15min: int = 10  # per address tried, and three times as many per client
    signups_per_hour: int = 5  # per client address: accounts, resets, newsletter sign-ups
    confirmations_per_day: int = 50  # confirmation mails per /24 (IPv4) or /48 (IPv6)
    form_min_seconds: float = 3.0  # forms sent back quicker than this are from bots
    pow_bits: int = 18  # proof of work asked when a limit is near; 0 turns it off
    digest_items: int = 10
    digest_max_attempts: int = 5

    @property
    def sender(self) -> str:
        if self.mail_from:
            return self.mail_from
        host = urlsplit(self.base_url).hostname or "localhost"
        return f"{self.site_name} <noreply@{host}>"

    @property
    def mail_domain(self) -> str:
        """The domain of Message-IDs: the sender's."""
        address = self.sender.rsplit("<", 1)[-1].rstrip(">")
        return address.rsplit("@", 1)[-1] or "localhost"


def community_config(settings: Settings, **overrides: Any) -> CommunityConfig:
    values: dict[str, Any] = {}
    for item in fields(CommunityConfig):
        values[item.name] = getattr(settings, item.name)
    values.update(overrides)
    return CommunityConfig(**values)
