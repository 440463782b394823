"""Extraction against the sample world: every article page, fetched over loopback, must
yield its headline, byline, date and body, and none of the furniture around it."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest

from broadsheet.demo import DemoServer, GoldenArticle, golden
from broadsheet.ingest.extract import extract_article
from broadsheet.model import Extracted

NOW = datetime(2025, 3, 14, 12, 0, tzinfo=UTC)
GOLDEN = golden(NOW)
F1_FLOOR = 0.9  # token 4-shingle F1 of one page's body against its golden body
MEAN_F1_FLOOR = 0.95  # the same, averaged over every page


def shingles(text: str, size: int = 4) -> Counter[tuple[str, ...]]:
    tokens = re.findall(r"\w+", text.casefold())
    return Counter(tuple(tokens[i : i + size]) for i in range(max(len(tokens) - size + 1, 0)))


def shingle_f1(found: str, expected: str) -> float:
    got, want = shingles(found), shingles(expected)
    overlap = sum((got & want).values())
    if not overlap:
        return 0.0
    precision = overlap / sum(got.values())
    recall = overlap / sum(want.values())
    return 2 * precision * recall / (precision + recall)


def normalise(text: str | None) -> str:
    return " ".join((text or "").split())


def article_text(extracted: Extracted, article: GoldenArticle) -> str:
    """The extracted text less the standfirst and caption, which sit outside the golden
    body but are fair for an extractor to keep."""
    optional = {normalise(article.standfirst), normalise(article.caption)}
    paragraphs = [p for p in extracted.text.split("\n\n") if normalise(p) not in optional]
    return "\n\n".join(paragraphs)


@pytest.fixture(scope="module")
def extracted() -> Iterator[dict[str, Extracted]]:
    with DemoServer(now=NOW) as world, httpx.Client(timeout=10) as client:
        results = {}
        for article in GOLDEN:
            response = client.get(world.url_for(article))
            response.raise_for_status()
            results[page_id(article)] = extract_article(
                response.content, url=world.url_for(article)
            )
        yield results


# Where the extractor is known to fall short of the golden record today. Each entry is
# (check, outlet or outlet+path) → why. The marks are strict: when the extractor gets it
# right the test XPASSes and fails, and the entry must be removed (the floor goes up).
KNOWN_GAPS: dict[tuple[str, str], str] = {}


def page_id(article: GoldenArticle) -> str:
    return article.outlet + article.path


def cases(check: str) -> list[object]:
    params: list[object] = []
    for article in GOLDEN:
        reason = KNOWN_GAPS.get((check, page_id(article))) or KNOWN_GAPS.get(
            (check, article.outlet)
        )
        marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
        params.append(pytest.param(article, id=page_id(article), marks=marks))
    return params


@pytest.mark.parametrize("article", cases("title"))
def test_title(article: GoldenArticle, extracted: dict[str, Extracted]) -> None:
    assert normalise(extracted[page_id(article)].title) == normalise(article.title)


@pytest.mark.parametrize("article", cases("byline"))
def test_byline(article: GoldenArticle, extracted: dict[str, Extracted]) -> None:
    byline = extracted[page_id(article)].byline
    assert byline is not None, "no byline found"
    for author in article.authors:
        assert author.casefold() in byline.casefold(), (author, byline)


@pytest.mark.parametrize("article", cases("published"))
def test_published(article: GoldenArticle, extracted: dict[str, Extracted]) -> None:
    published = extracted[page_id(article)].published
    assert published is not None, "no publication date found"
    assert published.astimezone(UTC) == article.published


@pytest.mark.parametrize("article", cases("body"))
def test_body(article: GoldenArticle, extracted: dict[str, Extracted]) -> None:
    result = extracted[page_id(article)]
    f1 = shingle_f1(article_text(result, article), article.body)
    assert f1 >= F1_FLOOR, f"body F1 {f1:.3f}:\n{result.text}"


@pytest.mark.parametrize("article", cases("furniture"))
def test_no_furniture(article: GoldenArticle, extracted: dict[str, Extracted]) -> None:
    text = extracted[page_id(article)].text
    leaked = [piece for piece in article.furniture if piece in text]
    assert not leaked, f"furniture in the extracted text: {leaked}"


def test_mean_body_f1_over_the_world(extracted: dict[str, Extracted]) -> None:
    scores = [shingle_f1(article_text(extracted[page_id(a)], a), a.body) for a in GOLDEN]
    assert sum(scores) / len(scores) >= MEAN_F1_FLOOR


def test_shingle_f1_measures_overlap() -> None:
    body = "one two three four five six seven eight"
    assert shingle_f1(body, body) == 1.0
    assert shingle_f1("entirely different words here and there", body) == 0.0
    assert 0.0 < shingle_f1("one two three four five cookie banner text", body) < 1.0
