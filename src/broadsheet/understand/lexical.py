"""Content words and sparse TF-IDF vectors for sentences: the arithmetic of extraction.

A sentence becomes a bag of *content words*: Unicode word runs, case-folded, with
possessives and English stop words dropped and a light suffix strip (``rulings`` ->
``ruling``, ``voted`` -> ``vot``) so inflections meet. Numbers are content words: a figure
is what a reader checks first. Vectors are plain ``dict[str, float]`` scaled to unit
length, so a dot product is a cosine.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence

Vector = dict[str, float]

STOP_WORDS: frozenset[str] = frozenset(
    str.split(
        """
    a about above after again against all almost also although am among an and another any
    are around as at be became because become been before being below between both but by
    can cannot could did do does doing done down during each either else even ever every
    few for from further get gets got had has have having he her here hers herself him
    himself his how however i if in into is it its itself just least less like many me more
    most much my myself neither no nor not now of off often on once one only or other others
    otherwise our ours ourselves out over own per perhaps quite rather really same several
    she should since so some such than that the their theirs them themselves then there
    therefore these they this those though through thus to too toward towards under until
    up upon us very via was we well were what whatever when where whether which while who
    whom whose why will with within without would yet you your yours yourself yourselves
    says said say saying told tell according also mr mrs ms
    """
    )
)

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_POSSESSIVE = re.compile(r"['’]s$|['’]$")
_CONTRACTION = re.compile(r"['’](?:t|re|ve|ll|d|m)$")


def stem(word: str) -> str:
    """A light English suffix strip: enough for ``rulings``/``ruling``, not a lemmatizer."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith("sses"):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if len(word) > 5 and word.endswith("ing"):
        return word[:-3]
    if len(word) > 4 and word.endswith("ed") and not word.endswith("eed"):
        return word[:-2]
    return word


def words(text: str) -> list[str]:
    """Every word of ``text``, case-folded, in order (stop words included)."""
    return [m.group(0).casefold() for m in _WORD.finditer(text)]


def content_words(text: str) -> list[str]:
    """The stemmed content words of ``text``, in order, repeats kept."""
    out: list[str] = []
    for raw in words(text):
        word = _POSSESSIVE.sub("", raw)
        if _CONTRACTION.search(word) or word in STOP_WORDS:
            continue
        if len(word) < 2 and not word.isdigit():
            continue
        out.append(stem(word))
    return out


def idf_table(documents: Iterable[Collection[str]]) -> dict[str, float]:
    """Smoothed inverse document frequency of every term in ``documents``."""
    df: Counter[str] = Counter()
    n = 0
    for doc in documents:
        n += 1
        df.update(set(doc))
    return {term: math.log((1 + n) / (1 + count)) + 1.0 for term, count in df.items()}


def normalise(vec: Mapping[str, float]) -> Vector:
    length = math.sqrt(sum(w * w for w in vec.values()))
    return {t: w / length for t, w in vec.items()} if length else {}


def tfidf(terms: Sequence[str], idf: Mapping[str, float]) -> Vector:
    """Unit-length TF-IDF vector of a bag of terms (log-scaled term frequency)."""
    counts = Counter(terms)
    return normalise({t: (1.0 + math.log(c)) * idf.get(t, 1.0) for t, c in counts.items()})


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Dot product of two unit vectors (their cosine)."""
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(t, 0.0) for t, w in a.items())


def centroid(vectors: Iterable[Mapping[str, float]]) -> Vector:
    """Unit-length mean of ``vectors``."""
    total: dict[str, float] = {}
    for vec in vectors:
        for t, w in vec.items():
            total[t] = total.get(t, 0.0) + w
    return normalise(total)


def coverage(output: Collection[str], source: Collection[str]) -> float:
    """Share of the distinct terms of ``output`` that occur in ``source``."""
    distinct = set(output)
    if not distinct:
        return 0.0
    return len(distinct & set(source)) / len(distinct)
