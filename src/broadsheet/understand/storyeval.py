"""Scores for story clustering against gold labels: B-cubed, pairwise, related-article ranks.

Pure functions of label maps (article id -> cluster id) and ranked lists, shared by the
quality-floor tests and ``benchmarks/stories.py``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PRF:
    precision: float
    recall: float
    f1: float


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def b_cubed(gold: Mapping[str, str], pred: Mapping[str, str]) -> PRF:
    """B-cubed precision, recall and F1 over the articles present in ``gold``."""
    ids = [i for i in gold if i in pred]
    if not ids:
        return PRF(0.0, 0.0, 0.0)
    joint = Counter((gold[i], pred[i]) for i in ids)
    gold_size = Counter(gold[i] for i in ids)
    pred_size = Counter(pred[i] for i in ids)
    p = sum(joint[(gold[i], pred[i])] / pred_size[pred[i]] for i in ids) / len(ids)
    r = sum(joint[(gold[i], pred[i])] / gold_size[gold[i]] for i in ids) / len(ids)
    return PRF(p, r, _f1(p, r))


def pairwise(gold: Mapping[str, str], pred: Mapping[str, str]) -> PRF:
    """Precision/recall/F1 over unordered pairs of articles put in one cluster."""
    ids = [i for i in gold if i in pred]

    def pairs(counts: Counter[object]) -> int:
        return sum(n * (n - 1) // 2 for n in counts.values())

    both = pairs(Counter((gold[i], pred[i]) for i in ids))
    in_gold = pairs(Counter(gold[i] for i in ids))
    in_pred = pairs(Counter(pred[i] for i in ids))
    p = both / in_pred if in_pred else 1.0
    r = both / in_gold if in_gold else 1.0
    return PRF(p, r, _f1(p, r))


@dataclass(frozen=True, slots=True)
class RankScores:
    precision_at_1: float
    mrr: float
    queries: int


def related_scores(gold: Mapping[str, str], ranked: Callable[[str], Sequence[str]]) -> RankScores:
    """P@1 and MRR of same-gold-story neighbours, over articles with a gold sibling.

    ``ranked(article_id)`` returns other article ids, best first. An empty list or one
    without any same-story id scores 0 for that query.
    """
    members: dict[str, int] = defaultdict(int)
    for cluster in gold.values():
        members[cluster] += 1
    hits = 0
    reciprocal = 0.0
    queries = 0
    for article_id, cluster in gold.items():
        if members[cluster] < 2:
            continue
        queries += 1
        for rank, other in enumerate(ranked(article_id), start=1):
            if gold.get(other) == cluster:
                reciprocal += 1.0 / rank
                hits += rank == 1
                break
    if not queries:
        return RankScores(0.0, 0.0, 0)
    return RankScores(hits / queries, reciprocal / queries, queries)
