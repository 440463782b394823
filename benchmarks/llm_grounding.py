"""Grounding pass rate of the LLM backend on the demo articles.

    .venv/bin/python benchmarks/llm_grounding.py [--url URL] [--model NAME] [--limit N]

For each feature (article summary and key points over the demo articles, answers to the
questions of ``tests/data/qa/questions.json``, briefs of the demo stories told by two or
more outlets) it asks the configured OpenAI-compatible endpoint, runs the grounding
check on every sentence the model wrote, and prints: how many results the model wrote
(the rest fell back offline, by reason), the share of the model's sentences that passed
the check, and the median seconds per request. ``--limit`` caps the items per feature.

Without ``--url`` (or ``BROADSHEET_LLM_URL``) it starts the fake server of the tests,
which copies the article's own sentences back: its pass rate checks the plumbing and is
NOT a model's figure.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from broadsheet.demo.golden import GoldenArticle, golden  # noqa: E402
from broadsheet.understand.brief import BriefInput  # noqa: E402
from broadsheet.understand.llm import LlmClient, LlmConfig  # noqa: E402
from broadsheet.understand.llm_features import (  # noqa: E402
    LlmResult,
    answer_with_llm,
    brief_with_llm,
    grounding_pass_rate,
    summarize_with_llm,
)
from entities import demo_article  # noqa: E402

QUESTIONS = REPO / "tests" / "data" / "qa" / "questions.json"
NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)

Job = Callable[[LlmClient], Awaitable[LlmResult[Any]]]


def summary_jobs(articles: Sequence[GoldenArticle]) -> list[Job]:
    def job(a: GoldenArticle) -> Job:
        return lambda client: summarize_with_llm(client, a.title, a.body, language=a.language)

    return [job(a) for a in articles]


def answer_jobs() -> list[Job]:
    jobs: list[Job] = []
    for row in json.loads(QUESTIONS.read_text(encoding="utf-8")):
        title, text = demo_article(row["outlet"], row["slug"])

        def job(client: LlmClient, q: str = row["question"], t: str = title, x: str = text) -> Any:
            return answer_with_llm(client, q, x, title=t)

        jobs.append(job)
    return jobs


def brief_jobs(articles: Sequence[GoldenArticle]) -> list[Job]:
    stories: dict[str, list[BriefInput]] = {}
    for n, a in enumerate(articles):
        if a.event is not None:
            item = BriefInput(str(n), a.title, a.body, source=a.outlet_name, published=a.published)
            stories.setdefault(a.event, []).append(item)

    def job(items: list[BriefInput]) -> Job:
        return lambda client: brief_with_llm(client, items)

    return [job(items) for _, items in sorted(stories.items()) if len(items) > 1]


async def run(config: LlmConfig, features: dict[str, list[Job]]) -> None:
    async with LlmClient(config) as client:
        for name, jobs in features.items():
            results: list[LlmResult[Any]] = []
            seconds: list[float] = []
            for job in jobs:
                start = time.perf_counter()
                results.append(await job(client))
                seconds.append(time.perf_counter() - start)
            report(name, results, seconds)


def report(name: str, results: Sequence[LlmResult[Any]], seconds: Sequence[float]) -> None:
    by_llm = sum(r.backend == "llm" for r in results)
    reasons = Counter(r.fallback_reason or "not asked" for r in results if r.backend != "llm")
    checked = sum(r.checked for r in results)
    passed = checked - sum(r.flagged for r in results)
    rate = grounding_pass_rate(results)
    shown = f"{rate:.1%}" if rate is not None else "n/a"
    print(
        f"{name:8} items {len(results):3}  written by the model {by_llm:3}  "
        f"fallbacks {dict(reasons) or '{}'}"
    )
    print(
        f"{'':8} sentences checked {checked:4}  passed {passed:4}  pass rate {shown}  "
        f"median {statistics.median(seconds) if seconds else 0:.2f} s/request"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default=os.environ.get("BROADSHEET_LLM_URL", ""))
    parser.add_argument("--model", default=os.environ.get("BROADSHEET_LLM_MODEL", ""))
    parser.add_argument("--limit", type=int, default=None, help="items per feature")
    parser.add_argument("--timeout", type=float, default=300.0)
    parser.add_argument("--max-tokens", type=int, default=300)
    parser.add_argument("--features", default="summary,answer,brief")
    args = parser.parse_args(argv)
    articles = golden(NOW)
    every = {
        "summary": summary_jobs(articles),
        "answer": answer_jobs(),
        "brief": brief_jobs(articles),
    }
    features = {k: every[k][: args.limit] for k in args.features.split(",")}
    with ExitStack() as stack:
        url = args.url
        if not url:
            from tests.support.openai_server import openai_server  # noqa: PLC0415

            url = stack.enter_context(openai_server()).url
            print("endpoint: the FAKE server of the tests (it echoes the article's sentences);")
            print("          its pass rate checks the plumbing and is NOT a model's figure")
        else:
            print(f"endpoint: {url}  model: {args.model or '(server default)'}")
        config = LlmConfig(
            url=url,
            model=args.model,
            timeout=args.timeout,
            max_tokens=args.max_tokens,
            concurrency=1,
            temperature=0.0,
        )
        asyncio.run(run(config, features))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
