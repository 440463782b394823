"""Real HTTP servers on loopback for the fetcher's tests.

* :func:`hostile_server` runs ``../shared/bench/hostile/hostile_server.py`` in a subprocess.
* :class:`LoopbackServer` is a small threaded server of our own for behaviour the hostile
  server does not cover (conditional GET, encodings, robots.txt, concurrency, headers),
  and it records every request it sees.
* :class:`StubResolver` answers name lookups from a table, so no test touches DNS.
"""

from __future__ import annotations

import gzip
import json
import shutil
import socket
import ssl
import subprocess
import sys
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from broadsheet.config import Settings

BENCH = Path(__file__).resolve().parents[1].parent / "shared" / "bench"
HOSTILE = BENCH / "hostile"

FEED = (
    b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'
    b"<link>http://feed.test/</link><description>d</description>"
    + b"<item><title>x</title></item>" * 200
    + b"</channel></rss>"
)
ETAG = '"v1"'
LAST_MODIFIED = "Mon, 06 Jan 2025 10:00:00 GMT"
USER_AGENT = "Broadsheet-test/1 (+http://127.0.0.1/)"


def hostile_dir() -> Path:
    if not (HOSTILE / "hostile_server.py").is_file():
        pytest.skip(f"hostile fixtures not found at {HOSTILE} (../shared/bench is absent)")
    return HOSTILE


def make_settings(**changes: object) -> Settings:
    """Settings for tests: loopback allowed, short deadline, no politeness delay."""
    base = Settings(
        user_agent=USER_AGENT,
        fetch_allow=("127.0.0.1",),
        fetch_timeout=5.0,
        fetch_host_delay=0.0,
        fetch_per_host=4,
    )
    return base.replace(**changes)


class StubResolver:
    """Resolves from a fixed table; any other name fails the test loudly."""

    def __init__(self, table: dict[str, list[str]]) -> None:
        self.table = table
        self.calls: list[str] = []

    async def resolve(self, host: str, port: int) -> list[str]:
        self.calls.append(host)
        if host not in self.table:
            raise AssertionError(f"unexpected name lookup for {host!r}")
        return list(self.table[host])


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def wait_listening(host: str, port: int, proc: subprocess.Popen[bytes] | None = None) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited early with status {proc.returncode}")
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listening on {host}:{port}")


@contextmanager
def hostile_server(*, host: str = "127.0.0.1", bombs: Path | None = None) -> Iterator[int]:
    """Start hostile_server.py on a free loopback port; yields the port."""
    script = hostile_dir() / "hostile_server.py"
    for _attempt in range(3):
        port = free_port()
        args = [sys.executable, str(script), "--host", host, "--port", str(port)]
        if bombs is not None:
            args += ["--bombs", str(bombs)]
        proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_listening("127.0.0.1", port, proc)
        except RuntimeError:
            proc.kill()
            proc.wait()
            continue
        try:
            yield port
        finally:
            proc.terminate()
            proc.wait(timeout=10)
        return
    raise RuntimeError("could not start hostile_server.py")


def generate_bombs(out: Path) -> Path:
    """Run gen_bombs.py --small into ``out`` (100 MiB decoded: well over the 15 MiB cap)."""
    script = hostile_dir() / "gen_bombs.py"
    subprocess.run(
        [sys.executable, str(script), str(out), "--small"],
        check=True,
        stdout=subprocess.DEVNULL,
        timeout=120,
    )
    return out


# --- our own loopback server ------------------------------------------------------------


@dataclass
class Seen:
    path: str
    headers: dict[str, str]
    client_port: int = 0  # one per connection the client opened


@dataclass
class ServerState:
    requests: list[Seen] = field(default_factory=list)
    robots: tuple[int, bytes] = (404, b"")
    files: dict[str, tuple[bytes, str]] = field(default_factory=dict)  # path -> body, encoding
    hold: float = 0.3
    active: int = 0
    max_active: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def paths(self) -> list[str]:
        return [r.path for r in self.requests]


def _encoded(path: str) -> tuple[bytes, str] | None:
    if path == "/gzip.xml":
        return gzip.compress(FEED), "gzip"
    if path == "/x-gzip.xml":
        return gzip.compress(FEED), "x-gzip"
    if path == "/gzip-members.xml":
        half = len(FEED) // 2
        return gzip.compress(FEED[:half]) + gzip.compress(FEED[half:]), "gzip"
    if path == "/deflate.xml":
        return zlib.compress(FEED), "deflate"
    if path == "/raw-deflate.xml":
        co = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
        return co.compress(FEED) + co.flush(), "deflate"
    if path == "/brotli.xml":
        return b"\x0b\x02\x80hello\x03", "br"
    if path == "/double.xml":
        return gzip.compress(gzip.compress(FEED)), "gzip, gzip"
    if path == "/bad-gzip.xml":
        return b"\x1f\x8b\x08\x00garbage-not-deflate" * 4, "gzip"
    return None


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _send(self, code: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
        self.send_response(code)
        all_headers = {"Content-Type": "application/rss+xml", "Content-Length": str(len(body))}
        all_headers.update(headers or {})
        for key, value in all_headers.items():
            self.send_header(key, value)
        self.end_headers()
        if body:
            self.wfile.write(body)

    def do_GET(self) -> None:
        state = self.server.state
        with state.lock:
            state.requests.append(
                Seen(self.path, dict(self.headers.items()), int(self.client_address[1]))
            )
        path = self.path
        encoded = _encoded(path)
        if encoded is not None:
            return self._send(200, encoded[0], {"Content-Encoding": encoded[1]})
        if path in state.files:
            body, encoding = state.files[path]
            return self._send(200, body, {"Content-Encoding": encoding} if encoding else {})
        if path == "/feed.xml":
            if self.headers.get("If-None-Match") == ETAG or (
                self.headers.get("If-Modified-Since") == LAST_MODIFIED
            ):
                self.send_response(304)
                self.send_header("ETag", ETAG)
                self.end_headers()
                return None
            return self._send(200, FEED, {"ETag": ETAG, "Last-Modified": LAST_MODIFIED})
        if path == "/robots.txt":
            status, body = state.robots
            return self._send(status, body, {"Content-Type": "text/plain"})
        if path == "/echo":
            body = json.dumps(dict(self.headers.items())).encode()
            return self._send(200, body, {"Content-Type": "application/json"})
        if path.startswith("/slow"):
            with state.lock:
                state.active += 1
                state.max_active = max(state.max_active, state.active)
            time.sleep(state.hold)
            with state.lock:
                state.active -= 1
            return self._send(200, b"slow")
        if path == "/retry-date":
            return self._send(503, b"", {"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"})
        if path == "/redirect-to-echo":
            return self._send(302, b"", {"Location": "/echo"})
        if path == "/set-cookie":
            return self._send(302, b"", {"Location": "/echo", "Set-Cookie": "session=abc; Path=/"})
        if path == "/redirect-no-location":
            return self._send(301, b"")
        if path == "/many-headers":
            return self._send(200, b"x", {f"X-H{i}": "v" for i in range(300)})
        if path == "/big":
            return self._send(200, b"b" * 300_000)
        if path.startswith(("/private/", "/public/")):
            return self._send(200, b"<html>page</html>", {"Content-Type": "text/html"})
        return self._send(404, b"not found", {"Content-Type": "text/plain"})


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # socketserver's 5 drops SYNs when many clients connect at once
    state: ServerState


@contextmanager
def loopback_server(
    host: str = "127.0.0.1", tls: ssl.SSLContext | None = None
) -> Iterator[tuple[int, ServerState]]:
    """Run our recording server in a thread (over TLS when given); yields (port, state)."""
    server = _Server((host, 0), _Handler)
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    server.state = ServerState()
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield int(server.server_address[1]), server.state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def self_signed_cert(directory: Path, name: str) -> tuple[Path, Path]:
    """A throwaway certificate for ``name`` made with the openssl CLI: (cert, key)."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("the openssl command is needed to make a test certificate")
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        [
            openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
            "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "1",
            "-subj", f"/CN={name}", "-addext", f"subjectAltName=DNS:{name}",
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )  # fmt: skip
    return cert, key
