"""Extraction quality floor on the ScrapingHub article-extraction benchmark (181 pages).

Scored with the benchmark's own metric (``broadsheet.ingest.quality``, the code that
``benchmarks/extraction.py`` uses). The floors sit just under the measured figures
(F1 0.981, precision 0.979, recall 0.983 when they were set) so that a change that makes
extraction worse fails here. Raise them when extraction improves; never lower them
silently. For reference, on the same pages: trafilatura 2.3.1 defaults F1 0.953,
``favor_precision=True, include_comments=False`` 0.964, readability-lxml 0.954.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from broadsheet.errors import ExtractError
from broadsheet.ingest.extract import extract_article
from broadsheet.ingest.quality import aggregate, load_scrapinghub, score_page

DATASET = Path(__file__).resolve().parents[1].parent / "shared" / "bench" / "extraction" / "scrapinghub"
F1_FLOOR = 0.976
PRECISION_FLOOR = 0.974
RECALL_FLOOR = 0.978


@pytest.mark.slow
def test_extraction_quality_floor() -> None:
    if not (DATASET / "ground-truth.json").is_file():
        pytest.skip(f"benchmark data {DATASET} is not present (../shared/bench from the repo root)")
    pages = load_scrapinghub(DATASET)
    assert len(pages) == 181
    scores = []
    failures = 0
    for page in pages:
        try:
            text: str | None = extract_article(page.html, url=page.url).text
        except ExtractError:
            text, failures = None, failures + 1
        scores.append(score_page(page.expected, text))
    result = aggregate(scores)
    assert failures <= 1
    assert result.f1 >= F1_FLOOR, result
    assert result.precision >= PRECISION_FLOOR, result
    assert result.recall >= RECALL_FLOOR, result
