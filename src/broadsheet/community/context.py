"""What every community operation needs, and the one error they give visitors.

``Community`` is built once at the edge (web app, CLI, worker) from the settings and the
store and passed down. ``Refused`` carries a message meant for the visitor, generic
where a precise one would tell an attacker something (whether an account exists,
which of two limits was hit).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

from broadsheet.community.config import CommunityConfig, community_config
from broadsheet.community.passwords import Passwords
from broadsheet.config import Settings
from broadsheet.errors import BroadsheetError
from broadsheet.store.db import Store


class Refused(BroadsheetError):
    """A visitor's request was refused; ``str()`` is what to tell them."""

    def __init__(self, message: str, *, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


GENERIC_SIGNIN = "That address and password do not match an account."
TOO_MANY = "Too many attempts from here. Please wait a few minutes and try again."


@dataclass(frozen=True)
class Community:
    config: CommunityConfig
    store: Store
    secret: bytes
    passwords: Passwords

    @classmethod
    def create(
        cls, settings: Settings, store: Store, secret: bytes, **overrides: object
    ) -> Community:
        config = community_config(settings, **overrides)
        return cls(
            config=config, store=store, secret=secret, passwords=Passwords.from_config(config)
        )


def link(base: str, path: str, **query: str) -> str:
    """An absolute link into the site, for mails."""
    url = base.rstrip("/") + path
    return f"{url}?{urlencode(query)}" if query else url


def hours(now: datetime, then: datetime | None) -> float:
    """Hours from ``then`` to ``now``; infinity when ``then`` is None."""
    if then is None:
        return float("inf")
    return (now - then).total_seconds() / 3600
