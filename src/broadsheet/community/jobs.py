"""The community's share of the worker loop: one call per pass.

``run_jobs`` sends the mails that had to wait in the outbox, the digests that are due,
and forgets expired sessions, rate-limit counters and spent tokens. The worker calls it
every minute or so; several workers may call it at once (every step claims its rows).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from broadsheet.community import outbox
from broadsheet.community.digest import SendReport, read_secret, send_due_digests
from broadsheet.community.mail import Mailer
from broadsheet.config import Settings
from broadsheet.store import guards
from broadsheet.store import members as member_store
from broadsheet.store.db import Store


@dataclass(frozen=True, slots=True)
class JobsReport:
    digests: SendReport
    mail: outbox.DeliveryReport
    pruned: int


async def run_jobs(
    settings: Settings, store: Store, *, now: datetime, mailer: Mailer
) -> JobsReport:
    mail = await outbox.deliver(store, mailer, now=now)
    digests = await send_due_digests(
        settings, store, now=now, mailer=mailer, secret=read_secret(settings)
    )
    with store.begin() as conn:
        pruned = guards.prune(conn, now=now) + member_store.prune_sessions(conn, now=now)
    return JobsReport(digests=digests, mail=mail, pruned=pruned)
