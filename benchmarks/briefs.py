"""ROUGE of story briefs on the NeuS/AllSides roundups, with baselines, and summary speed.

    .venv/bin/python benchmarks/briefs.py [FILE.jsonl] [--sweep]

FILE defaults to ../shared/bench/summaries/neus_allsides_dev.jsonl (from the repo root).
Prints ROUGE-1/2/L F1 (rouge-score, Porter stemmer) of ``brief_story`` and, in the same
run, of three baselines: lead-3 of the concatenated articles, the first sentence of each
article, and a TF-IDF centroid ranking cut at the brief's own length. Also prints the
share of brief sentences that are grounded in the articles they cite, and the CPU time of
``summarize_article`` on the 300–800-word articles of the extraction benchmark.
``--sweep`` adds the other configurations that were tried.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from rouge_score import rouge_scorer  # type: ignore[import-untyped]

from broadsheet.understand import lexical
from broadsheet.understand.brief import BriefConfig, BriefInput, brief_story
from broadsheet.understand.sentences import split_sentences
from broadsheet.understand.summarize import is_grounded, summarize_article

BENCH = Path(__file__).resolve().parents[1].parent / "shared" / "bench"
DEFAULT_FILE = BENCH / "summaries" / "neus_allsides_dev.jsonl"
EXTRACTION = BENCH / "extraction" / "scrapinghub" / "ground-truth.json"

Story = list[BriefInput]
System = Callable[[Story], str]


def load(path: Path) -> tuple[list[Story], list[str]]:
    stories: list[Story] = []
    refs: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        stories.append(
            [
                BriefInput(id=str(i), title=a.get("title") or "", text=a.get("text") or "")
                for i, a in enumerate(row["articles"])
            ]
        )
        refs.append(row["reference"])
    return stories, refs


def lead3(story: Story) -> str:
    sents = [s.text for a in story for s in split_sentences(a.text)]
    return " ".join(sents[:3])


def first_of_each(story: Story) -> str:
    return " ".join(ss[0].text for a in story if (ss := split_sentences(a.text)))


def centroid_at(length: int, story: Story) -> str:
    """Sentences ranked by TF-IDF cosine to the centroid, cut at ``length`` words."""
    sents = [s.text for a in story for s in split_sentences(a.text)]
    bags = [lexical.content_words(s) for s in sents]
    idf = lexical.idf_table(bags)
    vecs = [lexical.tfidf(b, idf) for b in bags]
    center = lexical.centroid(vecs)
    ranked = sorted(range(len(sents)), key=lambda i: (-lexical.cosine(vecs[i], center), i))
    words = [w for i in ranked for w in sents[i].split()]
    return " ".join(words[:length])


def rouge(outputs: Sequence[str], refs: Sequence[str]) -> tuple[float, float, float]:
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    totals = [0.0, 0.0, 0.0]
    for out, ref in zip(outputs, refs, strict=True):
        scores = scorer.score(ref, out)
        for k, name in enumerate(("rouge1", "rouge2", "rougeL")):
            totals[k] += scores[name].fmeasure
    n = len(refs)
    return (100 * totals[0] / n, 100 * totals[1] / n, 100 * totals[2] / n)


def row(name: str, outputs: Sequence[str], refs: Sequence[str]) -> None:
    r1, r2, rl = rouge(outputs, refs)
    words = statistics.mean(len(o.split()) for o in outputs)
    print(f"{name:<34} {r1:6.1f} {r2:6.1f} {rl:6.1f} {words:7.1f}")


def grounded_share(stories: Sequence[Story], config: BriefConfig) -> tuple[float, float]:
    """Share of brief sentences grounded in the article they come from, and mean citations."""
    ok = total = cites = 0
    for story in stories:
        texts = {a.id: f"{a.title}\n\n{a.text}" for a in story}
        for sent in brief_story(story, config=config).sentences:
            total += 1
            cites += len(sent.citations)
            ok += is_grounded(sent.text, [texts[c] for c in sent.citations[:1]])
    return ok / max(1, total), cites / max(1, total)


def summary_speed() -> None:
    if not EXTRACTION.exists():
        print(f"(no {EXTRACTION}: summary speed not measured)")
        return
    data = json.loads(EXTRACTION.read_text(encoding="utf-8"))
    bodies = [
        v["articleBody"] for v in data.values() if 300 <= len(v["articleBody"].split()) <= 800
    ]
    runs: list[float] = []
    for _ in range(3):
        start = time.process_time()
        for body in bodies:
            summarize_article(None, body)
        runs.append(1000 * (time.process_time() - start) / len(bodies))
    words = statistics.median(len(b.split()) for b in bodies)
    print(
        f"summarize_article: {statistics.median(runs):.1f} ms CPU/article (median of 3 runs; "
        f"{len(bodies)} articles of 300-800 words, median {words:.0f}, extraction benchmark)"
    )


SWEEP = {
    "word budget 40": BriefConfig(word_budget=40),
    "word budget 60": BriefConfig(word_budget=60),
    "word budget 70": BriefConfig(word_budget=70),
    "no consensus (words) term": BriefConfig(consensus_weight=0.0),
    "no agreement (sentences) term": BriefConfig(agreement_weight=0.0),
    "neither agreement term": BriefConfig(consensus_weight=0.0, agreement_weight=0.0),
    "no lead prior": BriefConfig(lead_weight=0.0),
    "no headline term": BriefConfig(title_weight=0.0),
}


def brief_speed(stories: Sequence[Story]) -> None:
    runs: list[float] = []
    for _ in range(3):
        start = time.process_time()
        for story in stories:
            brief_story(story)
        runs.append(1000 * (time.process_time() - start) / len(stories))
    print(f"brief_story: {statistics.median(runs):.2f} ms CPU/story (median of 3 runs)")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--sweep", action="store_true", help="also score other configurations")
    args = parser.parse_args(argv)
    if not args.file.exists():
        print(f"no such file: {args.file}", file=sys.stderr)
        return 2
    stories, refs = load(args.file)
    config = BriefConfig()
    briefs = [" ".join(s.text for s in brief_story(st).sentences) for st in stories]
    print(f"{len(stories)} stories from {args.file.name}; ROUGE F1 x100, mean output words")
    print(f"{'system':<34} {'R-1':>6} {'R-2':>6} {'R-L':>6} {'words':>7}")
    row("brief_story (shipped)", briefs, refs)
    row("lead-3", [lead3(s) for s in stories], refs)
    row("first sentence of each", [first_of_each(s) for s in stories], refs)
    lengths = [len(b.split()) for b in briefs]
    row(
        "TF-IDF centroid (brief's length)",
        [centroid_at(n, s) for n, s in zip(lengths, stories, strict=True)],
        refs,
    )
    grounded, cites = grounded_share(stories, config)
    print(f"brief sentences grounded: {100 * grounded:.1f}%, mean citations {cites:.2f}")
    if args.sweep:
        print("other configurations tried:")
        for name, cfg in SWEEP.items():
            outs = [
                " ".join(s.text for s in brief_story(st, config=cfg).sentences) for st in stories
            ]
            row(f"  {name}", outs, refs)
    brief_speed(stories)
    summary_speed()
    return 0


if __name__ == "__main__":
    sys.exit(main())
