"""Synthetic articles for the web benchmark: N articles in SQLite through the real schema.

    python benchmarks/web_data.py DATA_DIR [--articles 100000]

Text comes from a fixed vocabulary and a seeded RNG, so every run makes the same database.
Rows go in with SQLAlchemy Core bulk inserts into a store migrated by ``open_store``.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from _common import REPO

if str(REPO / "src") not in sys.path:
    sys.path.insert(0, str(REPO / "src"))

from sqlalchemy import insert

from broadsheet.config import Settings
from broadsheet.store.db import open_store
from broadsheet.store.schema import article_revisions, articles, feeds, sources

VOCABULARY = (
    "council harbour river budget school station bridge market union workers minister court "
    "judge police storm flood fire vote election mayor hospital doctors nurses company shares "
    "bank rates inflation museum festival team final coach season village road railway "
    "airport weather farmers harvest energy prices plan report inquiry strike talks deal "
    "coalition party leader protest city region coast mountain valley lake forest park "
    "science study researchers university students teachers library theatre film music award "
    "record crowd match league players injury transfer stadium tickets fans"
)
WORDS = VOCABULARY.split()
PAPERS = ("Times", "Herald", "Post", "Courier", "Gazette")
OUTLETS = 40
BATCH = 2000
NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 18))]
    return " ".join(words).capitalize() + "."


def _paragraphs(rng: random.Random) -> list[str]:
    return [
        " ".join(_sentence(rng) for _ in range(rng.randint(2, 4)))
        for _ in range(rng.randint(6, 10))
    ]


def generate(data_dir: Path, count: int, *, seed: int = 7) -> Path:
    """Make ``count`` articles (40 outlets, 1 in 50 with a revision); returns the database path."""
    settings = Settings(data_dir=data_dir)
    store = open_store(settings)
    rng = random.Random(seed)
    try:
        with store.begin() as conn:
            for n in range(OUTLETS):
                conn.execute(
                    insert(sources).values(
                        id=n + 1,
                        name=f"The {rng.choice(WORDS).title()} {rng.choice(PAPERS)} {n + 1}",
                        site_url=f"https://outlet{n + 1}.example/",
                        host=f"outlet{n + 1}.example",
                        created_at=NOW,
                    )
                )
                conn.execute(
                    insert(feeds).values(
                        source_id=n + 1,
                        url=f"https://outlet{n + 1}.example/feed.xml",
                        kind="feed",
                        next_poll_at=NOW,
                        error_count=0,
                        enabled=True,
                        created_at=NOW,
                    )
                )
        rows: list[dict[str, object]] = []
        revisions: list[dict[str, object]] = []
        for i in range(1, count + 1):
            paras = _paragraphs(rng)
            text = "\n\n".join(paras)
            title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 10))).capitalize()
            source = rng.randint(1, OUTLETS)
            published = NOW - timedelta(minutes=(count - i) * 5 + rng.randint(0, 4))
            url = f"https://outlet{source}.example/news/{i}-{title.lower().replace(' ', '-')[:60]}"
            version = 2 if i % 50 == 0 else 1
            rows.append(
                {
                    "id": i,
                    "canonical_url": url,
                    "url": url,
                    "source_id": source,
                    "title": title,
                    "byline": f"By {rng.choice(WORDS).title()} {rng.choice(WORDS).title()}son",
                    "published_at": published,
                    "updated_at": None,
                    "text": text,
                    "html": "".join(f"<p>{p}</p>" for p in paras),
                    "summary": paras[0][:300],
                    "image_url": None,
                    "language": "en",
                    "word_count": len(text.split()),
                    "site_name": None,
                    "content_hash": hashlib.sha256(text.encode()).hexdigest(),
                    "version": version,
                    "status": "extracted",
                    "extraction_error": None,
                    "fetched_at": published,
                    "created_at": published,
                    "modified_at": published,
                }
            )
            if version == 2:
                old = [*paras[:-1], _sentence(rng)]
                revisions.append(
                    {
                        "article_id": i,
                        "version": 1,
                        "title": title,
                        "text": "\n\n".join(old),
                        "content_hash": hashlib.sha256("\n\n".join(old).encode()).hexdigest(),
                        "captured_at": published,
                        "change": "1 paragraph edited",
                    }
                )
            if len(rows) >= BATCH:
                _flush(store, rows, revisions)
        _flush(store, rows, revisions)
    finally:
        store.close()
    return data_dir / "broadsheet.sqlite3"


def _flush(
    store: object, rows: list[dict[str, object]], revisions: list[dict[str, object]]
) -> None:
    if not rows:
        return
    with store.begin() as conn:  # type: ignore[attr-defined]
        conn.execute(insert(articles), rows)
        if revisions:
            conn.execute(insert(article_revisions), revisions)
    rows.clear()
    revisions.clear()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--articles", type=int, default=100_000)
    args = parser.parse_args()
    start = time.perf_counter()
    path = generate(args.data_dir, args.articles)
    size = path.stat().st_size / 1e6
    print(f"{args.articles} articles in {time.perf_counter() - start:.1f} s, {size:.0f} MB: {path}")


if __name__ == "__main__":
    main()
