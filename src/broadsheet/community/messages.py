"""The mails Broadsheet sends, built from templates in ``community/templates/mail``.

No text a visitor typed goes into a mail: confirmation, verification and reset mails hold
the site's name, fixed wording and links we signed. The recipient is an address that
``emails.parse_address`` accepted. Every message has Date and a Message-ID on the
sender's domain; the headers are plain so a DKIM signer downstream can sign them.
"""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from broadsheet.community.config import CommunityConfig

TEMPLATES = Path(__file__).with_name("templates")
_ENV = Environment(
    loader=FileSystemLoader(str(TEMPLATES)),
    autoescape=select_autoescape(["html"], default_for_string=False, default=False),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


def render(template: str, **context: Any) -> str:
    return _ENV.get_template(template).render(**context)


def build(
    config: CommunityConfig,
    *,
    to: str,
    subject: str,
    text: str,
    html: str | None = None,
    now: datetime,
    headers: dict[str, str] | None = None,
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = config.sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(now)
    message["Message-ID"] = make_msgid(domain=config.mail_domain)
    for name, value in (headers or {}).items():
        message[name] = value
    # Quoted-printable keeps every line 7-bit clean whatever the text, for any relay.
    message.set_content(text, cte="quoted-printable")
    if html is not None:
        message.add_alternative(html, subtype="html", cte="quoted-printable")
    return message


def _transactional(
    config: CommunityConfig, template: str, *, to: str, subject: str, now: datetime, **context: Any
) -> EmailMessage:
    text = render(f"mail/{template}.txt", site=config.site_name, **context)
    return build(
        config,
        to=to,
        subject=f"{config.site_name}: {subject}",
        text=text,
        now=now,
        headers={"Auto-Submitted": "auto-generated"},
    )


def confirm_subscription(
    config: CommunityConfig, *, to: str, link: str, now: datetime
) -> EmailMessage:
    return _transactional(
        config, "confirm", to=to, subject="confirm your newsletter subscription", now=now, link=link
    )


def verify_address(config: CommunityConfig, *, to: str, link: str, now: datetime) -> EmailMessage:
    return _transactional(
        config, "verify", to=to, subject="confirm your e-mail address", now=now, link=link
    )


def reset_password(config: CommunityConfig, *, to: str, link: str, now: datetime) -> EmailMessage:
    return _transactional(config, "reset", to=to, subject="reset your password", now=now, link=link)


def account_exists(
    config: CommunityConfig, *, to: str, signin: str, reset: str, now: datetime
) -> EmailMessage:
    return _transactional(
        config,
        "exists",
        to=to,
        subject="you already have an account",
        now=now,
        signin=signin,
        reset=reset,
    )


def address_changing(config: CommunityConfig, *, to: str, now: datetime) -> EmailMessage:
    return _transactional(
        config, "changing", to=to, subject="your e-mail address is changing", now=now
    )
