"""Text to sparse term vectors, with document frequencies learned as the stream goes.

A vector is a plain ``dict[str, float]`` (term -> weight), so it can be stored as JSON
and compared without any numeric library. Terms are:

* words: Unicode ``\\w+`` runs, case-folded, English stop words and one-letter tokens
  dropped, with a light plural strip (``recalls`` -> ``recall``);
* "name-like" words (capitalised inside a sentence, all-caps, or holding a digit) get a
  higher weight: names, places and numbers are what tell two earthquakes apart;
* headline words are weighted up, since a headline names the event;
* for headline-only items, character 4-grams of the words (prefixed ``"\\x01"`` so they
  never collide with words), which match spelling and inflection variants.

IDF comes from :class:`DocFreq`, updated with every document seen, so no corpus is
needed up front and the vocabulary of the stream itself decides what is rare.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

Vector = dict[str, float]
Terms = dict[str, tuple[float, float]]  # term -> (occurrences, highest boost)

_WORD = re.compile(r"\w+")
_NGRAM_PREFIX = "\x01"

STOP_WORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each
    few for from further had has have having he her here hers herself him himself his how
    i if in into is it its itself just me more most my myself no nor not now of off on once
    only or other our ours ourselves out over own same she should so some such than that
    the their theirs them themselves then there these they this those through to too under
    until up very was we were what when where which while who whom why will with would you
    your yours yourself yourselves says said say new one two may might must shall us it's
    ll ve re don didn doesn isn wasn weren won wouldn couldn shouldn
    """.split()
)


@dataclass(frozen=True, slots=True)
class VecConfig:
    """How text becomes a vector. The defaults are the shipped configuration."""

    title_weight: float = 2.0  # headline words count this many times a body word
    name_weight: float = 1.5  # extra factor for name-like words (see module doc)
    body_words: int = 400  # only the lead of a long body: stories are told up front
    ngram_size: int = 4
    ngram_weight: float = 0.5  # share of n-gram mass relative to word mass (headline-only)


def _stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _is_name_like(token: str, sentence_start: bool) -> bool:
    if any(ch.isdigit() for ch in token):
        return True
    if token.isupper() and len(token) > 1:
        return True
    return token[:1].isupper() and not sentence_start


def _shouting(tokens: list[str]) -> bool:
    """True when most words are capitalised (title case), so case says nothing."""
    alpha = [t for t in tokens if t[:1].isalpha()]
    if not alpha:
        return False
    return sum(1 for t in alpha if t[:1].isupper()) > 0.6 * len(alpha)


def _tokens(text: str, limit: int) -> list[tuple[str, bool]]:
    """Words of ``text`` with a flag telling whether each starts a sentence."""
    out: list[tuple[str, bool]] = []
    position = 0
    for match in _WORD.finditer(text):
        gap = text[position : match.start()]
        starts = position == 0 or any(ch in gap for ch in ".!?:;\n\"“‘'")
        out.append((match.group(), starts))
        position = match.end()
        if limit and len(out) >= limit:
            break
    return out


def add_terms(text: str, boost: float, config: VecConfig, terms: Terms, *, limit: int = 0) -> None:
    """Count the words of ``text`` into ``terms``; each term keeps its highest boost."""
    tokens = _tokens(text, limit)
    case_blind = _shouting([t for t, _ in tokens])
    for token, sentence_start in tokens:
        lower = token.casefold()
        if len(lower) < 2 or lower in STOP_WORDS:
            continue
        factor = boost
        if any(ch.isdigit() for ch in token) or (
            not case_blind and _is_name_like(token, sentence_start)
        ):
            factor *= config.name_weight
        term = _stem(lower)
        count, best = terms.get(term, (0.0, 0.0))
        terms[term] = (count + 1.0, max(best, factor))


def ngram_terms(words: Mapping[str, float], config: VecConfig) -> dict[str, float]:
    """Character n-grams of the word terms, scaled to ``ngram_weight`` of the word mass."""
    grams: dict[str, float] = {}
    size = config.ngram_size
    for word, weight in words.items():
        padded = f"<{word}>"
        pieces = (
            [padded]
            if len(padded) <= size
            else [padded[i : i + size] for i in range(len(padded) - size + 1)]
        )
        for piece in pieces:
            key = _NGRAM_PREFIX + piece
            grams[key] = grams.get(key, 0.0) + weight
    word_mass = sum(words.values())
    gram_mass = sum(grams.values())
    if gram_mass:
        scale = config.ngram_weight * word_mass / gram_mass
        grams = {key: w * scale for key, w in grams.items()}
    return grams


def article_terms(title: str, text: str, config: VecConfig) -> dict[str, float]:
    """Term weights of one article before idf: ``(1 + ln tf) * boost``.

    Headline-only items (empty body) also get character n-grams.
    """
    terms: Terms = {}
    add_terms(title, config.title_weight, config, terms)
    has_body = bool(text.strip())
    if has_body:
        add_terms(text, 1.0, config, terms, limit=config.body_words)
    words = {term: (1.0 + math.log(count)) * boost for term, (count, boost) in terms.items()}
    if not has_body and config.ngram_weight > 0:
        words.update(ngram_terms(words, config))
    return words


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
    if len(a) > len(b):
        a, b = b, a
    get = b.get
    return sum(w * get(term, 0.0) for term, w in a.items())


def add_into(target: dict[str, float], vec: Mapping[str, float], scale: float = 1.0) -> None:
    for term, w in vec.items():
        target[term] = target.get(term, 0.0) + scale * w


def norm(vec: Mapping[str, float]) -> float:
    return math.sqrt(sum(w * w for w in vec.values()))
