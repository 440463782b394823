"""Two web processes and two workers on one PostgreSQL database, as deployed.

``broadsheet serve`` runs twice (two loopback ports, each with its own data directory)
and ``broadsheet worker`` twice, as real subprocesses; the test talks to them over real
HTTP (httpx) and receives their mail with a real SMTP server (aiosmtpd). Nothing is
shared but the database and the settings, so everything checked here holds only if the
state lives in the database:

- an account signed up on A is confirmed and signed in on B; the session cookie works on
  both, and signing out on one ends it on the other;
- the sign-in limit of an address counts the attempts made on both;
- a comment posted through A (held, then approved by a moderator on B) is seen on B and A;
- a newsletter confirmation mailed by A is confirmed on B;
- the digests that the two workers send reach each subscriber exactly once, even though
  one worker is killed in the middle of handing a digest to the mail server.

Needs ``BROADSHEET_TEST_DATABASE_URL`` (a PostgreSQL database; a schema of its own is
made and dropped); skipped without it.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import create_engine, text

from broadsheet.community import accounts
from broadsheet.community.context import Community
from broadsheet.config import Settings
from broadsheet.model import ArticleDraft
from broadsheet.store import articles as article_store
from broadsheet.store import feeds as feed_store
from broadsheet.store import mailqueue
from broadsheet.store import subscribers as subscriber_store
from broadsheet.store.db import Store, open_store
from tests.community_support import Inbox, body_text, free_port

PG_URL = os.environ.get("BROADSHEET_TEST_DATABASE_URL", "")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not PG_URL,
        reason="set BROADSHEET_TEST_DATABASE_URL to a PostgreSQL database to run two web "
        "processes and two workers against it",
    ),
]
SECRET = "multiprocess-test-secret"
CHEAP_ARGON2 = {"argon2_time_cost": 1, "argon2_memory_kib": 1024, "argon2_parallelism": 1}
TIMEOUT = 30.0
PASSWORD = "correct horse battery"
SUBSCRIBERS = 12  # besides the one who signs up through the web
STALL_AT = 4  # the digest whose hand-over is held until a worker is killed
DEADLINE = 40.0


class StallingInbox(Inbox):
    """Receives everything; holds the reply to the ``STALL_AT``-th digest until released,
    and notes the client port of that one."""

    def __init__(self) -> None:
        super().__init__()
        self.digests = 0
        self.stalled_port: int | None = None
        self.stalled = threading.Event()
        self.release = threading.Event()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        reply = await super().handle_DATA(server, session, envelope)
        if not re.search(rb"^Subject: .*top stories", envelope.content, re.MULTILINE):
            return reply
        with self.lock:
            self.digests += 1
            count = self.digests
        if count == STALL_AT:
            self.stalled_port = int(session.peer[1])
            self.stalled.set()
            await asyncio.to_thread(self.release.wait, DEADLINE)
        return reply


def owner_of_port(port: int, pids: list[int]) -> int | None:
    """The process (of ``pids``) holding the TCP socket whose local port is ``port``."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if int(fields[1].rsplit(":", 1)[1], 16) == port:
                inodes.add(f"socket:[{fields[9]}]")
    for pid in pids:
        try:
            fds = list(Path(f"/proc/{pid}/fd").iterdir())
        except OSError:
            continue
        for fd in fds:
            try:
                if str(fd.readlink()) in inodes:
                    return pid
            except OSError:
                continue
    return None


@pytest.fixture
def database_url() -> Iterator[str]:
    schema = f"bs_mp_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in PG_URL else "?"
    try:
        yield f"{PG_URL}{separator}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def inbox() -> Iterator[tuple[StallingInbox, int]]:
    handler = StallingInbox()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        handler.release.set()
        controller.stop()


class Processes:
    """The subprocesses of a test, stopped at the end whatever happens."""

    def __init__(self, tmp: Path, env: dict[str, str]) -> None:
        self.tmp = tmp
        self.env = env
        self.running: list[tuple[str, subprocess.Popen[bytes]]] = []
        self.log_files: list[Any] = []

    def start(self, name: str, *args: str) -> subprocess.Popen[bytes]:
        data_dir = self.tmp / name  # nothing on disk is shared between the processes
        data_dir.mkdir()
        log = (self.tmp / f"{name}.log").open("wb")
        self.log_files.append(log)
        process = subprocess.Popen(
            [sys.executable, "-m", "broadsheet", *args],
            env={**self.env, "BROADSHEET_DATA_DIR": str(data_dir)},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.running.append((name, process))
        return process

    def logs(self) -> str:
        return "\n".join(
            f"--- {name}\n" + (self.tmp / f"{name}.log").read_text(errors="replace")[-3000:]
            for name, _ in self.running
        )

    def stop(self) -> None:
        for _, process in self.running:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for _, process in self.running:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for log in self.log_files:
            log.close()


def wait_for(check: Callable[[], bool], what: str, processes: Processes) -> None:
    deadline = time.monotonic() + DEADLINE
    while not check():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}\n{processes.logs()}")
        time.sleep(0.1)


def up(url: str) -> bool:
    try:
        return httpx.get(url + "/healthz", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


def csrf(html: str, action: str | None = None) -> str:
    start = html.index(f'action="{action}"') if action else 0
    found = re.search(r'name="csrf" value="([^"]+)"', html[start:])
    assert found, "no form token on the page"
    return found.group(1)


def hidden_t(html: str) -> str:
    found = re.search(r'name="t" value="([^"]+)"', html)
    assert found
    return unescape(found.group(1))


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + ("?" + parts.query if parts.query else "")


def link_in(inbox: Inbox, address: str, path: str) -> str:
    (message,) = inbox.to(address)
    found = [u for u in re.findall(r"https?://[^\s<>\"]+", body_text(message)) if path in u]
    assert found, body_text(message)
    return found[0]


def seed(url: str, tmp: Path) -> tuple[Store, int]:
    """The schema, two outlets' articles of the last hours, and confirmed subscribers."""
    store = open_store(Settings(data_dir=tmp / "seed", database_url=url))
    now = datetime.now(UTC)
    with store.begin() as conn:
        first = 0
        for n in range(4):
            source = feed_store.source_for_host(
                conn, host=f"outlet{n % 2}.example", name=f"Outlet {n % 2}", site_url=None, now=now
            )
            article_id, _ = article_store.save_article(
                conn,
                ArticleDraft(
                    canonical_url=f"https://outlet{n % 2}.example/{n}",
                    url=f"https://outlet{n % 2}.example/{n}",
                    source_id=source.id,
                    title=f"Harbour news {n}",
                    text="Ferry crews walked out at dawn. " * 5,
                    status="extracted",
                    published_at=now - timedelta(hours=n + 1),
                ),
                now=now,
            )
            first = first or article_id
        for n in range(SUBSCRIBERS):
            address = f"reader{n}@example.org"
            subscriber_store.add_pending(
                conn,
                address=address,
                mailbox_key=address,
                token_salt=f"salt{n}",
                member_id=None,
                now=now,
                send_hour=0,  # local midnight has always passed: due now, in any zone
                time_zone=("UTC", "Europe/Paris", "America/Chicago", "Asia/Tokyo")[n % 4],
            )
            found = subscriber_store.by_mailbox(conn, address)
            assert found is not None
            subscriber_store.confirm(conn, found.id, now=now)
    community = Community.create(
        Settings(secret_key=SECRET), store, SECRET.encode(), **CHEAP_ARGON2
    )
    for email, role in (("mod@example.org", "moderator"), ("target@example.org", "reader")):
        accounts.create_account(
            community, email=email, display_name=email[:3], password=PASSWORD, role=role, now=now
        )
    return store, first


def send_states(store: Store) -> list[str]:
    with store.read() as conn:
        subs = subscriber_store.confirmed(conn)
        return [s.state for sub in subs for s in mailqueue.sends_of(conn, sub.id)]


def test_two_web_processes_and_two_workers_share_one_database(
    database_url: str, inbox: tuple[StallingInbox, int], tmp_path: Path
) -> None:
    handler, smtp_port = inbox
    store, article_id = seed(database_url, tmp_path)
    port_a, port_b = free_port(), free_port()
    a, b = f"http://127.0.0.1:{port_a}", f"http://127.0.0.1:{port_b}"
    env = {
        **os.environ,
        "PYTHONWARNINGS": "ignore",
        "BROADSHEET_DATABASE_URL": database_url,
        "BROADSHEET_SECRET_KEY": SECRET,
        "BROADSHEET_BASE_URL": a,
        "BROADSHEET_SMTP_HOST": "127.0.0.1",
        "BROADSHEET_SMTP_PORT": str(smtp_port),
        "BROADSHEET_SMTP_STARTTLS": "false",
        "BROADSHEET_FORM_MIN_SECONDS": "0",
        "BROADSHEET_SIGNINS_PER_15MIN": "4",
        "BROADSHEET_ARGON2_TIME_COST": "1",
        "BROADSHEET_ARGON2_MEMORY_KIB": "1024",
        "BROADSHEET_ARGON2_PARALLELISM": "1",
    }
    processes = Processes(tmp_path, env)
    try:
        processes.start("web-a", "serve", "--port", str(port_a))
        processes.start("web-b", "serve", "--port", str(port_b))
        wait_for(lambda: up(a) and up(b), "both web processes", processes)
        with httpx.Client(timeout=TIMEOUT) as reader, httpx.Client(timeout=TIMEOUT) as moderator:
            _accounts_sessions_and_limits(reader, a, b, handler, processes)
            _comment_on_a_moderated_on_b(reader, moderator, a, b, article_id)
            _newsletter_confirmed_on_the_other_process(a, b, handler, processes)
        _digests_once_with_a_worker_killed(processes, handler, store)
    finally:
        processes.stop()
        store.close()


def _accounts_sessions_and_limits(
    reader: httpx.Client, a: str, b: str, handler: Inbox, processes: Processes
) -> None:
    page = reader.get(f"{a}/signup")
    signed_up = reader.post(
        f"{a}/signup",
        data={
            "csrf": csrf(page.text),
            "email": "ann@example.org",
            "name": "Ann Reader",
            "password": PASSWORD,
        },
    )
    assert signed_up.status_code == 303, signed_up.text
    wait_for(lambda: bool(handler.to("ann@example.org")), "the verification mail", processes)
    verify = link_in(handler, "ann@example.org", "/account/verify")
    assert verify.startswith(a)
    shown = reader.get(b + path_of(verify))  # the link, followed on the other process
    assert reader.post(f"{b}/account/verify", data={"t": hidden_t(shown.text)}).status_code == 303

    page = reader.get(f"{b}/signin")
    signed_in = reader.post(
        f"{b}/signin",
        data={"csrf": csrf(page.text), "email": "ann@example.org", "password": PASSWORD},
    )
    assert signed_in.status_code == 303
    for site in (a, b):  # one session cookie, valid on both
        account = reader.get(f"{site}/account")
        assert account.status_code == 200
        assert "ann@example.org" in account.text
    with httpx.Client(timeout=TIMEOUT) as laptop:  # a second session, ended on the other
        page = laptop.get(f"{a}/signin")
        laptop.post(
            f"{a}/signin",
            data={"csrf": csrf(page.text), "email": "ann@example.org", "password": PASSWORD},
        )
        assert laptop.get(f"{b}/account").status_code == 200
        page = laptop.get(f"{b}/account")
        laptop.post(f"{b}/signout", data={"csrf": csrf(page.text, "/signout")})
        assert laptop.get(f"{a}/account").status_code == 303  # to the sign-in page
    assert reader.get(f"{a}/account").status_code == 200  # the first session lives on

    # Another account's sign-in limit (4 a quarter hour, set above) counts the attempts
    # made on both processes: after four wrong passwords, two on each, the right one is
    # refused on either.
    answers = []
    with httpx.Client(timeout=TIMEOUT) as stranger:
        for n, site in enumerate((a, b, a, b, a, b)):
            page = stranger.get(f"{site}/signin")
            answer = stranger.post(
                f"{site}/signin",
                data={
                    "csrf": csrf(page.text),
                    "email": "target@example.org",
                    "password": PASSWORD if n >= 4 else "wrong password",
                },
            )
            answers.append(answer.status_code)
    assert answers == [401, 401, 401, 401, 429, 429]


def _comment_on_a_moderated_on_b(
    reader: httpx.Client,
    moderator: httpx.Client,
    a: str,
    b: str,
    article_id: int,
) -> None:
    thread = f"/articles/{article_id}/comments"
    page = reader.get(a + thread)
    posted = reader.post(
        a + thread, data={"csrf": csrf(page.text, thread), "body": "Seen from *both* sides"}
    )
    assert posted.status_code == 303
    assert "done=held" in posted.headers["location"]  # a first comment waits for a moderator
    assert "waiting for a moderator" in reader.get(b + thread).text
    assert "Seen from" not in httpx.get(b + thread, timeout=TIMEOUT).text

    page = moderator.get(f"{b}/signin")
    moderator.post(
        f"{b}/signin",
        data={"csrf": csrf(page.text), "email": "mod@example.org", "password": PASSWORD},
    )
    queue = moderator.get(f"{b}/moderation")
    (held,) = re.findall(r'/moderation/comments/(\d+)"', queue.text)
    action = f"/moderation/comments/{held}"
    approved = moderator.post(
        b + action, data={"csrf": csrf(queue.text, action), "action": "approve", "note": ""}
    )
    assert approved.status_code == 303
    for site in (a, b):
        assert "<em>both</em>" in httpx.get(site + thread, timeout=TIMEOUT).text


def _newsletter_confirmed_on_the_other_process(
    a: str, b: str, handler: Inbox, processes: Processes
) -> None:
    with httpx.Client(timeout=TIMEOUT) as visitor:
        page = visitor.get(f"{a}/newsletter")
        asked = visitor.post(
            f"{a}/newsletter",
            data={"csrf": csrf(page.text, "/newsletter"), "email": "fan@example.org"},
        )
        assert asked.status_code == 303
    wait_for(lambda: bool(handler.to("fan@example.org")), "the confirmation mail", processes)
    confirm = link_in(handler, "fan@example.org", "/newsletter/confirm")
    with httpx.Client(timeout=TIMEOUT) as elsewhere:  # another browser, another process
        shown = elsewhere.get(b + path_of(confirm))
        assert shown.status_code == 200
        done = elsewhere.post(f"{b}/newsletter/confirm", data={"t": hidden_t(shown.text)})
        assert done.status_code == 303
        manage = done.headers["location"]
        token = manage.split("t=", 1)[1]
        saved = elsewhere.post(
            f"{a}/newsletter/manage",
            data={"t": token, "frequency": "daily", "hour": "0", "tz": "Europe/Lisbon"},
        )
        assert saved.status_code == 303


def _digests_once_with_a_worker_killed(
    processes: Processes, handler: StallingInbox, store: Store
) -> None:
    workers = [processes.start(f"worker-{n}", "worker") for n in (1, 2)]
    wait_for(handler.stalled.is_set, f"digest number {STALL_AT}", processes)
    assert handler.stalled_port is not None
    owner = owner_of_port(handler.stalled_port, [w.pid for w in workers])
    assert owner is not None, "no worker holds the stalled connection (this needs /proc)"
    victim = next(w for w in workers if w.pid == owner)
    victim.send_signal(signal.SIGKILL)  # while its digest is being handed over
    victim.wait(timeout=10)
    handler.release.set()
    survivor = next(w for w in workers if w is not victim)
    addresses = {f"reader{n}@example.org" for n in range(SUBSCRIBERS)} | {"fan@example.org"}

    def all_handled() -> bool:
        # Only the killed worker's row may stay "sending"; the survivor finishes its own.
        states = send_states(store)
        return (
            len(states) == len(addresses)
            and states.count("sending") <= 1
            and ("pending" not in states)
        )

    wait_for(all_handled, "every digest to be sent", processes)
    assert survivor.poll() is None, "the surviving worker stopped"
    received = [r for rcpt, m in handler.received for r in rcpt if "top stories" in m["Subject"]]
    assert sorted(received) == sorted(addresses)  # each subscriber exactly once
    states = sorted(send_states(store))
    # The killed worker's digest stays "sending" (it may have arrived): never sent again.
    assert states == ["sending"] + ["sent"] * (len(addresses) - 1)
