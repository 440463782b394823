"""Grounded question answering on demo articles: accuracy, declines and speed.

    .venv/bin/python benchmarks/qa.py [--repeat N] [--sweep]

Reads ``tests/data/qa/questions.json``: questions about demo articles, each either
answerable (with a key phrase the answer must contain) or not answered by the article
(must be declined). Prints answer accuracy (answered, and the answer holds the key phrase,
over the answerable questions), decline precision and recall (over the unanswerable
ones), and the median milliseconds per question over ``--repeat`` runs (default 5).
``--sweep`` prints the same figures for a range of ``ANSWER_AT`` thresholds: how the
shipped threshold was chosen.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from broadsheet.understand import qa
from broadsheet.understand.qa import Answer, answer_question

sys.path.insert(0, str(Path(__file__).resolve().parent))
from entities import demo_article

QUESTIONS = Path(__file__).resolve().parents[1] / "tests" / "data" / "qa" / "questions.json"


@dataclass(frozen=True, slots=True)
class Item:
    question: str
    title: str
    text: str
    answerable: bool
    expect: str | None


@dataclass(frozen=True, slots=True)
class Figures:
    accuracy: float
    decline_precision: float
    decline_recall: float
    wrong: tuple[str, ...]


def load_questions() -> list[Item]:
    items = []
    for row in json.loads(QUESTIONS.read_text(encoding="utf-8")):
        title, text = demo_article(row["outlet"], row["slug"])
        items.append(Item(row["question"], title, text, row["answerable"], row.get("expect")))
    return items


def correct(item: Item, answer: Answer) -> bool:
    if not item.answerable:
        return not answer.answered
    assert item.expect is not None
    return answer.answered and item.expect.lower() in answer.text.lower()


def figures(items: Sequence[Item], answer: Callable[[Item], Answer]) -> Figures:
    answers = [answer(item) for item in items]
    answerable = [(i, a) for i, a in zip(items, answers, strict=True) if i.answerable]
    declined = [(i, a) for i, a in zip(items, answers, strict=True) if not a.answered]
    unanswerable = [i for i in items if not i.answerable]
    right = sum(correct(i, a) for i, a in answerable)
    wrong = tuple(
        f"{'ANS' if i.answerable else 'NOT'} {i.question} -> {a.text[:90]}"
        for i, a in zip(items, answers, strict=True)
        if not correct(i, a)
    )
    true_declines = sum(not i.answerable for i, _ in declined)
    return Figures(
        accuracy=right / len(answerable),
        decline_precision=true_declines / len(declined) if declined else 0.0,
        decline_recall=true_declines / len(unanswerable),
        wrong=wrong,
    )


def shipped(item: Item) -> Answer:
    return answer_question(item.question, item.text, title=item.title)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sweep", action="store_true")
    parser.add_argument("--errors", action="store_true", help="list the questions got wrong")
    args = parser.parse_args(argv)
    items = load_questions()
    articles = len({i.text for i in items})
    unanswerable = sum(not i.answerable for i in items)
    print(f"{len(items)} questions on {articles} articles, {unanswerable} not answerable")
    result = figures(items, shipped)
    runs = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        for item in items:
            shipped(item)
        runs.append((time.perf_counter() - start) * 1000 / len(items))
    print(
        f"ANSWER_AT={qa.ANSWER_AT}: accuracy {result.accuracy:.3f}  decline precision "
        f"{result.decline_precision:.3f}  decline recall {result.decline_recall:.3f}  "
        f"{statistics.median(runs):.2f} ms/question"
    )
    if args.errors:
        for line in result.wrong:
            print("  ", line)
    if args.sweep:
        shipped_at = qa.ANSWER_AT
        for step in range(6, 16):
            qa.ANSWER_AT = step / 20
            r = figures(items, shipped)
            print(
                f"  ANSWER_AT={qa.ANSWER_AT:.2f}: accuracy {r.accuracy:.3f}  decline "
                f"precision {r.decline_precision:.3f}  recall {r.decline_recall:.3f}"
            )
        qa.ANSWER_AT = shipped_at
    return 0


if __name__ == "__main__":
    sys.exit(main())
