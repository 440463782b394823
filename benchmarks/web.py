"""Web benchmark: the reader site over 100,000 articles in SQLite, beside nginx.

    python benchmarks/web.py [--articles 100000] [--seconds 20] [--repeats 3] [--data DIR]

1. ``web_data.generate`` makes N synthetic articles (40 outlets) in a fresh SQLite store
   (reused from ``--data`` when it already holds them).
2. The site runs in a separate process, in two ways: ``broadsheet serve`` exactly as the
   command starts it (one uvicorn process), and ``uvicorn --factory
   broadsheet.web.asgi:app_from_environment --workers 2 --no-access-log``.
3. ``wrk -t2 -c32`` (32 concurrent connections) loads the front page, one article page, and
   random article pages across all N (cold page cache), each for ``--seconds``; the run is
   repeated ``--repeats`` times and the median of each figure is reported.
4. nginx (Debian package, as a foreground process on a loopback port) serves the same
   front and article HTML as static files under the same load: the physical floor.

Peak memory is the high-water resident set (VmHWM) of the server processes. Everything
listens on 127.0.0.1. Bars from the issue: article p99 <= 50 ms, front p99 <= 100 ms.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from _common import REPO
from web_data import generate

BARS = {"article": 50.0, "front": 100.0}


@dataclass
class Load:
    p50_ms: float
    p99_ms: float
    rps: float


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_ready(url: str, proc: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer in {timeout} s")


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=60) as response:
        body: bytes = response.read()
        return body


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s)", text)
    if match is None:
        raise ValueError(f"not a wrk duration: {text}")
    value, unit = float(match.group(1)), match.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value


def wrk(url: str, seconds: int, *, script: Path | None = None) -> Load:
    cmd = ["wrk", "-t2", "-c32", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    if script is not None:
        cmd += ["-s", str(script)]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M)
    rps = re.search(r"^Requests/sec:\s+([\d.]+)", out, re.M)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if not (p50 and p99 and rps):
        raise RuntimeError(f"cannot read wrk output:\n{out}")
    if errors:
        raise RuntimeError(f"{errors.group(1)} error responses from {url}")
    return Load(_ms(p50.group(1)), _ms(p99.group(1)), float(rps.group(1)))


def median_load(runs: list[Load]) -> Load:
    return Load(
        statistics.median(r.p50_ms for r in runs),
        statistics.median(r.p99_ms for r in runs),
        statistics.median(r.rps for r in runs),
    )


def peak_rss_mb(pid: int) -> float:
    """VmHWM of ``pid`` and its children (uvicorn workers), in MB."""
    total = 0
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    for each in pids:
        status = Path(f"/proc/{each}/status")
        if status.exists():
            match = re.search(r"^VmHWM:\s+(\d+) kB", status.read_text(), re.M)
            total += int(match.group(1)) if match else 0
    return total / 1024


SERVERS = {
    "serve": "broadsheet serve (1 process, access log on)",
    "uvicorn1": "uvicorn, 1 process, no access log",
    "uvicorn2": "uvicorn, 2 workers, no access log",
}


def server_command(kind: str, port: int) -> list[str]:
    if kind == "serve":
        return [sys.executable, "-m", "broadsheet", "serve", "--port", str(port)]
    return [
        sys.executable, "-m", "uvicorn", "--factory", "broadsheet.web.asgi:app_from_environment",
        "--host", "127.0.0.1", "--port", str(port), "--workers", kind.removeprefix("uvicorn"),
        "--no-access-log", "--log-level", "warning",
    ]  # fmt: skip


def random_article_script(work: Path, count: int) -> Path:
    script = work / "random.lua"
    script.write_text(
        "math.randomseed(os.time())\n"
        "request = function()\n"
        f'  return wrk.format("GET", "/articles/" .. math.random(1, {count}))\n'
        "end\n"
    )
    return script


def bench_site(
    kind: str, data: Path, *, article_id: int, count: int, seconds: int, repeats: int, work: Path
) -> tuple[dict[str, Load], float, dict[str, bytes]]:
    port = free_port()
    env = dict(os.environ, BROADSHEET_DATA_DIR=str(data))
    env.pop("BROADSHEET_DATABASE_URL", None)
    log = (work / f"{kind}.log").open("wb")
    proc = subprocess.Popen(
        server_command(kind, port), env=env, cwd=REPO, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(base + "/healthz", proc)
        pages = {"front": fetch(base + "/"), "article": fetch(f"{base}/articles/{article_id}")}
        targets = {"front": base + "/", "article": f"{base}/articles/{article_id}"}
        runs: dict[str, list[Load]] = {"front": [], "article": [], "article-random": []}
        script = random_article_script(work, count)
        for url in targets.values():  # warm every worker's page cache
            wrk(url, 3)
        for _ in range(repeats):
            for name, url in targets.items():
                runs[name].append(wrk(url, seconds))
            runs["article-random"].append(wrk(base + "/", seconds, script=script))
        peak = peak_rss_mb(proc.pid)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
        log.close()
    return {name: median_load(r) for name, r in runs.items()}, peak, pages


NGINX_CONF = """
worker_processes 2;
daemon off;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {work}/tmp-body;
    proxy_temp_path {work}/tmp-proxy;
    fastcgi_temp_path {work}/tmp-fastcgi;
    uwsgi_temp_path {work}/tmp-uwsgi;
    scgi_temp_path {work}/tmp-scgi;
    server {{
        listen 127.0.0.1:{port};
        root {work}/www;
        default_type text/html;
        location = /front {{ try_files /front.html =404; }}
        location = /article {{ try_files /article.html =404; }}
    }}
}}
"""


def bench_nginx(pages: dict[str, bytes], seconds: int, repeats: int, work: Path) -> dict[str, Load]:
    exe = shutil.which("nginx") or "/usr/sbin/nginx"
    www = work / "www"
    www.mkdir(exist_ok=True)
    for name, body in pages.items():
        (www / f"{name}.html").write_bytes(body)
    for path in (work, www, *www.iterdir()):
        path.chmod(0o755 if path.is_dir() else 0o644)
    port = free_port()
    conf = work / "nginx.conf"
    conf.write_text(NGINX_CONF.format(work=work, port=port))
    proc = subprocess.Popen([exe, "-c", str(conf), "-p", str(work)], stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(base + "/front", proc)  # type: ignore[arg-type]
        runs: dict[str, list[Load]] = {"front": [], "article": []}
        for _ in range(repeats):
            for name, found in runs.items():
                found.append(wrk(f"{base}/{name}", seconds))
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    return {name: median_load(r) for name, r in runs.items()}


def article_count(path: Path) -> int:
    if not path.exists():
        return 0
    with sqlite3.connect(path) as conn:
        try:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
        except sqlite3.OperationalError:
            return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--data", type=Path, help="data directory to keep the database in")
    parser.add_argument(
        "--servers", default="serve,uvicorn1,uvicorn2", help=f"some of {', '.join(SERVERS)}"
    )
    args = parser.parse_args()
    for tool in ("wrk", "nginx"):
        if shutil.which(tool) is None and not Path(f"/usr/sbin/{tool}").exists():
            sys.exit(f"{tool} is not installed: apt-get install -y {tool}")

    with tempfile.TemporaryDirectory(prefix="bs-web-bench-") as tmp:
        work = Path(tmp)
        data = args.data or work / "data"
        database = data / "broadsheet.sqlite3"
        if article_count(database) != args.articles:
            if database.exists():
                shutil.rmtree(data)
            start = time.perf_counter()
            generate(data, args.articles)
            print(f"generated {args.articles} articles in {time.perf_counter() - start:.0f} s")
        article_id = args.articles // 2  # one with a revision: its page shows a diff
        print(
            f"database {database.stat().st_size / 1e6:.0f} MB; article page /articles/{article_id}"
        )
        print(f"wrk -t2 -c32, {args.seconds} s per run, median of {args.repeats} runs\n")
        print("| server | page | p50 ms | p99 ms | req/s | peak RSS MB |")
        print("|---|---|---:|---:|---:|---:|")
        pages: dict[str, bytes] = {}
        for kind in args.servers.split(","):
            loads, peak, pages = bench_site(
                kind,
                data,
                article_id=article_id,
                count=args.articles,
                seconds=args.seconds,
                repeats=args.repeats,
                work=work,
            )
            label = SERVERS[kind]
            for name, load in loads.items():
                bar = BARS.get(name)
                flag = "" if bar is None or load.p99_ms <= bar else " (over the bar)"
                print(
                    f"| {label} | {name} | {load.p50_ms:.1f} | {load.p99_ms:.1f}{flag} | "
                    f"{load.rps:.0f} | {peak:.0f} |"
                )
        for name, load in bench_nginx(pages, args.seconds, args.repeats, work).items():
            figures = f"{load.p50_ms:.2f} | {load.p99_ms:.2f} | {load.rps:.0f}"
            print(f"| nginx (static) | {name} | {figures} | |")


if __name__ == "__main__":
    main()
