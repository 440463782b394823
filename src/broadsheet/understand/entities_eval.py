"""Scoring entity recognition against hand annotations, and the baseline it must beat.

An annotation lists, for one article, every distinct name the article uses with its kind
(``{"text": "Victor Lesage", "kind": "person", "aliases": ["Lesage"]}``); the aliases are
the other surface forms of the same entity in that article. Scoring compares *sets* of
``(surface form, kind)`` per article: a name counts once however often it occurs, and a
name found with the wrong kind is both a false positive (for the kind given) and a false
negative (for the kind annotated). Surface forms are compared case-folded, with a leading
"the" and typographic apostrophes normalised.

:func:`capitalised_baseline` is the heuristic the issue asks us to beat: runs of
capitalised words, the first word dropped at a sentence start, typed by a handful of cues.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from broadsheet.understand.entities import KINDS, Kind, Mention
from broadsheet.understand.sentences import split_sentences

_WORD = re.compile(r"[^\W_](?:\w|[’'\-.](?=\w))*")
_BASELINE_ORG = frozenset(
    {"council", "ltd", "bank", "university", "union", "agency", "ministry", "inc", "company"}
    | {"party", "court", "police"}
)
_BASELINE_PLACE_CUES = frozenset({"in", "at", "near", "from"})


def normalise(surface: str) -> str:
    text = surface.replace("’", "'").casefold().strip()
    text = re.sub(r"^the\s+", "", text)
    return re.sub(r"'s$", "", text)


def gold_pairs(entities: Iterable[Mapping[str, object]]) -> set[tuple[str, str]]:
    """Every ``(normalised surface, kind)`` an annotation holds, aliases included."""
    pairs: set[tuple[str, str]] = set()
    for entity in entities:
        kind = str(entity["kind"])
        aliases = entity.get("aliases", [])
        assert isinstance(aliases, list)
        for surface in [str(entity["text"]), *map(str, aliases)]:
            pairs.add((normalise(surface), kind))
    return pairs


def predicted_pairs(mentions: Iterable[Mention]) -> set[tuple[str, str]]:
    return {(normalise(m.text), m.kind) for m in mentions}


@dataclass(frozen=True, slots=True)
class Score:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score(
    articles: Sequence[tuple[set[tuple[str, str]], set[tuple[str, str]]]],
) -> dict[str, Score]:
    """Micro-averaged scores per kind and over all kinds, from (predicted, gold) pairs."""
    totals: dict[str, list[int]] = {k: [0, 0, 0] for k in (*KINDS, "all")}
    for predicted, gold in articles:
        for kind in KINDS:
            p = {s for s, k in predicted if k == kind}
            g = {s for s, k in gold if k == kind}
            for key in (kind, "all"):
                totals[key][0] += len(p & g)
                totals[key][1] += len(p - g)
                totals[key][2] += len(g - p)
    return {k: Score(*v) for k, v in totals.items()}


def capitalised_baseline(text: str, language: str | None = "en") -> list[Mention]:
    """Consecutive capitalised words not at a sentence start, typed by simple cues.

    A run ending in a word such as *Council* or *Bank* is an organisation, a run after
    *in*/*at*/*near*/*from* a place, anything else a person.
    """
    starts = {s.start for s in split_sentences(text, language)}
    words = list(_WORD.finditer(text))
    mentions: list[Mention] = []
    i = 0
    while i < len(words):
        j = i
        while j < len(words) and words[j].group(0)[0].isupper():
            if j > i and text[words[j - 1].end() : words[j].start()] != " ":
                break
            j += 1
        if j == i:
            i += 1
            continue
        first = i + 1 if words[i].start() in starts else i
        if first < j:
            start, end = words[first].start(), words[j - 1].end()
            surface = re.sub(r"[’']s$", "", text[start:end])
            last = surface.split()[-1].lower()
            previous = words[first - 1].group(0).lower() if first > 0 else ""
            kind: Kind = "person"
            if last in _BASELINE_ORG:
                kind = "organisation"
            elif previous in _BASELINE_PLACE_CUES:
                kind = "place"
            mentions.append(Mention(surface, kind, start, start + len(surface)))
        i = j
    return mentions
