"""``broadsheet admin`` and ``broadsheet newsletter``: click groups that cli.py registers.

broadsheet admin create EMAIL [--name NAME] [--role admin|moderator|reader]
    an account, verified at once; the password is asked twice (or BROADSHEET_ADMIN_PASSWORD)
broadsheet admin role EMAIL ROLE
broadsheet newsletter send [--dry-run]
    send the digests that are due now; --dry-run prints what would go to whom
broadsheet newsletter flush
    send the single mails (confirmations, resets) still waiting in the outbox
"""

from __future__ import annotations

import asyncio
import os
import sys
from datetime import UTC, datetime
from typing import Any

import click

from broadsheet.community import accounts, digest, outbox
from broadsheet.community.context import Community, Refused
from broadsheet.community.mail import SmtpMailer
from broadsheet.config import Settings, load_settings
from broadsheet.errors import BroadsheetError, ConfigError
from broadsheet.store import members as member_store
from broadsheet.store.db import Store, open_store
from broadsheet.store.members import ROLES

EXIT_FAILED = 1
EXIT_CONFIG = 3


def _settings(ctx: click.Context) -> Settings:
    obj: dict[str, Any] = ctx.ensure_object(dict)
    if "settings" not in obj:
        obj["settings"] = load_settings()
    settings: Settings = obj["settings"]
    return settings


def _open(ctx: click.Context) -> tuple[Settings, Store]:
    try:
        settings = _settings(ctx)
        return settings, open_store(settings)
    except ConfigError as exc:
        click.echo(f"configuration error: {exc}", err=True)
        sys.exit(EXIT_CONFIG)
    except BroadsheetError as exc:
        raise click.ClickException(str(exc)) from exc


def _community(settings: Settings, store: Store) -> Community:
    try:
        secret = digest.read_secret(settings)
    except ConfigError:
        secret = b"cli: no links are signed by these commands"
    return Community.create(settings, store, secret)


@click.group()
def admin() -> None:
    """Accounts made by the operator."""


@admin.command("create")
@click.argument("email")
@click.option("--name", default="Admin", show_default=True, help="Display name.")
@click.option("--role", type=click.Choice(ROLES), default="admin", show_default=True)
@click.pass_context
def admin_create(ctx: click.Context, email: str, name: str, role: str) -> None:
    """Create an account, verified at once (the first one is normally the admin)."""
    settings, store = _open(ctx)
    password = os.environ.get("BROADSHEET_ADMIN_PASSWORD") or click.prompt(
        "Password", hide_input=True, confirmation_prompt=True
    )
    try:
        member = accounts.create_account(
            _community(settings, store),
            email=email,
            display_name=name,
            password=password,
            role=role,
            now=datetime.now(UTC),
        )
    except Refused as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        store.close()
    click.echo(f"created {member.role} {member.email} (id {member.id})")


@admin.command("role")
@click.argument("email")
@click.argument("role", type=click.Choice(ROLES))
@click.pass_context
def admin_role(ctx: click.Context, email: str, role: str) -> None:
    """Give an account another role."""
    _, store = _open(ctx)
    try:
        with store.begin() as conn:
            member = member_store.member_by_email(conn, email.strip().lower())
            if member is None:
                raise click.ClickException(f"no account has the address {email}")
            member_store.update_member(conn, member.id, role=role)
    finally:
        store.close()
    click.echo(f"{email} is now {role}")


@click.group()
def newsletter() -> None:
    """The newsletter's digests and mail."""


@newsletter.command("send")
@click.option("--dry-run", is_flag=True, help="Print what would be sent to whom; send nothing.")
@click.pass_context
def newsletter_send(ctx: click.Context, dry_run: bool) -> None:
    """Send the digests that are due now (the worker does this on its own)."""
    settings, store = _open(ctx)
    now = datetime.now(UTC)
    try:
        if dry_run:
            plans = digest.plan(_community(settings, store), now=now)
            for line in digest.describe(plans):
                click.echo(line)
            click.echo(f"{len(plans)} digests due; nothing sent (dry run)", err=True)
            return
        community = _community(settings, store)
        report = asyncio.run(
            digest.send_due_digests(settings, store, now=now, mailer=SmtpMailer(community.config))
        )
    except BroadsheetError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        store.close()
    click.echo(
        f"{report.sent} sent, {report.bounced} bounced, {report.retrying} to retry, "
        f"{report.failed} failed, {report.uncertain} uncertain, {report.empty} empty"
    )
    if report.failed or report.uncertain:
        sys.exit(EXIT_FAILED)


@newsletter.command("flush")
@click.pass_context
def newsletter_flush(ctx: click.Context) -> None:
    """Send the confirmation, verification and reset mails waiting in the outbox."""
    settings, store = _open(ctx)
    try:
        community = _community(settings, store)
        report = asyncio.run(
            outbox.deliver(store, SmtpMailer(community.config), now=datetime.now(UTC))
        )
    finally:
        store.close()
    click.echo(f"{report.sent} sent, {report.retrying} to retry, {report.failed} failed")
