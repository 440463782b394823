"""Refresh benchmark: one `broadsheet fetch` pass over 2,000 feeds, beside newsboat.

    python benchmarks/refresh.py [--feeds 2000] [--entries 20]

A synthetic site on loopback (another process) serves FEEDS RSS feeds of ENTRIES items;
half of them answer a conditional request with 304, the other half ignore validators and
always send 200. Both readers refresh the same feeds twice: a cold pass (empty cache) and
a warm pass (validators known). Broadsheet runs with page fetching off so that both do the
same work (feeds only); `benchmarks/ingest.py` measures pages. All feeds live on one
loopback host, so Broadsheet's per-host politeness is set to 20 connections and no delay,
matching newsboat's `reload-threads 20`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import sys
import tempfile
from pathlib import Path

from _common import REPO, Measured, measure, start_feed_server


def broadsheet(work: Path, urls: list[str]) -> list[Measured]:
    env = dict(os.environ)
    env.update(
        BROADSHEET_DATA_DIR=str(work / "bs"),
        BROADSHEET_FETCH_ALLOW="127.0.0.0/8",
        BROADSHEET_FETCH_HOST_DELAY="0",
        BROADSHEET_FETCH_PER_HOST="20",
        BROADSHEET_FETCH_CONCURRENCY="20",
        BROADSHEET_FETCH_PAGES="false",
    )
    env.pop("BROADSHEET_DATABASE_URL", None)
    opml = work / "feeds.opml"
    body = "".join(f'<outline type="rss" xmlUrl="{u}"/>' for u in urls)
    opml.write_text(f'<opml version="2.0"><body>{body}</body></opml>')
    cli = [sys.executable, "-m", "broadsheet"]
    setup = measure([*cli, "opml", "import", str(opml)], env=env)
    assert setup.returncode == 0, setup.output
    runs = [measure([*cli, "fetch", "--all"], env=env) for _ in range(2)]
    for run in runs:
        assert run.returncode == 0, run.output[-2000:]
    return runs


def newsboat(work: Path, urls: list[str]) -> list[Measured] | None:
    exe = shutil.which("newsboat")
    if exe is None:
        return None
    (work / "nb").mkdir()
    (work / "nb" / "urls").write_text("\n".join(urls) + "\n")
    (work / "nb" / "config").write_text("reload-threads 20\nmax-items 0\n")
    cmd = [
        exe,
        "-x",
        "reload",
        "-u",
        str(work / "nb" / "urls"),
        "-c",
        str(work / "nb" / "cache.db"),
        "-C",
        str(work / "nb" / "config"),
    ]
    env = dict(os.environ, HOME=str(work / "nb"))
    return [measure(cmd, env=env) for _ in range(2)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=2000)
    parser.add_argument("--entries", type=int, default=20)
    args = parser.parse_args()
    server, base = start_feed_server(args.feeds, args.entries, 0.5)
    urls = [f"{base}/feed/{i}.xml" for i in range(args.feeds)]
    try:
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            ours = broadsheet(work, urls)
            theirs = newsboat(work, urls)
            with_count = sqlite_count(work / "bs" / "broadsheet.sqlite3")
    finally:
        server.terminate()
    print(f"{args.feeds} feeds x {args.entries} entries on loopback; {with_count} articles stored")
    print(f"{'reader':<12} {'pass':<6} {'wall s':>8} {'CPU s':>8} {'peak MB':>9}")
    for name, runs in (("broadsheet", ours), ("newsboat", theirs)):
        if runs is None:
            print(f"{name:<12} (not installed: apt-get install newsboat)")
            continue
        for label, run in zip(("cold", "warm"), runs, strict=True):
            print(f"{name:<12} {label:<6} {run.wall:8.2f} {run.cpu:8.2f} {run.peak_rss_mb:9.1f}")
    if theirs is not None:
        for label, a, b in zip(("cold", "warm"), ours, theirs, strict=True):
            print(f"ratio broadsheet/newsboat wall ({label}): {a.wall / b.wall:.2f}")


def sqlite_count(path: Path) -> int:
    db = sqlite3.connect(path)
    try:
        return int(db.execute("SELECT count(*) FROM articles").fetchone()[0])
    finally:
        db.close()


if __name__ == "__main__":
    os.chdir(REPO)
    main()
