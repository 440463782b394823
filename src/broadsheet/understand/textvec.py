"""Text to sparse term vectors, with document frequencies learned as the stream goes.

A vector is a plain ``dict[str, float]`` (term -> weight), so it can be stored as JSON
and compared without any numeric library. Terms are:

* words: Unicode ``\\w+`` runs, case-folded, English stop words and one-letter tokens
  dropped, with a light plural strip (``recalls`` -> ``recall``);
* "name-like" words (capitalised inside a sentence, all-caps, or holding a digit that is
  not a day or a year) get ``name_weight``: names, places and numbers are what tell two
  earthquakes apart;
* headline words can be weighted up (``title_weight``). The default leaves them at 1:
  they usually recur in the lead anyway. The story clusterer doubles them in dated
  articles, where it helps short leads (AllSides), dated full texts (ECB+ with made-up
  times) and the demo alike; on undated ECB+ texts it costs precision.

IDF comes from :class:`DocFreq`, updated with every document seen, so no corpus is
needed up front and the vocabulary of the stream itself decides what is rare.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

Vector = dict[str, float]
Terms = dict[str, tuple[int, bool, bool]]  # term -> (occurrences, in headline, name-like)

_TOKEN = re.compile(r"(\w+)|([.!?:;\n\"“‘])")  # words, and marks that start a sentence

_STOP_LIST = """
    a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each
    few for from further had has have having he her here hers herself him himself his how
    i if in into is it its itself just me more most my myself no nor not now of off on once
    only or other our ours ourselves out over own same she should so some such than that
    the their theirs them themselves then there these they this those through to too under
    until up very was we were what when where which while who whom why will with would you
    your yours yourself yourselves says said say new one two may might must shall us
    ll ve re don didn doesn isn wasn weren won wouldn couldn shouldn
"""
STOP_WORDS = frozenset(_STOP_LIST.split())

# Calendar words say when, not what: they are kept as terms but never boosted as names.
_CALENDAR_LIST = """
    january february march april june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday
    friday saturday sunday mon tue tues wed thu thur thurs fri sat sun today yesterday
    tomorrow am pm gmt utc est edt pst pdt bst cet updated published
"""
CALENDAR_WORDS = frozenset(_CALENDAR_LIST.split())


def _is_calendar(lower: str) -> bool:
    if lower in CALENDAR_WORDS:
        return True
    return lower.isdigit() and (len(lower) <= 2 or (len(lower) == 4 and lower[:2] in ("19", "20")))


@dataclass(frozen=True, slots=True)
class VecConfig:
    """How text becomes a vector. The defaults are the shipped configuration."""

    title_weight: float = 1.0  # headline words count this many times a body word
    name_weight: float = 2.0  # extra factor for name-like words (see module doc)
    body_words: int = 400  # only the lead of a long body: stories are told up front


def _stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _shouting(words: list[str]) -> bool:
    """True when most words are capitalised (title case), so case says nothing."""
    alpha = [w for w in words if w[0].isalpha()]
    return bool(alpha) and sum(1 for w in alpha if w[0].isupper()) > 0.6 * len(alpha)


def add_terms(
    text: str, config: VecConfig, terms: Terms, *, headline: bool, limit: int = 0
) -> None:
    """Count the words of ``text`` into ``terms``, noting headline and name-like use.

    A word is name-like when it holds a digit, is all capitals, or is capitalised without
    starting a sentence. Capitalisation in a headline is house style, so only digits count
    there; calendar words are never name-like.
    """
    pieces = _TOKEN.findall(text)
    words = [w for w, _ in pieces if w]
    if limit and len(words) > limit:
        words = words[:limit]
    case_blind = headline or _shouting(words)
    sentence_start = True
    seen = 0
    for word, _mark in pieces:
        if not word:
            sentence_start = True
            continue
        seen += 1
        if limit and seen > limit:
            break
        initial = sentence_start
        sentence_start = False
        lower = word.casefold()
        if len(lower) < 2 or lower in STOP_WORDS:
            continue
        if word.isalpha():
            name = not case_blind and (
                (word[0].isupper() and not initial) or (word.isupper() and len(word) > 1)
            )
        else:
            name = not _is_calendar(lower)
        if name and lower in CALENDAR_WORDS:
            name = False
        term = _stem(lower)
        entry = terms.get(term)
        if entry is None:
            terms[term] = (1, headline, name)
        else:
            terms[term] = (entry[0] + 1, entry[1] or headline, entry[2] or name)


def article_terms(title: str, text: str, config: VecConfig) -> dict[str, float]:
    """Term weights of one article before idf: ``(1 + ln tf) * boosts``."""
    terms: Terms = {}
    add_terms(title, config, terms, headline=True)
    has_body = bool(text.strip())
    if has_body:
        add_terms(text, config, terms, headline=False, limit=config.body_words)
    title_w, name_w = config.title_weight, config.name_weight
    return {
        term: (1.0 + math.log(count)) * (title_w if in_title else 1.0) * (name_w if name else 1.0)
        for term, (count, in_title, name) in terms.items()
    }


@dataclass(slots=True)
class DocFreq:
    """Document frequencies of terms, learned from the stream so far."""

    docs: int = 0
    df: dict[str, int] = field(default_factory=dict)

    def add(self, terms: Iterable[str]) -> None:
        self.docs += 1
        df = self.df
        for term in terms:
            df[term] = df.get(term, 0) + 1

    def idf(self, term: str) -> float:
        return math.log((1 + self.docs) / (1 + self.df.get(term, 0))) + 1.0


def weigh(terms: Mapping[str, float], docfreq: DocFreq) -> Vector:
    """Term weights times idf, unit length. An empty input gives an empty vector."""
    idf = docfreq.idf
    return normalise({term: w * idf(term) for term, w in terms.items()})


def normalise(vec: Vector) -> Vector:
    norm = math.sqrt(sum(w * w for w in vec.values()))
    if norm == 0:
        return {}
    return {term: w / norm for term, w in vec.items()}


def dot(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    return math.fsum([a[term] * b[term] for term in a.keys() & b.keys()])  # order-free sum


def add_into(target: dict[str, float], vec: Mapping[str, float], scale: float = 1.0) -> None:
    for term, w in vec.items():
        target[term] = target.get(term, 0.0) + scale * w


def norm(vec: Mapping[str, float]) -> float:
    return math.sqrt(sum(w * w for w in vec.values()))
