"""How good an article extractor is: the ScrapingHub article-extraction-benchmark metric.

The metric, reimplemented from its published description:

- text is tokenized as runs of word characters (``\\w+``), case kept;
- each text becomes a multiset of 4-token shingles (a text of fewer than four tokens is one
  shorter shingle; an empty text has none);
- per page, true positives are the shingles both texts share (counting multiplicity), false
  positives the extra predicted ones, false negatives the missed true ones; the three counts
  are divided by their sum so that long pages weigh no more than short ones;
- precision is averaged over the pages where something was predicted or expected to be
  predicted (tp + fp > 0), recall over the pages where there was something to find
  (tp + fn > 0); an empty prediction therefore costs recall only;
- F1 is the harmonic mean of the averaged precision and recall.

``load_scrapinghub`` reads a dataset in the benchmark's layout: ``html/<id>.html.gz`` and a
``ground-truth.json`` mapping each id to ``{"articleBody": ..., "url": ...}``.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

SHINGLE_SIZE = 4
_TOKEN = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class PageScore:
    """Normalized true positive, false positive and false negative shares of one page."""

    tp: float
    fp: float
    fn: float

    @property
    def precision(self) -> float:
        if self.fp == self.fn == 0:
            return 1.0
        if self.tp == self.fp == 0:
            return 0.0
        return self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> float:
        if self.fp == self.fn == 0:
            return 1.0
        if self.tp == self.fn == 0:
            return 0.0
        return self.tp / (self.tp + self.fn)


@dataclass(frozen=True, slots=True)
class Scores:
    precision: float
    recall: float
    f1: float


@dataclass(frozen=True, slots=True)
class BenchPage:
    """One page of an extraction benchmark: raw HTML bytes and the expected text."""

    key: str
    url: str | None
    html: bytes
    expected: str


def shingles(text: str, size: int = SHINGLE_SIZE) -> Counter[tuple[str, ...]]:
    """The multiset of ``size``-token shingles of ``text``."""
    tokens = _TOKEN.findall(text)
    if not tokens:
        return Counter()
    if len(tokens) < size:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1))


def score_page(expected: str, predicted: str | None) -> PageScore:
    """Compare one prediction with the expected text."""
    true = shingles(expected)
    pred = shingles(predicted or "")
    tp = fp = fn = 0
    for key in true.keys() | pred.keys():
        t, p = true[key], pred[key]
        tp += min(t, p)
        fp += max(0, p - t)
        fn += max(0, t - p)
    total = tp + fp + fn
    if total == 0:
        return PageScore(0.0, 0.0, 0.0)
    return PageScore(tp / total, fp / total, fn / total)


def aggregate(pages: list[PageScore]) -> Scores:
    """Average precision and recall over pages as the benchmark does, then F1."""
    precisions = [p.precision for p in pages if p.tp + p.fp > 0]
    recalls = [p.recall for p in pages if p.tp + p.fn > 0]
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0
    return Scores(precision, recall, f1)


def load_scrapinghub(directory: Path) -> list[BenchPage]:
    """Read every page of a dataset in the ScrapingHub benchmark layout, sorted by id."""
    truth = json.loads((directory / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for key in sorted(truth):
        record = truth[key]
        html = gzip.decompress((directory / "html" / f"{key}.html.gz").read_bytes())
        pages.append(BenchPage(key, record.get("url"), html, record.get("articleBody") or ""))
    return pages
