"""Ingestion survives SIGKILL at any point: rerun, and every article is there exactly once."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support.feedserver import SyntheticNews

FEEDS, ENTRIES = 6, 12
KILLS = 4


def _env(data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        BROADSHEET_DATA_DIR=str(data_dir),
        BROADSHEET_FETCH_ALLOW="127.0.0.0/8",
        BROADSHEET_FETCH_HOST_DELAY="0",
        BROADSHEET_FETCH_PER_HOST="4",
    )
    env.pop("BROADSHEET_DATABASE_URL", None)
    return env


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "broadsheet", *args]


@pytest.mark.slow
def test_sigkill_at_random_points_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    news = SyntheticNews(feeds=FEEDS, entries=ENTRIES, conditional_share=0.0)
    news.start()
    try:
        env = _env(tmp_path / "data")
        opml = tmp_path / "feeds.opml"
        outlines = "".join(
            f'<outline type="rss" text="f{i}" xmlUrl="{url}"/>'
            for i, url in enumerate(news.feed_urls())
        )
        opml.write_text(f'<opml version="2.0"><body>{outlines}</body></opml>')
        subprocess.run(_cli("opml", "import", str(opml)), env=env, check=True)

        rng = random.Random(20261125)
        database = tmp_path / "data" / "broadsheet.sqlite3"
        killed = 0
        for _ in range(3 * KILLS):
            before = _stored(database)
            proc = subprocess.Popen(
                _cli("fetch", "--all"),
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            # Kill mid-ingest: a moment after this run stores its first article, whatever
            # the speed of the machine (a fixed delay let a fast run finish first).
            deadline = time.monotonic() + 120
            while proc.poll() is None and _stored(database) <= before:
                assert time.monotonic() < deadline, "no article stored in two minutes"
                time.sleep(0.01)
            time.sleep(rng.uniform(0.0, 0.3))
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
                killed += 1
            proc.wait()
            if killed == KILLS:
                break
        assert killed == KILLS, "the ingest finished before it could be interrupted"
        final = subprocess.run(
            _cli("fetch", "--all"),
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert final.returncode == 0, final.stderr
    finally:
        news.stop()

    db = sqlite3.connect(tmp_path / "data" / "broadsheet.sqlite3")
    try:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        urls = [r[0] for r in db.execute("SELECT url FROM articles")]
        expected = {
            f"{news.base}/article/{f}/{i}.html" for f in range(FEEDS) for i in range(ENTRIES)
        }
        assert len(urls) == len(set(urls)) == FEEDS * ENTRIES
        assert set(urls) == expected
        pending = db.execute(
            "SELECT count(*) FROM entries WHERE processed_fingerprint IS NULL "
            "OR processed_fingerprint != fingerprint OR article_id IS NULL"
        ).fetchone()
        assert pending == (0,)
        assert db.execute("SELECT count(*) FROM entries").fetchone() == (FEEDS * ENTRIES,)
        assert db.execute(
            "SELECT count(*) FROM articles WHERE status != 'extracted'"
        ).fetchone() == (0,)
        # The search index went through the same kills and still matches the table.
        assert db.execute("INSERT INTO articles_fts(articles_fts) VALUES('integrity-check')")
        indexed = db.execute(
            "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?",
            ('"council" OR "harbour"',),
        ).fetchone()[0]
        direct = db.execute(
            "SELECT count(*) FROM articles WHERE lower(title || ' ' || text) GLOB '*council*' "
            "OR lower(title || ' ' || text) GLOB '*harbour*'"
        ).fetchone()[0]
        assert indexed == direct > 0
    finally:
        db.close()


def _stored(database: Path) -> int:
    """Articles stored so far, read beside the writer (0 before the schema exists)."""
    if not database.exists():
        return 0
    try:
        db = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=5)
        try:
            return int(db.execute("SELECT count(*) FROM articles").fetchone()[0])
        finally:
            db.close()
    except sqlite3.OperationalError:
        return 0  # the schema is not there yet
