"""Article extraction quality and speed on a dataset in the ScrapingHub benchmark layout.

    .venv/bin/python benchmarks/extraction.py [DIR] [--runs N] [--only NAME ...]

DIR holds ``html/<id>.html.gz`` and ``ground-truth.json`` (default:
``../shared/bench/extraction/scrapinghub`` next to the repository). Every extractor gets the
same decoded HTML. Scores are the benchmark's own metric (token 4-shingle precision,
recall and F1 averaged over pages; see ``broadsheet.ingest.quality``); speed is pages per
second of CPU time (``time.process_time``), the median of ``--runs`` passes (default 3),
which alternate between the extractors so that a busy machine slows them alike.

Extractors: Broadsheet (``broadsheet.extract``), trafilatura with its defaults, trafilatura
with ``favor_precision=True, include_comments=False``, and readability-lxml (the text of
its summary HTML).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import lxml.html
import trafilatura
from readability import Document

from broadsheet.errors import ExtractError
from broadsheet.ingest.extract import extract_article
from broadsheet.ingest.quality import (
    BenchPage,
    PageScore,
    Scores,
    aggregate,
    load_scrapinghub,
    score_page,
)

DEFAULT_DIR = Path(__file__).resolve().parents[1].parent / "shared/bench/extraction/scrapinghub"
_BLOCK_TAGS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "br", "tr")

Extractor = Callable[[str, str | None], str | None]


def broadsheet(html: str, url: str | None) -> str | None:
    try:
        return extract_article(html, url=url).text
    except ExtractError:
        return None


def trafilatura_defaults(html: str, url: str | None) -> str | None:
    del url  # the benchmark's own runner passes none
    result: str | None = trafilatura.extract(html)
    return result


def trafilatura_precision(html: str, url: str | None) -> str | None:
    del url
    result: str | None = trafilatura.extract(html, favor_precision=True, include_comments=False)
    return result


def readability_lxml(html: str, url: str | None) -> str | None:
    del url
    summary = Document(html).summary(html_partial=True)
    root = lxml.html.fragment_fromstring(summary, create_parent="div")
    for element in root.iter(*_BLOCK_TAGS):
        element.tail = "\n" + (element.tail or "")
    text: str = root.text_content()
    return text


EXTRACTORS: dict[str, Extractor] = {
    "broadsheet": broadsheet,
    "trafilatura (defaults)": trafilatura_defaults,
    "trafilatura (precision, no comments)": trafilatura_precision,
    "readability-lxml": readability_lxml,
}


def run_once(
    extractor: Extractor, pages: list[BenchPage], htmls: list[str]
) -> tuple[list[str | None], float]:
    start = time.process_time()
    outputs = [extractor(html, page.url) for page, html in zip(pages, htmls, strict=True)]
    return outputs, time.process_time() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", nargs="?", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--runs", type=int, default=3, help="timed passes per extractor")
    parser.add_argument("--only", nargs="*", choices=sorted(EXTRACTORS), help="extractors to run")
    parser.add_argument("--worst", type=int, default=0, help="list the N worst pages per extractor")
    args = parser.parse_args(argv)
    if not (args.directory / "ground-truth.json").is_file():
        print(f"no dataset at {args.directory} (expected ground-truth.json and html/)")
        return 2

    pages = load_scrapinghub(args.directory)
    htmls = [page.html.decode("utf-8", errors="replace") for page in pages]
    names = args.only or list(EXTRACTORS)
    timings: dict[str, list[float]] = {name: [] for name in names}
    per_page: dict[str, list[PageScore]] = {}
    for _ in range(max(1, args.runs)):
        for name in names:
            outputs, seconds = run_once(EXTRACTORS[name], pages, htmls)
            timings[name].append(seconds)
            if name not in per_page:
                per_page[name] = [
                    score_page(p.expected, out) for p, out in zip(pages, outputs, strict=True)
                ]

    print(f"{len(pages)} pages from {args.directory}, {max(1, args.runs)} timed runs (median)\n")
    header = (
        f"{'extractor':<38} {'precision':>9} {'recall':>7} {'F1':>6} {'pages/s':>8} {'speed':>6}"
    )
    print(header)
    print("-" * len(header))
    base = statistics.median(timings.get("trafilatura (defaults)", [0.0]))
    for name in names:
        scores: Scores = aggregate(per_page[name])
        seconds = statistics.median(timings[name])
        rate = len(pages) / seconds if seconds else float("inf")
        relative = f"{base / seconds:.2f}x" if base and seconds else "-"
        figures = f"{scores.precision:>9.3f} {scores.recall:>7.3f} {scores.f1:>6.3f}"
        print(f"{name:<38} {figures} {rate:>8.1f} {relative:>6}")
    if args.worst:
        for name in names:
            print(f"\nworst pages for {name}:")
            ranked = sorted(
                zip(pages, per_page[name], strict=True), key=lambda item: _page_f1(item[1])
            )
            for page, score in ranked[: args.worst]:
                print(
                    f"  P={score.precision:.2f} R={score.recall:.2f}  {page.key[:10]}  {page.url}"
                )
    return 0


def _page_f1(score: PageScore) -> float:
    total = score.precision + score.recall
    return 2 * score.precision * score.recall / total if total else 0.0


if __name__ == "__main__":
    sys.exit(main())
