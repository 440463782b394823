"""Story clustering, related articles and near-duplicate detection on the shared bench.

    python benchmarks/stories.py [FILE.jsonl ...] [--repeat N] [--no-neardup]
                                 [--stamp-undated MINUTES]

Without files it runs every ``*.jsonl`` under ``../shared/bench/clustering``. For each
file it clusters the stream with :func:`assign_jsonl` and scores the *printed* output
against the gold ``cluster`` field (B-cubed and pairwise precision/recall/F1); then
ranks, for every article with a gold sibling, the other articles by ``related()``
(P@1: the first is from the same gold story; MRR of the first same-story hit).

Speed is articles per second of the clustering alone (reading, embedding, clustering,
printing), the median of ``--repeat`` runs, by the wall clock and by process CPU time
(the second is steadier on a machine shared with other work). The dense model is loaded
once per process before the first run, its load time printed apart; the words it
remembers are forgotten before every run, so each run is timed cold.
Memory is the peak of Python allocations during one clustering run, measured by
``tracemalloc`` in a separate run (tracing slows the code, so it is never timed), and the
process's peak resident set size from ``resource.getrusage`` at the end (everything the
process held, interpreter, model and data included).

``--stamp-undated MINUTES`` gives records without a date (ECB+) times MINUTES apart in
stream order: a stress test that puts ECB+'s look-alike events in one time window, where
the clusterer lets dense vectors vote (it does not for undated articles).

The near-duplicate section makes perturbed copies of the ECB+ full texts (new headline,
added paragraph, trimmed paragraph, other page furniture, all three at once), feeds the
originals and then the copies to :class:`NearDuplicateIndex`, and reports precision and
recall of "this copy duplicates its original", per perturbation.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import resource
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from broadsheet.understand import embed
from broadsheet.understand.neardup import NearDupConfig, NearDuplicateIndex, shingles
from broadsheet.understand.stories import StoryClusterer, assign_jsonl
from broadsheet.understand.storyeval import b_cubed, pairwise, related_scores

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT.parent / "shared" / "bench" / "clustering"


def _stamped(records: list[dict[str, object]], minutes: float) -> list[dict[str, object]]:
    start = datetime(2024, 1, 1, tzinfo=UTC)
    return [
        r
        if r.get("published")
        else {**r, "published": (start + i * timedelta(minutes=minutes)).isoformat()}
        for i, r in enumerate(records)
    ]


def cluster_file(path: Path, repeat: int, stamp: float = 0.0) -> dict[str, float | int | str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines if line.strip()]
    name = path.stem
    if stamp and any(not r.get("published") for r in records):
        records = _stamped(records, stamp)
        lines = [json.dumps(r) for r in records]
        name += "*"
    gold = {str(r["id"]): str(r["cluster"]) for r in records}

    timings = []
    cpu_timings = []
    clusterer: StoryClusterer | None = None
    printed = ""
    for _ in range(repeat):
        embed.wordllama().clear()  # each run starts cold, as a fresh process would
        out = io.StringIO()
        start, cpu_start = time.perf_counter(), time.process_time()
        clusterer = assign_jsonl(lines, out)
        timings.append(time.perf_counter() - start)
        cpu_timings.append(time.process_time() - cpu_start)
        printed = out.getvalue()
    assert clusterer is not None
    pred = {}
    for line in printed.splitlines():
        row = json.loads(line)
        pred[row["id"]] = row["story"]

    embed.wordllama().clear()
    tracemalloc.start()
    assign_jsonl(lines, io.StringIO())
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    bcubed = b_cubed(gold, pred)
    pairs = pairwise(gold, pred)
    ranks = related_scores(gold, lambda a: [other for other, _ in clusterer.related(a, 5)])
    return {
        "file": name,
        "articles": len(records),
        "stories": len(set(pred.values())),
        "gold": len(set(gold.values())),
        "b3_p": bcubed.precision,
        "b3_r": bcubed.recall,
        "b3_f1": bcubed.f1,
        "pair_f1": pairs.f1,
        "p_at_1": ranks.precision_at_1,
        "mrr": ranks.mrr,
        "per_s": len(records) / statistics.median(timings),
        "per_cpu_s": len(records) / statistics.median(cpu_timings),
        "peak_mib": peak / 2**20,
    }


# -- near-duplicates ------------------------------------------------------------------

FURNITURE_TOP = "By Staff Writer | Updated 3:45 PM | Share on Facebook Share on Twitter Email"
FURNITURE_END = (
    "Copyright 2013 The Daily Courier. All rights reserved. This material may not be "
    "published, broadcast, rewritten or redistributed. Related: Most read stories today."
)


def _sentences(text: str) -> list[str]:
    return [s.strip() + "." for s in text.replace("\n", " ").split(". ") if s.strip()]


def perturbations(rng: random.Random, filler: list[str]) -> dict[str, Callable[[str, str], str]]:
    def new_headline(title: str, body: str) -> str:
        return f"UPDATE 2-{title.upper()} (wire)\n\n{body}"

    def added_paragraph(title: str, body: str) -> str:
        return f"{title}\n\n{body}\n\n{rng.choice(filler)}"

    def trimmed(title: str, body: str) -> str:
        sentences = _sentences(body)
        keep = max(1, round(len(sentences) * 0.75))
        return f"{title}\n\n{' '.join(sentences[:keep])}"

    def furniture(title: str, body: str) -> str:
        return f"{FURNITURE_TOP}\n\n{title}\n\n{body}\n\n{FURNITURE_END}"

    def all_three(title: str, body: str) -> str:
        return furniture(f"Breaking: {title}", trimmed("", body).strip())

    return {
        "new headline": new_headline,
        "added paragraph": added_paragraph,
        "trimmed paragraph": trimmed,
        "other furniture": furniture,
        "all at once": all_three,
    }


def _true_copy(a: str, b: str, config: NearDupConfig) -> bool:
    """The exact version of the test the index approximates with MinHash."""
    sa, sb = shingles(a, config.shingle), shingles(b, config.shingle)
    if min(len(sa), len(sb)) < config.min_shingles:
        return False
    shared = len(sa & sb)
    return (
        shared / len(sa | sb) >= config.jaccard
        or shared / min(len(sa), len(sb)) >= config.containment
    )


def neardup_report(path: Path) -> tuple[list[tuple[str, float, float, int]], float]:
    """(perturbation, precision, recall, copies) rows, and texts indexed per CPU second.

    The first row is the corpus itself.

    A copy is found when it is matched to its original or to a text that truly copies the
    original (exact shingle test); any other match is a false positive. For the corpus
    row, every pair the index reports is checked with the exact test.
    """
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    records = [r for r in records if len(str(r["text"]).split()) >= 60]
    texts = {str(r["id"]): f"{r['title']}\n\n{r['text']}" for r in records}
    config = NearDupConfig()
    base = NearDuplicateIndex(config)
    start = time.process_time()
    reported = {doc_id: base.add(doc_id, text) for doc_id, text in texts.items()}
    speed = len(texts) / (time.process_time() - start)
    pairs = [(a, b) for a, b in reported.items() if b is not None]
    exact = sum(1 for a, b in pairs if _true_copy(texts[a], texts[b], config))
    truly = sum(
        1
        for i, a in enumerate(texts)
        if any(_true_copy(texts[a], texts[b], config) for b in list(texts)[:i])
    )
    rows = [
        (
            "(corpus, no edits)",
            exact / len(pairs) if pairs else 1.0,
            exact / truly if truly else 1.0,
            truly,
        )
    ]

    rng = random.Random(7)
    filler = [" ".join(_sentences(str(r["text"]))[:2]) for r in records]
    for name, perturb in perturbations(rng, filler).items():
        index = NearDuplicateIndex(config)
        for doc_id, text in texts.items():
            index.add(doc_id, text)
        hits = wrong = 0
        for r in records:
            source = str(r["id"])
            copy = perturb(str(r["title"]), str(r["text"]))
            match = index.add(f"{source}~copy", copy)
            if match is None:
                continue
            matched = match.removesuffix("~copy")  # a copy of a true copy is fine too
            if matched == source or _true_copy(texts[matched], texts[source], config):
                hits += 1
            else:
                wrong += 1
        flagged = hits + wrong
        rows.append((name, hits / flagged if flagged else 1.0, hits / len(records), len(records)))
    return rows, speed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per file (median)")
    parser.add_argument("--no-neardup", action="store_true")
    parser.add_argument(
        "--stamp-undated", type=float, default=0.0, metavar="MINUTES", help="see the doc"
    )
    args = parser.parse_args(argv)
    files = args.files or sorted(BENCH.glob("*.jsonl"))
    if not files:
        print(f"no bench files (looked in {BENCH})", file=sys.stderr)
        return 2

    start = time.perf_counter()
    model = embed.wordllama()
    loaded = time.perf_counter() - start
    print(f"dense model: WordLlama, {model.dim} dimensions, loaded in {loaded:.2f} s")
    header = (
        f"{'file':<14}{'n':>6}{'pred':>6}{'gold':>6}{'B3-P':>7}{'B3-R':>7}{'B3-F1':>7}"
        f"{'pairF1':>8}{'P@1':>7}{'MRR':>7}{'art/s':>7}{'/cpu-s':>7}{'peakMiB':>8}"
    )
    print(header)
    for path in files:
        r = cluster_file(path, args.repeat, args.stamp_undated)
        print(
            f"{r['file']:<14}{r['articles']:>6}{r['stories']:>6}{r['gold']:>6}"
            f"{r['b3_p']:>7.3f}{r['b3_r']:>7.3f}{r['b3_f1']:>7.3f}{r['pair_f1']:>8.3f}"
            f"{r['p_at_1']:>7.3f}{r['mrr']:>7.3f}{r['per_s']:>7.0f}{r['per_cpu_s']:>7.0f}"
            f"{r['peak_mib']:>8.1f}",
            flush=True,
        )
    rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process peak RSS (getrusage ru_maxrss): {rss_mib:.0f} MiB")

    ecb = next((p for p in files if p.stem.startswith("ecbplus")), None)
    if ecb is not None and not args.no_neardup:
        rows, speed = neardup_report(ecb)
        print(f"\nnear-duplicates: perturbed copies of {ecb.name} texts (>= 60 words)")
        print(f"{'perturbation':<20}{'precision':>10}{'recall':>8}{'copies':>8}")
        for name, precision, recall, n in rows:
            print(f"{name:<20}{precision:>10.3f}{recall:>8.3f}{n:>8}")
        print(f"indexing speed: {speed:.0f} texts per CPU second")
    return 0


if __name__ == "__main__":
    sys.exit(main())
