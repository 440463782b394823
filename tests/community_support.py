"""Shared pieces of the community tests: a real SMTP server on loopback, a community
over the ``store`` fixture with cheap argon2 parameters, and mail helpers."""

from __future__ import annotations

import asyncio
import email
import email.policy
import re
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from typing import Any

import httpx
from aiosmtpd.controller import Controller
from sqlalchemy import text

from broadsheet.community.config import community_config
from broadsheet.community.context import Community
from broadsheet.community.mail import SmtpMailer
from broadsheet.config import Settings
from broadsheet.store import subscribers as subscriber_store
from broadsheet.store.community_schema import COMMUNITY_TABLES
from broadsheet.store.db import Store
from broadsheet.web import community
from broadsheet.web.app import create_app

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
SECRET = b"test-secret-for-community"
CHEAP = {"argon2_time_cost": 1, "argon2_memory_kib": 1024, "argon2_parallelism": 1}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class Inbox:
    """An aiosmtpd handler that keeps what it receives and refuses what it is told to."""

    received: list[tuple[list[str], EmailMessage]] = field(default_factory=list)
    refuse: dict[str, str] = field(default_factory=dict)  # address -> SMTP reply
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]
    ) -> str:
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        with self.lock:
            self.received.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted"

    def to(self, address: str) -> list[EmailMessage]:
        with self.lock:
            return [m for rcpt, m in self.received if address in rcpt]


@dataclass
class SmtpServer:
    host: str
    port: int
    inbox: Inbox


@contextmanager
def running_smtp() -> Iterator[SmtpServer]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield SmtpServer("127.0.0.1", port, inbox)
    finally:
        controller.stop()


def clear_community(store: Store) -> None:
    """The ``store`` fixture empties the foundation tables; this empties ours."""
    if store.dialect == "postgresql":
        with store.begin() as conn:
            conn.execute(text(f"TRUNCATE {', '.join(COMMUNITY_TABLES)} RESTART IDENTITY CASCADE"))


def community_settings(settings: Settings, smtp: SmtpServer | None = None) -> Settings:
    """Settings with the community's values; works before config.py declares them."""
    return settings.replace(base_url="http://127.0.0.1:8000", secret_key=SECRET.decode())


def make_community(
    store: Store, settings: Settings, smtp: SmtpServer | None = None, **overrides: Any
) -> Community:
    values: dict[str, Any] = {**CHEAP, "base_url": "http://127.0.0.1:8000", "form_min_seconds": 0.0}
    if smtp is not None:
        values.update(smtp_host=smtp.host, smtp_port=smtp.port, smtp_starttls=False)
    values.update(overrides)
    return Community.create(settings, store, SECRET, **values)


def mailer_for(community: Community) -> SmtpMailer:
    return SmtpMailer(community.config)


def body_text(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    content = part.get_content()
    assert isinstance(content, str)
    return content


def body_html(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("html",))
    assert part is not None
    content = part.get_content()
    assert isinstance(content, str)
    return content


def links(message_text: str) -> list[str]:
    return re.findall(r"https?://[^\s<>\"]+", message_text)


def only_link(message: EmailMessage, path: str) -> str:
    found = [u for u in links(body_text(message)) if path in u]
    assert len(found) == 1, found
    return found[0]


class Clock:
    """The site's clock, moved by hand so that form timing checks can be passed."""

    def __init__(self, start: datetime = NOW) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def community_app(
    settings: Settings, store: Store, smtp: SmtpServer, clock: Clock, **overrides: Any
) -> Any:
    """The site from ``create_app`` with the community router in front of its routes."""
    app = create_app(settings.replace(secret_key=SECRET.decode()), store, clock=clock)
    before = len(app.router.routes)
    app.include_router(community.router)
    added = app.router.routes[before:]
    # Until the lead mounts it, the site's /newsletter placeholder would answer first.
    app.router.routes[:] = added + app.router.routes[:before]
    values: dict[str, Any] = {
        **CHEAP,
        "smtp_host": smtp.host,
        "smtp_port": smtp.port,
        "smtp_starttls": False,
    }
    values.update(overrides)
    community.install(app, **values)
    return app


class HttpClient:
    """An in-process HTTP client for an ASGI app that keeps its cookies, like a browser."""

    def __init__(self, app: Any, *, ip: str = "127.0.0.1") -> None:
        self.app = app
        self.transport = httpx.ASGITransport(app=app, client=(ip, 50123))
        self.cookies = httpx.Cookies()

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        async def send() -> httpx.Response:
            async with httpx.AsyncClient(
                transport=self.transport, base_url="http://testserver", cookies=self.cookies
            ) as client:
                response = await client.request(method, url, **kwargs)
                self.cookies = httpx.Cookies(client.cookies)
                return response

        return asyncio.run(send())

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", url, **kwargs)


def digest_mailer(smtp: SmtpServer) -> SmtpMailer:
    """The mailer a worker would use, pointed at the loopback server."""
    return SmtpMailer(
        community_config(Settings(), smtp_host=smtp.host, smtp_port=smtp.port, smtp_starttls=False)
    )


def confirmed_subscriber(store: Store, address: str, **prefs: Any) -> int:
    """A subscriber confirmed two days before ``NOW``, with ``prefs`` (set_preferences)."""
    with store.begin() as conn:
        subscriber_store.add_pending(
            conn,
            address=address,
            mailbox_key=address,
            token_salt="salt-" + address,
            member_id=None,
            now=NOW - timedelta(days=2),
        )
        found = subscriber_store.by_mailbox(conn, address)
        assert found is not None
        subscriber_store.confirm(conn, found.id, now=NOW - timedelta(days=2))
        if prefs:
            subscriber_store.set_preferences(
                conn,
                found.id,
                frequency=prefs.get("frequency", "daily"),
                send_hour=prefs.get("send_hour", 7),
                send_weekday=prefs.get("send_weekday", 0),
                source_ids=tuple(prefs.get("source_ids", ())),
                time_zone=prefs.get("time_zone", "UTC"),
                topics=tuple(prefs.get("topics", ())),
            )
    return found.id
