"""Feed-parsing benchmark over the shared corpus: coverage, field completeness, speed.

    python benchmarks/feeds.py [DIR] [--repeat N] [--no-feedparser] [--verbose]

DIR defaults to ../shared/bench/feeds (next to the repository). For the files whose
MANIFEST ``expected`` is ``parses`` or ``partly`` and whose notes do not say the feed has
no items, it prints how many yield entries, the share of entries with title, link and date,
and feeds per second of CPU time (``time.process_time``) for Broadsheet and, on the same
files in the same run, feedparser. ``--repeat`` runs each timing N times and reports the
median. Per source folder, and with/without the fastfeedparser folders (which that parser
was tuned on).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import re
import statistics
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import feedparser

from broadsheet.errors import ParseError
from broadsheet.ingest.feeds import parse_feed

DEFAULT_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "bench" / "feeds"
_ITEMS = re.compile(r"items_in_doc=(\d+)")


@dataclass
class Row:
    file: str
    folder: str
    expected: str
    items_in_doc: int | None
    data: bytes


@dataclass
class Tally:
    files: int = 0
    with_entries: int = 0
    entries: int = 0
    complete: int = 0
    titled: int = 0
    linked: int = 0
    dated: int = 0
    sitemap_entries: int = 0
    sitemap_complete: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        self.files += other.files
        self.with_entries += other.with_entries
        self.entries += other.entries
        self.complete += other.complete
        self.titled += other.titled
        self.linked += other.linked
        self.dated += other.dated
        self.sitemap_entries += other.sitemap_entries
        self.sitemap_complete += other.sitemap_complete


def load(directory: Path) -> list[Row]:
    rows = []
    with (directory / "MANIFEST.tsv").open(encoding="utf-8") as handle:
        for record in csv.DictReader(handle, delimiter="\t"):
            match = _ITEMS.search(record["notes"])
            rows.append(
                Row(
                    file=record["file"],
                    folder=record["file"].split("/", 1)[0],
                    expected=record["expected"],
                    items_in_doc=int(match.group(1)) if match else None,
                    data=(directory / record["file"]).read_bytes(),
                )
            )
    return rows


def should_yield(row: Row) -> bool:
    return row.expected in {"parses", "partly"} and row.items_in_doc != 0


def broadsheet_tally(rows: list[Row], verbose: bool) -> dict[str, Tally]:
    tallies: dict[str, Tally] = defaultdict(Tally)
    for row in rows:
        if not should_yield(row):
            continue
        tally = tallies[row.folder]
        tally.files += 1
        try:
            feed = parse_feed(row.data)
        except ParseError as error:
            tally.errors.append(f"{row.file}: {error}")
            continue
        if feed.entries:
            tally.with_entries += 1
        elif verbose:
            print(f"  no entries: {row.file} ({feed.kind}) {feed.warnings}")
        if (
            verbose
            and row.expected == "parses"
            and row.items_in_doc not in (None, len(feed.entries))
        ):
            print(
                f"  count: {row.file}: {len(feed.entries)} entries, items_in_doc={row.items_in_doc}"
            )
        if feed.kind.startswith("sitemap"):
            tally.sitemap_entries += len(feed.entries)
            tally.sitemap_complete += sum(
                bool(e.title and e.url and e.published) for e in feed.entries
            )
        for entry in feed.entries:
            tally.entries += 1
            tally.titled += entry.title is not None
            tally.linked += entry.url is not None
            tally.dated += entry.published is not None
            tally.complete += bool(entry.title and entry.url and entry.published)
    return tallies


def feedparser_tally(rows: list[Row]) -> dict[str, Tally]:
    tallies: dict[str, Tally] = defaultdict(Tally)
    for row in rows:
        if not should_yield(row):
            continue
        tally = tallies[row.folder]
        tally.files += 1
        result = feedparser.parse(row.data)
        entries = result.entries
        if entries:
            tally.with_entries += 1
        for entry in entries:
            tally.entries += 1
            date = entry.get("published_parsed") or entry.get("updated_parsed")
            tally.titled += bool(entry.get("title"))
            tally.linked += bool(entry.get("link"))
            tally.dated += bool(date)
            tally.complete += bool(entry.get("title") and entry.get("link") and date)
    return tallies


def time_all(rows: list[Row], parse: object, repeat: int) -> float:
    """Median CPU seconds to parse every file once."""
    assert callable(parse)
    samples = []
    for _ in range(repeat):
        start = time.process_time()
        for row in rows:
            with contextlib.suppress(ParseError):
                parse(row.data)
        samples.append(time.process_time() - start)
    return statistics.median(samples)


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f}%" if whole else "    -"


def print_table(name: str, tallies: dict[str, Tally]) -> None:
    print(f"\n{name}")
    columns = ("files", "w/ent", "entries", "t+l+d", "title", "link", "date")
    print(
        f"{'folder':24} "
        + " ".join(f"{c:>7}" if i > 1 else f"{c:>5}" for i, c in enumerate(columns))
    )
    groups: dict[str, Tally] = {"ALL": Tally(), "ALL without fastfeedparser-*": Tally()}
    for folder in sorted(tallies):
        tally = tallies[folder]
        groups["ALL"].add(tally)
        if not folder.startswith("fastfeedparser"):
            groups["ALL without fastfeedparser-*"].add(tally)
        _line(folder, tally)
    for label, tally in groups.items():
        _line(label, tally)
    total = groups["ALL"]
    if total.sitemap_entries:
        feeds_only = total.entries - total.sitemap_entries
        print(
            f"feed entries only (without the {total.sitemap_entries} sitemap URLs, which have "
            f"no title or date): t+l+d "
            f"{_pct(total.complete - total.sitemap_complete, feeds_only).strip()}"
        )


def _line(label: str, t: Tally) -> None:
    shares = (t.complete, t.titled, t.linked, t.dated)
    print(
        f"{label:24} {t.files:5} {t.with_entries:5} {t.entries:7} "
        + " ".join(f"{_pct(part, t.entries):>7}" for part in shares)
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("directory", nargs="?", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-feedparser", action="store_true")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    if not (args.directory / "MANIFEST.tsv").is_file():
        print(f"no MANIFEST.tsv in {args.directory}", file=sys.stderr)
        return 2
    rows = load(args.directory)
    ours = broadsheet_tally(rows, args.verbose)
    print_table("Broadsheet parse_feed", ours)
    for tally in ours.values():
        for error in tally.errors:
            print(f"  ParseError: {error}")
    if not args.no_feedparser:
        print_table(f"feedparser {feedparser.__version__}", feedparser_tally(rows))
    print(f"\nspeed over all {len(rows)} files (CPU time, median of {args.repeat}):")
    seconds = time_all(rows, parse_feed, args.repeat)
    print(f"  Broadsheet: {seconds:7.3f} s  {len(rows) / seconds:8.0f} feeds/s")
    if not args.no_feedparser:
        seconds = time_all(rows, feedparser.parse, max(1, args.repeat // 3))
        print(f"  feedparser: {seconds:7.3f} s  {len(rows) / seconds:8.0f} feeds/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
