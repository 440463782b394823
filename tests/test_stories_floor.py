"""Quality floors of story clustering and related articles on the shared DEV files.

The floors sit just under the figures measured with the shipped configuration (see
``benchmarks/stories.py``); raise them when the engine improves, never lower them quietly.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from broadsheet.understand.stories import assign_jsonl
from broadsheet.understand.storyeval import b_cubed, related_scores

BENCH = Path(__file__).resolve().parents[1].parent / "shared" / "bench" / "clustering"

# file: (B-cubed F1 floor, related P@1 floor); measured 0.947/0.948, 0.877/0.988,
# 0.871/0.954 (TF-IDF + WordLlama, see docs/benchmarks.md). ECB+'s P@1 floor is the issue's
# bar, one query under the measured figure.
FLOORS = {
    "allsides_dev": (0.937, 0.938),
    "ecbplus_dev": (0.870, 0.987),
    "ucinews_dev": (0.860, 0.945),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(FLOORS))
def test_story_clustering_floor(name: str) -> None:
    path = BENCH / f"{name}.jsonl"
    if not path.exists():
        pytest.skip(f"clustering bench not found at {path}")
    lines = path.read_text(encoding="utf-8").splitlines()
    gold = {}
    for line in lines:
        record = json.loads(line)
        gold[str(record["id"])] = str(record["cluster"])
    out = io.StringIO()
    clusterer = assign_jsonl(lines, out)
    pred = {}
    for line in out.getvalue().splitlines():
        row = json.loads(line)
        pred[row["id"]] = row["story"]
    assert pred.keys() == gold.keys()

    f1_floor, p1_floor = FLOORS[name]
    score = b_cubed(gold, pred)
    assert score.f1 >= f1_floor, f"{name}: B-cubed F1 {score.f1:.3f} < floor {f1_floor}"
    ranks = related_scores(gold, lambda a: [other for other, _ in clusterer.related(a, 5)])
    assert ranks.precision_at_1 >= p1_floor, (
        f"{name}: related P@1 {ranks.precision_at_1:.3f} < floor {p1_floor}"
    )
