"""The one module that talks SMTP (aiosmtplib).

``SmtpMailer.send`` walks the exchange step by step so that a failure says whether the
message may have been delivered, which decides what the caller does next:

    MailUnavailable   nothing was handed over (connection, TLS, sign-in, MAIL FROM):
                      try again later
    MailRefused       the server said no: to this recipient at RCPT (``recipient`` is
                      True: a bounce) or to the message at DATA; ``permanent`` for 5xx
    MailUncertain     the connection broke during DATA: it may have arrived, so it
                      must not be sent again

``Mailer`` is what the rest of the community needs; tests and ``--dry-run`` pass others.
"""

from __future__ import annotations

import email.policy
from email.message import EmailMessage
from email.utils import parseaddr
from typing import Protocol

import aiosmtplib

from broadsheet.community.config import CommunityConfig
from broadsheet.errors import BroadsheetError


class MailError(BroadsheetError):
    """A mail could not be sent."""


class MailUnavailable(MailError):
    """The mail server could not be reached or would not take mail: nothing was sent."""


class MailRefused(MailError):
    def __init__(self, message: str, *, code: int, recipient: bool) -> None:
        super().__init__(message)
        self.code = code
        self.recipient = recipient

    @property
    def permanent(self) -> bool:
        return self.code >= 500


class MailUncertain(MailError):
    """The exchange broke after the message was handed over: it may have been delivered."""


class Mailer(Protocol):
    async def send(self, message: EmailMessage) -> None: ...


def envelope(message: EmailMessage) -> tuple[str, str]:
    """(sender, recipient) of a message we built: exactly one recipient, always."""
    sender = parseaddr(str(message["From"]))[1]
    recipient = parseaddr(str(message["To"]))[1]
    if not sender or not recipient:
        raise MailError("a message needs one sender and one recipient")
    return sender, recipient


class SmtpMailer:
    def __init__(self, config: CommunityConfig) -> None:
        if config.smtp_tls and config.smtp_starttls:
            raise MailError("choose either smtp_tls (port 465) or smtp_starttls, not both")
        self.config = config

    def _client(self) -> aiosmtplib.SMTP:
        c = self.config
        if not c.smtp_host:
            raise MailUnavailable("no mail server is configured (BROADSHEET_SMTP_HOST)")
        return aiosmtplib.SMTP(
            hostname=c.smtp_host,
            port=c.smtp_port,
            username=c.smtp_user or None,
            password=c.smtp_password or None,
            use_tls=c.smtp_tls,
            start_tls=c.smtp_starttls,
            timeout=c.smtp_timeout,
        )

    async def send(self, message: EmailMessage) -> None:
        sender, recipient = envelope(message)
        data = message.as_bytes(policy=email.policy.SMTP)
        client = self._client()
        try:
            await client.connect()
        except (aiosmtplib.SMTPException, OSError) as exc:
            raise MailUnavailable(f"cannot reach the mail server: {exc}") from exc
        try:
            await self._hand_over(client, sender, recipient, data)
        finally:
            if client.is_connected:
                try:
                    await client.quit()
                except (aiosmtplib.SMTPException, OSError):
                    client.close()

    async def _hand_over(
        self, client: aiosmtplib.SMTP, sender: str, recipient: str, data: bytes
    ) -> None:
        try:
            await client.mail(sender)
            await client.rcpt(recipient)
        except aiosmtplib.SMTPRecipientRefused as exc:
            raise MailRefused(f"{exc.code} {exc.message}", code=exc.code, recipient=True) from exc
        except (aiosmtplib.SMTPException, OSError) as exc:
            raise MailUnavailable(f"the mail server would not take mail: {exc}") from exc
        try:
            await client.data(data)
        except aiosmtplib.SMTPDataError as exc:
            raise MailRefused(f"{exc.code} {exc.message}", code=exc.code, recipient=False) from exc
        except (aiosmtplib.SMTPException, OSError) as exc:
            raise MailUncertain(f"the connection broke while sending: {exc}") from exc


class PrintingMailer:
    """Collects messages instead of sending them (``--dry-run``)."""

    def __init__(self) -> None:
        self.sent: list[EmailMessage] = []

    async def send(self, message: EmailMessage) -> None:
        self.sent.append(message)
